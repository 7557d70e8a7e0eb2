"""The meeting pack's charts as inline SVG (matplotlib, loaded on first use).

Gantt with dates, coverage per problem with targets, resource load per period against capacity,
share of means on main problems. Colours: Okabe-Ito, distinguishable with the common colour-vision
deficiencies.
"""

from __future__ import annotations

import hashlib
import io
import re

from models.i18n import Lang
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.i18n import short_date, t

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
MAIN, OTHER, TARGET = "#0072B2", "#999999", "#D55E00"


def _svg(fig: object) -> str:
    """The figure as an inline SVG whose ids are its own: matplotlib names every figure
    ``figure_1``, ``patch_1``…, so two charts on one page would share ids (invalid HTML, and
    references resolved to the wrong chart); they get a prefix taken from the chart's content."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")  # type: ignore[attr-defined]
    import matplotlib.pyplot as plt

    plt.close(fig)  # type: ignore[arg-type]
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    prefix = "c" + hashlib.sha1(svg.encode("utf-8")).hexdigest()[:8] + "-"
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    return re.sub(r'(url\(#|href="#)([^)"]+)', lambda m: f"{m.group(1)}{prefix}{m.group(2)}", svg)


def _period_label(scenario: Scenario, period: int, lang: Lang) -> str:
    start = scenario.horizon.period_start(period)
    return f"P{period}" if start is None else f"P{period}\n{short_date(start, lang)}"


def gantt_chart(scenario: Scenario, strategy: Strategy, lang: Lang) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    actions = strategy.actions
    fig, ax = plt.subplots(figsize=(9, max(2.0, 0.28 * len(actions) + 1)))
    leads = list(dict.fromkeys(a.lead for a in actions))
    for row, action in enumerate(actions):
        colour = PALETTE[leads.index(action.lead) % len(PALETTE)]
        ax.barh(row, action.end - action.start, left=action.start, color=colour, edgecolor="white")
    ax.set_yticks(range(len(actions)), [(a.title or a.solution)[:55] for a in actions], fontsize=7)
    ax.invert_yaxis()
    periods = scenario.horizon.periods
    ax.set_xticks(
        range(periods), [_period_label(scenario, p, lang) for p in range(periods)], fontsize=7
    )
    ax.set_xlim(0, periods)
    ax.grid(axis="x", alpha=0.3)
    from matplotlib.patches import Rectangle

    handles = [Rectangle((0, 0), 1, 1, color=PALETTE[k % len(PALETTE)]) for k in range(len(leads))]
    ax.legend(
        handles, [scenario.partner_label(lead) for lead in leads], fontsize=7, loc="lower right"
    )
    return _svg(fig)


def coverage_chart(scenario: Scenario, strategy: Strategy, lang: Lang) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = sorted(
        strategy.problems, key=lambda c: (not c.main, scenario.problem_index[c.problem].priority)
    )
    fig, ax = plt.subplots(figsize=(9, max(2.0, 0.3 * len(rows) + 1)))
    for k, c in enumerate(rows):
        ax.barh(k, c.coverage * 100, color=MAIN if c.main else OTHER)
        if c.min_coverage is not None:
            ax.plot([c.min_coverage * 100] * 2, [k - 0.4, k + 0.4], color=TARGET, linewidth=2)
    ax.set_yticks(range(len(rows)), [(c.title or c.problem)[:55] for c in rows], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("%")
    ax.grid(axis="x", alpha=0.3)
    return _svg(fig)


def load_chart(scenario: Scenario, strategy: Strategy, lang: Lang) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    uses = [u for u in strategy.resources if u.per == "period"]
    pools = [u for u in strategy.resources if u.per == "horizon"]
    panels = len(uses) + (1 if pools else 0)
    columns = 3
    rows = max(1, -(-panels // columns))
    fig, axes = plt.subplots(rows, columns, figsize=(9, 2.2 * rows), squeeze=False)
    for k, use in enumerate(uses):
        ax = axes[k // columns][k % columns]
        periods = range(len(use.used))
        ax.bar(periods, use.used, color=MAIN)
        ax.step(
            [p - 0.5 for p in periods] + [len(use.used) - 0.5],
            [*use.capacity, use.capacity[-1]],
            where="post",
            color=TARGET,
        )
        ax.set_title(scenario.resource_index[use.resource].label[:40], fontsize=8)
        ax.tick_params(labelsize=7)
    if pools:
        ax = axes[len(uses) // columns][len(uses) % columns]
        labels = [scenario.resource_index[u.resource].label[:20] for u in pools]
        ax.bar(
            labels,
            [u.used[0] / u.capacity[0] * 100 if u.capacity[0] else 0 for u in pools],
            color=MAIN,
        )
        ax.axhline(100, color=TARGET)
        ax.set_title(t("pack.pools_used", lang), fontsize=8)
        ax.tick_params(labelsize=7)
    for k in range(panels, rows * columns):
        axes[k // columns][k % columns].axis("off")
    fig.tight_layout()
    return _svg(fig)


def share_chart(scenario: Scenario, strategy: Strategy, lang: Lang) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    items = [(rid, share) for rid, share in strategy.main_share.items() if share is not None]
    fig, ax = plt.subplots(figsize=(9, max(1.8, 0.3 * len(items) + 0.8)))
    ax.barh(range(len(items)), [s * 100 for _, s in items], color=MAIN)
    alpha = scenario.policy.min_main_share
    if alpha:
        ax.axvline(alpha * 100, color=TARGET)
    ax.set_yticks(
        range(len(items)), [scenario.resource_index[r].label[:50] for r, _ in items], fontsize=7
    )
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("%")
    return _svg(fig)
