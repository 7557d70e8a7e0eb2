"""Words of decision support: diagnosis, why / why not, sensitivity, alternatives, comparison."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    # section titles (views.explain); the comparison's tables are titled by their names
    "title.diagnosis": ("Diagnostic d'impossibilité", "Infeasibility diagnosis"),
    "title.why": ("Pourquoi / pourquoi pas", "Why / why not"),
    "title.sensitivity_resources": ("Sensibilité aux capacités", "Capacity sensitivity"),
    "title.sensitivity_weights": (
        "Plages de poids (stratégie inchangée)",
        "Weight ranges (same strategy)",
    ),
    "title.alternatives": ("Alternatives", "Alternatives"),
    "title.summary": ("Synthèse", "Summary"),
    "title.actions": ("Actions (périodes)", "Actions (periods)"),
    "title.coverage": ("Couverture par problème", "Coverage by problem"),
    "title.resources": ("Utilisation des ressources par période", "Resource use by period"),
    "title.main_share": (
        "Part des moyens sur les problèmes principaux",
        "Share of means on main problems",
    ),
    # diagnosis (explain.diagnosis, views.explain)
    "commitment.mandatory": ("l'action obligatoire {solution}", "the mandatory action {solution}"),
    "commitment.excluded": ("l'exclusion de {solution}", "the exclusion of {solution}"),
    "commitment.pool": (
        "le stock « {resource} » ({amount} sur tout l'horizon)",
        "the pool '{resource}' ({amount} over the horizon)",
    ),
    "commitment.capacity": (
        "la capacité de « {resource} » en {period} ({amount})",
        "the capacity of '{resource}' in {period} ({amount})",
    ),
    "commitment.min_coverage": (
        "la cible de couverture de {target} sur « {problem} »",
        "the coverage target of {target} on '{problem}'",
    ),
    "commitment.min_main_share": (
        "la part minimale de {share} des moyens sur les problèmes principaux",
        "the minimum share of {share} of the means on main problems",
    ),
    "commitment.max_problems": (
        "la limite de {limit} problème(s) traité(s)",
        "the limit of {limit} problem(s) treated",
    ),
    "commitment.register": (
        "l'état enregistré de {solution} ({entry})",
        "the recorded state of {solution} ({entry})",
    ),
    "commitment.keep": (
        "le maintien de {solution} à la date convenue ({entry})",
        "keeping {solution} at its agreed date ({entry})",
    ),
    "commitment.relation.conflict": ("le conflit entre", "the conflict between"),
    "commitment.relation.requires": ("l'exigence", "the requirement"),
    "commitment.relation.precedes": ("l'ordre imposé entre", "the ordering between"),
    "commitment.relation.not_concurrent": (
        "l'interdiction de simultanéité entre",
        "the ban on running together",
    ),
    "commitment.relation.neutralise": ("la neutralisation entre", "the neutralisation between"),
    "commitment.relation.synergy": ("la synergie entre", "the synergy between"),
    "commitment.requires": ("{words} : {a} exige {b}", "{words}: {a} requires {b}"),
    "commitment.precedes": ("{words} {a} puis {b}", "{words} {a} then {b}"),
    "commitment.pair": ("{words} {a} et {b}", "{words} {a} and {b}"),
    "commitment.reason": (" (raison : {reason})", " (reason: {reason})"),
    "diagnosis.one": (
        "Impossible : {item} ne peut pas être tenu(e).",
        "Infeasible: {item} cannot be met.",
    ),
    "diagnosis.many": (
        "Impossible : ces engagements ne peuvent pas être tenus ensemble : {items}.",
        "Infeasible: these commitments cannot all hold: {items}.",
    ),
    "diagnosis.separator": (" ; ", "; "),
    "diagnosis.drop_it": (
        " Le retirer rend le plan possible.",
        " Dropping it makes a plan possible.",
    ),
    "diagnosis.drop_any": (
        " Retirer l'un quelconque d'entre eux rend le plan possible.",
        " Dropping any one of them makes a plan possible.",
    ),
    "diagnosis.drop_not_enough": (
        " Retirer l'un d'eux lève ce blocage, mais d'autres engagements restent incompatibles.",
        " Dropping one of them lifts this clash, but other commitments still conflict.",
    ),
    "diagnosis.restores_yes": (
        "le retirer rend le plan possible",
        "dropping it makes a plan possible",
    ),
    "diagnosis.restores_no": ("le retirer ne suffit pas", "dropping it is not enough"),
    "diagnosis.restores_unknown": (
        "non déterminé dans le temps imparti",
        "undecided in time",
    ),
    "diagnosis.not_minimal": (
        "(minimalité non prouvée dans le temps imparti)",
        "(minimality not proven in time)",
    ),
    "diagnosis.no_time": (
        "aucun plan n'est possible, mais le temps imparti n'a pas suffi à dire quels engagements "
        "se contredisent",
        "no plan is possible, but the time limit left no time to find which commitments clash",
    ),
    # why / why not (explain.why, views.explain)
    "why.selected": ("retenue", "selected"),
    "why.not_selected": ("non retenue", "not selected"),
    "why.reason.cost": ("coût du retrait", "cost of dropping it"),
    "why.reason.mandatory": ("retenue (obligatoire)", "selected (mandatory)"),
    "why.reason.excluded": ("exclue", "excluded"),
    "why.reason.blocked": ("bloquée", "blocked"),
    "why.reason.capacity": ("capacité", "capacity"),
    "why.reason.worth_less": ("vaut moins", "worth less"),
    "why.reason.impossible": ("impossible", "impossible"),
    "why.col_solution": ("Solution", "Solution"),
    "why.col_status": ("Statut", "Status"),
    "why.col_reason": ("Motif", "Reason"),
    "why.col_delta": ("ΔV", "ΔV"),
    "why.col_explanation": ("Explication", "Explanation"),
    "why.intro": (
        "Valeur de la stratégie de référence : {value} ({status}). "
        "ΔV : valeur perdue si l'on force la solution (non retenue) ou si on la retire (retenue).",
        "Value of the reference strategy: {value} ({status}). "
        "ΔV: value lost by forcing the solution in (not selected) or leaving it out (selected).",
    ),
    "why.drops": ("retire {names}", "drops {names}"),
    "why.adds": ("ajoute {names}", "adds {names}"),
    "why.head_mandatory": (
        "Retenue : obligatoire dans le scénario.",
        "Selected: mandatory in the scenario.",
    ),
    "why.head_selected": ("Retenue.", "Selected."),
    "why.indispensable": (
        " Impossible de s'en passer : sans elle, aucun plan ne tient.",
        " Indispensable: without it no plan holds.",
    ),
    "why.drop_cost": (
        " La retirer coûte {approx}{delta} point(s) de valeur{changes}.",
        " Dropping it costs {approx}{delta} point(s) of value{changes}.",
    ),
    "why.coverage_lost": (" Couverture perdue : {items}.", " Coverage lost: {items}."),
    "why.head_excluded": (
        "Non retenue : exclue par le scénario.",
        "Not selected: excluded by the scenario.",
    ),
    "why.head_impossible": (
        "Non retenue : aucun plan ne peut la contenir (contraintes obligatoires, relations ou fenêtre).",
        "Not selected: no plan can contain it (mandatory constraints, relations or window).",
    ),
    "why.head_worth_less": (
        "Non retenue : elle apporte moins que ce qu'elle déplace.",
        "Not selected: it brings less than what it displaces.",
    ),
    "why.in_conflict": ("en conflit avec {names} (retenue)", "in conflict with {names} (selected)"),
    "why.requires": ("exige {names}, non retenue", "requires {names}, not selected"),
    "why.head_blocked": ("Non retenue : {reasons}.", "Not selected: {reasons}."),
    "why.overload_periods": (
        "{resource} en période(s) {periods}",
        "{resource} in period(s) {periods}",
    ),
    "why.overload_pool": ("{resource} (stock de l'horizon)", "{resource} (horizon pool)"),
    "why.head_capacity": (
        "Non retenue : avec le plan actuel elle dépasserait {resources}.",
        "Not selected: with the current plan it would exceed {resources}.",
    ),
    "why.free": (
        " La forcer ne coûte rien : valeur égale, écartée au départage (moindre charge).",
        " Forcing it costs nothing: equal value, left out by the tie-break (least load).",
    ),
    "why.force_cost": (
        " La forcer fait perdre {approx}{delta} point(s) de valeur{changes}.",
        " Forcing it in loses {approx}{delta} point(s) of value{changes}.",
    ),
    # sensitivity (views.explain)
    "sensitivity.col_gain": ("Gain à +{step}", "Gain at +{step}"),
    "sensitivity.col_loss": ("Perte à −{step}", "Loss at −{step}"),
    "sensitivity.col_saturated": ("Saturée en période(s)", "Saturated in period(s)"),
    "sensitivity.col_range": ("Plage (même stratégie)", "Range (same strategy)"),
    "sensitivity.pool_used_up": ("stock épuisé", "pool used up"),
    "sensitivity.base_value": ("Valeur de référence : {value}.", "Reference value: {value}."),
    "sensitivity.method": (
        "Méthode : re-résolutions paramétriques (voir docs/decision-support.md) ; "
        "∞ : aucune limite trouvée.",
        "Method: parametric re-solves (see docs/decision-support.md); ∞: no limit found.",
    ),
    # alternatives (views.explain, views.pack)
    "alternatives.col_rank": ("Rang", "Rank"),
    "alternatives.col_value": ("Valeur", "Value"),
    "alternatives.col_of_optimum": ("% de l'optimum", "% of optimum"),
    "alternatives.col_main_value": ("Valeur princ.", "Main value"),
    "alternatives.col_adds": ("Ajoute", "Adds"),
    "alternatives.col_drops": ("Retire", "Drops"),
    "alternatives.intro": (
        "Jusqu'à {count} alternative(s) à moins de {tolerance} de l'optimum, "
        "différant deux à deux d'au moins {diversity} solution(s) retenue(s).",
        "Up to {count} alternative(s) within {tolerance} of the optimum, "
        "pairwise differing by at least {diversity} selected solution(s).",
    ),
    # comparison tables (compare)
    "compare.col.label": ("stratégie", "strategy"),
    "compare.col.status": ("statut", "status"),
    "compare.col.value": ("valeur", "value"),
    "compare.col.main_value": ("valeur principale", "main value"),
    "compare.col.gap": ("écart", "gap"),
    "compare.col.actions": ("actions", "actions"),
    "compare.col.delta_value": ("Δ valeur", "Δ value"),
    "compare.col.delta_main": ("Δ principale", "Δ main"),
    "compare.col.solution": ("solution", "solution"),
    "compare.col.title": ("intitulé", "title"),
    "compare.col.problem": ("problème", "problem"),
    "compare.col.main": ("principal", "main"),
    "compare.col.resource": ("ressource", "resource"),
    "compare.col.period": ("période", "period"),
    "compare.col.capacity": ("capacité", "capacity"),
    "compare.status.optimal": ("optimal", "optimal"),
    "compare.status.feasible": ("réalisable", "feasible"),
    "compare.status.infeasible": ("impossible", "infeasible"),
    "compare.status.unknown": ("inconnu", "unknown"),
    "compare.whole_horizon": ("tout l'horizon", "whole horizon"),
    "compare.added": ("ajoutée", "added"),
    "compare.removed": ("retirée", "removed"),
    "compare.moved": ("déplacée {a} → {b}", "moved {a} → {b}"),
}
