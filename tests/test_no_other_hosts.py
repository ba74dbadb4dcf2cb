"""The built HTML loads nothing from another host."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from bs4 import BeautifulSoup

LOADING = {
    "script": "src", "img": "src", "iframe": "src", "audio": "src", "video": "src",
    "source": "src", "track": "src", "embed": "src", "object": "data",
}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)")


def is_remote(url: str) -> bool:
    parsed = urlparse(url.strip())
    return bool(parsed.netloc) or parsed.scheme not in ("", "data")


def test_every_asset_is_local(built):
    site = built("html") / "html"
    pages = sorted(site.rglob("*.html"))
    assert pages
    remote = []
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for tag, attr in LOADING.items():
            for node in soup.find_all(tag):
                if node.get(attr) and is_remote(node[attr]):
                    remote.append((page.name, tag, node[attr]))
        for node in soup.find_all("link"):
            # links that make the browser fetch: stylesheets, icons, preloads, fonts
            rel = set(node.get("rel", []))
            if rel & {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "preconnect", "dns-prefetch"}:
                if is_remote(node.get("href", "")):
                    remote.append((page.name, "link", node["href"]))
        for node in soup.find_all(style=True):
            for match in CSS_URL.finditer(node["style"]):
                if is_remote(match.group(1) or match.group(2)):
                    remote.append((page.name, "style", match.group(0)))
    for css in site.rglob("*.css"):
        for match in CSS_URL.finditer(css.read_text(encoding="utf-8")):
            if is_remote(match.group(1) or match.group(2)):
                remote.append((css.name, "css", match.group(0)))
    assert remote == []
