"""The commands of uncertain effects: robust, sweep, suggest, solve --robust-budget, validate's
evidence warnings, report --robustness; bad input gives exit 2 with paths, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
import yaml

from sq_opt.cli.main import main
from sq_opt.robust.evidence import evidence_table
from tests.factories import problem, scenario_data, solution

ROOT = Path(__file__).resolve().parents[1]
ROBUST = ROOT / "scenarios" / "robust"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, data: dict[str, Any], name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def kinded(**extra: Any) -> dict[str, Any]:
    """Two problems; a hot-spot patrol claiming 0.9 of a problem (far above the evidence)."""
    return scenario_data(
        problems=[problem("deal", priority=1), problem("bruit", priority=3)],
        solutions=[
            solution("patrouille", {"deal": 0.9}, kind="hot_spot_patrol", demand={"r": 4}),
            solution("pop", {"deal": 0.3, "bruit": 0.2}, kind="problem_oriented", demand={"r": 4}),
            solution("arrete", {"bruit": 0.4}, demand={"r": 4}),
        ],
        **extra,
    )


def test_robust_json_has_the_documented_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, kinded(policy={"effect_uncertainty": 0.4}))
    code, out, _ = run(
        [
            "robust",
            str(path),
            "--samples",
            "8",
            "--seed",
            "2",
            "--scheduler",
            "serial",
            "--format",
            "json",
            "--quiet",
        ],
        capsys,
    )
    assert code == 0
    data = json.loads(out)
    assert data["samples"] == 8 and data["seed"] == 2
    assert {"solution", "probability", "class"} <= set(data["actions"][0])
    assert {a["class"] for a in data["actions"]} <= {"core", "borderline", "exterior"}
    assert data["regret"]["max"] >= data["regret"]["median"] >= 0


def test_robust_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = kinded(policy={"effect_uncertainty": 0.4})
    data["solutions"][0]["title"] = '=HYPERLINK("http://x","y")'  # a partner's text, never live
    path = write(tmp_path, data)
    base = ["robust", str(path), "--samples", "3", "--scheduler", "serial", "--quiet"]
    assert run([*base, "--format", "parquet", "-o", str(tmp_path / "r.parquet")], capsys)[0] == 0
    actions = pd.read_parquet(tmp_path / "r.parquet")
    assert list(actions.columns) == ["solution", "title", "probability", "class", "in_nominal"]
    assert len(actions) == 3
    assert run([*base, "--format", "xlsx", "-o", str(tmp_path / "r.xlsx")], capsys)[0] == 0
    sheets = pd.read_excel(tmp_path / "r.xlsx", sheet_name=None)
    assert set(sheets) == {"actions", "draws"} and len(sheets["draws"]) == 3
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert run([*base, "--format", "csv"], capsys)[0] == 2  # needs -o


def test_robust_table_in_french_and_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, kinded())
    code, out, _ = run(
        ["robust", str(path), "--samples", "4", "--scheduler", "serial", "--uncertainty", "0.3"],
        capsys,
    )
    assert (
        code == 0 and "Analyse de robustesse" in out and "Dans l'optimum" in out and "cœur" in out
    )
    code, out, _ = run(
        ["robust", str(path), "--samples", "4", "--scheduler", "serial", "--lang", "en"], capsys
    )
    assert code == 0 and "Robustness analysis" in out and "no effect has a range" in out


def test_robust_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, kinded())
    assert run(["robust", str(path), "--samples", "0"], capsys)[0] == 2
    assert run(["robust", str(path), "--uncertainty", "1.5"], capsys)[0] == 2
    code, _, err = run(["robust", str(tmp_path / "absent.yaml")], capsys)
    assert code == 2 and "absent.yaml" in err and "Traceback" not in err


def test_robust_unreachable_scheduler_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sq_opt.distributed as distributed

    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", "1s")
    path = write(tmp_path, kinded(policy={"effect_uncertainty": 0.2}))
    code, _, err = run(
        ["robust", str(path), "--samples", "2", "--scheduler", "tcp://127.0.0.1:9", "--quiet"],
        capsys,
    )
    assert code == 2 and "planificateur Dask injoignable : tcp://127.0.0.1:9" in err
    assert "Traceback" not in err


def test_robust_budget_on_solve(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = scenario_data(
        problems=[problem("p", priority=1)],
        solutions=[
            solution("risky", {"p": 0.6}, demand={"r": 5}, effects_range={"p": [0.0, 0.6]}),
            solution("safe1", {"p": 0.25}, demand={"r": 5}),
            solution("safe2", {"p": 0.25}, demand={"r": 5}),
        ],
    )
    path = write(tmp_path, data)
    code, out, _ = run(["solve", str(path), "--robust-budget", "1", "--quiet"], capsys)
    assert code == 0 and "Plan robuste (Γ = 1)" in out and "Prix de la robustesse" in out
    code, out, _ = run(["solve", str(path), "--robust-budget", "1", "--format", "json"], capsys)
    result = json.loads(out)
    assert result["robust"]["selected"] == ["safe1", "safe2"] and result["status"] == "optimal"
    assert result["price_of_robustness"] == pytest.approx(5.6)


def test_validate_warns_when_an_effect_is_far_above_the_evidence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, kinded())
    code, out, _ = run(["validate", str(path)], capsys)
    assert code == 0 and "solutions[0].effects.deal" in out and "bien au-dessus" in out
    assert "solutions[1]" not in out  # 0.3 for problem-oriented policing is within the evidence
    code, out, _ = run(["validate", str(path), "--format", "json", "--lang", "en"], capsys)
    payload = json.loads(out)
    assert payload["valid"] and payload["warnings"][0]["path"] == "solutions[0].effects.deal"
    assert (
        payload["warnings"][0]["code"] == "evidence_above"
        and "far above" in payload["warnings"][0]["message"]
    )


def test_suggest_writes_a_variant_that_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, kinded())
    target = tmp_path / "out" / "plages.yaml"
    target.parent.mkdir()
    code, _, err = run(["suggest", str(path), "-o", str(target)], capsys)
    assert code == 0 and "2 solution(s)" in err and "arrete" in err
    variant = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert variant["base"] == "../s.yaml"
    row = evidence_table()["hot_spot_patrol"]
    change = next(
        c for c in variant["changes"] if c["path"] == "solutions.patrouille.effects_range"
    )
    assert change["value"] == {"deal": [row.low, 0.9]}  # the user's 0.9 stays inside the range
    assert run(["validate", str(target)], capsys)[0] == 0
    code, out, _ = run(
        ["robust", str(target), "--samples", "3", "--scheduler", "serial", "--format", "json"],
        capsys,
    )
    assert code == 0 and json.loads(out)["uncertain_effects"] == 3


def test_sweep_a_folder_to_csv_xlsx_and_parquet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "secteurs"
    folder.mkdir()
    for k, capacity in enumerate([4, 8, 12]):
        write(
            folder,
            {**kinded(resources=[{"id": "r", "capacity": capacity}]), "name": f"secteur {k}"},
            f"s{k}.yaml",
        )
    (folder / "notes").mkdir()  # not a scenario: skipped
    code, out, _ = run(["sweep", str(folder), "--scheduler", "serial"], capsys)
    assert code == 0 and "Balayage — 3 scénario(s)" in out and "s2.yaml" in out
    for fmt in ("csv", "xlsx", "parquet"):
        target = tmp_path / f"t.{fmt}"
        code, _, err = run(
            ["sweep", str(folder), "--scheduler", "serial", "--format", fmt, "-o", str(target)],
            capsys,
        )
        assert code == 0 and "écrit" in err
        if fmt == "csv":
            frame = pd.read_csv(target, sep=";", decimal=",", encoding="utf-8-sig")
        elif fmt == "xlsx":
            frame = pd.read_excel(target)
        else:
            frame = pd.read_parquet(target)
        assert list(frame["label"]) == ["s0.yaml", "s1.yaml", "s2.yaml"]
        assert list(frame["status"]) == ["optimal"] * 3
        assert frame["objective"].is_monotonic_increasing
    assert run(["sweep", str(folder), "--scheduler", "serial", "--format", "csv"], capsys)[0] == 2


def test_sweep_a_folder_with_a_bad_file_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "secteurs"
    folder.mkdir()
    write(folder, kinded(), "bon.yaml")
    bad = kinded()
    bad["solutions"][0]["effects"] = {"delt": 0.3}
    write(folder, bad, "mauvais.yaml")
    code, _, err = run(["sweep", str(folder), "--scheduler", "serial"], capsys)
    assert code == 2 and "mauvais.yaml: solutions[0].effects.delt" in err and "Traceback" not in err


def test_sweep_a_grid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, kinded())
    grid: dict[str, Any] = {
        "grid": "capacité",
        "base": "s.yaml",
        "axes": [
            {
                "name": "r",
                "values": ["-50%", "+0%"],
                "changes": [{"kind": "capacity", "resource": "r", "change": "{value}"}],
            },
            {
                "name": "exclu",
                "values": ["pop", "arrete"],
                "changes": [{"kind": "exclude", "solution": "{value}"}],
            },
        ],
    }
    path = write(tmp_path, grid, "grille.yaml")
    code, out, _ = run(["sweep", str(path), "--scheduler", "serial", "--format", "json"], capsys)
    rows = json.loads(out)
    assert code == 0 and [r["point"] for r in rows] == [
        {"r": "-50%", "exclu": "pop"},
        {"r": "-50%", "exclu": "arrete"},
        {"r": "+0%", "exclu": "pop"},
        {"r": "+0%", "exclu": "arrete"},
    ]
    grid["axes"][1]["values"] = ["pop", "inconnue"]
    write(tmp_path, grid, "grille.yaml")
    code, _, err = run(
        ["sweep", str(tmp_path / "s.yaml"), "--grid", str(path), "--scheduler", "serial"], capsys
    )
    assert code == 2 and "exclu=inconnue" in err and "changes[1].solution" in err


def test_report_shows_each_actions_class(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, kinded(policy={"effect_uncertainty": 0.3}))
    saved = tmp_path / "robust.json"
    assert (
        run(
            [
                "robust",
                str(path),
                "--samples",
                "4",
                "--scheduler",
                "serial",
                "--format",
                "json",
                "-o",
                str(saved),
            ],
            capsys,
        )[0]
        == 0
    )
    pack = tmp_path / "pack.html"
    code, _, _ = run(
        ["report", str(path), "--robustness", str(saved), "-o", str(pack), "--no-extras"], capsys
    )
    html = pack.read_text(encoding="utf-8")
    assert code == 0 and "<th>Robustesse</th>" in html and "cœur (100" in html
    saved.write_text('{"samples": "x"}', encoding="utf-8")
    code, _, err = run(["report", str(path), "--robustness", str(saved), "-o", str(pack)], capsys)
    assert code == 2 and "samples" in err


def test_the_example_files_work(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["validate", str(ROBUST / "digne-incertain.yaml")], capsys)[0] == 0
    assert run(["validate", str(ROBUST / "digne-plages.yaml")], capsys)[0] == 0
    code, out, _ = run(
        [
            "sweep",
            str(ROBUST / "grille-moyens.yaml"),
            "--scheduler",
            "serial",
            "--format",
            "json",
            "--time-limit",
            "20",
        ],
        capsys,
    )
    rows = json.loads(out)
    assert code == 0 and len(rows) == 16 and all(r["status"] == "optimal" for r in rows)
