"""Writes docs/schedule-earliest.png and docs/schedule-balanced.png: the Digne sector's optimal
plan with ``policy.schedule: earliest`` and ``balanced`` (same value, same actions' use), as a
Gantt chart over the load of each resource per period (share of its capacity).

    python scenarios/tools/build_schedule_pictures.py
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from models import SolveOptions
from sq_opt import load_scenario, solve

ROOT = Path(__file__).resolve().parents[2]
OPTIONS = SolveOptions(time_limit=30, seed=0, tie_break_limit=10)
TITLES = {
    "earliest": "calendrier : earliest (au plus tôt)",
    "balanced": "calendrier : balanced (charge lissée)",
}


def picture(mode: str) -> Path:
    base = load_scenario(ROOT / "scenarios/digne-centre.yaml")
    scenario = base.model_copy(update={"policy": base.policy.model_copy(update={"schedule": mode})})
    strategy = solve(scenario, OPTIONS)
    periods = scenario.horizon.periods
    actions = sorted(strategy.actions, key=lambda a: (a.start, a.solution))
    fig, (gantt, load) = plt.subplots(2, 1, figsize=(7.4, 8.2), height_ratios=[3, 1.3], sharex=True)
    for row, action in enumerate(actions):
        gantt.barh(row, action.end - action.start, left=action.start, color="#0072B2", height=0.75)
    gantt.set_yticks(
        range(len(actions)), [(a.title or a.solution)[:40] for a in actions], fontsize=6
    )
    gantt.invert_yaxis()
    started = [sum(a.start == t for a in actions) for t in range(periods)]
    gantt.set_title(
        f"Digne, {TITLES[mode]} — valeur {strategy.objective:g}\n"
        f"actions lancées par période (P1..P{periods}) : {started}",
        fontsize=8,
    )
    gantt.grid(axis="x", alpha=0.3)
    peaks = []
    for use in strategy.resources:
        if use.per != "period":
            continue
        shares = [u / c * 100 if c else 0 for u, c in zip(use.used, use.capacity, strict=True)]
        peaks.append(max(shares))
        load.plot(
            [t + 0.5 for t in range(periods)],
            shares,
            marker="o",
            lw=1,
            ms=3,
            alpha=0.8,
            label=scenario.resource_index[use.resource].label[:28],
        )
    load.set_ylabel("% de la capacité", fontsize=7)
    load.set_ylim(0, 110)
    load.set_title(
        f"charge de chaque ressource par période (somme des pics : {sum(peaks):.0f} %)", fontsize=8
    )
    load.set_xticks(
        [t + 0.5 for t in range(periods)], [f"P{t + 1}" for t in range(periods)], fontsize=7
    )
    load.set_xlim(0, periods)
    load.tick_params(axis="y", labelsize=7)
    load.legend(fontsize=6, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False)
    fig.tight_layout()
    target = ROOT / "docs" / f"schedule-{mode}.png"
    fig.savefig(target, dpi=90, bbox_inches="tight")
    plt.close(fig)
    return target


if __name__ == "__main__":
    for schedule in ("earliest", "balanced"):
        print(picture(schedule))
