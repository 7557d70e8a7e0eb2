"""Learning from outcomes: shrinkage of the scenario's effects towards what the indicator says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from models import ScenarioError
from models.evaluation import EffectProposals
from models.followup import FollowUp
from models.scenario import Scenario
from models.variant import SetField
from sq_opt.cycle.evaluate import evaluate_followup
from sq_opt.cycle.learn import MIN_EFFECT, expected_reduction, propose_effects, variant_yaml
from sq_opt.variants import apply_changes, load_variant
from tests.factories import dated, day, problem, solution
from tests.test_evaluation import HALVED, STEADY, series


def sector(relations: list[dict[str, Any]] | None = None) -> Scenario:
    return dated(
        periods=50,
        problems=[
            problem("deal-hall-b", priority=1, title="Deal hall B"),
            problem("rodeos", priority=2, title="Rodéos urbains"),
        ],
        solutions=[
            solution("pilonnage", {"deal-hall-b": 0.5}, title="Pilonnage"),
            solution("mediation", {"deal-hall-b": 0.25}, title="Médiation sociale"),
            solution("saisies", {"rodeos": 0.4}, title="Saisie de véhicules"),
        ],
        relations=relations,
    )


def proposals_for(
    before: Sequence[float],
    after: Sequence[float],
    *,
    started: tuple[str, ...] = ("pilonnage",),
    scenario: Scenario | None = None,
    pid: str = "deal-hall-b",
) -> EffectProposals:
    scenario = scenario or sector()
    split = len(before)
    register = [{"solution": s, "status": "running", "start": day(split)} for s in started]
    indicators = series(pid, [*before, *after], source="plaintes")
    followup = FollowUp.model_validate({"register": register, "indicators": indicators})
    return propose_effects(scenario, evaluate_followup(scenario, followup))


def test_much_data_moves_close_to_the_attributed_value() -> None:
    # 20 + 20 periods of about 200 plaintes, then about 140: ratio 0.7, observed reduction 0.3
    before = [200, 195, 205, 198, 202] * 4
    after = [140, 138, 142, 141, 139] * 4
    (proposal,) = proposals_for(before, after).proposals
    assert proposal.observed_reduction == pytest.approx(0.3, abs=0.01)
    assert proposal.attributed == pytest.approx(0.3, abs=0.01)  # the only action: all of it
    assert proposal.weight > 0.95
    assert proposal.proposed == pytest.approx(proposal.attributed, abs=0.01)
    assert proposal.changed and proposal.prior == 0.5


def test_little_data_stays_close_to_the_prior() -> None:
    (proposal,) = proposals_for([10, 30, 20], [14, 6, 22]).proposals
    assert proposal.weight < 0.2
    assert abs(proposal.proposed - proposal.prior) < 0.2 * abs(proposal.attributed - proposal.prior)


def test_weight_grows_with_the_data() -> None:
    weights = [proposals_for(STEADY[:n], HALVED[:n]).proposals[0].weight for n in (3, 4, 6)]
    assert weights == sorted(weights) and weights[0] < weights[-1]


def test_reduction_is_shared_in_proportion_to_the_stated_effects() -> None:
    result = proposals_for(STEADY, HALVED, started=("pilonnage", "mediation"))
    pilonnage, mediation = result.proposals
    assert pilonnage.expected_reduction == 0.75
    assert pilonnage.attributed / mediation.attributed == pytest.approx(2.0, rel=1e-3)
    assert pilonnage.weight == mediation.weight
    assert pilonnage.proposed / mediation.proposed == pytest.approx(2.0, abs=0.02)


def test_synergy_counts_in_the_expected_reduction() -> None:
    synergy = [{"kind": "synergy", "between": ["pilonnage", "mediation"], "gain": 0.1}]
    scenario = sector(synergy)
    assert expected_reduction(scenario, "deal-hall-b", ["pilonnage", "mediation"]) == 0.85
    assert expected_reduction(scenario, "deal-hall-b", ["pilonnage"]) == 0.5
    neutral = [{"kind": "neutralise", "between": ["pilonnage", "mediation"], "loss": 0.9}]
    assert expected_reduction(sector(neutral), "deal-hall-b", ["pilonnage", "mediation"]) == 0


def test_an_increase_pulls_the_effect_down_but_keeps_it_positive() -> None:
    (proposal,) = proposals_for(HALVED, STEADY).proposals
    assert proposal.observed_reduction == 0 and proposal.attributed == 0
    assert MIN_EFFECT <= proposal.proposed < proposal.prior


def test_no_proposal_without_enough_data() -> None:
    few = proposals_for([20, 22], HALVED)
    assert few.proposals == [] and [s.reason for s in few.skipped] == ["insufficient_data"]
    from_zero = proposals_for([0, 0, 0, 0], HALVED)
    assert from_zero.proposals == [] and from_zero.skipped[0].reason == "zero_before"
    gone = proposals_for(STEADY, [0, 0, 0, 0, 0, 0])  # conditional binomial interval
    assert gone.proposals[0].observed_reduction == 1 and gone.proposals[0].weight > 0.9


def test_notes_are_french_and_honest() -> None:
    result = proposals_for(STEADY, HALVED)
    note = result.proposals[0].note
    assert note.startswith("« Pilonnage » sur « Deal hall B » : effet 0,5 → ")
    assert "l'indicateur a baissé de 51\u00a0%" in note
    assert "pas forcément due aux actions" in note and "fonctionné" not in note
    assert "aucune valeur n'est changée sans votre accord" in result.summary


def test_variant_loads_and_applies(tmp_path: Path) -> None:
    scenario = sector()
    result = proposals_for(STEADY, HALVED, started=("pilonnage", "mediation"), scenario=scenario)
    (tmp_path / "secteur.yaml").write_text(
        yaml.safe_dump(scenario.model_dump(mode="json", exclude_unset=True), allow_unicode=True),
        encoding="utf-8",
    )
    text = variant_yaml(result, "secteur.yaml")
    assert "# « Pilonnage » sur « Deal hall B »" in text
    (tmp_path / "appris.yaml").write_text(text, encoding="utf-8")
    variant, base, applied, _ = load_variant(tmp_path / "appris.yaml")
    assert variant.changes == result.to_variant("secteur.yaml").changes
    for proposal in result.proposals:
        effects = applied.solution_index[proposal.solution].effects
        assert effects[proposal.problem] == proposal.proposed
        assert base.solution_index[proposal.solution].effects[proposal.problem] == proposal.prior
    assert applied.solution_index["saisies"].effects == {"rodeos": 0.4}  # untouched


def test_unchanged_proposals_are_not_changes() -> None:
    # a reduction of exactly what the scenario expects: nothing to change
    result = proposals_for([20] * 6, [10] * 6)
    (proposal,) = result.proposals
    assert proposal.proposed == 0.5 and not proposal.changed
    assert result.to_variant("s.yaml").changes == []
    assert "changes: []" in variant_yaml(result, "s.yaml")
    assert result.data_until == dt.date.fromisoformat(day(11, 2))


# -- variants: one effect by path --------------------------------------------------------------


def test_set_one_effect_by_path() -> None:
    scenario = dated(
        problems=[problem("p"), problem("q")],
        solutions=[solution("s.1", {"p": 0.5, "q": 0.2})],
    )
    changed, _ = apply_changes(scenario, [SetField(path="solutions.s.1.effects.q", value=0.35)])
    assert changed.solution_index["s.1"].effects == {"p": 0.5, "q": 0.35}
    added, _ = apply_changes(scenario, [SetField(path="solutions.s.1.effects.p", value=0.1)])
    assert added.solution_index["s.1"].effects["p"] == 0.1
    whole, _ = apply_changes(scenario, [SetField(path="solutions.s.1.effects", value={"q": 1})])
    assert whole.solution_index["s.1"].effects == {"q": 1}
    with pytest.raises(ScenarioError) as err:
        apply_changes(scenario, [SetField(path="solutions.nope.effects.p", value=0.3)])
    assert (err.value.issues[0].code, err.value.issues[0].params["id"]) == (
        "unknown_solution",
        "nope",
    )
    with pytest.raises(ScenarioError):
        apply_changes(scenario, [SetField(path="solutions.s.1.effects.p", value=1.5)])
    with pytest.raises(ScenarioError):
        apply_changes(scenario, [SetField(path="solutions.s.1.effects.zz", value=0.5)])
