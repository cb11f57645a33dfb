/* Filter of the procedure index (scripts/procedures.py writes the form and the list, with the ids and names of
   contract.js, window.cchcContract.procedureFilter, which this script reads too).
   A plain script, no fetch and no modules, so that it works from file:// too. Each list item carries its facets
   (field, level, online level) and its text folded at build time; typed words are folded the same way by the
   site search's fold (search.js, listed before this script in mkdocs.yml: one copy of it, tested against Python on
   tests/vectors/folding.json). Without JavaScript, or without search.js, the form stays hidden and the full list shows. */
(function () {
  "use strict";

  function init() {
    var names = window.cchcContract && window.cchcContract.procedureFilter;
    var text = window.cchcSearchText;
    if (!names || !text) return;
    var form = document.getElementById(names.form);
    var list = document.getElementById(names.list);
    var count = document.getElementById(names.count);
    if (!form || !list || !count) return;
    var rows = Array.prototype.slice.call(list.querySelectorAll("li[data-" + names.text + "]"));
    var total = String(rows.length);

    function apply() {
      var words = text.fold(form.elements[names.words].value).split(/\s+/).filter(Boolean);
      var wanted = names.facets.map(function (facet) { return [facet, form.elements[facet].value]; });
      var shown = 0;
      rows.forEach(function (row) {
        var keep = wanted.every(function (pair) { return !pair[1] || row.getAttribute("data-" + pair[0]) === pair[1]; }) &&
          words.every(function (word) { return row.getAttribute("data-" + names.text).indexOf(word) !== -1; });
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      var template = count.getAttribute(shown ? names.shown : names.none);
      count.textContent = template.replace("{shown}", String(shown)).replace("{total}", total);
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.hidden = false;
    apply();  // the browser may have kept the controls' values when the reader comes back to the page
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
