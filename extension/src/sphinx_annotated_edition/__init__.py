"""sphinx_annotated_edition: a Sphinx extension for annotated editions of a text.

It registers:

* its settings, every one described and checked when the configuration is
  read (:mod:`.config`), and the features beyond the core, each switched on
  by its own setting (:mod:`.features`);
* nodes ``paragraph_label``, ``annotation``, ``annotation_highlight``,
  ``annotation_marker``, ``annotation_index`` and ``annotation_controls``,
  with visitors for html, latex, text, man and texinfo (:mod:`.visitors`);
* directives ``annotation``, ``annotation-index`` and ``annotation-vocabulary``
  (:mod:`.directives`), ``chapter-cards`` (:mod:`.cards`),
  ``learning-objectives`` and ``discussion-questions`` (:mod:`.classroom`);
* the ``annotation`` domain with its ``note`` role (:mod:`.domain`);
* transforms that mark a chapter's verbatim text (:mod:`.verbatim`) and load
  and anchor its annotations file (:mod:`.loading`, :mod:`.anchoring`);
* glossary support (:mod:`.glossary`, opt-in): mentions of terms in chapters linked
  without editing them, and back-links from each entry to its paragraphs;
* handlers that fill the notes index late (:mod:`.index`), re-write exactly
  the pages an incremental build changed (:mod:`.incremental`) and check the
  edition as a whole
  (:mod:`.consistency`);
* open exports (:mod:`.exports`, opt-in): W3C Web Annotation JSON-LD of every
  note and schema.org ClaimReview for every fact-check (HTML only);
* its CSS and JS (HTML only) and a LaTeX package (LaTeX only);
* opt-in student notes (:mod:`.student_notes`, ``edition_student_notes``): a
  reader's own notes, kept in the browser, and the ``student-notes``
  directive of the "My notes" page.

Nothing in it is specific to one text: a chapter is any document under
``edition_chapters_dir`` whose front matter says ``edition-chapter: N``.
"""

from __future__ import annotations

from importlib import metadata as _metadata
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from . import (
    citations,
    config,
    features,
    i18n,
    js_messages,
    page_script,
    speedups,
    student_notes,
    toctree_parents,
    visitors,
)
from .cards import ChapterCardsDirective, chapter_cards
from .classroom import DiscussionQuestionsDirective, LearningObjectivesDirective
from .consistency import check_annotations_files, check_edition
from .downloads import DownloadsDirective, edition_downloads, fill_downloads
from .directives import (
    AnnotationDirective,
    AnnotationIndexDirective,
    AnnotationReviewSummaryDirective,
    AnnotationVocabularyDirective,
)
from .domain import AnnotationDomain, note_role
from .failures import WarningTracker
from .incremental import annotations_files_made, pages_to_rewrite, remember_before_purge
from .index import fill_indexes, fill_review_summaries
from .labels import project_key
from .loading import LoadAnnotations
from .cartridge import CartridgeBuilder
from .review import ReviewBuilder
from .verbatim import MarkVerbatimText

#: the package's starting vocabulary, for a conf.py that adds to it:
#: ``edition_annotation_kinds = {**DEFAULT_ANNOTATION_KINDS, "ruling": {...}}``
from .kinds import DEFAULT_KINDS_CONFIG as DEFAULT_ANNOTATION_KINDS  # noqa: E402
from .kinds import DEFAULT_VERDICTS_CONFIG as DEFAULT_VERDICTS  # noqa: E402

try:
    __version__ = _metadata.version("sphinx-annotated-edition")
except _metadata.PackageNotFoundError:  # imported from a source tree, not installed
    __version__ = "0+unknown"
HERE = Path(__file__).parent
STATIC = HERE / "static"
LATEX = HERE / "latex"
#: names in static/ that a feature copies itself, only when it is on
OPT_IN_ASSETS = student_notes.ASSETS | set(page_script.PARTS.values())


def _exclude_annotations(app: Sphinx, config) -> None:
    """Annotations files are read with their chapter, never as pages."""
    pattern = f"{config.edition_annotations_dir.strip('/')}/**"
    if pattern not in config.exclude_patterns:
        config.exclude_patterns = [*config.exclude_patterns, pattern]


def controls_storage_key(conf) -> str:
    """The localStorage key of the reader's show/hide switches."""
    return project_key(conf, "edition_controls_storage_key", "hidden")


