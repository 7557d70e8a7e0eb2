"""Words of the GPO cycle's views (``cycle.`` keys): what changed since the last meeting and why,
the follow-up commands' messages."""

from __future__ import annotations

from models.i18n import Pair

WORDS: dict[str, Pair] = {
    "cycle.title": (
        "Ce qui a changé depuis la dernière réunion — replanification au {date}",
        "What changed since the last meeting — replanned on {date}",
    ),
    "cycle.title_since": (
        "Ce qui a changé depuis la réunion du {meeting} — replanification au {date}",
        "What changed since the meeting of {meeting} — replanned on {date}",
    ),
    "cycle.facts": (
        "Réalisé : {done} action(s) terminée(s), {running} en cours, {abandoned} abandonnée(s).",
        "Done so far: {done} action(s) done, {running} running, {abandoned} abandoned.",
    ),
    "cycle.agreed": (
        "Actions convenues : {kept} maintenue(s), {moved} déplacée(s), {dropped} retirée(s) ; "
        "{added} nouvelle(s).",
        "Agreed actions: {kept} kept, {moved} moved, {dropped} dropped; {added} new.",
    ),
    "cycle.nothing": (
        "Rien ne change dans ce qui était convenu.",
        "Nothing changes in what was agreed.",
    ),
    "cycle.tolerance": (
        "Tolérance {pct} : la valeur peut céder jusqu'à {pct} pour garder ce qui était convenu.",
        "Tolerance {pct}: the value may give up to {pct} to keep what was agreed.",
    ),
    "cycle.col_action": ("Action", "Action"),
    "cycle.col_change": ("Changement", "Change"),
    "cycle.col_from": ("Convenue pour le", "Agreed for"),
    "cycle.col_to": ("Nouvelle date", "New date"),
    "cycle.col_lead": ("Pilote", "Lead"),
    "cycle.change_kept": ("maintenue", "kept"),
    "cycle.change_moved": ("déplacée", "moved"),
    "cycle.change_dropped": ("retirée", "dropped"),
    "cycle.change_added": ("nouvelle", "new"),
    "cycle.change_running": ("en cours", "running"),
    "cycle.change_done": ("terminée", "done"),
    "cycle.change_abandoned": ("abandonnée", "abandoned"),
    "cycle.why_title": ("Pourquoi", "Why"),
    "cycle.moved": (
        "{action} : déplacée du {from_} au {to}.",
        "{action}: moved from {from_} to {to}.",
    ),
    "cycle.dropped": (
        "{action} : retirée (convenue pour le {from_}).",
        "{action}: dropped (agreed for {from_}).",
    ),
    "cycle.added": ("{action} : nouvelle, à partir du {to}.", "{action}: new, from {to}."),
    "cycle.reason_excluded": (
        "Le scénario l'exclut désormais.",
        "The scenario now excludes it.",
    ),
    "cycle.reason_window": (
        "Sa fenêtre (début au plus tôt, fin au plus tard) ne permet plus de la commencer le {from_}.",
        "Its window (earliest start, latest end) no longer allows starting it on {from_}.",
    ),
    "cycle.reason_rule": (
        "Elle ne pouvait pas rester au {from_} : c'est incompatible avec {items}.",
        "It could not stay on {from_}: that clashes with {items}.",
    ),
    "cycle.reason_value": (
        "La garder au {from_} coûterait {cost} point(s) de valeur.",
        "Keeping it on {from_} would cost {cost} point(s) of value.",
    ),
    "cycle.taken_by": (
        " Ses moyens vont à {actions}.",
        " Its means go to {actions}.",
    ),
    "cycle.reason_trade": (
        "La garder au {from_} obligerait à changer {actions}, convenue(s) aussi.",
        "Keeping it on {from_} would change {actions}, agreed as well.",
    ),
    "cycle.reason_trade_plain": (
        "La garder au {from_} obligerait à changer une autre action convenue.",
        "Keeping it on {from_} would change another agreed action.",
    ),
    "cycle.reason_undetermined": (
        "Raison non déterminée dans le temps imparti (augmentez --time-limit).",
        "Reason not determined in the time allowed (raise --time-limit).",
    ),
    "cycle.action_status": (" — {status}", " — {status}"),
    "cycle.adopted": (
        "Plan adopté à la réunion du {date} : {planned} action(s) prévue(s) au registre.",
        "Plan adopted at the meeting of {date}: {planned} planned action(s) in the register.",
    ),
    "cycle.proposals_none": (
        "Aucune proposition : pas assez de données sur les problèmes évalués.",
        "No proposal: not enough data on the evaluated problems.",
    ),
    "cycle.proposals": (
        "{count} effet(s) à revoir proposé(s) dans {file} (variante à relire, rien n'est changé "
        "dans le scénario).",
        "{count} effect update(s) proposed in {file} (a variant to read; nothing is changed in "
        "the scenario).",
    ),
    "cycle.update_needs_output": (
        "--update-effects : indiquer le fichier de la variante avec -o",
        "--update-effects: give the variant file with -o",
    ),
    "cycle.template_xlsx": (
        "la fiche de suivi est un classeur .xlsx",
        "the follow-up sheet is an .xlsx workbook",
    ),
    "cycle.followup_valid": (
        "Suivi valide : {entries} action(s) au registre, {observations} observation(s), "
        "{meetings} réunion(s).",
        "Valid follow-up: {entries} action(s) in the register, {observations} observation(s), "
        "{meetings} meeting(s).",
    ),
    "cycle.needs_followup": (
        "cette stratégie a été replanifiée le {date} : indiquer le suivi avec --followup",
        "this strategy was replanned on {date}: give the follow-up with --followup",
    ),
    "cycle.window_closed": (
        "« {action} » ({entry}) était due le {date} et n'est pas notée commencée : sa fenêtre ne "
        "permet plus de la commencer. Si elle a commencé, notez-la « en cours » avec sa date.",
        "'{action}' ({entry}) was due on {date} and is not recorded as started: its window no "
        "longer allows it to start. If it began, record it as running with its date.",
    ),
}
