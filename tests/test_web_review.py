"""Findings of a new-user review of the web pages: periods counted from 1 (P1..Pn) like every other
view, the follow-up register's errors next to their field (all at once, dates in French, the typed
text kept), percentages typed with ``%``, the follow-up history in words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.auth import create_key
from api.main import create_app
from api.settings import Settings
from api.web.changes import change_text
from api.web.render import field_id
from models.issues import ScenarioError
from sq_opt.io.scenarios import load_scenario, parse_scenario
from tests.web_helpers import Visitor, field_error

ROOT = Path(__file__).resolve().parents[1]
DIGNE = (ROOT / "scenarios" / "digne-centre.yaml").read_bytes()
SCENARIO = load_scenario(ROOT / "scenarios" / "digne-centre.yaml")


def _solve(browser: Visitor, scenario_id: str) -> str:
    task = browser.start(f"/web/s/{scenario_id}/solve", {"time_limit": "10"})
    page = browser.finish(task)
    return "/web" + str(page.url).split("/web", 1)[1]


def _capacities(version: str) -> dict[str, str]:
    data = {"version": version}
    for j, resource in enumerate(SCENARIO.resources):
        if resource.per == "horizon":
            data[f"resources[{j}].capacity"] = f"{resource.capacity:g}"
        else:
            for t in range(SCENARIO.horizon.periods):
                data[f"resources[{j}].capacity[{t}]"] = f"{resource.capacity_at(t):g}"
    return data


def test_periods_are_counted_from_one_in_every_page(planner: Visitor, digne: str) -> None:
    edit = planner.get(f"/web/s/{digne}/edit").text
    assert '<th scope="col">P1<br><span class="muted">09/03</span>' in edit
    assert '<th scope="col">P6<br>' in edit and ">P0<" not in edit
    assert "Capacité de « Patrouilles BST orientables » en P1 (" in edit
    assert re.search(r'<option value="0"( selected)?>P1 — 09/03/2026</option>', edit)  # window
    run = planner.get(_solve(planner, digne)).text
    row = re.search(r"Opération judiciaire sur le point de deal Gassendi.*?</tr>", run, re.S)
    assert row is not None and "<td>P1–P2</td>" in row[0]  # as `sq-opt solve` shows it
    assert 'value="0"> P1 (09/03/2026)' in run and "P0" not in run
    assert '<th scope="row">P1</th>' in run


def test_period_form_values_still_name_the_contracts_periods(planner: Visitor, digne: str) -> None:
    capacities = _capacities("1")
    capacities["resources[0].capacity[2]"] = "1e13"  # P3, the third value
    refused = planner.post(f"/web/s/{digne}/edit/capacities", capacities)
    assert field_error(refused.text, field_id("resources[0].capacity[2]")) == (
        "Doit être au plus 1e+12."
    )
    with pytest.raises(ScenarioError) as library:  # the library's own message names P3 too
        parse_scenario(
            planner.get(f"/web/s/{digne}/scenario.json").json()
            | {"resources": [{"id": "r", "capacity": [1, 1, 1e13]}]}
        )
    assert any("la capacité en P3 dépasse" in i.message("fr") for i in library.value.issues)
    capacities["resources[0].capacity[2]"] = "27"
    assert "version 2" in planner.post(f"/web/s/{digne}/edit/capacities", capacities).text
    stored = planner.get(f"/web/s/{digne}/scenario.json").json()
    assert stored["resources"][0]["capacity"] == [34, 34, 27, 26, 34, 34]
    n = len(SCENARIO.solutions)
    new = {"version": "2", f"solutions[{n}].title": "Nouvelle action", f"solutions[{n}].lead": "pn"}
    new |= {f"solutions[{n}].earliest_start": "5", f"solutions[{n}].duration": "3"}
    late = planner.post(f"/web/s/{digne}/edit/new-solution", new)
    window = field_error(late.text, field_id(f"solutions[{n}].earliest_start"))
    assert window is not None and window.startswith(
        "Commencée en P6 pour 3 période(s), elle dépasse l&#39;horizon"
    )
    assert "finit en P6" in window and "earliest_start =" not in late.text
    new |= {f"solutions[{n}].earliest_start": "1", f"solutions[{n}].duration": "1"}
    new |= {f"solutions[{n}].effects.deal-gassendi": "10"}
    assert "version 3" in planner.post(f"/web/s/{digne}/edit/new-solution", new).text
    stored = planner.get(f"/web/s/{digne}/scenario.json").json()
    assert stored["solutions"][-1]["earliest_start"] == 1  # chosen as "P2 — 23/03/2026"
    run = _solve(planner, digne)
    task = planner.start(
        f"{run}/whatif",
        {"capacity.resource": "pn-patrouille", "capacity.change": "-20 %", "capacity.periods": "0"},
    )
    whatif = planner.finish(task).text
    assert "(P1)" in whatif  # the first period, ticked as P1


def test_a_target_may_be_typed_with_a_percent_sign(planner: Visitor, digne: str) -> None:
    values = {f"problems[{i}].priority": str(p.priority) for i, p in enumerate(SCENARIO.problems)}
    values |= {"version": "1", "problems[0].min_coverage": "150 %"}
    refused = planner.post(f"/web/s/{digne}/edit/problems", values)
    assert field_error(refused.text, field_id("problems[0].min_coverage")) == (
        "Au plus 100 % attendu."
    )
    values["problems[0].min_coverage"] = "50 %"
    assert "version 2" in planner.post(f"/web/s/{digne}/edit/problems", values).text
    stored = planner.get(f"/web/s/{digne}/scenario.json").json()
    assert stored["problems"][0]["min_coverage"] == 0.5


def test_the_follow_up_history_is_told_in_words(planner: Visitor, digne: str) -> None:
    run = _solve(planner, digne)
    page = planner.post(f"{run}/adopt", {"adopt.date": "2026-03-09", "adopt.version": "0"}).text
    told = re.search(
        r"adoption du plan le 09/03/2026 : (\d+) actions ajoutées au registre, "
        r"1 réunion ajoutée",
        page,
    )
    assert told is not None and "register +" not in page
    counts = {
        "version": "1",
        "indicators.date": "2026-03-09",
        "indicators.value.deal-gassendi": "14",
    }
    page = planner.post(f"/web/s/{digne}/meeting/indicators", counts).text
    assert "1 comptage ajouté (comptages du 09/03/2026)" in page
    assert "<td>P1</td><td>09/03/2026</td>" in page  # the count's period, counted from 1


def test_change_summaries_in_both_languages() -> None:
    def title(index: int) -> str | None:
        return "Suivi des plaintes" if index == 2 else None

    said = change_text("register[2] status running, start 2026-03-10, end null", "fr", title)
    assert said == "« Suivi des plaintes » au registre : en cours, début 10/03/2026, fin effacée"
    said = change_text("document register +1 ~2 -0, indicators +3 -0", "en", title)
    assert (
        said
        == "whole follow-up saved: 1 action added to the register, 2 register actions changed, 3 counts added"
    )
    assert change_text("meetings[1] 2026-04-06", "fr", title) == "réunion du 06/04/2026 ajoutée"
    assert change_text("something else", "fr", title) == "something else"  # shown as stored


def test_register_errors_are_next_to_their_fields_all_at_once(planner: Visitor, digne: str) -> None:
    run = _solve(planner, digne)
    adopted = planner.post(f"{run}/adopt", {"adopt.date": "2026-03-09", "adopt.version": "0"})
    index = re.search(
        r'value="suivi-plaintes"><input type="hidden" name="index" value="(\d+)"', adopted.text
    )
    assert index is not None
    entry = f"register[{index[1]}]"
    base = {"version": "1", "solution": "suivi-plaintes", "index": index[1]}
    base[f"{entry}.status"] = "running"
    backwards = base | {f"{entry}.start": "10/03/2026", f"{entry}.end": "01/03/2026"}
    page = planner.post(f"/web/s/{digne}/meeting/register", backwards)
    assert page.status_code == 422
    error = field_error(page.text, field_id(f"{entry}.end"))
    assert error is not None and "La fin (01/03/2026) précède le début (10/03/2026)." in error
    assert "register[" not in re.search(r'id="errors">.*?</div>', page.text, re.S)[0]  # type: ignore[index]
    inside = base | {f"{entry}.start": "23/03/2026", f"{entry}.end": "16/03/2026"}
    page = planner.post(f"/web/s/{digne}/meeting/register", inside)
    assert "1 erreur(s) à corriger" in page.text  # said once, by the form, in French
    error = field_error(page.text, field_id(f"{entry}.end"))
    assert error == "La fin (16/03/2026) précède le début (23/03/2026)."
    pools = re.findall(rf'name="{re.escape(entry)}\.spent\.([^"]+)"', page.text)
    assert pools  # the budget pools of the scenario
    wrong = base | {f"{entry}.start": "31/04/2026", f"{entry}.end": "01/01/2026"}
    wrong[f"{entry}.spent.{pools[0]}"] = "1e308"
    page = planner.post(f"/web/s/{digne}/meeting/register", wrong)
    assert page.status_code == 422 and "3 erreur(s) à corriger" in page.text
    start = field_error(page.text, field_id(f"{entry}.start"))
    assert start == "Date invalide « 31/04/2026 » : JJ/MM/AAAA attendu."
    end = field_error(page.text, field_id(f"{entry}.end"))
    assert end is not None and "hors du calendrier" in end and "09/03/2026" in end
    spent = field_error(page.text, field_id(f"{entry}.spent.{pools[0]}"))
    assert spent == "Doit être au plus 1e+12."
    kept = re.search(
        rf'<input type="(\w+)" id="{field_id(entry + ".start")}"[^>]*value="([^"]*)"', page.text
    )
    assert kept is not None and kept.groups() == ("text", "31/04/2026")  # shown as typed


def test_a_read_only_store_is_a_page_not_json(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(data_dir=tmp_path / "ro"))) as client:
        key, _ = create_key(client.app.state.db, sector=None)  # type: ignore[attr-defined]
    path = tmp_path / "ro" / "sq-opt.db"
    read_only = Settings(
        data_dir=tmp_path / "ro", database_url=f"sqlite:///file:{path}?mode=ro&uri=true"
    )
    with TestClient(create_app(read_only)) as client:
        browser = Visitor(TestClient(client.app))
        browser.sign_in(key)
        answer = browser.upload("digne-centre.yaml", DIGNE)
        assert answer.status_code == 503 and answer.headers["content-type"].startswith("text/html")
        assert "Retry-After" in answer.headers and "<html" in answer.text.lower()
