"""One-page PDF briefing (briefing.pdf, 一页纸): page model, layout, fitting, fonts and line breaking."""
