/*
 * The site's search behind Material's search box (overrides/partials/search.html).
 * The index is written by scripts/model/search.py in the format schemas/output/search-index.schema.json describes; its
 * version and its files' names come from contract.js (window.cchcContract.searchIndex). Every data file is a
 * classic script calling the contract's callback (name, data), and everything runs on the main thread: no fetch,
 * no module, no worker, so search works from file:// (the offline bundle) as it does over HTTP.
 */
(function () {
  "use strict";

  // --- text: twins of scripts/model/search.py (tokens) and scripts/model/vietnamese.py (fold_marks,
  // canonical_tone_placement); tests/test_vectors.py holds all three to tests/vectors/folding.json. ----------
  // procedure-filter.js folds with this fold, so it is set before anything that needs the search box.
  var TOKEN = /(?:[\p{L}\p{N}]|[\u0300-\u036f])+/gu;
  var JOINER = /^(?:[ \t\u00a0]+|[-/.'\u2019])$/u;
  var TONES = "\u0300\u0301\u0303\u0309\u0323";
  var OPEN_PAIR = new RegExp("(?<![qQ])([oOuU])([" + TONES + "]?)([aAeEyY])([" + TONES + "]?)(?![\\p{L}\\p{N}_])", "gu");

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "").replace(/[đð]/g, "d");  // ð: Ð (U+00D0) typed for Đ
  }

  function canonical(text) {
    return text.normalize("NFD").replace(OPEN_PAIR, function (all, first, tone1, second, tone2) {
      var f = first.toLowerCase(), s = second.toLowerCase();
      if ((s === "y" && f !== "u") || ("ae".indexOf(s) >= 0 && f !== "o")) return all;
      return first + (tone1 || tone2) + second;
    }).normalize("NFC");
  }

  // [token, start offset, position]; a separator other than spaces or -/.' leaves a gap of one position.
  function tokens(text) {
    var out = [], end = -1, position = -1, match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(text)) !== null) {
      position += end < 0 || JOINER.test(text.slice(end, match.index)) ? 1 : 2;
      out.push([match[0], match.index, position]);
      end = match.index + match[0].length;
    }
    return out;
  }

  window.cchcSearchText = { fold: fold, canonical: canonical, tokens: tokens };

  var MAX_TERMS = 24;  // a question told with its story still reaches its point; a pasted paragraph searches its first words
  var MAX_COMPLETIONS = 12;  // a half-typed last word stands for its commonest completions
  var PAGE_SIZE = 10;
  var MAX_VARIANTS = 16;  // the query read with its synonyms and corrected words, each reading ranked
  var MAX_CORRECTIONS = 3;  // words tried for one mistyped word

  var INDEX = window.cchcContract && window.cchcContract.searchIndex;
  var BOX = window.cchcContract && window.cchcContract.searchBox;  // the attributes the layout writes and this script sets
  var form = BOX && document.forms.namedItem(BOX.form);
  if (!form || !INDEX) return;
  var box = form.closest(".md-search");
  var input = form.querySelector(".md-search__input");
  var share = form.querySelector("[" + BOX.share + "]");
  var result = box.querySelector(".md-search-result");
  var summary = result.querySelector(".md-search-result__meta");
  var list = result.querySelector(".md-search-result__list");
  var scrollwrap = box.querySelector(".md-search__scrollwrap");
  var toggle = document.getElementById("__search");
  var indexUrl = new URL(box.getAttribute(BOX.index), location.href);
  var siteUrl = new URL(box.getAttribute(BOX.base) + "/", location.href);
  var words = {}, features = [];
  try {
    var config = JSON.parse(document.getElementById("__config").textContent);
    words = config.translations || {};
    features = config.features || [];
  } catch (error) { /* the messages below fall back to English */ }

  function say(key, fallback, count) {
    var text = words[key] || fallback;
    return count === undefined ? text : text.replace("#", String(count));
  }

  // --- loading: classic <script> tags, each calling the contract's callback (name, data) -------------------
  var store = Object.create(null), loading = Object.create(null), meta = null;

  window[INDEX.callback] = function (name, data) { store[name] = data; };

  function load(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL(name + ".js" + (meta ? "?v=" + meta.version : ""), indexUrl).href;
        script.onload = function () { name in store ? resolve(store[name]) : reject(new Error(name)); };
        script.onerror = function () { delete loading[name]; reject(new Error(name)); };
        document.head.appendChild(script);
      });
    }
    return loading[name];
  }

  function ready() {
    if (meta) return Promise.resolve(meta);
    box.setAttribute(BOX.state, "loading");
    return load(INDEX.meta).then(function (data) {
      // a page and an index of two builds (a cached page, a half-copied folder): no guessing at another format
      if (data.format !== INDEX.format) throw new Error("search index format " + data.format + ", not " + INDEX.format);
      meta = data;
      box.setAttribute(BOX.state, "ready");
      return meta;
    }).catch(function (error) {
      box.setAttribute(BOX.state, "error");
      throw error;
    });
  }

  function shardOf(term) {  // the last shard whose first term is <= term (JavaScript string order, as the build sorts)
    var low = 0, high = meta.shards.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (meta.shards[middle] <= term) low = middle; else high = middle - 1;
    }
    return INDEX.terms + low;
  }

  var postings = Object.create(null);

  // term -> {spellings, pages: Map(page -> {positions, which})}, or null when no page holds it
  function posting(term) {
    if (term in postings) return postings[term];
    var shard = store[shardOf(term)];
    if (!shard || !Object.prototype.hasOwnProperty.call(shard, term)) return (postings[term] = null);
    var spellings = shard[term][0], flat = shard[term][1], width = spellings.length;
    var pages = new Map(), i = 0, page = 0;
    while (i < flat.length) {
      page += flat[i++];
      var count = flat[i++], position = 0, positions = new Array(count), which = new Array(count);
      for (var k = 0; k < count; k++) {
        var value = flat[i++];
        position += Math.floor(value / width);
        positions[k] = position;
        which[k] = value % width;
      }
      pages.set(page, { positions: positions, which: which });
    }
    return (postings[term] = { spellings: spellings, pages: pages });
  }

  function loadTerms(terms) {
    return Promise.all(terms.map(function (t) { return load(shardOf(t.folded)); }));
  }

  // --- the word being typed: "khai si" already finds "khai sinh" ------------------------------------------
  // Terms starting with a prefix are contiguous in the sorted shards: the prefix's own shard, then the next
  // ones while their first term starts with it (at most three).
  function prefixShards(prefix) {
    var first = Number(shardOf(prefix).slice(INDEX.terms.length)), names = [shardOf(prefix)];
    for (var i = first + 1; i < meta.shards.length && names.length < 3 && meta.shards[i].indexOf(prefix) === 0; i++) names.push(INDEX.terms + i);
    return names;
  }

  // The last word, while no space follows it, also matches the indexed terms that continue it (the most
  // frequent first); the word itself still ranks above them (see rank).
  function complete(query, terms) {
    var last = terms[terms.length - 1];
    if (!/[\p{L}\p{N}\u0300-\u036f]$/u.test(query) || !last || last.folded.length < 2) return Promise.resolve();
    var names = prefixShards(last.folded);
    return Promise.all(names.map(load)).then(function () {
      var found = [];
      names.forEach(function (name) {
        Object.keys(store[name]).forEach(function (term) {
          if (term !== last.folded && term.indexOf(last.folded) === 0) found.push([term, store[name][term][1].length]);
        });
      });
      found.sort(function (a, b) { return b[1] - a[1]; });
      if (found.length) last.completions = found.slice(0, MAX_COMPLETIONS).map(function (pair) { return pair[0]; });
    });
  }

  // The places of a term; for the word being typed, its own places (with their spellings) and those of its
  // completions (spelling null: never an exact match).
  function placesOf(t) {
    if (!t.completions) return posting(t.folded);
    if (t.merged !== undefined) return t.merged;
    var own = posting(t.folded), pages = new Map();
    [own].concat(t.completions.map(posting)).forEach(function (found, n) {
      if (!found) return;
      found.pages.forEach(function (places, page) {
        var merged = pages.get(page) || [];
        places.positions.forEach(function (position, k) { merged.push([position, n === 0 ? places.which[k] : null]); });
        pages.set(page, merged);
      });
    });
    pages.forEach(function (merged, page) {
      merged.sort(function (a, b) { return a[0] - b[0]; });
      pages.set(page, { positions: merged.map(function (m) { return m[0]; }), which: merged.map(function (m) { return m[1]; }) });
    });
    return (t.merged = pages.size ? { spellings: own ? own.spellings : [], pages: pages } : null);
  }

  // --- the query -----------------------------------------------------------------------------------------
  function parse(query) {
    return tokens(query.normalize("NFC")).slice(0, MAX_TERMS).map(function (t) {
      return { text: t[0], folded: fold(t[0]), spelling: canonical(t[0].toLowerCase()) };
    });
  }

  // The language's query words (scripts/model/querywords.py, written into meta.js by scripts/model/search.py).
  function queryWords() { return meta.words; }

  // Short forms missing from the index become their long form (dk -> đăng ký).
  function expand(terms) {
    var out = [];
    terms.forEach(function (t) {
      var short = queryWords().short, long = Object.prototype.hasOwnProperty.call(short, t.folded) && short[t.folded];
      if (long && !posting(t.folded)) out = out.concat(parse(long));
      else out.push(t);
    });
    return out;
  }

  // Question and filler words (có, cần, không, bao lâu, …) never block a result: a term marked optional is
  // not counted among the words a page must hold, though a page holding it still ranks higher. Typed without
  // marks, a word is a question word where the site mostly writes it so ("khong"), not where it mostly
  // stands for another word ("dang": đăng ký). A query of question words alone keeps them all.
  function markQuestions(terms) {
    var w = queryWords(), marked = new Set(w.question), unmarked = new Set(w.questionFolded);
    terms.forEach(function (t) {
      t.optional = marked.has(t.spelling) || (t.spelling === t.folded && unmarked.has(t.folded));
    });
    w.questionPhrases.forEach(function (phrase) {
      var parts = phrase.split(" ");
      for (var i = 0; i + parts.length <= terms.length; i++) {
        if (parts.every(function (part, k) { return terms[i + k].folded === part; })) {
          for (var k = 0; k < parts.length; k++) terms[i + k].optional = true;
        }
      }
    });
    if (terms.every(function (t) { return t.optional; })) terms.forEach(function (t) { t.optional = false; });
    terms.forEach(function (t, i) { t.slot = i; t.shown = t.text; });
  }

  // --- typos: one letter wrong, missing, extra or swapped -------------------------------------------------
  var ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"], STAGGER = [0, 0.25, 0.75];
  var NEAR = Object.create(null);  // letter -> the letters beside it on a phone's keyboard
  ROWS.forEach(function (row, r) {
    row.split("").forEach(function (key, i) {
      NEAR[key] = "";
      ROWS.forEach(function (other, q) {
        other.split("").forEach(function (near, j) {
          var dx = Math.abs(j + STAGGER[q] - i - STAGGER[r]);
          if (near !== key && (q === r ? dx <= 1 : Math.abs(q - r) === 1 && dx <= 0.75)) NEAR[key] += near;
        });
      });
    });
  });
  var LETTERS = "abcdefghijklmnopqrstuvwxyz";
  var vocabulary = null;

  function edits(word, nearOnly) {
    var out = [];
    for (var i = 0; i < word.length; i++) {
      if (i + 1 < word.length) out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
      (nearOnly ? NEAR[word[i]] || "" : LETTERS).split("").forEach(function (c) { out.push(word.slice(0, i) + c + word.slice(i + 1)); });
      if (!nearOnly) out.push(word.slice(0, i) + word.slice(i + 1));
    }
    if (!nearOnly) for (var k = 0; k <= word.length; k++) LETTERS.split("").forEach(function (c) { out.push(word.slice(0, k) + c + word.slice(k)); });
    return Array.from(new Set(out)).filter(function (e) { return e !== word && vocabulary.has(e); });
  }

  function adjacent(first, second, titleOnly) {  // whether some page has the two terms side by side, in order
    var a = posting(first), b = posting(second);
    if (!a || !b) return false;
    var found = false;
    a.pages.forEach(function (places, page) {
      var next = !found && b.pages.get(page);
      if (!next) return;
      var at = new Set(next.positions), limit = titleOnly ? meta.pages[page][2] : Infinity;
      found = places.positions.some(function (p) { return p + 1 < limit && at.has(p + 1); });
    });
    return found;
  }

  // The words a term may have been meant as. A word of 4 letters or more that the index lacks: any one
  // edit the index has, the commonest first. A word of 3 letters or more that the index has, but never
  // right after the word before it: a neighbouring key or two swapped letters that makes, with that word,
  // a pair some title holds ("ket hom" -> "kết hôn"). Shorter words are never corrected.
  function corrections(terms) {
    var wanted = terms.map(function (t, i) {
      if (t.optional || t.completions || !/^[a-z]{3,}$/.test(t.folded)) return null;
      var previous = i > 0 && !terms[i - 1].optional ? terms[i - 1] : null;
      if (!posting(t.folded)) return t.folded.length >= 4 ? { term: t, near: false } : null;
      return previous && !adjacent(previous.folded, t.folded, false) ? { term: t, near: true, previous: previous } : null;
    });
    if (!wanted.some(Boolean)) return Promise.resolve(terms.map(function () { return null; }));
    return load(INDEX.vocabulary).then(function (data) {
      vocabulary = vocabulary || new Set(data.split(" "));
      var tried = wanted.map(function (w) { return w ? edits(w.term.folded, w.near) : []; });
      return Promise.all([].concat.apply([], tried).map(function (e) { return load(shardOf(e)); })).then(function () {
        return wanted.map(function (w, i) {
          if (!w) return null;
          var found = tried[i].filter(function (e) { return posting(e) && (!w.near || adjacent(w.previous.folded, e, true)); });
          found.sort(function (a, b) { return posting(b).pages.size - posting(a).pages.size; });
          return found.length ? found.slice(0, MAX_CORRECTIONS).map(function (e) {
            return { text: w.term.text, folded: e, spelling: null, typo: true, slot: w.term.slot, shown: w.term.shown };
          }) : null;
        });
      });
    });
  }

  // --- word families, for a language whose words inflect (data/search-words.yml word_families) ------------
  // Two words are of one family when they begin alike for 4 letters or more, at least half the longer one,
  // and the shorter ends at most 2 letters later: register, registered, registration; marry, married,
  // marriage; build, building. A family word ranks below the word itself (see rank: whole).
  function related(a, b) {
    var n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n >= 4 && n * 2 >= Math.max(a.length, b.length) && Math.min(a.length, b.length) - n <= 2;
  }

  function families(terms) {
    var wanted = terms.filter(function (t) { return !t.completions && /^[a-z]{4,}$/.test(t.folded); });
    if (!queryWords().families || !wanted.length) return Promise.resolve();
    return load(INDEX.vocabulary).then(function (data) {
      var list = data.split(" "), found = [];
      wanted.forEach(function (t) {
        var prefix = t.folded.slice(0, 4), low = 0, high = list.length;
        while (low < high) { var middle = (low + high) >> 1; if (list[middle] < prefix) low = middle + 1; else high = middle; }
        var members = [];
        for (var i = low; i < list.length && list[i].indexOf(prefix) === 0; i++) {
          if (list[i] !== t.folded && related(t.folded, list[i])) members.push(list[i]);
        }
        if (members.length) { t.completions = members.slice(0, MAX_COMPLETIONS); found = found.concat(t.completions); }
      });
      return Promise.all(found.map(function (word) { return load(shardOf(word)); }));
    });
  }

  // --- synonyms: what readers say for what the pages say (data/synonyms.yml) ----------------------------
  // The longest phrase of the query that an entry's `say` holds, at each place; the phrase is one slot of
  // the query, which each of the entry's `means` may fill instead.
  var sayings = null;  // [words of a `say`, its entry, its place in the entry]: split once, asked at every query
  function synonymSpans(terms) {
    sayings = sayings || [].concat.apply([], queryWords().synonyms.map(function (entry) {
      return entry[0].map(function (say, n) { return [say.split(" "), entry, n]; });
    }));
    var spans = [];
    for (var i = 0; i < terms.length;) {
      var best = null;
      sayings.forEach(function (saying) {
        var parts = saying[0], entry = saying[1];
        if ((!best || parts.length > best.length) && i + parts.length <= terms.length &&
            parts.every(function (part, k) { return terms[i + k].folded === part; })) {
          best = { start: i, length: parts.length, means: entry[1], spelled: entry[2][saying[2]].split(" ") };
        }
      });
      if (best) { spans.push(best); i += best.length; } else i += 1;
    }
    return spans;
  }

  function spelledOnly(spelling) { return spelling !== fold(spelling) ? spelling : null; }  // marks to hold to, if any

  // Every reading of the query (at most MAX_VARIANTS): each corrected word and each synonym in its place.
  function variants(terms, corrected) {
    var choices = [], spans = synonymSpans(terms), at = 0;
    spans.forEach(function (span) {
      for (; at < span.start; at++) choices.push(corrected[at] ? [[terms[at]]].concat(corrected[at].map(function (c) { return [c]; })) : [[terms[at]]]);
      var own = terms.slice(span.start, span.start + span.length), shown = own.map(function (t) { return t.text; }).join(" ");
      // a phrase is its words with their marks: "so do" typed is "sổ đỏ" said, never "hồ sơ do"
      own.forEach(function (t, k) { t.slot = span.start; t.shown = shown; t.optional = false; t.want = spelledOnly(span.spelled[k]); });
      choices.push([own].concat(span.means.map(function (phrase, n) {  // `means` counts from the reader's own words
        return parse(phrase).map(function (t) {
          t.slot = span.start; t.shown = shown; t.synonym = true; t.means = n + 1; t.want = spelledOnly(t.spelling);
          return t;
        });
      })));
      at = span.start + span.length;
    });
    for (; at < terms.length; at++) choices.push(corrected[at] ? [[terms[at]]].concat(corrected[at].map(function (c) { return [c]; })) : [[terms[at]]]);
    var out = [[]];
    choices.forEach(function (options) {
      var next = [];
      out.forEach(function (partial) {
        options.forEach(function (option) { if (next.length < MAX_VARIANTS) next.push(partial.concat(option)); });
      });
      out = next;
    });
    return out;
  }

  var wordCounts = [];

  function titleWords(page) {  // words of the shown title (the title field also holds codes)
    if (wordCounts[page] === undefined) wordCounts[page] = Math.max(1, tokens(meta.pages[page][1]).length);
    return wordCounts[page];
  }

  function compare(a, b) {
    for (var i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return b.key[i] - a.key[i];
    return a.page - b.page;
  }

  // Ranked pages for one reading of the query. The query is a row of slots (a word, or a phrase a synonym
  // may replace; question words are optional slots). The score: each required slot, weighted by how rare it
  // is, counts for where the page holds it: in the title (with the page's other names) more than in the text,
  // a word beside another word of the query more than a word alone (Vietnamese says most things in two
  // syllables: "khai tử" means something, "tử" alone hardly), a phrase only whole and with its marks. Words of
  // a long question that no page is about ("bố tôi mới mất hôm qua") then weigh little against its point.
  // The key, compared in order: the score in coarse steps, a page about one thing before a page listing many
  // (unless its title is the whole query), the score in fine steps, the reading nearest the words typed, the
  // longest run of slots side by side, fewer corrected words, exact marks (when the query has marks), then
  // the title (and, so that a synonym never hides the page holding the reader's own words, how many of the
  // words as typed it holds: `own`, their places), then how often and how rare the words are.
  var CONTEXT = [0, 0.1, 0.3, 0.6, 1];  // a word: absent; in the text alone, beside; in the title alone, beside
  var BODY = 0.5, PART = 0.1;  // a phrase whole in the text; part of a phrase, per word
  var COARSE = 10, FINE = 30;
  // A phrase (a synonym's words) counts whole, in the title or in the text; part of it counts for little.
  function phrase(inTitle, inText, size) {
    return inTitle === size ? 1 : inText === size ? BODY : PART * (inText || 0) / size;
  }

  function rank(terms, own, marked) {
    var found = terms.map(placesOf);
    var slotSize = Object.create(null), required = Object.create(null), slotCount = 0;
    terms.forEach(function (t) {
      if (!(t.slot in slotSize)) { slotSize[t.slot] = 0; slotCount += 1; }
      slotSize[t.slot] += 1;
      if (!t.optional) required[t.slot] = true;
    });
    var typos = terms.filter(function (t) { return t.typo; }).length, away = Object.create(null), distance = 0;
    terms.forEach(function (t) { if (t.means) away[t.slot] = t.means; });
    for (var far in away) distance += away[far];  // how far the reading is from the words typed
    var distinct = [], seen = Object.create(null);
    terms.forEach(function (t, i) {
      if (!(t.folded in seen) && found[i]) { seen[t.folded] = true; distinct.push(i); }
    });
    var candidates = new Set();
    distinct.forEach(function (i) { found[i].pages.forEach(function (_, page) { candidates.add(page); }); });
    var total = meta.pages.length, ranked = [];
    var slotDf = Object.create(null), slotWeight = Object.create(null), weightSum = 0;  // a slot weighs as its rarest word
    terms.forEach(function (t, i) {
      var df = found[i] ? found[i].pages.size : 0;
      if (!(t.slot in slotDf) || df < slotDf[t.slot]) slotDf[t.slot] = df;
    });
    for (var r in required) { slotWeight[r] = Math.log(1 + total / Math.max(slotDf[r], 1)); weightSum += slotWeight[r]; }
    var requiredCount = Object.keys(required).length;
    candidates.forEach(function (page) {
      var titleLength = meta.pages[page][2];
      var whole = 0, titlePresent = 0, exactPresent = 0, weight = 0, inTitle = Object.create(null);
      distinct.forEach(function (i) {
        var places = found[i].pages.get(page), t = terms[i];
        if (!places) return;
        if (places.which.some(function (w) { return w !== null; })) whole += 1;  // the word itself, not only a completion
        if (places.positions[0] < titleLength) inTitle[t.slot] = (inTitle[t.slot] || 0) + 1;
        weight += Math.log(1 + places.positions.length) * Math.log(1 + total / found[i].pages.size);
      });
      for (var slot in inTitle) if (inTitle[slot] === slotSize[slot]) titlePresent += 1;  // a phrase counts whole
      // a slot is present as far as its words stand side by side: a phrase ("sổ đỏ") is not two words anywhere
      var maxRun = 0, wordRun = 0, titleRun = 0, titleWordRun = 0, exactRun = 0, previous = null;
      var inSlot = Object.create(null), inTitleSlot = Object.create(null), context = Object.create(null);
      terms.forEach(function (t, i) {
        var current = new Map();
        var places = found[i] && found[i].pages.get(page);
        if (places) {
          var exactIndex = t.spelling ? found[i].spellings.indexOf(t.spelling) : -1, anyExact = false;
          var wantIndex = t.want ? found[i].spellings.indexOf(t.want) : -1;
          var newSlot = i === 0 || terms[i - 1].slot !== t.slot;
          for (var k = 0; k < places.positions.length; k++) {
            var p = places.positions[k], exact = places.which[k] === exactIndex;
            var before = previous && previous.get(p - 1);
            var run = before ? before[0] + (newSlot ? 1 : 0) : 1, exactLength = exact ? (before ? before[1] : 0) + 1 : 0;
            var spelledRight = !t.want || places.which[k] === wantIndex;
            var within = !spelledRight ? 0 : before && !newSlot && before[2] ? before[2] + 1 : 1, words = before ? before[3] + 1 : 1;
            current.set(p, [run, exactLength, within, words]);
            if (words > wordRun) wordRun = words;
            if (within > (inSlot[t.slot] || 0)) inSlot[t.slot] = within;
            if (p < titleLength && within > (inTitleSlot[t.slot] || 0)) inTitleSlot[t.slot] = within;
            // CONTEXT's index; a pair raises both words; a word typed with other marks counts as a word alone in the text
            var where = p < titleLength ? 2 : 0, beside = before ? 2 : 1;
            if (t.spelling && t.spelling !== t.folded && !exact) where = 0, beside = 1;  // not a corrected word (no spelling)
            if (before) context[terms[i - 1].slot] = Math.max(context[terms[i - 1].slot] || 0, where + beside);
            context[t.slot] = Math.max(context[t.slot] || 0, where + beside);
            if (run > maxRun) maxRun = run;
            if (p < titleLength && run > titleRun) titleRun = run;
            if (p < titleLength && words > titleWordRun) titleWordRun = words;
            if (exactLength > exactRun) exactRun = exactLength;
            anyExact = anyExact || exact;
          }
          if (anyExact) exactPresent += 1;
        }
        previous = current;
      });
      var score = 0;
      // where words are syllables, those of a query that stand apart everywhere ("triển khai … sinh viên" for
      // "khai sinh") are no better in the title than a pair in the text
      var apart = queryWords().syllables && requiredCount > 1 && maxRun < 2;
      for (var s in required) {
        score += slotWeight[s] * (slotSize[s] > 1 ? phrase(inTitleSlot[s], inSlot[s], slotSize[s]) :
          CONTEXT[apart ? Math.min(context[s] || 0, 2) : context[s] || 0]);
      }
      score /= weightSum;
      var about = meta.pages[page][3] && titleRun < slotCount ? 0 : 1;
      ranked.push({
        page: page, terms: terms,
        key: [Math.round(score * COARSE), about, Math.round(score * FINE), -distance, maxRun, -typos,
              marked ? exactRun : 0, marked ? exactPresent : 0, titleRun, titleWordRun,
              own.filter(function (found) { return found && found.pages.has(page) && found.pages.get(page).positions[0] < titleLength; }).length,
              wordRun, whole, titlePresent, titleRun / titleWords(page), weight]
      });
    });
    return ranked;
  }

  // Every reading ranked; each page by its best reading.
  function rankAll(readings, typed) {
    var best = new Map(), own = typed.filter(function (t) { return !t.optional; }).map(placesOf);
    var marked = typed.some(function (t) { return t.spelling !== t.folded; });  // as typed: a synonym's marks are not the reader's
    readings.forEach(function (terms) {
      rank(terms, own, marked).forEach(function (entry) {
        var held = best.get(entry.page);
        if (!held || compare(entry, held) < 0) best.set(entry.page, entry);
      });
    });
    return Array.from(best.values()).sort(compare);
  }

  // --- rendering in Material's result markup -------------------------------------------------------------
  function escape(text) {
    return text.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  // A page's words folded once for all the results and queries that show them (folding was half of a query's
  // time: every word of each result's text, for its snippet); emptied when it grows past the words a site has.
  var foldedWords = new Map();
  function foldWord(word) {
    var folded = foldedWords.get(word);
    if (folded === undefined) {
      if (foldedWords.size > 50000) foldedWords.clear();
      folded = fold(word);
      foldedWords.set(word, folded);
    }
    return folded;
  }

  // A text's tokens and their folded words, kept for the texts shown again (a page is a result of many queries).
  var textWords = new Map();
  function wordsOf(text) {
    var words = textWords.get(text);
    if (!words) {
      if (textWords.size > 500) textWords.clear();
      var list = tokens(text);
      words = { list: list, folded: list.map(function (t) { return foldWord(t[0]); }) };
      textWords.set(text, words);
    }
    return words;
  }

  // Which tokens of a text (wordsOf) to mark: the wanted ones, but a short number ("1" of 1.001193) only next to another.
  function markable(words, wanted) {
    var list = words.list, hit = words.folded.map(function (f) { return wanted.has(f); });
    return hit.map(function (yes, i) {
      return yes && (!/^\d{1,2}$/.test(list[i][0]) ||
        (i > 0 && hit[i - 1] && list[i - 1][2] === list[i][2] - 1) ||
        (i + 1 < list.length && hit[i + 1] && list[i + 1][2] === list[i][2] + 1));
    });
  }

  // The text from offset start to end with the tokens markable() chose in <mark>; words joined by - / . '
  // (one-stop, 111/KH-UBND, 1.001193) share one mark.
  function highlight(text, list, marks, start, end) {
    var html = "", at = start, last = null;
    list.forEach(function (t, i) {
      if (t[1] < start || t[1] >= end || !marks[i]) return;
      var between = text.slice(at, t[1]);
      if (last && last[2] === t[2] - 1 && between.trim()) {
        html = html.slice(0, -"</mark>".length) + escape(between + t[0]) + "</mark>";
      } else {
        html += escape(between) + "<mark>" + escape(t[0]) + "</mark>";
      }
      at = t[1] + t[0].length;
      last = t;
    });
    return html + escape(text.slice(at, end));
  }

  // A window of about 30 words around the best group of matched words, in the page's own text.
  function snippet(text, wanted) {
    if (!text) return "";
    var words = wordsOf(text), list = words.list, size = 30, best = 0, bestScore = -1;
    var hits = markable(words, wanted);
    for (var start = 0; start < list.length; start++) {
      if (!hits[start]) continue;
      var distinct = new Set(), count = 0, adjacent = 0;
      for (var k = start; k < Math.min(list.length, start + size); k++) {
        if (!hits[k]) continue;
        distinct.add(words.folded[k]);
        count += 1;
        if (k > start && hits[k - 1] && list[k][2] === list[k - 1][2] + 1) adjacent += 1;
      }
      var score = distinct.size * 100 + adjacent * 10 + count;
      if (score > bestScore) { bestScore = score; best = start; }
    }
    var first = Math.max(0, best - 6), last = Math.min(list.length, first + size);
    if (!list.length) return escape(text.slice(0, 200));
    var from = first === 0 ? 0 : list[first][1];
    var to = last === list.length ? text.length : list[last - 1][1] + list[last - 1][0].length;
    return (from > 0 ? "… " : "") + highlight(text, list, hits, from, to).replace(/\n/g, " · ") + (to < text.length ? " …" : "");
  }

  function chunkOf(page) {
    var chunks = meta.chunks, low = 0, high = chunks.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (chunks[middle] <= page) low = middle; else high = middle - 1;
    }
    return low;
  }

  function pageText(page) {  // null while its chunk is not loaded
    var chunk = chunkOf(page), texts = store[INDEX.texts + chunk];
    return texts ? texts[page - meta.chunks[chunk]] : null;
  }

  // A result, its title and snippet with the words searched for marked, and the words of the query it lacks
  // (by the reading that ranked it; question words are never missing).
  function item(entry, wanted) {
    var row = meta.pages[entry.page];
    var title = row[1], titleWords = wordsOf(title);
    var missing = [], lacking = Object.create(null);
    entry.terms.forEach(function (t) {
      var places = placesOf(t);
      if (!t.optional && !(places && places.pages.has(entry.page))) lacking[t.slot] = t.shown;
    });
    entry.terms.forEach(function (t) {
      if (t.slot in lacking && missing.indexOf(lacking[t.slot]) < 0) missing.push(lacking[t.slot]);
    });
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var href = new URL(row[0], siteUrl);
    if (features.indexOf("search.highlight") >= 0) href.searchParams.set("h", Array.from(wanted).join(" "));
    li.innerHTML =
      '<a class="md-search-result__link" tabindex="-1" href="' + escape(href.href) + '">' +
      '<article class="md-search-result__article md-search-result__article--document md-typeset">' +
      '<div class="md-search-result__icon md-icon"></div>' +
      "<h1>" + highlight(title, titleWords.list, markable(titleWords, wanted), 0, title.length) + "</h1>" +
      "<p>" + snippet(pageText(entry.page) || "", wanted) + "</p>" +
      (missing.length ? '<p class="md-search-result__terms">' + escape(say("search.result.term.missing", "Missing")) + ": " +
        missing.map(function (w) { return "<del>" + escape(w) + "</del>"; }).join(", ") + "</p>" : "") +
      "</article></a>";
    return li;
  }

  var current = { query: null, ranked: [], wanted: new Set(), shown: 0 };

  // The next results on screen: at once when their page texts are loaded, else after 50 ms at the latest
  // with the snippets filled in when the texts arrive (the list does not wait on a slow disk or network).
  function showMore(onScreen) {
    var state = current, next = state.ranked.slice(state.shown, state.shown + PAGE_SIZE);
    var first = state.shown === 0;
    state.shown += next.length;
    var names = new Set(next.map(function (entry) { return INDEX.texts + chunkOf(entry.page); }));
    var texts = Promise.all(Array.from(names).map(function (name) { return load(name).catch(function () { return null; }); }));
    var soon = new Promise(function (resolve) { setTimeout(resolve, 50); });
    return Promise.race([texts, soon]).then(function () {
      if (current !== state) return;
      var waiting = [], fragment = document.createDocumentFragment();
      next.forEach(function (entry) {
        var li = item(entry, current.wanted);
        if (pageText(entry.page) === null) waiting.push([li, entry.page]);
        fragment.appendChild(li);
      });
      if (first) list.innerHTML = "";  // the previous query's results stay until these replace them
      list.appendChild(fragment);
      if (onScreen) onScreen();
      return texts.then(function () {
        if (current !== state) return;
        waiting.forEach(function (pair) {
          pair[0].querySelector("p").innerHTML = snippet(pageText(pair[1]) || "", current.wanted);
        });
      });
    });
  }

  function showMessage(text, query) {
    summary.textContent = text;
    list.innerHTML = "";
    box.setAttribute(BOX.query, query);
    box.setAttribute(BOX.done, query);
  }

  var sequence = 0;

  function run() {
    var query = input.value, mine = ++sequence;
    if (share) share.setAttribute("data-clipboard-text", shareUrl(query));
    var terms = parse(query);
    if (!terms.length) {
      current = { query: query, ranked: [], wanted: new Set(), shown: 0 };
      showMessage(say("search.result.placeholder", "Type to start searching"), query);
      return Promise.resolve();
    }
    var expanded, readings;
    return ready()
      .then(function () { return loadTerms(terms); })
      .then(function () {
        expanded = expand(terms);
        return loadTerms(expanded);
      })
      .then(function () {
        // the last word as typed (not a short form written out) may be unfinished
        var typing = expanded[expanded.length - 1] === terms[terms.length - 1];
        return typing ? complete(query, expanded) : null;
      })
      .then(function () {
        markQuestions(expanded);
        return families(expanded);
      })
      .then(function () { return corrections(expanded); })
      .then(function (corrected) {
        readings = variants(expanded, corrected);
        return loadTerms([].concat.apply([], readings));
      })
      .then(function () {
        if (mine !== sequence) return;
        var ranked = rankAll(readings, expanded);
        var wanted = new Set();
        readings.forEach(function (reading) {
          reading.forEach(function (t) {  // question words are not marked in the snippets: they would mark every line
            if (!t.optional) [t.folded].concat(t.completions || []).forEach(function (f) { wanted.add(f); });
          });
        });
        current = { query: query, ranked: ranked, shown: 0, wanted: wanted };
        var count = ranked.length === 0 ? say("search.result.none", "No matching documents")
          : ranked.length === 1 ? say("search.result.one", "1 matching document")
          : say("search.result.other", "# matching documents", ranked.length);
        return showMore(function () {
          summary.textContent = count;
          box.setAttribute(BOX.query, query);
        }).then(function () {
          if (mine === sequence) box.setAttribute(BOX.done, query);
        });
      })
      .catch(function (error) {
        if (window.console) console.error(error);  // shown as no results; said in the console for whoever looks
        if (mine === sequence) showMessage(say("search.result.none", "No matching documents"), query);
      });
  }

  function shareUrl(query) {
    var url = new URL(location.href);
    url.hash = "";
    url.searchParams.set("q", query);
    return url.href;
  }

  // --- behaviour of Material's box: open, close, keyboard ------------------------------------------------
  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    ready().catch(function () { /* shown as "no results" when a query runs */ });
  }

  function close() {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    input.blur();
  }

  function editable(element) {
    return element && (element.isContentEditable || /^(input|textarea|select)$/i.test(element.tagName));
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", run);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(function () { run(); input.focus(); }); });
  toggle.addEventListener("change", function () {  // the header's button (a label) opens the box: type at once
    if (toggle.checked) input.focus(); else input.blur();
  });
  list.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("a")) close();
  });
  scrollwrap.addEventListener("scroll", function () {
    if (current.shown < current.ranked.length && scrollwrap.scrollTop + scrollwrap.clientHeight >= scrollwrap.scrollHeight - 16) showMore();
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var active = document.activeElement;
    if (!toggle.checked) {
      if (!editable(active) && (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault();
        input.focus();
        input.select();
      }
      return;
    }
    var links = Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
    switch (event.key) {
      case "Enter":
        if (active === input) {
          event.preventDefault();
          if (links.length) links[0].click();
        }
        break;
      case "Escape":
      case "Tab":
        close();
        break;
      case "ArrowUp":
      case "ArrowDown":
        var stops = [input].concat(links), at = Math.max(0, stops.indexOf(active));
        stops[(at + stops.length + (event.key === "ArrowUp" ? -1 : 1)) % stops.length].focus();
        event.preventDefault();
        break;
      default:
        if (active !== input && event.key.length === 1) input.focus();
    }
  });

  // A page opened from a result (?h=…, Material's search.highlight) marks the words searched for.
  function highlightPage(wanted) {
    var article = document.querySelector(".md-content article");
    if (!article) return;
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT), nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue, words = wordsOf(text), list = words.list, marks = markable(words, wanted);
      var found = list.filter(function (_, i) { return marks[i]; });
      if (!found.length || node.parentNode.closest("script, style, mark")) return;
      var fragment = document.createDocumentFragment(), at = 0;
      found.forEach(function (t) {
        fragment.appendChild(document.createTextNode(text.slice(at, t[1])));
        var mark = document.createElement("mark");
        mark.setAttribute("data-md-highlight", "");
        mark.textContent = t[0];
        fragment.appendChild(mark);
        at = t[1] + t[0].length;
      });
      fragment.appendChild(document.createTextNode(text.slice(at)));
      node.parentNode.replaceChild(fragment, node);
    });
  }

  var highlighted = new URLSearchParams(location.search).get("h");
  if (highlighted) highlightPage(new Set(parse(highlighted).map(function (t) { return t.folded; })));

  // A page opened with ?q=… shows the results for it (Material's share link).
  var shared = new URLSearchParams(location.search).get("q");
  box.setAttribute(BOX.query, "");
  box.setAttribute(BOX.done, "");
  if (share) share.setAttribute("data-clipboard-text", shareUrl(""));
  if (shared) {
    input.value = shared;
    open();
    input.focus();
    run();
  }
})();
