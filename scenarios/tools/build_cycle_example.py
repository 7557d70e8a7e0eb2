"""Build ``scenarios/cycle/``: the Digne sector's GPO cycle over three meetings (worked example).

The cycle scenario is the Digne sector of ``scenarios/digne-centre.yaml`` with a calendar that
starts eight weeks earlier (2026-01-12, ten fortnights), so that the indicators of January and
February give the evaluation its "before" series; the first meeting (Monday 9 March) opens period
4, where the plan begins. Between meetings this script plays the partners' part, deterministically
(seeded): it records which actions started, finished or were abandoned, what the mairie spent, and
the indicator counts of the fortnight (mains courantes, plaintes, signalements: over-dispersed
counts from a negative binomial law around a realistic level, lowered where the actions run). At
each meeting it replans and adopts with the library, exactly as ``sq-opt replan`` / ``sq-opt
adopt`` do. At the second meeting two new problems come in (``avril.yaml``, a variant file).

    python scenarios/tools/build_cycle_example.py

Files written (a test checks that they are up to date):
- ``digne-centre-cycle.yaml``: the scenario;
- ``suivi-0-historique.yaml``: the indicators before the first meeting (the input of meeting 1);
- ``suivi-1-reunion-2026-03-09.yaml``: the follow-up after meeting 1 adopted its plan;
- ``suivi-2-saisie-2026-04-06.yaml``: what the partners recorded before meeting 2;
- ``suivi-3-reunion-2026-04-06.yaml``, ``suivi-4-saisie-2026-05-04.yaml``,
  ``suivi-5-reunion-2026-05-04.yaml``: likewise for meetings 2 and 3.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from models.followup import FollowUp, Observation  # noqa: E402
from models.options import SolveOptions  # noqa: E402
from models.scenario import Scenario  # noqa: E402
from sq_opt.cycle.adopt import adopt  # noqa: E402
from sq_opt.cycle.replan import replan  # noqa: E402
from sq_opt.io import parse_scenario  # noqa: E402
from sq_opt.io.followups import dump_followup  # noqa: E402
from sq_opt.variants import apply_changes, load_variant  # noqa: E402

OUT = ROOT / "scenarios" / "cycle"
SHIFT = 4  # fortnights of history before the first meeting
START = dt.date(2026, 1, 12)
MEETINGS = (dt.date(2026, 3, 9), dt.date(2026, 4, 6), dt.date(2026, 5, 4))
OPTIONS = SolveOptions(time_limit=20, workers=8, seed=0)

# Indicator per problem: (source, counts per fortnight before the plan, how strongly the actions
# running on the problem lower it: the share of the planned coverage that shows in the counts).
INDICATORS: dict[str, tuple[str, float, float]] = {
    "deal-gassendi": ("mains courantes (deal, riverains)", 14.0, 0.9),
    "halls-pigeonnier": ("signalements du bailleur H2P", 11.0, 0.7),
    "rodeos-arches": ("appels 17 pour rodéos", 9.0, 0.2),
    "vitesse-8mai": ("plaintes et signalements de vitesse", 5.0, 0.0),
    "harcelement-college": ("signalements du collège", 3.0, 0.5),
    "stationnement-marche": ("signalements de stationnement gênant", 12.0, 0.6),
    "incivilites-fontaine": ("mains courantes (dégradations)", 10.0, 0.5),
    "cambriolages-commerces": ("plaintes pour cambriolage de commerce", 3.0, 0.6),
    "nuisances-hubac": ("appels pour tapage nocturne", 8.0, 0.8),
    "protoxyde-jardin": ("signalements de la mairie (jardin)", 5.0, 0.4),
}
COMPARISON = ("deal-gassendi", "mains courantes (deal), secteur des Thermes (sans action)")
DISPERSION = 6.0  # negative binomial size: variance = mean + mean^2 / 6


def cycle_scenario() -> dict[str, Any]:
    """The Digne sector with ten fortnights from 2026-01-12 (the first four are history)."""
    data: dict[str, Any] = yaml.safe_load((ROOT / "scenarios" / "digne-centre.yaml").read_text())
    data["name"] = "Digne-les-Bains — secteur Centre – Pigeonnier (cycle GPO 2026)"
    data["description"] = (
        "Le secteur Centre – Pigeonnier suivi d'une réunion à l'autre : calendrier ouvert le "
        "12 janvier 2026 (quatre quinzaines d'historique des indicateurs), première réunion du "
        "GPO le lundi 9 mars, puis le 6 avril et le 4 mai. Construit par "
        "scenarios/tools/build_cycle_example.py à partir de scenarios/digne-centre.yaml."
    )
    data["horizon"] = {"periods": 6 + SHIFT, "period_days": 14, "start_date": START}
    for resource in data["resources"]:
        if isinstance(resource["capacity"], list):
            resource["capacity"] = [resource["capacity"][0]] * SHIFT + resource["capacity"]
    for solution in data["solutions"]:
        solution["earliest_start"] = solution.get("earliest_start", 0) + SHIFT
        if "latest_end" in solution:
            solution["latest_end"] += SHIFT
    return data


class Partners:
    """Plays the partners between meetings: statuses, spending, indicator counts (seeded)."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.rng = np.random.default_rng(2026)

    def counts(self, followup: FollowUp, periods: range, coverage: dict[str, float]) -> FollowUp:
        """Observations of ``periods``: the level, lowered by the coverage of running actions."""
        horizon = self.scenario.horizon
        observations = list(followup.indicators)
        for period in periods:
            day = horizon.period_start(period)
            assert day is not None
            for problem, (source, level, realised) in INDICATORS.items():
                mean = level * (1 - realised * coverage.get(problem, 0.0))
                observations.append(
                    Observation(problem=problem, date=day, value=self._draw(mean), source=source)
                )
            problem, source = COMPARISON
            observations.append(
                Observation(
                    problem=problem,
                    date=day,
                    value=self._draw(INDICATORS[problem][1] * 0.9),
                    source=source,
                    comparison=True,
                )
            )
        return followup.model_copy(update={"indicators": observations})

    def _draw(self, mean: float) -> float:
        p = DISPERSION / (DISPERSION + mean)
        return float(self.rng.negative_binomial(DISPERSION, p))

    def record(self, followup: FollowUp, until: dt.date, *, abandon: str, late: str) -> FollowUp:
        """Statuses at ``until``: started actions run (or are done when their span has ended),
        ``abandon`` is abandoned after a start, ``late`` has not started; the mairie's spending."""
        horizon = self.scenario.horizon
        entries = []
        for entry in followup.entries:
            solution = self.scenario.solution_index[entry.solution]
            if entry.status in ("done", "abandoned") or entry.start >= until:
                entries.append(entry)
                continue
            if entry.solution == late and entry.status == "planned":
                entries.append(
                    entry.model_copy(update={"note": "Démarrage reporté par le pilote."})
                )
                continue
            start_period = horizon.period_of(entry.start)
            assert start_period is not None
            started = entry.start + dt.timedelta(days=int(self.rng.integers(0, 4)))
            last = horizon.period_end(start_period + solution.duration - 1)
            assert last is not None
            spent = {
                rid: round(amount * float(self.rng.uniform(0.7, 1.05)))
                for rid, amount in solution.demand.items()
                if self.scenario.resource_index[rid].per == "horizon"
            }
            update: dict[str, Any] = {"start": started, "agreed": entry.agreed_date}
            if entry.solution == abandon:
                update |= {
                    "status": "abandoned",
                    "spent": {rid: round(v / 3) for rid, v in spent.items()},
                    "note": "Abandonnée : le partenaire pilote n'a pas pu la poursuivre.",
                }
            elif last < until:
                update |= {"status": "done", "end": last, "spent": spent}
            else:
                update |= {
                    "status": "running",
                    "spent": {k: round(v / 2) for k, v in spent.items()},
                }
            if entry.status != "planned":  # already running: keep its recorded start
                update = {k: v for k, v in update.items() if k not in ("start", "agreed")}
            entries.append(entry.model_copy(update=update))
        return followup.model_copy(update={"entries": entries})


