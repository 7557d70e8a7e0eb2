"""Loaders of the multi-dimensional knapsack and PSPLIB families, on small instances written here
in the original formats; the optima they carry; the summary's comparison with HiGHS."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import families
from benchmarks.families import (
    load_mknap,
    load_psplib,
    parse_j30opt,
    parse_mkcbres,
    parse_mknap2,
    parse_orlib_mknap,
    parse_sm,
    psplib_stems,
)
from benchmarks.public import family_dir
from benchmarks.summary import Result, summarise
from models import SolveOptions
from sq_opt import parse_scenario, solve

OPTIONS = SolveOptions(time_limit=30, workers=2)

# mknap1 / mknapcb layout: K; then n m optimum; profits; m rows; m capacities
MKNAP1 = """ 2

 4 2 11
 5 4 3 6
 2 3 1 4
 3 1 2 2
 6 5

 3 1 0
 10 7 7
 4 3 3
 6
"""

MKNAP2 = """ A comment that mentions a problem in passing.

 +++++++++++++++++++++++++++++

 problem TINY1.DAT

 +++++++++++++++++++++++++++++
 2 5
 10 13 7 8 4
 9 7
 3 4 2 3 1
 2 5 3 1 2

 25

 +++++++++++++++++++++++++++++

 problem TINY2.DAT

 +++++++++++++++++++++++++++++
 1 3
 6 5 4
 5
 3 3 2

 10
"""

MKCBRES = """The first table gives the best feasible solution value.

Problem Name        Best Feasible Solution Value

2.4-00                  11
2.4-01                  12


Problem Name     LP optimal

2.4-00        1.4e+01
"""

SM = """************************************************************************
projects                      :  1
jobs (incl. supersource/sink ):  6
horizon                       :  20
RESOURCES
  - renewable                 :  1   R
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          1           4
   3        1          1           5
   4        1          1           6
   5        1          1           6
   6        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1
------------------------------------------------------------------------
  1      1     0       0
  2      1     2       2
  3      1     3       2
  4      1     1       3
  5      1     2       1
  6      1     0       0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1
    3
