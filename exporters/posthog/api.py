"""The PostHog calls the exporter makes, returning plain numbers.

Use ``PosthogAPI(client)`` with the toolkit's ``UpstreamClient`` (bearer personal API key,
``RetryAfterRateLimit``). Every figure comes from ``POST /api/projects/{id}/query/`` with a
structured query kind (``TrendsQuery``, ``FunnelsQuery``, ``ExperimentQuery``: PostHog's
ClickHouse throttle, 240/minute and 1,200/hour, not HogQL's 120/hour), sent with ``"refresh":
"blocking"`` so PostHog answers from its cache when the figure is fresh and computes it
otherwise. Cohort sizes come from the cohort list, ``GET /api/projects/{id}/cohorts/``
(``count`` of each cohort; paginated with ``next``).

A body that is not the documented shape raises ``MalformedResponseError``; a refused query (a
4xx with PostHog's ``{"type", "code", "detail"}`` error body) raises ``QueryRefusedError``
carrying its ``detail``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from exporters.toolkit.errors import MalformedResponseError, UpstreamError, UpstreamStatusError
from exporters.toolkit.http import UpstreamClient
from exporters.toolkit.pacing import Pacer
from exporters.toolkit.pagination import NextUrlPagination
from portfolio.sources.posthog import UNITS, Experiment, Funnel

FLAG_CALLED = "$feature_flag_called"  # the event PostHog captures when a flag is evaluated
MAX_VARIANTS = 10  # variants kept per flag-only test (a flag has a few; the rest is ignored)
MAX_COHORT_PAGES = 50


class QueryRefusedError(UpstreamStatusError):
    """PostHog refused a request (400 invalid query, 401 key, 403 scope, 404 project): ``detail``
    is the ``detail`` of its error body."""

    def __init__(self, endpoint: str, status: int, detail: str) -> None:
        self.detail = detail
        super().__init__(endpoint, status, detail)


def _refused(exc: UpstreamStatusError) -> UpstreamStatusError:
    if not 400 <= exc.status < 500:
        return exc
    text = str(exc).split(f"HTTP {exc.status}: ", 1)[-1]
    try:
        detail = json.loads(text)["detail"]
    except (ValueError, KeyError, TypeError):
        return exc
    return QueryRefusedError(exc.endpoint, exc.status, str(detail))


def _number(value: Any, endpoint: str, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MalformedResponseError(endpoint, f"{what}: expected a number, got {value!r}")
    return float(value)


def _optional(value: Any, endpoint: str, what: str) -> float | None:
    return None if value is None else _number(value, endpoint, what)


def query_path(project: int) -> str:
    return f"/api/projects/{project}/query/"


def events_node(event: str | None, math: str = "total", **extra: Any) -> dict[str, Any]:
    """One series: ``event`` None is PostHog's "All events"."""
    return {"kind": "EventsNode", "event": event, "math": math, **extra}


def cohort_filter(cohort: int) -> list[dict[str, Any]]:
    return [{"type": "cohort", "key": "id", "value": cohort}]


@dataclass(frozen=True)
class FunnelStep:
    count: float
    median_seconds: float | None  # from the previous step; None for step 1 or when not given


@dataclass(frozen=True)
class VariantResult:
    key: str
    exposures: float
    conversions: float
    chance_to_win: float | None = None
    interval: tuple[float, float] | None = None  # of the relative lift over control
    significant: bool | None = None


@dataclass(frozen=True)
class ExperimentResult:
    variants: tuple[VariantResult, ...]  # control first
    significant: bool | None  # PostHog's verdict; None when it gave only counts


