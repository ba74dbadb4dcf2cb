"""Support for the real-browser tests: the built site served on 127.0.0.1,
headless Chromium driven by Selenium, and colour arithmetic for contrast.

Nothing here downloads anything: Chromium and its driver are Debian's
(packages chromium and chromium-driver), Selenium Manager is kept offline and
never asked, and axe-core comes from tests/node_modules (`npm ci --prefix
tests`). Chromium is told that no host but 127.0.0.1 exists.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import need_tool

TESTS = Path(__file__).resolve().parent
NODE_MODULES = TESTS / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

HOST = "127.0.0.1"
DESKTOP = (1280, 900)
MOBILE = (375, 812)
CHROME_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--disable-default-apps", "--disable-extensions",
    "--no-default-browser-check", "--disable-features=Translate,OptimizationHints,MediaRouter",
    "--force-color-profile=srgb", "--hide-scrollbars", "--mute-audio",
    # no host but this machine's loopback address resolves: nothing leaves it
    f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {HOST}",
    f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
]
# Selenium Manager would download a driver or a browser: never let it.
os.environ["SE_OFFLINE"] = "true"


def _missing(message: str) -> None:
    """Skip on a laptop, fail under CI (which must install everything)."""
    if os.environ.get("CI"):
        pytest.fail(message + "; CI must install it in .ci/run")
    pytest.skip(message)


def need_node_module(path: Path, package: str) -> Path:
    """A file from tests/node_modules; skip (or fail under CI) when absent."""
    if not path.exists():
        _missing(f"needs the npm package {package} in tests/node_modules: run `npm ci --prefix tests`")
    return path


def need_selenium():
    try:
        import selenium  # noqa: F401
    except ImportError:
        _missing("needs the Python package selenium (tests/requirements.txt)")


# -- the site, served on 127.0.0.1 ---------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class SiteServer:
    """A built site over HTTP on 127.0.0.1, on a free port, in a thread."""

    def __init__(self, root: Path):
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer((HOST, 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://{HOST}:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


# -- the browser ---------------------------------------------------------------

def start_chromium(user_data_dir: Path):
    """Headless Chromium from Debian, driven by Debian's chromedriver."""
    need_selenium()
    chromium = need_tool("chromium", "chromium")
    chromedriver = need_tool("chromedriver", "chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={user_data_dir}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    options.add_experimental_option("perfLoggingPrefs", {"enableNetwork": True, "enablePage": False})
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    return driver


class Browser:
    """One page at a time of the served site, with the few actions the tests use."""

    def __init__(self, driver, base_url: str):
        self.driver = driver
        self.base_url = base_url

    # navigation and state
    def open(self, path: str = "") -> None:
        self.driver.get(self.base_url + path)
        self.wait_loaded()

    def reload(self) -> None:
        self.driver.refresh()
        self.wait_loaded()

    def wait_loaded(self) -> None:
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(self.driver, 20).until(
            lambda d: d.execute_script("return document.readyState") == "complete")
        # web fonts and layout settled: measurements are of the final page
        self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(done)));")

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def cdp(self, command: str, params: dict | None = None):
        return self.driver.execute_cdp_cmd(command, params or {})

    def set_storage(self, key: str, value: str) -> None:
        self.js("localStorage.setItem(arguments[0], arguments[1])", key, value)

    def storage(self, key: str):
        return self.js("return localStorage.getItem(arguments[0])", key)

    def reset(self) -> None:
        """A fresh reader: desktop viewport, screen media, empty storage."""
        self.cdp("Emulation.clearDeviceMetricsOverride")
        self.cdp("Emulation.setEmulatedMedia", {"media": "", "features": []})
        self.viewport(*DESKTOP)
        self.driver.get(self.base_url + "index.html")
        self.js("localStorage.clear(); sessionStorage.clear();")
        self.driver.get_log("performance")  # drop what earlier tests left

    def viewport(self, width: int, height: int, mobile: bool = False) -> None:
        """Emulate a viewport of exactly width x height CSS pixels."""
        self.cdp("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})

    def media(self, media: str) -> None:
        self.cdp("Emulation.setEmulatedMedia", {"media": media})

    # the keyboard and the mouse
    def press(self, *keys) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(self.driver).send_keys(*keys).perform()

    def hover(self, element) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        self.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
        ActionChains(self.driver).move_to_element(element).perform()

    def focused(self):
        return self.driver.switch_to.active_element

    def find(self, css: str):
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str):
        from selenium.webdriver.common.by import By

        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def requested_urls(self) -> list[str]:
        """URLs the page asked for since the last call (from the performance log)."""
        urls = []
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                urls.append(message["params"]["request"]["url"])
            elif message["method"] == "Network.webSocketCreated":
                urls.append(message["params"]["url"])
        return urls


