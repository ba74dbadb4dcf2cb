/* sphinx-annotated-edition: Sphinx's search-term highlighting, fetched only
 * when there is something to highlight (search_highlight.py).
 *
 * Sphinx links sphinx_highlight.js from every page, though it acts only on a
 * page opened from the search page: searchtools.js leaves the searched words
 * in localStorage ("sphinx_highlight_terms"), and older links carry them as
 * ?highlight=. In its place, this fetches it when one of them is there. A
 * part of annotated-edition.js (page_script.py): the tag's data-highlight
 * names the file, relative to it; a page without it (search) is left alone. */
(() => {
  "use strict";
  const loader = document.currentScript;
  if (!loader || !loader.dataset.highlight) return;
  let pending = new URL(window.location.href).searchParams.has("highlight");
  try {
    pending = pending || Boolean(window.localStorage.getItem("sphinx_highlight_terms"));
  } catch (error) {
    // storage refused (a private window, a browser setting): only ?highlight= can ask
  }
  if (!pending) return;
  const script = document.createElement("script");
  script.src = new URL(loader.dataset.highlight, loader.src).href;
  document.head.appendChild(script);
})();
