"""The web pages through TestClient: sign-in and session cookie, CSRF, sector isolation on every
page and download, form errors next to their field, history and restore, the plan and the meeting
(the browser tests, ``test_web_browser.py``, walk the same journey in Chromium)."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.auth import create_key, list_keys, revoke_key
from api.main import create_app
from api.settings import Settings
from api.web.render import field_id
from api.web.session import SECRET_FILE
from sq_opt.io.scenarios import dump_scenario, load_scenario, save_scenario
from sq_opt.variants import load_variant
from tests.web_helpers import Visitor, field_error, visitor

ROOT = Path(__file__).resolve().parents[1]
DIGNE = (ROOT / "scenarios" / "digne-centre.yaml").read_bytes()
MANOSQUE = (ROOT / "scenarios" / "manosque-serets.yaml").read_bytes()
SCENARIO = load_scenario(ROOT / "scenarios" / "digne-centre.yaml")


def _scenario_id(response_url: object) -> str:
    return str(response_url).rstrip("/").rsplit("/", 1)[-1]


def _solve(browser: Visitor, scenario_id: str, limit: str = "10") -> str:
    task = browser.start(f"/web/s/{scenario_id}/solve", {"time_limit": limit})
    page = browser.finish(task)
    assert "/web/runs/" in str(page.url)
    return "/web" + str(page.url).split("/web", 1)[1]


def test_pages_need_a_signed_in_key(client: TestClient) -> None:
    for url in ("/web/", "/web/s/anything", "/web/runs/x/pack.html", "/web/template.xlsx"):
        response = client.get(url, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/web/signin?next=")
    assert client.get("/", follow_redirects=False).headers["location"] == "/web/"


def test_sign_in_cookie_and_sign_out(client: TestClient) -> None:
    key = create_key(client.app.state.db, sector="digne-centre")[0]  # type: ignore[attr-defined]
    browser = Visitor(TestClient(client.app))
    page = browser.get("/web/signin")
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "same-origin"
    wrong = browser.post("/web/signin", {"key": "sqo_wrong"})
    assert wrong.status_code == 401
    assert field_error(wrong.text, field_id("key")) == "Clé inconnue ou révoquée."
    response = browser.post("/web/signin", {"key": key, "next": "/web/"}, follow_redirects=False)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/web" in cookie
    assert key not in cookie  # the key itself never leaves the server again
    home = browser.get("/web/")
    assert "Secteur digne-centre" in home.text
    out = browser.post("/web/signout", follow_redirects=False)
    assert out.headers["location"] == "/web/signin"
    assert browser.get("/web/", follow_redirects=False).status_code == 303


def test_a_revoked_key_ends_its_sessions(client: TestClient) -> None:
    browser = visitor(client, "digne-centre")
    assert browser.get("/web/").status_code == 200
    db = client.app.state.db  # type: ignore[attr-defined]
    for info in list_keys(db):
        revoke_key(db, info.id)
    assert browser.get("/web/", follow_redirects=False).status_code == 303


def test_forms_without_the_csrf_token_are_refused(planner: Visitor, digne: str) -> None:
    routes = [
        "/web/scenarios",
        f"/web/s/{digne}/edit/problems",
        f"/web/s/{digne}/solve",
        f"/web/s/{digne}/restore",
        f"/web/s/{digne}/meeting/register",
        f"/web/s/{digne}/replan",
        "/web/signout",
        "/web/lang",
    ]
    for url in routes:
        for token in (None, "forged"):
            data = {"version": "1"} if token is None else {"csrf": token, "version": "1"}
            response = planner.client.post(url, data=data)
            assert response.status_code == 403, url
            assert "jeton de sécurité" in response.text
    foreign = planner.client.post(
        "/web/lang", data={"csrf": planner.csrf}, headers={"Origin": "http://evil.example"}
    )
    assert foreign.status_code == 403
    assert planner.get("/web/").status_code == 200  # still signed in: nothing happened


def test_a_sector_key_sees_nothing_of_another_sector(client: TestClient, planner: Visitor) -> None:
    manosque = _scenario_id(planner.upload("manosque-serets.yaml", MANOSQUE).url)
    run = _solve(planner, manosque)
    task = planner.start(f"{run}/alternatives", {"count": "1", "tolerance": "5"})
    planner.finish(task)
    digne = visitor(client, "digne-centre")
    listing = digne.get("/web/")
    assert "Manosque" not in listing.text
    pages = [
        f"/web/s/{manosque}{tail}"
        for tail in (
            "",
            "/edit",
            "/history",
            "/plan",
            "/meeting",
            "/evaluation",
            "/documents",
            "/compare",
            "/scenario.yaml",
            "/scenario.xlsx?version=1",
            "/followup.xlsx",
            "/meeting/sheet.xlsx",
        )
    ]
    pages += [f"{run}{tail}" for tail in ("", "/pack.html", "/plan.xlsx", "/charts/gantt.svg")]
    pages += [f"{run}/why/video-eveche", task, f"{task}/progress", f"{task}/charts/gantt.svg"]
    for url in pages:
        response = digne.get(url)
        assert response.status_code == 404, url
        assert "autre secteur" in response.text and "Manosque" not in response.text
    posts = [
        f"/web/s/{manosque}/edit/problems",
        f"/web/s/{manosque}/solve",
        f"/web/s/{manosque}/restore",
        f"/web/s/{manosque}/upload",
        f"/web/s/{manosque}/meeting/indicators",
        f"/web/s/{manosque}/replan",
        f"{run}/whatif",
        f"{run}/adopt",
        f"{task}/cancel",
    ]
    for url in posts:
        assert digne.post(url, {"version": "1"}).status_code == 404, url
    refused = digne.upload("manosque-serets.yaml", MANOSQUE)  # storing it is refused too
    assert refused.status_code == 422 and "limitée au secteur" in refused.text


def test_a_form_error_is_shown_next_to_its_field(planner: Visitor, digne: str) -> None:
    values = {f"problems[{i}].priority": str(p.priority) for i, p in enumerate(SCENARIO.problems)}
    values |= {"version": "1", "problems[0].priority": "9", "problems[2].min_coverage": "abc"}
    page = planner.post(f"/web/s/{digne}/edit/problems", values)
    assert page.status_code == 422
    assert field_error(page.text, field_id("problems[0].priority")) == "Doit être au plus 5."
    error = field_error(page.text, field_id("problems[2].min_coverage"))
    assert error == "Nombre attendu, reçu « abc »."
    assert 'value="9"' in page.text and 'value="abc"' in page.text  # the input is kept
    assert "2 erreur(s) à corriger" in page.text  # all at once, summarised on top
    assert planner.get(f"/web/s/{digne}/history").text.count("Restaurer la version") == 0


def test_library_issues_land_next_to_their_field(planner: Visitor, digne: str) -> None:
    n = len(SCENARIO.solutions)
    new = {"version": "1", f"solutions[{n}].title": "Nouvelle action", f"solutions[{n}].lead": "pn"}
    new[f"solutions[{n}].earliest_start"] = "5"
    new[f"solutions[{n}].duration"] = "3"
    page = planner.post(f"/web/s/{digne}/edit/new-solution", new)
    assert page.status_code == 422
    window = field_error(page.text, field_id(f"solutions[{n}].earliest_start"))
    assert window is not None and "dépasse l&#39;horizon" in window  # the library's own message
    assert f'id="{field_id(f"solutions[{n}].effects")}-err">aucun effet' in page.text
    new[f"solutions[{n}].duration"] = "1"
    new[f"solutions[{n}].effects.deal-gassendi"] = "10"
    new[f"solutions[{n}].demand.pn-patrouille"] = "2"
    saved = planner.post(f"/web/s/{digne}/edit/new-solution", new)
    assert "version 2 du scénario" in saved.text
    stored = planner.get(f"/web/s/{digne}/scenario.yaml").text
    assert "nouvelle-action" in stored and "deal-gassendi: 0.1" in stored


def test_every_save_is_a_version_and_any_version_can_be_restored(
    planner: Visitor, digne: str
) -> None:
    n = len(SCENARIO.problems)
    data = {
        "version": "1",
        f"problems[{n}].title": "Squat rue Basse",
        f"problems[{n}].priority": "2",
    }
    assert "version 2" in planner.post(f"/web/s/{digne}/edit/new-problem", data).text
    stale = planner.post(f"/web/s/{digne}/edit/new-problem", data)
    assert stale.status_code == 409 and "modifié entre-temps" in stale.text
    capacities = {"version": "2"}
    for j, resource in enumerate(SCENARIO.resources):
        if resource.per == "horizon":
            capacities[f"resources[{j}].capacity"] = str(resource.capacity)
        else:
            for t in range(SCENARIO.horizon.periods):
                capacities[f"resources[{j}].capacity[{t}]"] = f"{resource.capacity_at(t):g}"
    capacities["resources[0].capacity[0]"] = "12,5"
    assert "version 3" in planner.post(f"/web/s/{digne}/edit/capacities", capacities).text
    history = planner.get(f"/web/s/{digne}/history")
    assert [int(v) for v in re.findall(r'name="version" value="(\d+)"', history.text)] == [2, 1]
    restored = planner.post(f"/web/s/{digne}/restore", {"version": "1"})
    assert "Version 1 restaurée : elle devient la version 4" in restored.text
    assert (
        planner.get(f"/web/s/{digne}/scenario.json?version=4").json()
        == planner.get(f"/web/s/{digne}/scenario.json?version=1").json()
    )
    assert "12.5" in planner.get(f"/web/s/{digne}/scenario.yaml?version=3").text


def test_uploads_and_files(planner: Visitor, tmp_path: Path) -> None:
    broken = DIGNE.replace(b"effects: {deal-gassendi: 0.35}", b"effects: {deal-gasendi: 0.35}")
    page = planner.upload("broken.yaml", broken)
    assert page.status_code == 422
    assert "solutions[0].effects.deal-gasendi" in page.text and "deal-gassendi" in page.text
    wrong = planner.upload("notes.txt", b"hello")
    assert field_error(wrong.text, field_id("file")) is not None
    path = tmp_path / "digne.xlsx"
    save_scenario(SCENARIO, path)
    created = planner.post(
        "/web/scenarios", files={"file": ("digne.xlsx", path.read_bytes(), "application/zip")}
    )
    assert created.status_code == 200 and "version 1" in created.text
    template = planner.get("/web/template.xlsx")
    assert "attachment" in template.headers["content-disposition"]
    assert "Problèmes" in load_workbook(io.BytesIO(template.content)).sheetnames


def test_plan_why_not_whatif_alternatives_compare_and_documents(
    planner: Visitor, digne: str
) -> None:
    run = _solve(planner, digne)
    page = planner.get(run)
    assert "optimale (prouvée)" in page.text and 'id="plan-value">58,6<' in page.text
    for name in ("gantt", "coverage", "load", "share"):
        chart = planner.get(f"{run}/charts/{name}.svg")
        assert chart.headers["content-type"] == "image/svg+xml" and b"<svg" in chart.content
        assert chart.headers["cache-control"] == "private, max-age=3600"  # its own, kept
    left_out = re.findall(r'/why/([^"]+)">[^<]*<span class="sr-only"> — pourquoi pas', page.text)
    why = planner.get(f"{run}/why/{left_out[-1]}")
    assert why.status_code == 200 and "Pourquoi pas" in why.text
    bad = planner.post(
        f"{run}/whatif", {"capacity.resource": "pn-patrouille", "capacity.change": "x"}
    )
    assert field_error(bad.text, field_id("capacity.change")) is not None
    task = planner.start(
        f"{run}/whatif", {"capacity.resource": "pn-patrouille", "capacity.change": "-20 %"}
    )
    whatif = planner.finish(task)
    assert "Comparaison avec le plan de départ" in whatif.text and "-20%" in whatif.text
    kept = planner.post(f"{task}/save")
    assert "version 2 du scénario" in kept.text
    alternatives = planner.finish(planner.start(f"{run}/alternatives", {"count": "2"}))
    assert "alternative(s), la meilleure en premier" in alternatives.text
    second = _solve(planner, digne, "5")
    compared = planner.get(
        f"/web/s/{digne}/compare",
        params={"a": run.rsplit("/", 1)[1], "b": second.rsplit("/", 1)[1]},
    )
    assert compared.status_code == 200 and "Part sur les problèmes principaux" in compared.text
    pack = planner.get(f"{run}/pack.html")
    assert pack.headers["content-disposition"].startswith("inline")
    assert "<section id='charts'>" in pack.text and "58,6" in pack.text
    plan = planner.get(f"{run}/plan.xlsx")
    assert "Plan d'action" in load_workbook(io.BytesIO(plan.content)).sheetnames
    documents = planner.get(f"/web/s/{digne}/documents")
    assert f"{run}/pack.html" in documents.text


def test_the_meeting_cycle(planner: Visitor, digne: str) -> None:
    run = _solve(planner, digne)
    adopted = planner.post(f"{run}/adopt", {"adopt.date": "2026-03-09", "adopt.version": "0"})
    assert "Plan adopté : version 1 du suivi" in adopted.text
    index = re.search(
        r'value="suivi-plaintes"><input type="hidden" name="index" value="(\d+)"', adopted.text
    )
    assert index is not None
    entry = f"register[{index[1]}]"
    missing = planner.post(
        f"/web/s/{digne}/meeting/register",
        {
            "version": "1",
            "solution": "suivi-plaintes",
            "index": index[1],
            f"{entry}.status": "running",
        },
    )
    assert field_error(missing.text, field_id(f"{entry}.start")) == "Champ obligatoire."
    record = {"version": "1", "solution": "suivi-plaintes", "index": index[1]}
    record |= {f"{entry}.status": "running", f"{entry}.start": "09/03/2026"}
    assert "version 2 du suivi" in planner.post(f"/web/s/{digne}/meeting/register", record).text
    stale = planner.post(f"/web/s/{digne}/meeting/register", record)
    assert stale.status_code == 409 and "modifié entre-temps" in stale.text
    counts = {"version": "2", "indicators.date": "2026-03-09", "indicators.source": "MCI"}
    counts["indicators.value.deal-gassendi"] = "14"
    assert "version 3 du suivi" in planner.post(f"/web/s/{digne}/meeting/indicators", counts).text
    outside = planner.post(f"/web/s/{digne}/replan", {"replan.date": "2027-01-01"})
    assert field_error(outside.text, field_id("replan.date")) is not None
    replanned = planner.finish(
        planner.start(f"/web/s/{digne}/replan", {"replan.date": "2026-03-23"})
    )
    assert "Ce qui change et pourquoi" in replanned.text
    assert 'data-change="running"' in replanned.text and 'data-change="moved"' in replanned.text
    assert "coûterait" in replanned.text or "déplacerait" in replanned.text
    task = str(replanned.url).split("testserver", 1)[1]
    done = planner.post(f"{task}/adopt", {"adopt.note": "GPO du 23 mars"})
    assert "Plan adopté : version 4 du suivi" in done.text
    again = planner.post(f"{task}/adopt", {"adopt.note": "twice"})
    assert again.status_code == 422 and "modifié entre-temps" in again.text
    evaluation = planner.get(f"/web/s/{digne}/evaluation")
    assert evaluation.status_code == 200 and "Mise en œuvre des actions" in evaluation.text
    sheet = planner.get(f"/web/s/{digne}/meeting/sheet.xlsx?until=2026-04-06")
    assert "Registre" in load_workbook(io.BytesIO(sheet.content)).sheetnames
    uploaded = planner.post(
        f"/web/s/{digne}/meeting/upload",
        {"version": "4"},
        files={"sheet": ("suivi.xlsx", sheet.content, "application/zip")},
    )
    assert "version 5 du suivi" in uploaded.text or "version 4" in uploaded.text
    workbook = planner.get(f"/web/s/{digne}/followup.xlsx")
    assert "Indicateurs" in load_workbook(io.BytesIO(workbook.content)).sheetnames


def test_the_evaluation_shows_its_charts(planner: Visitor) -> None:
    cycle = ROOT / "scenarios" / "cycle"
    _, _, april, _ = load_variant(cycle / "avril.yaml")  # the cycle's scenario since April
    created = planner.upload("cycle.yaml", dump_scenario(april).encode("utf-8"))
    scenario_id = _scenario_id(created.url)
    followup = (cycle / "suivi-5-reunion-2026-05-04.yaml").read_bytes()
    saved = planner.post(
        f"/web/s/{scenario_id}/meeting/upload",
        {"version": "0"},
        files={"sheet": ("suivi.yaml", followup, "application/yaml")},
    )
    assert "version 1 du suivi" in saved.text
    page = planner.get(f"/web/s/{scenario_id}/evaluation?date=2026-05-04")
    assert page.text.count('class="evchart"') >= 3 and "intervalle" in page.text


def test_no_calendar_or_no_plan_never_breaks_a_page(planner: Visitor) -> None:
    undated = DIGNE.replace(b"start_date: 2026-03-09", b"")
    _, _, impossible, _ = load_variant(ROOT / "scenarios" / "variants" / "digne-impossible.yaml")
    for name, content in (
        ("sans-calendrier.yaml", undated),
        ("impossible.yaml", dump_scenario(impossible).encode("utf-8")),
    ):
        scenario_id = _scenario_id(planner.upload(name, content).url)
        run = _solve(planner, scenario_id)
        pages = [f"/web/s/{scenario_id}{tail}" for tail in ("", "/meeting", "/evaluation")]
        pages += [f"/web/s/{scenario_id}/{tail}" for tail in ("documents", "followup.xlsx")]
        pages += [run, f"{run}/pack.html", f"{run}/plan.xlsx"]
        for url in pages:
            assert planner.get(url).status_code in (200, 422), url
        forms = {
            f"{run}/alternatives": {"count": "2"},
            f"{run}/adopt": {"adopt.date": "2026-03-09"},
            f"/web/s/{scenario_id}/replan": {"replan.date": "2026-03-09"},
        }
        for url, data in forms.items():
            response = planner.post(url, data, follow_redirects=False)
            if response.status_code == 303:
                response = planner.finish(response.headers["location"])
            assert response.status_code in (200, 422), url
            assert response.status_code == 200 or "erreur(s) à corriger" in response.text, url
    assert "aucun plan n&#39;est possible" in planner.get(run).text


def test_english_on_request(planner: Visitor, digne: str) -> None:
    assert (
        "Compute the plan" in planner.get(f"/web/s/{digne}", headers={"Accept-Language": "en"}).text
    )
    planner.post("/web/lang", {"lang": "en", "next": f"/web/s/{digne}"})
    page = planner.get(f"/web/s/{digne}")
    assert '<html lang="en">' in page.text and "Compute the plan" in page.text
    assert (
        planner.post("/web/lang", {"lang": "fr", "next": "https://evil.example/"}).url.path
        == "/web/"
    )


def test_bad_input_never_gives_a_trace(planner: Visitor, digne: str) -> None:
    for url in (
        "/web/runs/nope",
        "/web/tasks/nope",
        f"/web/s/{digne}/scenario.pdf",
        f"/web/s/{digne}/scenario.yaml?version=abc",
        f"/web/s/{digne}/scenario.yaml?version=99",
        f"/web/s/{digne}/evaluation?date=31/31/2026",
        "/web/nothing-here",
    ):
        response = planner.get(url)
        assert response.status_code in (404, 422), url
        assert response.headers["content-type"].startswith("text/html")
        assert "Traceback" not in response.text
    assert planner.post(f"/web/s/{digne}/edit/unknown", {"version": "1"}).status_code == 404
    assert planner.post(f"/web/s/{digne}/restore", {"version": "x"}).status_code == 404
    garbage = planner.client.post(
        "/web/scenarios",
        content=b"--xx\r\nbroken",
        headers={"content-type": "multipart/form-data; boundary=xx"},
    )
    assert garbage.status_code in (400, 403)
    assert planner.client.get("/v1/scenarios/nope").headers["content-type"] == "application/json"


def test_the_session_secret_is_created_once_and_kept(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "store")
    with TestClient(create_app(settings)) as first:
        first.get("/web/signin")
    secret = tmp_path / "store" / SECRET_FILE
    assert secret.exists() and oct(os.stat(secret).st_mode & 0o777) == "0o600"
    kept = secret.read_text()
    with TestClient(create_app(settings)) as second:
        second.get("/web/signin")
    assert secret.read_text() == kept


def test_the_robustness_of_a_plan(planner: Visitor, digne: str) -> None:
    run = _solve(planner, digne)
    bad = planner.post(f"{run}/robustness", {"samples": "3"})
    assert field_error(bad.text, field_id("samples")) is not None
    page = planner.finish(
        planner.start(f"{run}/robustness", {"samples": "10", "uncertainty": "30"})
    )
    assert "Robustesse du plan" in page.text and "10 tirages" in page.text
    classes = re.findall(r'class="robust-(core|borderline|exterior)"', page.text)
    assert classes and "core" in classes  # the mandatory complaint follow-up is always there
