"""The sq-opt command: outputs, exit codes, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from sq_opt.cli import progress
from sq_opt.cli.main import main
from sq_opt.solve import Progress
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


def test_progress_line_on_stderr(
    default_scenario: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The line normally waits a second; with no delay it shows on any solve, so the test does not
    # depend on how fast the machine is.
    monkeypatch.setattr(progress, "PROGRESS_DELAY_SECONDS", 0.0)
    code, out, err = run(["solve", str(default_scenario), "--progress", "--format", "json"], capsys)
    assert code == 0
    assert "meilleure valeur" in err and "borne" in err
    assert json.loads(out)["status"] in ("optimal", "feasible")


def test_progress_line_shows_latest_values(capsys: pytest.CaptureFixture[str]) -> None:
    line = progress.ProgressLine("fr", enabled=True, delay=0.0)
    line.update(Progress(stage="value", best=12.5, bound=13.25, elapsed=0.2))
    with line:
        pass
    err = capsys.readouterr().err
    assert "12,5" in err and "13,25" in err


def test_no_progress_line_for_a_short_solve(capsys: pytest.CaptureFixture[str]) -> None:
    with progress.ProgressLine("fr", enabled=True, delay=60.0) as line:
        line.update(Progress(stage="value", best=1.0, bound=1.0, elapsed=0.0))
    assert capsys.readouterr().err == ""


def test_quiet_disables_the_progress_line(
    default_scenario: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress, "PROGRESS_DELAY_SECONDS", 0.0)
    code, _, err = run(["solve", str(default_scenario), "--quiet", "--format", "json"], capsys)
    assert code == 0 and "meilleure valeur" not in err


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
    assert f"  - {path} : " in err or f"  - {path} (« " in err  # the item named beside its path
    assert "Traceback" not in err


# -- decision support commands -------------------------------------------------------------------
VARIANTS = Path(__file__).resolve().parents[1] / "scenarios" / "variants"


def test_infeasible_variant_file_is_diagnosed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["solve", str(VARIANTS / "digne-impossible.yaml"), "--quiet"], capsys)
    assert code == 3 and "Diagnostic d'impossibilité" in out
    code, out, _ = run(["explain", str(VARIANTS / "digne-impossible.yaml")], capsys)
    assert code == 3 and "l'action obligatoire « Pilonnage du point de deal Gassendi »" in out
    saved = tmp_path / "s.json"
    run(
        [
            "solve",
            str(VARIANTS.parent / "manosque-serets.yaml"),
            "--format",
            "json",
            "-o",
            str(saved),
            "--quiet",
        ],
        capsys,
    )
    code, _, err = run(["solve", str(saved), "--quiet"], capsys)
    assert code == 2 and "stratégie, pas un scénario" in err


def test_explain_infeasible_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = scenario_data(
        solutions=[
            solution("a", {"p": 0.5}, mandatory=True),
            solution("b", {"p": 0.4}, mandatory=True),
        ],
        relations=[{"kind": "conflict", "between": ["a", "b"]}],
    )
    path = write(tmp_path, data)
    code, out, _ = run(["solve", str(path), "--quiet"], capsys)
    assert code == 3 and "Diagnostic d'impossibilité" in out and "`relations[0]`" in out
    code, out, _ = run(["explain", str(path)], capsys)
    assert code == 3 and out.startswith("Diagnostic d'impossibilité") and "Statut" not in out
    code, out, _ = run(["explain", str(path), "--lang", "en"], capsys)
    assert code == 3 and "Infeasible: these commitments cannot all hold" in out


def test_explain_one_and_all(default_scenario: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["explain", str(default_scenario), "--solution", "pilonnage-gassendi"], capsys
    )
    assert (
        code == 0
        and "en conflit avec « Opération judiciaire sur le point de deal Gassendi »" in out
    )
    code, out, _ = run(["explain", str(default_scenario), "--solution", "nope"], capsys)
    assert code == 2
    manosque = default_scenario.parent / "manosque-serets.yaml"
    code, out, _ = run(["explain", str(manosque), "--all", "--format", "json"], capsys)
    payload = json.loads(out)
    assert code == 0 and len(payload["solutions"]) == 34


def test_whatif(default_scenario: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        [
            "whatif",
            str(default_scenario),
            "--capacity",
            "pn-enquete=-20%",
            "--exclude",
            "saisies-rodeos",
            "--drop-partner",
            "adsea",
            "--set",
            "problems.vitesse-8mai.priority=1",
        ],
        capsys,
    )
    assert code == 0 and "Synthèse" in out and "variante" in out and "retirée" in out
    code, _, err = run(["whatif", str(default_scenario), "--exclude", "inconnue"], capsys)
    assert code == 2 and "changes[0].solution" in err


def test_sensitivity_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = scenario_data(
        problems=[problem("p", priority=1), problem("q", weight=4)],
        solutions=[
            solution("a", {"p": 0.5}, demand={"r": 10}),
            solution("b", {"q": 0.5}, demand={"r": 10}),
        ],
        resources=[{"id": "r", "capacity": 10}],
    )
    code, out, _ = run(["sensitivity", str(write(tmp_path, data))], capsys)
    assert (
        code == 0
        and "Sensibilité aux capacités" in out
        and "Plages de poids" in out
        and "[4 ; ∞]" in out
    )


def test_compare_scenarios_variants_and_saved_strategies(
    default_scenario: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "base.json"
    run(["solve", str(default_scenario), "--format", "json", "-o", str(saved), "--quiet"], capsys)
    files = [
        str(saved),
        str(VARIANTS / "digne-moins-patrouilles.yaml"),
        str(VARIANTS / "digne-sans-renforts.yaml"),
    ]
    code, out, _ = run(["compare", *files], capsys)
    assert code == 0 and "Moins de patrouilles" in out and "Couverture par problème" in out
    code, out, _ = run(["compare", *files, "--format", "json"], capsys)
    tables = json.loads(out)
    assert set(tables) == {"summary", "actions", "coverage", "resources", "main_share"}
    assert len(tables["summary"]) == 3
    code, out, _ = run(["compare", *files, "--format", "csv"], capsys)
    assert code == 0 and out.startswith("# summary")
    code, out, _ = run(["compare", *files[:2], "--format", "markdown"], capsys)
    assert code == 0 and "## Synthèse" in out


def test_solve_with_alternatives(
    default_scenario: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["solve", str(default_scenario), "--alternatives", "3", "--quiet"], capsys)
    assert code == 0 and "Alternatives" in out and "0 (optimum)" in out
    code, out, _ = run(
        ["solve", str(default_scenario), "--alternatives", "2", "--format", "json", "--quiet"],
        capsys,
    )
    payload = json.loads(out)
    assert payload["optimum"]["status"] == "optimal" and len(payload["alternatives"]) == 2


def test_a_csv_folder_written_says_what_it_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "mine.txt").write_text("à moi", encoding="utf-8")
    scenario = str(Path(__file__).resolve().parents[1] / "scenarios" / "digne-centre.yaml")
    assert main(["convert", scenario, str(folder)]) == 0
    assert "10 fichier(s), dont 0 remplacé(s)" in capsys.readouterr().err
    assert main(["convert", scenario, str(folder)]) == 0
    assert "10 fichier(s), dont 10 remplacé(s)" in capsys.readouterr().err
    assert (folder / "mine.txt").read_text(encoding="utf-8") == "à moi"