def coverage_of(strategy: Any) -> dict[str, float]:
    return {c.problem: c.coverage for c in strategy.problems}


def build() -> dict[str, str]:
    """Every file of the example: name -> text (deterministic)."""
    files: dict[str, str] = {}

    def write(name: str, followup: FollowUp, comment: str) -> None:
        files[name] = f"# {comment}\n" + dump_followup(followup)

    data = cycle_scenario()
    header = (
        "# Secteur Centre – Pigeonnier de Digne-les-Bains : le cycle du GPO au printemps 2026.\n"
        "# Généré par scenarios/tools/build_cycle_example.py (ne pas modifier à la main).\n"
    )
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    files["digne-centre-cycle.yaml"] = header + text
    scenario = parse_scenario(data)
    partners = Partners(scenario)

    history = partners.counts(FollowUp(scenario=scenario.name), range(SHIFT), {})
    write(
        "suivi-0-historique.yaml",
        history,
        "Indicateurs de janvier et février, avant la 1re réunion.",
    )

    first = replan(scenario, history, MEETINGS[0], OPTIONS)
    adopted = adopt(scenario, first, MEETINGS[0], history, note="1re réunion : plan adopté.")
    write("suivi-1-reunion-2026-03-09.yaml", adopted, "Après la réunion du 9 mars 2026.")

    recorded = partners.record(
        adopted, MEETINGS[1], abandon="signalement-rodeos", late="requisition-halls"
    )
    recorded = partners.counts(recorded, range(SHIFT, SHIFT + 2), coverage_of(first))
    write("suivi-2-saisie-2026-04-06.yaml", recorded, "Saisi par les partenaires avant le 6 avril.")

    april = apply_changes(scenario, load_variant(OUT / "avril.yaml")[0].changes)[0]
    second = replan(april, recorded, MEETINGS[1], OPTIONS)
    adopted = adopt(
        april, second, MEETINGS[1], recorded, note="2e réunion : deux nouveaux problèmes."
    )
    write("suivi-3-reunion-2026-04-06.yaml", adopted, "Après la réunion du 6 avril 2026.")

    partners.scenario = april
    recorded = partners.record(adopted, MEETINGS[2], abandon="", late="")
    recorded = partners.counts(recorded, range(SHIFT + 2, SHIFT + 4), coverage_of(second))
    write("suivi-4-saisie-2026-05-04.yaml", recorded, "Saisi par les partenaires avant le 4 mai.")

    third = replan(april, recorded, MEETINGS[2], OPTIONS)
    adopted = adopt(april, third, MEETINGS[2], recorded, note="3e réunion : bilan et ajustements.")
    write("suivi-5-reunion-2026-05-04.yaml", adopted, "Après la réunion du 4 mai 2026.")
    return files


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, text in build().items():
        (OUT / name).write_text(text, encoding="utf-8")
        print(f"écrit : scenarios/cycle/{name}")


if __name__ == "__main__":
    main()
