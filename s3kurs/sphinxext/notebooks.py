"""A myst-nb MIME renderer (entry point ``myst_nb.mime_renderers`` in pyproject.toml): the
quiz output of a notebook cell (`s3kurs.quiz(...)`, `s3kurs.final_test()`) carries its
selection as ``application/vnd.s3kurs.quiz+json``, and the site shows it as a quiz node.

So the site renders notebook quizzes from the bank as it is at build time, never from an
output cached by Jupyter's execution cache (which is keyed on the code, not the bank)."""
from __future__ import annotations

import json

from ..quizdata import QUIZ_MIME_TYPE
from . import nodes


class QuizMimeRenderer:
    mime_priority_overrides = [("*", QUIZ_MIME_TYPE, 1)]  # before text/html, for every builder

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type != QUIZ_MIME_TYPE or inline:
            return None
        content = json.loads(data.content) if isinstance(data.content, (str, bytes)) else dict(data.content)
        return [nodes.make(content.get("kind", "quiz"), content["quiz_id"], content.get("selection"))]
