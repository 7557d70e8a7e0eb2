"""Scenarios as spreadsheets: an .xlsx workbook or a folder of CSV files, with French sheet names.

Sheets (one table each, first row = headers): Scénario, Partenaires, Ressources, Capacités,
Problèmes, Solutions, Effets, Demandes, Relations, Politique. The conversion is lossless: a
scenario written and read back is the same scenario. Reading reports every error with its sheet,
row and column (as well as the contract path).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from models.issues import Issue, ScenarioError
from models.scenario import Scenario
from sq_opt.io.scenarios import parse_scenario

Cell = tuple[str, int, str | None]  # sheet, spreadsheet row (1 = headers), column

# sheet -> [(column, contract field, kind)]; kinds: str, int, float, bool, list, date
SCHEMA: dict[str, list[tuple[str, str, str]]] = {
    "Partenaires": [("id", "id", "str"), ("nom", "name", "str"), ("type", "kind", "str")],
    "Ressources": [
        ("id", "id", "str"),
        ("nom", "name", "str"),
        ("unité", "unit", "str"),
        ("propriétaire", "owner", "str"),
        ("par", "per", "str"),
        ("capacité", "capacity", "float"),
    ],
    "Capacités": [
        ("ressource", "resource", "str"),
        ("période", "period", "int"),
        ("capacité", "capacity", "float"),
    ],
    "Problèmes": [
        ("id", "id", "str"),
        ("titre", "title", "str"),
        ("catégorie", "category", "str"),
        ("secteur", "sector", "str"),
        ("priorité", "priority", "int"),
        ("poids", "weight", "float"),
        ("principal", "main", "bool"),
        ("couverture_min", "min_coverage", "float"),
        ("notes", "notes", "str"),
    ],
    "Solutions": [
        ("id", "id", "str"),
        ("titre", "title", "str"),
        ("secteur", "sector", "str"),
        ("pilote", "lead", "str"),
        ("partenaires", "partners", "list"),
        ("durée", "duration", "int"),
        ("début_au_plus_tôt", "earliest_start", "int"),
        ("fin_au_plus_tard", "latest_end", "int"),
        ("obligatoire", "mandatory", "bool"),
        ("exclue", "excluded", "bool"),
        ("notes", "notes", "str"),
    ],
    "Effets": [
        ("solution", "solution", "str"),
        ("problème", "problem", "str"),
        ("effet", "effect", "float"),
    ],
    "Demandes": [
        ("solution", "solution", "str"),
        ("ressource", "resource", "str"),
        ("demande", "demand", "float"),
    ],
    "Relations": [
        ("type", "kind", "str"),
        ("a", "a", "str"),
        ("b", "b", "str"),
        ("gain", "gain", "float"),
        ("perte", "loss", "float"),
        ("problèmes", "problems", "list"),
        ("raison", "reason", "str"),
    ],
}
KEY_VALUE: dict[str, list[tuple[str, str, str]]] = {
    "Scénario": [
        ("nom", "name", "str"),
        ("description", "description", "str"),
        ("secteur.id", "sector.id", "str"),
        ("secteur.nom", "sector.name", "str"),
        ("horizon.périodes", "horizon.periods", "int"),
        ("horizon.jours_par_période", "horizon.period_days", "int"),
        ("horizon.début", "horizon.start_date", "date"),
    ],
    "Politique": [
        ("priorité_principale", "main_priority", "int"),
        ("objectif", "objective", "str"),
        ("part_principale_min", "min_main_share", "float"),
        ("problèmes_max", "max_problems", "int"),
    ],
}
SHEETS = [
    "Scénario",
    "Partenaires",
    "Ressources",
    "Capacités",
    "Problèmes",
    "Solutions",
    "Effets",
    "Demandes",
    "Relations",
    "Politique",
]
TRUE = {"oui", "vrai", "true", "1", "yes", "x"}
FALSE = {"non", "faux", "false", "0", "no"}


class _Bad(ValueError):
    pass


def _empty(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or (isinstance(value, str) and not value.strip())
    )


def _convert(value: Any, kind: str) -> Any:
    """A cell's value as the contract expects it (CSV cells are text, xlsx cells typed)."""
    if kind == "str":
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()
    if kind == "list":
        return [part.strip() for part in str(value).split(",") if part.strip()]
    if kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise _Bad("oui ou non attendu")
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value).strip()[:10]
    try:
        number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise _Bad("nombre attendu") from None
    if kind == "int":
        if not number.is_integer():
            raise _Bad("entier attendu")
        return int(number)
    return int(number) if number.is_integer() and isinstance(value, int) else number


