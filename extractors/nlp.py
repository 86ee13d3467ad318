"""spaCy pipelines: one blank pipeline per language with restrack's rule components.

Each component wraps a pure finder (``numbers``, ``periods``, ``bodies``) and stores its
records twice: as spans in ``doc.spans[<group>]`` (spaCy's token view, which later
components such as an NER model from ``models/<lang>/`` read) and as the records
themselves in ``doc.user_data`` (they keep exact character offsets and typed fields).
Span extensions are not used for the records: spaCy keys them by character offsets, so two
groups with a span at the same place would overwrite each other's record.
"""
from __future__ import annotations

from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, SpanGroup

from . import bodies, numbers, periods, resolutions
from .lang import blank

GROUPS = ("quantities", "dates", "bodies", "people", "resolutions")


def _text(doc: Doc) -> str:
    """``doc.text`` rebuilds the string from every token on each call; the rule components
    all need it, so it is built once per Doc."""
    key = ("restrack", "text")
    if key not in doc.user_data:
        doc.user_data[key] = doc.text
    return doc.user_data[key]


def _store(doc: Doc, group: str, records, label_of) -> None:
    spans = []
    for r in records:
        span = doc.char_span(r.start, r.end, label=label_of(r), alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[group] = SpanGroup(doc, name=group, spans=spans)
    doc.user_data[("restrack", group)] = list(records)


def _finder(group: str, find, label_of):
    """A component that runs ``find(text, lang)`` and stores its records under ``group``."""

    def factory(nlp: Language, name: str):
        lang = nlp.lang

        def component(doc: Doc) -> Doc:
            _store(doc, group, find(_text(doc), lang), label_of)
            return doc

        return component

    return factory


def _people(text: str, lang: str) -> list[resolutions.Ref]:
    return [resolutions.Ref(s, e, t) for s, e, t in bodies.find_people(text, lang)]


Language.factory("restrack_quantities", func=_finder("quantities", numbers.find_quantities,
                                                     lambda r: r.label))
Language.factory("restrack_dates", func=_finder("dates", periods.find_dates, lambda r: r.label))
Language.factory("restrack_bodies", func=_finder("bodies", bodies.find_bodies, lambda r: "BODY"))
Language.factory("restrack_people", func=_finder("people", _people, lambda r: "PERSON"))
Language.factory("restrack_resolutions", func=_finder("resolutions", resolutions.find_resolutions,
                                                      lambda r: "RESOLUTION"))


COMPONENTS = ("restrack_resolutions", "restrack_dates", "restrack_quantities", "restrack_bodies",
              "restrack_people")


@cache
def pipeline(lang: str) -> Language:
    """The blank pipeline of ``lang`` with the rule components."""
    nlp = blank(lang)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def records(doc: Doc, group: str) -> list:
    """The records a component stored for ``group``, in text order."""
    return list(doc.user_data.get(("restrack", group), []))
