"""The running text (prose) of the course's files, for the content checks: term use,
Swedish typography and spelling.

Each reader returns `Segment`s: a piece of prose with the file and line it starts on.
What is not prose is left out: MyST syntax (labels, directive names and options, roles
whose content is a key or label), code, URLs, HTML tags, YAML keys and the YAML values
that are ids, keys or labels, and everything in an SVG figure except its text.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Segment:
    path: str
    line: int
    text: str


# Directives whose body is text a learner reads; every other directive's body is skipped.
PROSE_DIRECTIVES = {"admonition", "note", "tip", "warning", "important", "hint", "caution", "attention",
                    "seealso", "glossary", "learning-goals", "figure", "epigraph", "dropdown", "topic", "sidebar"}
# Directive options whose value is text (a figure's alternative text, an admonition's class is not).
PROSE_OPTIONS = {"alt", "title", "caption"}
# Roles whose content is shown as written (the visible part of {term}`text <target>`).
SHOWN_ROLES = {"term", "abbr", "sub", "sup", "guilabel"}
# Question and exercise fields that are ids, keys or references, not text.
YAML_NOT_PROSE = {"id", "tags", "key", "goals", "type", "lesson", "source", "revisit", "module", "report", "minutes",
                  "level", "enemies"}

FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,}|~{3,})\s*(?:\{(?P<directive>[a-zA-Z0-9_-]+)\})?\s*(?P<args>.*)$")
ROLE = re.compile(r"\{(?P<role>[a-zA-Z0-9_:-]+)\}`(?P<content>[^`]*)`")
CODE = re.compile(r"`+[^`]*`+")
LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
URL = re.compile(r"<?(?:https?|mailto|file):[^\s>)\]]+>?|\bwww\.[^\s)]+")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
SUBSTITUTION = re.compile(r"\{\{[^}]*\}\}")
LABEL_LINE = re.compile(r"^\s*\([A-Za-z0-9_.:-]+\)=\s*$")
TARGET = re.compile(r"\s*<[^<>]*>\s*$")


def inline(text: str) -> str:
    """One line of MyST Markdown as the words a reader sees."""
    def role(match):
        if match["role"] in SHOWN_ROLES:
            return TARGET.sub("", match["content"])
        return " "  # {cite}, {ref}, {doc}, {numref}, ...: keys and labels, or text taken from elsewhere
    text = ROLE.sub(role, text)
    text = CODE.sub(" ", text)
    text = LINK.sub(lambda m: m["text"], text)
    text = URL.sub(" ", text)
    text = HTML_TAG.sub(" ", text)
    text = SUBSTITUTION.sub(" ", text)
    return text


def _strip_block_syntax(line: str) -> str:
    line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)  # heading
    line = re.sub(r"^\s*>\s?", "", line)  # block quote
    line = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line)  # list item
    if re.fullmatch(r"\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*", line):
        return ""  # table rule
    return line.replace("|", " ")


def markdown(text: str, path: str = "") -> list[Segment]:
    """The prose of a MyST Markdown page."""
    text = HTML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    lines = text.splitlines()
    segments = []
    stack: list[tuple[str, bool, str]] = []  # open fences: (fence, body is prose, directive)
    in_front_matter = bool(lines) and lines[0].strip() == "---"
    for number, line in enumerate(lines, 1):
        if in_front_matter:
            if number > 1 and line.strip() == "---":
                in_front_matter = False
            continue
        stripped = line.strip()
        if stack:
            fence, prose, _directive = stack[-1]
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                stack.pop()
                continue
            if not prose:
                continue
        opened = FENCE.match(stripped)
        if opened:
            directive = opened["directive"]
            prose = directive in PROSE_DIRECTIVES
            stack.append((opened["fence"], prose, directive or ""))
            if prose and opened["args"] and directive in {"admonition", "dropdown", "topic", "sidebar"}:
                segments.append(Segment(path, number, inline(opened["args"])))
            continue
        if stack:
            option = re.match(r"^\s*:(?P<name>[a-zA-Z0-9_-]+):\s*(?P<value>.*)$", line)
            if option:
                if option["name"] in PROSE_OPTIONS and option["value"]:
                    segments.append(Segment(path, number, inline(option["value"])))
                continue
        if LABEL_LINE.match(line) or re.match(r"^\s*\[[^\]]+\]:\s", line):
            continue
        if not stack and line.startswith("    ") and not segments_continue(lines, number):
            continue  # indented code block
        if stack and stack[-1][2] == "learning-goals":
            line = re.sub(r"^\s*[a-z0-9-]+\s*:\s*", "", line)  # the goal's id
        prose = inline(_strip_block_syntax(line))
        if prose.strip():
            segments.append(Segment(path, number, prose))
    return segments


def segments_continue(lines: list[str], number: int) -> bool:
    """An indented line continues a list item or a glossary definition when the line above is text."""
    above = lines[number - 2] if number >= 2 else ""
    return bool(above.strip())


def yaml_file(path: Path, shown: str | None = None) -> list[Segment]:
    """The prose of a question or exercise file: string values, without ids, keys and labels.
    Values are parsed with their YAML syntax removed (quotes, block scalars, folding)."""
    shown = shown or str(path)
    text = path.read_text(encoding="utf-8")
    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    segments = []

    def walk(node, key=None):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                walk(v, k.value if isinstance(k, yaml.ScalarNode) else None)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item, key)
        elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") and key not in YAML_NOT_PROSE:
            for offset, line in enumerate(node.value.splitlines()):
                first = node.start_mark.line + 1 + (1 if node.style in ("|", ">") else 0)
                prose = inline(line)
                if prose.strip():
                    segments.append(Segment(shown, first + offset, prose))

    if node is not None:
        walk(node)
    return segments


def svg(path: Path, shown: str | None = None) -> list[Segment]:
    """The text of an SVG figure: its title, description and every text element."""
    shown = shown or str(path)
    root = ET.fromstring(path.read_text(encoding="utf-8"))
    segments = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in {"title", "desc", "text", "tspan"}:
            for piece in (element.text, element.tail if tag == "tspan" else None):
                if piece and piece.strip():
                    segments.append(Segment(shown, 0, " ".join(piece.split())))
    return segments


def po(path: Path, shown: str | None = None) -> list[Segment]:
    """The translations (msgstr) of a gettext catalogue, without placeholders."""
    shown = shown or str(path)
    segments, current, line_no, in_msgstr = [], [], 0, False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("msgstr"):
            in_msgstr, current, line_no = True, [line.split(" ", 1)[1] if " " in line else '""'], number
        elif line.startswith('"') and in_msgstr:
            current.append(line)
        else:
            if in_msgstr and current:
                segments.append(Segment(shown, line_no, _po_text(current)))
            in_msgstr, current = False, []
    if in_msgstr and current:
        segments.append(Segment(shown, line_no, _po_text(current)))
    header = [s for s in segments if "Content-Type:" in s.text or "Project-Id-Version" in s.text]
    return [s for s in segments if s not in header and s.text.strip()]


def _po_text(parts: list[str]) -> str:
    text = "".join(p.strip()[1:-1] for p in parts if p.strip().startswith('"'))
    text = text.replace('\\"', '"').replace("\\n", " ")
    text = CODE.sub(" ", text)  # `field names` and other code in messages
    text = re.sub(r"\{[a-z_0-9]*\}|%\([a-z_]+\)[sr]|%[sdr]", " ", text)
    text = re.sub(r"'[^']*'", " ", text)  # commands and file names in quotes: code, not prose
    text = re.sub(r"\S*/\S*", " ", text)  # folder and file paths
    return HTML_TAG.sub(" ", text)


def read(path: Path, root: Path | None = None) -> list[Segment]:
    """The prose of one file, by its kind (.md, .yml, .svg, .po)."""
    shown = str(path.relative_to(root)) if root else str(path)
    if path.suffix == ".md":
        return markdown(path.read_text(encoding="utf-8"), shown)
    if path.suffix in {".yml", ".yaml"}:
        return yaml_file(path, shown)
    if path.suffix == ".svg":
        return svg(path, shown)
    if path.suffix == ".po":
        return po(path, shown)
    raise ValueError(f"no prose reader for {path.suffix} files: {path}")
