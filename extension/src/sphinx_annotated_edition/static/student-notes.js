/* annotated_edition: student notes, kept in this browser and nowhere else.
 *
 * A reader selects words of the author's text on a chapter and adds a note;
 * or, from the keyboard, opens the "Add my note to ¶…" button before a
 * paragraph and selects or types the words. Each note is a W3C Web
 * Annotation: a FragmentSelector naming the paragraph (p3-2), refined by a
 * TextQuoteSelector (exact, and 32 characters of prefix and suffix) over the
 * paragraph's author's text: its words without the editors' labels and
 * markers, so that a note still anchors when the editors add or renumber
 * theirs. Selections are described and found again by Apache Annotator
 * (vendor/apache-annotator.js, the global EditionAnnotator), never by
 * matching text here.
 *
 * Everything is kept in localStorage under the key the page gives
 * (data-storage-key): { version, name, notes: [annotation], layers: [{id,
 * name, annotations}], hidden: [layer id], lost: {note id: true} }. No
 * request leaves the site: the "My notes" page reads the chapters from the
 * same site, to say which notes' passages are gone.
 *
 * A chapter loads it through student-notes-loader.js, only when the reader
 * has notes there or starts taking one; the loader gives the element it adds
 * its own data-* attributes, and this may then run long after the page was
 * loaded, on a selection already made. */
