"""``python -m publisher --url URL [--dry-run]``: publish the generated dashboards to Grafana.

The service-account token comes from ``GRAFANA_TOKEN`` or the file named by
``GRAFANA_TOKEN_FILE``; it is sent as a Bearer header to ``--url`` only and never logged.
Every dashboard of ``--dashboards`` goes into one folder (``--folder``, created if missing).

Exit codes: 0 published (or, with ``--dry-run``, nothing to change); 3 with ``--dry-run``:
there are changes (printed as a semantic diff); 1 Grafana refused or could not be reached;
2 bad input (URL, token, dashboard files).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from publisher import grafana
from publisher.errors import InputError, PublishError

log = logging.getLogger("publisher")
EXIT_OK, EXIT_ERROR, EXIT_INPUT, EXIT_CHANGES = 0, 1, 2, 3
TOKEN_ENV = "GRAFANA_TOKEN"


def token_from(environ: Mapping[str, str]) -> str:
    """The token from ``GRAFANA_TOKEN`` or ``GRAFANA_TOKEN_FILE`` (exactly one of them)."""
    direct, path = environ.get(TOKEN_ENV), environ.get(f"{TOKEN_ENV}_FILE")
    if direct and path:
        raise InputError(f"set {TOKEN_ENV} or {TOKEN_ENV}_FILE, not both")
    if path:
        try:
            direct = Path(path).read_text().strip()
        except OSError as exc:
            raise InputError(f"{TOKEN_ENV}_FILE: cannot read {path}: {exc.strerror}") from None
    if not direct:
        raise InputError(f"no token: set {TOKEN_ENV} or {TOKEN_ENV}_FILE")
    if any(ch.isspace() for ch in direct):
        raise InputError(f"{TOKEN_ENV}: the token contains whitespace")
    return direct


def _report(plan: grafana.Plan, out: list[str]) -> None:
    if plan.create_folder:
        out.append(f"folder '{plan.folder_title}' ({plan.folder_uid}): would be created")
    for change in plan.changes:
        if not change.changed:
            out.append(f"{change.uid}: unchanged")
            continue
        out.append(f"{change.uid} ({change.title}):")
        if change.moved:
            out.append(f"  moves into folder '{plan.folder_title}'")
        out += [f"  {line}" for line in change.lines]
    for uid in plan.unmanaged:
        out.append(f"{uid}: in folder '{plan.folder_title}' but not generated (left alone)")


def run(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m publisher", description=__doc__)
    parser.add_argument("--url", help="Grafana's base URL (default: $GRAFANA_URL)")
    parser.add_argument("--dashboards", default="dashboards", help="the generated dashboards")
    parser.add_argument("--folder", default=grafana.DEFAULT_FOLDER, help="folder title")
    parser.add_argument("--dry-run", action="store_true", help="print the diff, change nothing")
    args = parser.parse_args(argv)
    env = os.environ if environ is None else environ
    try:
        url = args.url or env.get("GRAFANA_URL")
        if not url:
            raise InputError("no Grafana URL: give --url or set GRAFANA_URL")
        api = grafana.client(url, token_from(env))
        boards = grafana.load_dashboards(Path(args.dashboards))
        publisher = grafana.Publisher(api, args.folder)
        plan = publisher.plan(boards)
        lines: list[str] = []
        _report(plan, lines)
        if args.dry_run:
            sys.stdout.write("".join(f"{line}\n" for line in lines))
            return EXIT_CHANGES if plan.changed else EXIT_OK
        for line in publisher.apply(plan, boards) or ["nothing to change"]:
            log.info("%s", line)
        return EXIT_OK
    except InputError as exc:
        log.error("error: %s", exc)
        return EXIT_INPUT
    except PublishError as exc:
        log.error("error: %s", exc)
        return EXIT_ERROR


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    return run()


if __name__ == "__main__":
    sys.exit(main())