def off_host(urls: list[str], port: int) -> list[str]:
    """The URLs that go anywhere but the test server (data: is in the page)."""
    bad = []
    for url in urls:
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "about"):
            continue
        if parsed.scheme != "http" or parsed.hostname != HOST or parsed.port != port:
            bad.append(url)
    return bad


# -- colours and contrast (WCAG 2.x) -----------------------------------------------

_RGB = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)")


def parse_color(text: str) -> tuple[float, float, float, float]:
    """A computed CSS colour, as Chromium gives it, as (r, g, b, alpha)."""
    match = _RGB.fullmatch(text.strip())
    if not match:
        raise AssertionError(f"cannot read computed colour {text!r}")
    r, g, b, a = match.groups()
    alpha = 1.0 if a is None else (float(a[:-1]) / 100 if a.endswith("%") else float(a))
    return float(r), float(g), float(b), alpha


def over(top: tuple, bottom: tuple) -> tuple[float, float, float, float]:
    """*top* composited over an opaque *bottom*."""
    alpha = top[3]
    return tuple(top[i] * alpha + bottom[i] * (1 - alpha) for i in range(3)) + (1.0,)


def backdrop(backgrounds: list[str]) -> tuple[float, float, float, float]:
    """The opaque colour behind an element, from its own background outwards.

    Transparent layers are walked through to the first opaque ancestor (the
    canvas is white when none is); translucent ones are composited over it.
    """
    layers = [parse_color(c) for c in backgrounds]
    base = (255.0, 255.0, 255.0, 1.0)
    stack = []
    for layer in layers:
        if layer[3] >= 1:
            base = layer
            break
        stack.append(layer)
    for layer in reversed(stack):
        base = over(layer, base)
    return base


def luminance(color: tuple) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in color[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: tuple, background: tuple) -> float:
    fg = over(foreground, background) if foreground[3] < 1 else foreground
    lighter, darker = sorted((luminance(fg), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# JS: an element's text colour and the background colours from it to the root.
COLOURS_JS = """
const out = [];
for (const el of arguments[0]) {
  const backgrounds = [];
  for (let node = el; node; node = node.parentElement) {
    backgrounds.push(getComputedStyle(node).backgroundColor);
  }
  out.push({what: el.tagName.toLowerCase() + '.' + [...el.classList].join('.'),
            text: (el.textContent || '').trim().slice(0, 40),
            color: getComputedStyle(el).color, backgrounds});
}
return out;
"""


def contrast_of(browser: Browser, elements) -> list[tuple[str, float]]:
    """(description, contrast ratio) for each element's text on its backdrop."""
    results = []
    for info in browser.js(COLOURS_JS, list(elements)):
        ratio = contrast(parse_color(info["color"]), backdrop(info["backgrounds"]))
        results.append((f'{info["what"]} “{info["text"]}” {info["color"]} on {info["backgrounds"][:3]}', ratio))
    return results


# -- fixtures (imported by the test modules) ------------------------------------------

@pytest.fixture(scope="session")
def site_dir(site) -> Path:
    """The built HTML edition (conftest's ``site``), by the name these tests use."""
    return site


@pytest.fixture(scope="session")
def site_server(site_dir):
    with SiteServer(site_dir) as server:
        yield server


@pytest.fixture(scope="session")
def chromium(tmp_path_factory):
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def browser(chromium, site_server) -> Browser:
    """The shared browser, reset to a new reader for each test."""
    page = Browser(chromium, site_server.url)
    page.reset()
    yield page
    page.reset()


def site_pages(site_dir: Path) -> list[str]:
    """Every page of the built site, as paths relative to its root."""
    pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
                   if "_static" not in p.parts and "_sources" not in p.parts)
    assert pages
    return pages
