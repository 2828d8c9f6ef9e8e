"""Resource limits: input file and text size, decompressed size, YAML without alias bombs or deep nesting."""

from __future__ import annotations

import contextlib
from functools import lru_cache
from contextvars import ContextVar
from typing import Iterator

from .config import LimitsConfig
from .errors import InputError

_CURRENT: ContextVar[LimitsConfig] = ContextVar("briefgen_limits", default=LimitsConfig())
MB = 1024 * 1024


def current() -> LimitsConfig:
    """The limits in force (the config's ``limits`` section, else the defaults)."""
    return _CURRENT.get()


def set_current(limits: LimitsConfig | None) -> None:
    """Make *limits* the ones in force for this process (the CLI does this once it read the config)."""
    _CURRENT.set(limits or LimitsConfig())


@contextlib.contextmanager
def using(limits: LimitsConfig | None) -> Iterator[LimitsConfig]:
    """*limits* in force inside the block (None: leave the current ones)."""
    token = _CURRENT.set(limits) if limits is not None else None
    try:
        yield current()
    finally:
        if token is not None:
            _CURRENT.reset(token)


def _mb(n: float) -> str:
    return f"{n / MB:.1f} MB" if n >= MB / 10 else f"{n:,.0f} bytes"


def check_file_size(size: int, name: str) -> None:
    lim = current().max_input_mb * MB
    if size > lim:
        raise InputError(f"{name}: the file is {_mb(size)}, larger than the limit of {_mb(lim)}; "
                         "check it is the right file, or raise limits.max_input_mb in briefgen.yaml")


def check_text(chars: int, name: str) -> None:
    lim = current().max_text_chars
    if chars > lim:
        raise InputError(f"{name}: the text has more than {lim:,} characters (the limit); check it is the right "
                         "file, or raise limits.max_text_chars in briefgen.yaml")


def check_unpacked(size: int, name: str, what: str) -> None:
    lim = current().max_unpacked_mb * MB
    if size > lim:
        raise InputError(f"{name}: its {what} decompress to more than {_mb(lim)} (the limit; a damaged file or a "
                         "compression bomb?); raise limits.max_unpacked_mb in briefgen.yaml if the file is genuine")


def check_yaml(text: str, name: str, *, aliases: bool) -> None:
    """Refuse YAML nested deeper than ``max_yaml_depth``; with *aliases* False any anchor or alias (a
    model: briefgen never writes them), else aliases expanding beyond ``max_yaml_nodes`` values (a
    'billion laughs' bomb). Runs on the parser's events, before anything is built."""
    import yaml

    lim = current()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    sizes: dict[str, int] = {}
    stack: list[list] = [[0, None]]  # [values so far, anchor] per open collection
    try:
        for ev in yaml.parse(text, Loader=loader):
            line = ev.start_mark.line + 1 if ev.start_mark else 1
            if isinstance(ev, yaml.AliasEvent):
                if not aliases:
                    raise InputError(f"{name}:{line}: YAML alias *{ev.anchor} — a briefgen model never uses "
                                     "anchors or aliases; write the value out")
                stack[-1][0] += sizes.get(ev.anchor, 1)
            elif isinstance(ev, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if ev.anchor is not None and not aliases:
                    raise InputError(f"{name}:{line}: YAML anchor &{ev.anchor} — a briefgen model never uses "
                                     "anchors or aliases; remove it")
                if isinstance(ev, yaml.ScalarEvent):
                    stack[-1][0] += 1
                    if ev.anchor:
                        sizes[ev.anchor] = 1
                else:
                    stack.append([1, ev.anchor])
                    if len(stack) - 1 > lim.max_yaml_depth:
                        raise InputError(f"{name}:{line}: YAML nested more than {lim.max_yaml_depth} levels deep; "
                                         "flatten it (or raise limits.max_yaml_depth in briefgen.yaml)")
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                n, anchor = stack.pop()
                if anchor:
                    sizes[anchor] = n
                stack[-1][0] += n
            if stack[0][0] + sum(s[0] for s in stack[1:]) > lim.max_yaml_nodes:
                raise InputError(f"{name}:{line}: YAML expands to more than {lim.max_yaml_nodes:,} values "
                                 "(aliases repeating aliases?); write it out plainly "
                                 "(or raise limits.max_yaml_nodes in briefgen.yaml)")
    except yaml.YAMLError as e:  # libyaml also stops at its own nesting limit
        mark = getattr(e, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark else name
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise InputError(f"{where}: not valid YAML ({problem}); fix the syntax at that line") from None


def safe_load(text: str):
    """``yaml.safe_load`` for data people write (models, rosters, config, front matter): dates and times
    stay text, so an impossible one (2020-02-30) is a value a check can name instead of a crash, and no
    field silently changes type."""
    import yaml

    return yaml.load(text, Loader=_data_loader())


@lru_cache(maxsize=1)
def _data_loader():
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class DataLoader(base):  # noqa: D101 - a SafeLoader without timestamps and sexagesimals
        pass

    DataLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.items()}
    DataLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
    return DataLoader
