"""Inline Markdown for question text: emphasis, links and inline code, nothing else.

Raw HTML is not interpreted: it is escaped and shown as text.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

INLINE_RULES = ["emphasis", "backticks", "link", "escape", "entity", "newline"]


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False}).enable(INLINE_RULES)


def inline(text: str) -> Markup:
    """Render *text* as inline HTML (safe to insert into a page)."""
    return Markup(_parser().renderInline(text))


def plain(text: str) -> str:
    """The text a reader sees, without markup (for widget labels)."""
    return html.unescape(re.sub(r"<[^>]+>", "", str(inline(text))))