def _add_builder_assets(app: Sphinx) -> None:
    """Copy the assets a builder needs into its output, as sphinx-design does.

    Not by appending to html_static_path or latex_additional_files: a config
    value changed here differs from the pickled one at the next build, and
    Sphinx would then call the configuration changed and rewrite everything.
    """
    from sphinx.util.fileutil import copy_asset_file

    from . import minify

    outdir = Path(app.outdir)
    if app.builder.format == "latex":
        # loaded by add_latex_package below; latexmk runs in this folder
        outdir.mkdir(parents=True, exist_ok=True)
        copy_asset_file(LATEX / "annotatededition.sty", outdir, force=True)
    elif app.builder.format == "html":
        static = outdir / "_static"
        static.mkdir(parents=True, exist_ok=True)
        for asset in sorted(STATIC.iterdir()):
            # the student notes' files are copied by their module, when they
            # are on; the script is written with the features' parts
            if asset.is_file() and asset.name not in OPT_IN_ASSETS | {page_script.CORE}:
                minify.copy_asset(asset, static)
        page_script.write_script(app, static)
        app.add_css_file("annotated-edition.css")
        # the reader's switches are remembered under the project's own key
        app.add_js_file(page_script.CORE, loading_method="defer",
                        **{"data-controls-key": controls_storage_key(app.config)})


def setup(app: Sphinx) -> ExtensionMetadata:
    config.register(app)
    for node, handlers in visitors.VISITORS.items():
        app.add_node(node, **handlers)
    app.add_node(chapter_cards, **visitors.UNFILLED)
    app.add_node(edition_downloads, **visitors.UNFILLED)
    app.add_node(student_notes.student_notes, **student_notes.VISITORS)
    for node, handlers in citations.VISITORS.items():
        app.add_node(node, **handlers)
    app.add_post_transform(citations.KeepBibliographies)
    try:
        citations.register_styles()  # "edition-author-year", for sphinxcontrib-bibtex
    except ImportError:
        pass  # no pybtex: the project uses no bibliography
    app.add_domain(AnnotationDomain)
    app.add_builder(ReviewBuilder)
    app.add_builder(CartridgeBuilder)
    app.add_role("note", note_role)
    app.add_directive("annotation", AnnotationDirective)
    app.add_directive("annotation-index", AnnotationIndexDirective)
    app.add_directive("annotation-vocabulary", AnnotationVocabularyDirective)
    app.add_directive("annotation-review-summary", AnnotationReviewSummaryDirective)
    app.add_directive("edition-downloads", DownloadsDirective)
    app.add_directive("chapter-cards", ChapterCardsDirective)
    app.add_directive("student-notes", student_notes.StudentNotesDirective)
    app.add_directive("learning-objectives", LearningObjectivesDirective)
    app.add_directive("discussion-questions", DiscussionQuestionsDirective)
    app.add_transform(MarkVerbatimText)
    app.add_transform(LoadAnnotations)
    app.add_latex_package("annotatededition")

    i18n.setup_catalog(app)
    # settings first: everything after may rely on their shapes
    app.connect("config-inited", config.check_config, priority=100)
    app.connect("config-inited", features.setup_features, priority=110)
    app.connect("config-inited", _exclude_annotations)
    app.connect("config-inited", speedups.apply)
    tracker = WarningTracker()
    app.connect("builder-inited", tracker.install)
    app.connect("env-get-outdated", tracker.outdated)
    app.connect("build-finished", tracker.save, priority=900)
    app.connect("build-finished", speedups.restore)
    app.connect("builder-inited", speedups.load_decoded)
    app.connect("env-before-read-docs", speedups.note_documents_to_read)
    app.connect("build-finished", speedups.save_decoded)
    app.connect("builder-inited", speedups.load_formatted)
    app.connect("builder-inited", speedups.cache_compiled_templates)
    app.connect("build-finished", speedups.save_formatted)
    # after every other handler has had the doctree (they might load it again)
    app.connect("doctree-resolved", speedups.forget_pickled_doctree, priority=900)
    app.connect("builder-inited", _add_builder_assets)
    # the scripts' words, translated: after every handler that adds or drops a script
    app.connect("html-page-context", js_messages.add_script_messages, priority=900)
    # before Sphinx's collectors forget the document (titles, for one)
    app.connect("env-purge-doc", remember_before_purge, priority=100)
    app.connect("env-get-updated", pages_to_rewrite)
    app.connect("env-purge-doc", toctree_parents.remember, priority=100)
    app.connect("write-started", toctree_parents.leave_out_parents)
    app.connect("build-finished", toctree_parents.put_back)
    app.connect("env-check-consistency", check_edition)
    app.connect("env-get-outdated", check_annotations_files)
    app.connect("env-get-outdated", annotations_files_made)
    app.connect("doctree-resolved", fill_indexes)
    app.connect("doctree-resolved", fill_review_summaries)
    app.connect("doctree-resolved", fill_downloads)
    return {
        "version": __version__,
        "env_version": 8,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
