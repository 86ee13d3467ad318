"""spaCy pipelines: one blank pipeline per language with restrack's components.

The rule components each wrap a pure finder (``numbers``, ``periods``, ``bodies``,
``resolutions``) and store its records twice: as spans in ``doc.spans[<group>]`` (spaCy's
token view) and as the records themselves in ``doc.user_data`` (they keep exact character
offsets and typed fields). Span extensions are not used for the records: spaCy keys them by
character offsets, so two groups with a span at the same place would overwrite each other's
record. After the finders, ``restrack_resolve`` settles overlaps between them and
``restrack_ner`` merges the language's NER model (``ner.use``) behind the rules, so a
caller only reads records.

The finders read the text, never tokens, and the NER model tokenizes the lines it reads
itself. So ``analyse``, the extraction's call, hands the pipeline a Doc without tokens that
holds the text (``text_doc``): tokenizing a whole document cost a quarter of extraction and
nothing read the tokens. Such a Doc gets records only; ``pipeline(lang)(text)`` tokenizes
as spaCy does and gets the span view as well, with the same records.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, SpanGroup

from . import bodies, numbers, periods, resolutions
from .lang import blank
from .ner import use as ner_use
from .spans import Spans

# The groups of records a Doc holds, and the span label of each group's records.
LABEL_OF: dict[str, Callable] = {
    "quantities": lambda r: r.label,
    "dates": lambda r: r.label,
    "bodies": lambda r: "BODY",
    "people": lambda r: "PERSON",
    "resolutions": lambda r: "RESOLUTION",
    "places": lambda r: "PLACE",
}
GROUPS = tuple(LABEL_OF)
_KEY = "restrack"


def doc_text(doc: Doc) -> str:
    """The text the components read: the one a ``text_doc`` holds, else ``doc.text`` (which
    rebuilds the string from every token on each call, so it is built once per Doc)."""
    key = (_KEY, "text")
    if key not in doc.user_data:
        doc.user_data[key] = doc.text
    return doc.user_data[key]


def text_doc(text: str, lang: str) -> Doc:
    """A Doc of ``lang``'s pipeline that holds ``text`` without tokenizing it."""
    doc = Doc(pipeline(lang).vocab)
    doc.user_data[(_KEY, "text")] = text
    return doc


def _store(doc: Doc, group: str, records: list) -> None:
    if len(doc):  # a Doc with tokens also gets spaCy's span view
        label_of = LABEL_OF[group]
        spans = []
        for r in records:
            span = doc.char_span(r.start, r.end, label=label_of(r), alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[group] = SpanGroup(doc, name=group, spans=spans)
    doc.user_data[(_KEY, group)] = list(records)


def records(doc: Doc, group: str) -> list:
    """The records a component stored for ``group``, in text order."""
    return list(doc.user_data.get((_KEY, group), []))


def extractors(doc: Doc) -> dict[tuple[int, int, str], str]:
    """Who found a record when it was not the rules: ``(start, end, label)`` -> the NER
    model's tag (``ner:vi@<version>``)."""
    return dict(doc.user_data.get((_KEY, "extractors"), {}))


def _finder(group: str, find: Callable):
    """A component that runs ``find(text, lang)`` and stores its records under ``group``."""

    def factory(nlp: Language, name: str):
        lang = nlp.lang

        def component(doc: Doc) -> Doc:
            _store(doc, group, find(doc_text(doc), lang))
            return doc

        return component

    return factory


def _people(text: str, lang: str) -> list[resolutions.Ref]:
    return [resolutions.Ref(s, e, t) for s, e, t in bodies.find_people(text, lang)]


Language.factory("restrack_quantities", func=_finder("quantities", numbers.find_quantities))
Language.factory("restrack_dates", func=_finder("dates", periods.find_dates))
Language.factory("restrack_bodies", func=_finder("bodies", bodies.find_bodies))
Language.factory("restrack_people", func=_finder("people", _people))
Language.factory("restrack_resolutions", func=_finder("resolutions", resolutions.find_resolutions))


def _spans(records_: list) -> Spans:
    return Spans((r.start, r.end) for r in records_)


@Language.factory("restrack_resolve")
def _make_resolve(nlp: Language, name: str):
    """Overlaps between finders: a resolution reference holds its own date and number
    ("Nghị quyết số 15/2025"), and a date its own numbers, so dates inside references and
    quantities inside dates or references are dropped."""

    def component(doc: Doc) -> Doc:
        refs = _spans(records(doc, "resolutions"))
        dates = [d for d in records(doc, "dates") if not refs.overlaps(d.start, d.end)]
        kept = _spans(dates)
        quantities = [q for q in records(doc, "quantities")
                      if not kept.overlaps(q.start, q.end) and not refs.overlaps(q.start, q.end)]
        _store(doc, "dates", dates)
        _store(doc, "quantities", quantities)
        return doc

    return component


@Language.factory("restrack_ner")
def _make_ner(nlp: Language, name: str):
    """The language's NER model behind the rules (``ner.use.apply``): merged bodies and people,
    the model's places and ``extractors``. Whether a model is on is asked for every Doc, so
    ``RESTRACK_NER`` set at any time takes effect."""
    lang = nlp.lang

    def component(doc: Doc) -> Doc:
        merged = ner_use.apply(doc_text(doc), lang, records(doc, "bodies"), records(doc, "people"))
        if merged is None:
            return doc
        _store(doc, "bodies", merged.bodies)
        _store(doc, "people", merged.people)
        _store(doc, "places", [resolutions.Ref(s, e, t) for s, e, t in merged.places])
        doc.user_data[(_KEY, "extractors")] = merged.extractors
        return doc

    return component


FINDERS = ("restrack_resolutions", "restrack_dates", "restrack_quantities", "restrack_bodies",
           "restrack_people")
COMPONENTS = (*FINDERS, "restrack_resolve", "restrack_ner")


@cache
def pipeline(lang: str) -> Language:
    """The blank pipeline of ``lang`` with restrack's components."""
    nlp = blank(lang)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def analyse(text: str, lang: str, model: bool = True) -> Doc:
    """``text`` through ``lang``'s pipeline, untokenized (``text_doc``); ``model=False``
    leaves the NER model out (when ``lang``'s rules stand in for a language restrack has
    none for)."""
    return pipeline(lang)(text_doc(text, lang), disable=() if model else ("restrack_ner",))
