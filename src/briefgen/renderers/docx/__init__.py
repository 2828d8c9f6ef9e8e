"""Word summary (summary.docx) in GB/T 9704 house style: style presets, package clean-up, blocks to Word."""

from .. import Format, register

FORMAT = register(Format(
    name="docx", suffix=".docx", output="summary.docx", template="summary.docx.j2",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document", label="摘要",
    renderer="briefgen.renderers.docx.writer:render", title="Word summary (GB/T 9704 公文 style)",
    roster_default=True, weight=1.3, select="briefgen.selection.outputs:docx_select",
))
