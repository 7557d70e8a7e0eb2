"""Words of the follow-up evaluation's views (``eval.`` keys): what the indicators did, in words
that describe the indicator and never claim what caused a change."""

from __future__ import annotations

from models.i18n import Pair

WORDS: dict[str, Pair] = {
    "eval.title": (
        "Évaluation du suivi — {name} (données jusqu'au {date})",
        "Follow-up evaluation — {name} (data until {date})",
    ),
    "eval.outcomes": ("Indicateurs avant / après", "Indicators before / after"),
    "eval.process": ("Actions du registre", "Register actions"),
    "eval.col_problem": ("Problème", "Problem"),
    "eval.col_since": ("Depuis le", "Since"),
    "eval.col_before": ("Avant (moy.)", "Before (mean)"),
    "eval.col_after": ("Après (moy.)", "After (mean)"),
    "eval.col_change": ("Évolution", "Change"),
    "eval.col_interval": ("Intervalle à {level}", "{level} interval"),
    "eval.col_verdict": ("Constat", "Finding"),
    "eval.col_action": ("Action", "Action"),
    "eval.col_status": ("Statut", "Status"),
    "eval.col_agreed": ("Début convenu", "Agreed start"),
    "eval.col_start": ("Début", "Start"),
    "eval.col_on_time": ("À l'heure", "On time"),
    "eval.col_budget": ("Dépensé / prévu", "Spent / planned"),
    "eval.mean_periods": ("{mean} ({n} pér.)", "{mean} ({n} per.)"),
    "eval.from_zero": ("depuis 0", "from 0"),
    "eval.interval": ("de {lo} à {hi}", "{lo} to {hi}"),
    "eval.at_least": ("au moins {lo}", "at least {lo}"),
    "eval.decrease": ("baisse", "decrease"),
    "eval.increase": ("hausse", "increase"),
    "eval.no_clear_change": ("pas de changement net", "no clear change"),
    "eval.insufficient_data": ("données insuffisantes", "insufficient data"),
    "eval.sentence_down": (
        "{label} : l'indicateur a baissé de {pct} (intervalle à {level} : {interval})",
        "{label}: the indicator fell by {pct} ({level} interval: {interval})",
    ),
    "eval.sentence_up": (
        "{label} : l'indicateur a augmenté de {pct} (intervalle à {level} : {interval})",
        "{label}: the indicator rose by {pct} ({level} interval: {interval})",
    ),
    "eval.sentence_flat": (
        "{label} : l'indicateur est stable (intervalle à {level} : {interval})",
        "{label}: the indicator is flat ({level} interval: {interval})",
    ),
    "eval.sentence_from_zero": (
        "{label} : l'indicateur était à zéro avant et ne l'est plus (hausse, intervalle à {level} : "
        "{interval})",
        "{label}: the indicator was at zero before and no longer is (increase, {level} interval: "
        "{interval})",
    ),
    "eval.sides": (
        " entre les périodes avant le {date} ({before} par période en moyenne, {nb} périodes) et "
        "celles depuis ({after}, {na} périodes)",
        " between the periods before {date} ({before} per period on average, {nb} periods) and "
        "those since ({after}, {na} periods)",
    ),
    "eval.no_clear": (
        " : pas de changement net au vu de la variabilité des comptes.",
        ": no clear change given how much the counts vary.",
    ),
    "eval.clear": (" : {verdict} nette.", ": clear {verdict}."),
    "eval.no_started_action": (
        "{label} : aucune action agissant sur ce problème n'a commencé ; pas de comparaison avant "
        "/ après (moyenne {mean} par période sur {n} périodes).",
        "{label}: no action acting on this problem has started; no before / after comparison "
        "(mean {mean} per period over {n} periods).",
    ),
    "eval.too_few_before": (
        "{label} : données insuffisantes (moins de 3 périodes observées avant le {date}).",
        "{label}: insufficient data (fewer than 3 periods observed before {date}).",
    ),
    "eval.too_few_after": (
        "{label} : données insuffisantes (moins de 3 périodes observées depuis le {date}).",
        "{label}: insufficient data (fewer than 3 periods observed since {date}).",
    ),
    "eval.all_zero": (
        "{label} : tous les comptes sont à zéro, rien à comparer.",
        "{label}: every count is zero, nothing to compare.",
    ),
    "eval.comparison": (
        "  Zone de comparaison (sans les actions) : {change} (intervalle à {level} : {interval}) ; "
        "rapport des rapports {ror} (intervalle à {level} : {ror_interval}, constat : {verdict}).",
        "  Comparison area (without the actions): {change} ({level} interval: {interval}); "
        "ratio of ratios {ror} ({level} interval: {ror_interval}, finding: {verdict}).",
    ),
    "eval.comparison_missing": (
        "  Zone de comparaison : rapport des rapports non calculable ({reason}).",
        "  Comparison area: ratio of ratios not available ({reason}).",
    ),
    "eval.reason_too_few_before": ("moins de 3 périodes avant", "fewer than 3 periods before"),
    "eval.reason_too_few_after": ("moins de 3 périodes après", "fewer than 3 periods after"),
    "eval.reason_zero_counts": (
        "une série est à zéro d'un côté",
        "a series is all zeros on one side",
    ),
    "eval.caveat": (
        "Ces chiffres décrivent l'indicateur, pas l'effet des actions. Une baisse peut venir d'un "
        "retour à la normale après un pic (un problème est souvent retenu quand il culmine), de la "
        "saison, d'un déplacement vers un lieu voisin ou d'un changement dans la façon "
        "d'enregistrer les faits ; une zone de comparaison aide à faire la part des choses.",
        "These figures describe the indicator, not the effect of the actions. A fall may come from "
        "a return to normal after a peak (problems are often picked when they peak), the season, "
        "displacement to a nearby place or a change in how incidents are recorded; a comparison "
        "area helps to tell these apart.",
    ),
    "eval.status_planned": ("prévue", "planned"),
    "eval.status_running": ("en cours", "running"),
    "eval.status_done": ("terminée", "done"),
    "eval.status_abandoned": ("abandonnée", "abandoned"),
    "eval.on_time": ("oui", "yes"),
    "eval.early": ("oui ({days} j d'avance)", "yes ({days} d early)"),
    "eval.late": ("non ({days} j de retard)", "no ({days} d late)"),
    "eval.overdue": ("en retard ({days} j)", "overdue ({days} d)"),
    "eval.overdue_plain": ("en retard", "overdue"),
    "eval.not_due": ("pas encore due", "not yet due"),
    "eval.no_problems": ("Aucune observation d'indicateur.", "No indicator observation."),
    "eval.no_actions": ("Registre vide.", "Empty register."),
}
