"""The sq-opt command: outputs, exit codes, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from sq_opt.cli import main
from tests.factories import problem, scenario_data, solution


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, data: dict[str, Any], name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_solve_table_is_french(default_scenario: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["solve", str(default_scenario), "--quiet"], capsys)
    assert code == 0
    assert "Statut : optimal (prouvé)" in out
    assert "Actions par période et par pilote" in out
    assert "Couverture des problèmes (principaux d'abord)" in out
    assert "Charge des ressources" in out
    assert "Pilote : Police nationale — BST de Digne" in out


def test_solve_english(default_scenario: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["solve", str(default_scenario), "--lang", "en", "--quiet"], capsys)
    assert code == 0 and "Status: optimal (proven)" in out


def test_solve_markdown(default_scenario: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["solve", str(default_scenario), "--format", "markdown", "--quiet"], capsys)
    assert code == 0 and out.startswith("# Stratégie") and "|---" in out


def test_solve_json_then_check(
    default_scenario: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "strategy.json"
    code, _, err = run(
        ["solve", str(default_scenario), "--format", "json", "-o", str(out_file), "--quiet"], capsys
    )
    assert code == 0 and "écrit" in err
    strategy = json.loads(out_file.read_text(encoding="utf-8"))
    assert strategy["status"] == "optimal" and strategy["actions"]
    code, out, _ = run(["check", str(default_scenario), str(out_file)], capsys)
    assert code == 0 and out.startswith("Plan conforme")
    # tamper with the plan: the checker must reject it
    strategy["objective"] += 1
    strategy["actions"] = [a for a in strategy["actions"] if a["solution"] != "suivi-plaintes"]
    out_file.write_text(json.dumps(strategy), encoding="utf-8")
    code, out, _ = run(["check", str(default_scenario), str(out_file), "--format", "json"], capsys)
    report = json.loads(out)
    assert code == 1 and not report["ok"]
    assert {v["rule"] for v in report["violations"]} >= {"mandatory", "reported"}


def test_validate_summary(default_scenario: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["validate", str(default_scenario)], capsys)
    assert code == 0 and out.startswith("Scénario valide")


def test_validate_lists_all_errors_with_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = scenario_data(problems=[problem("p", priority=0)], solutions=[solution("s", {"q": 0.5})])
    code, _, err = run(["validate", str(write(tmp_path, data))], capsys)
    assert code == 2
    assert "2 erreur(s)" in err
    assert "problems[0].priority" in err and "solutions[0].effects.q" in err
    assert "Traceback" not in err
    code, out, _ = run(["validate", str(write(tmp_path, data)), "--format", "json"], capsys)
    assert code == 2 and {e["path"] for e in json.loads(out)["errors"]} == {
        "problems[0].priority",
        "solutions[0].effects.q",
    }


@pytest.mark.parametrize(
    ("content", "name"),
    [
        ("name: [oops\n", "bad.yaml"),
        ("{", "bad.json"),
        ("name: x\n", "wrong.txt"),
        ("", "empty.yaml"),
    ],
)
def test_bad_files_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, name: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    code, _, err = run(["solve", str(path), "--quiet"], capsys)
    assert code == 2 and "Traceback" not in err and err.strip()


def test_missing_file_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["solve", "absent.yaml"], capsys)
    assert code == 2 and "fichier introuvable" in err


def test_bad_option_exit_2(default_scenario: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["solve", str(default_scenario), "--time-limit", "-1"], capsys)
    assert code == 2 and "time_limit" in err
    code, _, err = run(["solve", str(default_scenario), "--time-limit", "abc"], capsys)
    assert code == 2 and "erreur d'utilisation" in err


def test_unwritable_output_exit_2(
    default_scenario: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["solve", str(default_scenario), "-o", str(tmp_path / "no" / "dir.txt"), "--quiet"], capsys
    )
    assert code == 2 and "impossible d'écrire" in err


def test_infeasible_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = scenario_data(problems=[problem("p", min_coverage=0.9)])
    code, out, _ = run(["solve", str(write(tmp_path, data)), "--quiet"], capsys)
    assert code == 3 and "impossible" in out


def test_no_plan_in_time_exit_4(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sols = [
        solution(
            f"s{k}",
            {f"p{k % 7}": 0.05 + 0.01 * (k % 5)},
            demand={"r": 1 + k % 4},
            duration=1 + k % 3,
        )
        for k in range(120)
    ]
    probs = [problem(f"p{k}", min_coverage=0.6) for k in range(7)]
    data = scenario_data(
        problems=probs, solutions=sols, periods=12, resources=[{"id": "r", "capacity": 9}]
    )
    code, _, _ = run(
        ["solve", str(write(tmp_path, data)), "--time-limit", "0.001", "--quiet"], capsys
    )
    assert code in (0, 4)  # 4 unless presolve alone finds a plan


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["schema"], capsys)
    assert code == 0 and json.loads(out)["title"] == "Scenario"


def test_progress_line_on_stderr(tmp_path: Path) -> None:
    circ = Path(__file__).resolve().parents[1] / "scenarios" / "circonscription-digne.yaml"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sq_opt.cli",
            "solve",
            str(circ),
            "--progress",
            "--format",
            "json",
            "--time-limit",
            "3",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "meilleure valeur" in result.stderr and "borne" in result.stderr
    assert json.loads(result.stdout)["status"] in ("optimal", "feasible")


def test_entry_point_installed() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sq_opt.cli", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and "solve" in result.stdout


def _all_error_cases() -> list[tuple[str, dict[str, Any], str]]:
    from tests.test_validation import CASES, RELATION_CASES, _two_solutions

    cases = []
    for label, change, path, _ in CASES:
        data = scenario_data()
        data.update(change)
        cases.append((label, data, path))
    cases += [(label, _two_solutions(rels), path) for label, rels, path, _ in RELATION_CASES]
    return cases


@pytest.mark.parametrize(
    ("label", "data", "path"), _all_error_cases(), ids=[c[0] for c in _all_error_cases()]
)
def test_every_validation_error_class_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], label: str, data: dict[str, Any], path: str
) -> None:
    code, _, err = run(["solve", str(write(tmp_path, data)), "--quiet"], capsys)
    assert code == 2
    assert f"  - {path} : " in err
    assert "Traceback" not in err
