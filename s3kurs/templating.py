"""The course's Jinja templates (`templates/`), with its filters and strings: one environment
for the quiz pages, the workshop pages and the printed handouts."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .i18n import _
from .markup import inline, plain

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    env.filters["inline"] = inline
    env.filters["plain"] = plain
    env.globals["_"] = _
    return env


def template(name: str):
    """A template from `templates/`, with the course's filters (inline, plain) and strings (_)."""
    return _environment().get_template(name)


def json_for_script(data) -> Markup:
    """JSON that is safe inside <script>: no '<', '>' or '&' survive literally."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
