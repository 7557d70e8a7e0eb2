"""The command in one language: help and usage errors in French (argparse's own words included),
no English words in French screens, tables within 100 columns, warnings for relations that cannot
both apply."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml

from api.cli import commands
from sq_opt.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
DIGNE = str(ROOT / "scenarios/digne-centre.yaml")
CIRCONSCRIPTION = str(ROOT / "scenarios/circonscription-digne.yaml")
ENGLISH_MACHINERY = (
    "usage:",
    "positional arguments",
    "show this help",
    "the following arguments",
    "invalid choice",
    "expected one argument",
    "FILE",
    "SCENARIO",
)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv, commands())
    out, err = capsys.readouterr()
    return code, out, err


def _width(line: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 1 for ch in line)


@pytest.mark.parametrize("name", [c.name for c in commands()] + [""])
def test_every_help_is_in_french(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run([name, "--help"] if name else ["--help"], capsys)
    assert code == 0 and out.startswith("utilisation : sq-opt")
    assert "afficher cette aide et quitter" in out
    for word in ENGLISH_MACHINERY:
        assert word not in out, (name, word)


def test_usage_errors_are_in_french_and_in_english_when_asked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = _run(["solve"], capsys)
    assert code == 2 and "erreur d'utilisation : arguments obligatoires manquants : SCÉNARIO" in err
    _, _, err = _run(["solve", DIGNE, "--format", "pdf"], capsys)
    assert "argument --format : choix invalide : 'pdf' (choisir parmi" in err
    _, _, err = _run(["solve", DIGNE, "--time-limit", "dix"], capsys)
    assert "argument --time-limit : nombre attendu : 'dix'" in err
    _, _, err = _run(["replan", DIGNE, "suivi.yaml", "--date", "le 3 mars"], capsys)
    assert "date attendue AAAA-MM-JJ ou JJ/MM/AAAA : 'le 3 mars'" in err
    _, _, err = _run(["replan", DIGNE, "suivi.yaml", "--date", "31/02/2026"], capsys)
    assert "cette date n'existe pas : '31/02/2026'" in err
    for word in ENGLISH_MACHINERY:
        assert word not in err, word
    _, _, err = _run(["solve", "--lang", "en"], capsys)
    assert "usage: sq-opt solve" in err
    assert "usage error: the following arguments are required: SCENARIO" in err


def test_french_screens_have_no_english_words(capsys: pytest.CaptureFixture[str]) -> None:
    _, summary, _ = _run(["validate", DIGNE], capsys)
    _, plan, _ = _run(["solve", DIGNE, "--quiet", "--time-limit", "20"], capsys)
    for screen in (summary, plan):
        for word in ("conflict", "weighted", "synergy", "precedes", "True", "False", "None"):
            assert word not in screen, word
    assert "Relations : 3 ordre(s) imposé(s), 9 synergie(s)" in summary
    assert "Politique : valeur pondérée de tous les problèmes" in summary


@pytest.mark.parametrize(
    "argv",
    [
        ["solve", DIGNE, "--quiet"],
        ["solve", CIRCONSCRIPTION, "--quiet"],
        ["sensitivity", DIGNE, "--no-weights"],
        ["explain", DIGNE, "--solution", "pilonnage-gassendi"],
        ["compare", DIGNE, str(ROOT / "scenarios/variants/digne-moins-patrouilles.yaml")],
    ],
    ids=["solve", "solve-12-periods", "sensitivity", "explain", "compare"],
)
def test_terminal_tables_fit_100_columns(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run([*argv, "--time-limit", "20"], capsys)
    assert code == 0
    lines = out.splitlines()
    table_lines = [line for line in lines if "──" in line or "  " in line.strip()]
    assert table_lines
    wide = [line for line in table_lines if _width(line) > 100]
    assert not wide, wide[:3]


def test_periods_are_counted_from_one_with_dates(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(["solve", DIGNE, "--quiet", "--time-limit", "20"], capsys)
    assert "Période 1 : du 09/03/2026 au 22/03/2026" in out
    assert "Période 0" not in out and "P0" not in out
    assert "Période 6 : du 18/05/2026 au 31/05/2026" in out


def test_a_pair_both_in_conflict_and_ordered_is_warned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = yaml.safe_load(Path(DIGNE).read_text(encoding="utf-8"))
    a, b = data["relations"][0]["between"]
    assert data["relations"][0]["kind"] == "precedes"
    data["relations"].append({"kind": "conflict", "between": [b, a]})
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, _, err = _run(["validate", str(path)], capsys)
    assert code == 0  # valid: a warning, not an error
    assert (
        f"attention : relations[0] (« {a} » / « {b} ») : « {a} » et « {b} » sont à la fois en conflit"
        in err
    )
    code, out, _ = _run(["validate", str(path), "--format", "json"], capsys)
    assert '"code": "conflict_and_precedes"' in out
    _, _, err = _run(["validate", DIGNE], capsys)
    assert "attention" not in err
