"""``portfolio-obs init``: a commented starter portfolio.yaml from a few flags.

The text is loaded with the real config loader before anything is written, so a file
``init`` writes is one ``generate`` accepts; bad answers exit 2 and write nothing.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from portfolio.config.loader import parse_config
from portfolio.config.model import DEFAULT_ENVIRONMENTS, DEFAULT_THRESHOLDS
from portfolio.errors import ConfigError

log = logging.getLogger("portfolio_obs.init")
EXIT_OK, EXIT_BAD_INPUT = 0, 2
SCHEMA_REFERENCE = "./schema/portfolio.schema.json"  # where `generate` writes it, beside the file
FIRST_ENDPOINT = "web"
# Plain scalars YAML 1.1 readers (PyYAML) take for booleans or null: such ids are quoted.
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


class AnswerError(ValueError):
    """A flag's value does not have the documented shape."""


@dataclass
class Team:
    id: str
    slack: str


@dataclass
class Product:
    id: str
    team: str
    endpoints: list[tuple[str, str]] = field(default_factory=list)  # (name, url)


@dataclass(frozen=True)
class Answers:
    name: str
    owner: str
    teams: Sequence[Team]
    products: Sequence[Product]
    grafana_url: str
    runbook_url: str


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--name", default="My portfolio", help="the portfolio's display name")
    parser.add_argument(
        "--team",
        action="append",
        required=True,
        metavar="ID:#CHANNEL",
        help="a team and the Slack channel of its alerts (repeatable); e.g. ops:#ops-alerts",
    )
    parser.add_argument(
        "--product",
        action="append",
        required=True,
        metavar="ID:TEAM[:URL]",
        help=f"a product, its team and its health endpoint (named '{FIRST_ENDPOINT}'; "
        "repeatable); e.g. shop:ops:https://shop.example/health",
    )
    parser.add_argument(
        "--endpoint",
        action="append",
        default=[],
        metavar="PRODUCT:NAME:URL",
        help="one more health endpoint of a product (repeatable)",
    )
    parser.add_argument(
        "--owner", help="the team that owns the monitoring itself (default: the first --team)"
    )
    parser.add_argument("--grafana-url", default="http://localhost:3000", help="Grafana's URL")
    parser.add_argument(
        "--runbook-url",
        default="https://runbooks.example/{product}/{alert}.md",
        help="runbook URL template ({product} and {alert} are replaced)",
    )
    parser.add_argument(
        "-o", "--output", type=Path, default=Path("portfolio.yaml"), help="file to write"
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")


def _split(flag: str, value: str, parts: int, least: int) -> list[str]:
    """``value`` split on its first ``parts - 1`` colons (a URL keeps its own)."""
    pieces = value.split(":", parts - 1)
    if len(pieces) < least or not all(pieces):
        raise AnswerError(f"{flag} {value!r}: expected {flag_shape(flag)}")
    return pieces


def flag_shape(flag: str) -> str:
    return {"--team": "ID:#CHANNEL", "--product": "ID:TEAM[:URL]"}.get(flag, "PRODUCT:NAME:URL")


def answers(args: argparse.Namespace) -> Answers:
    """The flags as data; raises ``AnswerError`` naming the flag that is malformed."""
    teams: dict[str, Team] = {}
    for value in args.team:
        tid, channel = _split("--team", value, 2, 2)
        if tid in teams:
            raise AnswerError(f"--team {tid!r} is given twice")
        teams[tid] = Team(tid, channel)
    products: dict[str, Product] = {}
    for value in args.product:
        pieces = _split("--product", value, 3, 2)
        if pieces[0] in products:
            raise AnswerError(f"--product {pieces[0]!r} is given twice")
        product = products[pieces[0]] = Product(pieces[0], pieces[1])
        if len(pieces) > 2:
            product.endpoints.append((FIRST_ENDPOINT, pieces[2]))
    for value in args.endpoint:
        pid, name, url = _split("--endpoint", value, 3, 3)
        if pid not in products:
            raise AnswerError(f"--endpoint {value!r}: no --product {pid!r}")
        products[pid].endpoints.append((name, url))
    for product in products.values():
        if not product.endpoints:
            raise AnswerError(
                f"--product {product.id!r} has no health endpoint: give ID:TEAM:URL or "
                f"--endpoint {product.id}:NAME:URL (its uptime is measured by probing it)"
            )
    return Answers(
        name=args.name,
        owner=args.owner or next(iter(teams)),
        teams=list(teams.values()),
        products=list(products.values()),
        grafana_url=args.grafana_url,
        runbook_url=args.runbook_url,
    )


def _text(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(value, ensure_ascii=False)


def _id(value: str) -> str:
    return value if _PLAIN.match(value) and value.lower() not in _YAML_WORDS else _text(value)


def _title(identifier: str) -> str:
    words = identifier.replace("_", " ").replace("-", " ")
    return words[:1].upper() + words[1:]


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def render(answers: Answers) -> str:
    """The starter file's text: every answer in place, the next knobs as comments."""
    t = DEFAULT_THRESHOLDS
    lines = [
        f"# yaml-language-server: $schema={SCHEMA_REFERENCE}",
        "#",
        "# The one product config, started with `portfolio-obs init`. `portfolio-obs generate`",
        "# turns it into dashboards/, alert_rules/, stack/, docker-compose.yml and the rest;",
        "# edit here, never there, and commit both. `portfolio-obs check` fails when they drift.",
        "# Secrets are never written here: teams name the *files* that hold them",
        "# (stack.secrets_dir). Every key is described in schema/portfolio.schema.json.",
        "version: 1",
        "",
        "portfolio:",
        f"  name: {_text(answers.name)}",
        f"  team: {_id(answers.owner)}  # owns the monitoring itself; gets what no other team does",
        f"  grafana_url: {_text(answers.grafana_url)}",
        "  # {product} and {alert} are replaced in every alert's runbook_url annotation.",
        f"  runbook_url: {_text(answers.runbook_url)}",
        "",
        "# What a product inherits unless it says otherwise (these are the defaults).",
        "defaults:",
        "  thresholds:",
        f"    uptime: {_number(t['uptime'])}  # percent of successful probes",
        f"    error_rate: {_number(t['error_rate'])}  # percent of 5xx responses (a cloudflare source)",
        f"    response_time_ms: {_number(t['response_time_ms'])}  # p95 of the health endpoints",
        f"  environments: [{', '.join(DEFAULT_ENVIRONMENTS)}]",
        "",
        "# Email receivers (teams.<id>.email) need a mail relay:",
        "# stack:",
        "#   smtp: {smarthost: smtp.example.com:587, from: alerts@example.com}",
        "",
        "teams:",
    ]
    for team in answers.teams:
        lines += [
            f"  {_id(team.id)}:",
            f"    name: {_text(_title(team.id))}",
            f"    slack: {{channel: {_text(team.slack)}}}  # webhook URL in secrets_dir",
            f"    # pagerduty: {{service: {team.id}-oncall}}  # critical alerts page",
            f"    # email: {{to: [{team.id}@example.com]}}  # info alerts; needs stack.smtp",
        ]
    lines += ["", "products:"]
    for product in answers.products:
        lines += [
            f"  {_id(product.id)}:",
            f"    name: {_text(_title(product.id))}",
            f"    team: {_id(product.team)}",
            "    # tier: 1  # 1 = most critical",
            "    # thresholds: {uptime: 99.9, error_rate: 1, response_time_ms: 500}",
            "    # environments: [production, staging]",
            "    health_endpoints:",
        ]
        lines += [
            f"      - {{name: {_id(name)}, url: {_text(url)}}}" for name, url in product.endpoints
        ]
        lines += [
            "    # sources:  # what the exporters read about it",
            f"    #   github: {{repos: [owner/{product.id}]}}",
            f"    #   cloudflare: {{zone: {product.id}.example}}",
        ]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str, force: bool) -> None:
    """Atomically; without ``force`` an existing file is never replaced, even by a race."""
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        if force:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if the file exists
    finally:
        Path(tmp).unlink(missing_ok=True)


def run(args: argparse.Namespace) -> int:
    path: Path = args.output
    if path.exists() and not args.force:
        log.error("error: %s exists; give --force to overwrite it", path)
        return EXIT_BAD_INPUT
    try:
        text = render(answers(args))
    except AnswerError as exc:
        log.error("error: %s", exc)
        return EXIT_BAD_INPUT
    try:
        parse_config(text, path.name)
    except ConfigError as exc:
        log.error("error: these answers do not make a valid portfolio:")
        for problem in exc.problems:
            log.error("  %s: %s", problem.path or "(file)", problem.message)
        return EXIT_BAD_INPUT
    try:
        _write(path, text, args.force)
    except FileExistsError:
        log.error("error: %s exists; give --force to overwrite it", path)
        return EXIT_BAD_INPUT
    except OSError as exc:
        log.error("error: cannot write %s: %s", path, exc.strerror)
        return EXIT_BAD_INPUT
    log.info("wrote %s: %d teams, %d products", path, len(args.team), len(args.product))
    log.info("next: portfolio-obs generate --config %s", path)
    return EXIT_OK
