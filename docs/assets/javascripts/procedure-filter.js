/* Filter of the procedure index (scripts/pages/procedures.py writes the form, the count and the empty list, with the ids
   and names of contract.js, window.cchcContract.procedureFilter, which this script reads too).
   A plain script, no fetch and no modules, so that it works from file:// too. The rows are a script of their own
   (procedures-<lang>.js beside this one, named by the form's data-rows), loaded when the reader first uses the
   filter: the index stays light however many procedures the site has. Each row carries its field, level, online
   level and its text folded at build time; typed words are folded the same way by the site search's fold
   (search.js, listed before this script in mkdocs.yml: one copy of it, tested against Python on
   tests/vectors/folding.json). Without JavaScript, or without search.js, the form stays hidden and the group pages
   and the A–Z page list every procedure. */
(function () {
  "use strict";

  var here = document.currentScript;  // only known while this script first runs

  function init() {
    var names = window.cchcContract && window.cchcContract.procedureFilter;
    var text = window.cchcSearchText;
    if (!names || !text || !here) return;
    var form = document.getElementById(names.form);
    var list = document.getElementById(names.list);
    var count = document.getElementById(names.count);
    if (!form || !list || !count) return;
    var at = function (column) { return names.columns.indexOf(column); };  // a row's place for each column
    var NAME = at("name"), PATH = at("path"), CODE = at("code"), LEVEL = at("level"), TEXT = at("text"), LANG = at("lang");
    var source = new URL(form.getAttribute("data-rows"), here.src);
    var all = count.textContent;
    var loading = false, asked = "";  // asked: what the list shows now

    function load() {
      if (loading) return;
      loading = true;
      var script = document.createElement("script");
      script.src = source.href;
      script.addEventListener("load", apply);
      document.head.appendChild(script);
    }

    function item(row) {
      var li = document.createElement("li"), link = document.createElement("a"), meta = document.createElement("span");
      li.className = "cchc-procedure";
      link.href = new URL(row[PATH], source).href;
      link.textContent = row[NAME];
      if (row[LANG]) link.lang = row[LANG];
      meta.className = "cchc-procedure__meta";
      meta.textContent = "· " + row[CODE] + " · " + window[names.rows].levels[row[LEVEL]];
      li.append(link, " ", meta);
      return li;
    }

    function apply() {
      var words = text.fold(form.elements[names.words].value).split(/\s+/).filter(Boolean);
      var wanted = names.facets.map(function (facet) { return [at(facet), form.elements[facet].value]; })
        .filter(function (pair) { return pair[1]; });
      var asking = [words.join(" ")].concat(wanted.map(function (pair) { return pair[1]; })).join("\n");
      // The text box fires "change" when it loses focus, as the reader clicks a row: redrawing then would take the
      // row from under the click.
      if (asking === asked) return;
      if (!words.length && !wanted.length) {  // nothing asked: the page as built
        list.hidden = true;
        list.replaceChildren();
        count.textContent = all;
        asked = asking;
        return;
      }
      if (!window[names.rows]) return load();  // apply runs again once the rows are there
      asked = asking;
      var rows = window[names.rows].rows;
      var shown = rows.filter(function (row) {
        return wanted.every(function (pair) { return row[pair[0]] === pair[1]; }) &&
          words.every(function (word) { return row[TEXT].indexOf(word) !== -1; });
      });
      list.replaceChildren.apply(list, shown.map(item));
      list.hidden = !shown.length;
      var template = count.getAttribute(shown.length ? names.shown : names.none);
      count.textContent = template.replace("{shown}", String(shown.length)).replace("{total}", String(rows.length));
    }

    form.addEventListener("focusin", load);  // the rows start loading before the first word is typed
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
