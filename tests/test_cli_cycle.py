"""The GPO cycle through the command line: replan -> adopt -> partners fill the sheet -> replan ->
check -> adopt -> evaluate (and learn) -> the meeting pack, on the worked Digne example."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from sq_opt.cli import progress
from sq_opt.cli.main import main
from sq_opt.io.followups import load_followup
from sq_opt.variants import load_any

ROOT = Path(__file__).resolve().parents[1]
CYCLE = ROOT / "scenarios" / "cycle"
SCENARIO = str(CYCLE / "digne-centre-cycle.yaml")
HISTORY = str(CYCLE / "suivi-0-historique.yaml")
FAST = ["--time-limit", "20", "--workers", "2"]


@pytest.fixture(autouse=True)
def _quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "PROGRESS_DELAY_SECONDS", 0.0)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def fill_sheet(path: Path, started: str, count: float) -> int:
    """A partner's edits: the actions planned for the first fortnight started (a day late), a
    count for the first blank row; returns how many started."""
    book = load_workbook(path)
    register = book["Registre"]
    headers = {cell.value: cell.column - 1 for cell in register[1]}
    first = min(r[headers["début"]].value for r in register.iter_rows(min_row=2))
    count_started = 0
    for row in register.iter_rows(min_row=2):
        if row[headers["début"]].value == first:
            row[headers["statut"]].value = "en cours"
            row[headers["convenu"]].value = first
            row[headers["début"]].value = dt.datetime.fromisoformat(started)
            count_started += 1
    indicators = book["Indicateurs"]
    columns = {cell.value: cell.column - 1 for cell in indicators[1]}
    blank = next(r for r in indicators.iter_rows(min_row=2) if r[columns["valeur"]].value is None)
    blank[columns["valeur"]].value = count
    book.save(path)
    return count_started


def test_a_whole_cycle_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan1, suivi1, sheet = (
        tmp_path / "plan1.json",
        tmp_path / "suivi1.yaml",
        tmp_path / "fiche.xlsx",
    )
    code, _, _ = run(
        capsys,
        "replan",
        SCENARIO,
        HISTORY,
        "--date",
        "2026-03-09",
        *FAST,
        "--quiet",
        "--format",
        "json",
        "-o",
        str(plan1),
    )
    assert code == 0
    first = json.loads(plan1.read_text(encoding="utf-8"))
    assert first["status"] == "optimal" and first["replanned_at"] == "2026-03-09"
    assert {c["change"] for c in first["changes"]} == {"added"}
    assert min(a["start"] for a in first["actions"]) == 4  # the past (Jan-Feb) is closed

    code, _, err = run(
        capsys,
        "adopt",
        SCENARIO,
        str(plan1),
        "--date",
        "05/03/2026",
        "--followup",
        HISTORY,
        "--note",
        "1re réunion",
        "-o",
        str(suivi1),
    )
    assert code == 0 and "Plan adopté" in err
    adopted = yaml.safe_load(suivi1.read_text(encoding="utf-8"))
    assert adopted["meetings"] == [{"date": dt.date(2026, 3, 5), "note": "1re réunion"}]
    assert {e["status"] for e in adopted["register"]} == {"planned"}

    code, _, _ = run(
        capsys,
        "followup",
        "template",
        SCENARIO,
        "--followup",
        str(suivi1),
        "--until",
        "2026-03-23",
        "-o",
        str(sheet),
    )
    assert code == 0
    started = fill_sheet(sheet, "2026-03-10", 7)

    code, out, _ = run(
        capsys, "replan", SCENARIO, str(sheet), "--date", "2026-03-23", *FAST, "--quiet"
    )
    assert code == 0
    assert "Ce qui a changé depuis la réunion du 05/03/2026 — replanification au 23/03/2026" in out
    assert f"{started} en cours" in out and "— en cours" in out

    plan2 = tmp_path / "plan2.json"
    run(
        capsys,
        "replan",
        SCENARIO,
        str(sheet),
        "--date",
        "2026-03-23",
        *FAST,
        "--quiet",
        "--format",
        "json",
        "-o",
        str(plan2),
    )
    code, out, err = run(capsys, "check", SCENARIO, str(plan2))
    assert code == 2 and "--followup" in err  # a replanned plan is checked in its frame
    code, out, _ = run(capsys, "check", SCENARIO, str(plan2), "--followup", str(sheet))
    assert code == 0 and "Plan conforme" in out

    suivi2 = tmp_path / "suivi2.xlsx"
    code, _, _ = run(
        capsys,
        "adopt",
        SCENARIO,
        str(plan2),
        "--date",
        "2026-03-23",
        "--followup",
        str(sheet),
        "-o",
        str(suivi2),
    )
    assert code == 0
    scenario = load_any(SCENARIO)[1]
    assert scenario is not None
    second = load_followup(suivi2, scenario)
    assert [m.date for m in second.meetings] == [dt.date(2026, 3, 5), dt.date(2026, 3, 23)]
    assert sum(e.status == "running" for e in second.entries) == started

    code, out, _ = run(capsys, "evaluate", SCENARIO, str(suivi2), "--format", "json")
    assert code == 0
    evaluation = json.loads(out)
    assert {"problems", "actions"} <= set(evaluation)

    pack = tmp_path / "dossier.html"
    code, _, _ = run(
        capsys,
        "report",
        SCENARIO,
        "--followup",
        str(suivi2),
        "--date",
        "2026-03-23",
        *FAST,
        "-o",
        str(pack),
    )
    page = pack.read_text(encoding="utf-8")
    assert (
        code == 0
        and "<section id='meeting'>" in page
        and "Depuis la réunion du 23/03/2026" not in page
    )


def test_evaluate_proposes_effects_as_a_variant_that_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    variant = tmp_path / "effets.yaml"
    code, out, err = run(
        capsys,
        "evaluate",
        str(CYCLE / "avril.yaml"),
        str(CYCLE / "suivi-4-saisie-2026-05-04.yaml"),
        "--update-effects",
        "-o",
        str(variant),
    )
    assert code == 0 and "Indicateurs avant / après" in out and "effet(s) à revoir" in err
    kind, proposed, _, _ = load_any(str(variant))
    original = load_any(str(CYCLE / "avril.yaml"))[1]
    assert kind == "variant" and proposed is not None and original is not None
    changed = [
        s.id for s in proposed.solutions if s.effects != original.solution_index[s.id].effects
    ]
    assert changed  # proposals, never applied to the scenario itself
    assert "l'action a fonctionné" not in variant.read_text(encoding="utf-8")


def test_the_meeting_pack_has_the_cycle_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "dossier.html"
    code, _, _ = run(
        capsys,
        "report",
        str(CYCLE / "avril.yaml"),
        "--followup",
        str(CYCLE / "suivi-4-saisie-2026-05-04.yaml"),
        "--date",
        "2026-05-04",
        *FAST,
        "-o",
        str(pack),
    )
    page = pack.read_text(encoding="utf-8")
    assert code == 0
    assert "Depuis la réunion du 06/04/2026" in page
    assert page.count("<figure class='indicator'") >= 5 and "indicateur a baissé" in page
    assert "Effets à revoir" in page and "Ce qui change dans le plan, et pourquoi" in page
    follow = page.split("<section id='followup'>", 1)[1]
    assert "<th>Statut</th>" in follow and "<th>Indicateur</th>" in follow


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["replan", SCENARIO, HISTORY, "--date", "2027-01-01"], "hors du calendrier"),
        (["replan", SCENARIO, HISTORY, "--date", "demain"], "date attendue"),
        (["replan", SCENARIO, str(CYCLE / "avril.yaml"), "--date", "2026-03-09"], "champ inconnu"),
        (["evaluate", SCENARIO, HISTORY, "--update-effects"], "-o"),
        (["followup", "template", SCENARIO, "-o", "fiche.yaml"], ".xlsx"),
        (["report", SCENARIO, "--followup", HISTORY, "-o", "x.html"], "--date"),
    ],
)
def test_cycle_errors_are_clear(
    argv: list[str],
    expected: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, *argv)
    assert code == 2 and expected in err and "Traceback" not in err


def test_a_plan_of_another_scenario_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.json"
    april = str(CYCLE / "avril.yaml")
    assert run(capsys, "solve", april, "--format", "json", "-o", str(plan), *FAST)[0] == 0
    digne = str(ROOT / "scenarios" / "digne-centre.yaml")
    out = str(tmp_path / "suivi.yaml")
    code, _, err = run(capsys, "adopt", digne, str(plan), "--date", "2026-03-09", "-o", out)
    assert code == 2 and "1 erreur(s)" in err
    assert "ce plan a été calculé pour le scénario « Digne-les-Bains" in err
    assert "actions inconnues ici : " in err


def test_files_given_in_the_wrong_order_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "suivi.yaml")
    code, _, err = run(capsys, "adopt", SCENARIO, HISTORY, "--date", "2026-03-09", "-o", out)
    assert code == 2 and "ce fichier est un document de suivi, pas une stratégie" in err
    code, _, err = run(capsys, "replan", HISTORY, SCENARIO, "--date", "2026-03-09", "--lang", "en")
    assert code == 2 and "this file is a follow-up document, not a scenario" in err


def test_the_replanned_meeting_view_fits_100_columns(capsys: pytest.CaptureFixture[str]) -> None:
    sheet = str(CYCLE / "suivi-2-saisie-2026-04-06.yaml")
    code, out, _ = run(capsys, "replan", SCENARIO, sheet, "--date", "2026-04-06", *FAST)
    assert code == 0 and "Pourquoi" in out
    wide = [line for line in out.splitlines() if len(line) > 100]
    assert not wide, wide[:2]
    assert "Gr ande" not in out  # words are not cut in the middle
