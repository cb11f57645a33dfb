/* Filter of the procedure index (scripts/procedures.py writes the form and the list).
   A plain script, no fetch and no modules, so that it works from file:// too. Each list item carries its field,
   level, online level and its text folded at build time (data-text); typed words are folded the same way by the
   site search's fold (search.js, listed before this script in mkdocs.yml: one copy of it, tested against Python on
   tests/vectors/folding.json). Without JavaScript, or without search.js, the form stays hidden and the full list shows. */
(function () {
  "use strict";

  function init() {
    var form = document.getElementById("cchc-filter");
    var list = document.getElementById("cchc-procedure-list");
    var count = document.getElementById("cchc-filter-count");
    var text = window.cchcSearchText;
    if (!form || !list || !count || !text) return;
    var rows = Array.prototype.slice.call(list.querySelectorAll("li[data-text]"));
    var total = String(rows.length);

    function apply() {
      var words = text.fold(form.elements.q.value).split(/\s+/).filter(Boolean);
      var wanted = { field: form.elements.field.value, level: form.elements.level.value, online: form.elements.online.value };
      var shown = 0;
      rows.forEach(function (row) {
        var keep = (!wanted.field || row.getAttribute("data-field") === wanted.field) &&
          (!wanted.level || row.getAttribute("data-level") === wanted.level) &&
          (!wanted.online || row.getAttribute("data-online") === wanted.online) &&
          words.every(function (word) { return row.getAttribute("data-text").indexOf(word) !== -1; });
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      var template = count.getAttribute(shown ? "data-template" : "data-none");
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
