"""Build ``scenarios/circonscription-digne.yaml``: four sectors sharing a BAC and a budget pool.

The circonscription scenario is too large to write by hand (about 40 problems and 150 candidate
solutions), so it is assembled from the sectors' problem lists below and a catalogue of typical
responses per kind of problem (from ``shared/domain.md``), with the relations that hold between
responses to the same problem. It is deterministic: running it again gives the same file, and a
test checks that the committed file is up to date.

    python scenarios/tools/build_circonscription.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

PERIODS = 12
OUT = Path(__file__).resolve().parents[1] / "circonscription-digne.yaml"

# Response catalogue: kind of problem -> responses (key, title, lead, effect, demand by role,
# duration, earliest_start). Roles: bst (sector patrols), pm (sector municipal police), bac,
# enquete, renforts, mediateurs, gardiens (shared), budget (shared pool).
CATALOGUE: dict[str, list[tuple[str, str, str, float, dict[str, float], int, int]]] = {
    "deal": [
        (
            "enquete",
            "Opération judiciaire sur le point de deal",
            "pn",
            0.35,
            {"enquete": 12, "bac": 4},
            3,
            0,
        ),
        ("pilonnage", "Pilonnage du point de deal", "pn", 0.2, {"renforts": 140, "bst": 4}, 1, 0),
        (
            "reoccupation",
            "Réoccupation de l'espace (animations, marché)",
            "mairie",
            0.2,
            {"budget": 6000, "pm": 4},
            2,
            0,
        ),
        ("video", "Caméra de vidéoprotection", "mairie", 0.1, {"budget": 12000}, 1, 0),
        (
            "patrouilles",
            "Patrouilles dissuasives aux heures signalées",
            "pn",
            0.15,
            {"bst": 10},
            2,
            0,
        ),
        (
            "mediation",
            "Médiation sociale auprès des jeunes",
            "association",
            0.1,
            {"mediateurs": 6},
            3,
            0,
        ),
        (
            "controles",
            "Contrôles d'identité sur réquisition du parquet",
            "pn",
            0.15,
            {"bac": 6, "bst": 2},
            1,
            0,
        ),
    ],
    "halls": [
        (
            "requisition",
            "Réquisition permanente des parties communes",
            "bailleur",
            0.2,
            {"gardiens": 2},
            1,
            0,
        ),
        ("controles", "Contrôles ciblés dans les halls", "pn", 0.25, {"bst": 8}, 2, 0),
        (
            "residentialisation",
            "Résidentialisation des halls",
            "bailleur",
            0.3,
            {"budget": 10000, "gardiens": 4},
            2,
            1,
        ),
        ("gardiens", "Présence des gardiens en soirée", "bailleur", 0.15, {"gardiens": 10}, 3, 0),
        (
            "mediation",
            "Médiation et activités pour les jeunes",
            "association",
            0.15,
            {"mediateurs": 6},
            3,
            0,
        ),
    ],
    "rodeos": [
        ("saisies", "Opération de saisie des motos", "pn", 0.3, {"bac": 10, "enquete": 4}, 1, 0),
        ("amenagement", "Chicanes et bornes anti-rodéos", "mairie", 0.25, {"budget": 8000}, 1, 2),
        ("patrouilles", "Patrouilles du week-end", "pm", 0.15, {"pm": 8}, 2, 0),
        ("signalement", "Signalement des rodéos par les habitants", "pm", 0.1, {"pm": 2}, 4, 0),
        ("video", "Repérage vidéo des garages de motos", "pm", 0.1, {"pm": 3}, 2, 0),
    ],
    "routier": [
        ("radar", "Radars pédagogiques", "mairie", 0.1, {"budget": 3000}, 1, 0),
        ("controles", "Contrôles de vitesse", "pn", 0.3, {"bst": 10}, 2, 0),
        ("ralentisseurs", "Plateaux ralentisseurs", "mairie", 0.35, {"budget": 12000}, 1, 3),
        ("prevention", "Prévention routière", "education", 0.1, {"bst": 2}, 1, 0),
        (
            "verbalisation",
            "Verbalisation ciblée par la police municipale",
            "pm",
            0.2,
            {"pm": 6},
            2,
            0,
        ),
    ],
    "ecoles": [
        (
            "presence",
            "Présence aux sorties de l'établissement",
            "pm",
            0.25,
            {"pm": 5, "bst": 2},
            3,
            0,
        ),
        ("prevention", "Prévention du harcèlement en classe", "education", 0.2, {"bst": 2}, 2, 0),
        ("referent", "Policier référent et cellule d'écoute", "pn", 0.2, {"enquete": 3}, 4, 0),
        (
            "mediation",
            "Médiateurs aux arrêts de bus scolaires",
            "association",
            0.15,
            {"mediateurs": 4},
            3,
            0,
        ),
    ],
    "cambriolages": [
        (
            "tranquillite",
            "Opération tranquillité (visites, conseils de sûreté)",
            "pn",
            0.25,
            {"bst": 5},
            2,
            0,
        ),
        (
            "alerte",
            "Réseau d'alerte des habitants et commerçants",
            "commercants",
            0.15,
            {"bst": 1},
            4,
            0,
        ),
        ("rondes", "Rondes de nuit", "pn", 0.2, {"bst": 8}, 2, 0),
        ("enquete", "Enquête sérielle (police technique)", "pn", 0.3, {"enquete": 8}, 2, 0),
        ("diagnostics", "Diagnostics de sûreté gratuits", "pn", 0.1, {"bst": 2}, 2, 0),
    ],
    "incivilites": [
        ("nettoyage", "Nettoyage et réparations rapides", "mairie", 0.2, {"budget": 4000}, 1, 0),
        (
            "tig",
            "Travaux d'intérêt général sur place",
            "justice",
            0.15,
            {"budget": 1500, "pm": 2},
            2,
            1,
        ),
        ("mediation", "Médiation de rue", "association", 0.15, {"mediateurs": 4}, 2, 0),
        ("patrouilles", "Patrouilles de police municipale", "pm", 0.2, {"pm": 6}, 2, 0),
        ("video", "Caméra nomade", "mairie", 0.15, {"budget": 5000}, 3, 0),
    ],
    "nuisances": [
        ("arrete", "Arrêté de fermeture des terrasses à 23h", "mairie", 0.3, {"pm": 3}, 3, 0),
        (
            "mediation",
            "Médiation avec les établissements de nuit",
            "association",
            0.2,
            {"mediateurs": 3},
            2,
            0,
        ),
        ("patrouilles", "Patrouilles de nuit", "pn", 0.2, {"bst": 6}, 2, 0),
    ],
    "rassemblements": [
        ("arrete", "Arrêté anti-protoxyde et contrôles", "mairie", 0.3, {"pm": 4}, 2, 0),
        (
            "fermeture",
            "Fermeture nocturne du site",
            "mairie",
            0.25,
            {"budget": 2500, "pm": 2},
            3,
            0,
        ),
        ("mediation", "Médiation de rue en soirée", "association", 0.15, {"mediateurs": 4}, 2, 0),
    ],
    "squat": [
        (
            "expulsion",
            "Procédure d'expulsion et murage",
            "mairie",
            0.6,
            {"budget": 7000, "bst": 3},
            2,
            0,
        ),
        (
            "accompagnement",
            "Accompagnement social des occupants",
            "association",
            0.2,
            {"mediateurs": 3},
            2,
            0,
        ),
    ],
}

# Relations between responses to the same problem: (kind, a, b, gain/loss, reason).
RELATIONS: dict[str, list[tuple[str, str, str, float | None, str]]] = {
    "deal": [
        (
            "precedes",
            "enquete",
            "reoccupation",
            None,
            "Une opération judiciaire sans réoccupation de l'espace est vite défaite.",
        ),
        (
            "synergy",
            "enquete",
            "reoccupation",
            0.15,
            "Réoccuper après les interpellations empêche la reformation du point.",
        ),
        (
            "neutralise",
            "pilonnage",
            "mediation",
            0.1,
            "Un pilonnage au même endroit ruine la confiance construite par la médiation.",
        ),
        (
            "conflict",
            "pilonnage",
            "enquete",
            None,
            "Le pilonnage disperse les trafiquants ciblés par l'enquête.",
        ),
        (
            "neutralise",
            "controles",
            "mediation",
            0.05,
            "Des contrôles d'identité répétés entament la confiance des jeunes suivis.",
        ),
        ("synergy", "video", "patrouilles", 0.1, "La vidéoprotection guide les patrouilles."),
    ],
    "halls": [
        (
            "synergy",
            "requisition",
            "controles",
            0.15,
            "La réquisition permanente permet les contrôles dans les parties communes.",
        ),
        (
            "neutralise",
            "controles",
            "mediation",
            0.05,
            "Des contrôles dans les halls pendant la médiation entament la confiance.",
        ),
    ],
    "rodeos": [
        ("precedes", "saisies", "amenagement", None, "Saisir d'abord les motos, puis aménager."),
        ("synergy", "saisies", "signalement", 0.1, "Les signalements localisent les motos."),
    ],
    "routier": [
        ("synergy", "radar", "controles", 0.05, "La pédagogie prépare, le contrôle sanctionne."),
        (
            "not_concurrent",
            "ralentisseurs",
            "radar",
            None,
            "Le radar pédagogique est déposé pendant les travaux de voirie.",
        ),
    ],
    "ecoles": [
        (
            "synergy",
            "presence",
            "prevention",
            0.1,
            "Les élèves identifient les adultes présents comme recours.",
        ),
    ],
    "cambriolages": [
        (
            "synergy",
            "tranquillite",
            "alerte",
            0.1,
            "Les habitants visités adhèrent au réseau d'alerte.",
        ),
    ],
    "incivilites": [
        (
            "requires",
            "tig",
            "nettoyage",
            None,
            "Les TIG complètent un chantier de remise en état lancé par la ville.",
        ),
    ],
    "nuisances": [
        ("precedes", "mediation", "arrete", None, "La médiation est tentée avant l'arrêté."),
    ],
    "rassemblements": [],
    "squat": [
        (
            "precedes",
            "accompagnement",
            "expulsion",
            None,
            "L'accompagnement social précède l'expulsion.",
        ),
    ],
}

# Sectors: id, name, patrol capacity per period, municipal police capacity, problems
# (slug, title, kind, priority, responses kept from the catalogue or None for all).
SECTORS: list[dict[str, Any]] = [
    {
        "id": "centre",
        "name": "Centre ancien",
        "bst": 30,
        "pm": 26,
        "problems": [
            ("deal-gassendi", "Point de deal boulevard Gassendi", "deal", 1, None),
            (
                "incivilites-fontaine",
                "Incivilités place de la Grande-Fontaine",
                "incivilites",
                3,
                None,
            ),
            (
                "cambriolages-commerces",
                "Cambriolages de commerces du centre ancien",
                "cambriolages",
                2,
                None,
            ),
            ("nuisances-hubac", "Nuisances nocturnes rue de l'Hubac", "nuisances", 4, None),
            (
                "stationnement-marche",
                "Vitesse et stationnement les jours de marché",
                "routier",
                3,
                ["radar", "controles", "prevention"],
            ),
            (
                "protoxyde-saint-benoit",
                "Protoxyde d'azote au jardin Saint-Benoît",
                "rassemblements",
                4,
                None,
            ),
            (
                "ecoles-borrely",
                "Harcèlement aux abords du collège Maria-Borrély",
                "ecoles",
                2,
                None,
            ),
            ("squat-eveche", "Squat d'un immeuble rue de l'Évêché", "squat", 3, None),
            (
                "deal-jardin",
                "Revente au jardin de la Tour de l'Horloge",
                "deal",
                3,
                ["patrouilles", "mediation", "video"],
            ),
            (
                "incivilites-gare",
                "Dégradations à la gare routière",
                "incivilites",
                3,
                ["nettoyage", "patrouilles", "mediation"],
            ),
        ],
    },
    {
        "id": "pigeonnier",
        "name": "Pigeonnier – Arches",
        "bst": 28,
        "pm": 18,
        "problems": [
            ("halls-pigeonnier", "Occupation des halls du Pigeonnier", "halls", 1, None),
            ("deal-pigeonnier", "Point de deal au pied du bâtiment D", "deal", 1, None),
            ("rodeos-arches", "Rodéos urbains quartier des Arches", "rodeos", 2, None),
            (
                "incivilites-arches",
                "Dégradations des parties communes aux Arches",
                "incivilites",
                3,
                None,
            ),
            (
                "ecoles-arches",
                "Rixes aux abords de l'école des Arches",
                "ecoles",
                3,
                ["presence", "prevention"],
            ),
            ("nuisances-pigeonnier", "Rassemblements nocturnes bruyants", "nuisances", 4, None),
            (
                "cambriolages-caves",
                "Cambriolages de caves",
                "cambriolages",
                3,
                ["rondes", "enquete", "alerte"],
            ),
            (
                "protoxyde-arches",
                "Protoxyde d'azote sur le parking des Arches",
                "rassemblements",
                4,
                None,
            ),
            ("vitesse-arches", "Vitesse rue des Arches", "routier", 4, ["radar", "ralentisseurs"]),
            (
                "halls-arches",
                "Occupation des halls des Arches",
                "halls",
                2,
                ["controles", "gardiens", "requisition"],
            ),
        ],
    },
    {
        "id": "thermes",
        "name": "Thermes – Barbejas",
        "bst": 24,
        "pm": 16,
        "problems": [
            ("vitesse-8mai", "Vitesse avenue du 8-Mai-1945 (abords du lycée)", "routier", 1, None),
            ("ecoles-gassendi", "Harcèlement aux abords du lycée Gassendi", "ecoles", 2, None),
            (
                "cambriolages-barbejas",
                "Cambriolages des maisons de Barbejas",
                "cambriolages",
                2,
                None,
            ),
            ("rodeos-bleone", "Rodéos sur les berges de la Bléone", "rodeos", 2, None),
            ("squat-thermes", "Squat de l'ancien hôtel des Thermes", "squat", 3, None),
            ("incivilites-thermes", "Dégradations au parc des Thermes", "incivilites", 4, None),
            ("nuisances-barbejas", "Nuisances autour du bar de Barbejas", "nuisances", 4, None),
            (
                "protoxyde-bleone",
                "Rassemblements et protoxyde sur les berges",
                "rassemblements",
                3,
                None,
            ),
            (
                "deal-barbejas",
                "Revente près du city-stade de Barbejas",
                "deal",
                3,
                ["patrouilles", "mediation", "enquete", "reoccupation"],
            ),
            ("vitesse-thermes", "Vitesse avenue des Thermes", "routier", 4, ["radar", "controles"]),
        ],
    },
    {
        "id": "gaubert",
        "name": "Gaubert – zone commerciale",
        "bst": 20,
        "pm": 14,
        "problems": [
            ("cambriolages-zone", "Cambriolages de la zone commerciale", "cambriolages", 1, None),
            ("rodeos-zone", "Rodéos sur le parking de la zone commerciale", "rodeos", 2, None),
            ("vitesse-rd900", "Vitesse sur la RD 900 à Gaubert", "routier", 2, None),
            (
                "incivilites-zone",
                "Vols à l'étalage et incivilités envers les vigiles",
                "incivilites",
                3,
                None,
            ),
            (
                "rassemblements-zone",
                "Rassemblements nocturnes sur le parking",
                "rassemblements",
                3,
                None,
            ),
            ("squat-entrepot", "Squat d'un entrepôt désaffecté", "squat", 4, None),
            ("nuisances-gaubert", "Nuisances sonores (véhicules) à Gaubert", "nuisances", 5, None),
            (
                "cambriolages-gaubert",
                "Cambriolages des maisons de Gaubert",
                "cambriolages",
                3,
                ["tranquillite", "alerte"],
            ),
            (
                "halls-gaubert",
                "Occupation des halls de la résidence du Bourg",
                "halls",
                3,
                ["controles", "gardiens"],
            ),
            (
                "ecoles-gaubert",
                "Incivilités aux arrêts de bus scolaires",
                "ecoles",
                4,
                ["presence", "mediation"],
            ),
        ],
    },
]

LEADS = {
    "pn": "pn",
    "pm": "pm",
    "mairie": "mairie",
    "bailleur": "h2p",
    "association": "adsea",
    "education": "educ",
    "commercants": "commercants",
    "justice": "parquet",
}


def _demand(sector: dict[str, Any], demand: dict[str, float]) -> dict[str, float]:
    names = {"bst": f"{sector['id']}-bst", "pm": f"{sector['id']}-pm"}
    return {names.get(role, role): amount for role, amount in demand.items()}


def build() -> dict[str, Any]:
    partners = [
        {
            "id": "pn",
            "name": "Police nationale — commissariat de Digne-les-Bains",
            "kind": "police_nationale",
        },
        {"id": "pm", "name": "Police municipale de Digne-les-Bains", "kind": "police_municipale"},
        {"id": "h2p", "name": "Habitations de Haute-Provence (bailleur)", "kind": "bailleur"},
        {"id": "mairie", "name": "Mairie de Digne-les-Bains", "kind": "mairie"},
        {"id": "educ", "name": "Éducation nationale", "kind": "education_nationale"},
        {"id": "commercants", "name": "Associations de commerçants", "kind": "commercants"},
        {"id": "adsea", "name": "Association de médiation sociale", "kind": "association"},
        {"id": "parquet", "name": "Parquet de Digne-les-Bains", "kind": "justice"},
        {"id": "cc", "name": "Conseils citoyens", "kind": "conseil_citoyen"},
    ]
    holidays = {3, 4, 9}  # school holidays: fewer officers available
    resources: list[dict[str, Any]] = []
    for sector in SECTORS:
        resources.append(
            {
                "id": f"{sector['id']}-bst",
                "name": f"Patrouilles BST orientables — {sector['name']}",
                "unit": "heures-équipage",
                "owner": "pn",
                "capacity": [
                    round(sector["bst"] * (0.75 if t in holidays else 1)) for t in range(PERIODS)
                ],
            }
        )
        resources.append(
            {
                "id": f"{sector['id']}-pm",
                "name": f"Police municipale — {sector['name']}",
                "unit": "heures",
                "owner": "pm",
                "capacity": sector["pm"],
            }
        )
    resources += [
        {
            "id": "bac",
            "name": "BAC de la circonscription (partagée)",
            "unit": "heures",
            "owner": "pn",
            "capacity": [24 if t in holidays else 32 for t in range(PERIODS)],
        },
        {
            "id": "enquete",
            "name": "Enquêteurs de la sûreté urbaine",
            "unit": "heures",
            "owner": "pn",
            "capacity": 40,
        },
        {
            "id": "renforts",
            "name": "Renforts départementaux (CDI)",
            "unit": "heures-fonctionnaires",
            "owner": "pn",
            "capacity": [150 if t % 3 == 1 else 0 for t in range(PERIODS)],
        },
        {
            "id": "mediateurs",
            "name": "Médiateurs sociaux",
            "unit": "heures",
            "owner": "adsea",
            "capacity": 20,
        },
        {
            "id": "gardiens",
            "name": "Gardiens et médiateurs du bailleur",
            "unit": "heures",
            "owner": "h2p",
            "capacity": 18,
        },
        {
            "id": "budget",
            "name": "Fonds commun de prévention (FIPD + ville)",
            "unit": "euros",
            "owner": "mairie",
            "capacity": 90000,
            "per": "horizon",
        },
    ]
    problems: list[dict[str, Any]] = []
    solutions: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    for sector in SECTORS:
        for slug, title, kind, priority, keep in sector["problems"]:
            pid = f"{sector['id']}.{slug}"
            problems.append(
                {
                    "id": pid,
                    "title": title,
                    "category": kind,
                    "sector": sector["id"],
                    "priority": priority,
                }
            )
            kept = [r for r in CATALOGUE[kind] if keep is None or r[0] in keep]
            for key, stitle, lead, effect, demand, duration, earliest in kept:
                solution: dict[str, Any] = {
                    "id": f"{pid}.{key}",
                    "title": f"{stitle} — {title}",
                    "sector": sector["id"],
                    "lead": LEADS[lead],
                    "effects": {pid: effect},
                    "demand": _demand(sector, demand),
                }
                if duration != 1:
                    solution["duration"] = duration
                if earliest:
                    solution["earliest_start"] = earliest
                solutions.append(solution)
            keys = {r[0] for r in kept}
            for rkind, a, b, amount, reason in RELATIONS[kind]:
                if a not in keys or b not in keys:
                    continue
                relation: dict[str, Any] = {"kind": rkind, "between": [f"{pid}.{a}", f"{pid}.{b}"]}
                if rkind == "synergy":
                    relation["gain"] = amount
                elif rkind == "neutralise":
                    relation["loss"] = amount
                    if "pendant" in reason:  # the loss happens while both run (contract v1.1)
                        relation["when"] = "overlap"
                relation["reason"] = reason
                relations.append(relation)
    # Circonscription-wide measures and relations across sectors.
    solutions.append(
        {
            "id": "csp.cellule-stups",
            "title": "Cellule de coordination stupéfiants de la circonscription",
            "lead": "pn",
            "partners": ["parquet", "mairie"],
            "mandatory": True,
            "duration": PERIODS,
            "effects": {"centre.deal-gassendi": 0.05, "pigeonnier.deal-pigeonnier": 0.05},
            "demand": {"enquete": 4},
        }
    )
    solutions.append(
        {
            "id": "csp.eclairage",
            "title": "Plan lumière des quartiers (éclairage public)",
            "lead": "mairie",
            "effects": {},
            "demand": {"budget": 15000},
            "earliest_start": 1,
        }
    )
    relations += [
        {
            "kind": "synergy",
            "between": ["csp.eclairage", "pigeonnier.halls-pigeonnier.residentialisation"],
            "gain": 0.1,
            "problems": ["pigeonnier.halls-pigeonnier", "pigeonnier.deal-pigeonnier"],
            "reason": "L'éclairage rend la résidentialisation effective et gêne le point de deal voisin.",
        },
        {
            "kind": "synergy",
            "between": ["csp.eclairage", "centre.cambriolages-commerces.rondes"],
            "gain": 0.05,
            "problems": ["centre.cambriolages-commerces", "centre.incivilites-fontaine"],
            "reason": "Les rues éclairées prolongent l'effet des rondes de nuit.",
        },
        {
            "kind": "not_concurrent",
            "between": ["centre.deal-gassendi.pilonnage", "pigeonnier.deal-pigeonnier.pilonnage"],
            "reason": "Un seul pilonnage à la fois : la compagnie départementale ne se divise pas.",
        },
        {
            "kind": "not_concurrent",
            "between": ["pigeonnier.rodeos-arches.saisies", "thermes.rodeos-bleone.saisies"],
            "reason": "Le drone de la DDSP n'est disponible que pour une opération par cycle.",
        },
        {
            "kind": "conflict",
            "between": ["centre.deal-gassendi.pilonnage", "pigeonnier.deal-pigeonnier.enquete"],
            "reason": "Le réseau du Pigeonnier s'approvisionne à Gassendi : un pilonnage alerterait les cibles de l'enquête.",
        },
    ]
    return {
        "name": "Circonscription de Digne-les-Bains — plan trimestriel des quatre secteurs",
        "description": (
            "Quatre secteurs (Centre ancien, Pigeonnier – Arches, Thermes – Barbejas, Gaubert – zone "
            "commerciale) qui partagent la BAC, les enquêteurs, les renforts départementaux, les "
            "médiateurs et un fonds commun de prévention. Douze cycles de 14 jours. Fichier généré par "
            "scenarios/tools/build_circonscription.py."
        ),
        "sector": {
            "id": "csp-digne",
            "name": "Circonscription de sécurité publique de Digne-les-Bains",
        },
        "horizon": {"periods": PERIODS, "period_days": 14, "start_date": "2026-09-07"},
        "partners": partners,
        "resources": resources,
        "problems": problems,
        "solutions": solutions,
        "relations": relations,
        "policy": {"main_priority": 2, "objective": "weighted", "min_main_share": 0.5},
    }


def render() -> str:
    header = (
        "# Généré par scenarios/tools/build_circonscription.py — ne pas modifier à la main :\n"
        "# modifier le générateur puis le relancer.\n"
    )
    return header + yaml.safe_dump(build(), allow_unicode=True, sort_keys=False, width=110)


def main() -> int:
    OUT.write_text(render(), encoding="utf-8")
    print(f"written: {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
