"""Words of uncertain effects: robustness analysis, the Γ-robust plan, sweeps, evidence warnings
and suggestions (views.robust, cli.commands.robust)."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    # robustness analysis
    "robust.title": ("Analyse de robustesse — {scenario}", "Robustness analysis — {scenario}"),
    "robust.summary": (
        "{samples} tirage(s) des effets dans leurs plages (graine {seed}, loi {distribution}) ; "
        "{uncertain} effet(s) incertain(s) ; {solved} tirage(s) résolu(s) ({statuses}).",
        "{samples} draw(s) of the effects within their ranges (seed {seed}, {distribution} "
        "distribution); {uncertain} uncertain effect(s); {solved} draw(s) solved ({statuses}).",
    ),
    "robust.no_uncertainty": (
        "aucun effet n'a de plage : indiquer effects_range, policy.effect_uncertainty ou "
        "--uncertainty (sinon chaque tirage redonne le plan nominal)",
        "no effect has a range: give effects_range, policy.effect_uncertainty or --uncertainty "
        "(otherwise every draw gives the nominal plan again)",
    ),
    "robust.no_nominal": (
        "pas de plan aux effets nominaux ({status}) : pas d'analyse de robustesse",
        "no plan at the nominal effects ({status}): no robustness analysis",
    ),
    "robust.col_solution": ("Solution", "Solution"),
    "robust.col_probability": ("Dans l'optimum", "In the optimum"),
    "robust.col_class": ("Classe", "Class"),
    "robust.col_nominal": ("Plan nominal", "Nominal plan"),
    "robust.class.core": ("cœur", "core"),
    "robust.class.borderline": ("limite", "borderline"),
    "robust.class.exterior": ("extérieure", "exterior"),
    "robust.classes": (
        "cœur : retenue dans l'optimum de chaque tirage ; extérieure : dans aucun ; limite : "
        "dans certains (le choix dépend des effets supposés).",
        "core: in every draw's optimum; exterior: in none; borderline: in some (the choice "
        "depends on the assumed effects).",
    ),
    "robust.regret": (
        "Regret du plan nominal (valeur optimale du tirage − valeur du plan nominal) : moyenne "
        "{mean}, médiane {median}, 90e centile {p90}, maximum {max} ({relative} en moyenne) ; "
        "le plan nominal est optimal dans {zero} des tirages.",
        "Regret of the nominal plan (the draw's optimal value − the nominal plan's value): mean "
        "{mean}, median {median}, 90th percentile {p90}, maximum {max} ({relative} on average); "
        "the nominal plan is optimal in {zero} of the draws.",
    ),
    "robust.misses": (
        "Le plan nominal manque une règle qui lit les effets (couverture minimale, part "
        "principale) dans {count} tirage(s) sur {samples}.",
        "The nominal plan breaks a rule that reads effects (minimum coverage, main share) in "
        "{count} draw(s) out of {samples}.",
    ),
    "robust.caveat": (
        "Les plages sont des hypothèses : une probabilité dit combien le choix d'une action "
        "dépend des effets supposés, pas la chance que l'action réussisse.",
        "Ranges are assumptions: a probability says how much choosing an action depends on the "
        "assumed effects, not the chance that the action succeeds.",
    ),
    "robust.yes": ("oui", "yes"),
    "robust.no": ("non", "no"),
    "robust.progress": ("tirages", "draws"),
    # the Γ-robust plan
    "budget.title": ("Plan robuste (Γ = {budget})", "Robust plan (Γ = {budget})"),
    "budget.explain": (
        "Valeur garantie : la valeur qui reste si jusqu'à {budget} action(s) retenue(s) ne "
        "donnent que le bas de leur plage d'effet (les pires pour ce plan).",
        "Guaranteed value: the value left when up to {budget} selected action(s) deliver only "
        "the low end of their effect range (the worst ones for the plan).",
    ),
    "budget.col_plan": ("Plan", "Plan"),
    "budget.col_value": ("Valeur nominale", "Nominal value"),
    "budget.col_guaranteed": ("Valeur garantie", "Guaranteed value"),
    "budget.col_worst": ("Actions du pire cas", "Worst-case actions"),
    "budget.robust": ("robuste", "robust"),
    "budget.nominal": ("nominal", "nominal"),
    "budget.price": (
        "Prix de la robustesse : {price} de valeur nominale ({share}) pour {gain} de valeur "
        "garantie en plus.",
        "Price of robustness: {price} of nominal value ({share}) for {gain} more guaranteed value.",
    ),
    "budget.same": (
        "Le plan nominal garantit déjà le maximum : la robustesse ne coûte rien ici.",
        "The nominal plan already guarantees the most: robustness costs nothing here.",
    ),
    "budget.changes": (
        "Par rapport au plan nominal — retirées : {dropped} ; ajoutées : {added}.",
        "Compared with the nominal plan — dropped: {dropped}; added: {added}.",
    ),
    "budget.status": (
        "Statut : {status} ; borne prouvée sur la valeur garantie : {bound} ; {scenarios} "
        "scénario(s) adverse(s) générés ; {seconds} s.",
        "Status: {status}; proven bound on the guaranteed value: {bound}; {scenarios} adversary "
        "scenario(s) generated; {seconds} s.",
    ),
    "budget.no_plan": (
        "pas de plan aux effets nominaux ({status}) : pas de plan robuste",
        "no plan at the nominal effects ({status}): no robust plan",
    ),
    # sweeps
    "sweep.title": ("Balayage — {count} scénario(s)", "Sweep — {count} scenario(s)"),
    "sweep.col_label": ("Scénario / point", "Scenario / point"),
    "sweep.col_name": ("Nom", "Name"),
    "sweep.col_sector": ("Secteur", "Sector"),
    "sweep.col_status": ("Statut", "Status"),
    "sweep.col_objective": ("Valeur", "Value"),
    "sweep.col_main_value": ("Valeur principale", "Main value"),
    "sweep.col_bound": ("Borne", "Bound"),
    "sweep.col_gap": ("Écart", "Gap"),
    "sweep.col_actions": ("Actions", "Actions"),
    "sweep.col_seconds": ("Secondes", "Seconds"),
    "sweep.progress": ("résolutions", "solves"),
    "sweep.grid_with_folder": (
        "--grid porte sur un scénario, pas sur un dossier",
        "--grid applies to one scenario, not to a folder",
    ),
    # evidence: validate and suggest
    "evidence.warnings": (
        "Avertissements (table des évaluations publiées, docs/robustness.md) :",
        "Warnings (table of published evaluations, docs/robustness.md):",
    ),
    "evidence.above": (
        "{path} : effet {effect} de « {solution} » bien au-dessus des évaluations publiées pour "
        "le type {kind} ({low} à {high}) : à justifier par le contexte local",
        "{path}: effect {effect} of '{solution}' far above the published evaluations for kind "
        "{kind} ({low} to {high}): justify it by the local context",
    ),
    "evidence.below": (
        "{path} : effet {effect} de « {solution} » bien en dessous des évaluations publiées pour "
        "le type {kind} ({low} à {high})",
        "{path}: effect {effect} of '{solution}' far below the published evaluations for kind "
        "{kind} ({low} to {high})",
    ),
    "suggest.name": ("plages d'effets suggérées", "suggested effect ranges"),
    "suggest.description": (
        "Plages d'effets proposées par « sq-opt suggest » d'après la table des évaluations "
        "publiées (docs/robustness.md) : [min(effet, bas), max(effet, haut)] pour le type de "
        "chaque solution. Des ordres de grandeur tirés d'études surtout britanniques et "
        "américaines, sur des comptes de délits : à relire et ajuster au contexte local.",
        "Effect ranges proposed by 'sq-opt suggest' from the table of published evaluations "
        "(docs/robustness.md): [min(effect, low), max(effect, high)] for each solution's kind. "
        "Orders of magnitude from mostly UK and US studies of crime counts: review and adjust "
        "them to the local context.",
    ),
    "suggest.count": (
        "{count} solution(s) avec une plage proposée",
        "{count} solution(s) with a proposed range",
    ),
    "suggest.no_kind": (
        "sans type (kind) connu, pas de plage proposée : {ids}",
        "no known kind, no range proposed: {ids}",
    ),
    # the command line
    "cli.scheduler_unreachable": (
        "planificateur Dask injoignable : {scheduler} ({detail})",
        "Dask scheduler unreachable: {scheduler} ({detail})",
    ),
    "cli.scheduler_start_failed": (
        "impossible de démarrer la grappe Dask locale ({detail})",
        "cannot start the local Dask cluster ({detail})",
    ),
    "cli.table_needs_output": (
        "--format {format} : indiquer le fichier avec -o",
        "--format {format}: give the file with -o",
    ),
    "cli.parquet_missing": (
        "le format parquet demande pyarrow (pip install pyarrow)",
        "the parquet format needs pyarrow (pip install pyarrow)",
    ),
    "pack.col_robust": ("Robustesse", "Robustness"),
    "pack.robust_cell": ("{label} ({probability})", "{label} ({probability})"),
    "robust.status_count": ("{status} : {count}", "{status}: {count}"),
}
