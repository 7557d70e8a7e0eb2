"""Words of the GPO meeting pack (views.pack, views.charts)."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "pack.title": ("Dossier de réunion du GPO", "GPO meeting pack"),
    "pack.summary": ("Synthèse", "Summary"),
    "pack.sheets": ("Fiches action par partenaire", "Action sheets by partner"),
    "pack.charts": ("Graphiques", "Charts"),
    "pack.gantt": ("Calendrier des actions", "Action schedule"),
    "pack.coverage": (
        "Couverture par problème (cible en rouge)",
        "Coverage by problem (target in red)",
    ),
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
        "{amount} {unit} par période, {total} au total ({resource})",
        "{amount} {unit} per period, {total} in total ({resource})",
    ),
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
    "pack.summary_text": (
        "Stratégie {status} : {count} actions, valeur {value}. "
        "Les problèmes principaux sont couverts à {share} de leur valeur possible. "
        "Ressources saturées au moins une période : {saturated}.",
        "Strategy {status}: {count} actions, value {value}. "
        "Main problems are covered at {share} of their possible value. "
        "Resources saturated in at least one period: {saturated}.",
    ),
    "pack.conflict_avoided": ("conflit évité", "conflict avoided"),
    "pack.neutralisation_avoided": ("neutralisation évitée", "neutralisation avoided"),
    "pack.neutralisation_accepted": ("neutralisation subie", "neutralisation accepted"),
    "pack.synergy_used": ("synergie utilisée", "synergy used"),
    "pack.ordering_kept": ("ordre respecté", "ordering kept"),
    "pack.not_concurrent": ("non simultanées", "not concurrent"),
    "pack.requirement_met": ("exigence satisfaite", "requirement met"),
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
