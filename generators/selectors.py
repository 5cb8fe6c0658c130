"""PromQL selectors the rules and the dashboards share; job names come from ``conventions``."""

from __future__ import annotations

from portfolio import conventions
from portfolio.config.model import Portfolio
from portfolio.sources import github


def selector(metric: str, job: str | None, /, **matchers: str) -> str:
    """``metric{job="...",label=~"value"}``: values starting with ``$`` or containing regex
    characters match with ``=~``; a leading ``!`` means ``!=``."""
    parts = [f'job="{job}"'] if job else []
    for label, value in matchers.items():
        if value.startswith("!"):
            parts.append(f'{label}!="{value[1:]}"')
        elif value.startswith("$") or any(ch in value for ch in "|*+"):
            parts.append(f'{label}=~"{value}"')
        else:
            parts.append(f'{label}="{value}"')
    return f"{metric}{{{','.join(parts)}}}"


def probe_metric(metric: str, **matchers: str) -> str:
    """A blackbox probe metric (scrape job ``blackbox``)."""
    return selector(metric, conventions.JOB_BLACKBOX, **matchers)


def exporter_metric(source: str, metric: str, **matchers: str) -> str:
    """A metric of a source's exporter (scrape job ``<source>-exporter``)."""
    return selector(metric, conventions.exporter_job(source), **matchers)


def recorded(series: str, **matchers: str) -> str:
    """A recorded series: no job label (recording rules aggregate it away)."""
    return selector(series, None, **matchers)


def production_regex(portfolio: Portfolio) -> str:
    """The production environment names in use (products may override the DORA default)."""
    names = sorted(
        {
            settings.production_environment
            for settings in map(github.SOURCE.of, portfolio.products)
            if settings
        }
        or {portfolio.dora.production_environment}
    )
    return "|".join(names)
