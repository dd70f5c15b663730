"""Inline Markdown for question text: emphasis, links and inline code, nothing else.

Raw HTML is not interpreted: it is escaped and shown as text. `not_inline` finds what an author
may have meant as markup but the renderer shows as text or leaves out (the validator rejects it).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

INLINE_RULES = ["emphasis", "backticks", "link", "escape", "entity", "newline"]
LINK_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False}).enable(INLINE_RULES)


def inline(text: str) -> Markup:
    """Render *text* as inline HTML (safe to insert into a page)."""
    return Markup(_parser().renderInline(text))


def plain(text: str) -> str:
    """The text a reader sees, without markup (for widget labels)."""
    return html.unescape(re.sub(r"<[^>]+>", "", str(inline(text))))


# -- what is not inline Markdown ---------------------------------------------------------------

@dataclass(frozen=True)
class NotInline:
    """Something in a text that is not the course's inline Markdown.

    kind: "html" (a raw HTML tag or comment, shown as text), "autolink" (an address in angle
    brackets, shown as text) or "link" (a link whose target is neither http(s), mailto nor a
    relative link into the course: `javascript:`, `data:`, `file:`, `//host`, …, shown as text).
    found: the tag, the address or the link target, as written."""
    kind: str
    found: str


@lru_cache(maxsize=1)
def _checker() -> MarkdownIt:
    """The renderer's rules plus those for raw HTML and autolinks, and every link target accepted,
    so that what the renderer would show as text comes out as tokens."""
    md = MarkdownIt("zero", {"html": True, "linkify": False, "typographer": False})
    md.enable([*INLINE_RULES, "html_inline", "autolink"])
    md.validateLink = lambda url: True
    return md


def link_allowed(target: str) -> bool:
    """http(s) and mailto links, and relative links (no scheme, not `//host`)."""
    scheme = _SCHEME.match(target)
    if scheme:
        return scheme.group(1).lower() in LINK_SCHEMES
    return not target.startswith("//")


def not_inline(text: str) -> list[NotInline]:
    """Raw HTML, autolinks and disallowed links in *text*, in order; [] for inline Markdown."""
    if "<" not in text and "](" not in text:  # the common case, without parsing
        return []
    found = []
    for block in _checker().parseInline(text):
        for token in block.children or ():
            if token.type == "html_inline":
                found.append(NotInline("html", token.content))
            elif token.type == "link_open" and token.markup == "autolink":
                found.append(NotInline("autolink", str(token.attrs.get("href", ""))))
            elif token.type == "link_open" and not link_allowed(str(token.attrs.get("href", ""))):
                found.append(NotInline("link", str(token.attrs.get("href", ""))))
    return found
