"""The web pages in a real browser: Debian's chromium, headless, driven by selenium through the
system chromedriver (no browser download), against a real uvicorn server on loopback.

The full journey (sign in, upload scenarios/digne-centre.yaml, solve, the proven optimum, a
why-not, a what-if, two runs side by side, adopt, record the follow-up, replan, the changes and
their reasons, adopt, the meeting pack), the evaluation's charts, sector isolation, CSRF and a form
error next to its field. Every page gets a basic accessibility check (labels, alternatives, one
h1, unique ids) and its screenshot is saved to docs/web/ (shown in the README). Skipped, with the
reason, when chromium, its driver or selenium is missing.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from sq_opt.io.scenarios import dump_scenario
from sq_opt.variants import load_variant
from tests.api_helpers import document
from tests.test_api_server import _cli, server

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "docs" / "web"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--lang=fr-FR",
]
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.ui import Select, WebDriverWait

    SELENIUM = True
except ImportError:  # pragma: no cover - the test extras install it
    SELENIUM = False

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER and SELENIUM),
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium "
    "chromium-driver) and selenium (pip install -e '.[test]')",
)

# A page's accessibility basics: every control labelled, every image described, one h1, a
# language, unique ids; the list of what is wrong (empty when all is well).
A11Y = """
const out = [];
if (!document.documentElement.lang) out.push('html without lang');
if (document.querySelectorAll('h1').length !== 1) out.push('h1 count');
for (const el of document.querySelectorAll('input, select, textarea')) {
  if (el.type === 'hidden') continue;
  const named = (el.labels && el.labels.length) || el.getAttribute('aria-label');
  if (!named) out.push('unlabelled ' + (el.name || el.id));
}
for (const img of document.querySelectorAll('img')) {
  if (!img.getAttribute('alt')) out.push('image without alt ' + img.src);
}
const ids = {};
for (const el of document.querySelectorAll('[id]')) {
  if (ids[el.id]) out.push('duplicate id ' + el.id);
  ids[el.id] = true;
}
return out;
"""


@dataclass
class Site:
    url: str
    planner: str
    digne: str
    manosque: str


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data_dir = tmp_path_factory.mktemp("web") / "store"
    planner = _cli(data_dir, "api-key", "create", "--all")
    digne = _cli(data_dir, "api-key", "create", "--sector", "digne-centre")
    manosque = _cli(data_dir, "api-key", "create", "--sector", "manosque-serets")
    with server(data_dir) as url:
        yield Site(url, planner, digne, manosque)


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "fr-FR,fr"})
    os.environ.setdefault("SE_OFFLINE", "true")  # selenium manager must not fetch anything
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.set_window_size(1366, 768)
    try:
        yield driver
    finally:
        driver.quit()


def wait(driver: WebDriver, condition: Callable[[WebDriver], Any], seconds: float = 90) -> Any:
    return WebDriverWait(driver, seconds, poll_frequency=0.1).until(condition)


def shot(driver: WebDriver, name: str, at: str | None = None) -> None:
    """Save a screenshot of the page (scrolled to ``at``, a CSS selector) to docs/web/."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    if at is not None:
        element = driver.find_element(By.CSS_SELECTOR, at)
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'});", element)
    else:
        driver.execute_script("window.scrollTo(0, 0);")
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def check_page(driver: WebDriver) -> None:
    """No error page, and the accessibility basics hold."""
    assert "Traceback" not in driver.page_source
    assert driver.execute_script(A11Y) == [], driver.current_url


def sign_in(driver: WebDriver, site: Site, key: str) -> None:
    driver.get(f"{site.url}/web/signin")
    driver.delete_all_cookies()
    driver.get(f"{site.url}/web/")
    wait(driver, lambda d: "/web/signin" in d.current_url)
    driver.find_element(By.NAME, "key").send_keys(key)
    driver.find_element(By.CSS_SELECTOR, "form[action='/web/signin'] button").click()
    wait(driver, lambda d: d.current_url.endswith("/web/"))


def submit(driver: WebDriver, form: str) -> None:
    driver.find_element(By.CSS_SELECTOR, f"{form} button[type='submit']").click()


