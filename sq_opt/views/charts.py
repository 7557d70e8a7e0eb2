"""The meeting pack's charts as inline SVG (matplotlib, loaded on first use).

Gantt with dates, coverage per problem with targets, resource load per period against capacity,
share of means on main problems. Every chart has readable labels (sized for A4, the page's
width), a legend outside the data and its values written on it. Colours: Okabe-Ito,
distinguishable with the common colour-vision deficiencies.
"""

from __future__ import annotations

import hashlib
import io
import re
from typing import Any

from models.i18n import Lang
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.i18n import number, percent, period, short_date, t

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
MAIN, OTHER, TARGET = "#0072B2", "#999999", "#D55E00"
WIDTH = 7.4  # inches: the A4 page's text width (190 mm), so that 8 pt stays 8 pt on paper
FONT = 8


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.size": FONT, "svg.fonttype": "none"})
    return plt


def _svg(fig: Any) -> str:
    """The figure as an inline SVG whose ids are its own: matplotlib names every figure
    ``figure_1``, ``patch_1``…, so two charts on one page would share ids (invalid HTML, and
    references resolved to the wrong chart); they get a prefix taken from the chart's content."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    _plt().close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    prefix = "c" + hashlib.sha1(svg.encode("utf-8")).hexdigest()[:8] + "-"
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    return re.sub(r'(url\(#|href="#)([^)"]+)', lambda m: f"{m.group(1)}{prefix}{m.group(2)}", svg)


def _short(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _period_label(scenario: Scenario, index: int, lang: Lang) -> str:
    start = scenario.horizon.period_start(index)
    name = period(index, lang)
    return name if start is None else f"{name}\n{short_date(start, lang)}"


def gantt_chart(scenario: Scenario, strategy: Strategy, lang: Lang) -> str:
    """One bar per action over its periods, coloured by lead partner (legend under the chart),
    its periods written on it."""
    return _svg(gantt_figure(scenario, strategy, lang))


def gantt_figure(scenario: Scenario, strategy: Strategy, lang: Lang) -> Any:
    """The Gantt chart's matplotlib figure (its legend sits under the axes, never on a bar)."""
    plt = _plt()
    from matplotlib.patches import Patch

    actions = strategy.actions
    fig, ax = plt.subplots(figsize=(WIDTH, max(2.0, 0.26 * len(actions) + 0.9)))
    leads = list(dict.fromkeys(a.lead for a in actions))
    for row, action in enumerate(actions):
        colour = PALETTE[leads.index(action.lead) % len(PALETTE)]
        length = action.end - action.start
        ax.barh(row, length, left=action.start, color=colour, edgecolor="white", height=0.8)
        text = (
            period(action.start, lang)
            if length == 1
            else (f"{period(action.start, lang)}–{period(action.end - 1, lang)}")
        )
        dark = colour in ("#0072B2", "#009E73", "#D55E00", "#000000", "#CC79A7")
        ax.text(
            action.start + length / 2,
            row,
            text,
            ha="center",
            va="center",
            fontsize=FONT - 1.5,
            color="white" if dark else "black",
        )
    ax.set_yticks(range(len(actions)), [_short(a.title or a.solution, 48) for a in actions])
    ax.invert_yaxis()
    periods = scenario.horizon.periods
    ax.set_xticks(
        [p + 0.5 for p in range(periods)],
        [_period_label(scenario, p, lang) for p in range(periods)],
        fontsize=FONT - 1 if periods > 8 else FONT,
    )
    ax.set_xlim(0, periods)
    ax.set_xticks(range(periods + 1), minor=True)
    ax.grid(axis="x", which="minor", alpha=0.35)
    ax.tick_params(axis="x", which="major", length=0)
    ax.spines[["top", "right"]].set_visible(False)
    handles = [Patch(color=PALETTE[k % len(PALETTE)]) for k in range(len(leads))]
    ax.legend(
        handles,
        [_short(scenario.partner_label(lead), 40) for lead in leads],
        title=t("pack.legend_lead", lang),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.6 / max(2.0, 0.26 * len(actions) + 0.9) - 0.04),
        ncol=2,
        frameon=False,
    )
    return fig