class PosthogAPI:
    """The queries of one refresh."""

    def __init__(self, client: UpstreamClient, pacer: Pacer | None = None) -> None:
        self.client = client
        self.pacer = pacer  # keeps the queries under PostHog's burst limit (240 a minute)

    def _query(self, project: int, endpoint: str, query: dict[str, Any]) -> Any:
        body = {"query": query, "refresh": "blocking"}
        if self.pacer is not None:
            self.pacer.wait(endpoint)
        try:
            page = self.client.post(
                query_path(project), endpoint=endpoint, json=body, idempotent=True
            )
        except UpstreamStatusError as exc:
            raise _refused(exc) from None
        data = page.data
        if not isinstance(data, dict):
            raise MalformedResponseError(endpoint, "expected a JSON object")
        status = data.get("query_status")
        if isinstance(status, dict) and status.get("complete") is False:
            raise UpstreamError(endpoint, "PostHog is still computing the query (202)")
        return data

    def trends(self, project: int, period: str, series: Sequence[dict[str, Any]]) -> list[float]:
        """The aggregated value of each series over ``-period`` to now, in series order: one
        ``TrendsQuery`` shown as a bold number, so ``dau`` counts distinct persons over the
        whole range, not per day."""
        query = {
            "kind": "TrendsQuery",
            "dateRange": {"date_from": f"-{period}"},
            "interval": "day",
            "series": list(series),
            "trendsFilter": {"display": "BoldNumber"},
        }
        data = self._query(project, "trends", query)
        results = data.get("results")
        if not isinstance(results, list) or len(results) != len(series):
            raise MalformedResponseError("trends", f"expected {len(series)} results")
        values = [0.0] * len(series)
        for position, row in enumerate(results):
            if not isinstance(row, dict):
                raise MalformedResponseError("trends", "a result is not an object")
            action = row.get("action")
            order = action.get("order", position) if isinstance(action, dict) else position
            if not isinstance(order, int) or not 0 <= order < len(series):
                raise MalformedResponseError("trends", f"result order {order!r} out of range")
            values[order] = _number(row.get("aggregated_value"), "trends", "aggregated_value")
        return values

    def _funnel_query(
        self, funnel_steps: list[dict[str, Any]], period: str, window: tuple[int, str]
    ) -> dict[str, Any]:
        return {
            "kind": "FunnelsQuery",
            "dateRange": {"date_from": f"-{period}"},
            "series": funnel_steps,
            "funnelsFilter": {
                "funnelVizType": "steps",
                "funnelOrderType": "ordered",
                "funnelWindowInterval": window[0],
                "funnelWindowIntervalUnit": window[1],
            },
        }

    def funnel(self, project: int, funnel: Funnel) -> list[FunnelStep]:
        """Users who completed each step (in order, within the window) and the median time
        from the previous step."""
        steps = [events_node(step.event, name=step.name) for step in funnel.steps]
        query = self._funnel_query(steps, funnel.period, funnel.window_interval)
        data = self._query(project, "funnels", query)
        return _steps(data.get("results"), len(steps), "funnels")

    def experiment(self, project: int, experiment: Experiment, period: str) -> ExperimentResult:
        """Results of an experiment: PostHog's ``ExperimentQuery`` for an experiment id (its
        chance to win, credible interval and verdict), or for a flag alone a ``FunnelsQuery``
        from the flag's evaluation to the conversion event broken down by the variant served
        (counts only) over ``period``, which is also its conversion window."""
        if experiment.id is not None:
            return self._experiment_query(project, experiment)
        return self._flag_funnel(project, experiment, period)

    def _experiment_query(self, project: int, experiment: Experiment) -> ExperimentResult:
        query = {
            "kind": "ExperimentQuery",
            "experiment_id": experiment.id,
            "metric": {
                "kind": "ExperimentMetric",
                "metric_type": "funnel",
                "series": [events_node(experiment.event)],
            },
        }
        data = self._query(project, "experiments", query)
        baseline, others = data.get("baseline"), data.get("variant_results")
        if not isinstance(baseline, dict) or not isinstance(others, list):
            raise MalformedResponseError("experiments", "expected baseline and variant_results")
        variants = [_variant(baseline, control=True)]
        variants += [_variant(row, control=False) for row in others]
        verdicts = [v.significant for v in variants[1:]]
        significant = None if any(v is None for v in verdicts) else any(verdicts)
        return ExperimentResult(tuple(variants), significant)

    def _flag_funnel(self, project: int, experiment: Experiment, period: str) -> ExperimentResult:
        assert experiment.flag is not None
        exposure = events_node(
            FLAG_CALLED,
            properties=[
                {
                    "key": "$feature_flag",
                    "value": experiment.flag,
                    "operator": "exact",
                    "type": "event",
                }
            ],
        )
        window = (int(period[:-1]), UNITS[period[-1]])
        query = self._funnel_query([exposure, events_node(experiment.event)], period, window)
        query["breakdownFilter"] = {
            "breakdown_type": "event",
            "breakdown": "$feature_flag_response",
        }
        data = self._query(project, "experiments", query)
        results = data.get("results")
        if not isinstance(results, list):
            raise MalformedResponseError("experiments", "expected a list of breakdowns")
        variants: list[VariantResult] = []
        for series in results:
            steps = _steps(series, 2, "experiments")
            first = series[0] if isinstance(series, list) and series else {}
            value = first.get("breakdown_value", first.get("breakdown"))
            key = value[0] if isinstance(value, list) and value else value
            if not isinstance(key, str) or len(variants) >= MAX_VARIANTS:
                continue
            variants.append(VariantResult(key, steps[0].count, steps[1].count))
        variants.sort(key=lambda v: (v.key != experiment.control, v.key))
        if not variants or variants[0].key != experiment.control:
            raise MalformedResponseError(
                "experiments", f"no control variant {experiment.control!r} in the breakdown"
            )
        return ExperimentResult(tuple(variants), None)

    def cohort_sizes(self, project: int) -> dict[int, float]:
        """Cohort id -> persons in it, from the cohort list (every page)."""
        sizes: dict[int, float] = {}
        try:
            for page in self.client.paginate(
                f"/api/projects/{project}/cohorts/",
                endpoint="cohorts",
                params={"limit": 100},
                pagination=NextUrlPagination("next"),
                max_pages=MAX_COHORT_PAGES,
            ):
                rows = page.data.get("results") if isinstance(page.data, dict) else None
                if not isinstance(rows, list):
                    raise MalformedResponseError("cohorts", "expected a results list")
                for row in rows:
                    if not isinstance(row, dict) or not isinstance(row.get("id"), int):
                        raise MalformedResponseError("cohorts", "a cohort lacks its id")
                    count = _optional(row.get("count"), "cohorts", "count")
                    if count is not None:  # None: PostHog has not calculated it yet
                        sizes[row["id"]] = count
        except UpstreamStatusError as exc:
            raise _refused(exc) from None
        return sizes


