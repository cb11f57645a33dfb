/* The names the build writes into pages and data files and the site's scripts read, in one place: the scripts take
   them from window.cchcContract (this file is listed first in mkdocs.yml's extra_javascript), the build from the
   same object read as JSON by scripts/model/contract.py. Keep the object JSON (double quotes, no comments inside).
   searchIndex.format is the version of the search index's format (schemas/output/search-index.schema.json): the build
   writes it into meta.js and search.js reads no index of another format. procedureFilter.rows is the global the
   filter's rows script (procedures-<lang>.js) assigns, each row a list in the order of procedureFilter.columns, whose
   facets are columns of the same names. searchBox and kiosk are the names the layout (overrides/, through the
   template variable `contract`) writes for search.js and kiosk.js. */
window.cchcContract = {
  "searchIndex": {"format": 1, "callback": "cchcSearchData", "meta": "meta", "terms": "t", "texts": "d", "vocabulary": "v"},
  "procedureFilter": {"form": "cchc-filter", "list": "cchc-procedure-list", "count": "cchc-filter-count", "words": "q",
                      "facets": ["field", "level", "online"], "shown": "data-template", "none": "data-none",
                      "rows": "cchcProcedures", "columns": ["name", "path", "code", "field", "level", "online", "text", "lang"]},
  "compose": {"root": "cchc-compose", "callback": "cchcComposeData", "folder": "assets/compose"},
  "searchBox": {"form": "cchc-search", "state": "data-cchc-search", "index": "data-cchc-index", "base": "data-cchc-base",
                "share": "data-cchc-share", "query": "data-cchc-query", "done": "data-cchc-done"},
  "kiosk": {"start": "data-cchc-kiosk-start"}
};
