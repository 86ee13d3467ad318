"""Peer suites (Duckling, Recognizers-Text) run against ``extractors.numbers``.

Prints the pass rate per suite and language; ``tests/lang/test_peer.py`` asserts on the same
numbers. Run: ``.venv/bin/python tests/lang/peer_report.py [-v]`` (``-v`` lists failures).

Which cases apply (SPEC §3 sets the scope; everything else is counted):

- Duckling ``numeral_*``: the whole input must be one numeral with the expected value
  (``parse_number``). Out of scope: negative numbers, fractions written with a slash and
  quantifier idioms whose value is a convention ("a few" = 3, "a couple", "nic").
- Duckling ``amount_of_money_*``: ``find_quantities`` must find exactly one MONEY quantity
  with the expected value and ISO code ("$" counts as USD, "£" as GBP); a Duckling interval is a
  range (from and to), a lower bound (gt/gte) or an upper bound (lt/lte). Out of scope:
  currencies without an ISO code (cents, "bucks", bare dinar/riyal/rial), amounts in two
  units ("20 dollars 43 cents") and the latent corpus (bare numbers).
- Recognizers ``PercentModel``: the PERCENT quantities found must be exactly the expected
  ones (value, overlapping span). Out of scope: negative percentages, cases no upstream
  platform runs, and mentions without a value ("a small percent").
- Recognizers ``NumberModel``: the values of all quantities found must be the expected
  values. Out of scope: fractions and powers (also fraction words such as "half" and the
  Arabic "جزء من مائة", hundredths, which upstream labels decimal), negatives, cases no
  upstream platform runs,
  and the forms SPEC says are not quantities (dates, phone numbers, IP addresses,
  identifiers such as "SCP-173", references "nr. 22"); cases expecting nothing where the
  number carries a unit ("180ml": SPEC counts that as a quantity).
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PEER = ROOT.parent / "shared" / "peer"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extractors.numbers import find_quantities, parse_number  # noqa: E402

THRESHOLD = 0.90
# quantifier idioms whose value is a convention ("a few" = 3), not numerals
QUANTIFIERS = {"nil", "single", "a pair", "a couple", "a couple of", "a few", "few", "nic",
               "pojedynczy", "para", "нисколько"}
PLATFORMS = {"dotnet", "java", "javascript", "python"}
NON_ISO = {"cent", "unknown", "dinar", "riyal", "rial"}
CURRENCY = {"$": "USD", "£": "GBP"}
RECOGNIZERS_LANG = {"en": "English", "ar": "Arabic"}
# SPEC §3: dates, phone numbers, IP addresses, identifiers and references are no quantities
NOT_QUANTITY = re.compile(
    r"\d\s*/\s*\d|[٠-٩]\s*/\s*[٠-٩]|\d+\.\d+\.\d+|[A-Za-z]-\d|\+\d|\bnrs?\.|[٠-٩]+\.[٠-٩]+\.[٠-٩]")
# fraction words: "half a dozen", "مائتان وثلاثة جزء من مائة" (two hundred and three hundredths)
FRACTION_WORDS = re.compile(r"\bhalf\b|نصف|جزء من")
DECIMAL_WRITTEN = re.compile(r"\d[.,٫]\d|[.,٫]\d|point|chấm|phẩy|точка|فاصلة", re.IGNORECASE)


@dataclass
class Result:
    suite: str
    lang: str
    passed: int = 0
    total: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 1.0

    def add(self, ok: bool, label: str) -> None:
        self.total += 1
        self.passed += ok
        if not ok:
            self.failures.append(label)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def _load(*parts: str) -> list[dict]:
    with PEER.joinpath(*parts).open(encoding="utf-8-sig") as f:
        return json.load(f)


# --- Duckling ---------------------------------------------------------------------------

def duckling_numeral(lang: str) -> Result:
    res = Result("duckling numeral", lang)
    for case in _load("duckling", f"numeral_{lang}.json"):
        text, want = case["input"], case["expected"]
        if want < 0 or "/" in text or text.lower() in QUANTIFIERS:
            continue  # negatives, slash fractions, quantifier idioms: outside SPEC §3
        got = parse_number(text, lang)
        res.add(_close(got, float(want)), f"{text!r}: want {want}, got {got}")
    return res


def _iso(currency: str) -> str | None:
    code = CURRENCY.get(currency, currency)
    return None if code in NON_ISO or not re.fullmatch(r"[A-Z]{3}", code) else code


def _money_expectation(exp: dict | None) -> tuple | None:
    """(value, value_max, allowed comparators, ISO) or None when out of scope."""
    if exp is None:
        return ()
    if exp["type"] == "value":
        code = _iso(exp["currency"])
        return code and (exp["value"], None, {"eq", "approx"}, code)
    lo, hi = exp.get("from"), exp.get("to")
    code = _iso((lo or hi)["currency"])
    if not code:
        return None
    if lo and hi:
        return (lo["value"], hi["value"], {"range"}, code)
    if lo:
        return (lo["value"], None, {"gt", "gte"}, code)
    return (hi["value"], None, {"lt", "lte"}, code)


def duckling_money(lang: str) -> Result:
    res = Result("duckling money", lang)
    for case in _load("duckling", f"amount_of_money_{lang}.json"):
        if case["corpus"] == "latentCorpus":
            continue
        text, want = case["input"], _money_expectation(case["expected"])
        if want is None:
            continue
        values = [v for v in want[:2] if v is not None]
        if any(v != int(v) for v in values) and not DECIMAL_WRITTEN.search(text):
            continue  # "20 dollars 43 cents": two units in one amount
        money = [q for q in find_quantities(text, lang) if q.label == "MONEY"]
        if want == ():
            res.add(not money, f"{text!r}: want nothing, got {[q.text for q in money]}")
            continue
        value, value_max, comparators, code = want
        ok = (len(money) == 1 and _close(money[0].value, value) and _close(money[0].value_max, value_max)
              and money[0].comparator in comparators and money[0].unit == code)
        got = [(q.text, q.value, q.value_max, q.comparator, q.unit) for q in money]
        res.add(ok, f"{text!r}: want {want}, got {got}")
    return res


# --- Recognizers-Text ---------------------------------------------------------------------

def _runs_upstream(case: dict) -> bool:
    off: set[str] = set()
    for key in ("NotSupported", "NotSupportedByDesign"):
        off |= {p.strip().lower() for p in str(case.get(key, "")).split(",") if p.strip()}
    return not PLATFORMS <= off


def _number(value: str) -> float | None:
    try:
        return float(value.rstrip("%"))
    except (TypeError, ValueError):
        return None


def recognizers_percent(lang: str) -> Result:
    res = Result("recognizers percent", lang)
    for case in _load("recognizers", "Number", RECOGNIZERS_LANG[lang], "PercentModel.json"):
        want = [(r["Start"], r["End"] + 1, _number(r["Resolution"].get("value"))) for r in case["Results"]]
        if not _runs_upstream(case) or any(v is None or v < 0 for _, _, v in want):
            continue
        got = [q for q in find_quantities(case["Input"], lang) if q.label == "PERCENT"]
        ok = len(got) == len(want) and all(
            any(_close(q.value, v) and q.start < e and q.end > s for q in got) for s, e, v in want)
        res.add(ok, f"{case['Input'][:80]!r}: want {[v for *_, v in want]}, "
                    f"got {[(q.text, q.value) for q in got]}")
    return res


def recognizers_number(lang: str) -> Result:
    res = Result("recognizers number", lang)
    for case in _load("recognizers", "Number", RECOGNIZERS_LANG[lang], "NumberModel.json"):
        text, results = case["Input"], case["Results"]
        want = sorted(_number(r["Resolution"].get("value")) or 0.0 for r in results)
        if (not _runs_upstream(case) or NOT_QUANTITY.search(text) or FRACTION_WORDS.search(text)
                or any(r["Resolution"].get("subtype") in ("fraction", "power") for r in results)
                or any(v < 0 for v in want)
                or (not results and re.search(r"\d\s*[^\W\d_]", text))):
            continue
        qs = find_quantities(text, lang)
        got = sorted(v for q in qs for v in (q.value, q.value_max) if v is not None)
        ok = len(got) == len(want) and all(_close(a, b) for a, b in zip(got, want))
        res.add(ok, f"{text[:80]!r}: want {want}, got {[(q.text, q.value) for q in qs]}")
    return res


SUITES = {
    **{("duckling numeral", lang): duckling_numeral for lang in ("pl", "ru", "ar", "vi", "en")},
    **{("duckling money", lang): duckling_money for lang in ("ru", "ar", "vi", "en")},
    **{("recognizers percent", lang): recognizers_percent for lang in ("en", "ar")},
    **{("recognizers number", lang): recognizers_number for lang in ("en", "ar")},
}


def run(suite: str, lang: str) -> Result:
    return SUITES[(suite, lang)](lang)


def main(argv: list[str]) -> int:
    if not PEER.exists():
        print(f"no peer data at {PEER}")
        return 1
    verbose = "-v" in argv
    print(f"{'suite':<22}{'lang':<6}{'passed':>8}{'cases':>8}{'rate':>8}")
    for suite, lang in SUITES:
        r = run(suite, lang)
        print(f"{suite:<22}{lang:<6}{r.passed:>8}{r.total:>8}{r.rate:>8.1%}")
        if verbose:
            for f in r.failures:
                print("    FAIL", f)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
