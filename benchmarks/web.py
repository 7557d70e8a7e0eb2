"""Web pages: page load and time-to-plan on the default scenario, against a real server.

    python -m benchmarks.web [--runs 5] [--browser]

Starts ``sq-opt serve`` on a free loopback port with a fresh data directory, creates a planner
key, signs in like a browser (session cookie, CSRF token) and uploads scenarios/digne-centre.yaml.
Then, over HTTP (httpx, one keep-alive connection):

- page load: each page fetched ``--runs`` times, median time to the last byte and size;
- time-to-plan: "Calculer le plan" posted, the task's progress polled every 50 ms until done,
  then the plan page and its four charts fetched (each run is a new run: its charts are drawn
  afresh), ``--runs`` times.

With ``--browser`` (Debian's chromium and chromedriver, selenium), the same in headless Chromium:
the Navigation Timing of each page (DOMContentLoaded and load, all its resources included) and the
time from the click on "Calculer le plan" to the plan shown with its Gantt chart drawn.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from benchmarks.server import local_server

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "scenarios" / "digne-centre.yaml"
CHARTS = ("gantt", "coverage", "load", "share")


@contextmanager
def serve(data_dir: Path) -> Iterator[tuple[str, str]]:
    """A server on loopback and a planner key for it."""
    with local_server(data_dir, quiet=True) as server:
        yield server.url, server.key


def _token(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found[1]


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def sign_in(client: httpx.Client, key: str) -> str:
    csrf = _token(client.get("/web/signin").text)
    page = client.post("/web/signin", data={"csrf": csrf, "key": key}, follow_redirects=True)
    return _token(page.text)


def solve_once(client: httpx.Client, csrf: str, scenario_id: str) -> tuple[float, float, str]:
    """Seconds until the task is done, then until the plan and its charts are fetched; the run."""
    started = time.perf_counter()
    task = client.post(
        f"/web/s/{scenario_id}/solve", data={"csrf": csrf, "time_limit": "10"}
    ).headers["location"]
    while not client.get(f"{task}/progress").json()["done"]:
        time.sleep(0.05)
    solved = time.perf_counter()
    page = client.get(task, follow_redirects=True)
    run = str(page.url.path)
    for name in CHARTS:
        client.get(f"{run}/charts/{name}.svg").raise_for_status()
    return solved - started, time.perf_counter() - started, run


def median(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} ms"


def http_figures(url: str, key: str, runs: int) -> tuple[list[str], str]:
    """Page loads and time-to-plan over HTTP (Markdown lines), and the scenario id."""
    with httpx.Client(base_url=url, timeout=120) as client:
        csrf = sign_in(client, key)
        created = client.post(
            "/web/scenarios",
            data={"csrf": csrf},
            files={"file": (DEFAULT.name, DEFAULT.read_bytes(), "application/yaml")},
            follow_redirects=True,
        )
        scenario_id = str(created.url.path).rsplit("/", 1)[1]
        solved, planned = [], []
        run = ""
        for _ in range(runs):
            done, shown, run = solve_once(client, csrf, scenario_id)
            solved.append(done)
            planned.append(shown)
        client.post(f"{run}/adopt", data={"csrf": csrf, "adopt.date": "2026-03-09"})
        why = re.findall(r"/why/([^\"]+)\">[^<]*<span", client.get(run).text)[-1]
        pages = {
            "scenario list": "/web/",
            "scenario": f"/web/s/{scenario_id}",
            "edit (forms)": f"/web/s/{scenario_id}/edit",
            "plan (run, charts apart)": run,
            "why not": f"{run}/why/{why}",
            "meeting": f"/web/s/{scenario_id}/meeting",
            "evaluation": f"/web/s/{scenario_id}/evaluation",
            "meeting pack": f"{run}/pack.html",
            "Gantt chart (SVG)": f"{run}/charts/gantt.svg",
        }
        lines = ["| page | median | size |", "|---|---|---|"]
        for label, path in pages.items():
            client.get(path)  # drawn once (charts, pack) before timing
            times, size = [], 0
            for _ in range(runs):
                seconds, response = timed(lambda p=path: client.get(p))  # type: ignore[misc]
                times.append(seconds)
                size = len(response.content)
            lines.append(f"| {label} | {median(times)} | {size / 1024:.0f} KiB |")
        lines += [
            "",
            f"time-to-plan over HTTP ({runs} runs): solve done in {median(solved)} (median), "
            f"plan page and its four charts fetched {median(planned)} after the click "
            f"(min {min(planned) * 1000:.0f} ms, max {max(planned) * 1000:.0f} ms)",
        ]
        return lines, scenario_id


def browser_figures(url: str, key: str, scenario_id: str, runs: int) -> list[str]:
    """Navigation Timing and time-to-plan in headless Chromium."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--lang=fr-FR",
    ]:
        options.add_argument(flag)
    os.environ.setdefault("SE_OFFLINE", "true")
    driver = webdriver.Chrome(
        service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options
    )
    driver.set_window_size(1366, 768)
    timing = (
        "const t = performance.getEntriesByType('navigation')[0];"
        "return [t.domContentLoadedEventEnd, t.loadEventEnd];"
    )
    gantt = "const i = document.querySelector(\"img[src$='gantt.svg']\"); return i && i.complete && i.naturalWidth > 0;"
    try:
        driver.get(f"{url}/web/signin")
        driver.find_element(By.NAME, "key").send_keys(key)
        driver.find_element(By.CSS_SELECTOR, "form[action='/web/signin'] button").click()
        WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith("/web/"))
        plans = []
        for _ in range(runs):
            driver.get(f"{url}/web/s/{scenario_id}/plan")
            started = time.perf_counter()
            driver.find_element(By.CSS_SELECTOR, "form[action$='/solve'] button").click()
            WebDriverWait(driver, 120, 0.02).until(lambda d: "/web/runs/" in d.current_url)
            WebDriverWait(driver, 60, 0.02).until(lambda d: d.execute_script(gantt))
            plans.append(time.perf_counter() - started)
        run = driver.current_url
        lines = ["| page (Chromium) | DOMContentLoaded | load |", "|---|---|---|"]
        for label, path in (
            ("scenario", f"/web/s/{scenario_id}"),
            ("edit (forms)", f"/web/s/{scenario_id}/edit"),
            ("plan with its charts", run.split(url, 1)[1]),
            ("meeting", f"/web/s/{scenario_id}/meeting"),
        ):
            ready, loaded = [], []
            for _ in range(runs):
                driver.get(url + path)
                WebDriverWait(driver, 60).until(
                    lambda d: d.execute_script("return document.readyState") == "complete"
                )
                dom, load = driver.execute_script(timing)
                ready.append(dom / 1000)
                loaded.append(load / 1000)
            lines.append(f"| {label} | {median(ready)} | {median(loaded)} |")
        lines += [
            "",
            f"time-to-plan in Chromium ({runs} runs): click on « Calculer le plan » to the plan "
            f"page shown with its Gantt chart drawn: {median(plans)} (median; min "
            f"{min(plans) * 1000:.0f} ms, max {max(plans) * 1000:.0f} ms)",
        ]
        return lines
    finally:
        driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each measure")
    parser.add_argument("--browser", action="store_true", help="also measure in headless Chromium")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="sq-opt-bench-web-") as folder,
        serve(Path(folder) / "store") as (url, key),
    ):
        lines, scenario_id = http_figures(url, key, args.runs)
        print("\n".join(lines))
        if args.browser:
            print()
            print("\n".join(browser_figures(url, key, scenario_id, args.runs)))


if __name__ == "__main__":
    main()
