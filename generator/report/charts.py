"""The report's charts laid out as numbers (positions and sizes in SVG user units); the template
draws them. Nothing here writes markup."""

from __future__ import annotations

from dataclasses import dataclass

from generator.i18n.freshness import TARGETS
from generator.i18n.languages import CODES
from generator.report.figures import YearReport

WIDTH = 640
HEIGHT = 220
LEFT = 40
BOTTOM = 24
TOP = 8


@dataclass(frozen=True)
class Bar:
    """One segment of a stacked bar: a language's publications in one month."""

    lang: str
    month: int
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Line:
    """One language's coverage at each month's end, as SVG polyline points."""

    lang: str
    points: str
    last: float | None


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    top: float
    base: float
    scale_max: float
    ticks: list[tuple[float, str]]
    """(y, label) of the value axis."""
    columns: list[tuple[float, int]]
    """(x of the column's centre, month number) of the time axis."""


def _frame(scale_max: float, steps: int) -> Chart:
    base = HEIGHT - BOTTOM
    step = (WIDTH - LEFT) / 12
    ticks = [
        (base - (base - TOP) * i / steps, _number(scale_max * i / steps)) for i in range(steps + 1)
    ]
    columns = [(LEFT + step * (m - 0.5), m) for m in range(1, 13)]
    return Chart(WIDTH, HEIGHT, TOP, base, scale_max, ticks, columns)


def _number(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def publications_chart(report: YearReport) -> tuple[Chart, list[Bar]]:
    """Stacked bars: per month, the publications of each language."""
    totals = [sum(report.published(month, lang) for lang in CODES) for month in report.months]
    top_total = max(totals, default=0)
    scale_max = float(max(4, -(-top_total // 4) * 4))
    chart = _frame(scale_max, 4)
    step = (WIDTH - LEFT) / 12
    bars = []
    for index, month in enumerate(report.months):
        y = chart.base
        for lang in CODES:
            count = report.published(month, lang)
            if not count:
                continue
            height = (chart.base - TOP) * count / scale_max
            y -= height
            bars.append(Bar(lang, month.month, count, LEFT + step * index + 4, y, step - 8, height))
    return chart, bars


def coverage_chart(report: YearReport) -> tuple[Chart, list[Line]]:
    """Lines: each language's coverage (0–100 %) at the end of each month with a figure."""
    chart = _frame(100.0, 4)
    step = (WIDTH - LEFT) / 12
    lines = []
    for lang in TARGETS:
        points = [
            (LEFT + step * (point.month.month - 0.5), point.coverage[lang])
            for point in report.history
            if lang in point.coverage
        ]
        coords = " ".join(
            f"{x:.1f},{chart.base - (chart.base - TOP) * value / 100:.1f}" for x, value in points
        )
        lines.append(Line(lang, coords, points[-1][1] if points else None))
    return chart, lines
