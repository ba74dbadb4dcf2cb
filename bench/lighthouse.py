#!/usr/bin/env python3
"""Lighthouse scores for a chapter of the edition: a benchmark, not a test.

Builds the HTML edition (strictly, as `make html` does) into a temporary
folder, or takes an already built one, serves it on 127.0.0.1 on a free port,
and runs Lighthouse 12.2.3 from npm on one page with Debian's Chromium, which
is told that no host but 127.0.0.1 exists. Prints the four category scores
and, for any category below its goal, the audits that lost points.

    .venv/bin/python bench/lighthouse.py                      # build, then measure
    .venv/bin/python bench/lighthouse.py --site _build/html   # measure a build
    .venv/bin/python bench/lighthouse.py --page glossary.html --runs 3 --json out.json
    .venv/bin/python bench/lighthouse.py --compress   # text gzipped, as a real host sends it

Needs node/npx (npx fetches lighthouse@12.2.3 from the npm registry on first
use) and /usr/bin/chromium (Debian package chromium). Exit status 0, or 1 with
--strict when a goal is missed: performance >= 99, the others 100.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = "lighthouse@12.2.3"
HOST = "127.0.0.1"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
GOALS = {"performance": 99, "accessibility": 100, "best-practices": 100, "seo": 100}
DEFAULT_PAGE = "chapters/01-opening.html"
CHROME_FLAGS = " ".join([
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--disable-default-apps", "--disable-extensions",
    f'--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE {HOST}"',
])


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


class _GzipHandler(_QuietHandler):
    """Text sent gzip-compressed when the browser asks, as real hosts do."""

    TEXT = {".html", ".css", ".js", ".svg", ".json", ".txt", ".inv"}

    def do_GET(self):  # noqa: N802 - the base class's name
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in self.TEXT or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)
        return None


def build(out: Path) -> Path:
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1764979200")}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "html", str(ROOT), str(out), "-W", "--keep-going", "-n", "-q"],
        capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        sys.exit(f"the build failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return out / "html"


def lighthouse(url: str, chromium: str, workdir: Path) -> dict:
    npx = shutil.which("npx")
    if npx is None:
        sys.exit("needs npx (Debian package npm, or Node.js)")
    report = workdir / "report.json"
    command = [
        npx, "--yes", LIGHTHOUSE, url,
        f"--chrome-path={chromium}", f"--chrome-flags={CHROME_FLAGS}",
        "--output=json", f"--output-path={report}", "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    if result.returncode != 0 or not report.exists():
        sys.exit(f"lighthouse failed (exit {result.returncode}):\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def losses(data: dict, category: str) -> list[str]:
    """The audits of *category* that count towards its score and lost points."""
    lines = []
    for ref in data["categories"][category]["auditRefs"]:
        audit = data["audits"][ref["id"]]
        score = audit.get("score")
        if ref.get("weight", 0) > 0 and score is not None and score < 1:
            value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            lines.append(f"    {audit['id']}: {score:.2f}{value} - {audit['title']}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built HTML folder (default: build one now)")
    parser.add_argument("--page", default=DEFAULT_PAGE, help=f"page to measure (default {DEFAULT_PAGE})")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs; the median is printed")
    parser.add_argument("--chrome-path", default="/usr/bin/chromium")
    parser.add_argument("--json", type=Path, help="also write the last full Lighthouse report here")
    parser.add_argument("--compress", action="store_true",
                        help="serve text gzip-compressed, as a real host (Read the Docs) does")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args()

    if not Path(args.chrome_path).exists():
        sys.exit(f"no Chromium at {args.chrome_path} (Debian package chromium)")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        workdir = Path(tmp)
        site = args.site.resolve() if args.site else build(workdir / "build")
        if not (site / args.page).is_file():
            sys.exit(f"no page {args.page} in {site}")
        handler = functools.partial(_GzipHandler if args.compress else _QuietHandler, directory=str(site))
        httpd = http.server.ThreadingHTTPServer((HOST, 0), handler)
        httpd.daemon_threads = True
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        url = f"http://{HOST}:{httpd.server_address[1]}/{args.page}"
        try:
            runs = [lighthouse(url, args.chrome_path, workdir) for _ in range(max(1, args.runs))]
        finally:
            httpd.shutdown()
            httpd.server_close()

    last = runs[-1]
    if args.json:
        args.json.write_text(json.dumps(last, indent=1), encoding="utf-8")
    print(f"Lighthouse {last['lighthouseVersion']} on {args.page} "
          f"({last['configSettings']['formFactor']}, {len(runs)} run{'s' * (len(runs) > 1)}, "
          f"{'gzip' if args.compress else 'uncompressed'})")
    missed = False
    for category in CATEGORIES:
        scores = [round(r["categories"][category]["score"] * 100) for r in runs]
        score = statistics.median(scores)
        ok = score >= GOALS[category]
        missed |= not ok
        every = f"  runs: {scores}" if len(runs) > 1 else ""
        print(f"  {category:15} {score:5.0f}  (goal {GOALS[category]}){'' if ok else '  MISSED'}{every}")
        if not ok or category == "performance":
            for line in losses(last, category):
                print(line)
    if last.get("runWarnings"):
        print("warnings:", *last["runWarnings"], sep="\n  ")
    return 1 if (missed and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