************************************************************************
"""

J30OPT = """Paramter Instance Makespan CPU-Time[sec.]
------------------------------------------------------------------
1       1         6       0.30
1       2         60      0.11
2       1         7       0.12
"""


def test_orlib_mknap_format() -> None:
    first, second = parse_orlib_mknap(MKNAP1, "mknap1")
    assert first.name == "mknap1-00" and first.optimum == 11 and second.optimum is None
    data = first.data
    assert [r["capacity"] for r in data["resources"]] == [6, 5]
    assert data["solutions"][3]["demand"] == {"c0": 4, "c1": 2}
    assert data["problems"][3] == {"id": "p3", "weight": 6, "priority": 1}
    # the optimum the file states is the scenario's: items 0 and 3
    assert solve(parse_scenario(data), OPTIONS).objective == pytest.approx(11)
    assert solve(parse_scenario(second.data), OPTIONS).objective == pytest.approx(14)


def test_orlib_mknap_rejects_left_over_numbers() -> None:
    with pytest.raises(ValueError, match="left over"):
        parse_orlib_mknap(MKNAP1 + " 7\n", "mknap1")


def test_mknap2_format() -> None:
    tiny1, tiny2 = parse_mknap2(MKNAP2)
    assert (tiny1.name, tiny1.optimum, tiny2.optimum) == ("TINY1", 25, 10)
    assert [r["capacity"] for r in tiny1.data["resources"]] == [9, 7]
    assert tiny1.data["solutions"][1]["demand"] == {"c0": 4, "c1": 5}
    for instance in (tiny1, tiny2):
        strategy = solve(parse_scenario(instance.data), OPTIONS)
        assert strategy.status == "optimal"
        assert strategy.objective == pytest.approx(instance.optimum)


def test_mknap2_checks_each_problem_size() -> None:
    with pytest.raises(ValueError, match="TINY2"):
        parse_mknap2(MKNAP2.replace("\n 10\n", "\n 10 11\n"))


def test_mkcbres_best_values_and_folder(tmp_path: Path) -> None:
    assert parse_mkcbres(MKCBRES) == {"2.4-00": 11.0, "2.4-01": 12.0}
    (tmp_path / "mknapcb9.txt").write_text(
        MKNAP1.replace(
            " 3 1 0\n 10 7 7\n 4 3 3\n 6\n", " 4 2 0\n 5 4 3 6\n 2 3 1 4\n 3 1 2 2\n 6 5\n"
        ),
        encoding="utf-8",
    )
    (tmp_path / "mkcbres.txt").write_text(MKCBRES, encoding="utf-8")
    (tmp_path / "mknap2.txt").write_text(MKNAP2, encoding="utf-8")
    found = {i.name: i.optimum for i in load_mknap(tmp_path)}
    assert found == {"TINY1": 25, "TINY2": 10, "mknapcb9-00": 11, "mknapcb9-01": 12}


def test_psplib_formats(tmp_path: Path) -> None:
    project = parse_sm(SM)
    assert project.durations == {2: 2, 3: 3, 4: 1, 5: 2}
    assert project.successors == {2: [4], 3: [5], 4: [], 5: []}
    assert project.demands[4] == [3] and project.availability == [3]
    assert parse_j30opt(J30OPT) == {"j301_1": 6, "j301_2": 60, "j302_1": 7}
    (tmp_path / "j30").mkdir()
    (tmp_path / "j30" / "j301_1.sm").write_text(SM, encoding="utf-8")
    (tmp_path / "j30opt.sm").write_text(J30OPT, encoding="utf-8")
    # j301_2's makespan does not fit a contract horizon (52 periods at most); j302_1 has no file
    assert psplib_stems(tmp_path) == ["j301_1", "j302_1"]
    at_t, below = load_psplib(tmp_path)
    assert (at_t.name, at_t.optimum, below.name, below.optimum) == (
        "j301_1@T",
        4,
        "j301_1@T-1",
        None,
    )
    assert at_t.data["horizon"] == {"periods": 6} and below.data["horizon"] == {"periods": 5}
    assert {"kind": "precedes", "between": ["j2", "j4"]} in at_t.data["relations"]
    assert all(s["mandatory"] for s in below.data["solutions"])
    # makespan 6: job 3, then 2 beside 5, then 4. At T the optional jobs all fit; at T - 1
    # (every job mandatory) no schedule exists
    strategy = solve(parse_scenario(at_t.data), OPTIONS)
    assert strategy.status == "optimal" and strategy.objective == pytest.approx(4)
    infeasible = solve(parse_scenario(below.data), OPTIONS)
    assert infeasible.status == "infeasible" and infeasible.diagnosis is not None


def test_psplib_rejects_a_real_job_without_duration() -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_sm(SM.replace("  4      1     1       3", "  4      1     0       3"))


def test_summary_compares_with_highs() -> None:
    def result(name: str, ours: tuple[str, float], theirs: tuple[str, float]) -> Result:
        return Result(
            name,
            "mknap",
            10,
            current={"status": ours[0], "seconds": ours[1], "objective": 1.0, "gap": 0.0},
            milp={"status": theirs[0], "seconds": theirs[1]},
            published=1.0,
            limit=10.0,
        )

    rows = [
        result("a", ("optimal", 1.0), ("optimal", 4.0)),
        result("b", ("optimal", 2.0), ("feasible", 10.0)),
        result("c", ("feasible", 11.5), ("optimal", 8.0)),
    ]
    text = summarise(rows)
    # sq-opt proves 2, HiGHS 2; medians 2.0 s vs 8.0 s; one call ended > 10 % past its limit
    assert "| 1.00× / 0.25× | 1 |" in text


@pytest.mark.skipif(
    not families.available("mknap"), reason="mknap files absent (python -m benchmarks.download)"
)
def test_published_mknap_optima() -> None:
    folder = family_dir("mknap")
    found = {i.name: i for i in load_mknap()}
    expected = {"mknap1.txt": 7, "mknap2.txt": 48, "mknapcb4.txt": 30}  # problems per file
    assert len(found) == sum(n for f, n in expected.items() if (folder / f).is_file())
    names = ["mknap1-03"] + (["WEING1", "PB4"] if (folder / "mknap2.txt").is_file() else [])
    for name in names:
        instance = found[name]
        strategy = solve(parse_scenario(instance.data), SolveOptions(time_limit=60, workers=2))
        assert strategy.status == "optimal"
        assert strategy.objective == pytest.approx(instance.optimum)


@pytest.mark.skipif(
    not families.available("psplib"), reason="psplib files absent (python -m benchmarks.download)"
)
def test_psplib_j301_1_optimal_makespan() -> None:
    assert len(psplib_stems(per_parameter=1)) == 38 and len(psplib_stems()) == 161
    at_t, below = load_psplib(stems=["j301_1"])
    assert at_t.data["horizon"]["periods"] == 43
    strategy = solve(parse_scenario(at_t.data), SolveOptions(time_limit=60, workers=2))
    assert strategy.status == "optimal" and strategy.objective == pytest.approx(30)
    infeasible = solve(parse_scenario(below.data), SolveOptions(time_limit=60, diagnose=False))
    assert infeasible.status == "infeasible"
