"""The meeting pack: every section and chart for every example, rendered by headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from models import SolveOptions
from sq_opt import load_scenario, solve
from sq_opt.cli.main import main
from sq_opt.explain.alternatives import alternatives
from sq_opt.explain.why import explain_solutions
from sq_opt.views.pack import build_report
from tests.factories import problem, scenario_data, solution

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "scenarios").glob("*.yaml"))
SECTIONS = ["summary", "sheets", "charts", "relations", "why", "alternatives", "followup"]
CHARTS = ["chart-gantt", "chart-coverage", "chart-load", "chart-share"]
OPTIONS = SolveOptions(time_limit=30, seed=0)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _pack(path: Path) -> str:
    scenario = load_scenario(path)
    strategy = solve(scenario, OPTIONS)
    chosen = strategy.selected()
    left_out = [s.id for s in scenario.solutions if s.id not in chosen][:2]
    explanation = explain_solutions(scenario, left_out, OPTIONS, base=strategy)
    alts = alternatives(scenario, 1, options=OPTIONS, base=strategy)
    return build_report(scenario, strategy, explanation=explanation, alternatives=alts)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_pack_has_every_section_and_chart(path: Path) -> None:
    page = _pack(path)
    for section in SECTIONS:
        assert f"<section id='{section}'>" in page, section
    for chart in CHARTS:
        block = page.split(f"id='{chart}'>", 1)[1].split("</figure>", 1)[0]
        assert "<svg" in block and len(re.findall(r"<path", block)) > 5, chart
    assert "09/03/2026" in page or "07/09/2026" in page  # French dates
    assert re.search(r"\d,\d", page)  # French numbers
    if path.stem == "digne-centre":
        assert "58,6" in page


def test_pack_of_an_infeasible_scenario_shows_the_diagnosis() -> None:
    data = scenario_data(
        problems=[problem("p", priority=1)],
        solutions=[
            solution("a", {"p": 0.5}, mandatory=True),
            solution("b", {"p": 0.4}, mandatory=True),
        ],
        relations=[{"kind": "conflict", "between": ["a", "b"]}],
    )
    from sq_opt import parse_scenario

    scenario = parse_scenario(data)
    page = build_report(scenario, solve(scenario, OPTIONS))
    assert "<section id='diagnosis'>" in page and "relations[0]" in page


@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)
def test_pack_renders_in_headless_chromium(tmp_path: Path) -> None:
    chromium = CHROMIUM
    assert chromium is not None
    pack = tmp_path / "pack.html"
    assert (
        main(
            [
                "report",
                str(ROOT / "scenarios/digne-centre.yaml"),
                "-o",
                str(pack),
                "--time-limit",
                "30",
            ]
        )
        == 0
    )
    common = [*FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(
        [chromium, *common, "--enable-logging=stderr", "--dump-dom", pack.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "Uncaught" not in dom.stderr
    for chart in CHARTS:
        assert f'id="{chart}"' in dom.stdout
    assert dom.stdout.count("<svg") >= len(CHARTS)
    shot = tmp_path / "pack.png"
    subprocess.run(
        [chromium, *common, f"--screenshot={shot}", "--window-size=1200,3000", pack.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 50_000  # a real page, not a blank one


def test_pack_reports_an_overlap_neutralisation_only_when_both_run() -> None:
    scenario = load_scenario(ROOT / "scenarios" / "digne-centre.yaml")
    strategy = solve(scenario, OPTIONS)
    spans = {a.solution: set(range(a.start, a.end)) for a in strategy.actions}
    assert not spans["controles-halls"] & spans["mediation-pigeonnier"]  # run apart, no loss
    page = build_report(scenario, strategy).split("<section id='relations'>", 1)[1]
    row = next(
        r
        for r in page.split("<tr>")
        if "Contrôles ciblés dans les halls" in r and "Médiation et activités" in r
    )
    assert "neutralisation évitée" in row
