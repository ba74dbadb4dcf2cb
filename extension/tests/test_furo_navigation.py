"""furo's sidebar made without re-parsing the toctree (furo_navigation.py,
one of the speed-ups): byte for byte what furo makes, on every toctree of a
build and on random ones; anything it does not know goes to furo; and a
test that fails once furo stops parsing the toctree for every page."""

from __future__ import annotations

import inspect
import random
import shutil
from pathlib import Path

import pytest

furo = pytest.importorskip("furo")
from furo import navigation as furo_navigation  # noqa: E402

from conftest import ROOTS, build_project  # noqa: E402
from sphinx_annotated_edition.furo_navigation import navigation_tree  # noqa: E402

FIXTURE = ROOTS / "test-furo-navigation"
#: furo's own function (its module keeps it under the lru_cache wrapper)
FURO = furo_navigation.get_navigation_tree.__wrapped__


def ours(html: str) -> tuple[str, bool]:
    """Our tree for *html*, and whether it left the work to furo."""
    fell_back = []

    def fallback(text):
        fell_back.append(text)
        return FURO(text)

    return navigation_tree(html, fallback), bool(fell_back)


def toctrees_of_a_build(tmp_path: Path, builder: str = "html") -> list[str]:
    """Every toctree furo was given while building the fixture, speed-ups off."""
    seen: list[str] = []

    def record(html):
        seen.append(html)
        return FURO(html)

    original = furo.get_navigation_tree
    furo.get_navigation_tree = record
    try:
        _, warnings = build_project(shutil.copytree(FIXTURE, tmp_path / "src"), builder)
    finally:
        furo.get_navigation_tree = original
    assert warnings == []
    return seen


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_the_same_as_furo_on_every_page_of_a_build(tmp_path, builder):
    toctrees = toctrees_of_a_build(tmp_path, builder)
    assert len(toctrees) == 10  # eight pages, the index and search
    for html in toctrees:
        made, fell_back = ours(html)
        assert made == FURO(html)
    # the nested entries got furo's checkboxes, one of them ticked (its page is current)
    nested = [html for html in toctrees if 'class="toctree-l2' in html]
    assert nested and all("toctree-checkbox" in ours(html)[0] for html in nested)
    assert any('checked=""' in ours(html)[0] for html in toctrees)
    # the entities Sphinx writes ("Rock &amp; roll", "&quot;quoted&quot;") are its own to
    # handle: no page of the build went to furo's function
    assert "&amp;" in toctrees[0] and "&quot;" in toctrees[0]
    assert not any(ours(html)[1] for html in toctrees)


def test_the_site_is_the_same_with_the_speed_ups(tmp_path, monkeypatch):
    def site(speedups: bool, name: str) -> dict[str, bytes]:
        outdir, warnings = build_project(shutil.copytree(FIXTURE, tmp_path / name),
                                         edition_speedups=speedups)
        assert warnings == []
        return {p.relative_to(outdir).as_posix(): p.read_bytes()
                for p in sorted(outdir.rglob("*.html"))}

    off = site(False, "off")
    # with them on, furo's parser is never called on a toctree (its cache emptied first)
    parsed = []
    real_soup = furo_navigation.BeautifulSoup
    monkeypatch.setattr(furo_navigation, "BeautifulSoup",
                        lambda *args, **kwargs: parsed.append(args) or real_soup(*args, **kwargs))
    furo_navigation.get_navigation_tree.cache_clear()
    on = site(True, "on")
    assert len(off) == 10 and on == off
    assert parsed == []


# -- random toctrees of the kind Sphinx writes -----------------------------------------

WORDS = ["Chapter", "one", "two", "It's", "&quot;quoted&quot;", "&amp;", "&lt;x&gt;", "&#64;", "naïve", "Україна", "(1)", "a-b", "x", "—"]


def _title(rng: random.Random) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 4)))
    if rng.random() < 0.2:
        words += f' <em>{rng.choice(WORDS)}</em>'
    if rng.random() < 0.1:
        words += f'<code class="docutils literal notranslate"><span class="pre">{rng.choice(WORDS)}</span></code>'
    return words


