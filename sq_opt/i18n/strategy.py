"""Words of the text views (views.text): a strategy, a scenario summary, a check report."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "solve.build_stopped": (
        "limite de temps ({limit:g} s) atteinte (ou résolution annulée) pendant la construction du "
        "modèle : aucun plan",
        "time limit ({limit:g} s) reached (or solve cancelled) while building the model: no plan",
    ),
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
    "period_dates": ("Période {n} : du {start} au {end}", "Period {n}: {start} to {end}"),
    "periods_span": ("{first}–{last}", "{first}–{last}"),
    "period_when": ("{period} ({start} → {end})", "{period} ({start} → {end})"),
    "no_new_action": ("aucune nouvelle action", "no new action"),
    "lead": ("Pilote : {lead}", "Lead: {lead}"),
    "no_lead": ("sans pilote désigné", "no lead partner"),
    "runs": ("{span}", "{span}"),
    "runs_until": ("{span}, jusqu'au {end}", "{span}, until {end}"),
    "coverage_title": (
        "Couverture des problèmes (principaux d'abord)",
        "Problem coverage (main first)",
    ),
    "resources_title": (
        "Charge des ressources par période (utilisé / capacité)",
        "Resource load per period (used / capacity)",
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
    "col_total": ("Total", "Total"),
    "col_share": ("Part princ.", "Main share"),
    "col_period": ("P{n}", "P{n}"),
    "yes": ("oui", "yes"),
    "no": ("non", "no"),
    "warnings": ("Remarques", "Notes"),
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
        "Politique : {objective}, problèmes principaux : priorité ≤ {main_priority}{extra}",
        "Policy: {objective}, main problems: priority <= {main_priority}{extra}",
    ),
    "objective.weighted": (
        "valeur pondérée de tous les problèmes",
        "weighted value of every problem",
    ),
    "objective.main_first": (
        "problèmes principaux d'abord, puis tous",
        "main problems first, then all",
    ),
    "schedule.balanced": (", charge lissée sur les périodes", ", load balanced over the periods"),
    "relation_count": ("{count} {kind}", "{count} {kind}"),
    "kind.conflict": ("conflit(s)", "conflict(s)"),
    "kind.neutralise": ("neutralisation(s)", "neutralisation(s)"),
    "kind.synergy": ("synergie(s)", "synergy(ies)"),
    "kind.precedes": ("ordre(s) imposé(s)", "ordering(s)"),
    "kind.not_concurrent": ("non-simultanéité(s)", "not-concurrent pair(s)"),
    "kind.requires": ("exigence(s)", "requirement(s)"),
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
}
