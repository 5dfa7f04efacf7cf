// Tables on narrow screens (issue 21 item 7): below 576 px each row of a `.table` shows as a card, each
// cell led by its column's heading, so no column (status, actions) is cut off or scrolled out of sight.
// This script only labels the cells (data-label, from the last header row, colspans counted) and marks the
// table; itisa.css does the layout. It keeps the table's semantics for screen readers (role attributes,
// since display:block drops them). Tables marked `itisa-no-cards`, or without a <thead>, stay tables.
(function () {
  "use strict";

  function headings(table) {
    var rows = table.tHead ? table.tHead.rows : [];
    if (!rows.length) return null;
    var names = [];
    Array.prototype.forEach.call(rows[rows.length - 1].cells, function (th) {
      var text = th.textContent.replace(/\s+/g, " ").trim();
      for (var i = 0; i < (th.colSpan || 1); i++) names.push(text);
    });
    return names;
  }

  // Labels the rows not labelled yet, so it runs again on a table that grew (htmx, a form's "add a line").
  function label(table) {
    if (table.classList.contains("itisa-no-cards")) return;
    var names = headings(table);
    if (!names) return;
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody, tfoot"), function (group) {
      if (group.closest("table") === table) group.setAttribute("role", "rowgroup");
    });
    Array.prototype.forEach.call(table.rows, function (tr) {
      if (tr.getAttribute("role") === "row") return;
      tr.setAttribute("role", "row");
      var column = 0;
      Array.prototype.forEach.call(tr.cells, function (cell) {
        var header = tr.parentNode === table.tHead;
        cell.setAttribute("role", header ? "columnheader" : cell.tagName === "TH" ? "rowheader" : "cell");
        if (!header && (cell.colSpan || 1) === 1 && names[column] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", names[column]);
        }
        column += cell.colSpan || 1;
      });
    });
    table.classList.add("itisa-cards");
  }

  function labelAll(root) {
    Array.prototype.forEach.call(root.querySelectorAll("table.table"), label);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { labelAll(document); });
  } else {
    labelAll(document);
  }
  // htmx swaps in new rows (filters, pagination): label them too; scripts that add rows call label()
  document.addEventListener("htmx:afterSettle", function () { labelAll(document); });
  window.itisaTables = { label: label };
})();
