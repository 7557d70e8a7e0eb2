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
        # access and limits
        "access.sector": (
            "cette clé est limitée au secteur « {sector} »",
            "this key is limited to sector '{sector}'",
        ),
        "limit.beyond": (
            "{count} au-delà de la limite du serveur ({limit})",
            "{count} beyond the server's limit ({limit})",
        ),
        "limit.batch_tasks": (
            "{count} résolutions au-delà de la limite du serveur ({limit})",
            "{count} solves beyond the server's limit ({limit})",
        ),
        # notes put in front of a strategy's warnings
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
