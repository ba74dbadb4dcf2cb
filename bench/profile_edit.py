"""Where an incremental rebuild after one annotation edit spends its time.

    python bench/profile_edit.py [--chapters 10]

Builds the synthetic edition of bench.py, touches one annotations file,
rebuilds under cProfile and prints the cumulative time of Sphinx's phases
and of the extension's functions. A benchmark aid, not a test.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402

PHASES = {"build", "read", "write", "_write_serial", "handle_page", "write_doc", "finish",
          "copy_static_files", "dump_search_index"}


def main() -> None:
    from sphinx.cmd.build import main as sphinx_build

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chapters", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="edition-profile-") as tmpdir:
        tmp = Path(tmpdir)
        src = bench.synthetic_edition(tmp / "src", args.chapters)
        out = tmp / "out"
        sphinx_build(["-q", "-b", "html", str(src), str(out)])
        note = src / "annotations" / f"{max(1, args.chapters // 2):03d}-chapter.md"
        note.write_text(note.read_text() + "\n")
        profile = cProfile.Profile()
        profile.enable()
        sphinx_build(["-q", "-b", "html", str(src), str(out)])
        profile.disable()
    stats = pstats.Stats(profile)
    print(f"edit rebuild, {args.chapters} chapters: {stats.total_tt:.3f} s under cProfile")
    rows = []
    for (path, _, name), (_, _, _, cumulative, _) in stats.stats.items():
        if "sphinx_annotated_edition" in path:
            rows.append((cumulative, "extension " + path.split("annotated_edition/")[-1], name))
        elif name in PHASES and ("sphinx/builders" in path or "sphinx/application" in path):
            rows.append((cumulative, "sphinx " + path.split("site-packages/")[-1], name))
    for cumulative, where, name in sorted(rows, reverse=True)[:20]:
        print(f"{cumulative:8.3f} s  {where}:{name}")


if __name__ == "__main__":
    main()
