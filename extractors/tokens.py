"""A spaCy Doc for any text, in time linear in its length (``make_doc``).

spaCy's tokenizer peels prefixes and suffixes off a space-delimited run one at a time and,
for each, hashes, slices and searches the rest of the run again: a run with many affixes is
quadratic in its length (200,000 "(" or 100,000 emoji without a space take minutes). And
``nlp.make_doc`` refuses a text over ``nlp.max_length`` (E088). So:

* text with no suspicious run and within spaCy's length goes through ``nlp.make_doc``
  unchanged (every real document: the longest run in the shared corpora is a 167-character
  URL with 35 marks);
* otherwise the text is tokenized in parts: ordinary stretches of at most ``PART_CHARS``
  characters, cut after a line break or a space, by spaCy's tokenizer; each run that is too
  long or holds too many marks cut into runs of letters and digits and runs of one repeated
  other character, at most ``MAX_TOKEN_CHARS`` each. The parts' tokens make one Doc
  whose text is exactly the input, so every character offset still holds.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

# A run of non-space characters is handed to spaCy's tokenizer only when it is at most this
# long and holds at most this many characters that are neither letters nor digits (each can
# be an affix, and each affix costs a pass over the rest of the run).
MAX_TOKEN_CHARS = 300
MAX_TOKEN_MARKS = 48
# Ordinary text is tokenized in parts of about this size (spaCy's own limit is 1,000,000).
PART_CHARS = 100_000

# Only runs longer than the mark limit can break either limit: the cheap first filter.
_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_TOKEN_MARKS + 1))
# A bad run's pieces: letters and digits, or one mark repeated ("((((", "😀😀😀").
_PIECE = re.compile(r"[^\W_]{1,%d}|(\S)\1{0,%d}" % (MAX_TOKEN_CHARS, MAX_TOKEN_CHARS - 1))


def _suspicious(run: str) -> bool:
    if len(run) > MAX_TOKEN_CHARS:
        return True
    return sum(1 for c in run if not c.isalnum()) > MAX_TOKEN_MARKS


def _bad_runs(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _LONG_RUN.finditer(text) if _suspicious(m.group())]


def _part_ends(text: str, start: int, end: int) -> list[int]:
    """Where to cut ``text[start:end]`` (no bad run inside) into parts of about
    ``PART_CHARS``: just after a line break, else after a space, else anywhere (a stretch
    without space has no long run, so it is short)."""
    cuts, pos = [], start
    while end - pos > PART_CHARS:
        limit = pos + PART_CHARS
        cut = text.rfind("\n", pos + 1, limit) + 1 or text.rfind(" ", pos + 1, limit) + 1 or limit
        cuts.append(cut)
        pos = cut
    cuts.append(end)
    return cuts


def _add_tokens(nlp: Language, part: str, words: list[str], spaces: list[bool]) -> None:
    for token in nlp.tokenizer(part):
        words.append(token.text)
        spaces.append(bool(token.whitespace_))


def make_doc(nlp: Language, text: str) -> Doc:
    """``nlp``'s tokens of ``text`` as a Doc (no pipeline components run); ``doc.text ==
    text`` always holds."""
    bad = _bad_runs(text)
    if not bad and len(text) <= min(PART_CHARS, nlp.max_length):
        return nlp.make_doc(text)
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for start, end in [*bad, (len(text), len(text))]:
        for cut in _part_ends(text, pos, start):
            if cut > pos:
                _add_tokens(nlp, text[pos:cut], words, spaces)
            pos = cut
        for m in _PIECE.finditer(text, start, end):
            words.append(m.group())
            spaces.append(False)
        pos = end
    return Doc(nlp.vocab, words=words, spaces=spaces)
