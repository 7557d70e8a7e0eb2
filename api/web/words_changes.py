"""The words of the follow-up history: each stored change summary told as a sentence
(:mod:`api.web.changes`)."""

from __future__ import annotations

from models.i18n import Pair

CHANGES: dict[str, Pair] = {
    "change.adopt": ("adoption du plan le {date} : {parts}", "plan adopted on {date}: {parts}"),
    "change.document": ("suivi enregistré en entier : {parts}", "whole follow-up saved: {parts}"),
    "change.nothing": ("aucun changement", "no change"),
    "change.register.added.one": ("1 action ajoutée au registre", "1 action added to the register"),
    "change.register.added.many": (
        "{n} actions ajoutées au registre",
        "{n} actions added to the register",
    ),
    "change.register.changed.one": ("1 action du registre modifiée", "1 register action changed"),
    "change.register.changed.many": (
        "{n} actions du registre modifiées",
        "{n} register actions changed",
    ),
    "change.register.removed.one": ("1 action retirée du registre", "1 action removed"),
    "change.register.removed.many": ("{n} actions retirées du registre", "{n} actions removed"),
    "change.indicators.added.one": ("1 comptage ajouté", "1 count added"),
    "change.indicators.added.many": ("{n} comptages ajoutés", "{n} counts added"),
    "change.indicators.removed.one": ("1 comptage retiré", "1 count removed"),
    "change.indicators.removed.many": ("{n} comptages retirés", "{n} counts removed"),
    "change.meetings.added.one": ("1 réunion ajoutée", "1 meeting added"),
    "change.meetings.added.many": ("{n} réunions ajoutées", "{n} meetings added"),
    "change.meetings.removed.one": ("1 réunion retirée", "1 meeting removed"),
    "change.meetings.removed.many": ("{n} réunions retirées", "{n} meetings removed"),
    "change.counts": ("{parts} (comptages du {date})", "{parts} (counts of {date})"),
    "change.meeting": ("réunion du {date} ajoutée", "meeting of {date} added"),
    "change.entry_new": (
        "« {title} » inscrite au registre : {fields}",
        "'{title}' registered: {fields}",
    ),
    "change.entry": ("« {title} » au registre : {fields}", "'{title}' in the register: {fields}"),
    "change.entry_same": (
        "« {title} » au registre : inchangée",
        "'{title}' in the register: unchanged",
    ),
    "change.field.start": ("début {value}", "start {value}"),
    "change.field.end": ("fin {value}", "end {value}"),
    "change.field.agreed": ("date convenue {value}", "agreed date {value}"),
    "change.field.spent": ("dépenses {value}", "spending {value}"),
    "change.field.note": ("note « {value} »", "note '{value}'"),
    "change.field.cleared": ("{field} effacée", "{field} cleared"),
    "change.field_name.start": ("début", "start"),
    "change.field_name.end": ("fin", "end"),
    "change.field_name.agreed": ("date convenue", "agreed date"),
    "change.field_name.spent": ("dépenses", "spending"),
    "change.field_name.note": ("note", "note"),
    "change.action": ("action n° {n}", "action no. {n}"),
}
