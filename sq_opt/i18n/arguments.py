"""Words of the command line's own machinery (argparse's messages, by their English text), so
that ``sq-opt --help`` and a usage error speak one language, French by default.

Keys are ``argparse:`` followed by the message argparse asks gettext for (Python 3.11 to 3.13).
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "optional arguments": "options",
    "subcommands": "commandes",
    "show this help message and exit": "afficher cette aide et quitter",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)r (choisir parmi %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s) : %(value)r",
    "expected one argument": "une valeur attendue",
    "expected at most one argument": "au plus une valeur attendue",
    "expected at least one argument": "au moins une valeur attendue",
    "expected %s argument": "%s valeur attendue",
    "expected %s arguments": "%s valeurs attendues",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "ignored explicit argument %r": "valeur %r ignorée",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "unexpected option string: %s": "option inattendue : %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "commande %(parser_name)r inconnue (choix : %(choices)s)"
    ),
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
}
"""argparse's English message -> its French."""

WORDS: dict[str, tuple[str, str]] = {
    f"argparse:{english}": (french, english) for english, french in MESSAGES.items()
}
WORDS |= {
    "argparse.type.float": ("nombre attendu : {value!r}", "a number is expected: {value!r}"),
    "argparse.type.int": ("entier attendu : {value!r}", "a whole number is expected: {value!r}"),
    "argparse.type.date": (
        "date attendue AAAA-MM-JJ ou JJ/MM/AAAA : {value!r}",
        "a date is expected, YYYY-MM-DD or DD/MM/YYYY: {value!r}",
    ),
    "argparse.date.no_such_day": (
        "cette date n'existe pas : {value!r}",
        "no such day: {value!r}",
    ),
    "argparse.range.at_least": ("au moins {low} : {value!r}", "at least {low}: {value!r}"),
    "argparse.range.between": (
        "entre {low} et {high} : {value!r}",
        "between {low} and {high}: {value!r}",
    ),
}

METAVARS: dict[str, tuple[str, str]] = {
    "scenario": ("SCÉNARIO", "SCENARIO"),
    "strategy": ("STRATÉGIE", "STRATEGY"),
    "followup": ("SUIVI", "FOLLOWUP"),
    "source": ("SOURCE", "SOURCE"),
    "target": ("CIBLE", "TARGET"),
    "file": ("FICHIER", "FILE"),
    "output": ("FICHIER", "FILE"),
    "date": ("DATE", "DATE"),
    "seed": ("N", "N"),
    "workers": ("N", "N"),
    "gap": ("G", "G"),
    "tolerance": ("τ", "τ"),
    "diversity": ("N", "N"),
    "note": ("TEXTE", "TEXT"),
    "level": ("NIVEAU", "LEVEL"),
    "host": ("ADRESSE", "ADDRESS"),
    "port": ("PORT", "PORT"),
    "sector": ("SECTEUR", "SECTOR"),
    "label": ("LIBELLÉ", "LABEL"),
    "id": ("N", "N"),
    "step": ("PAS", "STEP"),
    "until": ("DATE", "DATE"),
}
"""The placeholders of the command's arguments (``--help``, usage lines)."""
WORDS |= {f"metavar.{name}": pair for name, pair in METAVARS.items()}
