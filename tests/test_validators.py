"""Every page of the HTML build is valid HTML to the Nu Html Checker.

The checker is npm's vnu-jar, pinned in tests/package.json (`npm ci --prefix
tests`), run with Debian's Java (default-jre-headless). A plain furo build
passes with no error, so any error is the edition's. (EPUB validation is
tests/test_epub.py.)
"""

from __future__ import annotations

import json
import subprocess

from browser_support import VNU_JAR, need_node_module
from conftest import need_tool


def test_nu_html_checker_finds_no_error(built):
    java = need_tool("java", "default-jre-headless")
    jar = need_node_module(VNU_JAR, "vnu-jar")
    site = built("html") / "html"
    pages = sorted(str(p) for p in site.rglob("*.html") if "_static" not in p.parts)
    assert len(pages) >= 20, pages
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *pages],
        capture_output=True, text=True, encoding="utf-8", check=False, timeout=300,
    )
    # vnu writes its report to stderr, and exits 1 when it found errors
    try:
        report = json.loads(result.stderr)
    except json.JSONDecodeError:
        raise AssertionError(f"vnu gave no JSON report (exit {result.returncode}):\n"
                             f"{result.stdout[-2000:]}{result.stderr[-2000:]}") from None
    errors = [
        f'{m.get("url", "").rsplit("/html/", 1)[-1]}:{m.get("lastLine", "?")}: {m["message"]}'
        f'\n    {m.get("extract", "").strip()[:160]}'
        for m in report["messages"] if m.get("type") in ("error", "non-document-error")
    ]
    assert errors == [], "\n".join(errors)
    assert result.returncode == 0, result.stderr[-2000:]
