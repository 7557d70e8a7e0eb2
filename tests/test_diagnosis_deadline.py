"""The diagnosis keeps to its deadline: no solve starts after it, and a diagnosis cut short says so.

A fake clock makes the deadline pass at a chosen solve, so nothing here depends on the machine.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from models import Scenario, SolveOptions
from sq_opt import load_variant, solve
from sq_opt.explain import diagnosis as module
from sq_opt.explain.diagnosis import diagnose
from sq_opt.i18n import t
from sq_opt.model.variables import CommitmentKey

ROOT = Path(__file__).resolve().parents[1]


class _Clock:
    """A stand-in for ``time.monotonic`` that stands still until moved."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def impossible() -> Scenario:
    return load_variant(ROOT / "scenarios/variants/digne-impossible.yaml")[2]


def _with_clock(monkeypatch: pytest.MonkeyPatch, solves: int) -> list[int]:
    """After ``solves`` diagnostic solves, the clock jumps far past any deadline; returns the
    list of solves run (the number of commitments each one assumed)."""
    clock = _Clock()
    calls: list[int] = []
    original = module._Feasibility.__call__

    def counted(
        self: module._Feasibility, keys: list[CommitmentKey]
    ) -> tuple[bool | None, list[CommitmentKey]]:
        before = self.calls
        out = original(self, keys)
        if self.calls > before:
            calls.append(len(keys))
            if len(calls) >= solves:
                clock.now += 10_000.0
        return out

    monkeypatch.setattr(module, "time", SimpleNamespace(monotonic=clock))
    monkeypatch.setattr(module._Feasibility, "__call__", counted)
    return calls


def test_cut_short_after_the_first_core(
    monkeypatch: pytest.MonkeyPatch, impossible: Scenario
) -> None:
    calls = _with_clock(monkeypatch, solves=1)
    result = diagnose(impossible, time_limit=10)
    assert result is not None and len(calls) == 1  # no solve after the deadline
    assert result.minimal is False
    assert result.message.endswith(t("diagnosis.not_minimal", "fr"))
    assert all(c.removal_restores_feasibility is None for c in result.commitments)


def test_no_time_at_all(monkeypatch: pytest.MonkeyPatch, impossible: Scenario) -> None:
    calls = _with_clock(monkeypatch, solves=1)
    assert diagnose(impossible, time_limit=0.0) is None and calls == []


def test_solve_says_when_no_time_was_left_to_diagnose(
    monkeypatch: pytest.MonkeyPatch, impossible: Scenario
) -> None:
    monkeypatch.setattr(module, "MIN_CALL_SECONDS", 10_000.0)  # every diagnostic solve "too late"
    strategy = solve(impossible, SolveOptions(time_limit=10, workers=2))
    assert strategy.status == "infeasible" and strategy.diagnosis is None
    assert t("diagnosis.no_time", "fr") in strategy.warnings


def test_complete_diagnosis_is_minimal(impossible: Scenario) -> None:
    result = diagnose(impossible, time_limit=30)
    assert result is not None and result.minimal
    assert t("diagnosis.not_minimal", "fr") not in result.message