def coverage_chart(scenario: Scenario, strategy: Strategy, lang: Lang) -> str:
    """Coverage of each problem (main first), its value written, its target marked."""
    plt = _plt()
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    rows = sorted(
        strategy.problems, key=lambda c: (not c.main, scenario.problem_index[c.problem].priority)
    )
    fig, ax = plt.subplots(figsize=(WIDTH, max(2.0, 0.3 * len(rows) + 1)))
    for k, c in enumerate(rows):
        ax.barh(k, c.coverage * 100, color=MAIN if c.main else OTHER, height=0.7)
        ax.text(c.coverage * 100 + 1, k, percent(c.coverage, lang, 0), va="center")
        if c.min_coverage is not None:
            ax.plot([c.min_coverage * 100] * 2, [k - 0.42, k + 0.42], color=TARGET, linewidth=2.2)
    ax.set_yticks(range(len(rows)), [_short(c.title or c.problem, 52) for c in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, 112)
    ax.set_xticks(range(0, 101, 20), [percent(x / 100, lang, 0) for x in range(0, 101, 20)])
    ax.grid(axis="x", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    handles = [
        Patch(color=MAIN, label=t("pack.legend_main", lang)),
        Patch(color=OTHER, label=t("pack.legend_other", lang)),
        Line2D([], [], color=TARGET, linewidth=2.2, label=t("pack.legend_target", lang)),
    ]
    ax.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=3, frameon=False
    )
    return _svg(fig)


def load_chart(scenario: Scenario, strategy: Strategy, lang: Lang) -> str:
    """Each resource's use per period (its value written) against its capacity; the horizon
    pools' share used."""
    plt = _plt()
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    uses = [u for u in strategy.resources if u.per == "period"]
    pools = [u for u in strategy.resources if u.per == "horizon"]
    panels = len(uses) + (1 if pools else 0)
    columns = 2
    rows = max(1, -(-panels // columns))
    fig, axes = plt.subplots(rows, columns, figsize=(WIDTH, 2.3 * rows), squeeze=False)
    labels = [period(p, lang) for p in range(scenario.horizon.periods)]
    for k, use in enumerate(uses):
        ax = axes[k // columns][k % columns]
        periods = range(len(use.used))
        ax.bar(periods, use.used, color=MAIN, width=0.7)
        ax.step(
            [p - 0.5 for p in periods] + [len(use.used) - 0.5],
            [*use.capacity, use.capacity[-1]],
            where="post",
            color=TARGET,
            linewidth=1.6,
        )
        top = max([*use.capacity, *use.used, 1])
        for p, used in zip(periods, use.used, strict=True):
            inside = used >= top * 0.18  # in the bar, clear of the capacity line
            ax.text(
                p,
                used - top * 0.03 if inside else used + top * 0.02,
                number(used, lang, 0),
                ha="center",
                va="top" if inside else "bottom",
                fontsize=FONT - 1.5,
                color="white" if inside else "black",
            )
        ax.set_ylim(0, top * 1.12)
        resource = scenario.resource_index[use.resource]
        ax.set_title(f"{_short(resource.label, 38)} ({resource.unit})", fontsize=FONT)
        ax.set_xticks(list(periods), labels, fontsize=FONT - 1.5)
        ax.tick_params(axis="y", labelsize=FONT - 1.5)
        ax.spines[["top", "right"]].set_visible(False)
    if pools:
        ax = axes[len(uses) // columns][len(uses) % columns]
        shares = [u.used[0] / u.capacity[0] if u.capacity[0] else 0 for u in pools]
        names = [_short(scenario.resource_index[u.resource].label, 22) for u in pools]
        ax.bar(range(len(pools)), [s * 100 for s in shares], color=MAIN, width=0.6)
        for k, (share, use) in enumerate(zip(shares, pools, strict=True)):
            inside = share >= 0.3
            ax.text(
                k,
                share * 100 - 4 if inside else share * 100 + 3,
                f"{percent(share, lang, 0)}\n{number(use.used[0], lang)} / "
                f"{number(use.capacity[0], lang)}",
                ha="center",
                va="top" if inside else "bottom",
                fontsize=FONT - 1.5,
                color="white" if inside else "black",
            )
        ax.axhline(100, color=TARGET, linewidth=1.6)
        ax.set_ylim(0, 112)
        ax.set_xticks(range(len(pools)), names, fontsize=FONT - 1.5)
        ax.set_title(t("pack.pools_used", lang), fontsize=FONT)
        ax.tick_params(axis="y", labelsize=FONT - 1.5)
        ax.spines[["top", "right"]].set_visible(False)
    for k in range(panels, rows * columns):
        axes[k // columns][k % columns].axis("off")
    fig.legend(
        handles=[
            Patch(color=MAIN, label=t("pack.legend_used", lang)),
            Line2D([], [], color=TARGET, linewidth=1.6, label=t("pack.legend_capacity", lang)),
        ],
        loc="lower center",
        ncol=2,
        frameon=False,
        bbox_to_anchor=(0.5, -0.02),
    )
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return _svg(fig)


def share_chart(scenario: Scenario, strategy: Strategy, lang: Lang) -> str:
    """Each resource's share of use on main problems, its value written, the policy's minimum
    marked."""
    plt = _plt()
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    items = [(rid, share) for rid, share in strategy.main_share.items() if share is not None]
    fig, ax = plt.subplots(figsize=(WIDTH, max(1.8, 0.3 * len(items) + 1)))
    ax.barh(range(len(items)), [s * 100 for _, s in items], color=MAIN, height=0.7)
    for k, (_, share) in enumerate(items):
        ax.text(share * 100 + 1, k, percent(share, lang, 0), va="center")
    handles: list[Any] = [Patch(color=MAIN, label=t("pack.legend_share", lang))]
    alpha = scenario.policy.min_main_share
    if alpha:
        ax.axvline(alpha * 100, color=TARGET, linewidth=1.6)
        handles.append(
            Line2D(
                [],
                [],
                color=TARGET,
                linewidth=1.6,
                label=t("pack.legend_min_share", lang, share=percent(alpha, lang, 0)),
            )
        )
    ax.set_yticks(
        range(len(items)), [_short(scenario.resource_index[r].label, 50) for r, _ in items]
    )
    ax.invert_yaxis()
    ax.set_xlim(0, 112)
    ax.set_xticks(range(0, 101, 20), [percent(x / 100, lang, 0) for x in range(0, 101, 20)])
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False
    )
    return _svg(fig)
