"""The EPUB passes epubcheck with no errors or warnings."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import need_tool

EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")


def test_epubcheck_reports_nothing(built):
    java = need_tool("java", "default-jre-headless")
    if not EPUBCHECK_JAR.exists():
        message = "needs epubcheck (Debian package epubcheck)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    (epub,) = (built("epub") / "epub").glob("*.epub")
    result = subprocess.run([java, "-jar", str(EPUBCHECK_JAR), str(epub)],
                            capture_output=True, text=True, check=False)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in report, report
