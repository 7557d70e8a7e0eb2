"""Words of the GPO meeting pack (views.pack, views.charts)."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "pack.title": ("Dossier de réunion du GPO", "GPO meeting pack"),
    "pack.summary": ("Synthèse", "Summary"),
    "pack.sheets": ("Fiches action par partenaire", "Action sheets by partner"),
    "pack.charts": ("Graphiques", "Charts"),
    "pack.gantt": ("Calendrier des actions", "Action schedule"),
    "pack.coverage": ("Couverture par problème", "Coverage by problem"),
    "pack.load": ("Charge des ressources par période", "Resource load per period"),
    "pack.share": (
        "Part des moyens sur les problèmes principaux",
        "Share of means on main problems",
    ),
    "pack.relations": ("Relations prises en compte", "Relations that shaped the plan"),
    "pack.why": ("Pourquoi / pourquoi pas : points saillants", "Why / why not: highlights"),
    "pack.alternatives": ("Alternatives", "Alternatives"),
    "pack.diagnosis": ("Diagnostic d'impossibilité", "Infeasibility diagnosis"),
    "pack.followup": ("Suivi et évaluation", "Follow-up and evaluation"),
    "pack.lead": ("pilote", "lead"),
    "pack.partner": ("partenaire", "partner"),
    "pack.action": ("Action", "Action"),
    "pack.role": ("Rôle", "Role"),
    "pack.from": ("Du", "From"),
    "pack.to": ("Au", "To"),
    "pack.demand": ("Moyens engagés", "Means committed"),
    "pack.means": (
        "{amount} {unit} {per}, {total} au total ({resource})",
        "{amount} {unit} {per}, {total} in total ({resource})",
    ),
    "per.week": ("par semaine", "a week"),
    "per.fortnight": ("par quinzaine", "a fortnight"),
    "per.month": ("par mois", "a month"),
    "per.period": ("par période", "per period"),
    "pack.meeting": ("Réunion du GPO du {date}", "GPO meeting of {date}"),
    "pack.sector": ("secteur {sector}", "sector {sector}"),
    "pack.horizon": ("{count} périodes ({per})", "{count} periods ({per})"),
    "pack.horizon_dates": (", du {first} au {last}", ", {first} to {last}"),
    "pack.page": ("page", "page"),
    "pack.problems": ("Problèmes et couverture", "Problems and coverage"),
    "pack.main_mark": ("principal", "main"),
    "pack.list_sep": (" ; ", "; "),
    "pack.col_priority": ("Priorité", "Priority"),
    "pack.col_weight": ("Poids", "Weight"),
    "pack.col_coverage": ("Couverture", "Coverage"),
    "pack.col_target": ("Cible", "Target"),
    "pack.col_points": ("Points", "Points"),
    "pack.col_actions": ("Actions retenues", "Actions selected"),
    "pack.summary_value": (
        "Stratégie {status} : {count} actions retenues sur {candidates} proposées. "
        "Valeur : {value} points sur {total} possibles ({share}).",
        "Strategy {status}: {count} actions selected out of {candidates} proposed. "
        "Value: {value} points out of {total} possible ({share}).",
    ),
    "pack.points": (
        "Les points : chaque problème rapporte son poids (16 pour la priorité 1, 8 pour la 2, "
        "4, 2 et 1 pour les suivantes, sauf poids donné) multiplié par la part du problème que "
        "les actions retenues traitent (sa couverture, de 0 à 100 %). {total} points si tous les "
        "problèmes étaient entièrement traités.",
        "Points: each problem is worth its weight (16 for priority 1, 8 for 2, then 4, 2 and 1, "
        "unless a weight is given) times the share of the problem the selected actions treat "
        "(its coverage, 0 to 100%). {total} points if every problem were fully treated.",
    ),
    "pack.summary_main": (
        "Problèmes principaux : {value} points sur {total} ({share}).",
        "Main problems: {value} points out of {total} ({share}).",
    ),
    "pack.summary_saturated": (
        "Ressources pleinement utilisées au moins une période : {saturated}.",
        "Resources fully used in at least one period: {saturated}.",
    ),
    "pack.legend_lead": ("Pilote", "Lead partner"),
    "pack.legend_before": ("avant les actions", "before the actions"),
    "pack.legend_after": ("depuis", "since"),
    "pack.legend_mean": ("moyenne", "mean"),
    "pack.legend_split": ("début des actions", "actions start"),
    "pack.legend_comparison": ("zone de comparaison", "comparison area"),
    "pack.legend_main": ("problème principal", "main problem"),
    "pack.legend_other": ("autre problème", "other problem"),
    "pack.legend_target": ("cible de couverture", "coverage target"),
    "pack.legend_used": ("utilisé", "used"),
    "pack.legend_capacity": ("capacité", "capacity"),
    "pack.legend_share": (
        "part des moyens sur les problèmes principaux",
        "share of means on main problems",
    ),
    "pack.legend_min_share": ("part minimale exigée ({share})", "minimum share required ({share})"),
    "pack.means_pool": ("{amount} {unit} ({resource})", "{amount} {unit} ({resource})"),
    "pack.indicator": ("Indicateur à suivre", "Indicator to watch"),
    "pack.review": ("Prochain point", "Next review"),
    "pack.col_lead": ("Pilote", "Lead"),
    "pack.col_reason": ("Raison", "Reason"),
    "pack.pools_used": ("stocks (% utilisé)", "pools (% used)"),
    "pack.status.optimal": ("optimale (prouvée)", "optimal (proven)"),
    "pack.status.feasible": ("réalisable (non prouvée optimale)", "feasible (not proven optimal)"),
    "pack.status.infeasible": ("impossible", "infeasible"),
    "pack.status.unknown": ("non trouvée dans le temps imparti", "not found in time"),
    "pack.summary_no_plan": ("Stratégie {status}.", "Strategy {status}."),
    "pack.conflict_avoided": ("conflit évité", "conflict avoided"),
    "pack.neutralisation_avoided": ("neutralisation évitée", "neutralisation avoided"),
    "pack.neutralisation_accepted": ("neutralisation subie", "neutralisation accepted"),
    "pack.synergy_used": ("synergie utilisée", "synergy used"),
    "pack.ordering_kept": ("ordre respecté", "ordering kept"),
    "pack.not_concurrent": ("non simultanées", "not concurrent"),
    "pack.requirement_met": ("exigence satisfaite", "requirement met"),
    "pack.when_overlap": (
        "(seulement si elles se déroulent en même temps)",
        "(only while both run)",
    ),
    "pack.indicator_problems": (
        "signalements, mains courantes et plaintes : {problems}",
        "reports, police log entries and complaints: {problems}",
    ),
    "pack.indicator_in_place": ("mise en place effective", "actually in place"),
    "pack.since": ("Depuis la réunion du {date}", "Since the meeting of {date}"),
    "pack.since_start": ("Depuis le début du plan", "Since the plan began"),
    "pack.register": ("Actions du registre", "Register actions"),
    "pack.col_status": ("Statut", "Status"),
    "pack.col_agreed": ("Convenue pour le", "Agreed for"),
    "pack.col_start": ("Début réel", "Actual start"),
    "pack.col_late": ("En retard", "Late"),
    "pack.late_yes": ("oui", "yes"),
    "pack.indicators": ("Indicateurs", "Indicators"),
    "pack.count": ("compte", "count"),
    "pack.changes": (
        "Ce qui change dans le plan, et pourquoi",
        "What changes in the plan, and why",
    ),
    "pack.proposals": ("Effets à revoir (proposition)", "Effects to review (proposal)"),
    "pack.proposals_note": (
        "Estimations rapprochées de ce que disent les indicateurs, pondérées par la quantité de "
        "données ; rien n'est changé dans le scénario sans votre accord (sq-opt evaluate "
        "--update-effects écrit la variante).",
        "Estimates moved towards what the indicators say, weighted by how much data there is; "
        "nothing is changed in the scenario without your consent (sq-opt evaluate "
        "--update-effects writes the variant).",
    ),
    "pack.col_problem": ("Problème", "Problem"),
    "pack.col_prior": ("Effet estimé", "Estimated effect"),
    "pack.col_proposed": ("Effet proposé", "Proposed effect"),
    "pack.col_result": ("Indicateur", "Indicator"),
}
