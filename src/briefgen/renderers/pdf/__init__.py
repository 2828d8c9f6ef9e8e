"""One-page PDF briefing (briefing.pdf, 一页纸): page model, layout, fitting, fonts and line breaking."""

from .. import Format, register

FORMAT = register(Format(
    name="pdf", suffix=".pdf", output="briefing.pdf", template="briefing.pdf.j2", mime="application/pdf",
    label="一页纸", renderer="briefgen.renderers.pdf.render:render", title="one-page PDF briefing (一页纸)",
    roster_default=True, weight=2.2, select="briefgen.selection.outputs:pdf_select",
))
