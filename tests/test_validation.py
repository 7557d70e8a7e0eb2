"""Bad input: every validation error class, with its path and a French message, all at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from models import Scenario, ScenarioError
from sq_opt import load_scenario, parse_scenario, parse_strategy, solve
from tests.factories import FAST, problem, scenario_data, solution


def issues(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ScenarioError) as err:
        parse_scenario(data)
    return {i.path: i.code for i in err.value.issues}


def test_valid_factory_scenario() -> None:
    assert isinstance(parse_scenario(scenario_data()), Scenario)


CASES: list[tuple[str, dict[str, Any], str, str]] = [
    ("unknown field", {"solutionz": []}, "solutionz", "extra_forbidden"),
    ("missing name", {"name": None}, "name", "type"),
    ("empty problems", {"problems": []}, "problems", "too_short"),
    ("bad id", {"problems": [problem("deal place")]}, "problems[0].id", "pattern"),
    (
        "priority range",
        {"problems": [problem("p", priority=7)]},
        "problems[0].priority",
        "less_than_equal",
    ),
    (
        "weight must be positive",
        {"problems": [problem("p", weight=0)]},
        "problems[0].weight",
        "greater_than",
    ),
    (
        "min_coverage range",
        {"problems": [problem("p", min_coverage=1.5)]},
        "problems[0].min_coverage",
        "less_than_equal",
    ),
    (
        "effect range",
        {"solutions": [solution("s", {"p": 1.2})]},
        "solutions[0].effects.p",
        "less_than_equal",
    ),
    (
        "effect zero",
        {"solutions": [solution("s", {"p": 0})]},
        "solutions[0].effects.p",
        "greater_than",
    ),
    (
        "negative demand",
        {"solutions": [solution("s", {"p": 0.5}, demand={"r": -1})]},
        "solutions[0].demand.r",
        "greater_than_equal",
    ),
    (
        "unknown problem in effects",
        {"solutions": [solution("s", {"q": 0.5})]},
        "solutions[0].effects.q",
        "unknown_problem",
    ),
    (
        "unknown resource in demand",
        {"solutions": [solution("s", {"p": 0.5}, demand={"x": 1})]},
        "solutions[0].demand.x",
        "unknown_resource",
    ),
    (
        "unknown lead",
        {"solutions": [solution("s", {"p": 0.5}, lead="pn")]},
        "solutions[0].lead",
        "unknown_partner",
    ),
    (
        "unknown partner",
        {"solutions": [solution("s", {"p": 0.5}, partners=["pm"])]},
        "solutions[0].partners[0]",
        "unknown_partner",
    ),
    (
        "unknown owner",
        {"resources": [{"id": "r", "capacity": 1, "owner": "pn"}]},
        "resources[0].owner",
        "unknown_partner",
    ),
    (
        "duplicate problem",
        {"problems": [problem("p"), problem("p")]},
        "problems[1].id",
        "duplicate_id",
    ),
    (
        "duplicate solution",
        {"solutions": [solution("s", {"p": 0.5}), solution("s", {"p": 0.2})]},
        "solutions[1].id",
        "duplicate_id",
    ),
    (
        "window too short",
        {"solutions": [solution("s", {"p": 0.5}, duration=2, earliest_start=1, latest_end=2)]},
        "solutions[0]",
        "window_too_short",
    ),
    (
        "latest_end beyond horizon",
        {"solutions": [solution("s", {"p": 0.5}, latest_end=3)]},
        "solutions[0].latest_end",
        "latest_end_beyond_horizon",
    ),
    (
        "start beyond horizon",
        {"solutions": [solution("s", {"p": 0.5}, duration=2)]},
        "solutions[0].earliest_start",
        "earliest_start_beyond_horizon",
    ),
    (
        "mandatory and excluded",
        {"solutions": [solution("s", {"p": 0.5}, mandatory=True, excluded=True)]},
        "solutions[0]",
        "mandatory_excluded",
    ),
    ("empty effects", {"solutions": [solution("s", {})]}, "solutions[0].effects", "empty_effects"),
    (
        "capacity list length",
        {"horizon": {"periods": 3}, "resources": [{"id": "r", "capacity": [1, 2]}]},
        "resources[0].capacity",
        "capacity_length",
    ),
    (
        "capacity negative",
        {"resources": [{"id": "r", "capacity": -1}]},
        "resources[0].capacity",
        "greater_than_equal",
    ),
    (
        "capacity shape",
        {"resources": [{"id": "r", "capacity": "beaucoup"}]},
        "resources[0].capacity",
        "capacity_shape",
    ),
    (
        "horizon pool list",
        {"resources": [{"id": "r", "capacity": [1], "per": "horizon"}]},
        "resources[0]",
        "horizon_pool_list",
    ),
    ("periods range", {"horizon": {"periods": 60}}, "horizon.periods", "less_than_equal"),
    ("bad date", {"horizon": {"periods": 1, "start_date": "lundi"}}, "horizon.start_date", "date"),
    ("objective literal", {"policy": {"objective": "max"}}, "policy.objective", "literal"),
]


@pytest.mark.parametrize(("label", "change", "path", "code"), CASES, ids=[c[0] for c in CASES])
def test_validation_error_class(label: str, change: dict[str, Any], path: str, code: str) -> None:
    data = scenario_data()
    data.update(change)
    found = issues(data)
    assert found.get(path) == code, found


def _two_solutions(relations: list[dict[str, Any]]) -> dict[str, Any]:
    return scenario_data(
        solutions=[solution("a", {"p": 0.5}), solution("b", {"p": 0.5}), solution("c", {"p": 0.1})],
        relations=relations,
    )


RELATION_CASES: list[tuple[str, list[dict[str, Any]], str, str]] = [
    (
        "self relation",
        [{"kind": "conflict", "between": ["a", "a"]}],
        "relations[0]",
        "self_relation",
    ),
    (
        "unknown solution",
        [{"kind": "conflict", "between": ["a", "z"]}],
        "relations[0].between[1]",
        "unknown_solution",
    ),
    ("unknown kind", [{"kind": "conflit", "between": ["a", "b"]}], "relations[0]", "relation_kind"),
    ("missing kind", [{"between": ["a", "b"]}], "relations[0]", "relation_kind_missing"),
    ("missing gain", [{"kind": "synergy", "between": ["a", "b"]}], "relations[0].gain", "missing"),
    (
        "gain on a conflict",
        [{"kind": "conflict", "between": ["a", "b"], "gain": 0.1}],
        "relations[0].gain",
        "field_only_for",
    ),
    (
        "loss range",
        [{"kind": "neutralise", "between": ["a", "b"], "loss": 2}],
        "relations[0].loss",
        "less_than_equal",
    ),
    (
        "unknown problem",
        [{"kind": "synergy", "between": ["a", "b"], "gain": 0.1, "problems": ["x"]}],
        "relations[0].problems[0]",
        "unknown_problem",
    ),
    (
        "no common problem",
        [{"kind": "synergy", "between": ["a", "b"], "gain": 0.1, "problems": []}],
        "relations[0].problems",
        "relation_no_problems",
    ),
    (
        "duplicate symmetric relation",
        [{"kind": "conflict", "between": ["a", "b"]}, {"kind": "conflict", "between": ["b", "a"]}],
        "relations[1].between",
        "duplicate_relation",
    ),
    (
        "precedes cycle",
        [
            {"kind": "precedes", "between": ["a", "b"]},
            {"kind": "precedes", "between": ["b", "c"]},
            {"kind": "precedes", "between": ["c", "a"]},
        ],
        "relations[2]",
        "precedes_cycle",
    ),
]


@pytest.mark.parametrize(
    ("label", "relations", "path", "code"), RELATION_CASES, ids=[c[0] for c in RELATION_CASES]
)
def test_relation_error_class(
    label: str, relations: list[dict[str, Any]], path: str, code: str
) -> None:
    found = issues(_two_solutions(relations))
    assert found.get(path) == code, found


def test_opposite_precedes_are_not_duplicates_but_a_cycle() -> None:
    found = issues(
        _two_solutions(
            [
                {"kind": "precedes", "between": ["a", "b"]},
                {"kind": "precedes", "between": ["b", "a"]},
            ]
        )
    )
    assert found == {"relations[1]": "precedes_cycle"}


def test_all_errors_are_reported_at_once_structural_and_cross_item() -> None:
    data = scenario_data(
        problems=[problem("p", priority=9)],
        solutions=[solution("s", {"p": 1.5}), solution("t", {"q": 0.5}, lead="pn")],
        relations=[{"kind": "conflict", "between": ["s", "z"]}],
    )
    found = issues(data)
    assert found == {
        "problems[0].priority": "less_than_equal",
        "solutions[0].effects.p": "less_than_equal",
        "solutions[1].effects.q": "unknown_problem",
        "solutions[1].lead": "unknown_partner",
        "relations[0].between[1]": "unknown_solution",
    }


def test_messages_are_french_by_default_and_english_on_request() -> None:
    with pytest.raises(ScenarioError) as err:
        parse_scenario(
            scenario_data(
                solutions=[solution("s", {"deal-plce": 0.5})], problems=[problem("deal-place")]
            )
        )
    issue = err.value.issues[0]
    assert issue.path == "solutions[0].effects.deal-plce"
    assert issue.message() == "problème « deal-plce » inconnu (vouliez-vous dire « deal-place » ?)"
    assert issue.message("en") == "unknown problem 'deal-plce' (did you mean 'deal-place'?)"


def test_direct_model_construction_raises_the_same_issues() -> None:
    with pytest.raises(ScenarioError) as err:
        Scenario.model_validate(scenario_data(solutions=[solution("s", {"q": 0.5})]))
    assert [i.path for i in err.value.issues] == ["solutions[0].effects.q"]


def test_user_values_are_kept_as_given() -> None:
    scenario = parse_scenario(scenario_data(problems=[problem("p", priority=2)]))
    assert scenario.problems[0].weight is None and scenario.weight("p") == 8
    assert scenario.problems[0].main is None and scenario.is_main("p")
    assert scenario.solutions[0].latest_end is None and scenario.latest_end("s") == 1


@pytest.mark.parametrize(
    ("name", "text", "code"),
    [
        ("bad.yaml", "name: [unclosed\n", "syntax"),
        ("bad.json", '{"name": }', "syntax"),
        ("dup.yaml", "name: a\nname: b\n", "syntax"),
        ("dup.json", '{"name": "a", "name": "b"}', "syntax"),
        ("list.yaml", "- a\n- b\n", "not_a_mapping"),
        ("scenario.txt", "name: a\n", "file_format"),
    ],
)
def test_file_errors(tmp_path: Path, name: str, text: str, code: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert err.value.issues[0].code == code


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as err:
        load_scenario(tmp_path / "absent.yaml")
    assert err.value.issues[0].code == "file_not_found"


def test_a_duplicate_key_is_said_in_one_language(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("name: a\nname: b\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    issue = err.value.issues[0]
    assert issue.message() == "syntaxe YAML invalide, ligne 2, colonne 1 : clé « name » en double"
    assert issue.message("en") == "invalid YAML syntax, line 2, column 1: duplicate key 'name'"


def test_a_strategy_has_as_many_uses_as_capacities() -> None:
    strategy = solve(parse_scenario(scenario_data(periods=2)), FAST)
    data = strategy.model_dump(mode="json")
    data["resources"][0]["used"] = [0.0]
    with pytest.raises(ScenarioError) as err:
        parse_strategy(data, "strategy.json")
    issue = err.value.issues[0]
    assert (issue.path, issue.code) == ("resources[0]", "use_lengths")
    assert issue.message("en").startswith("1 use value(s) for 2 capacity value(s)")