def _entries(rng: random.Random, depth: int, current: list[bool]) -> str:
    items = []
    for _ in range(rng.randint(0, 4)):
        is_current = not current[0] and rng.random() < 0.15
        inside = _entries(rng, depth + 1, current) if depth < 4 and rng.random() < 0.35 else ""
        on_path = is_current or ' current"' in inside or 'class="current' in inside
        if is_current:
            current[0] = True
        classes = f"toctree-l{depth}" + (" current" if on_path else "")
        link_classes = "current reference internal" if is_current else "reference internal"
        href = "#" if is_current else f"page-{rng.randint(1, 99)}.html"
        li_attributes = f' class="{classes}"' if rng.random() < 0.95 else ""
        link = f'<a class="{link_classes}" href="{href}">{_title(rng)}</a>'
        if rng.random() < 0.05:
            link = f"<span>{link}</span>"  # the first child need not be the link itself
        items.append(f"<li{li_attributes}>{link}{inside}</li>")
    if not items:
        return ""
    ul_class = ' class="current"' if any(' current"' in item for item in items) else ""
    return f"<ul{ul_class}>\n" + "\n".join(items) + "\n</ul>\n"


def random_toctree(rng: random.Random) -> str:
    parts = []
    current = [False]
    for _ in range(rng.randint(1, 3)):
        if rng.random() < 0.5:
            parts.append('<p aria-level="2" class="caption" role="heading">'
                         f'<span class="caption-text">{_title(rng)}</span></p>\n')
        parts.append(_entries(rng, 1, current))
    return "".join(parts)


def test_the_same_as_furo_on_random_toctrees():
    rng = random.Random(18)
    done_ourselves = 0
    for _ in range(3000):
        html = random_toctree(rng)
        made, fell_back = ours(html)
        assert made == FURO(html), html
        done_ourselves += not fell_back
    # the generator writes what the fast path is for: it did nearly all of them
    assert done_ourselves > 2900


@pytest.mark.parametrize("html", [
    '<ul>\n<li class="toctree-l1"><a class="reference internal" href="a.html">A &nbsp; B</a></li>\n</ul>\n',
    '<ul><li class="toctree-l1"><a href="a.html?x=1&amp;y=2">A</a></li></ul>',
    '<ul><li class="toctree-l1"><a href="a.html">A & B</a></li></ul>',
    '<ul><!-- a comment --><li class="toctree-l1"><a href="a.html">A</a></li></ul>',
    '<ul><li class="toctree-l1"><a href="a.html">A<br/></a></li></ul>',
    '<ul><li class="toctree-l1"><img src="x.png"><a href="a.html">A</a></li></ul>',
    '<ul><li class="toctree-l1"><a rel="next" href="a.html">A</a></li></ul>',
    '<ul><li class="toctree-l1  double"><a href="a.html">A</a></li></ul>',
    '<ul><li class="toctree-l1"><a href="a.html">A</li></a></ul>',
    '<ul><li class="toctree-l1"><a href="a.html" href="b.html">A</a></li></ul>',
    "<ul><li class='toctree-l1'><a href='a.html'>A</a></li></ul>",
    '<ul><li class="toctree-l1"><a href="a.html">A</a></li></ul> > ',
    '<ul><li class="toctree-l1"><a href="a.html">A</a></li>',
    '<UL><li class="toctree-l1"><a href="a.html">A</a></li></UL>',
])
def test_what_it_does_not_know_goes_to_furo(html):
    made, fell_back = ours(html)
    assert fell_back and made == FURO(html)


def test_an_entry_with_children_but_no_link_fails_as_furo_fails():
    html = '<ul><li class="toctree-l1"><span>A</span><ul><li class="toctree-l2"><span>B</span></li></ul></li></ul>'
    with pytest.raises(AttributeError):
        FURO(html)
    with pytest.raises(AttributeError):
        ours(html)


def test_furo_still_parses_the_toctree_for_every_page():
    """pradyunsg/furo#939 would build the tree once; then this workaround can go."""
    source = inspect.getsource(FURO)
    assert 'BeautifulSoup(toctree_html, "html.parser")' in source, (
        "furo no longer re-parses the toctree for each page: the workaround can go")
