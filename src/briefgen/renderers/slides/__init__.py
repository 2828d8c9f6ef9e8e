"""Slides: the Markdown deck (slides.md, Marp/reveal.js) and the editable .pptx made from the same deck."""

from .. import Format, register

MARKDOWN = register(Format(
    name="slides", suffix=".md", output="slides.md", template="slides.md.j2", mime="text/markdown; charset=utf-8",
    label="幻灯片", renderer="briefgen.renderers.slides.markdown:render", title="slides as Markdown (Marp, reveal.js)",
    family="slides", aliases=("md", "markdown"), select="briefgen.selection.slides:slide_context",
    excerpt="briefgen.renderers.slides.markdown:excerpt", weight=0.1,
))
PPTX = register(Format(
    name="pptx", suffix=".pptx", output="slides.pptx", template="slides.md.j2",
    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation", label="幻灯片",
    renderer="briefgen.renderers.slides.pptx:render", title="editable PowerPoint slides", family="slides",
    select="briefgen.selection.slides:slide_context", excerpt="briefgen.renderers.slides.pptx:excerpt",
    weight=3.0,
))
