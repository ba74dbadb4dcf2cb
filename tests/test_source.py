"""The article as received is kept byte-identical, with its provenance."""

from __future__ import annotations

import hashlib
import os
import tomllib

import pytest

from conftest import ROOT, SOURCE


def test_provenance_record_matches_the_file():
    record = tomllib.loads((ROOT / "source" / "provenance.toml").read_text(encoding="utf-8"))
    assert record["file"]["path"] == SOURCE.name
    assert hashlib.sha256(SOURCE.read_bytes()).hexdigest() == record["file"]["sha256"]
    article = record["article"]
    assert article["publisher"] == "The Word 360"
    assert str(article["published"]) == "2025-12-29"
    assert article["address"].startswith("theword360.com/2025/12/29/why-russia-is-still-attacking-ukraine")


def test_source_is_the_seed_we_were_given():
    seed = ROOT.parent / "shared" / "seed" / SOURCE.name
    if not seed.exists():
        message = "needs the seed in ../shared/seed to compare with"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    assert seed.read_bytes() == SOURCE.read_bytes()
