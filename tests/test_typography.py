"""Swedish typography in lessons, pages and questions: ”…” and –, not " and - as a dash."""
from __future__ import annotations

import pytest

from s3kurs import prose, typography

from conftest import ROOT

CHECKED = sorted([*ROOT.glob("book/*.md"), *ROOT.glob("quizzes/*.yml"), ROOT / "data" / "exercises.yml"])


def _messages(markdown: str) -> list[str]:
    return [p.message.split(":")[0] for p in typography.check(prose.markdown(markdown, "x.md"))]


def test_prose_is_checked_and_syntax_is_not():
    assert _messages('Han sa "hej" - och gick.') == ["straight double quote", "straight double quote",
                                                      "hyphen used as a dash"]
    assert _messages("Perioden 2021-2027.") == ["hyphen in a range of years"]
    assert _messages("Han sa ”hej” – och gick under 2021–2027.") == []
    # code, roles, links, directives and list markers are syntax, not prose
    assert _messages('Kör `make "book"` och {cite}`a-b` [text](https://x.se/a-b "titel").\n\n- en punkt\n') == []
    assert _messages('```{figure} a.svg\n:alt: Ett "citat"\n```\n') == ["straight double quote", "straight double quote"]
    assert _messages('```python\nx = "a" - 1\n```\n') == []


def test_yaml_syntax_is_not_prose(tmp_path):
    path = tmp_path / "q.yml"
    path.write_text('title: "Modul 1: Vad är S3?"\ntext: >-\n  En rad - med fel.\n', encoding="utf-8")
    problems = typography.check(prose.yaml_file(path, "q.yml"))
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(3, "hyphen used as a dash")]


@pytest.mark.parametrize("path", CHECKED, ids=lambda p: str(p.relative_to(ROOT)))
def test_swedish_typography(path):
    problems = typography.check(prose.read(path, ROOT))
    assert not problems, f"{len(problems)} typography problem(s):\n" + "\n".join(map(str, problems))