def set_value(driver: WebDriver, name: str, value: str) -> None:
    """Fill a field (dates too, whatever the browser's date format)."""
    element = driver.find_element(By.NAME, name)
    driver.execute_script("arguments[0].value = arguments[1];", element, value)


def upload_scenario(driver: WebDriver, site: Site, path: Path) -> str:
    driver.get(f"{site.url}/web/")
    driver.find_element(
        By.CSS_SELECTOR, "form[action='/web/scenarios'] input[name='file']"
    ).send_keys(str(path))
    submit(driver, "form[action='/web/scenarios']")
    wait(driver, lambda d: "/web/s/" in d.current_url)
    return str(driver.current_url).rsplit("/", 1)[1]


def test_the_full_journey(browser: WebDriver, site: Site) -> None:
    driver = browser
    driver.get(f"{site.url}/web/")
    check_page(driver)
    shot(driver, "01-connexion")
    sign_in(driver, site, site.planner)
    sid = upload_scenario(driver, site, ROOT / "scenarios" / "digne-centre.yaml")
    assert "Scénario « Digne-les-Bains" in driver.page_source
    check_page(driver)
    shot(driver, "02-scenario")

    driver.get(f"{site.url}/web/s/{sid}/plan")
    submit(driver, f"form[action='/web/s/{sid}/solve']")
    wait(driver, lambda d: "/web/runs/" in d.current_url)
    run = driver.current_url
    assert driver.find_element(By.ID, "plan-value").text == "58,6"
    assert "optimale (prouvée)" in driver.page_source and "Optimum prouvé" in driver.page_source
    check_page(driver)
    loaded = (
        "const i = document.querySelector(arguments[0]); return i.complete && i.naturalWidth > 0;"
    )
    wait(driver, lambda d: d.execute_script(loaded, "img[src$='gantt.svg']"), 30)
    shot(driver, "03-plan")
    shot(driver, "04-graphiques", "#h-coverage")
    wait(driver, lambda d: d.execute_script(loaded, "img[src$='coverage.svg']"), 30)
    shot(driver, "04-graphiques", "#h-coverage")

    driver.find_element(By.CSS_SELECTOR, "#h-rejected ~ ul a").click()
    wait(driver, lambda d: "/why/" in d.current_url)
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith("Pourquoi pas")
    check_page(driver)
    shot(driver, "05-pourquoi-pas")

    driver.get(run)
    Select(driver.find_element(By.NAME, "capacity.resource")).select_by_value("pn-patrouille")
    driver.find_element(By.NAME, "capacity.change").send_keys("-40 %")
    submit(driver, "form[action$='/whatif']")
    wait(driver, lambda d: "Comparaison avec le plan de départ" in d.page_source)
    assert "Valeur : 58,6 avant, 56,5 avec ces changements." in driver.page_source
    check_page(driver)
    shot(driver, "06-et-si")

    driver.get(f"{site.url}/web/s/{sid}/plan")
    Select(driver.find_element(By.NAME, "time_limit")).select_by_value("5")
    submit(driver, f"form[action='/web/s/{sid}/solve']")
    wait(driver, lambda d: "/web/runs/" in d.current_url)
    driver.get(f"{site.url}/web/s/{sid}/plan")
    submit(driver, f"form[action='/web/s/{sid}/compare']")
    wait(driver, lambda d: "cmp-summary" in d.page_source)
    check_page(driver)
    shot(driver, "07-comparaison")

    driver.get(run)
    set_value(driver, "adopt.note", "GPO du 9 mars : plan adopté")
    submit(driver, "form[action$='/adopt']")
    wait(driver, lambda d: "/meeting" in d.current_url)
    assert "Plan adopté : version 1 du suivi" in driver.page_source
    check_page(driver)
    shot(driver, "08-reunion")

    entry = driver.find_element(
        By.XPATH, "//details[.//input[@name='solution' and @value='suivi-plaintes']]"
    )
    entry.find_element(By.TAG_NAME, "summary").click()
    Select(entry.find_element(By.CSS_SELECTOR, "select[name$='.status']")).select_by_value(
        "running"
    )
    entry.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    wait(driver, lambda d: "version 2 du suivi" in d.page_source)
    set_value(driver, "indicators.date", "2026-03-09")
    driver.find_element(By.NAME, "indicators.value.deal-gassendi").send_keys("14")
    driver.find_element(By.NAME, "indicators.source").send_keys("main courante")
    submit(driver, "form[action$='/meeting/indicators']")
    wait(driver, lambda d: "version 3 du suivi" in d.page_source)

    set_value(driver, "replan.date", "2026-03-23")
    submit(driver, f"form[action='/web/s/{sid}/replan']")
    wait(driver, lambda d: "/web/tasks/" in d.current_url)
    if driver.find_elements(By.CSS_SELECTOR, "[data-progress]"):
        check_page(driver)
        shot(driver, "09-calcul-en-cours")
    wait(driver, lambda d: d.find_elements(By.ID, "changes"))
    moved = driver.find_elements(By.CSS_SELECTOR, "tr[data-change='moved'] td:last-child")
    assert moved and all(cell.text not in ("", "—") for cell in moved)  # every move says why
    assert driver.find_elements(By.CSS_SELECTOR, "tr[data-change='running']")
    check_page(driver)
    shot(driver, "10-replanification", "#h-changes")

    set_value(driver, "adopt.note", "GPO du 23 mars")
    submit(driver, "form[action$='/adopt']")
    wait(driver, lambda d: "/meeting" in d.current_url)
    assert "Plan adopté : version 4 du suivi" in driver.page_source

    driver.get(f"{run}/pack.html")
    assert driver.find_elements(By.CSS_SELECTOR, "section#charts svg")
    shot(driver, "11-dossier")
    driver.get(f"{site.url}/web/s/{sid}/documents")
    check_page(driver)

    driver.set_window_size(820, 1180)  # a tablet, portrait
    try:
        driver.get(run)
        width = "return document.documentElement.scrollWidth <= window.innerWidth + 1;"
        assert driver.execute_script(width)
        shot(driver, "12-tablette")
    finally:
        driver.set_window_size(1366, 768)


