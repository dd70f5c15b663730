"""Strict YAML loading for the question bank.

Plain data only: anchors, aliases and explicit tags are refused before anything
is constructed, so no input can build objects or expand into a "billion laughs".
Every value's line number is kept so that problems can point at the source.
"""
from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent

Path = tuple  # a path into the loaded data: keys and list indices


class StrictYAMLError(Exception):
    """A construct the bank does not allow, with the 1-based line it is on."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _StrictLoader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, AliasEvent):
            raise StrictYAMLError(line, f"alias '*{event.anchor}' is not allowed: write the value out in full")
        if isinstance(event, (ScalarEvent, CollectionStartEvent)):
            if event.anchor is not None:
                raise StrictYAMLError(line, f"anchor '&{event.anchor}' is not allowed: write the value out in full")
            if event.tag not in (None, "!"):
                raise StrictYAMLError(line, f"tag '{event.tag}' is not allowed: remove it and write plain text")
        return super().compose_node(parent, index)


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


def _lines(node, path: Path, out: dict) -> None:
    out.setdefault(path, node.start_mark.line + 1)  # a mapping value keeps its key's line
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise StrictYAMLError(
                        key.start_mark.line + 1, f"'{key.value}' appears twice in the same mapping: keep one"
                    )
                seen.add(key.value)
                out[path + (key.value,)] = key.start_mark.line + 1
                _lines(value, path + (key.value,), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _lines(item, path + (i,), out)


def load(text: str) -> Loaded:
    """Parse one YAML document strictly.

    Raises StrictYAMLError for forbidden constructs and yaml.YAMLError for syntax errors.
    """
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Loaded(None, {})
        lines: dict = {}
        _lines(node, (), lines)
        data = loader.construct_document(node)
    finally:
        loader.dispose()
    return Loaded(data, lines)
