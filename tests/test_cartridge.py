"""The edition's Common Cartridge 1.1 course package: valid against the CC
1.1 schemas (read from ../shared/cc, never copied), one module per chapter in
reading order, one discussion topic per question with its links, and every
link a page and anchor of the built site.

The cartridge builder itself is tested on a fixture project in the package's
own tests (extension/tests/test_cartridge.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from conftest import ROOT, run_sphinx

CC = ROOT.parent / "shared" / "cc"
BASE = "https://edition.example/en/latest/"
NS = {"cp": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1",
      "dt": "http://www.imsglobal.org/xsd/imsccv1p1/imsdt_v1p1",
      "wl": "http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1"}


def need_cc() -> Path:
    if not (CC / "validate.py").exists():
        message = "needs the Common Cartridge schemas and validator in ../shared/cc"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return CC


def validate(package: Path) -> str:
    result = subprocess.run([sys.executable, str(need_cc() / "validate.py"), str(package)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()


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


def test_the_edition_package(site, tmp_path):
    """The real edition: ten chapter modules in order, a topic for every
    discussion question in the annotations files, every link on the site."""
    result = run_sphinx(ROOT, tmp_path / "out", "cartridge", "-D", f"html_baseurl={BASE}")
    assert result.returncode == 0, result.stderr[-2000:]
    package = next((tmp_path / "out" / "cartridge").glob("*.imscc"))
    validate(package)
    manifest, files = read(package)
    found = modules(manifest)
    chapters = sorted((ROOT / "chapters").glob("*.md"))
    assert [t for t, _ in found[:-1]] == [f"Chapter {i}: " + re.search(
        r"^# (.+)$", c.read_text(encoding="utf-8"), re.M)[1].replace("\\", "")
        for i, c in enumerate(chapters, start=1)]
    for (title, items), notes in zip(found, sorted((ROOT / "annotations").glob("*.md"))):
        text = notes.read_text(encoding="utf-8")
        block = text.split(":::{discussion-questions}", 1)[1].split("\n:::", 1)[0]
        asked = len(re.findall(r"^\d+\. ", block, re.M))
        assert sum(t.startswith("Chapter ") and ", question " in t for t, _ in items) == asked, title
    assert found[-1][0] == "For the teacher"
    urls = links_of(files)
    # every question links to at least one passage or note, as in the book
    assert sum("#p" in u for u in urls) > len(found)
    assert_links_resolve(urls, site)
