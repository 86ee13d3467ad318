"""Bodies (SPEC §3): find_bodies, normalize_body and find_people in every language."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.bodies import find_bodies, find_people, normalize_body
from extractors.lang import languages, load_shared

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
TYPES = set(load_shared("body_types")["types"])
LEVELS = set(load_shared("body_types")["levels"]) | {""}


def canon(text: str, lang: str) -> list[str]:
    return [b.canonical for b in find_bodies(text, lang)]


VI = [
    ("Ban Thường vụ Tỉnh ủy chỉ đạo", ["standing_committee:province:"]),
    ("giao UBND xã thực hiện", ["peoples_committee:commune:"]),
    ("Ủy ban nhân dân xã Lương Minh chủ trì", ["peoples_committee:commune:Lương Minh"]),
    ("HĐND tỉnh giám sát", ["peoples_council:province:"]),
    ("Ban Thường trực Ủy ban MTTQ Việt Nam xã ban hành kế hoạch", ["standing_board:commune:"]),
    ("phối hợp với Mặt trận Tổ quốc", ["fatherland_front::"]),
    ("Đảng ủy xã lãnh đạo", ["party_committee:commune:"]),
    ("Đảng ủy phường Việt Hưng đề ra", ["party_committee:ward:Việt Hưng"]),
    ("Thành ủy chỉ đạo", ["party_committee:city:"]),
    ("Tỉnh ủy Thái Nguyên ban hành", ["party_committee:province:Thái Nguyên"]),
    ("Huyện ủy và Quận ủy", ["party_committee:district:", "party_committee:district:"]),
    ("các chi bộ trực thuộc", ["party_cell::"]),
    ("Đoàn Thanh niên, Hội Phụ nữ, Hội Nông dân, Công đoàn",
     ["mass_organization::"] * 4),
    ("Công an tỉnh bảo đảm an ninh", ["police:province:"]),
    ("Bộ Chỉ huy Quân sự tỉnh", ["military_command:province:"]),
    ("Bộ đội Biên phòng tuần tra", ["border_guard::"]),
    ("Tòa án và Viện kiểm sát", ["court_procuracy::", "court_procuracy::"]),
    ("Sở Tài chính tham mưu", ["department::"]),
    ("Bộ Công an hướng dẫn", ["ministry:central:"]),
    ("Chính phủ ban hành", ["government::"]),
    ("xây dựng chính phủ số", []),
    ("đại biểu Quốc hội", ["national_assembly:central:"]),
    ("Bộ Chính trị, Ban Bí thư", ["politburo:central:", "secretariat:central:"]),
    ("Ban Chấp hành Trung ương Đảng", ["central_committee:central:"]),
    ("Ủy ban bầu cử xã Phố Bảng", ["agency:commune:Phố Bảng"]),
    ("Tiểu ban tuyên truyền", ["agency::"]),
    ("Ban Chấp hành Đảng bộ tỉnh khóa I", ["executive_committee:province:"]),
    ("Ủy ban kiểm tra Tỉnh ủy", ["inspection_commission:province:"]),
    ("Ban Tổ chức Tỉnh ủy", ["organization_commission:province:"]),
    ("Ban Tuyên giáo và Dân vận Tỉnh ủy", ["propaganda_commission:province:"]),
    ("Văn phòng Thành ủy", ["party_office:city:"]),
    ("Văn phòng UBND tỉnh", ["agency:province:"]),
    ("Chi bộ Văn phòng UBND tỉnh", ["party_cell:province:"]),
    ("Ban Thường vụ Đảng ủy xã Lương Minh", ["standing_committee:commune:Lương Minh"]),
    ("Đảng ủy Công an tỉnh", ["party_committee:province:"]),
    # abbreviations
    ("BTV Tỉnh ủy", ["standing_committee:province:"]),
    ("BCH Đảng bộ xã", ["executive_committee:commune:"]),
    ("UBKT Đảng ủy", ["inspection_commission::"]),
    ("BTG&DV Tỉnh ủy", ["propaganda_commission:province:"]),
    ("UBMTTQ xã", ["fatherland_front:commune:"]),
    ("Thường trực HĐND phường", ["standing_board:ward:"]),
    # two bodies sharing the level stated once
    ("Tập thể Ban Chấp hành, Ban Thường vụ Tỉnh ủy",
     ["executive_committee:province:", "standing_committee:province:"]),
    # document numbers are not mentions; nor is a lone "Thường trực"
    ("Kế hoạch số 21-KH/ĐU, Nghị quyết số 99/2025/NQ-HĐND", []),
    ("Phó Chủ tịch Thường trực", []),
    # headers: upper case, with or without diacritics; old spelling "uỷ"
    ("ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN", ["peoples_committee:province:THÁI NGUYÊN"]),
    ("UY BAN NHAN DAN TINH", ["peoples_committee:province:"]),
    ("Uỷ ban nhân dân phường 5", ["peoples_committee:ward:5"]),
    # a name after the body is a person, not a place
    ("Bí thư Thành ủy Hà Nội Nguyễn Duy Ngọc", ["party_committee:city:Hà Nội"]),
    ("Ủy ban Kiểm tra Tỉnh ủy Ủy ban Kiểm tra",
     ["inspection_commission:province:", "inspection_commission::"]),
]

EN = [
    ("The Standing Committee of the City Party Committee assigned",
     ["standing_committee:city:"]),
    ("the Standing Committee of the Hanoi City Party Committee", ["standing_committee:city:Hanoi"]),
    ("the Office of the City Party Committee", ["party_office:city:"]),
    ("the Viet Hung Ward Party Committee", ["party_committee:ward:Viet Hung"]),
    ("the People's Committee of Hoa Hoi Commune", ["peoples_committee:commune:Hoa Hoi"]),
    ("the People’s Committee of Ward 5", ["peoples_committee:ward:5"]),
    ("the provincial People's Council", ["peoples_council:province:"]),
    ("the Politburo and the Secretariat", ["politburo:central:", "secretariat:central:"]),
    ("the Central Committee", ["central_committee:central:"]),
    ("the Executive Committee of the Party Committee of Chu Se commune",
     ["executive_committee:commune:Chu Se"]),
    ("the Standing Board of the Fatherland Front Committee", ["standing_board::"]),
    ("the Inspection Commission of the Provincial Party Committee",
     ["inspection_commission:province:"]),
    ("the Organization Commission of the Hanoi Party Committee",
     ["organization_commission::Hanoi"]),
    ("the Propaganda and Mass Mobilization Commission", ["propaganda_commission::"]),
    ("Party Committee Office", ["party_office::"]),
    ("the Party Committee of Hanoi", ["party_committee::Hanoi"]),
    ("Party cells", ["party_cell::"]),
    ("the National Assembly", ["national_assembly:central:"]),
    ("the Government decided", ["government::"]),
    ("building a digital government", []),
    ("the Ministry of Finance", ["ministry:central:"]),
    ("the Ministry of Public Security", ["ministry:central:"]),
    ("the Department of Construction", ["department::"]),
    ("the Fatherland Front and the Youth Union", ["fatherland_front::", "mass_organization::"]),
    ("the Women's Union", ["mass_organization::"]),
    ("the provincial police", ["police:province:"]),
    ("the Provincial Military Command", ["military_command:province:"]),
    ("the Border Guard", ["border_guard::"]),
    ("the People's Court and the Procuracy", ["court_procuracy::", "court_procuracy::"]),
    ("the commune Election Committee", ["agency:commune:"]),
    ("the Central Committee in the capital", ["central_committee:central:"]),
]

PL = [
    ("Uchwała Zjazdu Komitetu Partii Viet Hung Ward", ["party_committee:ward:Viet Hung"]),
    ("sekretarza komitetu partyjnego gminy Chu Se", ["party_committee:commune:Chu Se"]),
    ("Komitet Partii", ["party_committee::"]),
    ("współpraca z Komitetem Partyjnym", ["party_committee::"]),
    ("w Komitecie Partyjnym", ["party_committee::"]),
    ("wiele komitetów partyjnych", ["party_committee::"]),
    ("wiele gminnych i okręgowych komitetów partyjnych", ["party_committee:commune:"]),
    ("Gminny Komitet Partyjny określił", ["party_committee:commune:"]),
    ("Rada Ludowa, Rady Ludowej, Radzie Ludowej",
     ["peoples_council::", "peoples_council::", "peoples_council::"]),
    ("Komitet Wykonawczy Komitetu Partyjnego gminy zatwierdził",
     ["executive_committee:commune:"]),
    ("Komitet Partii w gminie Ia Hiao wyznaczył", ["party_committee:commune:Ia Hiao"]),
    ("Komitet Partii Dzielnicy Viet Hung zorganizował", ["party_committee:ward:Viet Hung"]),
    ("Komitet Partii Okręgowej", ["party_committee:ward:"]),
    ("Komitet Stały Komitetu Partii miasta Hanoi", ["standing_committee:city:Hanoi"]),
    ("Kancelaria Komitetu Miejskiego Partii", ["party_office:city:"]),
    ("Biuro Polityczne i Komitet Centralny", ["politburo:central:", "central_committee:central:"]),
    ("rola rządu", ["government::"]),
    ("Departament Budownictwa", ["department::"]),
    ("Komitet Ludowy gminy Hoa Hoi", ["peoples_committee:commune:Hoa Hoi"]),
    ("Komitet Frontu Ojczyzny Wietnamu w gminie", ["fatherland_front:commune:"]),
    ("ze strażą graniczną i policją", ["border_guard::", "police::"]),
    ("oddziały partyjne", ["party_cell::"]),
    ("zobowiązał samorząd do współpracy", ["peoples_committee::"]),
    ("dwupoziomowego modelu samorządu terytorialnego", []),
]

RU = [
    ("Комитет партии решил", ["party_committee::"]),
    ("секретарь горкома партии", ["party_committee:city:"]),
    ("проект городского комитета партии", ["party_committee:city:"]),
    ("председателя Народного комитета", ["peoples_committee::"]),
    ("с Народным советом", ["peoples_council::"]),
    ("структуру Постоянного комитета горкома партии", ["standing_committee:city:"]),
    ("поручил Канцелярии городского комитета партии", ["party_office:city:"]),
    ("ревизионной комиссии горкома партии", ["inspection_commission:city:"]),
    ("городской партийный исполнительный комитет рассмотрит", ["executive_committee:city:"]),
    ("партийным комитетом городского народного совета", ["party_committee:city:"]),
    ("Политбюро и Центральный комитет", ["politburo:central:", "central_committee:central:"]),
    ("резолюций Центрального комитета в столице", ["central_committee:central:"]),
    ("правительство провинции", ["government:province:"]),
    ("Департамент строительства", ["department::"]),
    ("Комиссия по экономике", ["agency::"]),
    ("Народный комитет коммуны Чу Се", ["peoples_committee:commune:Чу Се"]),
    ("Партийный комитет города Ханоя", ["party_committee:city:Ханоя"]),
    ("секретарь городского комитета партии Нгуен Зуй Нгок", ["party_committee:city:"]),
]

AR = [
    ("أكدت لجنة الحزب", ["party_committee::"]),
    ("رئيس اللجنة التنظيمية للجنة الحزب", ["organization_commission::"]),
    ("واللجنة الدائمة للجنة الحزب في المنطقة", ["standing_committee:district:"]),
    ("وقد جسّدت اللجنة التنفيذية للحزب واللجنة الدائمة",
     ["executive_committee::", "standing_committee::"]),
    ("رئيس اللجنة الشعبية الإقليمية", ["peoples_committee:province:"]),
    ("مجلس الشعب", ["peoples_council::"]),
    ("لجنة الحزب في هانوي، ها مينه هاي", ["party_committee::هانوي"]),
    ("لجنة الحزب في مدينة هانوي", ["party_committee:city:هانوي"]),
    ("أمينة لجنة الحزب في مقاطعة آن نون باك، عزمها", ["party_committee:province:آن نون باك"]),
    ("لجنة الحزب بالمدينة", ["party_committee:city:"]),
    ("مكتب لجنة الحزب في المدينة", ["party_office:city:"]),
    ("قرار المكتب السياسي", ["politburo:central:"]),
    ("استنتاجات اللجنة المركزية", ["central_committee:central:"]),
    ("جبهة الوطن والمنظمات الجماهيرية", ["fatherland_front::", "mass_organization::"]),
    ("مراقبة الحكومة", ["government::"]),
    ("نموذج الحكومة المحلية على المستويين", []),
    ("وجهت اللجنة الدائمة لجنة الشعب في البلدية",
     ["standing_committee::", "peoples_committee:commune:"]),
    ("لجان الحزب في البلديات والأحياء", ["party_committee:commune:"]),
]

CASES = ([("vi", t, e) for t, e in VI] + [("en", t, e) for t, e in EN]
         + [("pl", t, e) for t, e in PL] + [("ru", t, e) for t, e in RU]
         + [("ar", t, e) for t, e in AR])


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_find_bodies(lang: str, text: str, expected: list[str]) -> None:
    assert canon(text, lang) == expected


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_spans_are_exact_sorted_and_typed(lang: str, text: str, expected: list[str]) -> None:
    last = 0
    for b in find_bodies(text, lang):
        assert text[b.start:b.end] == b.text
        assert b.start >= last
        last = b.end
        assert b.type in TYPES and b.level in LEVELS
        assert b.place == b.place.strip(" .,;:")


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["vi", "en", "pl", "ru", "ar"]).flatmap(lambda lang: st.tuples(
    st.just(lang),
    st.lists(st.sampled_from([t for case_lang, t, _ in CASES if case_lang == lang]), max_size=6),
    st.sampled_from([" ", "\n", ", ", " i ", " và ", "\n\n", "; ", "/"]))))
def test_spans_hold_in_any_mix(drawn: tuple[str, list[str], str]) -> None:
    lang, parts, sep = drawn
    text = sep.join(parts)
    last = 0
    for b in find_bodies(text, lang):
        assert text[b.start:b.end] == b.text and b.start >= last and b.end > b.start
        last = b.end
    for s, e, t in find_people(text, lang):
        assert text[s:e] == t


def test_every_type_is_found_in_vi_and_en() -> None:
    for lang, cases in (("vi", VI), ("en", EN)):
        found = {c.split(":")[0] for _, expected in cases for c in expected}
        assert found == TYPES, (lang, TYPES - found)


def test_every_language_folder_has_bodies() -> None:
    for lang in ("vi", "en", "pl", "ru", "ar"):
        assert lang in languages()
        assert find_bodies("", lang) == []


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("vi", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "propaganda_commission:province:"),
    ("vi", "UBND các xã, phường", "peoples_committee:commune:"),
    ("vi", "UBND tỉnh", "peoples_committee:province:"),
    ("vi", "Văn phòng\nTỉnh ủy", "party_office:province:"),
    ("vi", "Ban Thường trực", "standing_board::"),
    ("vi", "Thường trực", "standing_board::"),
    ("vi", "Sở Tài chính; Sở Xây dựng", "department::"),
    ("en", "Office of the City Party Committee", "party_office:city:"),
    ("pl", "Komitetu Partyjnego gminy", "party_committee:commune:"),
    ("ru", "Канцелярия горкома партии", "party_office:city:"),
    ("ar", "للجنة الحزب", "party_committee::"),
])
def test_normalize_body(lang: str, text: str, expected: str) -> None:
    ref = normalize_body(text, lang)
    assert ref is not None and ref.canonical == expected
    assert text[ref.start:ref.end] == ref.text


@pytest.mark.parametrize(("lang", "text"), [
    ("vi", "Nguyễn Văn An"), ("vi", ""), ("en", "the committee"), ("ru", "лидеры города"),
])
def test_normalize_body_none(lang: str, text: str) -> None:
    assert normalize_body(text, lang) is None


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("pl", "Według pana Ly Anh Sanga, sekretarza komitetu partyjnego gminy Chu Se, zadaniem",
     ["Ly Anh Sanga"]),
    ("pl", "Według Tran Thanh Thao, zastępcy sekretarza Komitetu Partyjnego gminy, na",
     ["Tran Thanh Thao"]),
    ("pl", "Przewodniczący Rady Ludowej Dzielnicy Viet Hung, Duong Hoai Nam, podkreślił",
     ["Duong Hoai Nam"]),
    ("ru", "секретарь городского партийного комитета Нгуен Зуй Нгок сказал",
     ["Нгуен Зуй Нгок"]),
    ("ru", "по указаниям Генерального секретаря То Лама", ["То Лама"]),
    ("ar", "أكدت نجوين ثي كيم كوي، أمينة لجنة الحزب", ["نجوين ثي كيم كوي"]),
    ("ar", "قال السيد تو هيو ترونغ، سكرتير لجنة الحزب", ["تو هيو ترونغ"]),
    ("ar", "أكد رئيس اللجنة التنظيمية للجنة الحزب في هانوي، ها مينه هاي، أن",
     ["ها مينه هاي"]),
    ("vi", "Bí thư Thành ủy Hà Nội Nguyễn Duy Ngọc phát biểu", ["Nguyễn Duy Ngọc"]),
    ("vi", "Tổng Bí thư Tô Lâm", ["Tô Lâm"]),
    ("vi", "đồng chí Phạm Thị Thúy", ["Phạm Thị Thúy"]),
    ("vi", "các đồng chí Chuyên viên cơ quan", []),
    ("en", "Mr. To Hieu Trung, secretary of the commune Party Committee, said",
     ["To Hieu Trung"]),
    ("en", "Hanoi Party Committee Secretary Nguyen Duy Ngoc said", ["Nguyen Duy Ngoc"]),
    ("en", "The Party Committee of Hanoi decided", []),
])
def test_find_people(lang: str, text: str, expected: list[str]) -> None:
    people = find_people(text, lang)
    assert [p[2] for p in people] == expected
    assert all(text[s:e] == t for s, e, t in people)


def test_language_without_data_finds_nothing() -> None:
    # a pipeline over mixed folders must not fail on, say, a French file
    assert find_bodies("le Comité du Parti", "fr") == []
    assert normalize_body("le Comité du Parti", "fr") is None
    assert find_people("M. Nguyen Van A", "fr") == []


# ------------------------------------------------------------------------------------------
# Real documents (../shared): general facts checked by reading them.

def _seed(prefix: str) -> str:
    return next((SHARED / "seeds").glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


SEED_FACTS = [
    ("000", "pl", "party_committee:ward:Viet Hung"),
    ("000", "pl", "peoples_council:ward:Viet Hung"),
    ("003", "pl", "party_committee:commune:Chu Se"),
    ("003", "pl", "executive_committee:commune:"),
    ("003", "pl", "peoples_committee::"),
    ("003", "pl", "border_guard::"),
    ("004", "ru", "party_office:city:"),
    ("004", "ru", "standing_committee:city:"),
    ("004", "ru", "inspection_commission:city:"),
    ("004", "ru", "politburo:central:"),
    ("001", "ar", "organization_commission::هانوي"),
    ("001", "ar", "fatherland_front::"),
    ("002", "ar", "party_committee:province:آن نون باك"),
    ("002", "ar", "peoples_committee:province:"),
    ("002", "ar", "executive_committee::"),
]


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared")
@pytest.mark.parametrize(("prefix", "lang", "code"), SEED_FACTS)
def test_seed_names_body(prefix: str, lang: str, code: str) -> None:
    text = _seed(prefix)
    found = find_bodies(text, lang)
    assert code in {b.canonical for b in found}
    assert all(text[b.start:b.end] == b.text for b in found)


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared")
@pytest.mark.parametrize(("prefix", "lang", "person"), [
    ("000", "pl", "Duong Hoai Nam"), ("003", "pl", "Ly Anh Sanga"),
    ("004", "ru", "Нгуен Зуй Нгок"), ("001", "ar", "ها مينه هاي"), ("002", "ar", "فام آنه توان"),
])
def test_seed_names_person(prefix: str, lang: str, person: str) -> None:
    assert person in {p[2] for p in find_people(_seed(prefix), lang)}


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared")
def test_gold_responsible_types_are_found_in_seeds() -> None:
    """Every body type the gold names as responsible or issuer occurs in its seed."""
    for gold in sorted((SHARED / "gold" / "dev").glob("0*.json")):
        doc = json.loads(gold.read_text(encoding="utf-8"))
        text = (SHARED / "seeds" / doc["doc"]).read_text(encoding="utf-8")
        found = {b.type for b in find_bodies(text, doc["language"])}
        wanted = {t for row in doc["rows"] for t in (row.get("responsible_types") or [])}
        wanted |= {row["issuer_type"] for row in doc["rows"] if row.get("issuer_type")}
        assert wanted <= found, (doc["doc"], wanted - found)


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.exists(), reason="needs ../shared")
def test_vi_election_plan_docx() -> None:
    docx = pytest.importorskip("docx")
    path = SHARED / "realdocs" / "vi_luongminh_kh16-KH-MTTQ-BTT_bau_cu.docx"
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    found = {b.canonical for b in find_bodies(text, "vi")}
    assert "standing_committee:commune:Lương Minh" in found
    assert "standing_board:commune:" in found
    assert "peoples_committee:commune:" in found
    assert "politburo:central:" in found
