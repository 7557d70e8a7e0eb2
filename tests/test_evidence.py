"""The evidence table: one documented, sourced row per known intervention kind."""

from __future__ import annotations

from pathlib import Path

from models.scenario import KNOWN_SOLUTION_KINDS
from sq_opt.robust.evidence import evidence_for, evidence_table, evidence_warnings, suggest_ranges
from tests.factories import make, problem, solution

ROOT = Path(__file__).resolve().parents[1]


def test_every_known_kind_but_other_has_a_sourced_row() -> None:
    table = evidence_table()
    assert set(table) == set(KNOWN_SOLUTION_KINDS) - {"other"}
    for row in table.values():
        assert 0 <= row.low <= row.high <= 1
        assert row.effect is None or row.low <= row.effect <= row.high
        assert row.checked and row.caveats and row.range_basis
        for source in row.sources:
            assert source.doi or source.url, f"{row.kind}: {source.title} has no DOI or URL"
            assert 1990 <= source.year <= 2026


def test_the_figures_the_issue_names() -> None:
    assert evidence_for("problem_oriented").effect == 0.34  # type: ignore[union-attr]
    assert evidence_for("hot_spot_patrol").effect == 0.16  # type: ignore[union-attr]
    lighting = evidence_for("street_lighting")
    assert lighting is not None and (lighting.effect, lighting.high) == (0.14, 0.21)
    assert evidence_for(None) is None and evidence_for("other") is None


def test_every_row_is_in_the_documentation() -> None:
    text = (ROOT / "docs" / "robustness.md").read_text(encoding="utf-8")
    for kind, row in evidence_table().items():
        assert f"`{kind}`" in text
        assert row.sources[0].authors.split(",")[0] in text


def test_warnings_and_suggestions() -> None:
    scenario = make(
        problems=[problem("p", priority=1), problem("q", priority=2)],
        solutions=[
            solution("a", {"p": 0.6, "q": 0.02}, kind="hot_spot_patrol"),
            solution("b", {"p": 0.01}, kind="problem_oriented"),
            solution("c", {"q": 0.3}, kind="cctv", effects_range={"q": [0.1, 0.4]}),
            solution("d", {"q": 0.3}),
        ],
    )
    found = {(w.solution, w.problem, w.direction) for w in evidence_warnings(scenario)}
    assert found == {("a", "p", "above"), ("b", "p", "below")}  # a's small side effect on q: fine
    suggestions, skipped = suggest_ranges(scenario)
    assert skipped == ["d"] and [s.solution for s in suggestions] == ["a", "b"]  # c has a range
    assert suggestions[0].ranges == {"p": (0.08, 0.6), "q": (0.02, 0.25)}
    overwritten, _ = suggest_ranges(scenario, overwrite=True)
    assert [s.solution for s in overwritten] == ["a", "b", "c"]
