"""Small trend charts (PNG) per product: daily probe availability against the uptime
threshold, and successful deployments per day, over the period and the one before.

matplotlib with the Agg backend (no display); the PNG carries no Software or date metadata
and fonts are matplotlib's bundled DejaVu Sans, so the same figures give the same bytes.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # after choosing the backend
from matplotlib.ticker import MaxNLocator

from reporting.figures import DAY, Figures, ProductReport
from reporting.text import when

SIZE = (7.0, 2.6)  # inches
DPI = 100


def _chart(product: ProductReport, split: float) -> bytes | None:
    availability = [(t, v) for t, v in product.daily_availability if v is not None]
    deployments = list(product.dora.daily_deployments) if product.dora is not None else []
    if not availability and not deployments:
        return None
    figure = Figure(figsize=SIZE, dpi=DPI)
    panels = [p for p in (availability, deployments) if p]
    axes = figure.subplots(1, len(panels), squeeze=False)[0]
    index = 0
    if availability:
        ax = axes[index]
        index += 1
        xs = list(range(len(product.daily_availability)))
        ys = [100 * v if v is not None else float("nan") for _, v in product.daily_availability]
        ax.plot(xs, ys, marker="o", markersize=3, color="#1f77b4", label="availability")
        threshold = product.probes[0].threshold if product.probes else None
        if threshold is not None:
            ax.axhline(
                100 * threshold, color="#d62728", linestyle="--", linewidth=1, label="threshold"
            )
        ax.set_title(f"Daily availability % ({product.trend_environment})", fontsize=8)
        _days_axis(ax, [t for t, _ in product.daily_availability], split)
        ax.legend(fontsize=6, loc="lower left")
    if deployments:
        ax = axes[index]
        xs = list(range(len(deployments)))
        ax.bar(xs, [c for _, c in deployments], color="#2ca02c")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title("Successful deployments per day", fontsize=8)
        _days_axis(ax, [t for t, _ in deployments], split)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _days_axis(ax: object, times: list[float], split: float) -> None:
    from matplotlib.axes import Axes

    assert isinstance(ax, Axes)
    ax.set_xticks(range(len(times)))
    # Each point is the day that ends at its time: labelled with the day it covers.
    ax.set_xticklabels([when(t - DAY)[5:10] for t in times], fontsize=6, rotation=60)
    ax.tick_params(axis="y", labelsize=6)
    before = [i for i, t in enumerate(times) if t <= split]
    if before:
        ax.axvline(before[-1] + 0.5, color="#7f7f7f", linewidth=0.8)  # previous | this period


def charts(figures: Figures) -> dict[str, bytes]:
    """``{product id: PNG bytes}`` for the products with any trend data."""
    out = {}
    for product in figures.products:
        png = _chart(product, figures.period.start)
        if png is not None:
            out[product.id] = png
    return out
