"""The briefing's colours, declared once (hex RGB): the one-page PDF and the default deck use them."""

ACCENT = "B3141C"  #: 简报 red: rules, figures, headings
INK = "1E1E1E"  #: body text
MUTED = "5A5A5A"  #: secondary text (labels, page numbers)
PANEL = "F6F1EA"  #: figure cells
BAND = "FBF8F3"  #: header band, title slide background
RULE = "D8CFC2"  #: thin rules

COLOURS = {"ACCENT": ACCENT, "INK": INK, "MUTED": MUTED, "PANEL": PANEL, "BAND": BAND, "RULE": RULE}
