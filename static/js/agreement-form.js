// Progressive enhancement of the agreement form; the form works without it.
// 1. Suggests organisations as you type in a party field.
// 2. Shows one empty party row at a time, with a button that adds another.
(function () {
  "use strict";
  var list = document.querySelector(".party-rows");
  if (!list) return;
  var form = list.closest("form");
  var datalist = document.getElementById("organisation-suggestions");
  var total = form.querySelector('input[name$="-TOTAL_FORMS"]');
  var moreButton = form.querySelector('button[name="add_rows"]');
  var timer = null;

  function suggest(input) {
    var query = input.value.trim();
    if (query.length < 2 || /^\d{9}$/.test(query.replace(/\s/g, ""))) return;
    fetch(list.dataset.suggestionsUrl + "?q=" + encodeURIComponent(query), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        datalist.replaceChildren();
        data.results.forEach(function (item) {
          var option = document.createElement("option");
          option.value = item.label;
          option.textContent = [item.kind, item.municipality].filter(Boolean).join(", ");
          datalist.appendChild(option);
        });
      })
      .catch(function () { /* suggestions are a convenience; typing a number still works */ });
  }

  list.addEventListener("input", function (event) {
    if (!event.target.classList.contains("org-input")) return;
    clearTimeout(timer);
    timer = setTimeout(function () { suggest(event.target); }, 200);
  });

  function rows() { return Array.prototype.slice.call(list.querySelectorAll(".party-row")); }
  function isEmpty(row) {
    return Array.prototype.every.call(row.querySelectorAll("input, textarea"), function (input) {
      return input.type === "checkbox" ? !input.checked : !input.value.trim();
    });
  }

  // Hide every empty row after the first empty one.
  var seenEmpty = false;
  rows().forEach(function (row) {
    if (isEmpty(row) && !row.querySelector(".field-error")) {
      if (seenEmpty) row.hidden = true;
      seenEmpty = true;
    }
  });

  function addRow() {
    var hidden = rows().filter(function (row) { return row.hidden; });
    var row;
    if (hidden.length) {
      row = hidden[0];
      row.hidden = false;
    } else {
      var last = rows()[rows().length - 1];
      var index = Number(total.value);
      row = last.cloneNode(true);
      row.querySelectorAll("[id], [name], [for], [aria-describedby]").forEach(function (el) {
        ["id", "name", "for", "aria-describedby"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) el.setAttribute(attr, value.replace(/-\d+-/g, "-" + index + "-"));
        });
        if (el.type === "checkbox") el.checked = false;
        else if (el.tagName === "SELECT") el.selectedIndex = 0;
        else if (el.tagName === "INPUT" || el.tagName === "TEXTAREA") el.value = "";
      });
      row.querySelectorAll(".field-error").forEach(function (el) { el.remove(); });
      list.appendChild(row);
      total.value = index + 1;
    }
    row.querySelector("input").focus();
  }

  if (moreButton) {
    moreButton.type = "button";
    moreButton.textContent = moreButton.dataset.addLabel || moreButton.textContent;
    moreButton.addEventListener("click", addRow);
  }
})();
