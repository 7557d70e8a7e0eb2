"""The meeting pack's GPO-cycle pages: "since the last meeting" first, then, per action of the
follow-up table, its status and what its indicator did.

Since the last meeting: the register's done, running, late and abandoned actions; each evaluated
problem's indicator with its verdict and a small chart of the counts (before / after split, means,
the comparison area's series); what changed in the plan and why; the proposed effect updates.
"""

from __future__ import annotations

import html
from typing import Any

from models.evaluation import EffectProposals, FollowUpEvaluation, ProblemEvaluation
from models.followup import FollowUp
from models.i18n import Lang
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.i18n import date, number, t
from sq_opt.views.charts import MAIN, OTHER, TARGET, _svg
from sq_opt.views.cycle import change_sentence
from sq_opt.views.evaluation import problem_sentence


def _e(text: object) -> str:
    return html.escape(str(text))


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def indicator_chart(problem: ProblemEvaluation, lang: Lang) -> str:
    """Counts per period as bars (before: grey, after: blue), the two means as dashed lines, the
    split as a vertical line, the comparison area as a dotted line."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    own = [p for p in problem.series if not p.comparison]
    other = [p for p in problem.series if p.comparison]
    fig, ax = plt.subplots(figsize=(4.2, 1.9))
    ax.bar(
        [p.period for p in own],
        [p.value for p in own],
        color=[MAIN if p.after else OTHER for p in own],
        width=0.8,
    )
    if other:
        ax.plot([p.period for p in other], [p.value for p in other], ":", color="#000000", lw=1.2)
    if problem.split_period is not None:
        ax.axvline(problem.split_period - 0.5, color=TARGET, lw=1.2)
        for after, mean in ((False, problem.before_mean), (True, problem.after_mean)):
            side = [p.period for p in own if p.after is after]
            if mean is not None and side:
                ax.hlines(
                    mean, min(side) - 0.4, max(side) + 0.4, colors="#000000", linestyles="--", lw=1
                )
    top = max([p.value for p in problem.series] + [1])
    for p in own:
        ax.text(p.period, p.value + top * 0.02, number(p.value, lang, 0), ha="center", fontsize=5)
    ax.set_ylim(0, top * 1.15)
    handles: list[Any] = [
        Patch(color=OTHER, label=t("pack.legend_before", lang)),
        Patch(color=MAIN, label=t("pack.legend_after", lang)),
    ]
    if problem.split_period is not None:
        handles += [
            Line2D([], [], color="#000000", ls="--", lw=1, label=t("pack.legend_mean", lang)),
            Line2D([], [], color=TARGET, lw=1.2, label=t("pack.legend_split", lang)),
        ]
    if other:
        handles.append(
            Line2D([], [], color="#000000", ls=":", lw=1.2, label=t("pack.legend_comparison", lang))
        )
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.32),
        ncol=3,
        frameon=False,
        fontsize=6,
    )
    periods = [p.period for p in own]
    ax.set_xticks(periods, [p.start.strftime("%d/%m") for p in own], fontsize=6, rotation=45)
    ax.tick_params(axis="y", labelsize=7)
    ax.set_ylabel(t("pack.count", lang), fontsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)


def meeting_section(
    scenario: Scenario,
    strategy: Strategy,
    followup: FollowUp,
    evaluation: FollowUpEvaluation | None,
    proposals: EffectProposals | None,
    lang: Lang,
) -> str:
    """The pack's first page for a meeting of the GPO cycle."""
    parts = [f"<section id='meeting'><h2>{_e(_heading(followup, strategy, lang))}</h2>"]
    if evaluation is not None:
        rows = [
            [
                a.title or a.solution,
                t(f"eval.status_{a.status}", lang),
                date(a.agreed, lang),
                date(a.start, lang) if a.status != "planned" else "—",
                t("pack.late_yes", lang) if a.overdue or a.on_time is False else "",
            ]
            for a in evaluation.actions
            if a.status != "planned" or a.overdue or a.on_time is False
        ]
        headers = [
            "pack.action",
            "pack.col_status",
            "pack.col_agreed",
            "pack.col_start",
            "pack.col_late",
        ]
        parts.append(f"<h3>{_e(t('pack.register', lang))}</h3>")
        parts.append(_table([t(h, lang) for h in headers], rows) if rows else "")
        evaluated = [p for p in evaluation.problems if p.series]
        if evaluated:
            parts.append(f"<h3>{_e(t('pack.indicators', lang))}</h3><div class='indicators'>")
            for problem in evaluated:
                parts.append(
                    f"<figure class='indicator' id='indicator-{_e(problem.problem)}'>"
                    f"<figcaption>{_e(problem_sentence(problem, evaluation.level, lang))}</figcaption>"
                    f"{indicator_chart(problem, lang)}</figure>"
                )
            parts.append(f"</div><p class='caveat'>{_e(t('eval.caveat', lang))}</p>")
    if strategy.replanned_at is not None:
        changed = [c for c in strategy.changes if c.change in ("moved", "dropped", "added")]
        items = "".join(f"<li>{_e(change_sentence(scenario, c, lang))}</li>" for c in changed)
        parts.append(f"<h3>{_e(t('pack.changes', lang))}</h3>")
        parts.append(f"<ul>{items}</ul>" if items else f"<p>{_e(t('cycle.nothing', lang))}</p>")
    if proposals is not None and proposals.proposals:
        rows = [
            [
                scenario.solution_index[p.solution].label,
                scenario.problem_index[p.problem].label,
                number(p.prior, lang),
                number(p.proposed, lang),
            ]
            for p in proposals.proposals
        ]
        headers = ["pack.action", "pack.col_problem", "pack.col_prior", "pack.col_proposed"]
        parts.append(f"<h3>{_e(t('pack.proposals', lang))}</h3>")
        parts.append(f"<p>{_e(t('pack.proposals_note', lang))}</p>")
        parts.append(_table([t(h, lang) for h in headers], rows))
    parts.append("</section>")
    return "".join(parts)


def _heading(followup: FollowUp, strategy: Strategy, lang: Lang) -> str:
    when = strategy.replanned_at
    held = [m.date for m in followup.meetings if when is None or m.date < when]
    if held:
        return t("pack.since", lang, date=date(max(held), lang))
    return t("pack.since_start", lang)


def result_columns(
    evaluation: FollowUpEvaluation | None, solution: str, lang: Lang
) -> tuple[str, str]:
    """The follow-up table's status and result cells of an action."""
    if evaluation is None:
        return "", ""
    action = next((a for a in evaluation.actions if a.solution == solution), None)
    status = t(f"eval.status_{action.status}", lang) if action else t("eval.status_planned", lang)
    verdicts = [
        t(f"eval.{p.verdict}", lang) + f" ({p.title or p.problem})"
        for p in evaluation.problems
        if solution in p.actions and p.verdict != "insufficient_data"
    ]
    return status, "; ".join(verdicts) or "—"
