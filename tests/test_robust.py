"""Uncertain effects: ranges, reproducible draws, the core index against brute force, and the
Γ-robust plan against brute-force enumeration of every plan and every adversary choice."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import pytest

from models import SolveOptions
from sq_opt.robust.budget import deltas, robust_plan, worst_case
from sq_opt.robust.core import analyse_robustness
from sq_opt.robust.ranges import effect_ranges, with_effects
from sq_opt.robust.sampling import draw_effects
from tests.factories import make, problem, solution
from tests.robust_helpers import (
    brute_guarantee,
    brute_optimum,
    brute_robust,
    random_uncertain,
    small_uncertain,
)

FAST = SolveOptions(time_limit=20, workers=2, seed=0)


# -- ranges ------------------------------------------------------------------------------------------
def test_ranges_come_from_effects_range_then_uncertainty() -> None:
    scenario = small_uncertain()
    ranges = {(r.solution, r.problem): r for r in effect_ranges(scenario)}
    assert (ranges["a", "p1"].low, ranges["a", "p1"].high) == (0.2, 0.8)  # given
    assert (ranges["b", "p1"].low, ranges["b", "p1"].high) == (0.2, 0.6)  # 0.4 x (1 -/+ 0.5)
    assert (ranges["d", "p3"].low, ranges["d", "p3"].high) == (0.45, 1.0)  # capped at 1
    override = {(r.solution, r.problem): r for r in effect_ranges(scenario, 0.1)}
    assert (override["b", "p1"].low, override["b", "p1"].high) == (0.36, 0.44)
    assert (override["a", "p1"].low, override["a", "p1"].high) == (0.2, 0.8)  # given wins


def test_without_ranges_every_effect_is_certain() -> None:
    scenario = make(solutions=[solution("s", {"p": 0.5})])
    assert not any(r.uncertain for r in effect_ranges(scenario))
    assert draw_effects(effect_ranges(scenario), 0, 0) == {}


# -- sampling ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("distribution", ["uniform", "triangular"])
def test_draws_are_reproducible_and_depend_only_on_seed_and_index(distribution: str) -> None:
    ranges = effect_ranges(small_uncertain())
    one = [draw_effects(ranges, 7, i, distribution) for i in range(30)]  # type: ignore[arg-type]
    again = [draw_effects(ranges, 7, i, distribution) for i in reversed(range(30))][::-1]  # type: ignore[arg-type]
    assert one == again
    assert draw_effects(ranges, 8, 0, distribution) != one[0]  # type: ignore[arg-type]
    assert len({tuple(d.values()) for d in one}) == 30
    bounds = {(r.solution, r.problem): r for r in ranges}
    for draw in one:
        for key, value in draw.items():
            assert bounds[key].low <= value <= bounds[key].high
            assert value >= 0.001 and round(value, 3) == value


def test_drawn_scenario_changes_only_effects() -> None:
    scenario = small_uncertain()
    drawn = with_effects(scenario, draw_effects(effect_ranges(scenario), 1, 3))
    assert [s.id for s in drawn.solutions] == [s.id for s in scenario.solutions]
    assert drawn.solution_index["a"].effects != scenario.solution_index["a"].effects
    assert drawn.resources == scenario.resources and drawn.policy == scenario.policy


# -- the core index --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def analysed() -> tuple[object, object]:
    scenario = small_uncertain()
    result = analyse_robustness(scenario, samples=24, seed=3, options=FAST, scheduler="serial")
    return scenario, result


def test_mandatory_is_core_and_excluded_is_exterior(analysed: tuple[object, object]) -> None:
    _, result = analysed
    classes = {a.solution: a for a in result.actions}  # type: ignore[attr-defined]
    assert classes["m"].robust_class == "core" and classes["m"].probability == 1
    assert classes["x"].robust_class == "exterior" and classes["x"].probability == 0
    assert {a.robust_class for a in result.actions} >= {"core", "exterior"}  # type: ignore[attr-defined]


def test_probabilities_match_brute_force_enumeration_of_the_draws(
    analysed: tuple[object, object],
) -> None:
    scenario, result = analysed
    ranges = effect_ranges(scenario)  # type: ignore[arg-type]
    counts: Counter[str] = Counter()
    for draw in result.draws:  # type: ignore[attr-defined]
        drawn = with_effects(scenario, draw_effects(ranges, 3, draw.sample))  # type: ignore[arg-type]
        optima = brute_optimum(drawn)
        assert len(optima) == 1, "ties would make the reference ambiguous"
        assert set(draw.selected) == optima[0]
        counts.update(optima[0])
    for action in result.actions:  # type: ignore[attr-defined]
        assert action.probability == pytest.approx(counts[action.solution] / 24)
    expected = {
        sid: "core" if n == 24 else "exterior" if n == 0 else "borderline"
        for sid, n in ((s.id, counts[s.id]) for s in scenario.solutions)  # type: ignore[attr-defined]
    }
    assert {a.solution: a.robust_class for a in result.actions} == expected  # type: ignore[attr-defined]


def test_regret_is_the_draw_optimum_minus_the_nominal_plan(analysed: tuple[object, object]) -> None:
    _, result = analysed
    for draw in result.draws:  # type: ignore[attr-defined]
        assert draw.regret == pytest.approx(draw.value - draw.nominal_value)
        assert draw.regret >= -1e-9
    regret = result.regret  # type: ignore[attr-defined]
    assert regret is not None and 0 <= regret.median <= regret.p90 <= regret.max
    assert result.statuses == {"optimal": 24} and result.solved == 24  # type: ignore[attr-defined]


def test_same_seed_same_result_other_seed_other_draws() -> None:
    scenario = small_uncertain()
    first = analyse_robustness(scenario, samples=6, seed=11, options=FAST, scheduler="serial")
    second = analyse_robustness(scenario, samples=6, seed=11, options=FAST, scheduler="serial")
    other = analyse_robustness(scenario, samples=6, seed=12, options=FAST, scheduler="serial")
    assert first.model_dump(exclude={"run"}) == second.model_dump(exclude={"run"})
    assert [d.value for d in first.draws] != [d.value for d in other.draws]


def test_infeasible_nominal_gives_no_analysis() -> None:
    scenario = make(
        problems=[problem("p", priority=1, min_coverage=0.9)],
        solutions=[solution("s", {"p": 0.5})],
        policy={"effect_uncertainty": 0.2},
    )
    result = analyse_robustness(scenario, samples=5, options=FAST, scheduler="serial")
    assert result.nominal.status == "infeasible" and result.solved == 0 and not result.actions


# -- the Γ-robust plan -----------------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("budget", [1, 2, 3])
def test_gamma_robust_value_matches_brute_force(seed: int, budget: int) -> None:
    scenario = random_uncertain(seed)
    result = robust_plan(scenario, budget, FAST)
    (best,), nominal_value = brute_robust(scenario, budget)
    assert result.status == "optimal"
    assert result.robust.guaranteed == pytest.approx(float(best), abs=1e-9)
    plan = {a.solution: a.start for a in result.strategy.actions}
    assert brute_guarantee(scenario, plan, budget) == pytest.approx(float(best), abs=1e-9)
    assert result.robust.objective == pytest.approx(float(nominal_value), abs=1e-9)
    nominal = {a: 0 for a in result.nominal.selected}
    assert result.nominal.guaranteed == pytest.approx(
        float(brute_guarantee(scenario, nominal, budget)), abs=1e-9
    )
    assert result.price_of_robustness is not None and result.price_of_robustness >= -1e-9
    assert result.guarantee_gained is not None and result.guarantee_gained >= -1e-9


@pytest.mark.parametrize("seed", range(3))
def test_gamma_robust_main_first_matches_brute_force(seed: int) -> None:
    scenario = random_uncertain(seed, main_first=True)
    result = robust_plan(scenario, 1, FAST)
    (main, best), nominal_value = brute_robust(scenario, 1)
    assert result.status == "optimal"
    assert result.robust.guaranteed_main == pytest.approx(float(main), abs=1e-9)
    assert result.robust.guaranteed == pytest.approx(float(best), abs=1e-9)
    assert result.robust.objective == pytest.approx(float(nominal_value), abs=1e-9)


def test_gamma_zero_is_the_nominal_optimum() -> None:
    scenario = random_uncertain(0)
    result = robust_plan(scenario, 0, FAST)
    assert result.robust.guaranteed == result.robust.objective == result.nominal.objective
    assert result.price_of_robustness == 0 and result.scenarios_generated == 0


def test_the_robust_plan_pays_a_price_for_a_risky_action() -> None:
    """A risky action (0.6, low 0) against two safe ones (0.25 each): with Γ = 1 the robust
    plan keeps a guarantee of 0.5 x 16 rather than the nominal 0.85 that may fall to 0.25."""
    scenario = make(
        problems=[problem("p", priority=1)],
        solutions=[
            solution("risky", {"p": 0.6}, demand={"r": 5}, effects_range={"p": [0.0, 0.6]}),
            solution("safe1", {"p": 0.25}, demand={"r": 5}),
            solution("safe2", {"p": 0.25}, demand={"r": 5}),
        ],
        resources=[{"id": "r", "capacity": 10}],
    )
    result = robust_plan(scenario, 1, FAST)
    assert result.nominal.selected == ["risky", "safe1"] or result.nominal.selected == [
        "risky",
        "safe2",
    ]
    assert result.robust.selected == ["safe1", "safe2"]
    assert result.robust.guaranteed == pytest.approx(8.0)
    assert result.nominal.guaranteed == pytest.approx(4.0)
    assert result.price_of_robustness == pytest.approx(16 * 0.35)
    assert result.guarantee_gained == pytest.approx(4.0)


def test_worst_case_enumeration_and_cpsat_adversary_agree() -> None:
    import sq_opt.robust.budget as budget

    scenario = random_uncertain(4)
    drops = deltas(scenario)
    plan = {s.id: 0 for s in scenario.solutions[:4]}
    exact_value, _ = worst_case(scenario, plan, 2, drops)
    saved = budget.ENUMERATION_LIMIT
    budget.ENUMERATION_LIMIT = 0
    try:
        model_value, chosen = worst_case(scenario, plan, 2, drops)
    finally:
        budget.ENUMERATION_LIMIT = saved
    assert model_value == exact_value == brute_guarantee(scenario, plan, 2)
    assert len(chosen) <= 2 and isinstance(model_value, Fraction)
