"""The server's words in French (default) and English: error bodies and notes of the HTTP API.

``error.<code>``: the message of an error body (``{"error": code, "message": ...}``); the other
keys: the messages and notes some answers carry (``access.``, ``limit.``, ``note.``,
``followup.``, ``analysis.``, ``compare.``). The server commands' words are in :mod:`api.cli`.
"""

from __future__ import annotations

from models.i18n import Catalogue

WORDS = Catalogue(
    {
        # error bodies, by code
        "error.invalid_scenario": ("le scénario est invalide", "the scenario is invalid"),
        "error.invalid_request": ("la requête est invalide", "the request is invalid"),
        "error.unauthorized": ("clé d'API absente ou invalide", "missing or invalid API key"),
        "error.forbidden": (
            "cette clé n'a pas accès à ce secteur",
            "this key has no access to this sector",
        ),
        "error.not_found": ("introuvable", "not found"),
        "error.too_large": ("requête trop volumineuse", "request too large"),
        "error.too_large_limit": (
            "requête trop volumineuse : au plus {limit} octets (SQ_OPT_MAX_BODY_BYTES)",
            "request too large: at most {limit} bytes (SQ_OPT_MAX_BODY_BYTES)",
        ),
        "error.too_big": (
            "scénario trop grand pour ce serveur",
            "scenario too big for this server",
        ),
        "error.busy": ("serveur occupé : réessayez plus tard", "server busy: retry later"),
        "error.method_not_allowed": ("méthode non autorisée", "method not allowed"),
        "error.internal_error": ("erreur interne du serveur", "internal server error"),
        "error.conflict": ("conflit", "conflict"),
        "error.precondition_required": ("précondition requise", "precondition required"),
        "error.invalid_followup": ("le suivi est invalide", "the follow-up is invalid"),
        "error.invalid_strategy": ("la stratégie est invalide", "the strategy is invalid"),
        "error.time_limit_reached": (
            "la limite de temps de la requête est atteinte avant la fin du travail : demandez-en "
            "moins (moins de solutions ou d'éléments) ou une limite de temps plus longue",
            "the request's time limit was reached before the work was done: ask for less (fewer "
            "solutions or items) or a longer time limit",
        ),
        "error.storage_unavailable": (
            "le stockage est indisponible (base en lecture seule, disque plein ou injoignable) : "
            "réessayez plus tard",
            "the store is unavailable (read-only database, full disk or unreachable): retry later",
        ),
        # access and limits
        "access.sector": (
            "cette clé est limitée au secteur « {sector} »",
            "this key is limited to sector '{sector}'",
        ),
        "limit.beyond": (
            "{count} au-delà de la limite du serveur ({limit})",
            "{count} beyond the server's limit ({limit})",
        ),
        "limit.model": (
            "modèle estimé à {count} termes (débuts possibles, demandes par période, relations "
            "par période), au-delà de la limite du serveur ({limit}) : moins de solutions, de "
            "relations ou de périodes",
            "model estimated at {count} terms (possible starts, demands per period, relations "
            "per period), beyond the server's limit ({limit}): fewer solutions, relations or "
            "periods",
        ),
        "store.sector_kept": (
            "un scénario enregistré garde son secteur (« {stored} ») ; pour le secteur "
            "« {got} », enregistrez un nouveau scénario",
            "a stored scenario keeps its sector ('{stored}'); for sector '{got}', save a new "
            "scenario",
        ),
        "limit.batch_tasks": (
            "{count} résolutions au-delà de la limite du serveur ({limit})",
            "{count} solves beyond the server's limit ({limit})",
        ),
        # notes put in front of a strategy's warnings
        "note.workers_capped": (
            "{asked} threads de recherche demandés, {most} accordés (part des cœurs du serveur)",
            "{asked} search threads asked, {most} granted (the server's share of its cores)",
        ),
        "note.time_capped": (
            "limite de temps ramenée de {asked:g} s à {most:g} s (maximum du serveur)",
            "time limit lowered from {asked:g} s to {most:g} s (the server's maximum)",
        ),
        "note.replan_capped": (
            "limite de temps ramenée de {asked:g} s à {most:g} s "
            "(maximum du serveur : {cap:g} s, raisons des changements comprises)",
            "time limit lowered from {asked:g} s to {most:g} s "
            "(the server's maximum: {cap:g} s, finding the reasons for the changes included)",
        ),
        # the stored follow-up's versions
        "followup.changed": (
            "le suivi a changé (version courante : {current}) : relisez-le puis recommencez",
            "the follow-up has changed (current version: {current}): read it again and retry",
        ),
        "followup.if_match": (
            "précondition requise : envoyez If-Match avec l'ETag lu (GET …/followup), "
            'par exemple If-Match: "{current}"',
            "precondition required: send If-Match with the ETag you read (GET …/followup), "
            'e.g. If-Match: "{current}"',
        ),
        # analyses
        "analysis.no_optimum": (
            "scénario impossible : pas d'optimum",
            "infeasible scenario: no optimum",
        ),
        "compare.either": (
            "donner soit scenario, soit strategy",
            "give either scenario or strategy",
        ),
        # start-up
        "server.database": ("base de données : {url}", "database: {url}"),
    }
)
"""The words of the HTTP API."""
t = WORDS.t
"""``t(key, lang="fr", **params)``: the server's word ``key`` in ``lang``, filled in."""
