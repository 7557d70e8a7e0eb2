"""Validation issues: where the input is wrong (a path) and why (a message in French or English).

Every problem found in a scenario is an :class:`Issue`. Issues are collected, never raised one by
one, so that a user sees all of them at once. :class:`ScenarioError` carries the whole list.
An issue keeps its code and params (never a rendered text) and, when it was found in a workbook,
its :class:`Place` (sheet, row, column): both are said in the language asked when shown.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from models.i18n import Catalogue, Lang

__all__ = [
    "MESSAGES",
    "WORDS",
    "Issue",
    "Lang",
    "Place",
    "ScenarioError",
    "join_path",
    "render",
    "shown",
]

# code -> (French template, English template). Templates use str.format with the issue's params.
_TEMPLATES: dict[str, tuple[str, str]] = {
    # structure (translated from pydantic's error types)
    "missing": ("champ obligatoire manquant", "required field is missing"),
    "extra_forbidden": (
        "champ inconnu (faute de frappe ?) : les champs non prévus par le contrat sont refusés",
        "unknown field (typo?): fields outside the contract are rejected",
    ),
    "type": (
        "type invalide : {expected} attendu, reçu {got}",
        "invalid type: expected {expected}, got {got}",
    ),
    "greater_than": (
        "doit être strictement supérieur à {gt}, reçu {got}",
        "must be greater than {gt}, got {got}",
    ),
    "greater_than_equal": (
        "doit être supérieur ou égal à {ge}, reçu {got}",
        "must be at least {ge}, got {got}",
    ),
    "less_than": (
        "doit être strictement inférieur à {lt}, reçu {got}",
        "must be less than {lt}, got {got}",
    ),
    "less_than_equal": (
        "doit être inférieur ou égal à {le}, reçu {got}",
        "must be at most {le}, got {got}",
    ),
    "too_short": (
        "doit contenir au moins {min_length} élément(s)",
        "must contain at least {min_length} item(s)",
    ),
    "too_long": (
        "doit contenir au plus {max_length} élément(s)",
        "must contain at most {max_length} item(s)",
    ),
    "string_too_short": ("ne doit pas être vide", "must not be empty"),
    "string_too_long": (
        "trop long : {max_length} caractères au plus",
        "too long: at most {max_length} characters",
    ),
    "pattern": (
        "identifiant invalide {got} : lettres, chiffres, « _ », « . », « - », 64 caractères au plus, "
        "commençant par une lettre ou un chiffre",
        "invalid id {got}: letters, digits, '_', '.', '-', at most 64 characters, "
        "starting with a letter or a digit",
    ),
    "literal": (
        "valeur {got} non reconnue : attendu {expected}",
        "unknown value {got}: expected {expected}",
    ),
    "relation_kind": (
        "type de relation {got} inconnu : attendu {expected}",
        "unknown relation kind {got}: expected {expected}",
    ),
    "relation_kind_missing": (
        "le champ « kind » est obligatoire (conflict, neutralise, synergy, precedes, not_concurrent, requires)",
        "the 'kind' field is required (conflict, neutralise, synergy, precedes, not_concurrent, requires)",
    ),
    "date": (
        "date invalide {got} : format attendu AAAA-MM-JJ",
        "invalid date {got}: expected YYYY-MM-DD",
    ),
    "invalid": ("valeur invalide : {detail}", "invalid value: {detail}"),
    # numbers and dates the model can hold (models.limits)
    "finite_number": (
        "doit être un nombre fini, reçu {got}",
        "must be a finite number, got {got}",
    ),
    "bool_not_number": (
        "un nombre est attendu, reçu {got} (oui / non, true / false ne sont pas des nombres)",
        "a number is expected, got {got} (yes / no, true / false are not numbers)",
    ),
    "below_precision": (
        "{got} n'est pas nul mais inférieur à {smallest} : arrondi aux 6 décimales du modèle, "
        "il vaudrait 0",
        "{got} is not 0 but below {smallest}: rounded to the model's 6 decimals it would be 0",
    ),
    "date_range": (
        "date {got} hors de la plage acceptée ({first} à {last})",
        "date {got} outside the accepted range ({first} to {last})",
    ),
    "model_overflow": (
        "nombres trop grands pour le modèle en entiers : {what} atteint {total:.3g} une fois "
        "multiplié par 10^{decimals} ({decimals} décimales), au-delà de la limite {limit:.3g} ; "
        "utilisez une unité plus grande ou moins de décimales",
        "numbers too large for the integer model: {what} reaches {total:.3g} once multiplied by "
        "10^{decimals} ({decimals} decimals), beyond the limit {limit:.3g}; use a larger unit or "
        "fewer decimals",
    ),
    "model_invalid": (
        "le modèle en entiers ne peut pas représenter ces nombres (dépassement) : utilisez des "
        "nombres plus petits (une unité plus grande, moins de décimales)",
        "the integer model cannot hold these numbers (overflow): use smaller numbers (a larger "
        "unit, fewer decimals)",
    ),
    "too_deep": (
        "document trop imbriqué (plus de {limit} niveaux)",
        "document nested too deeply (more than {limit} levels)",
    ),
    "too_many_values": (
        "document trop grand une fois les alias YAML développés (plus de {limit} valeurs)",
        "document too large once its YAML aliases are expanded (more than {limit} values)",
    ),
    # item-level rules
    "capacity_shape": (
        "la capacité doit être un nombre ≥ 0 ou une liste de nombres ≥ 0, reçu {got}",
        "capacity must be a number >= 0 or a list of numbers >= 0, got {got}",
    ),
    "capacity_finite_number": (
        "la capacité de la période {index} doit être un nombre fini, reçu {got}",
        "the capacity of period {index} must be a finite number, got {got}",
    ),
    "capacity_large": (
        "la capacité de la période {index} dépasse {le} ({got})",
        "the capacity of period {index} is above {le} ({got})",
    ),
    "capacity_negative": (
        "la capacité de la période {index} est négative ({got})",
        "the capacity of period {index} is negative ({got})",
    ),
    "horizon_pool_list": (
        "une ressource « per: horizon » est un seul stock pour tout l'horizon : sa capacité doit être "
        "un nombre, pas une liste",
        "a 'per: horizon' resource is one pool for the whole horizon: its capacity must be a single "
        "number, not a list",
    ),
    "mandatory_excluded": (
        "une solution ne peut pas être à la fois obligatoire (mandatory) et exclue (excluded)",
        "a solution cannot be both mandatory and excluded",
    ),
    "window_too_short": (
        "la fenêtre [{earliest_start}, {latest_end}[ ne peut pas contenir une durée de {duration} période(s)",
        "the window [{earliest_start}, {latest_end}) cannot hold a duration of {duration} period(s)",
    ),
    "self_relation": (
        "une relation relie deux solutions différentes : « {a} » est reliée à elle-même",
        "a relation links two different solutions: '{a}' is related to itself",
    ),
    # scenario-level rules
    "duplicate_id": (
        "identifiant « {id} » en double (déjà utilisé par {first})",
        "duplicate id '{id}' (already used by {first})",
    ),
    "unknown_partner": ("partenaire « {id} » inconnu{hint}", "unknown partner '{id}'{hint}"),
    "unknown_problem": ("problème « {id} » inconnu{hint}", "unknown problem '{id}'{hint}"),
    "unknown_resource": ("ressource « {id} » inconnue{hint}", "unknown resource '{id}'{hint}"),
    "unknown_solution": ("solution « {id} » inconnue{hint}", "unknown solution '{id}'{hint}"),
    "capacity_length": (
        "{count} capacité(s) données pour {periods} période(s) : il faut une valeur par période "
        "(ou un seul nombre)",
        "{count} capacity value(s) given for {periods} period(s): one value per period is needed "
        "(or a single number)",
    ),
    "latest_end_beyond_horizon": (
        "latest_end = {latest_end} dépasse l'horizon de {periods} période(s)",
        "latest_end = {latest_end} is beyond the horizon of {periods} period(s)",
    ),
    "earliest_start_beyond_horizon": (
        "earliest_start = {earliest_start} + durée {duration} dépasse l'horizon de {periods} période(s)",
        "earliest_start = {earliest_start} + duration {duration} is beyond the horizon of "
        "{periods} period(s)",
    ),
    "empty_effects": (
        "aucun effet : une solution sans effet direct doit participer à au moins une synergie "
        "(mesure d'accompagnement)",
        "no effects: a solution without direct effects must take part in at least one synergy "
        "(an enabling measure)",
    ),
    "relation_no_problems": (
        "aucun problème concerné : « {a} » et « {b} » n'agissent sur aucun problème commun, "
        "indiquez les problèmes dans « problems »",
        "no problem concerned: '{a}' and '{b}' share no problem in their effects, "
        "list the problems in 'problems'",
    ),
    "duplicate_relation": (
        "relation « {kind} » en double entre « {a} » et « {b} » (déjà donnée en {first})",
        "duplicate '{kind}' relation between '{a}' and '{b}' (already given at {first})",
    ),
    "precedes_cycle": (
        "cycle d'antériorité : {cycle} (chaque action devrait finir avant la suivante)",
        "ordering cycle: {cycle} (each action would have to end before the next one)",
    ),
    "field_only_for": (
        "le champ « {field} » n'a de sens que pour une relation « {kind} »",
        "the field '{field}' only applies to a '{kind}' relation",
    ),
    # contract v1.1
    "range_without_effect": (
        "plage d'effet sur « {problem} » sans effet attendu sur ce problème (ajoutez-le à « effects »)",
        "effect range on '{problem}' without an expected effect on that problem (add it to 'effects')",
    ),
    "range_excludes_effect": (
        "la plage [{low} ; {high}] doit contenir l'effet attendu {effect}",
        "the range [{low}, {high}] must contain the expected effect {effect}",
    ),
    # follow-up document (contract-followup.md)
    "followup_needs_start_date": (
        "le suivi a besoin d'un calendrier : indiquez horizon.start_date dans le scénario « {scenario} »",
        "follow-up needs a calendar: give horizon.start_date in scenario '{scenario}'",
    ),
    "date_outside_calendar": (
        "date {date} hors du calendrier du scénario ({first} → {last})",
        "date {date} outside the scenario's calendar ({first} to {last})",
    ),
    "meetings_out_of_order": (
        "réunions à donner de la plus ancienne à la plus récente ({date} est hors d'ordre)",
        "meetings must be given oldest first ({date} is out of order)",
    ),
    "end_before_start": (
        "la fin {end} précède le début {start}",
        "end {end} is before start {start}",
    ),
    "duplicate_entry": (
        "« {id} » figure deux fois au registre (déjà en {first})",
        "'{id}' is twice in the register (already at {first})",
    ),
    "mandatory_abandoned": (
        "« {id} » est obligatoire dans le scénario : elle ne peut pas être abandonnée",
        "'{id}' is mandatory in the scenario: it cannot be abandoned",
    ),
    "excluded_started": (
        "« {id} » est exclue dans le scénario mais notée « {status} »",
        "'{id}' is excluded in the scenario but recorded as '{status}'",
    ),
    "spent_not_pool": (
        "« {id} » n'est pas un budget de l'horizon (per: horizon) : seules ces ressources ont une dépense",
        "'{id}' is not a horizon pool (per: horizon): only such resources record spending",
    ),
    "duplicate_observation": (
        "deuxième observation de « {problem} » pour la période {period} (déjà en {first})",
        "second observation of '{problem}' for period {period} (already at {first})",
    ),
    "followup_other_scenario": (
        "ce suivi a été écrit pour « {followup} », pas pour « {scenario} »",
        "this follow-up was written for '{followup}', not for '{scenario}'",
    ),
    "started_after_date": (
        "notée « {status} » mais commence le {start}, après la date de replanification {date}",
        "recorded as '{status}' but starts on {start}, after the replanning date {date}",
    ),
    "done_after_date": (
        "terminée le {end}, après la date de replanification {date}",
        "done on {end}, after the replanning date {date}",
    ),
    "variant_loop": (
        "la variante se prend elle-même pour base (par {file})",
        "the variant is its own base (through {file})",
    ),
    "level_range": (
        "le niveau des intervalles doit être strictement entre 0 et 1 (0,9 pour 90 %), reçu {got}",
        "the interval level must be strictly between 0 and 1 (0.9 for 90%), got {got}",
    ),
    "step_range": (
        "le pas doit être compris entre {low} et 1, reçu {got}",
        "the step must be between {low} and 1, got {got}",
    ),
    "tolerance_range": (
        "la tolérance doit être comprise entre 0 et 1, reçu {got}",
        "the tolerance must be between 0 and 1, got {got}",
    ),
    "adopt_without_plan": (
        "stratégie sans plan (statut « {status} ») : rien à adopter",
        "strategy without a plan (status '{status}'): nothing to adopt",
    ),
    "adopt_violation": (
        "plan non conforme, il ne peut pas être adopté : {detail}",
        "the plan breaks a rule and cannot be adopted: {detail}",
    ),
    "no_followup_sheet": (
        "aucune feuille de suivi dans ce classeur (attendu : {sheets})",
        "no follow-up sheet in this workbook (expected: {sheets})",
    ),
    # loading
    "file_not_found": ("fichier introuvable : {file}", "file not found: {file}"),
    "file_unreadable": (
        "fichier illisible : {file} ({detail})",
        "cannot read file: {file} ({detail})",
    ),
    "file_format": (
        "format de fichier non reconnu « {suffix} » : attendu .json, .yaml ou .yml",
        "unknown file format '{suffix}': expected .json, .yaml or .yml",
    ),
    "syntax": (
        "syntaxe {format} invalide, ligne {line}, colonne {column} : {detail}",
        "invalid {format} syntax, line {line}, column {column}: {detail}",
    ),
    "strategy_not_scenario": (
        "ce fichier est une stratégie, pas un scénario ni une variante",
        "this file is a strategy, not a scenario or a variant",
    ),
    "not_a_mapping": (
        "le document doit être un objet (clé: valeur) à la racine, reçu {got}",
        "the document must be a mapping (key: value) at its root, got {got}",
    ),
    # strategy documents
    "use_lengths": (
        "{used} valeur(s) d'utilisation pour {capacity} capacité(s) : il en faut autant "
        "(une par période, une seule pour un stock de l'horizon)",
        "{used} use value(s) for {capacity} capacity value(s): there must be as many "
        "(one per period, a single one for a horizon pool)",
    ),
}
MESSAGES = Catalogue(_TEMPLATES)
"""The validation messages, by issue code."""

WORDS = Catalogue(
    {
        "did_you_mean": (
            " (vouliez-vous dire « {suggestion} » ?)",
            " (did you mean '{suggestion}'?)",
        ),
        "errors_in": ("{count} erreur(s) dans {source}", "{count} error(s) in {source}"),
        "the_scenario": ("le scénario", "the scenario"),
        "issue": ("{path} : {message}", "{path}: {message}"),
        "document": ("(document)", "(document)"),
        # the sources that are not files (ScenarioError.source)
        "source.suivi": ("suivi", "follow-up"),
        "source.stratégie": ("stratégie", "strategy"),
        "source.variante": ("variante", "variant"),
        "source.options": ("options", "options"),
        "source.changes": ("changes", "changes"),
        # a place in a workbook (Place.text)
        "place.cell": ("feuille « {sheet} », ligne {row}", "sheet '{sheet}', row {row}"),
        "place.column": (", colonne « {column} »", ", column '{column}'"),
        "place.path": ("{place} ({path})", "{place} ({path})"),
        "place.sheet_column": (
            "{sheet}, colonne « {column} »",
            "sheet '{sheet}', column '{column}'",
        ),
        # what a value of the wrong type should have been (the "type" message's {expected})
        "expected.int": ("un entier", "an integer"),
        "expected.float": ("un nombre", "a number"),
        "expected.bool": ("un booléen (true/false)", "a boolean (true/false)"),
        "expected.string": ("un texte", "a text"),
        "expected.list": ("une liste", "a list"),
        "expected.dict": ("un objet (clé: valeur)", "a mapping (key: value)"),
        "expected.model": ("un objet (clé: valeur)", "a mapping (key: value)"),
        "expected.tuple": ("une liste de deux identifiants", "a list of two ids"),
        "expected.date": ("une date AAAA-MM-JJ", "a date YYYY-MM-DD"),
    }
)
"""The words around the messages."""


_SHOWN = reprlib.Repr()
_SHOWN.maxstring = _SHOWN.maxother = _SHOWN.maxlong = 60
_SHOWN.maxlist = _SHOWN.maxdict = _SHOWN.maxtuple = _SHOWN.maxset = 4
_SHOWN.maxlevel = 2


def shown(value: Any) -> str:
    """A value as a message quotes it: at most 60 characters, never formatted whole (a huge or
    deeply nested value costs no more than a small one)."""
    text = _SHOWN.repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def render(code: str, params: dict[str, Any], lang: Lang = "fr") -> str:
    """Render the message of ``code`` in ``lang``; unknown codes fall back to their params."""
    if code not in MESSAGES:
        return f"{code}: {params}"
    suggestion = params.get("suggestion")
    hint = WORDS.t("did_you_mean", lang, suggestion=suggestion) if suggestion else ""
    try:
        return MESSAGES.t(code, lang, **{**params, "hint": hint})
    except (KeyError, IndexError):
        return MESSAGES.template(code, lang)


@dataclass(frozen=True)
class Place:
    """A cell of a workbook (or of a CSV folder): sheet, spreadsheet row, column, and the contract
    path the cell holds ("" when it names none). Without a row: a column of the sheet."""

    sheet: str
    row: int | None = None
    column: str | None = None
    path: str = ""

    def text(self, lang: Lang = "fr") -> str:
        """``feuille « Problèmes », ligne 3, colonne « priorité » (problems[1].priority)``."""
        if self.row is None:
            return WORDS.t("place.sheet_column", lang, sheet=self.sheet, column=self.column or "")
        place = WORDS.t("place.cell", lang, sheet=self.sheet, row=self.row)
        if self.column:
            place += WORDS.t("place.column", lang, column=self.column)
        return WORDS.t("place.path", lang, place=place, path=self.path) if self.path else place


@dataclass(frozen=True)
class Issue:
    """One thing wrong with the input: ``path`` says where (``solutions[3].effects.deal-place``).

    An issue found in a workbook (:meth:`at`) has a ``place``: its ``path`` is then that place
    said in French, and :meth:`where` says it in any language.
    """

    path: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    place: Place | None = None

    @classmethod
    def at(cls, place: Place, code: str, params: dict[str, Any] | None = None) -> Issue:
        """An issue found in the cell ``place`` of a workbook."""
        return cls(place.text(), code, params or {}, place)

    def where(self, lang: Lang = "fr") -> str:
        """Where the issue is, in ``lang``: its place in a workbook, or its contract path."""
        return self.place.text(lang) if self.place is not None else self.path

    def message(self, lang: Lang = "fr") -> str:
        return render(self.code, self.params, lang)

    def line(self, lang: Lang = "fr") -> str:
        """``where : message`` (``(document)`` for the document itself)."""
        where = self.where(lang) or WORDS.t("document", lang)
        return WORDS.t("issue", lang, path=where, message=self.message(lang))

    def as_dict(self, lang: Lang = "fr") -> dict[str, str]:
        return {"path": self.where(lang), "code": self.code, "message": self.message(lang)}

    def __str__(self) -> str:
        return self.line()


class ScenarioError(Exception):
    """The input is not a valid scenario (or strategy); ``issues`` lists every problem found.

    Deliberately not a ``ValueError``: raised from a pydantic validator it propagates unchanged
    (with every issue and its path) instead of being folded into one anonymous error.
    """

    def __init__(self, issues: Sequence[Issue], source: str | None = None) -> None:
        self.issues: list[Issue] = list(issues)
        self.source = source
        super().__init__(self.describe())

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its issues (it crosses the solver processes' boundary)."""
        return (type(self), (self.issues, self.source))

    def describe(self, lang: Lang = "fr") -> str:
        """``N erreur(s) dans <source>`` then one line per issue, all in ``lang``."""
        known = f"source.{self.source}"
        if not self.source:
            source = WORDS.t("the_scenario", lang)
        else:
            source = WORDS.t(known, lang) if known in WORDS else self.source
        head = WORDS.t("errors_in", lang, count=len(self.issues), source=source)
        return "\n".join([head, *(f"  - {issue.line(lang)}" for issue in self.issues)])


def join_path(parts: Iterable[str | int]) -> str:
    """Format a location as ``solutions[3].effects.deal-place``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
