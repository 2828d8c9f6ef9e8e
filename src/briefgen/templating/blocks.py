"""Template output (simple line markup) to blocks that renderers map to Word, PDF or slides.

Markup, one block per line::

    # 标题                 title            ## 一级标题 / ### 二级 / #### 三级   headings
    > 行                   meta line (centred under the title)
    - 要点                 bullet            | a | b | c |                          table row
    @name a | b | c        directive (a renderer-specific element, e.g. @figure)
    ---                    break (new page / new slide)
    %% 说明                note (speaker notes; not printed)
    anything else          paragraph; **bold** marks bold runs inside any text
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

Run = tuple[str, bool]  # (text, bold)


@dataclass
class Block:
    kind: str  # title heading meta bullet para table directive break note
    runs: list[Run] = field(default_factory=list)
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)  # tables: first row is the header
    name: str = ""  # directives
    args: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.runs)


def runs(text: str) -> list[Run]:
    """Split **bold** spans out of *text*."""
    parts = re.split(r"\*\*(.+?)\*\*", text)
    out = [(p, i % 2 == 1) for i, p in enumerate(parts) if p]
    return out or [("", False)]


def parse(markup: str) -> list[Block]:
    out: list[Block] = []
    for raw in markup.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            cells = [c.strip() for c in line[1:-1].split("|")]
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells):
                continue  # Markdown separator row
            if out and out[-1].kind == "table":
                out[-1].rows.append(cells)
            else:
                out.append(Block("table", rows=[cells]))
            continue
        m = re.match(r"^(#{1,4})\s+(.*)$", line)
        if m:
            level = len(m.group(1)) - 1
            out.append(Block("title" if level == 0 else "heading", runs(m.group(2)), level=level))
        elif line == "---":
            out.append(Block("break"))
        elif line.startswith("> ") or line == ">":
            out.append(Block("meta", runs(line[2:])))
        elif line.startswith("- "):
            out.append(Block("bullet", runs(line[2:])))
        elif line.startswith("%% "):
            out.append(Block("note", runs(line[3:])))
        elif re.match(r"^@[a-z_]+(\s|$)", line):
            name, _, rest = line[1:].partition(" ")
            out.append(Block("directive", name=name, args=[a.strip() for a in rest.split(" | ")] if rest else []))
        else:
            out.append(Block("para", runs(line)))
    return out
