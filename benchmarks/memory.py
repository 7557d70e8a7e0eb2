"""The server's memory across many solves: RSS of the server process, and the proportional set
size (PSS) of its whole process tree (forkserver and solver processes included), after each solve.

    python -m benchmarks.memory --solves 100 --size large --time-limit 10 [--threads]

``--size large`` is the largest scenario the default settings accept (body under 2 MB, model
under ``SQ_OPT_MAX_MODEL_SIZE`` terms); ``default`` is ``scenarios/digne-centre.yaml``.
``--threads`` runs the solves in threads of the server process (``SQ_OPT_SOLVE_PROCESSES=false``),
as before solver processes, to compare. Linux only (reads ``/proc``).
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from pathlib import Path
from typing import Any

import httpx
import yaml

from benchmarks.server import local_server

ROOT = Path(__file__).resolve().parents[1]


def large_scenario(
    solutions: int = 3000, relations: int = 6000, periods: int = 12, seed: int = 0
) -> dict[str, Any]:
    """A scenario at the size limits of a default server (see the module docstring)."""
    rng = random.Random(seed)
    problems = max(1, solutions // 6)
    resources: list[dict[str, Any]] = [
        {"id": f"r{k}", "capacity": [rng.randint(20, 60) for _ in range(periods)]}
        for k in range(20)
    ]
    resources.append({"id": "budget", "capacity": 100_000, "per": "horizon"})
    items = []
    for k in range(solutions):
        effects = {
            f"p{j}": rng.choice([0.05, 0.1, 0.2, 0.3]) for j in rng.sample(range(problems), 2)
        }
        demand = {f"r{rng.randrange(20)}": rng.randint(1, 10), "budget": rng.randint(100, 2000)}
        items.append({"id": f"s{k}", "effects": effects, "demand": demand, "duration": 2})
    links: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    while len(links) < relations:
        a, b = sorted(rng.sample(range(solutions), 2))
        if (a, b) in seen:
            continue
        seen.add((a, b))
        kind = rng.choice(["conflict", "requires", "not_concurrent", "precedes"])
        links.append({"kind": kind, "between": [f"s{a}", f"s{b}"]})
    return {
        "name": f"large #{seed}",
        "horizon": {"periods": periods},
        "resources": resources,
        "problems": [{"id": f"p{k}", "priority": rng.randint(1, 5)} for k in range(problems)],
        "solutions": items,
        "relations": links,
    }


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo += children.get(current, [])
    return out


def _kb(path: str, field: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def memory(pid: int) -> tuple[float, float]:
    """(RSS of ``pid``, PSS of its process tree), in MB."""
    rss = _kb(f"/proc/{pid}/status", "VmRSS:")
    pss = sum(_kb(f"/proc/{p}/smaps_rollup", "Pss:") for p in _tree(pid))
    return rss / 1024, pss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--solves", type=int, default=100)
    parser.add_argument("--size", choices=["large", "default"], default="large")
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--threads", action="store_true", help="solves in threads (as before)")
    parser.add_argument("-o", "--output", help="write the figures as JSON")
    args = parser.parse_args()
    if args.size == "large":
        scenario = large_scenario()
    else:
        text = (ROOT / "scenarios" / "digne-centre.yaml").read_text(encoding="utf-8")
        scenario = json.loads(json.dumps(yaml.safe_load(text), default=str))
    env = {"SQ_OPT_SOLVE_PROCESSES": "false"} if args.threads else {}
    with tempfile.TemporaryDirectory() as folder, local_server(Path(folder), env) as server:
        url, headers = server.url, server.headers
        rss, pss = memory(server.pid)
        rows: list[dict[str, Any]] = [
            {"solve": 0, "status": "-", "rss_mb": rss, "tree_pss_mb": pss}
        ]
        body = {"scenario": scenario, "options": {"time_limit": args.time_limit}}
        for k in range(1, args.solves + 1):
            answer = httpx.post(f"{url}/v1/solve", json=body, headers=headers, timeout=600)
            status = answer.json().get("status", answer.status_code)
            rss, pss = memory(server.pid)
            rows.append({"solve": k, "status": status, "rss_mb": rss, "tree_pss_mb": pss})
            print(f"{k:4d} {status!s:10} server RSS {rss:7.1f} MB  tree PSS {pss:7.1f} MB")
    peak = max(float(r["tree_pss_mb"]) for r in rows)
    print(
        f"after {args.solves}: server RSS {rows[-1]['rss_mb']:.1f} MB, tree PSS "
        f"{rows[-1]['tree_pss_mb']:.1f} MB (peak {peak:.1f} MB)"
    )
    if args.output:
        Path(args.output).write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
