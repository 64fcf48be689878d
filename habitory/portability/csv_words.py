"""The words a CSV's headers and cells use, in every language Habitory speaks.

A file is read in the language it was written in, whatever the reader's own: a German user
may upload a French file. So every word of every language is known at once, and compared
without case or accents ("Hábito", "habito" and "HABITO" are one word).
"""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """The text without case or accents: "Concluído" and "concluido" fold alike."""
    text = text.strip().casefold()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))


def header_key(header: str) -> str:
    """A header's letters alone, folded: "Habit Name" and "habit_name" are one key."""
    return re.sub(r"[^a-z]", "", fold(header))


# Each role's words, the strongest first (English, then de, fr, es, pt): the first word any
# column matches wins. Longer than three letters, a word also matches inside a header.
_HEADERS = {
    "date": ("date", "day", "datum", "fecha", "jour", "data", "día", "dia", "calendardate",
             "timestamp", "tag"),  # "Tag": German for day; only a column of dates is taken
    "habit": ("habitname", "habit", "gewohnheit", "habitude", "hábito", "name", "nome",
              "nom", "task", "aufgabe", "tâche", "tarea", "tarefa", "activity", "aktivität",
              "activité", "actividad", "atividade", "goal", "title", "titel", "titre",
              "título"),
    "value": ("value", "wert", "valeur", "valor", "count", "anzahl", "amount", "menge",
              "betrag", "montant", "cantidad", "quantidade", "quantité", "status", "statut",
              "estado", "done", "erledigt", "fait", "hecho", "feito", "completed",
              "completado", "concluído", "quantity", "result", "ergebnis", "résultat",
              "resultado", "nombre", "número"),  # nombre: French for a number
    "note": ("comment", "commenttext", "kommentar", "comentario", "comentário", "note",
             "notes", "notiz", "nota", "bemerkung", "anmerkung", "remarque", "observación",
             "observação", "observações", "memo", "text"),
    "description": ("description", "habitdescription", "beschreibung", "descripción",
                    "descrição", "details", "detalles", "detalhes"),
    "category": ("category", "habitcategory", "kategorie", "catégorie", "categoría", "tag",
                 "tags", "etikett", "étiquette", "etiqueta", "area", "bereich", "group",
                 "gruppe", "groupe", "grupo"),
}
HEADER_WORDS = {role: tuple(dict.fromkeys(map(header_key, words)))
                for role, words in _HEADERS.items()}

# Cells that mean a done day, in the order the guess lists them; the preview's hint names
# some ("1, ja, x", "1, oui, x", "1, sí, x", "1, sim, x"), and the tests hold them to it.
DONE_WORDS = ("1", "yes", "y", "x", "true", "done", "completed", "complete", "✓", "✔", "☑",
              "✅", "ja", "erledigt", "wahr", "fertig", "oui", "vrai", "fait", "terminé",
              "sí", "si", "hecho", "verdadero", "completado", "cumplido", "sim", "feito",
              "verdadeiro", "concluído", "completo")
# Cells that mean a day not done: with DONE_WORDS, a column of only these is one habit's
# column (yes/no, ja/nein), never the habits' names.
NOT_DONE_WORDS = ("0", "no", "n", "false", "-", "✗", "✘", "☐", "❌", "nein", "falsch",
                  "offen", "non", "faux", "falso", "não", "pendiente", "pendente")
DONE = frozenset(map(fold, DONE_WORDS))
TICKS = DONE | frozenset(map(fold, NOT_DONE_WORDS))
