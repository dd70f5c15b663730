"""A Swedish reference style for sphinxcontrib-bibtex (pybtex's "unsrt" with Swedish words).

Names are joined with "och", titles keep the case they are written in (S3, EU, RIS3),
and the few fixed words are Swedish. An undated web page has ``year = {u.å.}`` ("utan år")
and ``urldate`` in words, e.g. ``urldate = {1 december 2026}``: the list prints it after
the link as "(läst 1 december 2026)".
"""
from __future__ import annotations

from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import date, pages
from pybtex.style.template import field, first_of, href, join, names, optional, optional_field, sentence, together, words

NAME = "s3kurs"


class SwedishStyle(UnsrtStyle):
    default_sorting_style = "author_year_title"

    def format_names(self, role, as_sentence=True):
        formatted = names(role, sep=", ", sep2=" och ", last_sep=" och ")
        return sentence[formatted] if as_sentence else formatted

    def format_title(self, e, which_field, as_sentence=True):
        formatted = field(which_field)
        return sentence[formatted] if as_sentence else formatted

    def format_editor(self, e, as_sentence=True):
        editors = self.format_names("editor", as_sentence=False)
        if "editor" not in e.persons:
            return editors
        result = join(sep=" ")[editors, "(red.)"]
        return sentence[result] if as_sentence else result

    def format_chapter_and_pages(self, e):
        return join(sep=", ")[
            optional[together["kapitel", field("chapter")]],
            optional[together["s.", pages]],
        ]

    def get_article_template(self, e):
        volume_and_pages = first_of[
            optional[join[field("volume"), optional["(", field("number"), ")"], ", s. ", pages]],
            words["s.", pages],
            field("volume"),
        ]
        return toplevel[
            self.format_names("author"),
            self.format_title(e, "title"),
            sentence[field("journal"), optional[volume_and_pages], date],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def get_incollection_template(self, e):
        return toplevel[
            sentence[self.format_names("author")],
            self.format_title(e, "title"),
            words["I:", sentence[optional[self.format_editor(e, as_sentence=False)],
                                 self.format_btitle(e, "booktitle", as_sentence=False),
                                 self.format_chapter_and_pages(e)]],
            sentence[optional_field("publisher"), optional_field("address"), date],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def get_techreport_template(self, e):
        return toplevel[
            sentence[self.format_names("author")],
            self.format_title(e, "title"),
            sentence[words[first_of[optional_field("type"), "Rapport"], optional_field("number")],
                     field("institution"), optional_field("address"), date],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def format_web_refs(self, e):
        return sentence[
            optional[self.format_url(e), optional[" (läst ", field("urldate"), ")"]],
            optional[self.format_doi(e)],
        ]

    def format_url(self, e):
        url = field("url", raw=True)
        return words["Länk:", href(url)[url]]


# The output backends sphinxcontrib-bibtex and the module-sources list look up for every citation.
# pybtex checks plugins registered at run time before it scans the installed packages' entry
# points (once per lookup: a whole second of a one-page rebuild), so they are registered once here.
BACKENDS = ("plaintext", "text", "docutils")


def register() -> None:
    from pybtex.plugin import find_plugin, register_plugin

    register_plugin("pybtex.style.formatting", NAME, SwedishStyle, force=True)
    for name in BACKENDS:
        register_plugin("pybtex.backends", name, find_plugin("pybtex.backends", name), force=True)
