"""The habit colour palette: 16 colours readable in both themes (hex values live in app.css)."""

COLOURS = (
    ("teal", "Teal"),
    ("green", "Green"),
    ("lime", "Lime"),
    ("yellow", "Yellow"),
    ("amber", "Amber"),
    ("orange", "Orange"),
    ("red", "Red"),
    ("pink", "Pink"),
    ("purple", "Purple"),
    ("violet", "Violet"),
    ("indigo", "Indigo"),
    ("blue", "Blue"),
    ("cyan", "Cyan"),
    ("brown", "Brown"),
    ("slate", "Slate"),
    ("grey", "Grey"),
)
COLOUR_KEYS = frozenset(key for key, _ in COLOURS)
DEFAULT_COLOUR = "teal"
