"""Strict YAML loading for the question bank.

Plain data only: anchors, aliases and explicit tags are refused before anything
is constructed, so no input can build objects or expand into a "billion laughs";
nesting deeper than MAX_DEPTH is refused too. Every value's line number is kept so
that problems can point at the source.

Two readers give the same result (data, lines and problems):

- `_load_pure()`: PyYAML's pure-Python parser, composer and constructor, with the checks
  (`_refuse`) in `compose_node`. It is the reference, and the only reader without libyaml.
- `_load_events()`, with libyaml (`yaml.__with_libyaml__`): one walk over the C parser's
  events that checks each node's first event and builds the data and its lines as it goes,
  more than ten times faster. It constructs nothing from a tag and never follows an alias. It
  reads an ordinary file on its own and leaves every other file to the pure reader: one
  with a problem (a syntax error, an anchor, an alias, a tag, a key twice, too deep, an
  impossible date), so that every message and line is the pure reader's, and one where
  libyaml and PyYAML are known to read differently (see `_pure_only`) or that needs more
  of YAML than the walk does (a merge key `<<`, a mapping as a key, a second document).
  A correct file is read once, fast; a file with a problem twice, the second time slowly.

`tests/test_validator.py` holds the two readers equal on the course's files, a seeded bank
with defects and random input.
"""
from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from .i18n import _

Path = tuple  # a path into the loaded data: keys and list indices