def test_the_evaluation_and_its_charts(browser: WebDriver, site: Site, tmp_path: Path) -> None:
    driver = browser
    sign_in(driver, site, site.planner)
    cycle = ROOT / "scenarios" / "cycle"
    _, _, april, _ = load_variant(cycle / "avril.yaml")
    path = tmp_path / "digne-cycle-avril.yaml"
    path.write_text(dump_scenario(april), encoding="utf-8")
    sid = upload_scenario(driver, site, path)
    driver.get(f"{site.url}/web/s/{sid}/meeting")
    driver.find_element(By.NAME, "sheet").send_keys(str(cycle / "suivi-5-reunion-2026-05-04.yaml"))
    submit(driver, "form[action$='/meeting/upload']")
    wait(driver, lambda d: "version 1 du suivi" in d.page_source)
    driver.get(f"{site.url}/web/s/{sid}/evaluation?date=2026-05-04")
    assert len(driver.find_elements(By.CSS_SELECTOR, "svg.evchart")) >= 3
    check_page(driver)
    shot(driver, "13-evaluation", "#h-outcomes")
    shot(driver, "14-evaluation-graphique", "figure.chart")


def test_a_sector_key_cannot_open_another_sectors_pages(browser: WebDriver, site: Site) -> None:
    headers = {"Authorization": f"Bearer {site.planner}"}
    body = document("manosque-serets.yaml")
    created = httpx.post(f"{site.url}/v1/scenarios", json=body, headers=headers, timeout=30)
    sid = created.json()["id"]
    run = httpx.post(
        f"{site.url}/v1/scenarios/{sid}/solve", json={"time_limit": 10}, headers=headers, timeout=90
    ).json()["id"]
    driver = browser
    sign_in(driver, site, site.digne)
    assert "Manosque" not in driver.page_source
    for url in (
        f"/web/s/{sid}",
        f"/web/s/{sid}/meeting",
        f"/web/s/{sid}/scenario.xlsx",
        f"/web/runs/{run}",
        f"/web/runs/{run}/pack.html",
    ):
        driver.get(site.url + url)
        assert driver.title.startswith("Page introuvable"), url
        assert "Manosque" not in driver.page_source
    shot(driver, "15-autre-secteur")
    sign_in(driver, site, site.manosque)
    driver.get(f"{site.url}/web/s/{sid}")
    assert driver.title.startswith("Manosque")


