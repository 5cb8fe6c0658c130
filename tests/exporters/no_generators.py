"""A pytest plugin that makes ``import generators`` fail: ``-p tests.exporters.no_generators``.

Loaded before any test module, it proves the exporters and their tests need only the shared
``portfolio`` package (a ``None`` in ``sys.modules`` makes every import of the name an
``ImportError``, submodules included).
"""

from __future__ import annotations

import sys

if "generators" in sys.modules:
    raise RuntimeError("generators was imported before the plugin could block it")
sys.modules["generators"] = None  # type: ignore[assignment]
