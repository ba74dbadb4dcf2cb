/* annotated_edition: the reader's switches for the editors' notes.
 * Which notes are hidden ("all", kinds, or only "verdicts") is kept in localStorage, so the
 * choice holds on every page; hiding is done on the page itself, so
 * printing shows what the screen shows. No network, no dependencies. */
(() => {
  "use strict";
  // the project's key (edition_controls_storage_key), on this script's tag
  // (data-controls-key: the parts page_script.py adds read names of their own)
  const KEY = (document.currentScript && document.currentScript.dataset.controlsKey) ||
    "annotated-edition:hidden";
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
    // verdicts: hidden by CSS on every page (notes index too), and in print
    document.documentElement.toggleAttribute("data-verdicts-hidden", hidden.has("verdicts"));
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
      // so that they can stick to the screen on a phone (see the CSS)
      const content = controls.closest(".content");
      if (content) content.classList.add("edition-has-controls");
      // and what is scrolled to (a link's target, a focused control) stops below them
      const root = document.documentElement;
      root.classList.add("edition-has-controls");
      const measure = () => root.style.setProperty("--edition-controls-height", controls.offsetHeight + "px");
      measure();
      window.addEventListener("resize", measure);
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

/* Previews: a glossary term's definition, or a citation's reference, shown
 * on hover and on keyboard focus, from text already in the page (the link's
 * title). One shared tooltip, described-by for screen readers, Escape closes. */
(() => {
  "use strict";
  const SELECTOR = "a.edition-term-link[title], .bibtex-citation a[title]";
  let tip = null;
  let owner = null;
  const hide = () => {
    if (!tip || !owner) return;
    tip.hidden = true;
    owner.removeAttribute("aria-describedby");
    owner = null;
  };
  const show = (link) => {
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "edition-preview";
      tip.className = "edition-preview editorial";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      document.body.appendChild(tip);
    }
    hide();
    owner = link;
    tip.textContent = link.dataset.preview;
    tip.hidden = false;
    link.setAttribute("aria-describedby", tip.id);
    const box = link.getBoundingClientRect();
    const width = Math.min(360, document.documentElement.clientWidth - 16);
    tip.style.width = width + "px";
    const left = Math.max(8, Math.min(box.left + window.scrollX,
      window.scrollX + document.documentElement.clientWidth - width - 8));
    tip.style.left = left + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
  };
  const start = () => {
    let touched = false;
    document.querySelectorAll(SELECTOR).forEach((link) => {
      // keep the text for the preview, drop the native tooltip that would double it
      link.dataset.preview = link.title;
      link.removeAttribute("title");
      link.classList.add("edition-has-preview");
      link.addEventListener("pointerdown", (event) => { touched = event.pointerType === "touch"; });
      // a touch screen has no hover: the first tap opens the preview, a second follows the link
      link.addEventListener("click", (event) => {
        if (touched && owner !== link) {
          event.preventDefault();
          show(link);
        }
        touched = false;
      });
      link.addEventListener("mouseenter", () => { if (!touched) show(link); });
      link.addEventListener("focus", () => show(link));
      link.addEventListener("mouseleave", () => { if (!touched) hide(); });
      link.addEventListener("blur", hide);
    });
    document.addEventListener("keydown", (event) => { if (event.key === "Escape") hide(); });
    // a tap elsewhere closes it
    document.addEventListener("pointerdown", (event) => {
      if (owner && !owner.contains(event.target) && tip && !tip.contains(event.target)) hide();
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

/* Paragraph labels copy their own address: a link a teacher can paste.
 * The link still works as a link; a click also copies it and says so. */
(() => {
  "use strict";
  // what this script says, in English; the page carries it in its own language
  // (js_messages.py: the block #annotated-edition-messages)
  const ENGLISH = {
    copied: "Link to paragraph {label} copied",
  };
  let messages = null;
  const t = (key, values = {}) => {
    if (!messages) {
      const block = document.getElementById("annotated-edition-messages");
      try { messages = (block && JSON.parse(block.textContent)) || {}; } catch (e) { messages = {}; }
    }
    const text = typeof messages[key] === "string" ? messages[key] : ENGLISH[key];
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  };
  const start = () => {
    let status = null;
    document.querySelectorAll("a.edition-plabel").forEach((label) => {
      label.addEventListener("click", (event) => {
        if (!navigator.clipboard || event.ctrlKey || event.metaKey || event.shiftKey) return;
        const url = new URL(label.getAttribute("href"), window.location.href).href;
        navigator.clipboard.writeText(url).then(() => {
          if (!status) {
            status = document.createElement("div");
            status.className = "edition-copied editorial";
            status.setAttribute("role", "status");
            document.body.appendChild(status);
          }
          status.textContent = t("copied", { label: label.textContent.replace("¶", "") });
          status.classList.add("edition-copied-show");
          window.setTimeout(() => status.classList.remove("edition-copied-show"), 2000);
        }, () => { /* no clipboard permission: the link still works */ });
      });
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
