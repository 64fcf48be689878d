"""The habit colour palette: 16 colours readable in both themes (hex values live in app.css).

Each key's name is in English, marked for the catalogues (Loop names no colours to borrow)."""

from habitory.stats.phrases import N_

COLOURS = (
    ("teal", N_("Teal")),
    ("green", N_("Green")),
    ("lime", N_("Lime")),
    ("yellow", N_("Yellow")),
    ("amber", N_("Amber")),
    ("orange", N_("Orange")),
    ("red", N_("Red")),
    ("pink", N_("Pink")),
    ("purple", N_("Purple")),
    ("violet", N_("Violet")),
    ("indigo", N_("Indigo")),
    ("blue", N_("Blue")),
    ("cyan", N_("Cyan")),
    ("brown", N_("Brown")),
    ("slate", N_("Slate")),
    ("grey", N_("Grey")),
)
COLOUR_KEYS = frozenset(key for key, _ in COLOURS)
DEFAULT_COLOUR = "teal"