@dataclass
class _Reader:
    """Builds the scenario document and remembers where every value came from."""

    tables: dict[str, pd.DataFrame]
    source: str

    def __post_init__(self) -> None:
        self.where: dict[str, Cell] = {}
        self.issues: list[Issue] = []

    def rows(self, sheet: str) -> list[tuple[int, dict[str, Any]]]:
        frame = self.tables.get(sheet)
        if frame is None:
            return []
        columns = {c for c, _, _ in SCHEMA.get(sheet, [])} or {"clé", "valeur"}
        for column in frame.columns:
            if str(column) not in columns and not str(column).startswith("Unnamed"):
                self.issues.append(Issue(f"{sheet}, colonne « {column} »", "extra_forbidden", {}))
        out: list[tuple[int, dict[str, Any]]] = []
        for index, record in enumerate(frame.to_dict(orient="records")):
            if all(_empty(v) for v in record.values()):
                continue
            out.append((index + 2, {str(k): v for k, v in record.items()}))
        return out

    def cell(
        self, sheet: str, row: int, column: str, kind: str, record: dict[str, Any], path: str
    ) -> Any:
        value = record.get(column)
        self.where[path] = (sheet, row, column)
        if _empty(value):
            return None
        try:
            return _convert(value, kind)
        except _Bad as err:
            self.issues.append(Issue(path, "invalid", {"detail": f"{err} : {value!r}"}))
            return None

    def fill(self, target: dict[str, Any], key: str, value: Any) -> None:
        if value is not None:
            target[key] = value

    def key_values(self, sheet: str, data: dict[str, Any], prefix: str = "") -> None:
        spec = {c: (f, k) for c, f, k in KEY_VALUE[sheet]}
        for row, record in self.rows(sheet):
            key = str(record.get("clé", "")).strip()
            if key not in spec:
                self.issues.append(Issue(f"{prefix}{key}", "extra_forbidden", {}))
                self.where[f"{prefix}{key}"] = (sheet, row, "clé")
                continue
            field, kind = spec[key]
            value = self.cell(sheet, row, "valeur", kind, record, prefix + field)
            if value is None:
                continue
            node = data
            *parents, last = (prefix + field).split(".")
            for part in parents:
                node = node.setdefault(part, {})
            node[last] = value

    def items(self, sheet: str, name: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for row, record in self.rows(sheet):
            item: dict[str, Any] = {}
            for column, field, kind in SCHEMA[sheet]:
                self.fill(
                    item,
                    field,
                    self.cell(sheet, row, column, kind, record, f"{name}[{len(out)}].{field}"),
                )
            self.where[f"{name}[{len(out)}]"] = (sheet, row, None)
            out.append(item)
        return out

    def document(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        self.key_values("Scénario", data)
        data["partners"] = self.items("Partenaires", "partners")
        data["resources"] = self.items("Ressources", "resources")
        index = {r.get("id"): k for k, r in enumerate(data["resources"])}
        lists: dict[str, dict[int, float]] = {}
        for row, record in self.rows("Capacités"):
            rid = self.cell("Capacités", row, "ressource", "str", record, "_")
            period = self.cell("Capacités", row, "période", "int", record, "_")
            value = self.cell("Capacités", row, "capacité", "float", record, "_")
            if rid not in index:
                self.where["_"] = ("Capacités", row, "ressource")
                self.issues.append(Issue("_", "unknown_resource", {"id": rid}))
                continue
            if period is not None and value is not None:
                lists.setdefault(rid, {})[period] = value
                self.where[f"resources[{index[rid]}].capacity[{period}]"] = (
                    "Capacités",
                    row,
                    "capacité",
                )
        for rid, values in lists.items():
            k = index[rid]
            data["resources"][k]["capacity"] = [
                values.get(t, math.nan) for t in range(max(values) + 1)
            ]
            self.where[f"resources[{k}].capacity"] = self.where[
                f"resources[{k}].capacity[{min(values)}]"
            ]
        data["problems"] = self.items("Problèmes", "problems")
        data["solutions"] = self.items("Solutions", "solutions")
        by_id = {s.get("id"): (k, s) for k, s in enumerate(data["solutions"])}
        for sheet, field, column in (
            ("Effets", "effects", "problème"),
            ("Demandes", "demand", "ressource"),
        ):
            amount = SCHEMA[sheet][2][0]
            for row, record in self.rows(sheet):
                sid = self.cell(sheet, row, "solution", "str", record, "_")
                key = self.cell(sheet, row, column, "str", record, "_")
                value = self.cell(sheet, row, amount, "float", record, "_")
                if sid not in by_id:
                    self.where["_"] = (sheet, row, "solution")
                    self.issues.append(Issue("_", "unknown_solution", {"id": sid}))
                    continue
                k, solution = by_id[sid]
                solution.setdefault(field, {})[key] = value
                self.where[f"solutions[{k}].{field}.{key}"] = (sheet, row, amount)
        relations: list[dict[str, Any]] = []
        for row, record in self.rows("Relations"):
            path = f"relations[{len(relations)}]"
            item: dict[str, Any] = {}
            for column, field, kind in SCHEMA["Relations"]:
                self.fill(
                    item,
                    field,
                    self.cell("Relations", row, column, kind, record, f"{path}.{field}"),
                )
            item["between"] = [item.pop("a", None), item.pop("b", None)]
            self.where[f"{path}.between[0]"] = ("Relations", row, "a")
            self.where[f"{path}.between[1]"] = ("Relations", row, "b")
            self.where[f"{path}.between"] = ("Relations", row, "a")
            self.where[path] = ("Relations", row, None)
            relations.append(item)
        data["relations"] = relations
        policy: dict[str, Any] = {}
        self.key_values("Politique", policy)
        if policy:
            data["policy"] = policy
            for key in list(self.where):
                if key in {f for _, f, _ in KEY_VALUE["Politique"]}:
                    self.where[f"policy.{key}"] = self.where.pop(key)
        return data

    def locate(self, issue: Issue) -> Issue:
        """The issue with its sheet, row and column in front of the contract path."""
        path = issue.path
        probe = path
        while probe and probe not in self.where:
            probe = (
                probe.rsplit(".", 1)[0]
                if "." in probe
                else (probe.rsplit("[", 1)[0] if "[" in probe else "")
            )
        if not probe:
            return issue
        sheet, row, column = self.where[probe]
        if issue.code in ("unknown_problem", "unknown_resource") and sheet in (
            "Effets",
            "Demandes",
        ):
            column = "problème" if sheet == "Effets" else "ressource"
        if issue.code in ("relation_kind", "relation_kind_missing"):
            column = "type"
        place = f"feuille « {sheet} », ligne {row}" + (f", colonne « {column} »" if column else "")
        shown = f"{place} ({path})" if path != "_" else place
        return Issue(shown, issue.code, issue.params)


def _read_tables(tables: dict[str, pd.DataFrame], source: str) -> Scenario:
    reader = _Reader(tables, source)
    data = reader.document()
    issues = [reader.locate(i) for i in reader.issues]
    try:
        scenario = parse_scenario(data, source)
    except ScenarioError as err:
        raise ScenarioError(issues + [reader.locate(i) for i in err.issues], source) from None
    if issues:
        raise ScenarioError(issues, source)
    return scenario


def read_xlsx(path: str | Path) -> Scenario:
    """A scenario from an .xlsx workbook."""
    try:
        tables = pd.read_excel(path, sheet_name=None, dtype=object, engine="openpyxl")
    except (OSError, ValueError, KeyError) as err:
        raise ScenarioError(
            [Issue("", "file_unreadable", {"file": str(path), "detail": str(err)})], str(path)
        ) from None
    return _read_tables({str(k): v for k, v in tables.items()}, str(path))


def read_csv_folder(path: str | Path) -> Scenario:
    """A scenario from a folder of CSV files named after the sheets (Problèmes.csv...)."""
    folder = Path(path)
    tables = {}
    for sheet in SHEETS:
        file = folder / f"{sheet}.csv"
        if file.is_file():
            tables[sheet] = pd.read_csv(file, dtype=str, keep_default_na=False, na_values=[""])
    if not tables:
        raise ScenarioError([Issue("", "file_not_found", {"file": f"{folder}/*.csv"})], str(folder))
    return _read_tables(tables, str(folder))


def scenario_tables(scenario: Scenario) -> dict[str, pd.DataFrame]:
    """The scenario as one DataFrame per sheet (only what the user gave)."""
    data = scenario.model_dump(mode="json", exclude_unset=True)

    def key_values(sheet: str, source: dict[str, Any]) -> pd.DataFrame:
        rows = []
        for column, field, _ in KEY_VALUE[sheet]:
            node: Any = source
            for part in field.split("."):
                node = node.get(part) if isinstance(node, dict) else None
            if node is not None:
                rows.append({"clé": column, "valeur": node})
        return pd.DataFrame(rows, columns=["clé", "valeur"])

    def table(
        sheet: str,
        items: list[dict[str, Any]],
        convert: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    ) -> pd.DataFrame:
        rows = []
        for item in items:
            item = convert(item) if convert else item
            row = {}
            for column, field, kind in SCHEMA[sheet]:
                value = item.get(field)
                row[column] = ", ".join(value) if kind == "list" and value is not None else value
            rows.append(row)
        return pd.DataFrame(rows, columns=[c for c, _, _ in SCHEMA[sheet]], dtype=object)

    capacities = []
    resources = []
    for resource in data["resources"]:
        if isinstance(resource["capacity"], list):
            capacities += [
                {"ressource": resource["id"], "période": t, "capacité": c}
                for t, c in enumerate(resource["capacity"])
            ]
            resource = {k: v for k, v in resource.items() if k != "capacity"}
        resources.append(resource)
    effects = [
        {"solution": s["id"], "problem": p, "effect": v}
        for s in data["solutions"]
        for p, v in s.get("effects", {}).items()
    ]
    demands = [
        {"solution": s["id"], "resource": r, "demand": v}
        for s in data["solutions"]
        for r, v in s.get("demand", {}).items()
    ]
    relations = [
        {**r, "a": r["between"][0], "b": r["between"][1]} for r in data.get("relations", [])
    ]
    return {
        "Scénario": key_values("Scénario", data),
        "Partenaires": table("Partenaires", data.get("partners", [])),
        "Ressources": table("Ressources", resources),
        "Capacités": pd.DataFrame(
            capacities, columns=["ressource", "période", "capacité"], dtype=object
        ),
        "Problèmes": table("Problèmes", data["problems"]),
        "Solutions": table("Solutions", data["solutions"]),
        "Effets": table("Effets", effects),
        "Demandes": table("Demandes", demands),
        "Relations": table("Relations", relations),
        "Politique": key_values("Politique", data.get("policy", {})),
    }


def write_xlsx(scenario: Scenario, path: str | Path) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for sheet, frame in scenario_tables(scenario).items():
            frame.to_excel(writer, sheet_name=sheet, index=False)


def write_csv_folder(scenario: Scenario, path: str | Path) -> None:
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    for sheet, frame in scenario_tables(scenario).items():
        frame.to_csv(folder / f"{sheet}.csv", index=False)


def strategy_tables(scenario: Scenario, strategy: Any, lang: str = "fr") -> dict[str, pd.DataFrame]:
    """A strategy as sheets: action plan (with dates), schedule by period, coverage, resource load."""
    horizon = scenario.horizon

    def day(period: int) -> str | None:
        start = horizon.period_start(period)
        return None if start is None else start.isoformat()

    def last_day(period: int) -> str | None:
        start = horizon.period_start(period)
        return None if start is None else (start - dt.timedelta(days=1)).isoformat()

    plan = pd.DataFrame(
        [
            {
                "solution": a.solution,
                "intitulé": a.title or a.solution,
                "pilote": scenario.partner_label(a.lead),
                "partenaires": ", ".join(
                    scenario.partner_label(p) for p in scenario.solution_index[a.solution].partners
                ),
                "période_début": a.start,
                "période_fin": a.end - 1,
                "du": day(a.start),
                "au": last_day(a.end),
            }
            for a in strategy.actions
        ],
        columns=[
            "solution",
            "intitulé",
            "pilote",
            "partenaires",
            "période_début",
            "période_fin",
            "du",
            "au",
        ],
    )
    schedule = pd.DataFrame(
        [
            {
                "période": t,
                "du": day(t),
                "au": last_day(t + 1),
                "actions en cours": ", ".join(
                    a.solution for a in strategy.actions if a.start <= t < a.end
                ),
                "actions lancées": ", ".join(a.solution for a in strategy.actions if a.start == t),
            }
            for t in range(horizon.periods)
        ]
    )
    coverage = pd.DataFrame(
        [
            {
                "problème": c.problem,
                "intitulé": c.title or c.problem,
                "principal": c.main,
                "poids": c.weight,
                "couverture": c.coverage,
                "cible": c.min_coverage,
                "solutions": ", ".join(c.solutions),
            }
            for c in strategy.problems
        ]
    )
    load = pd.DataFrame(
        [
            {
                "ressource": u.resource,
                "période": "horizon" if u.per == "horizon" else t,
                "utilisé": used,
                "capacité": cap,
                "taux": (used / cap) if cap else None,
            }
            for u in strategy.resources
            for t, (used, cap) in enumerate(zip(u.used, u.capacity, strict=True))
        ]
    )
    return {
        "Plan d'action": plan,
        "Calendrier": schedule,
        "Couverture": coverage,
        "Ressources": load,
    }


def write_tables(tables: dict[str, pd.DataFrame], path: str | Path) -> None:
    """Tables as an .xlsx workbook, or as CSV files in a folder (any other path)."""
    target = Path(path)
    if target.suffix.lower() == ".xlsx":
        with pd.ExcelWriter(target, engine="openpyxl") as writer:
            for sheet, frame in tables.items():
                frame.to_excel(writer, sheet_name=sheet[:31], index=False)
        return
    target.mkdir(parents=True, exist_ok=True)
    for sheet, frame in tables.items():
        frame.to_csv(target / f"{sheet}.csv", index=False)


HELP = [
    (
        "Scénario",
        "clé / valeur : nom (obligatoire), description, secteur.id, secteur.nom, horizon.périodes (1 à 52), horizon.jours_par_période (14), horizon.début (AAAA-MM-JJ).",
    ),
    (
        "Partenaires",
        "un membre du GPO par ligne : id, nom, type (police_nationale, police_municipale, bailleur, education_nationale, conseil_citoyen, commercants, transport, mairie, justice, association, autre).",
    ),
    (
        "Ressources",
        "une capacité par ligne : id, nom, unité (heures), propriétaire (id de partenaire), par (period ou horizon), capacité (la même à chaque période, ou le stock de l'horizon). Capacités variables : laisser « capacité » vide et remplir la feuille Capacités.",
    ),
    (
        "Capacités",
        "capacité d'une ressource à une période (numérotée à partir de 0), une ligne par période.",
    ),
    (
        "Problèmes",
        "id, titre, catégorie, secteur, priorité (1 = le plus urgent à 5), poids (par défaut 2^(5 − priorité)), principal (oui/non), couverture_min (0 à 1), notes.",
    ),
    (
        "Solutions",
        "id, titre, secteur, pilote (id de partenaire), partenaires (ids séparés par des virgules), durée (périodes), début_au_plus_tôt, fin_au_plus_tard, obligatoire (oui/non), exclue (oui/non), notes.",
    ),
    (
        "Effets",
        "part d'un problème qu'une solution résout seule : solution, problème, effet (entre 0 et 1).",
    ),
    (
        "Demandes",
        "moyens qu'une solution demande à chaque période active (stock : au total) : solution, ressource, demande.",
    ),
    (
        "Relations",
        "type (conflict, neutralise, synergy, precedes, not_concurrent, requires), a, b (ids de solutions), gain (synergy), perte (neutralise), problèmes (ids séparés par des virgules), raison.",
    ),
    (
        "Politique",
        "clé / valeur : priorité_principale (2), objectif (weighted ou main_first), part_principale_min (0 à 1), problèmes_max.",
    ),
]


def write_template(path: str | Path) -> None:
    """An empty, documented workbook: headers, a help sheet, drop-down lists."""
    from openpyxl import load_workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    tables = {sheet: pd.DataFrame(columns=[c for c, _, _ in SCHEMA[sheet]]) for sheet in SCHEMA}
    tables["Scénario"] = pd.DataFrame(
        {"clé": [c for c, _, _ in KEY_VALUE["Scénario"]], "valeur": [None] * 7}
    )
    tables["Politique"] = pd.DataFrame(
        {"clé": [c for c, _, _ in KEY_VALUE["Politique"]], "valeur": [2, "weighted", None, None]}
    )
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame(HELP, columns=["feuille", "contenu"]).to_excel(
            writer, sheet_name="Aide", index=False
        )
        for sheet in SHEETS:
            tables[sheet].to_excel(writer, sheet_name=sheet, index=False)
    book = load_workbook(path)

    def validate(sheet: str, column: str, formula: str, kind: str = "list") -> None:
        ws = book[sheet]
        letter = next(c.column_letter for c in ws[1] if c.value == column)
        rule = DataValidation(type=kind, formula1=formula, allow_blank=True)
        if kind == "whole":
            rule = DataValidation(
                type="whole", operator="between", formula1="1", formula2="5", allow_blank=True
            )
        ws.add_data_validation(rule)
        rule.add(f"{letter}2:{letter}1000")

    validate("Relations", "type", '"conflict,neutralise,synergy,precedes,not_concurrent,requires"')
    validate(
        "Partenaires",
        "type",
        '"police_nationale,police_municipale,bailleur,education_nationale,conseil_citoyen,commercants,transport,mairie,justice,association,autre"',
    )
    validate("Solutions", "pilote", "=Partenaires!$A$2:$A$200")
    validate("Ressources", "propriétaire", "=Partenaires!$A$2:$A$200")
    validate("Ressources", "par", '"period,horizon"')
    validate("Problèmes", "priorité", "", kind="whole")
    validate("Solutions", "obligatoire", '"oui,non"')
    validate("Solutions", "exclue", '"oui,non"')
    validate("Problèmes", "principal", '"oui,non"')
    for ws in book.worksheets:
        for cells in ws.columns:
            ws.column_dimensions[cells[0].column_letter].width = max(
                12, min(60, max(len(str(c.value or "")) for c in cells) + 2)
            )
    book.save(path)
