"""Charts of the pages: the meeting pack's own SVG charts (``sq_opt.views.charts`` for the plan,
``sq_opt.views.pack_cycle.indicator_chart`` for an evaluated indicator), drawn once per input and
language, matplotlib serialised by a lock."""

from __future__ import annotations

import html
from collections.abc import Callable, Hashable

from api.web.memo import PLOT_LOCK, Memo
from models.evaluation import ProblemEvaluation
from models.i18n import Lang
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.views.charts import coverage_chart, gantt_chart, load_chart, share_chart
from sq_opt.views.pack_cycle import indicator_chart

PLAN_CHARTS: dict[str, Callable[[Scenario, Strategy, Lang], str]] = {
    "gantt": gantt_chart,
    "coverage": coverage_chart,
    "load": load_chart,
    "share": share_chart,
}
DRAWN: Memo[str] = Memo(256)


def plan_chart(key: Hashable, scenario: Scenario, strategy: Strategy, name: str, lang: Lang) -> str:
    """One of the pack's charts of ``strategy`` (cached under ``key``, name and language)."""
    draw = PLAN_CHARTS[name]

    def make() -> str:
        with PLOT_LOCK:
            return draw(scenario, strategy, lang)

    return DRAWN.get((key, name, lang), make)


def evaluation_chart(problem: ProblemEvaluation, sentence: str, lang: Lang) -> str:
    """The pack's chart of an indicator's counts (before / after the split, the means, the
    comparison area), drawn once per problem evaluation and language, labelled for screen
    readers with the evaluation's sentence."""

    def make() -> str:
        with PLOT_LOCK:
            return indicator_chart(problem, lang)

    svg = DRAWN.get(("indicator", problem.model_dump_json(), lang), make)
    label = html.escape(sentence, quote=True)
    return svg.replace("<svg", f'<svg class="evchart" role="img" aria-label="{label}"', 1)
