"""One term per concept: no retired term variant (data/terms.yml) in the course's text."""
from __future__ import annotations

import pytest

from s3kurs import prose, terms
from s3kurs.prose import Segment

from conftest import ROOT

DATA = terms.load(ROOT)
CHECKED = sorted([*ROOT.glob("book/*.md"), *ROOT.glob("quizzes/*.yml"), *ROOT.glob("book/figurer/*.svg"),
                  ROOT / "data" / "exercises.yml"])


def test_the_terms_file_is_complete():
    for entry in DATA["terms"]:
        assert entry.get("concept") and entry.get("term") and entry.get("retired"), entry
        for retired in entry["retired"]:
            assert retired["phrase"].lower() not in entry["term"].lower(), (entry["term"], retired)
    for distinction in DATA["distinctions"]:
        assert len(distinction["words"]) >= 2 and distinction["explanation"].strip(), distinction
    for exception in DATA["exceptions"]:
        assert exception.get("reason", "").strip(), f"an exception without a reason: {exception}"


def _hits(text: str, path: str = "book/x.md"):
    return terms.find([Segment(path, 1, text)], DATA)


def test_the_check_finds_a_retired_phrase_and_spares_quotations_and_parentheses():
    assert [h.phrase for h in _hits("Projektet gäller det särskilda målet 1.4.")] == ["särskilda målet"]
    assert _hits("Helixen kallas fyrfaldig helix (quadruple helix).") == []
    assert _hits("Rapporten talar om ”quadruple helix” i sin rubrik.") == []
    assert _hits("Styrning, på engelska governance, är steg 2.") == []
    assert [h.phrase for h in _hits("En quadruple helix har fyra sfärer.")] == ["quadruple helix"]
    # a term without `parentheses: allowed` is a hit inside parentheses too
    assert [h.phrase for h in _hits("Kravet (ett särskilt mål) gäller.")] == ["särskilt mål"]
    # an exception needs its file and its context
    assert _hits("Villkoren kallas möjliggörande villkor ibland.") == []
    assert _hits("Villkoren kallas möjliggörande villkor ibland.", "quizzes/modul-5.yml") != []


@pytest.mark.parametrize("path", CHECKED, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_retired_term(path):
    hits = terms.find(prose.read(path, ROOT), DATA)
    assert not hits, f"{len(hits)} retired term(s); see data/terms.yml:\n" + "\n".join(map(str, hits))
