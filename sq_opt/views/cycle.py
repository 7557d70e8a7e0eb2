"""What changed since the last meeting, and why: the head of a replanned strategy's views.

Dates, never period numbers; every moved or dropped agreed action with the reason it could not
stay (the commitments it would break, what keeping it would cost and who took its means, or the
agreed action it would displace).
"""

from __future__ import annotations

import datetime as dt

from models.followup import FollowUp
from models.i18n import Lang
from models.scenario import Scenario
from models.strategy import Change, ChangeReason, Strategy
from sq_opt.explain.diagnosis import commitment_text
from sq_opt.i18n import date, number, percent, t
from sq_opt.views.text import (
    Style,
    Table,
    heading,
    render_strategy,
    render_table,
    wrapped_item,
)

SHOWN = ("moved", "dropped", "added")
"""Changes listed one by one (the others are counted)."""


def _day(value: dt.date | None, lang: Lang) -> str:
    return "—" if value is None else date(value, lang)


def _label(scenario: Scenario, solution: str) -> str:
    item = scenario.solution_index.get(solution)
    return f"« {item.label if item else solution} »"


def _names(scenario: Scenario, ids: list[str]) -> str:
    return ", ".join(_label(scenario, sid) for sid in ids)


def reason_text(scenario: Scenario, change: Change, lang: Lang = "fr") -> str:
    """Why an agreed action moved or was dropped, in one or two sentences."""
    reason: ChangeReason | None = change.reason
    from_ = _day(change.from_, lang)
    if reason is None:
        return ""
    if reason.code == "rule":
        items = " ; ".join(commitment_text(scenario, c, lang) for c in reason.commitments)
        return t("cycle.reason_rule", lang, from_=from_, items=items or "—")
    if reason.code == "value":
        text = t("cycle.reason_value", lang, from_=from_, cost=number(reason.cost, lang))
        if reason.taken_by:
            text += t("cycle.taken_by", lang, actions=_names(scenario, reason.taken_by))
        return text
    if reason.code == "trade":
        if reason.taken_by:
            return t(
                "cycle.reason_trade", lang, from_=from_, actions=_names(scenario, reason.taken_by)
            )
        return t("cycle.reason_trade_plain", lang, from_=from_)
    return t(f"cycle.reason_{reason.code}", lang, from_=from_)


def change_sentence(scenario: Scenario, change: Change, lang: Lang = "fr") -> str:
    """« Réoccupation… » : déplacée du 06/04/2026 au 20/04/2026. <why>"""
    text = t(
        f"cycle.{change.change}",
        lang,
        action=_label(scenario, change.solution),
        from_=_day(change.from_, lang),
        to=_day(change.to, lang),
    )
    why = reason_text(scenario, change, lang)
    return f"{text} {why}" if why else text


def _last_meeting(followup: FollowUp | None, before: dt.date) -> dt.date | None:
    if followup is None:
        return None
    held = [m.date for m in followup.meetings if m.date < before]
    return max(held) if held else None


def render_changes(
    scenario: Scenario,
    strategy: Strategy,
    style: Style = "table",
    lang: Lang = "fr",
    *,
    followup: FollowUp | None = None,
    tolerance: float = 0.0,
) -> str:
    """The changes of a replanned strategy: counts, a table of what moved, was dropped or added,
    and one sentence per such change saying why."""
    assert strategy.replanned_at is not None, "not a replanned strategy"
    meeting = _last_meeting(followup, strategy.replanned_at)
    title = (
        t(
            "cycle.title_since",
            lang,
            meeting=date(meeting, lang),
            date=date(strategy.replanned_at, lang),
        )
        if meeting
        else t("cycle.title", lang, date=date(strategy.replanned_at, lang))
    )
    count = {kind: sum(c.change == kind for c in strategy.changes) for kind in _KINDS}
    out = [heading(title, style, 1), ""]
    out.append(
        t(
            "cycle.facts",
            lang,
            done=count["done"],
            running=count["running"],
            abandoned=count["abandoned"],
        )
    )
    out.append(
        t(
            "cycle.agreed",
            lang,
            kept=count["kept"],
            moved=count["moved"],
            dropped=count["dropped"],
            added=count["added"],
        )
    )
    if tolerance:
        out.append(t("cycle.tolerance", lang, pct=percent(tolerance, lang, 0)))
    shown = [c for c in strategy.changes if c.change in SHOWN]
    if not shown:
        out += ["", t("cycle.nothing", lang)]
        return "\n".join(out) + "\n"
    rows = [
        [
            f"{c.title or c.solution} [{c.solution}]",
            t(f"cycle.change_{c.change}", lang),
            _day(c.from_, lang),
            _day(c.to, lang),
            scenario.partner_label(scenario.solution_index[c.solution].lead)
            if c.solution in scenario.solution_index
            else "—",
        ]
        for c in shown
    ]
    headers = ["col_action", "col_change", "col_from", "col_to", "col_lead"]
    out += ["", render_table(Table([t(f"cycle.{h}", lang) for h in headers], rows), style), ""]
    bullet = "- " if style == "markdown" else "• "
    why = [
        wrapped_item(bullet + change_sentence(scenario, c, lang), style)
        for c in shown
        if c.change != "added"
    ]
    if why:
        out += [heading(t("cycle.why_title", lang), style), "", *why]
    return "\n".join(out) + "\n"


_KINDS = ("kept", "moved", "dropped", "added", "running", "done", "abandoned")


def render_replan(
    scenario: Scenario,
    strategy: Strategy,
    style: Style = "table",
    lang: Lang = "fr",
    *,
    followup: FollowUp | None = None,
    tolerance: float = 0.0,
) -> str:
    """A replanned strategy for the meeting: what changed and why first, then the plan."""
    if strategy.objective is None:
        notes = "".join(f"- {w}\n" for w in strategy.warnings)
        return render_strategy(scenario, strategy, style, lang) + ("\n" + notes if notes else "")
    head = render_changes(scenario, strategy, style, lang, followup=followup, tolerance=tolerance)
    return head + "\n" + render_strategy(scenario, strategy, style, lang)
