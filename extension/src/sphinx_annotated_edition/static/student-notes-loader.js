/* annotated_edition: most readers take no notes, so a chapter loads only
 * this, a part of annotated-edition.js (page_script.py): its settings are on
 * that script's tag, and a page without them (not a chapter) is left alone. The student notes' files (data-load: 26 KB gzipped) come if notes are
 * kept for the page or its address names one, or at the first selection of
 * the author's words, Tab or keyboard focus, or when its own button (for a
 * screen reader, which may do none of those) is pressed. */
(() => {
  "use strict";
  const me = document.currentScript;
  const KEY = me && me.dataset.storageKey;
  if (!KEY) return;
  const settings = {};
  for (const name of ["storageKey", "notesPage", "edition"]) {
    if (name in me.dataset) settings[name] = me.dataset[name];
  }
  const add = (tag, props) => document.head.appendChild(Object.assign(document.createElement(tag), props));

  const ENGLISH = {
    takeNotes: "Take my own notes on this chapter",
  };
  let words = {};
  try { words = JSON.parse(document.getElementById("annotated-edition-messages").textContent); } catch (e) { /* English */ }
  const t = (key) => (typeof words[key] === "string" ? words[key] : ENGLISH[key]);

  // a screen reader reading in browse mode neither tabs nor selects: a button
  // before the text (seen when it has the focus) fetches the notes, then
  // hands the focus to the first paragraph's "Add my note to ¶…"
  const first = document.querySelector("section.edition-verbatim p.edition-paragraph");
  const offer = Object.assign(document.createElement("button"), {
    type: "button", className: "sn-ui sn-take-notes", textContent: t("takeNotes"),
  });
  let handOver = false;
  offer.addEventListener("click", () => { handOver = true; load(); });
  if (first) first.before(offer);
  const loaded = () => {
    // the button goes; the focus, if it was there or it was pressed, moves on
    const target = (handOver || document.activeElement === offer) && document.querySelector(".sn-para-add");
    offer.remove();
    if (target) target.focus();
  };

  let loading = false;
  const load = () => {
    if (loading) return;
    loading = true;
    const [style, ...scripts] = me.dataset.load.split(" ").map((file) => new URL(file, me.src).href);
    // fetched with the stylesheet, run once it is in: no unstyled buttons
    scripts.forEach((href) => add("link", { rel: "preload", as: "script", href }));
    const run = () => scripts.forEach((src, i) => {
      // in order, the annotator first; student-notes.js reads its settings
      // from document.currentScript: the notes' own of this tag's
      const last = i === scripts.length - 1;
      Object.assign(add("script", { src, async: false, onload: last ? loaded : null }).dataset, settings);
    });
    add("link", { rel: "stylesheet", href: style, onload: run, onerror: run });
  };

  // a note's source ends with the page's address from the site's root (isOn
  // in student-notes.js): looked for in the stored text, a cheap superset
  const root = new URL(document.documentElement.dataset.content_root || "./", location.href);
  const here = "/" + location.pathname.slice(root.pathname.length); // /chapters/03-….html
  let decoded = here;
  try { decoded = decodeURIComponent(here); } catch (e) { /* kept as it is */ }
  const notesHere = (stored) => Boolean(stored && (stored.includes(here) || stored.includes(decoded)));
  let stored = null;
  try { stored = localStorage.getItem(KEY); } catch (e) { /* no storage, no notes */ }
  if (notesHere(stored) || location.hash.startsWith("#sn-")) load();

  // or at the first sign of note-taking (each does nothing once loading)
  const inText = (node) => {
    const element = node && (node.nodeType === 1 ? node : node.parentElement);
    return Boolean(element && element.closest("section.edition-verbatim p.edition-paragraph"));
  };
  document.addEventListener("selectionchange", () => {
    const s = getSelection();
    if (!s.isCollapsed && (inText(s.anchorNode) || inText(s.focusNode))) load();
  });
  // the keyboard's "Add my note to ¶…" buttons are in before Tab reaches them
  document.addEventListener("keydown", (event) => { if (event.key === "Tab") load(); });
  document.addEventListener("focusin", (event) => {
    try { if (event.target.matches(":focus-visible")) load(); } catch (e) { load(); } // not a tap
  });
  window.addEventListener("storage", (event) => { if (event.key === KEY && notesHere(event.newValue)) load(); });
})();
