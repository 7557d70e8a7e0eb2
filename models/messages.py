"""The validation messages' templates, by issue code (French, English): :data:`models.issues.MESSAGES`
is their catalogue."""

from __future__ import annotations

# code -> (French template, English template). Templates use str.format with the params.
TEMPLATES: dict[str, tuple[str, str]] = {
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
    "rounded": (
        "{got} arrondi à {rounded} ({decimals} décimales du modèle)",
        "{got} rounded to {rounded} (the model's {decimals} decimals)",
    ),
    "capacity_change": (
        "changement de capacité {got} non reconnu : écrire +10%, -20%, +5, -5 ou =30 "
        "(au plus 32 caractères)",
        "capacity change {got} not recognised: write +10%, -20%, +5, -5 or =30 "
        "(32 characters at most)",
    ),
    "no_such_day": ("cette date n'existe pas : {got}", "no such day: {got}"),
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
        "la capacité en P{period} doit être un nombre fini, reçu {got}",
        "the capacity in P{period} must be a finite number, got {got}",
    ),
    "capacity_large": (
        "la capacité en P{period} dépasse {le} ({got})",
        "the capacity in P{period} is above {le} ({got})",
    ),
    "capacity_negative": (
        "la capacité en P{period} est négative ({got})",
        "the capacity in P{period} is negative ({got})",
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
    # warnings (the scenario stays valid)
    "conflict_and_precedes": (
        "« {a} » et « {b} » sont à la fois en conflit ({conflict}) et ordonnées : le conflit "
        "interdit de retenir les deux, l'ordre ne s'appliquera jamais (retirez l'une des deux "
        "relations)",
        "'{a}' and '{b}' both conflict ({conflict}) and are ordered: the conflict forbids "
        "selecting both, so the ordering never applies (remove one of the two relations)",
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
    # workbooks: periods counted from 1 (P1..Pn) or given as dates
    "period_outside_horizon": (
        "période hors horizon : {got} (les périodes vont de 1 à {periods})",
        "period outside the horizon: {got} (periods run from 1 to {periods})",
    ),
    "period_date_without_calendar": (
        "une date ({date}) ne désigne une période qu'avec un calendrier : indiquez horizon.début "
        "dans la feuille « Scénario », ou le numéro de la période (1, 2, …)",
        "a date ({date}) names a period only with a calendar: give horizon.début in sheet "
        "'Scénario', or the period's number (1, 2, ...)",
    ),
    "duplicate_period": (
        "période {period} donnée deux fois pour cette ressource",
        "period {period} given twice for this resource",
    ),
    "capacity_missing_periods": (
        "capacité de « {id} » manquante pour {periods} : une ligne par période",
        "capacity of '{id}' missing for {periods}: one row per period",
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
    "no_scenario": (
        "aucun scénario dans le dossier {folder} (.yaml, .yml, .json, .xlsx, dossier de CSV)",
        "no scenario in folder {folder} (.yaml, .yml, .json, .xlsx, CSV folder)",
    ),
    "grid_needs_base": (
        "grille sans scénario de base : donner « base » dans la grille ou le scénario avant --grid",
        "grid without a base scenario: give 'base' in the grid or the scenario before --grid",
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
    "wrong_document": (
        "ce fichier est {found}, pas {expected} : vérifiez l'ordre des fichiers de la commande",
        "this file is {found}, not {expected}: check the order of the command's files",
    ),
    "adopt_without_plan": (
        "stratégie sans plan (statut « {status} ») : rien à adopter",
        "strategy without a plan (status '{status}'): nothing to adopt",
    ),
    "adopt_violation": (
        "plan non conforme, il ne peut pas être adopté : {detail}",
        "the plan breaks a rule and cannot be adopted: {detail}",
    ),
    "adopt_other_scenario": (
        "ce plan a été calculé pour le scénario « {planned_for} », pas pour « {scenario} »"
        "{unknown} : adoptez-le avec son scénario, ou recalculez le plan",
        "this plan was computed for the scenario '{planned_for}', not '{scenario}'{unknown}: "
        "adopt it with its own scenario, or solve again",
    ),
    "adopt_unknown_actions": (" (actions inconnues ici : {ids})", " (actions unknown here: {ids})"),
    "status_word": (
        "statut {got} non reconnu : écrire {expected}",
        "status {got} not recognised: write {expected}",
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
