// Progressive enhancement of a long checkbox list (registry/widgets.py, ChoiceList); the list
// works without it, whole. It shows the text box that narrows the list as you type, and keeps
// the summary of the chosen ones up to date. Each field's template loads this file, so it may
// run more than once: a list it has enhanced is marked and left alone.
(function () {
  "use strict";

  function fold(text) {
    // Neither case nor accents matter: "e" finds "é", and "a" finds "å".
    return text.toLocaleLowerCase("nb").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function enhance(list) {
    list.dataset.enhanced = "true";
    var box = list.querySelector(".choice-list__box");
    var search = list.querySelector("[data-choice-search]");
    var input = search.querySelector("input");
    var count = list.querySelector("[data-choice-count]");
    var chosen = list.querySelector("[data-choice-chosen]");
    var nothing = list.querySelector("[data-choice-nothing]");
    var options = Array.prototype.map.call(box.querySelectorAll("label"), function (label) {
      var group = label.closest("fieldset");
      var legend = group && group.querySelector("legend");
      var groupName = legend ? legend.textContent.trim() : "";
      var name = label.textContent.trim();
      return {
        label: label,
        checkbox: label.querySelector("input"),
        group: group,
        name: groupName ? groupName + " " + name : name,
        text: fold(groupName + " " + name),
      };
    });
    var groups = Array.prototype.slice.call(box.querySelectorAll("fieldset"));
    var timer = null;

    function narrow() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      options.forEach(function (option) {
        var match = words.every(function (word) { return option.text.indexOf(word) !== -1; });
        option.label.hidden = !match;
        if (match) shown += 1;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("label:not([hidden])");
      });
      nothing.hidden = shown > 0;
      count.textContent = words.length
        ? list.dataset.countFormat.replace("{shown}", shown).replace("{total}", options.length)
        : "";
    }

    function summarise() {
      var names = options
        .filter(function (option) { return option.checkbox.checked; })
        .map(function (option) { return option.name; });
      chosen.textContent = names.length
        ? list.dataset.chosenLabel + " " + names.join(", ")
        : list.dataset.noneLabel;
    }

    search.hidden = false;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(narrow, 120);
    });
    // Enter in the text box narrows the list; it must not submit the form around it.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(timer);
        narrow();
      }
    });
    box.addEventListener("change", summarise);
    if (input.value) narrow(); // a value the browser kept on going back
  }

  document.querySelectorAll("[data-choice-list]:not([data-enhanced])").forEach(enhance);
})();