LIBYAML = yaml.__with_libyaml__
MAX_DEPTH = 32  # nested mappings and lists; a question file needs 5
STR = "tag:yaml.org,2002:str"
QUICK_SCALARS = {f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp")}


class StrictYAMLError(Exception):
    """A construct the bank does not allow, with the 1-based line it is on."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def _refuse(event, depth: int) -> None:
    """The checks on every node's first event, as the pure reader words them (the event walk
    refuses the same events, and leaves the wording to the pure reader)."""
    line = event.start_mark.line + 1
    if isinstance(event, AliasEvent):
        raise StrictYAMLError(line, _("alias '*{name}' is not allowed: write the value out in full").format(
            name=event.anchor))
    if event.anchor is not None:
        raise StrictYAMLError(line, _("anchor '&{name}' is not allowed: write the value out in full").format(
            name=event.anchor))
    if event.tag not in (None, "!"):
        raise StrictYAMLError(line, _("tag '{tag}' is not allowed: remove it and write plain text").format(
            tag=event.tag))
    if depth > MAX_DEPTH:
        raise StrictYAMLError(line, too_deep())


def too_deep() -> str:
    """The problem of a file nested deeper than MAX_DEPTH (in the reader's language at raise time)."""
    return _("the YAML is nested too deeply (over {max} levels): a question file is at most a few levels deep").format(
        max=MAX_DEPTH)


def _timestamp(constructor, node):
    try:
        return SafeConstructor.construct_yaml_timestamp(constructor, node)
    except ValueError:
        raise StrictYAMLError(node.start_mark.line + 1, _(
            "'{value}' reads as a date, but no such date exists: correct it, or put it in quotes if it is text").format(
            value=node.value)) from None


class _Constructor(SafeConstructor):
    """SafeConstructor, with an impossible date as one clear problem rather than a crash."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class _PureLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer,
                  _Constructor, Resolver):
    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _Constructor.__init__(self)
        Resolver.__init__(self)
        self.depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, (AliasEvent, ScalarEvent, CollectionStartEvent)):
            _refuse(event, self.depth + 1)
        self.depth += 1
        node = super().compose_node(parent, index)
        self.depth -= 1
        return node


if LIBYAML:
    from yaml.cyaml import CParser

    class _CLoader(CParser, _Constructor, Resolver):
        def __init__(self, stream):
            CParser.__init__(self, stream)
            _Constructor.__init__(self)
            Resolver.__init__(self)


@dataclass
class Loaded:
    data: object
    lines: dict  # Path -> 1-based line of that value

    def line_of(self, path: Path) -> int | None:
        """Line of the deepest part of *path* that exists in the file."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


def _duplicate(key: str, line: int) -> StrictYAMLError:
    return StrictYAMLError(line, _("'{key}' appears twice in the same mapping: keep one").format(key=key))


def _lines(node, path: Path, out: dict) -> None:
    out.setdefault(path, node.start_mark.line + 1)  # a mapping value keeps its key's line
    if isinstance(node, MappingNode):
        seen = set()
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                if key.value in seen:
                    raise _duplicate(key.value, key.start_mark.line + 1)
                seen.add(key.value)
                out[path + (key.value,)] = key.start_mark.line + 1
                _lines(value, path + (key.value,), out)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            _lines(item, path + (i,), out)


def _load_nodes(loader) -> Loaded:
    """Compose the whole document, record its lines, then construct it (the exact reader)."""
    try:
        node = loader.get_single_node()
        if node is None:
            return Loaded(None, {})
        lines: dict = {}
        _lines(node, (), lines)
        return Loaded(loader.construct_document(node), lines)
    finally:
        loader.dispose()


def _load_pure(text: str) -> Loaded:
    return _load_nodes(_PureLoader(text))


# Where libyaml takes what PyYAML refuses (found by comparing the two on random input): a tab
# in some places, a comment right after a block scalar's header (`>#`). A file with either
# goes to the pure reader, and so does a `?` in a plain value inside brackets (`_load_events`).
_COMMENT_IN_HEADER = re.compile(r"[|>][-+0-9]{0,2}#")


def _pure_only(text: str) -> bool:
    return "\t" in text or ("#" in text and _COMMENT_IN_HEADER.search(text) is not None)


class _Exact(Exception):
    """A file the event reader leaves to the pure reader: one with a problem, or one where
    libyaml and PyYAML might read differently."""


@contextmanager
def no_gc():
    """Reading a bank makes hundreds of thousands of objects and no reference cycles: the
    garbage collector's passes over them cost more than the reading itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_events(text: str) -> Loaded:
    """Data and lines from one walk over the C parser's events, the same as `_load_pure`'s,
    or `_Exact` (see the module's docstring)."""
    parser = _CLoader(text)
    get, resolve, constructors = parser.get_event, parser.resolve, parser.yaml_constructors
    lines: dict = {}
    plain_tags: dict = {}  # plain scalar -> its resolved tag (keys repeat a lot)
    # open collections: [container, path, is_mapping, raw keys seen, key and key path awaiting a value, in brackets]
    stack: list[list] = []
    flow = 0  # open collections in brackets
    root = None
    try:
        get()  # stream start
        if type(get()) is StreamEndEvent:
            return Loaded(None, {})
        while True:  # one node's first event, or the end of a collection
            event = get()
            kind = type(event)
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                flow -= stack.pop()[5]
                if not stack:
                    break
                continue
            if kind is AliasEvent or event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH:
                raise _Exact  # refused (`_refuse`), or the tag "!", under which libyaml reads an empty value differently
            top = stack[-1] if stack else None
            line = event.start_mark.line + 1
            if kind is ScalarEvent:
                value = event.value
                if event.implicit[0]:  # plain: resolve as YAML 1.1 does (null, true/false, numbers, dates, ...)
                    if not value and (top is None or not top[2] or top[4] is None):
                        raise _Exact  # an empty value with a line of its own: libyaml may place it elsewhere
                    if flow and "?" in value:
                        raise _Exact  # in brackets, PyYAML ends a plain value at "?"
                    tag = plain_tags.get(value)
                    if tag is None:
                        tag = plain_tags[value] = resolve(ScalarNode, value, event.implicit)
                    if tag != STR:
                        if tag not in QUICK_SCALARS:  # a merge key `<<`, or a value no constructor takes
                            raise _Exact
                        try:
                            value = constructors[tag](parser, ScalarNode(tag, value, event.start_mark, event.end_mark))
                        except StrictYAMLError:  # no such date
                            raise _Exact from None
                if top is not None and top[2] and top[4] is None:  # a key
                    raw = event.value
                    if raw in top[3]:
                        raise _Exact  # a key twice
                    top[3].add(raw)
                    path = top[1] + (raw,)
                    lines[path] = line
                    top[4] = (value, path)
                    continue
                container = None
            elif kind is MappingStartEvent:
                value, container = {}, True
            else:  # SequenceStartEvent
                value, container = [], False
            if top is None:
                path = ()
                root = value
            elif top[2]:
                if top[4] is None:  # a mapping or a list as a key
                    raise _Exact
                key, path = top[4]
                top[0][key] = value
                top[4] = None
            else:
                path = top[1] + (len(top[0]),)
                top[0].append(value)
            lines.setdefault(path, line)
            if container is not None:
                stack.append([value, path, container, set(), None, event.flow_style is True])
                flow += event.flow_style is True
            elif top is None:
                break  # the document is one scalar
        if type(get()) is not DocumentEndEvent or type(get()) is not StreamEndEvent:
            raise _Exact  # another document follows
        return Loaded(root, lines)
    finally:
        parser.dispose()


def load(text: str, *, pure: bool = False) -> Loaded:
    """Parse one YAML document strictly (with libyaml unless *pure* or libyaml is missing).

    Raises StrictYAMLError for forbidden constructs and yaml.YAMLError for syntax errors.
    """
    if LIBYAML and not pure and not _pure_only(text):
        try:
            with no_gc():
                return _load_events(text)
        except (_Exact, yaml.YAMLError):
            pass  # read again below: for a problem, the pure reader's wording and line
    return _load_pure(text)
