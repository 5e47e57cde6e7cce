// Suggestions under the public search box (templates/includes/search_form.html), as the user
// types. Progressive enhancement: without it the form is a plain GET search.
// An ARIA 1.2 combobox with a listbox popup: the focus stays in the box; Arrow Down/Up move
// through the suggestions (aria-activedescendant), Enter opens the chosen one (or searches
// when none is chosen), Escape closes the list, and a live region announces the count.
(function () {
  "use strict";
  var DELAY_MS = 150;
  var MIN_LENGTH = 2;

  document.querySelectorAll("form[data-suggestions-url]").forEach(function (form) {
    var input = form.querySelector('input[name="q"]');
    var list = form.querySelector('[role="listbox"]');
    var status = form.querySelector("[data-suggestions-status]");
    if (!input || !list || !status) return;
    var timer = null;
    var pending = null;
    var active = -1;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    function options() { return list.querySelectorAll('[role="option"]'); }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(index) {
      var all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach(function (option, i) { option.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function show(results) {
      list.replaceChildren();
      var group = null;
      results.forEach(function (result, i) {
        var option = document.createElement("li");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.url = result.url;
        var label = document.createElement("span");
        label.className = "suggestions__label";
        label.textContent = result.label;
        option.appendChild(label);
        var detail = [result.detail, result.group !== group ? result.group : ""].filter(Boolean).join(" · ");
        if (detail) {
          var muted = document.createElement("span");
          muted.className = "muted";
          muted.textContent = " " + detail;
          option.appendChild(muted);
        }
        group = result.group;
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { window.location.href = result.url; });
        list.appendChild(option);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      status.textContent = results.length
        ? form.dataset.statusSome.replace("COUNT", results.length)
        : form.dataset.statusNone;
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query.length < MIN_LENGTH) { close(); status.textContent = ""; return; }
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(form.dataset.suggestionsUrl + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        signal: pending.signal,
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (input.value.trim() === query) show(data.results); })
        .catch(function () { /* suggestions are a convenience; the form still searches */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open && options().length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        choose(active + 1);
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        choose(active - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        window.location.href = options()[active].dataset.url;
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  });
})();
