// Progressive enhancement of the list filters (templates/includes/filter_form.html); they
// work without it.
// 1. The filters open by themselves on a wide screen; on a phone they stay folded behind
//    their button, so the results come first. (Where the browser can style ::details-content,
//    the stylesheet shows them on a wide screen even without this.)
// 2. The municipality list follows the county as soon as it changes. Without JavaScript the
//    server lists the chosen county's municipalities when the form is sent.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 48rem)");
  var panels = document.querySelectorAll("details.filters__panel");

  function fit() {
    panels.forEach(function (panel) { panel.open = wide.matches; });
  }
  fit();
  if (wide.addEventListener) wide.addEventListener("change", fit);

  document.querySelectorAll("select[data-regions]").forEach(function (select) {
    var source = document.getElementById(select.dataset.regions);
    var county = select.form && select.form.elements[select.dataset.countyField];
    if (!source || !county) return;
    // [[county number, county name, [[municipality number, name], ...]], ...]
    var regions = JSON.parse(source.textContent);
    var empty = select.querySelector('option[value=""]');

    function follow() {
      var chosen = select.value;
      var items = document.createDocumentFragment();
      regions.forEach(function (region) {
        if (county.value && region[0] !== county.value) return;
        var parent = items;
        if (!county.value) {
          parent = document.createElement("optgroup");
          parent.label = region[1];
          items.appendChild(parent);
        }
        region[2].forEach(function (municipality) {
          var option = new Option(municipality[1], municipality[0]);
          option.selected = municipality[0] === chosen;
          parent.appendChild(option);
        });
      });
      select.replaceChildren.apply(select, empty ? [empty, items] : [items]);
      if (select.value !== chosen && empty) empty.selected = true;
    }

    county.addEventListener("change", follow);
  });
})();
