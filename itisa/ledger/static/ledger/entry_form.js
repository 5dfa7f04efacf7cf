// The journal entry form: "Add a line" adds an empty line here (without JavaScript the button posts the
// form and the server adds lines), and the debit and credit totals and their difference follow the
// amounts as they are typed. Amounts are read as the server reads them (core.values.parse_typed_amount:
// full-width digits, ¥, spaces and thousands separators in their places); an amount it cannot read is
// left out of the totals, and the server names it when the form is saved. Cents are whole numbers here
// (at most 15 digits: exact in a double), never fractions of a float.
(function () {
  "use strict";
  var table = document.querySelector("[data-ledger-lines]");
  if (!table) { return; }
  var TYPED = /^([+-]?)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]{1,2}))?$/;

  function cents(text) {
    var value = (text || "").normalize("NFKC").replace(/\s+/g, "");
    var sign = /^[+-]/.test(value) ? value.charAt(0) : "";
    value = value.slice(sign.length);
    if (value.charAt(0) === "¥") { value = value.slice(1); }
    if (!sign && /^[+-]/.test(value)) { sign = value.charAt(0); value = value.slice(1); }
    var match = TYPED.exec(sign + value);
    if (!match) { return null; }
    var whole = parseInt(match[2].replace(/,/g, ""), 10);
    var fraction = parseInt(((match[3] || "") + "00").slice(0, 2), 10);
    var amount = whole * 100 + fraction;
    return match[1] === "-" ? -amount : amount;
  }

  function format(amount) {
    var negative = amount < 0;
    var absolute = Math.abs(amount);
    var whole = String(Math.floor(absolute / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    var fraction = String(absolute % 100);
    return (negative ? "-" : "") + whole + "." + (fraction.length < 2 ? "0" + fraction : fraction);
  }

  function sum(attribute) {
    var total = 0;
    table.querySelectorAll("input[" + attribute + "]").forEach(function (input) {
      var amount = cents(input.value);
      if (amount !== null) { total += amount; }
    });
    return total;
  }

  function refresh() {
    var debit = sum("data-debit");
    var credit = sum("data-credit");
    var difference = table.querySelector("[data-total-difference]");
    table.querySelector("[data-total-debit]").textContent = format(debit);
    table.querySelector("[data-total-credit]").textContent = format(credit);
    difference.textContent = format(debit - credit);
    difference.classList.toggle("text-danger", debit !== credit);
    difference.classList.toggle("text-success", debit === credit);
  }

  function addLine() {
    var rows = table.querySelectorAll("tbody tr[data-line]");
    var last = rows[rows.length - 1];
    var index = rows.length;
    var row = last.cloneNode(true);
    row.querySelectorAll("input, select").forEach(function (field) {
      field.name = field.name.replace(/_[0-9]+$/, "_" + index);
      field.id = field.id.replace(/_[0-9]+$/, "_" + index);
      var label = field.getAttribute("aria-label");
      if (label) { field.setAttribute("aria-label", label.replace(/[0-9]+/, String(index + 1))); }
      field.classList.remove("is-invalid");
      if (field.tagName === "SELECT") { field.selectedIndex = 0; } else { field.value = ""; }
    });
    row.querySelectorAll(".invalid-feedback").forEach(function (node) { node.remove(); });
    row.querySelector("[data-line-number]").textContent = String(index + 1);
    last.parentNode.appendChild(row);
    row.querySelector("input, select").focus();
  }

  table.addEventListener("input", refresh);
  var button = document.querySelector("[data-add-line]");
  if (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      addLine();
    });
  }
  refresh();
}());
