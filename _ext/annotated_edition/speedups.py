"""Opt-in workarounds for where a build's time goes in other packages.

Switched on by ``edition_speedups = True``. Each changes how fast a build
runs, never what it writes; each stands for a fix that belongs upstream and
has a test (``tests/test_speedups.py``) that fails once upstream has it, so
that the workaround can go.

* **pybtex scans every installed package's entry points on each plugin
  look-up** (``pybtex.plugin._load_entry_point`` calls
  ``importlib.metadata.entry_points(group=…, name=…)``, which reads every
  distribution's metadata anew). sphinxcontrib-bibtex looks up a plugin for
  every citation it resolves, so a build with 150 citations scans the
  installed packages 150 times. The set of installed packages does not change
  during a build: the scan is done once. Pygments fixed the same pattern in
  its own plugin look-up (pygments/pygments#2979, "speedup: cache entry
  points"); no pybtex issue was found in the stored tracker copies.
* **Cyclic garbage collection** runs thousands of times over the doctrees a
  build keeps alive until the end. Objects that exist once the project is
  set up are frozen out of collection (``gc.freeze``), and the first
  generation's threshold is raised, so collections are fewer; nothing that
  becomes garbage is kept, it is collected a little later.
"""

from __future__ import annotations

import functools
import gc
import importlib.metadata

#: generation-0 threshold during a build (CPython's default is 700)
GC_THRESHOLD = 50_000


@functools.cache
def _installed_entry_points() -> importlib.metadata.EntryPoints:
    return importlib.metadata.entry_points()


def cached_entry_points(**params) -> importlib.metadata.EntryPoints:
    """``importlib.metadata.entry_points(**params)``, scanning the packages once."""
    return _installed_entry_points().select(**params)


def cache_pybtex_entry_points() -> None:
    import pybtex.plugin

    pybtex.plugin.entry_points = cached_entry_points


_saved_threshold: tuple[int, ...] | None = None


def tune_garbage_collection() -> None:
    """Freeze what set-up made, and collect the young generation less often."""
    global _saved_threshold
    if _saved_threshold is None:
        _saved_threshold = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *_saved_threshold[1:])


def apply(app, config) -> None:
    """``config-inited``: switch the workarounds on when the project asks."""
    if config.edition_speedups:
        cache_pybtex_entry_points()
        tune_garbage_collection()


def restore(app, exception) -> None:
    """``build-finished``: the process collects garbage as before (tests run many builds)."""
    global _saved_threshold
    if _saved_threshold is not None:
        gc.set_threshold(*_saved_threshold)
        gc.unfreeze()
        _saved_threshold = None
