"""User-facing words of the CLI and reports, in French (default) and English, and number formats."""

from __future__ import annotations

import datetime as dt
import os

from models.issues import Lang

TEXTS: dict[str, tuple[str, str]] = {
    "strategy_title": ("Stratégie — {name}", "Strategy — {name}"),
    "status_line": (
        "Statut : {status} · valeur {value} · borne {bound} · écart {gap} · {seconds} s",
        "Status: {status} · value {value} · bound {bound} · gap {gap} · {seconds} s",
    ),
    "status_bound_main": (
        "(borne et écart portent sur la valeur des problèmes principaux, 1re étape de main_first)",
        "(bound and gap refer to the main value, first stage of main_first)",
    ),
    "main_line": (
        "Problèmes principaux : valeur {main} sur {main_max} possibles ({pct}) · {count} action(s) retenue(s)",
        "Main problems: value {main} of {main_max} possible ({pct}) · {count} action(s) selected",
    ),
    "status_optimal": ("optimal (prouvé)", "optimal (proven)"),
    "status_feasible": ("réalisable (non prouvé optimal)", "feasible (not proven optimal)"),
    "status_infeasible": ("impossible", "infeasible"),
    "status_unknown": ("aucun plan trouvé dans le temps imparti", "no plan found in time"),
    "infeasible_hint": (
        "Aucun plan ne respecte toutes les contraintes (obligations, capacités, relations, "
        "cibles de couverture, politique).",
        "No plan satisfies every constraint (mandatory actions, capacities, relations, coverage "
        "targets, policy).",
    ),
    "unknown_hint": (
        "Aucun plan trouvé en {seconds} s : augmentez --time-limit.",
        "No plan found in {seconds} s: increase --time-limit.",
    ),
    "actions_title": ("Actions par période et par pilote", "Actions by period and lead partner"),
    "period": ("Période {n}", "Period {n}"),
    "period_dates": ("Période {n} ({start} → {end})", "Period {n} ({start} → {end})"),
    "no_new_action": ("aucune nouvelle action", "no new action"),
    "lead": ("Pilote : {lead}", "Lead: {lead}"),
    "no_lead": ("sans pilote désigné", "no lead partner"),
    "runs": ("périodes {start}–{last}", "periods {start}–{last}"),
    "runs_one": ("période {start}", "period {start}"),
    "coverage_title": (
        "Couverture des problèmes (principaux d'abord)",
        "Problem coverage (main first)",
    ),
    "resources_title": (
        "Charge des ressources (utilisé / capacité)",
        "Resource load (used / capacity)",
    ),
    "col_problem": ("Problème", "Problem"),
    "col_priority": ("Prio.", "Prio."),
    "col_weight": ("Poids", "Weight"),
    "col_main": ("Principal", "Main"),
    "col_coverage": ("Couverture", "Coverage"),
    "col_target": ("Cible", "Target"),
    "col_solutions": ("Solutions", "Solutions"),
    "col_resource": ("Ressource", "Resource"),
    "col_unit": ("Unité", "Unit"),
    "col_total": ("Horizon", "Horizon"),
    "col_share": ("Part princ.", "Main share"),
    "col_period": ("P{n}", "P{n}"),
    "yes": ("oui", "yes"),
    "no": ("non", "no"),
    "warnings": ("Remarques", "Notes"),
    "progress": (
        "… {elapsed} s · étape {stage} · meilleure valeur {best} · borne {bound}",
        "… {elapsed} s · stage {stage} · best value {best} · bound {bound}",
    ),
    "stage_value": ("valeur", "value"),
    "stage_main_value": ("valeur principale", "main value"),
    "stage_tie_break": (
        "départage (moindre charge, dates au plus tôt)",
        "tie-break (least load, earliest dates)",
    ),
    "summary_title": ("Scénario valide : {name}", "Valid scenario: {name}"),
    "summary_sector": ("Secteur : {sector}", "Sector: {sector}"),
    "summary_horizon": (
        "Horizon : {periods} période(s) de {days} jours{start}",
        "Horizon: {periods} period(s) of {days} days{start}",
    ),
    "summary_from": (" à partir du {date}", " from {date}"),
    "summary_counts": (
        "{partners} partenaire(s), {resources} ressource(s), {problems} problème(s) dont {main} "
        "principal(aux), {solutions} solution(s) dont {mandatory} obligatoire(s) et {excluded} exclue(s)",
        "{partners} partner(s), {resources} resource(s), {problems} problem(s) of which {main} main, "
        "{solutions} solution(s) of which {mandatory} mandatory and {excluded} excluded",
    ),
    "summary_relations": ("Relations : {detail}", "Relations: {detail}"),
    "summary_policy": (
        "Politique : objectif {objective}, principal si priorité ≤ {main_priority}{extra}",
        "Policy: objective {objective}, main if priority <= {main_priority}{extra}",
    ),
    "summary_share": (", part minimale sur les principaux {share}", ", minimum main share {share}"),
    "summary_max": (", au plus {max} problème(s) traités", ", at most {max} problem(s) treated"),
    "none": ("aucune", "none"),
    "check_ok": (
        "Plan conforme : aucune violation. Valeur recalculée {value} (principaux : {main}).",
        "Plan valid: no violation. Recomputed value {value} (main: {main}).",
    ),
    "check_ko": ("{count} violation(s) :", "{count} violation(s):"),
    "check_value": (
        "Valeur recalculée {value} (principaux : {main}).",
        "Recomputed value {value} (main: {main}).",
    ),
    "check_no_plan": (
        "Statut « {status} » : pas de plan à vérifier.",
        "Status '{status}': no plan to check.",
    ),
    "internal_error": (
        "erreur interne de sq-opt (merci de la signaler avec le scénario) : {error}",
        "sq-opt internal error (please report it with the scenario): {error}",
    ),
    "write_error": ("impossible d'écrire {file} : {error}", "cannot write {file}: {error}"),
    "written": ("écrit : {file}", "written: {file}"),
    "usage_error": ("erreur d'utilisation : {message}", "usage error: {message}"),
    "interrupted": ("interrompu", "interrupted"),
}


def default_lang() -> Lang:
    """Language from ``SQ_OPT_LANG`` (``fr`` unless it says ``en``)."""
    return "en" if os.environ.get("SQ_OPT_LANG", "fr").lower().startswith("en") else "fr"


def t(key: str, lang: Lang = "fr", **params: object) -> str:
    fr, en = TEXTS[key]
    return (fr if lang == "fr" else en).format(**params)


def number(value: float | None, lang: Lang = "fr", digits: int = 2) -> str:
    """A number with a French decimal comma and thin-space thousands (``1 234,5``)."""
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if lang == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def percent(value: float | None, lang: Lang = "fr", digits: int = 1) -> str:
    if value is None:
        return "—"
    text = f"{value * 100:.{digits}f}"
    return (text.replace(".", ",") + "\u00a0%") if lang == "fr" else text + "%"


def date(value: dt.date, lang: Lang = "fr") -> str:
    return value.strftime("%d/%m/%Y") if lang == "fr" else value.isoformat()