def _steps(results: Any, expected: int, endpoint: str) -> list[FunnelStep]:
    if not isinstance(results, list) or len(results) != expected:
        raise MalformedResponseError(endpoint, f"expected {expected} funnel steps")
    steps = []
    for position, row in enumerate(results):
        if not isinstance(row, dict) or row.get("order", position) != position:
            raise MalformedResponseError(endpoint, f"step {position} is missing or out of order")
        median = _optional(row.get("median_conversion_time"), endpoint, "median_conversion_time")
        steps.append(FunnelStep(_number(row.get("count"), endpoint, "count"), median))
    return steps


def _variant(row: Any, *, control: bool) -> VariantResult:
    endpoint = "experiments"
    if not isinstance(row, dict) or not isinstance(row.get("key"), str):
        raise MalformedResponseError(endpoint, "a variant lacks its key")
    interval = row.get("credible_interval")
    bounds: tuple[float, float] | None = None
    if interval is not None:
        if not isinstance(interval, list) or len(interval) != 2:
            raise MalformedResponseError(endpoint, "credible_interval is not two numbers")
        bounds = (
            _number(interval[0], endpoint, "interval"),
            _number(interval[1], endpoint, "interval"),
        )
    significant = row.get("significant")
    if significant is not None and not isinstance(significant, bool):
        raise MalformedResponseError(endpoint, "significant is not a boolean")
    return VariantResult(
        row["key"],
        _number(row.get("number_of_samples"), endpoint, "number_of_samples"),
        _number(row.get("sum"), endpoint, "sum"),
        chance_to_win=None
        if control
        else _optional(row.get("chance_to_win"), endpoint, "chance_to_win"),
        interval=None if control else bounds,
        significant=None if control else significant,
    )
