"""Every example scenario in scenarios/ is solved and checked; sector scenarios proven optimal."""

from __future__ import annotations

from pathlib import Path

import pytest

from models import SolveOptions
from sq_opt import check, load_scenario, solve

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


def test_there_are_example_scenarios() -> None:
    assert len(SCENARIOS) >= 3


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_example_scenario_is_solved_and_checked(path: Path) -> None:
    scenario = load_scenario(path)
    strategy = solve(scenario, SolveOptions(time_limit=60, workers=2, seed=0))
    assert strategy.status in ("optimal", "feasible")
    report = check(scenario, strategy)
    assert report.ok, report.violations
    assert strategy.actions
    if not path.stem.startswith("circonscription"):
        assert strategy.status == "optimal"
        assert strategy.gap == 0


def test_circonscription_file_is_generated_from_its_builder() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build", ROOT / "scenarios/tools/build_circonscription.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (ROOT / "scenarios/circonscription-digne.yaml").read_text(encoding="utf-8")
    assert committed == module.render(), "run: python scenarios/tools/build_circonscription.py"


def test_circonscription_size() -> None:
    scenario = load_scenario(ROOT / "scenarios/circonscription-digne.yaml")
    assert len(scenario.problems) >= 40 and len(scenario.solutions) >= 150
    assert scenario.horizon.periods == 12
    assert len({p.sector for p in scenario.problems}) == 4


def test_progress_callback_reports_value_and_bound() -> None:
    from sq_opt.solve import Progress

    seen: list[Progress] = []
    scenario = load_scenario(ROOT / "scenarios/manosque-serets.yaml")
    strategy = solve(scenario, SolveOptions(time_limit=30, workers=2), on_progress=seen.append)
    assert seen[0].stage == "main_value"
    final_value = [p for p in seen if p.stage == "value"][-1]
    assert final_value.best == pytest.approx(strategy.objective)
    assert final_value.bound is not None and final_value.best is not None
    assert final_value.bound >= final_value.best - 1e-9


def test_model_copy_never_serves_a_stale_index() -> None:
    scenario = load_scenario(ROOT / "scenarios/digne-centre.yaml")
    assert "suivi-plaintes" in scenario.solution_index
    smaller = scenario.model_copy(update={"solutions": scenario.solutions[:3]})
    assert set(smaller.solution_index) == {s.id for s in scenario.solutions[:3]}


CYCLE = ROOT / "scenarios" / "cycle"
MEETINGS = [
    (
        "2026-03-09",
        "digne-centre-cycle.yaml",
        "suivi-0-historique.yaml",
        "suivi-1-reunion-2026-03-09.yaml",
    ),
    (
        "2026-04-06",
        "avril.yaml",
        "suivi-2-saisie-2026-04-06.yaml",
        "suivi-3-reunion-2026-04-06.yaml",
    ),
    (
        "2026-05-04",
        "avril.yaml",
        "suivi-4-saisie-2026-05-04.yaml",
        "suivi-5-reunion-2026-05-04.yaml",
    ),
]


@pytest.mark.parametrize(("date", "scenario_file", "before", "after"), MEETINGS)
def test_cycle_example_meeting_adopts_an_optimal_replan(
    date: str, scenario_file: str, before: str, after: str
) -> None:
    """Each meeting of the worked GPO cycle (scenarios/cycle/, written by
    scenarios/tools/build_cycle_example.py) adopted a plan that keeps every rule in the frame of
    what the partners recorded, and is worth the replan's proven optimum."""
    import datetime as dt

    from sq_opt.cycle.frame import frame_at
    from sq_opt.cycle.replan import replan
    from sq_opt.io.followups import load_followup
    from sq_opt.strategy_view import strategy_from_plan
    from sq_opt.variants import load_any

    scenario = load_any(str(CYCLE / scenario_file))[1]
    assert scenario is not None
    recorded = load_followup(CYCLE / before, scenario)
    adopted = load_followup(CYCLE / after, scenario)
    day = dt.date.fromisoformat(date)
    frame = frame_at(scenario, recorded, day)
    plan = {sid: fixed.start for sid, fixed in frame.fixed.items()}
    for entry in adopted.entries:
        if entry.status == "planned":
            start = scenario.horizon.period_of(entry.start)
            assert start is not None
            plan[entry.solution] = max(start, frame.now)
    adopted_plan = strategy_from_plan(scenario, plan, status="feasible", frame=frame)
    assert check(scenario, adopted_plan, frame).ok
    best = replan(scenario, recorded, day, SolveOptions(time_limit=30, workers=2), reasons=False)
    assert best.status == "optimal"
    assert adopted_plan.objective == pytest.approx(best.objective)
    assert adopted.meetings[-1].date == day
