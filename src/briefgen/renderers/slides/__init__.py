"""Slides: the Markdown deck (slides.md) and the editable .pptx made from it."""
