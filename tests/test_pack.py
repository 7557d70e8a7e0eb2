"""The meeting pack as twenty people see it: what the value means, the means per period and in
total, a problems table, the meeting date, legends and values on every chart, the Gantt legend off
the bars, page numbers on paper (headless Chromium, A4 PDF, every page rasterised)."""

from __future__ import annotations

import datetime as dt
import html
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from models import SolveOptions
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt import load_scenario, solve
from sq_opt.views.charts import gantt_figure
from sq_opt.views.pack import build_report

ROOT = Path(__file__).resolve().parents[1]
OPTIONS = SolveOptions(time_limit=30, seed=0)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOPPM, PDFTOTEXT = shutil.which("pdftoppm"), shutil.which("pdftotext")
MEETING = dt.date(2026, 3, 5)


@cache
def _digne() -> tuple[Scenario, Strategy]:
    scenario = load_scenario(ROOT / "scenarios/digne-centre.yaml")
    return scenario, solve(scenario, OPTIONS)


@cache
def _page(lang: str = "fr") -> str:
    scenario, strategy = _digne()
    return build_report(scenario, strategy, lang=lang, meeting=MEETING)  # type: ignore[arg-type]


def _section(page: str, name: str) -> str:
    return html.unescape(page.split(f"<section id='{name}'>", 1)[1].split("</section>", 1)[0])


def test_the_summary_says_what_the_value_means_once() -> None:
    scenario, _ = _digne()
    total = sum(scenario.weight(p.id) for p in scenario.problems)
    summary = _section(_page(), "summary")
    assert f"58,6 points sur {total:g} possibles" in summary
    assert _page().count("Les points : chaque problème rapporte son poids") == 1
    assert "Problèmes principaux : 48,8 points sur 56" in summary
    english = _section(_page("en"), "summary")
    assert f"58.6 points out of {total:g} possible" in english


def test_the_meeting_date_and_the_horizon_head_the_pack() -> None:
    head = _page().split("</header>", 1)[0]
    assert "Réunion du GPO du 05/03/2026" in head
    assert "6 périodes (par quinzaine), du 09/03/2026 au 31/05/2026" in head


def test_means_are_given_per_period_and_in_total() -> None:
    sheets = _section(_page(), "sheets")
    assert "14 heures-équipage par quinzaine, 28 au total (Patrouilles BST orientables)" in sheets
    assert "8\u202f000 euros (Budget prévention de la mairie)" in sheets  # a pool: once


def test_a_problems_table_gives_coverage_targets_and_points() -> None:
    scenario, _ = _digne()
    table = _section(_page(), "problems")
    assert table.count("<tr>") == len(scenario.problems) + 1
    assert "Point de deal boulevard Gassendi / place de l'Évêché (principal)" in table
    assert "<td class='num'>50\u00a0%</td>" in table  # the target of deal-gassendi


def test_every_chart_has_a_legend_and_its_values() -> None:
    charts = _section(_page(), "charts")
    for words in (
        "Pilote",
        "problème principal",
        "autre problème",
        "cible de couverture",
        "utilisé",
        "capacité",
        "part minimale exigée (50\u00a0%)",
        "P1–P2",  # the Gantt's bars say their periods
        "100\u00a0%",  # coverage values
        "\u202f000 / 32\u202f000",  # a pool's use
    ):
        assert words in charts, words


def test_the_gantt_legend_never_covers_a_bar() -> None:
    scenario, strategy = _digne()
    figure = gantt_figure(scenario, strategy, "fr")
    figure.canvas.draw()
    axes = figure.axes[0]
    legend = axes.get_legend().get_window_extent()
    assert legend.y1 < axes.get_window_extent().y0  # entirely under the plotting area
    import matplotlib.pyplot as plt

    plt.close(figure)


def test_printed_pages_are_numbered() -> None:
    page = _page()
    assert '@bottom-right { content: "page " counter(page) " / " counter(pages)' in page


@pytest.mark.skipif(CHROMIUM is None or PDFTOPPM is None, reason="chromium / poppler absent")
def test_every_a4_page_prints_and_is_numbered(tmp_path: Path) -> None:
    html = tmp_path / "pack.html"
    html.write_text(_page(), encoding="utf-8")
    pdf = tmp_path / "pack.pdf"
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    subprocess.run([str(PDFTOPPM), "-r", "30", "-png", str(pdf), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) >= 4
    for shot in pages:
        assert shot.stat().st_size > 3_000, shot.name  # something drawn on every page
    if PDFTOTEXT is not None:
        text = subprocess.run(
            [str(PDFTOTEXT), str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert f"page 1 / {len(pages)}" in text and f"page {len(pages)} / {len(pages)}" in text
