"""Words about the inputs: cells and files read (``io.``), changes applied to a scenario
(``variant.``), numbers rounded in the model (``scaling.``).

The ``io.`` words are the details of validation issues (a :class:`~models.i18n.Phrase` in the
issue's params, said in the language the issue is shown in).
"""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    # a workbook cell that cannot be converted (sq_opt.io.sheets.layout.BadCell)
    "io.cell.bool": ("oui ou non attendu : {got}", "yes or no expected, got {got}"),
    "io.cell.number": ("nombre attendu : {got}", "a number is expected, got {got}"),
    "io.cell.integer": ("entier attendu : {got}", "a whole number is expected, got {got}"),
    "io.cell.share": (
        "part attendue, entre 0 et 1 (0,35) ou en pourcentage (35 %) : {got}",
        "a share is expected, between 0 and 1 (0.35) or as a percentage (35 %), got {got}",
    ),
    "io.cell.number_no_percent": (
        "nombre attendu, sans « % » (le pourcentage ne vaut que pour une part : effet, gain, "
        "perte, couverture) : {got}",
        "a number is expected, without '%' (a percentage is for shares only: effect, gain, loss, "
        "coverage), got {got}",
    ),
    "io.cell.date": (
        "date attendue (JJ/MM/AAAA ou AAAA-MM-JJ) : {got}",
        "a date is expected (YYYY-MM-DD or DD/MM/YYYY), got {got}",
    ),
    "io.cell.no_such_day": ("cette date n'existe pas : {got}", "no such day: {got}"),
    "io.cell.period": (
        "période attendue : son numéro (1, 2, … ou P1, P2, …) ou une date : {got}",
        "a period is expected: its number (1, 2, ... or P1, P2, ...) or a date, got {got}",
    ),
    # JSON / YAML text
    "io.duplicate_key": ("clé « {key} » en double", "duplicate key '{key}'"),
    # what-if changes given on the command line
    "variant.capacity_format": (
        "attendu RESSOURCE=+10% : {got}",
        "expected RESOURCE=+10%, got {got}",
    ),
    "variant.set_format": ("attendu chemin=valeur : {got}", "expected path=value, got {got}"),
    # notes on the side effects of changes (apply_changes)
    "variant.capacity_clipped": (
        "capacité de {resource} ramenée à 0 là où le changement la rendait négative",
        "capacity of {resource} brought back to 0 where the change made it negative",
    ),
    "variant.mandatory_dropped": (
        "action obligatoire {solution} exclue : son partenaire {partner} est absent",
        "mandatory action {solution} excluded: its partner {partner} is absent",
    ),
    # numbers the model rounds (Strategy.warnings)
    "scaling.more": (
        "… et {count} autre(s) nombre(s) arrondi(s) de la même façon",
        "… and {count} more number(s) rounded the same way",
    ),
    "scaling.effects": (
        "effets / gains / pertes arrondis à {decimals} décimales dans le modèle",
        "effects / gains / losses rounded to {decimals} decimals in the model",
    ),
    "scaling.weights": (
        "poids arrondis à {decimals} décimales dans le modèle",
        "weights rounded to {decimals} decimals in the model",
    ),
    "scaling.resource": (
        "ressource {resource} : demandes / capacités arrondies à {decimals} décimales",
        "resource {resource}: demands / capacities rounded to {decimals} decimals",
    ),
}
