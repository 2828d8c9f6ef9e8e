"""Previews of a report's outputs: the one-page PDF as a PNG, the Word summary and the slides as outlines."""

from __future__ import annotations

import shutil
from pathlib import Path

from . import backend
from .workspace import Workspace

#: Preview resolution: 1.5 × 72 dpi gives an A4 page 893 × 1263 px, sharp enough to read on screen.
PDF_SCALE = 1.5


class Previews:
    """Renders into WORKSPACE/.serve/previews/<id>/<model digest>/, so a preview is never stale."""

    def __init__(self, ws: Workspace):
        self.ws = ws

    def _dir(self, rid: str, version: str) -> Path:
        base = self.ws.private / "previews" / rid  # rid was checked against the folder listing
        d = base / version
        if not d.is_dir():
            if base.is_dir():
                for old in base.iterdir():  # one model version at a time
                    shutil.rmtree(old, ignore_errors=True)
            d.mkdir(parents=True, exist_ok=True)
        return d

    def _render(self, rid: str, fmt: str) -> tuple[Path, str, list[str]]:
        """The preview file of *fmt* for the model as it is now: (path, version, warnings)."""
        self.ws.folder(rid)
        with self.ws.lock(rid):
            brief, digest = self.ws.model(rid)
            version = digest[:16]
            out = self._dir(rid, version) / backend.OUTPUT_FILES[fmt]
            warn_file = out.with_suffix(out.suffix + ".warnings")
            if not out.is_file():
                warnings = backend.render(brief, fmt, out, config=self.ws.config)
                warn_file.write_text("\n".join(warnings), encoding="utf-8")
            warnings = [w for w in warn_file.read_text(encoding="utf-8").split("\n") if w]
            return out, version, warnings

    def pdf_image(self, rid: str) -> tuple[Path, str, list[str]]:
        """PNG of the one-page PDF's first page: (path, version, renderer warnings)."""
        pdf, version, warnings = self._render(rid, "pdf")
        png = pdf.with_suffix(".png")
        if not png.is_file():
            import pypdfium2 as pdfium

            doc = pdfium.PdfDocument(str(pdf))
            try:
                image = doc[0].render(scale=PDF_SCALE).to_pil()
            finally:
                doc.close()
            tmp = png.with_suffix(".tmp.png")
            image.save(tmp, format="PNG")
            tmp.replace(png)
        return png, version, warnings

    def word_outline(self, rid: str) -> list[dict]:
        """The Word summary as blocks: {"kind": title|subtitle|h1|h2|h3|p|table, "text" or "rows"}."""
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        path, _, _ = self._render(rid, "docx")
        document = docx.Document(str(path))
        kinds = {"Title": "title", "Subtitle": "subtitle", "Heading 1": "h1", "Heading 2": "h2", "Heading 3": "h3"}
        blocks: list[dict] = []
        for el in document.element.body.iterchildren():
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "p":
                p = Paragraph(el, document)
                text = p.text.strip()
                if text:
                    blocks.append({"kind": kinds.get(p.style.name if p.style is not None else "", "p"), "text": text})
            elif tag == "tbl":
                table = Table(el, document)
                blocks.append({"kind": "table", "rows": [[c.text for c in r.cells] for r in table.rows]})
        return blocks

    def slides_outline(self, rid: str) -> list[dict]:
        """The slides as {"title", "bullets": [(level, text)]}, in order."""
        import pptx

        path, _, _ = self._render(rid, "pptx")
        deck = pptx.Presentation(str(path))
        slides = []
        for slide in deck.slides:
            title_shape = slide.shapes.title
            title = title_shape.text_frame.text.replace("\x0b", " ") if title_shape is not None else ""
            bullets = []
            for shape in slide.shapes:
                if shape is title_shape or not shape.has_text_frame:
                    continue
                for para in shape.text_frame.paragraphs:
                    text = "".join(r.text for r in para.runs).strip()
                    if text:
                        bullets.append((para.level, text))
            slides.append({"title": title, "bullets": bullets})
        return slides