(() => {
  "use strict";
  const script = document.currentScript;
  const A = window.EditionAnnotator;
  const KEY = script && script.dataset.storageKey;
  if (!A || !KEY) return;
  const NOTES_PAGE = script.dataset.notesPage || "";
  const EDITION = script.dataset.edition || document.title;
  const ANNO = "http://www.w3.org/ns/anno.jsonld";
  const HTML_FRAGMENT = "http://tools.ietf.org/rfc/rfc3236";
  const AFFIX = 32; // characters of prefix and suffix, as in the editors' export
  const PARAS = "section.edition-verbatim p.edition-paragraph";
  const SKIP = ".editorial, .sn-ui"; // the editors' matter, and ours: not the author's text
  const MINE = "mine";

  // -- storage ------------------------------------------------------------------
  const blank = () => ({ version: 1, name: "", notes: [], layers: [], hidden: [], lost: {} });
  const load = () => {
    try {
      const data = JSON.parse(localStorage.getItem(KEY) || "null");
      if (data && typeof data === "object" && !Array.isArray(data)) {
        const out = { ...blank(), ...data };
        for (const list of ["notes", "layers", "hidden"]) if (!Array.isArray(out[list])) out[list] = [];
        if (!out.lost || typeof out.lost !== "object") out.lost = {};
        out.layers = out.layers.filter((l) => l && typeof l === "object" && Array.isArray(l.annotations));
        return out;
      }
    } catch (e) { /* unreadable: start again */ }
    return blank();
  };
  const save = (data) => {
    try { localStorage.setItem(KEY, JSON.stringify(data)); return true; }
    catch (e) { return false; }
  };

  // -- what the script says ----------------------------------------------------------
  // In English here; the page carries the same keys in its own language (the
  // block #annotated-edition-messages, from js_messages.py). A count is never
  // agreed with here: one message for one, another for more.
  const ENGLISH = {
    save: "Save",
    cancel: "Cancel",
    editMyNote: "Edit my note",
    myNote: "My note",
    writeFirstOrCancel: "Write your note first, or cancel.",
    writeFirst: "Write your note first.",
    delete: "Delete",
    deleteThisNote: "Delete this note",
    keepIt: "Keep it",
    deleteQuestion: "Delete this note?",
    noteFrom: "Note from {name}",
    noteNamed: "{name} on “{words}”",
    noteOn: "on “{words}”",
    backToPassage: "Back to the passage",
    edit: "Edit",
    noteSaved: "Note saved",
    noteDeleted: "Note deleted",
    changeNotKept: "This browser did not keep the change",
    myNotes: "My notes",
    importedNotes: "Imported notes",
    notesFrom: "Notes from {name}",
    switches: "Show or hide your notes and the notes you imported",
    lostOne: "One of the notes kept for this chapter is about words no longer found in it.",
    lostMany: "{count} of the notes kept for this chapter are about words no longer found in it.",
    lostKept: "They are kept.",
    lostKeptSee: "They are kept: see {link}.",
    myNoteOn: "My note on {label}",
    wordsOf: "The words of {label}",
    selectHint: "Select the words your note is about here, or type them in the next box.",
    wordsLabel: "The words your note is about",
    selectOrType: "Select or type the words your note is about.",
    notInParagraph: "These words are not in {label} as typed. Copy them exactly, quote marks and dashes too, or select them in the text above.",
    moreThanOnce: "These words are in {label} {count} times: select the one you mean in the text above, or type a few more words.",
    noteNotKept: "This browser did not let the page keep your note (its storage is full or switched off).",
    addMyNote: "Add my note",
    addMyNoteTo: "Add my note to {label}",
    nameKept: "Name kept: it goes into the files you export",
    noName: "No name: files you export carry none",
    exportMyNotes: "Export my notes",
    printMyNotes: "Print my notes",
    yourName: "Your name (optional)",
    nameHint: "Put in the files you export, so a teacher or classmate knows whose notes they are.",
    importLabel: "Import notes from a file",
    importHint: "A file of notes a classmate or teacher exported from this edition (W3C Web Annotation, .jsonld). Their notes are shown beside yours, with a switch of their own.",
    quoted: "“{words}”",
    noPassage: "(no passage)",
    added: "Added {date}",
    edited: "edited {date}",
    lostNoPassage: "Passage not found: this note names no passage.",
    lostNotChapter: "Passage not found: the note is about a page that is not a chapter of this edition.",
    lostLastOpened: "Passage not found when its chapter was last opened: the chapter no longer has these words. The note is kept.",
    lostGone: "Passage not found: the chapter no longer has these words. The note is kept, and exported with the others.",
    summaryOne: "1 note, kept in this browser.",
    summaryMany: "{count} notes, kept in this browser.",
    noNotesYet: "You have no notes yet. Open a chapter, select some of the author's words, and choose “Add my note”.",
    chapter: "Chapter {number}: {title}",
    otherPages: "Notes on other pages",
    importedIntro: "Shown on the chapters beside your own, each with a switch of its own.",
    remove: "Remove",
    removeNotesFrom: "Remove the notes from {name}",
    removed: "Notes from {name} removed",
    layerOne: "1 note, imported {date}",
    layerMany: "{count} notes, imported {date}",
    nothingToExport: "You have no notes to export yet",
    collectionBy: "Notes by {name}: {edition}",
    collectionMine: "My notes: {edition}",
    exportedOne: "1 note exported to {file}",
    exportedMany: "{count} notes exported to {file}",
    nothingToImport: "{file} holds no notes this edition can show",
    importNotKept: "This browser did not let the page keep the imported notes",
    importedOne: "Imported 1 note from {name}: shown on the chapters with a switch of their own",
    importedMany: "Imported {count} notes from {name}: shown on the chapters with a switch of their own",
  };
  let messages = null;
  const messageOf = (key) => {
    if (!messages) {
      // student-notes-messages.js, in the build's language (js_messages.py)
      messages = window.annotatedEditionStudentNotesMessages || {};
    }
    return typeof messages[key] === "string" ? messages[key] : ENGLISH[key];
  };
  // the message *key*, its {name} placeholders filled from *values*
  const t = (key, values = {}) => messageOf(key).replace(/\{(\w+)\}/g,
    (whole, name) => (name in values ? String(values[name]) : whole));
  // the same, as a list of text and nodes: a placeholder may be an element (a link)
  const tNodes = (key, values = {}) => messageOf(key).split(/(\{\w+\})/).filter(Boolean).map((part) => {
    const name = /^\{(\w+)\}$/.test(part) && part.slice(1, -1);
    if (!name || !(name in values)) return part;
    return values[name] instanceof Node ? values[name] : String(values[name]);
  });

  // -- small helpers ----------------------------------------------------------------
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      node.setAttribute(name, value === true ? "" : String(value));
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  };
  const uuid = () => {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  const stamp = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const keyOf = (id) => String(id).replace(/^urn:uuid:/, "").toLowerCase().replace(/[^a-z0-9-]+/g, "-");
  const short = (text, n) => (text.length > n ? text.slice(0, n - 1).trimEnd() + "…" : text);
  const when = (iso) => {
    const d = new Date(iso);
    if (isNaN(d)) return "";
    // in the page's language, like its words
    const options = { dateStyle: "medium", timeStyle: "short" };
    try { return d.toLocaleString(document.documentElement.lang || undefined, options); }
    catch (e) { return d.toLocaleString(undefined, options); }
  };
  // the live region is in the page before anything is said in it, or screen
  // readers may not hear the first message
  let region = null;
  const liveRegion = () => {
    if (!region) {
      region = el("div", { class: "sn-status sn-ui", role: "status" });
      document.body.append(region);
    }
    return region;
  };
  const announce = (message) => {
    liveRegion().textContent = "";
    window.setTimeout(() => { region.textContent = message; }, 50);
  };

  // -- annotations ------------------------------------------------------------------
  const pageAddress = () => {
    const url = new URL(location.href);
    url.hash = "";
    url.search = "";
    return url.href;
  };
  const pathOf = (url) => {
    try { return decodeURIComponent(new URL(url, location.href).pathname); } catch (e) { return ""; }
  };
  const ROOT = new URL(document.documentElement.dataset.content_root || "./", location.href);
  const HERE = pathOf(location.href).slice(pathOf(ROOT.href).length); // chapters/03-….html
  // a note is on the page *uri* (from the site's root) when its source ends with it:
  // the same edition served from another address (a classmate's copy) still matches
  const isOn = (source, uri) => {
    if (!uri) return false;
    const path = pathOf(source);
    return path === pathOf(new URL(uri, ROOT).href) || path.endsWith("/" + uri);
  };
  const quoteSelector = (q) => ({
    type: "TextQuoteSelector", exact: q.exact,
    prefix: typeof q.prefix === "string" ? q.prefix : "",
    suffix: typeof q.suffix === "string" ? q.suffix : "",
  });
  // what a note is anchored to: its page, paragraph and quote
  const anchorOf = (anno) => {
    if (!anno || typeof anno !== "object") return null;
    const target = Array.isArray(anno.target) ? anno.target[0] : anno.target;
    if (!target || typeof target !== "object") return null;
    const source = String(target.source || target.id || "");
    for (const s of [].concat(target.selector || [])) {
      if (!s || typeof s !== "object") continue;
      const refined = s.refinedBy;
      if (s.type === "FragmentSelector" && refined && refined.type === "TextQuoteSelector"
          && typeof refined.exact === "string" && refined.exact) {
        return { source, paragraph: String(s.value || "").replace(/^#/, ""), quote: quoteSelector(refined) };
      }
      if (s.type === "TextQuoteSelector" && typeof s.exact === "string" && s.exact) {
        return { source, paragraph: "", quote: quoteSelector(s) };
      }
    }
    return null;
  };
  // a note's text: its textual bodies, as text (an HTML body is never put in the page as HTML)
  const bodyText = (anno) => {
    const texts = typeof anno.bodyValue === "string" ? [anno.bodyValue] : [];
    for (const body of [].concat(anno.body || [])) {
      if (!body || typeof body !== "object" || typeof body.value !== "string") continue;
      if (body.type && body.type !== "TextualBody") continue;
      texts.push(/html/.test(body.format || "")
        ? new DOMParser().parseFromString(body.value, "text/html").body.textContent.trim()
        : body.value);
    }
    return texts.filter(Boolean).join("\n");
  };
  const labelOf = (p) => {
    const label = p.querySelector("a.edition-plabel");
    return label ? label.textContent.trim() : "¶" + p.id.replace(/^p/, "").replace("-", ".");
  };
  const paragraphOf = (anchor) => (anchor.paragraph ? "¶" + anchor.paragraph.replace(/^p/, "").replace("-", ".") : "");

  // -- the author's text of a paragraph ---------------------------------------------
  // A copy of the paragraph without the editors' matter; its text nodes are the
  // page's own, in order, so a place in one is a place in the other.
  const textNodes = (root, skipping) => {
    const filter = skipping ? {
      acceptNode(node) {
        const skipped = node.parentElement && node.parentElement.closest(SKIP);
        return skipped && root.contains(skipped) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    } : null;
    const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT, filter);
    const out = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) out.push(node);
    return out;
  };
  const authorOf = (p) => {
    const copy = p.cloneNode(true);
    copy.querySelectorAll(SKIP).forEach((e) => e.remove());
    const mine = textNodes(copy, false);
    return { p, copy, live: textNodes(p, true), mine, text: mine.map((n) => n.data).join("") };
  };
  // a point (node, offset) as an offset in the author's text of *nodes*
  const offsetOf = (nodes, node, offset) => {
    if (!nodes.length) return 0;
    const point = node.ownerDocument.createRange();
    point.setStart(node, offset);
    let total = 0;
    for (const text of nodes) {
      if (text === node) return total + Math.min(offset, text.data.length);
      if (point.comparePoint(text, 0) > 0) return total; // the point is before this text
      total += text.data.length;
    }
    return total;
  };
  const pointAt = (nodes, offset, isEnd) => {
    let total = 0;
    for (let i = 0; i < nodes.length; i++) {
      const length = nodes[i].data.length;
      if (isEnd ? offset <= total + length : offset < total + length) return [i, offset - total];
      total += length;
    }
    return [nodes.length - 1, nodes[nodes.length - 1].data.length];
  };
  const rangeIn = (nodes, start, end) => {
    const [si, so] = pointAt(nodes, start, false);
    const [ei, eo] = pointAt(nodes, end, true);
    const range = nodes[0].ownerDocument.createRange();
    range.setStart(nodes[si], so);
    range.setEnd(nodes[ei], eo);
    return range;
  };

  // -- describing and finding, with Apache Annotator --------------------------------
  const matches = async (a, quote) => {
    const found = [];
    if (!a.mine.length) return found;
    for await (const range of A.createTextQuoteSelectorMatcher(quote)(a.copy)) {
      found.push([offsetOf(a.mine, range.startContainer, range.startOffset),
        offsetOf(a.mine, range.endContainer, range.endOffset)]);
      if (found.length > 20) break;
    }
    return found;
  };
  // the words from *start* to *end*, with 32 characters either side; the
  // library's own context when those 32 do not tell the passage apart
  const describe = async (a, start, end) => {
    const described = await A.describeTextQuote(rangeIn(a.mine, start, end), a.copy);
    const quote = {
      type: "TextQuoteSelector", exact: described.exact,
      prefix: a.text.slice(Math.max(0, start - AFFIX), start), suffix: a.text.slice(end, end + AFFIX),
    };
    const found = await matches(a, quote);
    if (found.length === 1 && found[0][0] === start && found[0][1] === end) return quote;
    return quoteSelector(described);
  };
  // where a note's passage is in *doc*: in its paragraph with its context;
  // failing that, its words once in its paragraph, or once in the chapter
  const locate = async (doc, anchor) => {
    const paras = [...doc.querySelectorAll(PARAS)];
    const home = anchor.paragraph ? paras.find((p) => p.id === anchor.paragraph) : null;
    const words = { type: "TextQuoteSelector", exact: anchor.quote.exact };
    const tries = home ? [[[home], anchor.quote, false], [[home], words, true]] : [];
    tries.push([paras, anchor.quote, true], [paras, words, true]);
    for (const [where, quote, once] of tries) {
      const hits = [];
      for (const p of where) {
        const a = authorOf(p);
        for (const [start, end] of await matches(a, quote)) hits.push({ a, start, end });
        if (hits.length > 1) break;
      }
      if (hits.length === 1 || (!once && hits.length)) return hits[0];
    }
    return null;
  };

  // -- forms ------------------------------------------------------------------------
  let formCount = 0;
  const field = (form, id, label, control, hint) => {
    form.append(el("label", { for: id, class: "sn-label" }, label));
    if (hint) form.append(el("p", { class: "sn-hint", id: id + "-hint" }, hint));
    control.id = id;
    if (hint) control.setAttribute("aria-describedby", id + "-hint");
    form.append(control);
    return control;
  };
  const errorOf = (form) => form.querySelector(".sn-error");
  const fail = (form, control, message) => {
    const error = errorOf(form);
    error.textContent = message;
    error.hidden = false;
    control.setAttribute("aria-invalid", "true");
    const described = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (!described.includes(error.id)) control.setAttribute("aria-describedby", [...described, error.id].join(" "));
    control.focus();
  };
  const buttons = (onCancel, saveLabel = t("save")) => {
    const cancel = el("button", { type: "button", class: "sn-button" }, t("cancel"));
    cancel.addEventListener("click", onCancel);
    return el("div", { class: "sn-form-buttons" },
      el("button", { type: "submit", class: "sn-button sn-button-primary" }, saveLabel), " ", cancel);
  };
  // a form to edit a note's text: *onSave(text)* keeps it
  const editForm = (anno, onSave, onCancel) => {
    const n = ++formCount;
    const form = el("form", { class: "sn-form sn-ui", "aria-label": t("editMyNote"), novalidate: true });
    const text = field(form, `sn-form-${n}-text`, t("myNote"), el("textarea", { rows: 4, class: "sn-textarea" }));
    text.value = bodyText(anno);
    form.append(el("p", { class: "sn-error", id: `sn-form-${n}-error`, hidden: true, role: "alert" }),
      buttons(onCancel));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!text.value.trim()) { fail(form, text, t("writeFirstOrCancel")); return; }
      onSave(text.value.trim());
    });
    form.addEventListener("keydown", (event) => { if (event.key === "Escape") onCancel(); });
    return { form, focus: () => text.focus() };
  };
  const editNote = (id, value) => {
    const data = load();
    const anno = data.notes.find((n) => n.id === id);
    if (!anno) return false;
    anno.body = { type: "TextualBody", value, format: "text/plain", purpose: "commenting" };
    anno.modified = stamp();
    return save(data);
  };
  const deleteNote = (id) => {
    const data = load();
    data.notes = data.notes.filter((n) => n.id !== id);
    delete data.lost[id];
    return save(data);
  };
  // "Delete" asks once, in place
  const deleteButton = (onDelete) => {
    const wrap = el("span", { class: "sn-delete" });
    const ask = el("button", { type: "button", class: "sn-button" }, t("delete"));
    wrap.append(ask);
    ask.addEventListener("click", () => {
      const yes = el("button", { type: "button", class: "sn-button sn-button-danger" }, t("deleteThisNote"));
      const no = el("button", { type: "button", class: "sn-button" }, t("keepIt"));
      const question = el("span", { class: "sn-confirm", role: "group", "aria-label": t("deleteQuestion") },
        t("deleteQuestion") + " ", yes, " ", no);
      wrap.replaceChildren(question);
      yes.addEventListener("click", onDelete);
      no.addEventListener("click", () => { wrap.replaceChildren(ask); ask.focus(); });
      no.focus();
    });
    return wrap;
  };

  // -- a chapter ----------------------------------------------------------------------
  const chapterPage = (paras) => {
    let removers = [];
    let queue = Promise.resolve();
    // the reader's notes come right after their paragraph, before the editors'
    const afterParagraph = (p) => {
      let last = p;
      while (last.nextElementSibling && last.nextElementSibling.matches("aside.sn-note, .sn-form")) {
        last = last.nextElementSibling;
      }
      return last;
    };
    const clear = () => {
      removers.forEach((remove) => remove());
      removers = [];
      document.querySelectorAll(".sn-rendered").forEach((e) => e.remove());
      paras.forEach((p) => p.normalize());
    };
    const apply = (hidden) => {
      document.querySelectorAll("[data-sn-layer]").forEach((e) => {
        if (e.matches("input")) e.checked = !hidden.includes(e.dataset.snLayer);
        else e.classList.toggle("sn-hidden", hidden.includes(e.dataset.snLayer));
      });
    };

    const paint = (layer, anno, hit, index) => {
      const key = (layer.id === MINE ? "" : `l${index}-`) + keyOf(anno.id);
      const { a, start, end } = hit;
      const [si, so] = pointAt(a.live, start, false);
      const [ei, eo] = pointAt(a.live, end, true);
      const attrs = { class: "sn-highlight" + (layer.id === MINE ? "" : " sn-imported"),
        "data-sn": key, "data-sn-layer": layer.id };
      for (let i = si; i <= ei; i++) {
        const node = a.live[i];
        const from = i === si ? so : 0;
        const to = i === ei ? eo : node.data.length;
        if (to <= from) continue;
        const range = document.createRange();
        range.setStart(node, from);
        range.setEnd(node, to);
        removers.push(A.highlightText(range, "mark", attrs));
      }
      const marks = [...a.p.querySelectorAll(`mark[data-sn="${key}"]`)];
      if (!marks.length) return null;
      marks[0].id = "sn-passage-" + key;
      const name = layer.id === MINE ? t("myNote") : t("noteFrom", { name: layer.name });
      const marker = el("a", {
        class: "sn-marker sn-ui sn-rendered" + (layer.id === MINE ? "" : " sn-imported"),
        href: "#sn-note-" + key, "data-sn-layer": layer.id,
        "data-label": layer.id === MINE ? t("myNote") : short(layer.name, 24),
        "aria-label": t("noteNamed", { name, words: short(a.text.slice(start, end), 60) }),
      });
      let at = marks[marks.length - 1];
      const link = at.parentElement.closest("a");
      if (link && a.p.contains(link)) at = link; // never a link inside a link
      at.after(marker);

      const box = el("aside", {
        class: "sn-note sn-ui sn-rendered" + (layer.id === MINE ? "" : " sn-imported"),
        id: "sn-note-" + key, role: "note", "aria-label": name, tabindex: "-1", "data-sn-layer": layer.id,
      });
      const text = el("p", { class: "sn-note-text" }, bodyText(anno));
      const actions = el("p", { class: "sn-note-actions" },
        el("a", { href: "#sn-passage-" + key, class: "sn-back" }, t("backToPassage")));
      box.append(el("p", { class: "sn-note-head" }, el("span", { class: "sn-badge" }, name),
        " ", el("span", { class: "sn-note-on" }, t("noteOn", { words: short(a.text.slice(start, end), 90) }))), text, actions);
      if (layer.id === MINE) {
        const edit = el("button", { type: "button", class: "sn-button" }, t("edit"));
        edit.addEventListener("click", () => {
          const { form, focus } = editForm(anno, (value) => {
            if (editNote(anno.id, value)) done(t("noteSaved"), "sn-note-" + key);
            else announce(t("changeNotKept"));
          }, () => { form.replaceWith(text, actions); edit.focus(); });
          text.remove();
          actions.replaceWith(form);
          focus();
        });
        actions.append(" ", edit, " ", deleteButton(() => {
          if (deleteNote(anno.id)) done(t("noteDeleted"), null, a.p);
        }));
      }
      afterParagraph(a.p).after(box);
      return box;
    };

    const draw = async () => {
      clear();
      const data = load();
      const layers = [{ id: MINE, name: t("myNotes"), annotations: data.notes },
        ...data.layers.map((l) => ({ id: String(l.id), name: String(l.name || t("importedNotes")), annotations: l.annotations }))];
      const lost = [];
      const shown = new Map();
      let lostChanged = false;
      for (const [index, layer] of layers.entries()) {
        for (const anno of layer.annotations) {
          const anchor = anchorOf(anno);
          if (!anchor || !isOn(anchor.source, HERE)) continue;
          const hit = await locate(document, anchor);
          const box = hit ? paint(layer, anno, hit, index) : null;
          if (box) shown.set(layer.id, layer);
          else lost.push(anno);
          if (layer.id === MINE && Boolean(data.lost[anno.id]) !== !box) {
            if (box) delete data.lost[anno.id];
            else data.lost[anno.id] = true;
            lostChanged = true;
          }
        }
      }
      if (lostChanged) save({ ...load(), lost: data.lost });
      const controls = document.querySelector(".annotation-controls");
      if (shown.size) {
        const group = el("span", { class: "sn-switches sn-ui sn-rendered", role: "group",
          "aria-label": t("switches") });
        for (const layer of shown.values()) {
          const box = el("input", { type: "checkbox", checked: true, "data-sn-layer": layer.id });
          box.addEventListener("change", () => {
            const now = load();
            now.hidden = now.hidden.filter((h) => h !== layer.id);
            if (!box.checked) now.hidden.push(layer.id);
            save(now);
            apply(now.hidden);
          });
          group.append(el("label", { class: "annotation-toggle sn-toggle" }, box, " ",
            el("span", { class: "sn-badge" + (layer.id === MINE ? "" : " sn-imported") },
              layer.id === MINE ? t("myNotes") : t("notesFrom", { name: layer.name }))));
        }
        if (controls) controls.append(group);
        else paras[0].before(el("div", { class: "sn-bar sn-ui sn-rendered" }, group));
      }
      if (lost.length) {
        const notice = el("p", { class: "sn-lost sn-ui sn-rendered", role: "note" },
          (lost.length === 1 ? t("lostOne") : t("lostMany", { count: lost.length })) + " ",
          ...(NOTES_PAGE ? tNodes("lostKeptSee", { link: el("a", { href: NOTES_PAGE }, t("myNotes")) })
            : [t("lostKept")]));
        (controls || paras[0]).before(notice);
      }
      apply(data.hidden);
    };
    const render = () => (queue = queue.then(draw, draw));

    // after a change: redraw, say so, and put the focus where the reader is
    const done = (message, focusId, paragraph) => {
      render().then(() => {
        announce(message);
        const target = focusId && document.getElementById(focusId);
        if (target) target.focus();
        else if (paragraph) (paragraph.previousElementSibling && paragraph.previousElementSibling.matches(".sn-para-add")
          ? paragraph.previousElementSibling : paragraph.querySelector("a") || document.body).focus();
      });
    };

    const closeForms = () => document.querySelectorAll(".sn-form.sn-new").forEach((f) => f.remove());
    // the form for a new note: on words already chosen (a selection), or with
    // the paragraph's text to select or type them in (from the keyboard)
    const openForm = (p, chosen, opener) => {
      closeForms();
      const n = ++formCount;
      const label = labelOf(p);
      const a = authorOf(p);
      const title = el("p", { class: "sn-form-title", id: `sn-form-${n}-title` }, t("myNoteOn", { label }));
      const form = el("form", { class: "sn-form sn-new sn-ui", "aria-labelledby": title.id, novalidate: true }, title);
      let paragraph = null;
      let words = null;
      let picked = null;
      if (chosen) {
        form.append(el("blockquote", { class: "sn-form-quote" }, el("p", {}, t("quoted", { words: a.text.slice(chosen[0], chosen[1]) }))));
      } else {
        // not `readonly`: a browser then lets no caret into it, and the keyboard
        // could not select; its words are kept as they are instead
        paragraph = field(form, `sn-form-${n}-para`, t("wordsOf", { label }),
          el("textarea", { rows: Math.min(12, Math.max(3, Math.ceil(a.text.length / 70))),
            "aria-readonly": "true", class: "sn-textarea sn-paragraph-text" }),
          t("selectHint"));
        paragraph.value = a.text;
        paragraph.addEventListener("beforeinput", (event) => event.preventDefault());
        paragraph.addEventListener("input", () => { paragraph.value = a.text; });
        paragraph.setSelectionRange(0, 0);
        words = field(form, `sn-form-${n}-words`, t("wordsLabel"),
          el("input", { type: "text", class: "sn-input", autocomplete: "off", spellcheck: "false" }));
        const pick = () => {
          const { selectionStart: s, selectionEnd: e } = paragraph;
          if (e > s) { picked = [s, e]; words.value = a.text.slice(s, e); }
        };
        ["select", "keyup", "mouseup"].forEach((type) => paragraph.addEventListener(type, pick));
        words.addEventListener("input", () => { picked = null; });
      }
      const text = field(form, `sn-form-${n}-text`, t("myNote"), el("textarea", { rows: 4, class: "sn-textarea" }));
      form.append(el("p", { class: "sn-error", id: `sn-form-${n}-error`, hidden: true, role: "alert" }));
      const cancel = () => { form.remove(); if (opener) opener.focus(); };
      form.append(buttons(cancel));
      form.addEventListener("keydown", (event) => { if (event.key === "Escape") cancel(); });
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const now = authorOf(p);
        let span = chosen;
        if (!span) {
          const raw = words.value;
          const typed = raw.trim();
          if (!typed) { fail(form, words, t("selectOrType")); return; }
          const found = await matches(now, { type: "TextQuoteSelector", exact: typed });
          if (!found.length) {
            fail(form, words, t("notInParagraph", { label }));
            return;
          }
          if (found.length > 1) {
            const lead = raw.length - raw.trimStart().length;
            span = picked && found.find((f) => f[0] === picked[0] + lead);
            if (!span) {
              fail(form, words, t("moreThanOnce", { label, count: found.length }));
              return;
            }
          } else span = found[0];
        }
        if (!text.value.trim()) { fail(form, text, t("writeFirst")); return; }
        const quote = await describe(now, span[0], span[1]);
        const anno = {
          "@context": ANNO, id: "urn:uuid:" + uuid(), type: "Annotation", motivation: "commenting",
          created: stamp(), modified: stamp(),
          body: { type: "TextualBody", value: text.value.trim(), format: "text/plain", purpose: "commenting" },
          target: { source: pageAddress(), selector: {
            type: "FragmentSelector", conformsTo: HTML_FRAGMENT, value: p.id, refinedBy: quote } },
        };
        const data = load();
        data.notes.push(anno);
        if (!save(data)) { fail(form, text, t("noteNotKept")); return; }
        form.remove();
        window.getSelection().removeAllRanges();
        done(t("noteSaved"), "sn-note-" + keyOf(anno.id));
      });
      afterParagraph(p).after(form);
      (paragraph || text).focus();
    };

    // a selection of the author's words: where it starts and ends in its paragraph
    const paragraphAt = (node) => {
      const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
      return element && element.closest(PARAS);
    };
    const selected = () => {
      const selection = window.getSelection();
      if (!selection || !selection.rangeCount || selection.isCollapsed) return null;
      const range = selection.getRangeAt(0);
      const p = paragraphAt(range.startContainer);
      if (!p) return null;
      const a = authorOf(p);
      let start = offsetOf(a.live, range.startContainer, range.startOffset);
      let end;
      const endP = paragraphAt(range.endContainer);
      if (endP === p) end = offsetOf(a.live, range.endContainer, range.endOffset);
      else if (endP && offsetOf(authorOf(endP).live, range.endContainer, range.endOffset) > 0) return null;
      else if (p.compareDocumentPosition(range.endContainer) & Node.DOCUMENT_POSITION_FOLLOWING) {
        end = a.text.length; // dragged past the paragraph's end (a triple click does)
      } else return null;
      while (start < end && /\s/.test(a.text[start])) start++;
      while (end > start && /\s/.test(a.text[end - 1])) end--;
      return end > start ? { p, start, end, rect: range.getBoundingClientRect() } : null;
    };
    const adder = el("button", { type: "button", class: "sn-add sn-ui", hidden: true }, t("addMyNote"));
    document.body.append(adder);
    let pending = null;
    let timer = 0;
    // pressing the button must not take the selection away
    adder.addEventListener("mousedown", (event) => event.preventDefault());
    adder.addEventListener("click", () => {
      if (!pending) return;
      const { p, start, end } = pending;
      adder.hidden = true;
      openForm(p, [start, end], null);
    });
    const offer = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        pending = selected();
        if (!pending) { adder.hidden = true; return; }
        adder.hidden = false;
        const width = adder.offsetWidth;
        const page = document.documentElement.clientWidth;
        const left = Math.max(8, Math.min(pending.rect.left, page - width - 8));
        adder.style.left = (left + window.scrollX) + "px";
        adder.style.top = (pending.rect.bottom + window.scrollY + 6) + "px";
      }, 120);
    };
    document.addEventListener("selectionchange", offer);
    // loaded because words were selected: offer the note on those words now,
    // without waiting for the reader to select them again
    offer();
    // from the keyboard: a button before each paragraph, shown when it has the focus
    paras.forEach((p) => {
      const button = el("button", { type: "button", class: "sn-para-add sn-ui" }, t("addMyNoteTo", { label: labelOf(p) }));
      button.addEventListener("click", () => openForm(p, null, button));
      p.before(button);
    });
    window.addEventListener("storage", (event) => { if (event.key === KEY) render(); });
    render().then(() => {
      const target = location.hash.startsWith("#sn-") && document.getElementById(location.hash.slice(1));
      if (target) {
        target.scrollIntoView({ block: "center" });
        target.classList.add("sn-target");
        if (target.matches("aside")) target.focus({ preventScroll: true });
      }
    });
  };

  // -- the "My notes" page ---------------------------------------------------------------
  const notesPage = (root) => {
    let chapters = [];
    try { chapters = JSON.parse(root.dataset.chapters || "[]"); } catch (e) { chapters = []; }
    root.replaceChildren();
    const checks = new Map(); // chapter uri -> Promise of its parsed page, or null
    const pageOf = (uri) => {
      const chapter = chapters.find((c) => c.uri === uri);
      if (!checks.has(uri)) {
        checks.set(uri, fetch(chapter.href, { credentials: "same-origin" })
          .then((r) => (r.ok ? r.text() : Promise.reject(new Error(r.status))))
          .then((html) => new DOMParser().parseFromString(html, "text/html"))
          .catch(() => null));
      }
      return checks.get(uri);
    };

    const tools = el("div", { class: "sn-tools sn-ui" });
    const name = el("input", { type: "text", class: "sn-input", autocomplete: "name" });
    name.value = load().name || "";
    name.addEventListener("change", () => {
      const data = load();
      data.name = name.value.trim();
      save(data);
      announce(data.name ? t("nameKept") : t("noName"));
    });
    const nameId = "sn-name";
    name.id = nameId;
    name.setAttribute("aria-describedby", nameId + "-hint");
    const exportButton = el("button", { type: "button", class: "sn-button sn-button-primary" }, t("exportMyNotes"));
    const printButton = el("button", { type: "button", class: "sn-button" }, t("printMyNotes"));
    const importInput = el("input", { type: "file", id: "sn-import", class: "sn-file",
      accept: ".jsonld,.json,application/ld+json,application/json" });
    tools.append(
      el("p", { class: "sn-field" }, el("label", { for: nameId, class: "sn-label" }, t("yourName")),
        el("span", { class: "sn-hint", id: nameId + "-hint" }, t("nameHint")),
        name),
      el("p", { class: "sn-actions" }, exportButton, " ", printButton),
      el("p", { class: "sn-field" }, el("label", { for: "sn-import", class: "sn-label" }, t("importLabel")),
        el("span", { class: "sn-hint", id: "sn-import-hint" }, t("importHint")),
        importInput));
    importInput.setAttribute("aria-describedby", "sn-import-hint");
    const list = el("div", { class: "sn-list" });
    const layersBox = el("div", { class: "sn-layers" });
    root.append(tools, list, layersBox);

    const entry = (anno, chapter) => {
      const anchor = anchorOf(anno);
      const key = keyOf(anno.id);
      const item = el("li", { class: "sn-entry", id: "sn-entry-" + key, tabindex: "-1" });
      const where = anchor ? paragraphOf(anchor) : "";
      const quote = anchor ? t("quoted", { words: anchor.quote.exact }) : t("noPassage");
      const passage = chapter && anchor
        ? el("a", { href: `${chapter.href}#sn-passage-${key}` }, quote) : el("span", {}, quote);
      const status = el("p", { class: "sn-entry-status", hidden: true });
      const text = el("p", { class: "sn-entry-text" }, bodyText(anno));
      const dates = el("p", { class: "sn-entry-meta" },
        (where ? where + " · " : "") + t("added", { date: when(anno.created) })
        + (anno.modified && anno.modified !== anno.created ? " · " + t("edited", { date: when(anno.modified) }) : ""));
      const actions = el("p", { class: "sn-entry-actions" });
      const edit = el("button", { type: "button", class: "sn-button" }, t("edit"));
      actions.append(edit, " ", deleteButton(() => {
        if (!deleteNote(anno.id)) return;
        const next = item.nextElementSibling || item.previousElementSibling;
        draw();
        announce(t("noteDeleted"));
        const again = next && document.getElementById(next.id);
        (again || document.querySelector("h1")).focus();
      }));
      edit.addEventListener("click", () => {
        const { form, focus } = editForm(anno, (value) => {
          if (!editNote(anno.id, value)) { announce(t("changeNotKept")); return; }
          draw();
          announce(t("noteSaved"));
          const again = document.getElementById(item.id);
          if (again) again.focus();
        }, () => { form.replaceWith(text, actions); edit.focus(); });
        text.remove();
        actions.replaceWith(form);
        focus();
      });
      item.append(el("blockquote", { class: "sn-entry-quote" }, el("p", {}, passage)), status, text, dates, actions);
      const lost = (message) => {
        status.hidden = false;
        status.textContent = message;
        item.classList.add("sn-entry-lost");
        item.dataset.checked = "lost";
      };
      if (!anchor) lost(t("lostNoPassage"));
      else if (!chapter) lost(t("lostNotChapter"));
      else {
        // read the chapter (from this site) and look for the passage there
        pageOf(chapter.uri).then(async (doc) => {
          if (!doc) {
            if (load().lost[anno.id]) lost(t("lostLastOpened"));
            else item.dataset.checked = "unknown";
          } else if (await locate(doc, anchor)) item.dataset.checked = "found";
          else lost(t("lostGone"));
        });
      }
      return item;
    };

    const draw = () => {
      const data = load();
      list.replaceChildren();
      const byChapter = new Map(chapters.map((c) => [c.uri, []]));
      const elsewhere = [];
      for (const anno of data.notes) {
        const anchor = anchorOf(anno);
        const chapter = anchor && chapters.find((c) => isOn(anchor.source, c.uri));
        (chapter ? byChapter.get(chapter.uri) : elsewhere).push(anno);
      }
      const order = (anno) => {
        const anchor = anchorOf(anno);
        const nums = (anchor && anchor.paragraph.match(/\d+/g)) || [];
        return nums.map(Number);
      };
      const compare = (x, y) => {
        const [a, b] = [order(x), order(y)];
        for (let i = 0; i < Math.max(a.length, b.length); i++) {
          if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) - (b[i] || 0);
        }
        return String(x.created).localeCompare(String(y.created));
      };
      const total = data.notes.length;
      list.append(el("p", { class: "sn-summary" }, total
        ? (total === 1 ? t("summaryOne") : t("summaryMany", { count: total }))
        : t("noNotesYet")));
      for (const chapter of chapters) {
        const notes = byChapter.get(chapter.uri).sort(compare);
        if (!notes.length) continue;
        list.append(el("h2", { class: "sn-chapter" }, el("a", { href: chapter.href },
          t("chapter", { number: chapter.number, title: chapter.title }))),
        el("ol", { class: "sn-entries" }, ...notes.map((n) => entry(n, chapter))));
      }
      if (elsewhere.length) {
        list.append(el("h2", { class: "sn-chapter" }, t("otherPages")),
          el("ol", { class: "sn-entries" }, ...elsewhere.map((n) => entry(n, null))));
      }
      exportButton.disabled = !total;
      drawLayers(data);
    };
    const drawLayers = (data) => {
      layersBox.replaceChildren();
      if (!data.layers.length) return;
      layersBox.append(el("h2", {}, t("importedNotes")),
        el("p", {}, t("importedIntro")));
      const ul = el("ul", { class: "sn-layer-list" });
      for (const layer of data.layers) {
        const remove = el("button", { type: "button", class: "sn-button" }, t("remove"));
        remove.setAttribute("aria-label", t("removeNotesFrom", { name: layer.name }));
        remove.addEventListener("click", () => {
          const now = load();
          now.layers = now.layers.filter((l) => l.id !== layer.id);
          now.hidden = now.hidden.filter((h) => h !== layer.id);
          save(now);
          draw();
          announce(t("removed", { name: layer.name }));
          importInput.focus();
        });
        const count = layer.annotations.length;
        const imported = when(layer.imported);
        ul.append(el("li", {}, el("span", { class: "sn-badge sn-imported" }, t("notesFrom", { name: layer.name })),
          " " + (count === 1 ? t("layerOne", { date: imported }) : t("layerMany", { count, date: imported })) + " ",
          remove));
      }
      layersBox.append(ul);
    };

    exportButton.addEventListener("click", () => {
      const data = load();
      if (!data.notes.length) { announce(t("nothingToExport")); return; }
      const who = (data.name || "").trim();
      const creator = who ? { type: "Person", name: who } : null;
      const items = data.notes.map((anno) => {
        const item = { "@context": ANNO, ...anno };
        if (creator) item.creator = creator;
        else delete item.creator;
        return item;
      });
      const page = "urn:uuid:" + uuid();
      const dates = items.map((i) => i.modified).filter(Boolean).sort();
      const created = items.map((i) => i.created).filter(Boolean).sort();
      const collection = {
        "@context": ANNO, id: "urn:uuid:" + uuid(), type: "AnnotationCollection",
        label: who ? t("collectionBy", { name: who, edition: EDITION }) : t("collectionMine", { edition: EDITION }),
        ...(creator ? { creator } : {}),
        ...(created.length ? { created: created[0], modified: dates[dates.length - 1] } : {}),
        total: items.length,
        first: { id: page, type: "AnnotationPage", startIndex: 0, items },
        last: page,
      };
      const day = stamp().slice(0, 10);
      // letters of any script: a name in Cyrillic is not lost from the file's name
      const slug = who.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "");
      const file = `${slug ? slug + "-" : "my-"}notes-${day}.jsonld`;
      const url = URL.createObjectURL(new Blob([JSON.stringify(collection, null, 1) + "\n"], { type: "application/ld+json" }));
      const link = el("a", { href: url, download: file, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 60000);
      announce(items.length === 1 ? t("exportedOne", { file }) : t("exportedMany", { count: items.length, file }));
    });
    printButton.addEventListener("click", () => window.print());

    // a file of notes: a collection (its first page), one annotation, or a list of them
    const itemsOf = (json) => {
      if (Array.isArray(json)) return json;
      if (!json || typeof json !== "object") return [];
      if ([].concat(json.type || []).includes("Annotation")) return [json];
      if (json.first && typeof json.first === "object") return [].concat(json.first.items || []);
      return Array.isArray(json.items) ? json.items : [];
    };
    const nameOf = (value) => {
      const agent = [].concat(value || [])[0];
      return agent && typeof agent === "object" && typeof agent.name === "string" ? agent.name.trim() : "";
    };
    importInput.addEventListener("change", async () => {
      const file = importInput.files && importInput.files[0];
      if (!file) return;
      let json = null;
      try { json = JSON.parse(await file.text()); } catch (e) { json = null; }
      const items = itemsOf(json).filter((i) => i && typeof i === "object" && anchorOf(i) && bodyText(i));
      importInput.value = "";
      if (!items.length) {
        announce(t("nothingToImport", { file: file.name }));
        return;
      }
      const who = (json && !Array.isArray(json) && (nameOf(json.creator) || nameOf(items[0].creator)
        || (typeof json.label === "string" && json.label.trim()))) || file.name.replace(/\.[^.]+$/, "");
      const source = (json && !Array.isArray(json) && typeof json.id === "string" && json.id) || file.name;
      const data = load();
      const same = data.layers.find((l) => l.source === source);
      const layer = { id: same ? same.id : "layer-" + uuid().slice(0, 8), source, name: who,
        imported: stamp(), annotations: items };
      data.layers = same ? data.layers.map((l) => (l === same ? layer : l)) : [...data.layers, layer];
      if (!save(data)) { announce(t("importNotKept")); return; }
      draw();
      announce(items.length === 1 ? t("importedOne", { name: who })
        : t("importedMany", { count: items.length, name: who }));
    });
    window.addEventListener("storage", (event) => { if (event.key === KEY) draw(); });
    draw();
  };

  const start = () => {
    liveRegion();
    const root = document.getElementById("student-notes");
    if (root) notesPage(root);
    const paras = [...document.querySelectorAll(PARAS)].filter((p) => p.id);
    if (paras.length) chapterPage(paras);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
