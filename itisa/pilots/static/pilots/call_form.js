// The call form's materials checklist and scoring rubric (Django formsets "materials" and "rubric"):
// "Add a line" adds an empty row here (without JavaScript the button posts the form and the server adds
// the row, saving nothing), and "Remove this row" drops one. The rows are numbered again after each
// change, so that their field names run from 0 and the formset's TOTAL_FORMS counts them.
(function () {
  "use strict";
  var PREFIXED = /^([a-z]+)-(\d+|__prefix__)-/;
  var ID = /^id_([a-z]+)-(\d+|__prefix__)-/;

  function renumber(box) {
    var prefix = box.getAttribute("data-item-rows");
    var rows = box.querySelectorAll("tbody[data-rows] tr[data-row]");
    rows.forEach(function (row, index) {
      row.querySelector("[data-row-number]").textContent = String(index + 1);
      row.querySelectorAll("input").forEach(function (field) {
        field.name = field.name.replace(PREFIXED, prefix + "-" + index + "-");
        var label = field.getAttribute("aria-label");
        if (label) { field.setAttribute("aria-label", label.replace(/\d+/, String(index + 1))); }
      });
      // the fields' ids and those of their error messages, which aria-describedby names
      row.querySelectorAll("[id], [aria-describedby]").forEach(function (node) {
        ["id", "aria-describedby"].forEach(function (attribute) {
          var value = node.getAttribute(attribute);
          if (value) { node.setAttribute(attribute, value.replace(ID, "id_" + prefix + "-" + index + "-")); }
        });
      });
    });
    box.querySelector("input[name='" + prefix + "-TOTAL_FORMS']").value = String(rows.length);
    var max = parseInt(box.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']").value, 10);
    box.querySelector("[data-add-row]").disabled = rows.length >= max;
  }

  function showRemove(scope) {
    scope.querySelectorAll("[data-remove-row]").forEach(function (button) { button.hidden = false; });
  }

  document.querySelectorAll("[data-item-rows]").forEach(function (box) {
    var body = box.querySelector("tbody[data-rows]");
    var template = box.querySelector("template[data-empty-row]");
    showRemove(body);
    box.querySelector("[data-add-row]").addEventListener("click", function (event) {
      event.preventDefault();
      var row = template.content.firstElementChild.cloneNode(true);
      showRemove(row);
      body.appendChild(row);
      // the phone layout's roles and labels for the new row (web/tables.js)
      if (window.itisaTables) { window.itisaTables.label(body.closest("table")); }
      renumber(box);
      row.querySelector("input").focus();
    });
    body.addEventListener("click", function (event) {
      var button = event.target.closest("[data-remove-row]");
      if (!button) { return; }
      var row = button.closest("tr[data-row]");
      var next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      renumber(box);
      var focus = next ? next.querySelector("input") : box.querySelector("[data-add-row]");
      focus.focus();
    });
  });
}());
