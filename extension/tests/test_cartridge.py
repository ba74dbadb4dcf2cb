"""The Common Cartridge 1.1 course package of a fixture project
(roots/test-cartridge): valid against the CC 1.1 schemas (read from the
validator's folder, never copied), one module per chapter in reading order,
one discussion topic per question with its links, and every link a page and
anchor of the built site; the same bytes from the same sources; and no
package without a base address."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from conftest import ROOTS, build_project

#: the Common Cartridge validator and schemas: $CC_VALIDATOR, else the folder
#: ``shared/cc`` beside the repository this package is developed in
CC = Path(os.environ.get("CC_VALIDATOR") or Path(__file__).resolve().parents[3] / "shared" / "cc")
FIXTURE = ROOTS / "test-cartridge"
BASE = "https://edition.example/en/latest/"
NS = {"cp": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1",
      "dt": "http://www.imsglobal.org/xsd/imsccv1p1/imsdt_v1p1",
      "wl": "http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1"}


def need_cc() -> Path:
    if not (CC / "validate.py").exists():
        message = f"needs the Common Cartridge schemas and validator in {CC} (or set CC_VALIDATOR)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return CC


def validate(package: Path) -> str:
    result = subprocess.run([sys.executable, str(need_cc() / "validate.py"), str(package)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()


build = build_project


def read(package: Path) -> tuple[etree._Element, dict[str, bytes]]:
    with zipfile.ZipFile(package) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    return etree.fromstring(files["imsmanifest.xml"]), files


def modules(manifest) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(module title, [(item title, resource href)])] in order."""
    hrefs = {r.get("identifier"): r.find("cp:file", NS).get("href")
             for r in manifest.iterfind(".//cp:resource", NS)}
    root = manifest.find(".//cp:organization/cp:item", NS)
    return [(m.findtext("cp:title", namespaces=NS),
             [(i.findtext("cp:title", namespaces=NS), hrefs[i.get("identifierref")])
              for i in m.iterfind("cp:item", NS)])
            for m in root.iterfind("cp:item", NS)]


def links_of(files: dict[str, bytes]) -> list[str]:
    urls = []
    for name, data in files.items():
        if name == "imsmanifest.xml":
            continue
        root = etree.fromstring(data)
        if root.tag == f"{{{NS['wl']}}}webLink":
            urls.append(root.find("wl:url", NS).get("href"))
        else:
            text = root.findtext("dt:text", namespaces=NS)
            urls += [a["href"] for a in BeautifulSoup(text, "lxml").select("a[href]")]
    return urls


def assert_links_resolve(urls: list[str], site: Path, ignore=()) -> None:
    for url in urls:
        assert url.startswith(BASE), url
        parts = urlsplit(url[len(BASE):])
        if parts.path in ignore:
            continue
        page = site / parts.path
        assert page.is_file(), url
        if parts.fragment:
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
            assert soup.find(id=parts.fragment) is not None, url


def test_fixture_package_is_valid_and_in_reading_order(tmp_path):
    srcdir = shutil.copytree(FIXTURE, tmp_path / "src")
    out, warnings = build(srcdir, "cartridge", html_baseurl=BASE)
    assert warnings == []
    package = out / "cartridge-fixture.imscc"
    assert validate(package) == "valid: 8 files"
    manifest, files = read(package)
    assert [(title, [t for t, _ in items]) for title, items in modules(manifest)] == [
        ("Chapter 1: One", ["Read chapter 1: One", "Chapter 1, question 1", "Chapter 1, question 2"]),
        ("Chapter 2: Two", ["Read chapter 2: Two", "Chapter 2, question 1"]),
        ("For the teacher", ["The guide", "Worksheet (PDF)"]),
    ]
    topic = etree.fromstring(files["ch01/question-1.xml"])
    text = topic.findtext("dt:text", namespaces=NS)
    assert 'What does <a href="https://edition.example/en/latest/chapters/01-one.html#p1-1">¶1.1</a>' in text
    assert "#context-one-sentence" in text
    assert "<em>one sentence</em>" in etree.fromstring(files["ch01/question-2.xml"]).findtext(
        "dt:text", namespaces=NS)
    site, _ = build(shutil.copytree(FIXTURE, tmp_path / "html-src"), "html")
    assert_links_resolve(links_of(files), site, ignore={"downloads/worksheet.pdf"})


def test_same_sources_same_bytes(tmp_path):
    packages = []
    for run in ("a", "b"):
        out, _ = build(shutil.copytree(FIXTURE, tmp_path / run), "cartridge", html_baseurl=BASE)
        packages.append((out / "cartridge-fixture.imscc").read_bytes())
    assert packages[0] == packages[1]


def test_without_a_base_address_it_stops_and_says_how(tmp_path):
    srcdir = shutil.copytree(FIXTURE, tmp_path / "src")
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "cartridge", str(srcdir),
                             str(tmp_path / "out")], capture_output=True, text=True, check=False)
    assert result.returncode != 0
    from sphinx.util.console import strip_escape_sequences

    # Sphinx colours its output when CI is set
    stderr = strip_escape_sequences(result.stderr)
    (line,) = [line for line in stderr.splitlines() if "[annotation.cartridge]" in line]
    assert line.startswith("ERROR: the course package links to the published edition, so it needs "
                           "its address: set html_baseurl in conf.py"), line
    assert not list((tmp_path / "out").glob("*.imscc"))

