"""Charts of the pages: the meeting pack's own SVG charts (``sq_opt.views.charts``, drawn once per
strategy and language, matplotlib serialised by a lock) and a small hand-written SVG of an
indicator's counts before / after the first action (the evaluation).

(The evaluation chart belongs with the library's views; it is here until ``sq_opt.views`` has one.)
"""

from __future__ import annotations

import html
from collections.abc import Callable, Hashable

from api.web.memo import PLOT_LOCK, Memo
from api.web.words import WORDS
from models.evaluation import ProblemEvaluation
from models.i18n import Lang
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.i18n import number, short_date
from sq_opt.views.charts import coverage_chart, gantt_chart, load_chart, share_chart

PLAN_CHARTS: dict[str, Callable[[Scenario, Strategy, Lang], str]] = {
    "gantt": gantt_chart,
    "coverage": coverage_chart,
    "load": load_chart,
    "share": share_chart,
}
DRAWN: Memo[str] = Memo(256)

AREA_BEFORE, AREA_AFTER, COMPARISON, SPLIT = "#6b6b6b", "#0072B2", "#B35C00", "#D55E00"


def plan_chart(key: Hashable, scenario: Scenario, strategy: Strategy, name: str, lang: Lang) -> str:
    """One of the pack's charts of ``strategy`` (cached under ``key``, name and language)."""
    draw = PLAN_CHARTS[name]

    def make() -> str:
        with PLOT_LOCK:
            return draw(scenario, strategy, lang)

    return DRAWN.get((key, name, lang), make)


def evaluation_chart(problem: ProblemEvaluation, sentence: str, lang: Lang) -> str:
    """Bars of the area's counts per period (grey before the split, blue from it on), the mean of
    each side, the comparison area's counts as dots, the split as a dashed line."""
    area = [p for p in problem.series if not p.comparison]
    other = [p for p in problem.series if p.comparison]
    points = area + other
    if not points:
        return ""
    first = min(p.period for p in points)
    last = max(p.period for p in points)
    count = last - first + 1
    width, height, left, right, top, bottom = 640, 230, 44, 12, 16, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / count
    top_value = max(p.value for p in points) or 1.0

    def x(period: float) -> float:
        return left + (period - first) * step

    def y(value: float) -> float:
        return top + plot_h - value / top_value * plot_h

    ident = f"ev-{html.escape(problem.problem)}"
    title = html.escape(problem.title or problem.problem)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" class="evchart">',
        f'<title id="{ident}-t">{title}</title><desc id="{ident}-d">{html.escape(sentence)}</desc>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        'stroke="#1b1b1b"/>',
        f'<text x="{left - 6}" y="{y(top_value) + 4:.1f}" text-anchor="end" font-size="11">'
        f"{number(top_value, lang, 1)}</text>",
        f'<text x="{left - 6}" y="{top + plot_h + 4}" text-anchor="end" font-size="11">0</text>',
    ]
    bar = step * (0.5 if other else 0.7)
    for p in area:
        colour = AREA_AFTER if p.after is not False else AREA_BEFORE
        parts.append(
            f'<rect x="{x(p.period) + (step - bar) / 2:.1f}" y="{y(p.value):.1f}" '
            f'width="{bar:.1f}" height="{top + plot_h - y(p.value):.1f}" fill="{colour}">'
            f"<title>{short_date(p.start, lang)} : {number(p.value, lang, 1)}</title></rect>"
        )
    if other:
        coords = " ".join(f"{x(p.period) + step / 2:.1f},{y(p.value):.1f}" for p in other)
        parts.append(f'<polyline points="{coords}" fill="none" stroke="{COMPARISON}"/>')
        for p in other:
            parts.append(
                f'<circle cx="{x(p.period) + step / 2:.1f}" cy="{y(p.value):.1f}" r="4" '
                f'fill="{COMPARISON}"/>'
            )
    if problem.split_period is not None and first <= problem.split_period <= last + 1:
        sx = x(problem.split_period)
        parts.append(
            f'<line x1="{sx:.1f}" y1="{top}" x2="{sx:.1f}" y2="{top + plot_h}" stroke="{SPLIT}" '
            'stroke-width="2" stroke-dasharray="6 4"/>'
        )
        for mean, lo, hi, colour in (
            (problem.before_mean, first, problem.split_period, AREA_BEFORE),
            (problem.after_mean, problem.split_period, last + 1, AREA_AFTER),
        ):
            if mean is not None and hi > lo:
                parts.append(
                    f'<line x1="{x(lo):.1f}" y1="{y(mean):.1f}" x2="{x(hi):.1f}" '
                    f'y2="{y(mean):.1f}" stroke="{colour}" stroke-width="2" '
                    'stroke-dasharray="2 3"/>'
                )
    every = max(1, count // 8)
    for k in range(0, count, every):
        day = next((p.start for p in points if p.period == first + k), None)
        if day is not None:
            parts.append(
                f'<text x="{x(first + k) + step / 2:.1f}" y="{top + plot_h + 16}" '
                f'text-anchor="middle" font-size="11">{short_date(day, lang)}</text>'
            )
    legend = [
        (AREA_BEFORE, WORDS.t("eval.legend_before", lang)),
        (AREA_AFTER, WORDS.t("eval.legend_after", lang)),
    ]
    if other:
        legend.append((COMPARISON, WORDS.t("eval.legend_comparison", lang)))
    for k, (colour, label) in enumerate(legend):
        lx = left + k * 190
        parts.append(
            f'<rect x="{lx}" y="{height - 16}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{lx + 16}" y="{height - 6}" font-size="11">{html.escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
