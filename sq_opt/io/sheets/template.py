"""The empty, documented scenario workbook: a help sheet, headers, drop-down lists."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.worksheet.datavalidation import DataValidation

from sq_opt.io.sheets.layout import KEY, SCENARIO, VALUE
from sq_opt.io.sheets.writer import literal_texts

HELP = [
    (
        "Scénario",
        "clé / valeur : nom (obligatoire), description, secteur.id, secteur.nom, horizon.périodes (1 à 52), horizon.jours_par_période (14), horizon.début (une date : 09/03/2026). Les périodes se comptent à partir de 1 : P1 commence le jour de horizon.début.",
    ),
    (
        "Partenaires",
        "un membre du GPO par ligne : id, nom, type (police_nationale, police_municipale, bailleur, education_nationale, conseil_citoyen, commercants, transport, mairie, justice, association, autre).",
    ),
    (
        "Ressources",
        "une capacité par ligne : id, nom, unité (heures), propriétaire (id de partenaire), par (period ou horizon), capacité (la même à chaque période, ou le stock de l'horizon). Capacités variables : laisser « capacité » vide et remplir la feuille Capacités.",
    ),
    (
        "Capacités",
        "capacité d'une ressource à une période, une ligne par période : ressource, période (1 à horizon.périodes, ou P1, P2…, ou une date de la période), capacité.",
    ),
    (
        "Problèmes",
        "id, titre, catégorie, secteur, priorité (1 = le plus urgent à 5), poids (par défaut 2^(5 − priorité)), principal (oui/non), couverture_min (0 à 1), notes.",
    ),
    (
        "Solutions",
        "id, titre, secteur, pilote (id de partenaire), partenaires (ids séparés par des virgules), durée (périodes), début_au_plus_tôt (première période où l'action peut commencer : 1 à n, ou une date), fin_au_plus_tard (dernière période où elle peut encore se dérouler : 1 à n, ou une date), obligatoire (oui/non), exclue (oui/non), type (d'intervention : hot_spot_patrol, judicial_operation, cctv, street_lighting, mediation, situational_prevention, school_prevention, traffic_enforcement…), notes.",
    ),
    (
        "Effets",
        "part d'un problème qu'une solution résout seule : solution, problème, effet (entre 0 et 1, 0,35, ou en pourcentage, 35 %) ; effet_bas et effet_haut (facultatifs) : la plage d'incertitude de l'effet.",
    ),
    (
        "Demandes",
        "moyens qu'une solution demande à chaque période active (stock : au total) : solution, ressource, demande.",
    ),
    (
        "Relations",
        "type (conflict, neutralise, synergy, precedes, not_concurrent, requires), a, b (ids de solutions), gain (synergy), perte (neutralise), problèmes (ids séparés par des virgules), quand (synergy, neutralise : selected = dès que les deux sont retenues, overlap = seulement pendant qu'elles se déroulent en même temps), raison.",
    ),
    (
        "Politique",
        "clé / valeur : priorité_principale (2), objectif (weighted ou main_first), part_principale_min (0 à 1), problèmes_max, calendrier (earliest : au plus tôt ; balanced : charge lissée), incertitude_effets (0 à 1).",
    ),
    (
        "(nombres et dates)",
        "virgule ou point décimal (0,35 ou 0.35), espaces entre milliers (1 234,5), pourcentages pour les parts (effets, gains, pertes, couverture_min, part_principale_min : 35 %), dates en cellules date ou écrites JJ/MM/AAAA.",
    ),
]


def write_template(path: str | Path) -> None:
    """An empty, documented workbook: headers, a help sheet, drop-down lists."""
    tables = {sheet: pd.DataFrame(columns=SCENARIO.headers(sheet)) for sheet in SCENARIO.tables}
    scenario_keys = [c for c, _, _ in SCENARIO.key_values["Scénario"]]
    tables["Scénario"] = pd.DataFrame({KEY: scenario_keys, VALUE: [None] * len(scenario_keys)})
    tables["Politique"] = pd.DataFrame(
        {
            KEY: [c for c, _, _ in SCENARIO.key_values["Politique"]],
            VALUE: [2, "weighted", None, None, "earliest", None],
        }
    )
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame(HELP, columns=["feuille", "contenu"]).to_excel(
            writer, sheet_name="Aide", index=False
        )
        for sheet in SCENARIO.sheets:
            tables[sheet].to_excel(writer, sheet_name=sheet, index=False)
        literal_texts(writer.book)
    book = load_workbook(path)

    def validate(sheet: str, column: str, formula: str, kind: str = "list") -> None:
        ws = book[sheet]
        letter = next(c.column_letter for c in ws[1] if c.value == column)
        rule = DataValidation(type=kind, formula1=formula, allow_blank=True)
        if kind == "whole":
            rule = DataValidation(
                type="whole", operator="between", formula1="1", formula2="5", allow_blank=True
            )
        ws.add_data_validation(rule)
        rule.add(f"{letter}2:{letter}1000")

    validate("Relations", "type", '"conflict,neutralise,synergy,precedes,not_concurrent,requires"')
    validate(
        "Partenaires",
        "type",
        '"police_nationale,police_municipale,bailleur,education_nationale,conseil_citoyen,commercants,transport,mairie,justice,association,autre"',
    )
    validate("Solutions", "pilote", "=Partenaires!$A$2:$A$200")
    validate("Ressources", "propriétaire", "=Partenaires!$A$2:$A$200")
    validate("Ressources", "par", '"period,horizon"')
    validate("Problèmes", "priorité", "", kind="whole")
    validate("Solutions", "obligatoire", '"oui,non"')
    validate("Solutions", "exclue", '"oui,non"')
    validate("Problèmes", "principal", '"oui,non"')
    validate("Relations", "quand", '"selected,overlap"')
    for ws in book.worksheets:
        for cells in ws.columns:
            ws.column_dimensions[cells[0].column_letter].width = max(
                12, min(60, max(len(str(c.value or "")) for c in cells) + 2)
            )
    book.save(path)
