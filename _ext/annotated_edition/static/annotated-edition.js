/* annotated_edition: the reader's switches for the editors' notes.
 * Which notes are hidden ("all", or kinds) is kept in localStorage, so the
 * choice holds on every page; hiding is done on the page itself, so
 * printing shows what the screen shows. No network, no dependencies. */
(() => {
  "use strict";
  const KEY = "annotated-edition:hidden";
  const load = () => {
    try { return new Set(JSON.parse(localStorage.getItem(KEY) || "[]")); }
    catch (e) { return new Set(); }
  };
  const save = (hidden) => {
    try { localStorage.setItem(KEY, JSON.stringify([...hidden].sort())); }
    catch (e) { /* storage may be off: the switches still work on this page */ }
  };
  const apply = (hidden) => {
    const all = hidden.has("all");
    document.documentElement.dataset.notesHidden = [...hidden].join(" ");
    document.querySelectorAll(".annotation, .annotation-marker, .annotation-highlight")
      .forEach((el) => {
        const kind = [...el.classList].find((c) => c.startsWith("kind-"));
        const off = all || (kind && hidden.has(kind.slice(5)));
        el.classList.toggle("annotation-hidden", Boolean(off));
      });
    document.querySelectorAll(".annotation-controls input[data-kind]").forEach((box) => {
      const kind = box.dataset.kind;
      box.checked = !hidden.has(kind);
      if (kind !== "all") box.disabled = all;
    });
  };
  const start = () => {
    const hidden = load();
    document.querySelectorAll(".annotation-controls").forEach((controls) => {
      controls.hidden = false;
      controls.addEventListener("change", (event) => {
        const box = event.target;
        if (!box.dataset || !box.dataset.kind) return;
        if (box.checked) hidden.delete(box.dataset.kind);
        else hidden.add(box.dataset.kind);
        save(hidden);
        apply(hidden);
      });
    });
    apply(hidden);
    // another tab changed the choice: follow it
    window.addEventListener("storage", (event) => {
      if (event.key !== KEY) return;
      hidden.clear();
      load().forEach((k) => hidden.add(k));
      apply(hidden);
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