def test_the_keyboard_alone_is_enough(browser: WebDriver, site: Site) -> None:
    driver = browser
    driver.get(f"{site.url}/web/signin")
    driver.delete_all_cookies()
    driver.get(f"{site.url}/web/signin")
    driver.switch_to.active_element.send_keys(site.planner + Keys.ENTER)  # the key field has focus
    wait(driver, lambda d: d.current_url.endswith("/web/"))
    ActionChains(driver).send_keys(Keys.TAB).perform()
    assert driver.switch_to.active_element.get_attribute("class") == "skip"
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert driver.switch_to.active_element.get_attribute("id") == "main"
    sid = upload_scenario(driver, site, ROOT / "scenarios" / "digne-centre.yaml")
    driver.get(f"{site.url}/web/s/{sid}/meeting")
    summary = driver.find_element(By.CSS_SELECTOR, "#register details summary")
    while driver.switch_to.active_element != summary:
        ActionChains(driver).send_keys(Keys.TAB).perform()
    ActionChains(driver).send_keys(Keys.ENTER).perform()  # opens the new-entry form
    ActionChains(driver).send_keys(Keys.TAB).perform()
    assert driver.switch_to.active_element.get_attribute("name") == "solution"
    add = driver.find_element(By.CSS_SELECTOR, "#register details form button[type='submit']")
    for _ in range(40):
        if driver.switch_to.active_element == add:
            break
        ActionChains(driver).send_keys(Keys.TAB).perform()
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    wait(driver, lambda d: "version 1 du suivi" in d.page_source)


def test_a_form_posted_without_its_token_is_refused(browser: WebDriver, site: Site) -> None:
    driver = browser
    sign_in(driver, site, site.planner)
    form = "form[action='/web/scenarios']"
    driver.execute_script(f"document.querySelector(\"{form} input[name='csrf']\").remove();")
    driver.find_element(By.CSS_SELECTOR, f"{form} input[name='file']").send_keys(
        str(ROOT / "scenarios" / "digne-centre.yaml")
    )
    submit(driver, form)
    wait(driver, lambda d: d.title.startswith("Accès refusé"))
    assert "jeton de sécurité" in driver.page_source


def test_a_form_error_is_shown_next_to_its_field(browser: WebDriver, site: Site) -> None:
    driver = browser
    sign_in(driver, site, site.planner)
    sid = upload_scenario(driver, site, ROOT / "scenarios" / "digne-centre.yaml")
    driver.get(f"{site.url}/web/s/{sid}/edit")
    priority = driver.find_element(By.NAME, "problems[0].priority")
    priority.clear()
    priority.send_keys("9")
    target = driver.find_element(By.NAME, "problems[1].min_coverage")
    target.clear()
    target.send_keys("cent")
    submit(driver, "form[action$='/edit/problems']")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".error"))
    for name, message in (
        ("problems[0].priority", "Doit être au plus 5."),
        ("problems[1].min_coverage", "Nombre attendu, reçu « cent »."),
    ):
        field = driver.find_element(By.NAME, name)
        assert field.get_attribute("aria-invalid") == "true"
        assert field.get_attribute("value") in ("9", "cent")  # the input is kept
        error = driver.find_element(By.ID, str(field.get_attribute("aria-describedby")))
        assert error.text.endswith(message)
        same_cell = "return arguments[0].closest('td').contains(arguments[1]);"
        assert driver.execute_script(same_cell, field, error)  # next to the field
    summary = driver.find_element(By.ID, "errors")
    assert "2 erreur(s) à corriger" in summary.text
    check_page(driver)
    shot(driver, "16-erreur-formulaire", "#errors")
    versions = json.loads(
        httpx.get(
            f"{site.url}/v1/scenarios/{sid}/versions",
            headers={"Authorization": f"Bearer {site.planner}"},
            timeout=10,
        ).text
    )
    assert len(versions) == 1  # nothing saved
