/*
 * The compose page (soan-bai/, scripts/pages/compose.py): a form for each content type drawn from the schemas'
 * description the build writes (assets/compose/form.js), checked with the rules and the words of `make check`
 * (schemas/messages.yml), writing the Markdown file with its YAML front matter. The file goes to GitHub's
 * new-file page (which forks or branches and opens the pull request), to the clipboard, or to a download.
 * Loaded by overrides/compose.html only; classic scripts and no fetch, so it works from file:// too.
 * Nothing the editor types becomes markup: every value is set as text or as a control's value.
 */
(function () {
  "use strict";

  var NAMES = window.cchcContract.compose;  // contract.js, loaded before this script on every page
  var store = Object.create(null), waiting = Object.create(null);
  window[NAMES.callback] = function (name, data) {
    store[name] = data;
    (waiting[name] || []).forEach(function (resolve) { resolve(data); });
    delete waiting[name];
  };
  var here = document.currentScript && document.currentScript.src;
  var dataFolder = here ? new URL("../../" + NAMES.folder + "/", here) : null;  // this script is assets/javascripts/compose.js

  function load(name) {
    if (store[name]) return Promise.resolve(store[name]);
    return new Promise(function (resolve, reject) {
      (waiting[name] = waiting[name] || []).push(resolve);
      var script = document.createElement("script");
      script.src = new URL(name + ".js", dataFolder).href;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  // --- text: twins of scripts/model/vietnamese.py (slugify), scripts/pages/procedures.py (procedure_slug) and
  // scripts/model/messages.py (fill, as_json, example, how); tests/test_compose.py compares them -----------------

  function slugify(text) {  // folded by the site search's fold (search.js, loaded before this script)
    return window.cchcSearchText.fold(text).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function cut(slug, limit) {
    if (!limit || slug.length <= limit) return slug;
    var head = slug.slice(0, limit), end = head.lastIndexOf("-");
    return end < 0 ? head : head.slice(0, end);
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      if (!(name in values)) throw new Error("no value for {" + name + "}");
      return String(values[name]);
    });
  }

  // json.dumps(value, ensure_ascii=False) as Python writes it (", " and ": " between items)
  function asJson(value) {
    if (Array.isArray(value)) return "[" + value.map(asJson).join(", ") + "]";
    if (value && typeof value === "object") {
      return "{" + Object.keys(value).map(function (key) { return JSON.stringify(key) + ": " + asJson(value[key]); }).join(", ") + "}";
    }
    return JSON.stringify(value);
  }

  // --- YAML: every string double-quoted (a colon, #, a leading dash, quotes, yes/no, digits stay text), with
  // escapes for what YAML would read otherwise (line breaks such as U+2028) or refuses (control characters) --

  function quoted(text) {
    var out = '"';
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i), code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
        out += c + text.charAt(++i);  // a character outside the BMP, as it is
      } else if (code >= 0xd800 && code <= 0xdfff) {
        out += "\ufffd";  // half a pair: not text, and not UTF-8
      } else if (c === '"' || c === "\\") {
        out += "\\" + c;
      } else if (c === "\n") {
        out += "\\n";
      } else if (c === "\t") {
        out += "\\t";
      } else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || code === 0xfeff || code >= 0xfffe) {
        out += "\\u" + ("000" + code.toString(16)).slice(-4);
      } else {
        out += c;
      }
    }
    return out + '"';
  }

  function scalar(value) {
    if (typeof value === "string") return quoted(value);
    if (typeof value === "number") {
      var text = String(value);
      return /e/i.test(text) ? value.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 }) : text;
    }
    return String(value);
  }

  function isScalar(value) { return value === null || typeof value !== "object"; }

  function mappingLines(object, indent) {
    var lines = [];
    Object.keys(object).forEach(function (key) {
      var value = object[key];
      if (isScalar(value)) lines.push(indent + key + ": " + scalar(value));
      else if (Array.isArray(value) ? !value.length : !Object.keys(value).length) lines.push(indent + key + ": " + (Array.isArray(value) ? "[]" : "{}"));
      else lines.push.apply(lines, [indent + key + ":"].concat(Array.isArray(value) ? sequenceLines(value, indent + "  ") : mappingLines(value, indent + "  ")));
    });
    return lines;
  }

  function sequenceLines(items, indent) {
    var lines = [];
    items.forEach(function (item) {
      if (isScalar(item)) {
        lines.push(indent + "- " + scalar(item));
      } else if (Array.isArray(item) ? !item.length : !Object.keys(item).length) {
        lines.push(indent + "- " + (Array.isArray(item) ? "[]" : "{}"));
      } else if (Array.isArray(item)) {
        lines.push(indent + "-");
        lines.push.apply(lines, sequenceLines(item, indent + "  "));
      } else {
        var inner = mappingLines(item, indent + "  ");
        inner[0] = indent + "- " + inner[0].slice(indent.length + 2);
        lines.push.apply(lines, inner);
      }
    });
    return lines;
  }

  function yaml(data) { return mappingLines(data, "").join("\n") + "\n"; }

  function markdownFile(meta, body) {
    body = body.replace(/\r\n?/g, "\n").replace(/^\n+/, "").replace(/\s+$/, "");
    return "---\n" + yaml(meta) + "---\n" + (body ? "\n" + body + "\n" : "");
  }

  // --- dates: typed as people write them (09/03/2021), written as the check reads them ("2021-03-09") ------

  function isoDate(typed) {
    var m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(typed);
    if (m) return m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2);
    return typed;
  }

  function shownDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso));
    return m ? m[3] + "/" + m[2] + "/" + m[1] : String(iso);
  }

  function realDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    if (!m) return false;
    var day = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return day.getUTCFullYear() === +m[1] && day.getUTCMonth() === +m[2] - 1 && day.getUTCDate() === +m[3] && +m[1] >= 1;
  }

  // --- the rules of `make check` (JSON Schema as scripts/model/content.py applies it), with its words ---------------

  function checker(form) {
    var M = form.messages;

    function say(rule, values) {
      return { message: fill(M[rule].message, values), gloss: fill(M[rule].gloss || "", values) };
    }
    function example(field) {
      var first = field.examples && field.examples.length ? field.examples[0] : undefined;
      return first === undefined ? "" : fill(M.example.message, { example: typeof first === "string" ? first : asJson(first) });
    }
    function how(field) { return example(field) || (field.help ? " " + field.help : ""); }

    function typeOk(type, value) {
      if (type === "string") return typeof value === "string";
      if (type === "integer") return typeof value === "number" && Number.isInteger(value);
      if (type === "number") return typeof value === "number" && isFinite(value);
      if (type === "array") return Array.isArray(value);
      if (type === "object") return value !== null && typeof value === "object" && !Array.isArray(value);
      if (type === "boolean") return typeof value === "boolean";
      return true;
    }

    function same(a, b) { return asJson(a) === asJson(b); }

    function check(field, value, path, found, typed) {  // typed: path -> a date as the editor typed it
      function add(said) { found.push({ path: path, message: said.message, gloss: said.gloss }); }
      if (!typeOk(field.type, value)) {
        add(say("type", { type: M.type.types[field.type] || field.type, type_name: field.type, value: asJson(value), example: example(field) }));
        return;
      }
      var rules = field.rules || {};
      var dateDone = false;
      Object.keys(rules).forEach(function (rule) {
        var limit = rules[rule];
        if (field.date && (rule === "pattern" || rule === "format")) {
          if (!dateDone && typeof value === "string" && !(new RegExp(rules.pattern, "u").test(value) && realDate(value))) {
            add(say("date", { value: asJson(typed[path] !== undefined ? typed[path] : value), fix: M.date.in_form }));
          }
          dateDone = true;
        } else if (rule === "pattern" && typeof value === "string" && !new RegExp(limit, "u").test(value)) {
          add(say("pattern", { value: asJson(value), description: field.help ? " " + field.help : "", example: example(field) }));
        } else if (rule === "enum" && !limit.some(function (allowed) { return same(allowed, value); })) {
          add(say("enum", { value: asJson(value), allowed: limit.join(", "), description: field.help }));
        } else if (rule === "minLength" && typeof value === "string" && Array.from(value).length < limit) {
          add(say("min_length", { limit: limit, how: how(field) }));
        } else if (rule === "maxLength" && typeof value === "string" && Array.from(value).length > limit) {
          add(say("max_length", { limit: limit, length: Array.from(value).length }));
        } else if ((rule === "minimum" && typeof value === "number" && value < limit) || (rule === "maximum" && typeof value === "number" && value > limit)) {
          add(say("range", { value: asJson(value), minimum: "minimum" in rules ? rules.minimum : "…", maximum: "maximum" in rules ? rules.maximum : "…" }));
        } else if (rule === "uniqueItems" && limit && Array.isArray(value) && value.some(function (item, i) {
          return value.slice(0, i).some(function (other) { return same(other, item); });
        })) {
          add(say("unique", {}));
        } else if (rule === "minItems" && Array.isArray(value) && value.length < limit) {
          add(say("min_items", { limit: limit }));
        } else if (rule === "maxItems" && Array.isArray(value) && value.length > limit) {
          add(say("max_items", { limit: limit, count: value.length }));
        }
      });
      if (field.type === "object") checkObject(field.fields, value, path, found, false, typed);
      if (field.type === "array") value.forEach(function (item, i) { check(field.item, item, path + "." + i, found, typed); });
    }

    function checkObject(fields, value, path, found, partial, typed) {
      fields.forEach(function (field) {
        var where = path ? path + "." + field.name : field.name;
        if (value[field.name] === undefined) {
          if (field.required && !partial) {
            var said = say("required", { field: field.name, title: field.label.vi, fix: fill(M.required.in_form, { field: field.name }), how: how(field) });
            found.push({ path: where, message: said.message, gloss: said.gloss });
          }
        } else {
          check(field, value[field.name], where, found, typed);
        }
      });
    }

    // every problem of a front matter, each once, as scripts/model/content.py orders them (by field path); `typed`
    // holds dates as the editor typed them (09/03/2021), which the messages quote
    function validate(kind, meta, partial, typed) {
      var found = [];
      var fields = form.kinds[kind].fields.filter(function (field) { return !partial || form.kinds[kind].translatable.indexOf(field.name) >= 0; });
      checkObject(fields, meta, "", found, partial, typed || {});
      var seen = {};
      found = found.filter(function (p) { var key = p.path + "\u0000" + p.message; return seen[key] ? false : (seen[key] = true); });
      return found.sort(function (a, b) { return a.path.split(".") < b.path.split(".") ? -1 : a.path.split(".") > b.path.split(".") ? 1 : 0; });
    }

    function slugProblem(file, suggestion) { return say("slug", { file: file, suggestion: suggestion }); }

    return { validate: validate, slugProblem: slugProblem, how: how };
  }

  // The data files (overrides/compose.html loads them after this script) have all run by DOMContentLoaded.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();

  function start() {
  var FORM = store.form, PAGES = store.pages;
  var rules = FORM ? checker(FORM) : null;
  // for tests/test_compose.py: the page's own text helpers and checks, as search.js offers cchcSearchText
  window.cchcCompose = { slugify: slugify, cut: cut, yaml: yaml, file: markdownFile, asJson: asJson, isoDate: isoDate,
    validate: rules && rules.validate, slugProblem: rules && rules.slugProblem };

  var root = document.getElementById(NAMES.root);
  if (!root || !FORM || !PAGES) return;

  // --- the page ----------------------------------------------------------------------------------------

  var lang = document.documentElement.lang === "en" ? "en" : "vi";
  var words = FORM.words[lang];
  var URL_LIMIT = FORM.url_limit;
  var repo = FORM.repository;
  var taken = {}, pagesBySrc = {};  // every file the site has: a new file takes none of their names
  PAGES.others.forEach(function (src) { taken[src] = true; });
  PAGES.pages.forEach(function (page) {
    pagesBySrc[page.src] = taken[page.src] = page;
    Object.keys(page.translations).forEach(function (lang) { taken[page.translations[lang]] = true; });
  });
  var counter = 0;

  function t(key, values) { return values ? fill(words[key], values) : words[key]; }
  function uid(hint) { counter += 1; return "cchc-c" + counter + "-" + String(hint).replace(/[^A-Za-z0-9_-]/g, "-"); }

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === undefined || value === null || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child); });
    return node;
  }

  function label(field) { return field.label[lang] || field.label.vi; }

  function describe(node, ids) {
    var list = ids.filter(Boolean).join(" ");
    if (list) node.setAttribute("aria-describedby", list); else node.removeAttribute("aria-describedby");
  }

  var status = el("p", { className: "cchc-compose__status", role: "status", "aria-live": "polite" });

  function announce(text, link) {
    status.textContent = "";
    status.appendChild(document.createTextNode(text));
    if (link) {
      status.appendChild(document.createTextNode(" "));
      status.appendChild(el("a", { href: link.href, target: "_blank", rel: "noopener", text: link.text }));
    }
  }

  // One control per field: its element, value() (undefined when left empty), set(value), show(problems), focus().
  function control(field, path, context) {
    if (field.type === "array") return listControl(field, path, context);
    if (field.type === "object") return groupControl(field, path, context);
    return inputControl(field, path, context);
  }

  function originalNote(field, context) {
    var value = context.original ? context.original[field.name] : undefined;
    if (value === undefined || context.depth) return null;
    var text = Array.isArray(value) ? value.map(function (item) { return isScalar(item) ? String(item) : Object.keys(item).map(function (key) { return item[key]; }).join(" · "); }).join(" | ")
      : isScalar(value) ? (field.date ? shownDate(value) : String(value)) : Object.keys(value).map(function (key) { return value[key]; }).join(" · ");
    return el("p", { className: "cchc-field__original", id: uid("original") }, [t("compose.original") + " ", el("span", { lang: "vi", text: text })]);
  }

  // the schema's description (Vietnamese, whatever the page's language) and the page's own words after it
  function helpLine(id, description, more) {
    return el("p", { className: "cchc-field__help", id: id }, [el("span", { lang: "vi", text: description }), more ? " " + more : null]);
  }

  function errorLine(id) { return el("p", { className: "cchc-field__error", id: id, hidden: true }); }

  function showErrors(line, input, problems, describedBy) {
    line.textContent = "";
    problems.forEach(function (problem, i) {
      if (i) line.appendChild(el("br"));
      line.appendChild(el("strong", { text: t("compose.error") + " " }));
      line.appendChild(el("span", { lang: "vi", text: problem.message }));
      if (lang !== "vi" && problem.gloss) line.appendChild(document.createTextNode(" (" + problem.gloss + ")"));
    });
    line.hidden = !problems.length;
    if (input) {
      if (problems.length) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
      describe(input, describedBy.concat(problems.length ? [line.id] : []));
    }
  }

  function requiredMark(field, context) {
    if (!field.required || context.partial || context.itemLabel) return null;
    return el("span", { className: "cchc-field__required", text: " (" + t(context.depth ? "compose.required_in_group" : "compose.required") + ")" });
  }

  function inputControl(field, path, context) {
    var id = uid(path), helpId = id + "-help", errorId = id + "-error";
    var input;
    if (field.options || (field.name === "category" && context.kind === "article" && FORM.categories.length)) {
      var options = field.options || FORM.categories;
      input = el("select", { id: id }, [el("option", { value: "", text: t("compose.choose_option") })].concat(options.map(function (option) {
        return el("option", { value: option.value, text: option.label[lang] || option.label.vi });
      })));
    } else if (field.paragraph) {
      input = el("textarea", { id: id, rows: field.type === "string" && field.rules.maxLength > 400 ? 4 : 2, spellcheck: "true" });
    } else {
      var numeric = field.type === "integer" || field.type === "number";
      input = el("input", { id: id, type: "text", autocomplete: "off", inputmode: numeric ? (field.type === "integer" ? "numeric" : "decimal") : field.date ? "numeric" : null,
        spellcheck: numeric || field.date || field.rules.pattern ? "false" : "true", list: context.list || null });
    }
    var help = helpLine(helpId, field.help, field.date && t("compose.date_help"));
    var note = originalNote(field, context);
    var line = errorLine(errorId);
    var describedBy = [helpId, note && note.id];
    describe(input, describedBy);
    var labelText = context.itemLabel || label(field);
    var wrapper = el("div", { className: "cchc-field" + (field.paragraph ? " cchc-field--wide" : "") }, [
      el("label", { for: id }, [context.itemPrefix ? el("span", { className: "cchc-sr-only", text: context.itemPrefix }) : null, labelText, requiredMark(field, context)]),
      context.itemLabel ? null : help, note, input, line]);
    if (context.itemLabel) describe(input, [note && note.id]);
    var self = {
      field: field, element: wrapper, input: input, typed: "", id: id,
      value: function () {
        var text = input.value.normalize("NFC").trim();
        self.typed = text;
        if (!text) return undefined;
        if (field.date) return isoDate(text);
        if (field.type === "integer" && /^[-+]?\d+$/.test(text)) return Number(text);
        if (field.type === "number" && /^[-+]?(\d+\.?\d*|\.\d+)$/.test(text)) return Number(text);
        return text;
      },
      set: function (value) { input.value = value === undefined ? "" : field.date ? shownDate(value) : String(value); },
      show: function (problems) { showErrors(line, input, problems, context.itemLabel ? [note && note.id] : describedBy); },
      focus: function () { input.focus(); },
      relabel: function (text, prefix) { relabel(wrapper.querySelector("label"), text, prefix); }
    };
    return self;
  }

  // A list item's label or legend renamed when rows move: "Mục 2", with the list's name for screen readers.
  function relabel(node, text, prefix) {
    node.textContent = "";
    if (prefix) node.appendChild(el("span", { className: "cchc-sr-only", text: prefix }));
    node.appendChild(document.createTextNode(text));
  }

  function groupControl(field, path, context) {
    var id = uid(path);
    var inner = { kind: context.kind, partial: context.partial, depth: (context.depth || 0) + 1, changed: context.changed };
    var children = field.fields.map(function (child) { return control(child, path + "." + child.name, inner); });
    var legend = el("legend", {}, [context.itemPrefix ? el("span", { className: "cchc-sr-only", text: context.itemPrefix }) : null, context.itemLabel || label(field), requiredMark(field, context)]);
    var help = context.itemLabel ? null : helpLine(id + "-help", field.help, !field.required && t("compose.group_optional"));
    var note = originalNote(field, context);
    var line = errorLine(id + "-error");
    var box = el("fieldset", { className: "cchc-group", id: id }, [legend, help, note, line].concat(children.map(function (c) { return c.element; })));
    describe(box, [help && help.id, note && note.id]);
    var self = {
      field: field, element: box, children: children, id: id,
      value: function () {
        var out = {}, any = false;
        children.forEach(function (child) {
          var value = child.value();
          if (value !== undefined) { out[child.field.name] = value; any = true; }
        });
        return any ? out : undefined;
      },
      set: function (value) { children.forEach(function (child) { child.set(value ? value[child.field.name] : undefined); }); },
      show: function (problems) { showErrors(line, null, problems, []); },
      focus: function () { children[0].focus(); },
      relabel: function (text, prefix) { relabel(legend, text, prefix); }
    };
    return self;
  }

  function listControl(field, path, context) {
    var id = uid(path);
    var rows = [];
    var list = el("ol", { className: "cchc-list__rows" });
    var help = helpLine(id + "-help", field.help);
    var note = originalNote(field, context);
    var line = errorLine(id + "-error");
    var suggestions = field.suggest ? uid("suggest") : null;
    var add = el("button", { type: "button", className: "md-button cchc-list__add" }, [t("compose.add"), el("span", { className: "cchc-sr-only", text: " " + t("compose.add_to", { field: label(field) }) })]);
    var max = field.rules.maxItems;
    var none = null;
    var children = [el("legend", {}, [label(field), requiredMark(field, context)]), help, note, line, list, add];
    if (suggestions) children.push(datalist(suggestions, field.suggest));
    if (field.empty_is_none) {
      var noneId = uid("none");
      none = el("input", { type: "checkbox", id: noneId });
      children.splice(4, 0, el("div", { className: "cchc-field cchc-field--check" }, [none, el("label", { for: noneId, text: t("compose.none") })]));
      none.addEventListener("change", function () { list.hidden = add.hidden = none.checked; });
    }
    var box = el("fieldset", { className: "cchc-list", id: id }, children);
    describe(box, [help.id, note && note.id]);

    function itemName(n) { return t("compose.item", { n: n }); }
    function prefix() { return label(field) + ", "; }

    function renumber() {
      rows.forEach(function (row, i) {
        row.control.relabel(itemName(i + 1), prefix());
        row.remove.lastChild.textContent = " " + t("compose.remove_item", { n: i + 1, field: label(field) });
      });
      add.disabled = max !== undefined && rows.length >= max;
    }

    function addRow(value, focus) {
      var inner = { kind: context.kind, partial: context.partial, depth: (context.depth || 0) + 1, itemLabel: itemName(rows.length + 1),
        itemPrefix: prefix(), list: suggestions, changed: context.changed };
      var item = control(field.item, path + "." + rows.length, inner);
      var remove = el("button", { type: "button", className: "cchc-list__remove" }, [t("compose.remove"), el("span", { className: "cchc-sr-only" })]);
      var li = el("li", { className: "cchc-list__row" }, [item.element, remove]);
      var row = { control: item, remove: remove, element: li };
      remove.addEventListener("click", function () {
        var at = rows.indexOf(row);
        rows.splice(at, 1);
        list.removeChild(li);
        renumber();
        var next = rows[at] || rows[at - 1];
        if (next) next.control.focus(); else add.focus();
        announce(t("compose.removed", { n: at + 1, field: label(field) }));
        context.changed();
      });
      rows.push(row);
      list.appendChild(li);
      if (value !== undefined) item.set(value);
      renumber();
      if (focus) {
        item.focus();
        announce(t("compose.added", { n: rows.length, field: label(field) }));
      }
      return row;
    }

    add.addEventListener("click", function () { addRow(undefined, true); context.changed(); });
    var self = {
      field: field, element: box, rows: rows, id: id,
      value: function () {
        if (none && none.checked) return [];
        var out = [];
        self.positions = [];
        rows.forEach(function (row) {
          var value = row.control.value();
          if (value !== undefined) { out.push(value); self.positions.push(row.control); }
        });
        return out.length ? out : undefined;
      },
      set: function (value) {
        rows.slice().forEach(function (row) { list.removeChild(row.element); });
        rows.length = 0;
        if (none) { none.checked = Array.isArray(value) && !value.length; list.hidden = add.hidden = none.checked; }
        (value || []).forEach(function (item) { addRow(item, false); });
        if (!rows.length && field.required) addRow(undefined, false);
      },
      show: function (problems) { showErrors(line, null, problems, []); },
      focus: function () { if (rows.length) rows[0].control.focus(); else add.focus(); }
    };
    return self;
  }

  function datalist(id, what) {
    var options = PAGES.pages.filter(function (page) { return what === "plans" ? page.kind === "plan" && page.number : page.kind === "procedure"; })
      .map(function (page) { return el("option", { value: what === "plans" ? page.number : page.code, label: page.title }); });
    return el("datalist", { id: id }, options);
  }

  // Where each message goes: the control of every path the value has (list items counted as they are written).
  function targets(controls, prefix, out) {
    controls.forEach(function (c) {
      var path = prefix ? prefix + "." + c.field.name : c.field.name;
      out[path] = c;
      if (c.children) targets(c.children, path, out);
      if (c.positions) c.positions.forEach(function (item, i) {
        out[path + "." + i] = item;
        if (item.children) targets(item.children, path + "." + i, out);
      });
    });
    return out;
  }

  function allControls(controls, out) {
    controls.forEach(function (c) {
      out.push(c);
      if (c.children) allControls(c.children, out);
      if (c.rows) allControls(c.rows.map(function (row) { return row.control; }), out);
    });
    return out;
  }

  function typedDates(map) {
    var typed = {};
    Object.keys(map).forEach(function (path) { if (map[path].field.date && map[path].typed) typed[path] = map[path].typed; });
    return typed;
  }

  // --- an editor: one file being written (new, opened, or a translation) -----------------------------

  function editor(options) {
    var kind = options.kind, form = FORM.kinds[kind], partial = options.partial;
    var tried = false, touched = {};
    var context = { kind: kind, partial: partial, original: options.original ? options.original.meta : null, changed: function () { update(); } };
    var fields = form.fields.filter(function (field) { return !partial || form.translatable.indexOf(field.name) >= 0; });
    var controls = fields.map(function (field) { return control(field, field.name, context); });
    var section = el("div", { className: "cchc-compose__editor" });
    var intro = el("p", { className: "cchc-compose__mode" });
    section.appendChild(intro);
    if (partial) section.appendChild(el("p", { className: "cchc-compose__note", text: t("compose.translate_note") }));
    controls.forEach(function (c) { section.appendChild(c.element); });

    // the file's name: the title's slug until the editor changes it; fixed for a file that exists
    var nameId = uid("file"), nameHelp = nameId + "-help", nameError = errorLine(nameId + "-error");
    var nameInput = el("input", { id: nameId, type: "text", autocomplete: "off", spellcheck: "false" });
    var nameEdited = false;
    var suffix = partial ? ".en.md" : ".md";
    var nameBox = el("div", { className: "cchc-field cchc-compose__file" }, [
      el("label", { for: nameId, text: t("compose.file") }),
      el("p", { className: "cchc-field__help", id: nameHelp }),
      el("div", { className: "cchc-compose__filename" }, [el("span", { text: "docs/" + form.folder + "/" }), nameInput, el("span", { text: suffix })]),
      nameError]);
    describe(nameInput, [nameHelp]);
    if (options.file) {
      nameInput.value = options.file.split("/").pop().replace(/(\.en)?\.md$/, "");
      nameInput.readOnly = true;
    }
    nameInput.addEventListener("input", function () { nameEdited = true; });
    section.appendChild(nameBox);

    var bodyId = uid("body");
    var body = el("textarea", { id: bodyId, rows: 12, spellcheck: "true", className: "cchc-compose__body" });
    var originalBody = partial && options.original && options.original.body.trim() ? el("details", { className: "cchc-compose__original-body" }, [
      el("summary", { text: t("compose.original_body") }), el("div", { lang: "vi", text: options.original.body.trim() })]) : null;
    section.appendChild(el("div", { className: "cchc-field cchc-field--wide" }, [
      el("label", { for: bodyId, text: t("compose.body") }), el("p", { className: "cchc-field__help", id: bodyId + "-help", text: t("compose.body_help") }),
      originalBody, body]));
    describe(body, [bodyId + "-help"]);

    var preview = el("div", { className: "cchc-compose__preview-page" });
    var previewId = uid("preview");
    section.appendChild(el("section", { className: "cchc-compose__preview", "aria-labelledby": previewId }, [
      el("h2", { id: previewId, text: t("compose.preview") }), el("p", { className: "cchc-field__help", text: t("compose.preview_note") }), preview]));

    function freeName(stem) {
      var limit = form.slug_limit;
      for (var n = 1; ; n++) {
        var base = cut(stem, limit) + (n > 1 ? "-" + n : "");
        var src = form.folder + "/" + base;
        if (!taken[src + ".md"] && !taken[src + ".en.md"]) return base;
      }
    }

    function fileName() {
      if (options.file) return options.file;
      return form.folder + "/" + nameInput.value.trim().replace(/(\.en)?\.md$/i, "") + suffix;
    }

    function nameProblems() {
      if (options.file) return [];
      var stem = nameInput.value.trim().replace(/(\.en)?\.md$/i, "");
      if (!stem) return [{ message: t("compose.file_missing"), gloss: "" }];
      if (stem !== slugify(stem)) return [rules.slugProblem(stem + suffix, freeName(slugify(stem)) + suffix)];  // as make check names it
      if (taken[form.folder + "/" + stem + ".md"] || taken[form.folder + "/" + stem + ".en.md"]) {
        return [{ message: t("compose.file_taken", { file: form.folder + "/" + stem + ".md", suggestion: freeName(stem) + suffix }), gloss: "" }];
      }
      return [];
    }

    function meta() {
      var out = {};
      controls.forEach(function (c) { var value = c.value(); if (value !== undefined) out[c.field.name] = value; });
      return out;
    }

    function text() { return markdownFile(meta(), body.value.normalize("NFC")); }

    function problems() {
      var data = meta();
      var map = targets(controls, "", {});
      return { data: data, map: map, list: rules.validate(kind, data, partial, typedDates(map)), name: nameProblems() };
    }

    // each message beside its control (a field once left, or all once checked), the file name's beside it
    function render(all) {
      var found = problems();
      var beside = new Map();
      found.list.forEach(function (p) {
        if (!(all || tried || touched[p.path.split(".")[0]])) return;
        var target = found.map[p.path] || found.map[p.path.split(".")[0]];
        beside.set(target, (beside.get(target) || []).concat([p]));
      });
      allControls(controls, []).forEach(function (c) { c.show(beside.get(c) || []); });
      showErrors(nameError, nameInput, all || tried || nameEdited ? found.name : [], [nameHelp]);
      return found;
    }

    function drawPreview(data) {
      preview.textContent = "";
      var title = data[form.name_field] || (context.original && context.original[form.name_field]) || "…";
      if (kind === "plan" && (data.number || (context.original || {}).number)) {
        title = words["plan.title_prefix"] + " " + (data.number || context.original.number) + ": " + title;
      }
      preview.appendChild(el("p", { className: "cchc-compose__preview-title", text: title }));
      var facts = el("dl");
      fields.forEach(function (field) {
        var value = data[field.name];
        if (field.name === form.name_field || value === undefined) return;
        if (isScalar(value)) {
          var shown = field.date ? shownDate(value) : field.options ? optionLabel(field, value) : String(value);
          facts.appendChild(el("dt", { text: label(field) }));
          facts.appendChild(el("dd", { text: shown }));
        }
      });
      if (facts.childNodes.length) preview.appendChild(facts);
      fields.forEach(function (field) {
        var value = data[field.name];
        if (value === undefined || isScalar(value)) return;
        preview.appendChild(el("p", { className: "cchc-compose__preview-heading", text: label(field) }));
        var items = Array.isArray(value) ? value : [value];
        preview.appendChild(el("ul", {}, items.map(function (item) { return el("li", { text: flat(field.item || field, item) }); })));
      });
      body.value.split(/\n\s*\n/).forEach(function (block) {
        var heading = /^(#{1,6})\s+(.*)$/.exec(block.trim());
        if (heading) preview.appendChild(el("p", { className: "cchc-compose__preview-heading", text: heading[2] }));
        else if (block.trim()) preview.appendChild(el("p", { text: block.trim() }));
      });
    }

    function optionLabel(field, value) {
      var option = field.options.filter(function (o) { return o.value === value; })[0];
      return option ? option.label[lang] : String(value);
    }

    function flat(field, value) {
      if (isScalar(value)) return field.date ? shownDate(value) : field.options ? optionLabel(field, value) : String(value);
      return (field.fields || []).filter(function (f) { return value[f.name] !== undefined; }).map(function (f) {
        return label(f) + ": " + flat(f, value[f.name]);
      }).join(" · ");
    }

    function refresh() {
      clearTimeout(pending);
      if (current !== self) return;  // a pause in typing that ends after another file was chosen
      var found = render(false);
      if (!options.file && !nameEdited) nameInput.value = freeName(slugify(String(found.data[form.name_field] || "")));
      nameBox.querySelector(".cchc-field__help").textContent = t("compose.file_help", { path: "docs/" + fileName() });
      output.value = text();
      drawPreview(found.data);
    }
    var pending = null;
    function update() {  // after a pause in typing: every keystroke would redraw the preview
      clearTimeout(pending);
      pending = setTimeout(refresh, 150);
    }

    section.addEventListener("input", update);
    section.addEventListener("change", update);
    section.addEventListener("focusout", function (event) {  // a field's messages show once the editor has left it
      controls.forEach(function (c) { if (c.element.contains(event.target)) touched[c.field.name] = true; });
      update();
    });

    // values to start from: the file opened, or the original's lists of records for a new translation
    if (options.values) {
      controls.forEach(function (c) { c.set(options.values.meta[c.field.name]); });
      body.value = options.values.body.replace(/^\n+/, "");
    } else {
      // a new file: what `make new` fills (the agency's unit, its name); a new translation: the original's lists of
      // records, whose numbers and kinds the translation repeats
      var starts = partial ? {} : FORM.starts[kind] || {};
      controls.forEach(function (c) {
        var start = partial && c.field.type === "array" && c.field.item.type === "object" ? context.original[c.field.name] : starts[c.field.name];
        c.set(start);
      });
    }
    intro.textContent = options.file ? t(options.exists ? "compose.mode_edit" : "compose.mode_translate", { file: "docs/" + options.file })
      : t("compose.mode_new", { kind: form.label[lang] });

    var self = {
      element: section, kind: kind, exists: !!options.exists,
      file: fileName, text: text, refresh: refresh,
      check: function () {
        tried = true;
        refresh();
        var found = render(true);
        var all = found.list.map(function (p) { return { target: found.map[p.path] || found.map[p.path.split(".")[0]], problem: p }; });
        found.name.forEach(function (p) { all.push({ target: { focus: function () { nameInput.focus(); }, id: nameId }, problem: p }); });
        var at = function (each) { return document.getElementById(each.target.id); };
        return all.sort(function (a, b) {  // in the form's order, as make check lists a file's lines
          return at(a) === at(b) ? 0 : at(a).compareDocumentPosition(at(b)) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
        });
      }
    };
    return self;
  }

  // --- the controls around the editor: what to write, open, translate; check, send, download --------------

  var editors = {}, current = null;
  var holder = el("div", { className: "cchc-compose__holder" });
  var summary = el("div", { className: "cchc-compose__summary", tabindex: "-1", hidden: true });
  var outputId = uid("output");
  var output = el("textarea", { id: outputId, readonly: true, rows: 14, className: "cchc-compose__output", spellcheck: "false" });

  // one file at a time; each keeps what was typed while another is shown
  function show(key, make) {
    if (!editors[key]) editors[key] = make();
    place(editors[key]);
    current.refresh();
  }

  function place(chosen) {
    if (current) holder.removeChild(current.element);
    current = chosen;
    if (current) holder.appendChild(current.element);
    summary.hidden = true;
    actions.hidden = outputBox.hidden = !current;
  }

  var kindName = "cchc-compose-kind";
  var choices = el("fieldset", { className: "cchc-compose__kinds" }, [el("legend", { text: t("compose.choose") })].concat(
    ["article", "plan", "procedure", "translation"].map(function (kind) {
      var id = uid(kind);
      return el("span", { className: "cchc-compose__kind" }, [
        el("input", { type: "radio", name: kindName, id: id, value: kind }),
        el("label", { for: id, text: kind === "translation" ? t("compose.kind_translation") : FORM.kinds[kind].label[lang] })]);
    })));

  function pageOption(page) { return page.title + " — " + page.src; }
  var allPages = uid("pages");
  var pageList = el("datalist", { id: allPages }, PAGES.pages.map(function (page) { return el("option", { value: pageOption(page) }); }));

  function finder(key, helpKey, button) {
    var id = uid(key);
    var input = el("input", { id: id, type: "text", list: allPages, autocomplete: "off", spellcheck: "false" });
    var help = el("p", { className: "cchc-field__help", id: id + "-help", text: t(helpKey) });
    var line = errorLine(id + "-error");
    describe(input, [help.id]);
    var go = el("button", { type: "button", className: "md-button", text: t(button) });
    var box = el("div", { className: "cchc-field cchc-compose__finder" }, [el("label", { for: id, text: t(key) }), help,
      el("div", { className: "cchc-compose__finder-row" }, [input, go]), line]);
    return { element: box, input: input, button: go, fail: function (text) { showErrors(line, input, text ? [{ message: text }] : [], [help.id]); } };
  }

  function findPage(text) {
    text = text.trim();
    if (!text) return null;
    var folded = slugify(text);
    return PAGES.pages.filter(function (page) {
      return pageOption(page) === text || page.src === text || page.src === text + ".md" || page.number === text || page.code === text;
    })[0] || PAGES.pages.filter(function (page) { return slugify(page.title) === folded; })[0] || null;
  }

  function pageFile(src) {
    var page = pagesBySrc[src.replace(/\.en\.md$/, ".md")];
    return page ? load("p" + page.chunk).then(function (chunk) { return { page: page, data: chunk[src] }; }) : Promise.reject(new Error(src));
  }

  function openExisting(src) {
    return pageFile(src).then(function (found) {
      var translation = /\.en\.md$/.test(src);
      var start = function (original) {
        show("open:" + src, function () {
          return editor({ kind: found.page.kind, partial: translation, file: src, exists: true, values: found.data, original: original });
        });
        announce(t("compose.opened", { title: found.page.title, file: "docs/" + src }));
      };
      if (!translation) return start(null);
      return pageFile(found.page.src).then(function (original) { start(original.data); });
    });
  }

  function translate(src) {
    var page = pagesBySrc[src];
    if (!page) return Promise.reject(new Error(src));
    if (page.translations.en) return openExisting(page.translations.en);
    return pageFile(src).then(function (found) {
      var file = src.replace(/\.md$/, ".en.md");
      show("translate:" + src, function () { return editor({ kind: page.kind, partial: true, file: file, exists: false, original: found.data }); });
      announce(t("compose.translating", { title: page.title }));
    });
  }

  var opener = finder("compose.open", "compose.open_help", "compose.open_button");
  var translator = finder("compose.translate", "compose.translate_help", "compose.translate_button");
  translator.element.hidden = true;

  opener.button.addEventListener("click", function () {
    var typed = opener.input.value.trim(), page = findPage(typed);
    var translation = PAGES.pages.filter(function (each) { return each.translations.en === typed; })[0];  // a translation named by its file
    if (!page && !translation) { opener.fail(t("compose.not_found", { text: typed })); opener.input.focus(); return; }
    opener.fail("");
    choices.querySelectorAll("input").forEach(function (radio) { radio.checked = false; });
    translator.element.hidden = true;
    openExisting(translation ? typed : page.src);
  });
  translator.button.addEventListener("click", function () {
    var page = findPage(translator.input.value);
    if (!page) { translator.fail(t("compose.not_found", { text: translator.input.value.trim() })); translator.input.focus(); return; }
    translator.fail("");
    translate(page.src);
  });
  [opener, translator].forEach(function (f) {
    f.input.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); f.button.click(); } });
  });

  choices.addEventListener("change", function (event) {
    var kind = event.target.value;
    translator.element.hidden = kind !== "translation";
    if (kind === "translation") {
      place(null);
      translator.input.focus();
      return;
    }
    show("new:" + kind, function () { return editor({ kind: kind, partial: false }); });
  });

  // --- check, send, download ---------------------------------------------------------------------------

  function checked() {
    if (!current) return false;
    status.textContent = "";
    var all = current.check();
    summary.textContent = "";
    if (!all.length) { summary.hidden = true; return true; }
    var heading = el("p", { className: "cchc-compose__summary-title", text: t("compose.errors", { count: all.length }) });
    var list = el("ul", {}, all.map(function (each) {
      var link = el("a", { href: "#" + (each.target ? each.target.id : "") }, [
        el("span", { lang: "vi", text: (each.target && each.target.field ? label(each.target.field) + ": " : "") + each.problem.message })]);
      link.addEventListener("click", function (event) { event.preventDefault(); if (each.target) each.target.focus(); });
      return el("li", {}, [link]);
    }));
    summary.appendChild(heading);
    summary.appendChild(list);
    summary.hidden = false;
    summary.focus();
    return false;
  }

  function copy(text) {
    var done = navigator.clipboard && window.isSecureContext ? navigator.clipboard.writeText(text) : Promise.reject(new Error("no clipboard"));
    return done.catch(function () {  // the older way, from the text box itself
      outputBox.open = true;
      output.focus();
      output.select();
      if (!document.execCommand("copy")) throw new Error("copy refused");
    });
  }

  function send() {
    if (!checked()) return;
    var file = current.file(), name = file.split("/").pop(), folder = file.split("/").slice(0, -1).join("/");
    var text = current.text();
    if (current.exists) {
      var editUrl = repo.edit + "/" + file.split("/").map(encodeURIComponent).join("/");
      copy(text).then(function () { announce(t("compose.sent_edit"), { href: editUrl, text: t("compose.open_github") }); },
        function () { announce(t("compose.copy_failed"), { href: editUrl, text: t("compose.open_github") }); });
      window.open(editUrl, "_blank", "noopener");
      return;
    }
    var base = repo.new + "/" + folder.split("/").map(encodeURIComponent).join("/") + "?filename=" + encodeURIComponent(name);
    var full = base + "&value=" + encodeURIComponent(text);
    if (full.length <= URL_LIMIT) {
      announce(t("compose.sent"), { href: full, text: t("compose.open_github") });
      window.open(full, "_blank", "noopener");
      return;
    }
    copy(text).then(function () { announce(t("compose.sent_long", { limit: URL_LIMIT }), { href: base, text: t("compose.open_github") }); },
      function () { announce(t("compose.copy_failed"), { href: base, text: t("compose.open_github") }); });
    window.open(base, "_blank", "noopener");
  }

  function download() {
    if (!checked()) return;
    var file = current.file(), name = file.split("/").pop();
    var link = el("a", { href: URL.createObjectURL(new Blob([current.text()], { type: "text/markdown;charset=utf-8" })), download: name });
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    announce(t("compose.downloaded", { file: name, folder: "docs/" + file.split("/").slice(0, -1).join("/") }));
  }

  var checkButton = el("button", { type: "button", className: "md-button", text: t("compose.check") });
  var sendButton = repo ? el("button", { type: "button", className: "md-button md-button--primary", text: t("compose.send") }) : null;
  var downloadButton = el("button", { type: "button", className: "md-button" + (repo ? "" : " md-button--primary"), text: t("compose.download") });
  checkButton.addEventListener("click", function () { if (checked()) announce(t("compose.ok", { file: "docs/" + current.file() })); });
  if (sendButton) sendButton.addEventListener("click", send);
  downloadButton.addEventListener("click", download);
  var actions = el("div", { className: "cchc-compose__actions", hidden: true }, [checkButton, sendButton, downloadButton]);
  var outputBox = el("details", { className: "cchc-compose__file-text", hidden: true }, [
    el("summary", { text: t("compose.output") }),
    el("label", { for: outputId, className: "cchc-sr-only", text: t("compose.output") }), output]);

  root.textContent = "";
  [choices, translator.element, opener.element, pageList, holder, summary, actions, status, repo ? null : el("p", { className: "cchc-field__help", text: t("compose.no_repository") }), outputBox]
    .forEach(function (node) { if (node) root.appendChild(node); });

  var asked = new URLSearchParams(location.search);
  if (asked.get("mo")) {
    openExisting(asked.get("mo")).catch(function () { opener.fail(t("compose.not_found", { text: asked.get("mo") })); });
  } else if (asked.get("dich")) {
    choices.querySelector("input[value=translation]").checked = true;
    translator.element.hidden = false;
    translator.input.value = pagesBySrc[asked.get("dich")] ? pageOption(pagesBySrc[asked.get("dich")]) : asked.get("dich");
    translate(asked.get("dich")).catch(function () { translator.fail(t("compose.not_found", { text: asked.get("dich") })); });
  }
  }
})();
