"""Every word of the web pages, French (default) and English, in one catalogue
(:class:`models.i18n.Catalogue`, the project's one mechanism): this module holds the general,
scenario and plan pages' words, :mod:`api.web.words_cycle` those of the meeting pages."""

from __future__ import annotations

from api.web.words_changes import CHANGES
from api.web.words_cycle import CYCLE
from models.i18n import Catalogue, Pair

GENERAL: dict[str, Pair] = {
    "app.tagline": ("Aide à la décision du GPO", "GPO decision support"),
    "app.footer": (
        "sq-opt — stratégie exacte (CP-SAT) pour les GPO de la Sécurité du quotidien. Les pages "
        "fonctionnent sans Internet : tout est servi par ce serveur.",
        "sq-opt — exact strategy (CP-SAT) for the GPOs of Sécurité du quotidien. The pages work "
        "without the Internet: everything is served by this server.",
    ),
    "yes": ("oui", "yes"),
    "no": ("non", "no"),
    "nav.skip": ("Aller au contenu", "Skip to content"),
    "nav.sector": ("Secteur {sector}", "Sector {sector}"),
    "nav.all_sectors": ("Tous les secteurs (clé de planification)", "All sectors (planner key)"),
    "nav.key": ("clé {prefix}…", "key {prefix}…"),
    "nav.signout": ("Se déconnecter", "Sign out"),
    "nav.scenario_sections": ("Rubriques du scénario", "Scenario sections"),
    "tab.scenario": ("Scénario", "Scenario"),
    "tab.edit": ("Modifier", "Edit"),
    "tab.history": ("Historique", "History"),
    "tab.plan": ("Plan", "Plan"),
    "tab.meeting": ("Réunion", "Meeting"),
    "tab.evaluation": ("Évaluation", "Evaluation"),
    "tab.documents": ("Documents", "Documents"),
    # errors
    "error.400": ("Requête incorrecte", "Bad request"),
    "error.403": ("Accès refusé", "Access denied"),
    "error.404": ("Page introuvable", "Page not found"),
    "error.409": ("Conflit", "Conflict"),
    "error.503": ("Serveur occupé", "Server busy"),
    "error.other": ("Erreur", "Error"),
    "error.back": ("Retour à la liste des scénarios", "Back to the scenario list"),
    "error.not_found": (
        "Cette page n'existe pas, ou elle concerne un autre secteur.",
        "This page does not exist, or it belongs to another sector.",
    ),
    "error.csrf": (
        "Formulaire refusé : il ne vient pas de cette session (jeton de sécurité absent ou périmé). "
        "Rechargez la page et recommencez.",
        "Form refused: it does not come from this session (security token missing or stale). "
        "Reload the page and try again.",
    ),
    "error.bad_form": ("Formulaire illisible.", "Unreadable form."),
    "error.busy": (
        "Le serveur calcule déjà autant de plans qu'il le peut : réessayez dans quelques secondes.",
        "The server is already computing as many plans as it can: try again in a few seconds.",
    ),
    "error.internal": (
        "Erreur interne du serveur : l'incident est consigné dans le journal.",
        "Internal server error: the incident is logged.",
    ),
    "error.invalid": ("Données invalides.", "Invalid data."),
    "error.method": ("Méthode non autorisée.", "Method not allowed."),
    "error.bad": ("Requête incorrecte.", "Bad request."),
    # sign-in
    "signin.title": ("Connexion", "Sign in"),
    "signin.lead": (
        "Connectez-vous avec la clé de votre secteur (ou une clé de planification pour tous les "
        "secteurs).",
        "Sign in with your sector's key (or a planner key for all sectors).",
    ),
    "signin.key": ("Clé d'accès", "Access key"),
    "signin.key_hint": ("Elle commence par « sqo_ ».", "It starts with 'sqo_'."),
    "signin.submit": ("Se connecter", "Sign in"),
    "signin.bad_key": ("Clé inconnue ou révoquée.", "Unknown or revoked key."),
    "signin.help": ("Une clé se crée sur le serveur :", "Keys are created on the server:"),
    # flash messages
    "flash.signed_in": ("Vous êtes connecté.", "You are signed in."),
    "flash.signed_out": ("Vous êtes déconnecté.", "You are signed out."),
    "flash.created": (
        "Scénario « {name} » enregistré (version 1).",
        "Scenario '{name}' saved (version 1).",
    ),
    "flash.saved": (
        "Enregistré : version {version} du scénario.",
        "Saved: scenario version {version}.",
    ),
    "flash.restored": (
        "Version {old} restaurée : elle devient la version {version}.",
        "Version {old} restored: it is now version {version}.",
    ),
    "flash.followup_saved": (
        "Suivi enregistré : version {version} du suivi.",
        "Follow-up saved: follow-up version {version}.",
    ),
    "flash.adopted": (
        "Plan adopté : version {version} du suivi.",
        "Plan adopted: follow-up version {version}.",
    ),
    # form errors
    "form.errors_title": ("{count} erreur(s) à corriger", "{count} error(s) to correct"),
    "form.required": ("Champ obligatoire.", "Required field."),
    "form.number": ("Nombre attendu, reçu « {got} ».", "A number is expected, got '{got}'."),
    "form.integer": (
        "Nombre entier attendu, reçu « {got} ».",
        "A whole number is expected, got '{got}'.",
    ),
    "form.at_least": ("Doit être au moins {low}.", "Must be at least {low}."),
    "form.at_most": ("Doit être au plus {high}.", "Must be at most {high}."),
    "form.percent": (
        "Pourcentage entre 0 et 100 attendu.",
        "A percentage from 0 to 100 is expected.",
    ),
    "form.percent_high": ("Au plus 100 % attendu.", "At most 100% is expected."),
    "form.percent_positive": (
        "Pourcentage de plus de 0 et au plus 100 attendu (laisser vide : aucun effet).",
        "A percentage above 0 and at most 100 is expected (leave blank: no effect).",
    ),
    "form.date": (
        "Date invalide « {got} » : JJ/MM/AAAA attendu.",
        "Invalid date '{got}': YYYY-MM-DD expected.",
    ),
    "form.choice": ("Choix invalide.", "Invalid choice."),
    "form.outside_calendar_from": (
        "Date hors du calendrier du scénario (du {first} au {last}).",
        "Date outside the scenario's calendar ({first} to {last}).",
    ),
    "form.end_before_start": (
        "La fin ({end}) précède le début ({start}).",
        "The end ({end}) is before the start ({start}).",
    ),
    "form.outside_calendar": (
        "Date hors du calendrier du scénario.",
        "Date outside the scenario's calendar.",
    ),
    "form.file_missing": ("Choisissez un fichier.", "Choose a file."),
    "form.file_type": (
        "Type de fichier non pris en charge : {suffixes}.",
        "Unsupported file type: {suffixes}.",
    ),
    "form.file_invalid": (
        "Le fichier contient {count} erreur(s), listées en haut de la page.",
        "The file has {count} error(s), listed at the top of the page.",
    ),
    "form.stale_scenario": (
        "Le scénario a été modifié entre-temps (version {version}) : vérifiez puis recommencez.",
        "The scenario has changed meanwhile (version {version}): check and try again.",
    ),
    "form.stale_followup": (
        "Le suivi a été modifié entre-temps (version {version}) : rien n'a été perdu, relisez puis "
        "recommencez.",
        "The follow-up has changed meanwhile (version {version}): nothing was lost, read it again "
        "and retry.",
    ),
    # scenario list
    "list.title": ("Scénarios", "Scenarios"),
    "list.caption": ("{count} scénario(s) de votre périmètre", "{count} scenario(s) you may see"),
    "list.name": ("Nom", "Name"),
    "list.sector": ("Secteur", "Sector"),
    "list.version": ("Version", "Version"),
    "list.updated": ("Modifié le", "Updated"),
    "list.empty": (
        "Aucun scénario pour l'instant : chargez-en un.",
        "No scenario yet: upload one.",
    ),
    "list.upload": ("Charger un scénario", "Upload a scenario"),
    "list.file": ("Fichier", "File"),
    "list.file_hint": (
        "YAML, JSON ou classeur Excel (.xlsx) rempli à partir du modèle.",
        "YAML, JSON or an Excel workbook (.xlsx) filled from the template.",
    ),
    "list.upload_submit": ("Charger", "Upload"),
    "list.template": ("Télécharger le modèle de classeur", "Download the workbook template"),
    "list.template_hint": (
        "un classeur vide et documenté que les partenaires peuvent remplir.",
        "an empty, documented workbook partners can fill in.",
    ),
    # scenario page
    "scenario.title": ("Le scénario", "The scenario"),
    "scenario.problems": ("Problèmes", "Problems"),
    "scenario.solutions": ("Solutions", "Solutions"),
    "scenario.partners": ("Partenaires", "Partners"),
    "scenario.periods": ("Périodes", "Periods"),
    "scenario.days": ("jours", "days"),
    "scenario.start": ("Début", "Start"),
    "scenario.edit": ("Modifier le scénario", "Edit the scenario"),
    "scenario.last_runs": ("Derniers calculs", "Latest solves"),
    "scenario.problem_list": ("Problèmes du GPO", "The GPO's problems"),
    "scenario.problem_caption": ("Problèmes par priorité", "Problems by priority"),
    "scenario.resources": ("Moyens des partenaires", "Partners' means"),
    "scenario.resources_caption": (
        "Capacité par période (ou stock pour l'horizon)",
        "Capacity per period (or pool for the horizon)",
    ),
    "scenario.pool": ("stock pour tout l'horizon", "pool for the whole horizon"),
    "scenario.solution_list": ("Solutions candidates", "Candidate solutions"),
    "scenario.show_solutions": ("Afficher les {count} solutions", "Show the {count} solutions"),
    "choice.free": ("au choix de l'optimiseur", "optimiser's choice"),
    "choice.mandatory": ("obligatoire", "mandatory"),
    "choice.excluded": ("exclue", "excluded"),
    # columns
    "col.problem": ("Problème", "Problem"),
    "col.priority": ("Priorité", "Priority"),
    "col.main": ("Principal", "Main"),
    "col.weight": ("Poids", "Weight"),
    "col.target": ("Cible", "Target"),
    "col.target_pct": ("Cible de couverture (%)", "Coverage target (%)"),
    "col.resource": ("Ressource", "Resource"),
    "col.owner": ("Partenaire", "Partner"),
    "col.unit": ("Unité", "Unit"),
    "col.capacity": ("Capacité", "Capacity"),
    "col.solution": ("Solution", "Solution"),
    "col.lead": ("Pilote", "Lead"),
    "col.effects": ("Effets attendus", "Expected effects"),
    "col.duration": ("Durée", "Duration"),
    "col.duration_periods": ("Durée (périodes)", "Duration (periods)"),
    "col.earliest_start": ("Au plus tôt en", "Not before"),
    "col.flags": ("Contrainte", "Constraint"),
    "col.choice": ("Choix", "Choice"),
    "col.title": ("Intitulé", "Title"),
    "col.id": ("Identifiant", "Id"),
    "col.action": ("Action", "Action"),
    "col.from": ("Du", "From"),
    "col.to": ("Au", "To"),
    "col.periods": ("Périodes", "Periods"),
    "col.why": ("Pourquoi ?", "Why?"),
    "col.coverage": ("Couverture", "Coverage"),
    "col.solutions": ("Solutions retenues", "Selected solutions"),
    "col.peak": ("Pic", "Peak"),
    "col.share": ("Part sur les problèmes principaux", "Share on main problems"),
    "col.status": ("Statut", "Status"),
    "col.time_limit": ("Temps maximal", "Time limit"),
    "col.change": ("Changement", "Change"),
    "col.agreed": ("Début convenu", "Agreed start"),
    "col.new_start": ("Nouveau début", "New start"),
    "col.reason": ("Pourquoi", "Why"),
    "col.start": ("Début", "Start"),
    "col.end": ("Fin", "End"),
    "col.note": ("Note", "Note"),
    "col.source": ("Source", "Source"),
    "col.date": ("Date", "Date"),
    "col.period": ("Période", "Period"),
    "col.value": ("Valeur", "Value"),
    # edit
    "edit.title": ("Modifier le scénario", "Edit the scenario"),
    "edit.lead": (
        "Ce qui change d'une réunion à l'autre. Chaque enregistrement crée une nouvelle version "
        "(version actuelle : {version}) ; l'historique garde toutes les versions.",
        "What changes from one meeting to the next. Every save creates a new version (current "
        "version: {version}); the history keeps every version.",
    ),
    "edit.contents": ("Sur cette page", "On this page"),
    "edit.save": ("Enregistrer une nouvelle version", "Save a new version"),
    "edit.problems": ("Priorités et cibles des problèmes", "Problems' priorities and targets"),
    "edit.problems_caption": (
        "Priorité 1 (la plus urgente) à 5 ; cible : couverture minimale exigée",
        "Priority 1 (most urgent) to 5; target: minimum coverage required",
    ),
    "edit.problems_hint": (
        "Laissez la cible vide pour ne pas en imposer.",
        "Leave the target blank to set none.",
    ),
    "edit.priority_of": ("Priorité de « {problem} »", "Priority of '{problem}'"),
    "edit.target_of": (
        "Cible de couverture de « {problem} » (%)",
        "Coverage target of '{problem}' (%)",
    ),
    "edit.capacities": ("Capacités par période", "Capacities per period"),
    "edit.capacities_caption": (
        "Ce que chaque partenaire peut engager, période par période",
        "What each partner can commit, period by period",
    ),
    "edit.capacity_of": (
        "Capacité de « {resource} » en {period} ({unit})",
        "Capacity of '{resource}' in {period} ({unit})",
    ),
    "edit.pool_of": (
        "Stock de « {resource} » pour tout l'horizon ({unit})",
        "Pool of '{resource}' for the whole horizon ({unit})",
    ),
    "edit.pool": ("pour tout l'horizon", "for the whole horizon"),
    "edit.solutions": ("Solutions obligatoires ou exclues", "Mandatory or excluded solutions"),
    "edit.solutions_caption": (
        "Forcer une solution, l'écarter, ou laisser l'optimiseur choisir",
        "Force a solution, leave it out, or let the optimiser choose",
    ),
    "edit.choice_of": ("Choix pour « {solution} »", "Choice for '{solution}'"),
    "edit.new_problem": ("Nouveau problème", "New problem"),
    "edit.add_problem": ("Ajouter le problème", "Add the problem"),
    "edit.id_hint": (
        "Facultatif : déduit de l'intitulé si vide.",
        "Optional: derived from the title when blank.",
    ),
    "edit.priority_hint": ("1 (la plus urgente) à 5.", "1 (most urgent) to 5."),
    "edit.window_past_horizon": (
        "Commencée en {first} pour {duration} période(s), elle dépasse l'horizon, qui finit en {last} : choisir une période "
        "plus tôt ou une durée plus courte.",
        "Starting in {first} for {duration} period(s), it runs past the horizon, which ends in {last}: choose an earlier "
        "period or a shorter duration.",
    ),
    "edit.target_hint": ("Facultatif, de 0 à 100 %.", "Optional, 0 to 100%."),
    "edit.new_solution": ("Nouvelle solution", "New solution"),
    "edit.add_solution": ("Ajouter la solution", "Add the solution"),
    "edit.effects": ("Effets attendus (%)", "Expected effects (%)"),
    "edit.effects_hint": (
        "Part de chaque problème que la solution résout à elle seule, de plus de 0 à 100 % ; laisser "
        "vide si elle n'agit pas sur ce problème.",
        "Share of each problem the solution resolves on its own, above 0 up to 100%; leave blank "
        "when it does not act on that problem.",
    ),
    "edit.demand": ("Moyens demandés", "Means required"),
    "edit.demand_hint": (
        "Par période d'activité (ou au total pour un stock).",
        "Per active period (or in total for a pool).",
    ),
    "edit.in_total": ("au total", "in total"),
    "edit.per_period": ("par période", "per period"),
    "edit.upload": ("Remplacer par un fichier", "Replace with a file"),
    "edit.upload_hint": (
        "Le fichier devient une nouvelle version (YAML, JSON ou classeur .xlsx).",
        "The file becomes a new version (YAML, JSON or an .xlsx workbook).",
    ),
    "edit.upload_submit": ("Charger comme nouvelle version", "Upload as a new version"),
    # history
    "history.title": ("Historique des versions", "Version history"),
    "history.lead": (
        "Rien n'est jamais écrasé : restaurer une version l'enregistre comme nouvelle version.",
        "Nothing is ever overwritten: restoring a version saves it as a new version.",
    ),
    "history.caption": (
        "{count} version(s), la plus récente en premier",
        "{count} version(s), newest first",
    ),
    "history.saved": ("Enregistrée le", "Saved"),
    "history.files": ("Fichiers", "Files"),
    "history.workbook": ("classeur", "workbook"),
    "history.restore": ("Restaurer", "Restore"),
    "history.restore_version": ("Restaurer la version {version}", "Restore version {version}"),
    "history.current": ("version actuelle", "current version"),
}

WORDS = Catalogue(GENERAL, CYCLE, CHANGES)
"""The pages' words: ``WORDS.t(key, lang, **params)``."""
