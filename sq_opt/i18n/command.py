"""Words of the ``sq-opt`` command: progress line, errors, messages about files."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "progress": (
        "… {elapsed} s · étape {stage} · meilleure valeur {best} · borne {bound}",
        "… {elapsed} s · stage {stage} · best value {best} · bound {bound}",
    ),
    "stage_value": ("valeur", "value"),
    "stage_main_value": ("valeur principale", "main value"),
    "stage_tie_break": (
        "départage (moindre charge, dates au plus tôt)",
        "tie-break (least load, earliest dates)",
    ),
    "stage_changes": (
        "le moins de changements au plan convenu",
        "fewest changes to the agreed plan",
    ),
    "stage_value_kept": ("valeur à ce nombre de changements", "value at that number of changes"),
    "stage_canonical": ("plan canonique (reproductible)", "canonical plan (reproducible)"),
    "internal_error": (
        "erreur interne de sq-opt (merci de la signaler avec le scénario) : {error}",
        "sq-opt internal error (please report it with the scenario): {error}",
    ),
    "write_error": ("impossible d'écrire {file} : {error}", "cannot write {file}: {error}"),
    "written": ("écrit : {file}", "written: {file}"),
    "written_folder": (
        "écrit dans le dossier {file} : {count} fichier(s), dont {replaced} remplacé(s)",
        "written in the folder {file}: {count} file(s), {replaced} of them replaced",
    ),
    "overwritten": (
        "écrit : {file} (le fichier qui s'y trouvait a été remplacé)",
        "written: {file} (the file that was there has been replaced)",
    ),
    "cli.output_is_input": (
        "{file} est un fichier lu par la commande : il ne sera pas écrasé, choisissez une autre "
        "sortie (-o)",
        "{file} is a file the command reads: it will not be overwritten, choose another output "
        "(-o)",
    ),
    "usage_error": ("erreur d'utilisation : {message}", "usage error: {message}"),
    "interrupted": ("interrompu", "interrupted"),
    "warning_line": ("attention : {line}", "warning: {line}"),
    "cli.compare_two_files": ("compare : au moins deux fichiers", "compare: at least two files"),
    "cli.export_needs_output": (
        "--format xlsx/csv : indiquer le fichier ou le dossier avec -o",
        "--format xlsx/csv: give the file or folder with -o",
    ),
    "cli.template_xlsx": ("le modèle est un classeur .xlsx", "the template is an .xlsx workbook"),
    "cli.whatif_base": ("référence", "base"),
    "cli.whatif_variant": ("variante", "variant"),
    "cli.followup_needs_date": (
        "--followup : indiquer la date de la réunion avec --date AAAA-MM-JJ",
        "--followup: give the meeting's date with --date YYYY-MM-DD",
    ),
}
