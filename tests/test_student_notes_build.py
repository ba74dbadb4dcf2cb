"""The vendored Apache Annotator the package ships
(extension/src/sphinx_annotated_edition/static/vendor/), against the tools
that build it: its versions are those of tools/package-lock.json, and
tools/vendor-annotator.sh rebuilds it byte for byte where npm is there.

Student notes as the extension writes them, and the licences of the
vendored files, are tested in the package's own tests
(extension/tests/test_student_notes_build.py)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import sphinx_annotated_edition
from conftest import ROOT

VENDOR = Path(sphinx_annotated_edition.__file__).resolve().parent / "static" / "vendor"
TOOLS = ROOT / "tools"


def test_vendored_annotator_is_pinned_by_the_lock_file():
    bundle = (VENDOR / "apache-annotator.js").read_text(encoding="utf-8")
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    assert "./tools/vendor-annotator.sh" in readme
    lock = json.loads((TOOLS / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    banner = bundle.split("*/", 1)[0]
    for package, named in (("@apache-annotator/dom", "Apache Annotator"), ("@babel/runtime", "@babel/runtime"),
                           ("esbuild", "esbuild")):
        version = lock[f"node_modules/{package}"]["version"]
        assert re.search(rf"{re.escape(named)} {re.escape(version)}\b", banner), (package, version, banner)
        assert re.search(rf"`{re.escape(package)}` \| {re.escape(version)} \|", readme), (package, version)
    assert lock["node_modules/@apache-annotator/selector"]["version"] == lock["node_modules/@apache-annotator/dom"]["version"]


def test_vendored_annotator_rebuilds_byte_for_byte(tmp_path):
    """tools/vendor-annotator.sh, from the lock file, gives the committed file.
    Needs npm and the npm registry: skipped without them unless under CI."""
    if shutil.which("npm") is None or shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("needs npm (Debian package npm); CI must install it")
        pytest.skip("needs npm and node")
    out = tmp_path / "apache-annotator.js"
    result = subprocess.run(["bash", str(TOOLS / "vendor-annotator.sh"), str(out)],
                            capture_output=True, text=True, check=False, timeout=600)
    if result.returncode != 0 and not os.environ.get("CI") and "ENOTFOUND" in result.stderr + result.stdout:
        pytest.skip("the npm registry cannot be reached")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert out.read_bytes() == (VENDOR / "apache-annotator.js").read_bytes()
