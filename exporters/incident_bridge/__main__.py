"""``python -m exporters.incident_bridge``: serve ``POST /alerts`` or check the config.

Exit codes: 0 ok, 2 bad input (settings, portfolio.yaml, no repository for the issues).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping, Sequence

from exporters.incident_bridge.app import SPEC
from exporters.toolkit.app import run_exporter
from exporters.toolkit.errors import SettingsError
from exporters.toolkit.runner import EXIT_BAD_INPUT

log = logging.getLogger("exporters.incident_bridge")


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    try:
        return run_exporter(SPEC, argv, env)
    except SettingsError as exc:  # no repository: found once portfolio.yaml is loaded
        log.error("%s", exc)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
