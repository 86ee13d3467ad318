"""Generate the synthetic benchmark corpus: thousands of resolution-like documents.

The texts are built from sentence templates in five languages (vi, en, pl, ru, ar),
with numbers, places, bodies and years drawn from a seeded RNG. The same seed and size
always give the same files, byte for byte. Most documents are .txt. About 2% are
multi-page PDFs (3–10 pages), and some are DOCX and HTML. A few txt files use legacy
encodings, as real inputs do.

    python bench/corpus.py                      # 2,000 documents into bench/out/corpus
    python bench/corpus.py --docs 200 --out /tmp/c

Layout: ``<out>/<format>/<lang>_<index>.<ext>`` plus ``<out>/manifest.json``, which
lists every file (file, lang, format, n_chars, n_pages, encoding, sha256) and the totals.
Each format has its own folder, so the benchmark can pass a whole format as one input.
"""
from __future__ import annotations

import argparse
import hashlib
import html
import importlib.util
import json
import random
import re
import shutil
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
DEFAULT_OUT = BENCH_DIR / "out" / "corpus"
DEFAULT_DOCS = 2000
DEFAULT_SEED = 20251103
MANIFEST = "manifest.json"
GENERATOR_VERSION = 1  # bump when templates change, so cached corpora are rebuilt

LANGS: tuple[str, ...] = ("vi", "en", "pl", "ru", "ar")
FORMATS: tuple[str, ...] = ("txt", "pdf", "docx", "html")
# Shares of the corpus per binary format; the rest is txt. 2% of 2,000 = 40 PDFs.
SHARES: dict[str, float] = {"pdf": 0.02, "docx": 0.03, "html": 0.05}
PDF_PAGES = (3, 10)
# Body lines per PDF page. 34 lines with paragraph gaps always fit an A4 page, so the
# page count is exactly ceil(lines / 34) and we can aim for a number of pages.
PDF_LINES_PER_PAGE = 34


def _load_samples_module() -> ModuleType:
    """Reuse the PDF/DOCX/HTML renderers of data/make_samples.py (one way to make files)."""
    path = REPO_DIR / "data" / "make_samples.py"
    spec = importlib.util.spec_from_file_location("restrack_make_samples", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need the module registered
    spec.loader.exec_module(module)
    return module


samples = _load_samples_module()


# --------------------------------------------------------------------------------------
# Language data. Bodies are (subject, object, "with" form) and things (form a, form b),
# because Polish and Russian inflect them; the other languages repeat one form.
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Lang:
    code: str
    levels: dict[str, str]  # level -> place pattern with {name}
    titles: tuple[str, ...]
    term: str
    targets: tuple[str, ...]
    achievements: tuple[str, ...]
    structures: tuple[str, ...]
    present: tuple[str, ...]
    tasks: tuple[str, ...]
    fillers: tuple[str, ...]
    bodies: tuple[tuple[str, str, str], ...]
    things: tuple[tuple[str, str], ...]
    months: tuple[str, ...]
    quarters: tuple[str, ...]
    source_label: str
    comments: str
    nav: tuple[str, ...]
    related_label: str
    footer: str
    table_header: tuple[str, str, str, str]
    quarter_deadline: str  # table cell, with {q} and {year0}
    legacy_encoding: str | None = None


def _same3(items: Sequence[str]) -> tuple[tuple[str, str, str], ...]:
    return tuple((x, x, x) for x in items)


def _same2(items: Sequence[str]) -> tuple[tuple[str, str], ...]:
    return tuple((x, x) for x in items)


ROMAN = ("I", "II", "III", "IV")

VI = Lang(
    code="vi",
    levels={"ward": "phường {name}", "commune": "xã {name}", "city": "thành phố {name}", "province": "tỉnh {name}"},
    titles=(
        "Nghị quyết Đại hội Đảng bộ {place} lần thứ I, nhiệm kỳ {t0}–{t1}",
        "Đảng bộ {place} ban hành Chương trình hành động nhiệm kỳ {t0}–{t1}",
        "{Place} đặt mục tiêu tăng trưởng {lo}–{hi}%/năm",
    ),
    term="Đại hội đại biểu Đảng bộ {place} nhiệm kỳ {t0}–{t1} đã thành công tốt đẹp với {dele} đại biểu tham dự.",
    targets=(
        "Tốc độ tăng trưởng kinh tế bình quân hằng năm từ {lo}–{hi}%.",
        "Phấn đấu giá trị sản xuất tăng bình quân {lo}%/năm trong giai đoạn {t0}–{t1}.",
        "Thu ngân sách trên địa bàn đạt trên {bn} tỷ đồng vào năm {year}.",
        "Đến năm {year}, thu nhập bình quân đầu người đạt khoảng {inc} triệu đồng/năm.",
        "Kim ngạch xuất khẩu đạt trên {musd} triệu USD vào năm {year}.",
        "Thu hút ít nhất {cnt} dự án đầu tư với tổng vốn khoảng {bn} tỷ đồng.",
        "Đến năm {year}, có {pct}% thủ tục hành chính được giải quyết trực tuyến.",
        "Tỷ lệ bao phủ bảo hiểm y tế đạt {pct_hi}% trở lên.",
        "Tỷ lệ hộ nghèo giảm bình quân {small}%/năm.",
        "Tăng trưởng các ngành: công nghiệp – xây dựng {s1}%, dịch vụ {s2}%, nông nghiệp {s3}%.",
        "Mỗi năm kết nạp từ {cnt} đảng viên mới trở lên.",
        "Tỷ lệ che phủ rừng duy trì ở mức {pct_mid}%; 100% hộ dân sử dụng nước sạch đến năm {year}.",
    ),
    achievements=(
        "Giai đoạn {p0}–{p1}, tốc độ tăng trưởng bình quân đạt {past}%/năm.",
        "Nhiệm kỳ qua có {ach}/{n3} chỉ tiêu đạt và vượt, trong đó {ahead} chỉ tiêu hoàn thành trước thời hạn.",
    ),
    structures=("Nghị quyết xác định {n1} quan điểm chỉ đạo, {n2} khâu đột phá và {n3} chỉ tiêu chủ yếu.",),
    present=("Đảng bộ {place} hiện có {mem} đảng viên, sinh hoạt tại {br} chi bộ.",),
    tasks=(
        "Ban Thường vụ giao {body_obj} chủ trì, phối hợp xây dựng {thing}, hoàn thành trước ngày {day}/{month_num}/{year0}.",
        "{Body} chủ trì triển khai {thing}, hoàn thành trong quý {q_roman}/{year0}.",
        "{Body} phối hợp với {body2_with} thực hiện {thing} trong suốt nhiệm kỳ.",
    ),
    fillers=(
        "Đại hội yêu cầu mỗi chỉ tiêu phải rõ người, rõ việc, rõ thời gian, rõ trách nhiệm, rõ sản phẩm và rõ thẩm quyền.",
        "Chương trình tập trung vào cải cách hành chính, chuyển đổi số và nâng cao đời sống Nhân dân.",
        "Đại hội kêu gọi cán bộ, đảng viên nhanh chóng đưa Nghị quyết vào cuộc sống.",
    ),
    bodies=_same3((
        "Văn phòng Đảng ủy", "Ủy ban nhân dân {place}", "Ban Xây dựng Đảng", "Ủy ban Kiểm tra Đảng ủy",
        "Ủy ban Mặt trận Tổ quốc {place}", "Công an {place}", "Ban Tuyên giáo và Dân vận",
    )),
    things=_same2((
        "quy chế làm việc", "kế hoạch chuyển đổi số", "đề án thu hút đầu tư",
        "kế hoạch đào tạo cán bộ", "chương trình phát triển đô thị",
    )),
    months=tuple(f"tháng {m}" for m in range(1, 13)),
    quarters=ROMAN,
    source_label="Nguồn",
    comments="Bình luận (0)",
    nav=("Trang chủ", "Chính trị", "Kinh tế", "Xã hội", "Văn hóa"),
    related_label="Tin liên quan",
    footer="© 2025 Báo điện tử mẫu. Ghi rõ nguồn khi phát hành lại.",
    table_header=("Nội dung", "Cơ quan chủ trì", "Thời gian hoàn thành", "Thời gian thực hiện"),
    quarter_deadline="Quý {q_roman}/{year0}",
)

EN = Lang(
    code="en",
    levels={"ward": "{name} Ward", "commune": "{name} Commune", "city": "{name} City", "province": "{name} Province"},
    titles=(
        "Resolution of the Congress of the {place} Party Committee, term {t0}–{t1}",
        "{place} Party Committee issues action programme for {t0}–{t1}",
        "{place} sets {n3} main targets for the new term",
    ),
    term="The congress of the {place} Party Organisation, term {t0}–{t1}, was attended by {dele} delegates.",
    targets=(
        "Average annual economic growth of {lo}–{hi}% in {t0}–{t1}.",
        "The {place} Party Committee strives for average annual growth of production value of {lo}–{hi}% in the new term.",
        "Budget revenue exceeding {bn} billion VND in {year}.",
        "Per capita income of at least {inc} million VND per year by {year}.",
        "Export turnover of over {musd} million USD by {year}.",
        "Attract at least {cnt} investment projects with total capital of about {bn} billion VND.",
        "{pct}% of administrative procedures are handled online by {year}.",
        "Health insurance coverage of at least {pct_hi}% of the population.",
        "Reduce the poverty rate by about {small}% per year.",
        "Growth by sector: industry and construction {s1}%, services {s2}%, agriculture {s3}% per year.",
        "Admit over {cnt} new Party members every year.",
        "Forest cover is maintained at {pct_mid}%, and 100% of households use clean water by {year}.",
    ),
    achievements=(
        "In {p0}–{p1}, growth reached {past}% a year on average.",
        "{ach} of the {n3} targets of the previous term were met, {ahead} of them ahead of schedule.",
    ),
    structures=("The resolution set {n1} viewpoints, {n2} breakthroughs and {n3} targets.",),
    present=("The {place} Party Committee currently has {mem} members in {br} branches.",),
    tasks=(
        "The Standing Committee assigned {body_obj} to lead and coordinate drafting {thing}, to be completed by the end of {month} {year0}.",
        "{Body} presides over {thing}, to be completed in the {q_ord} quarter of {year0}.",
        "{Body} coordinates with {body2_with} in implementing {thing} throughout the term.",
    ),
    fillers=(
        "Delegates agreed that every target must name a clear person, a clear task and a clear deadline.",
        "The programme focuses on administrative reform, digital transformation and better living conditions for residents.",
        "The congress called on cadres and Party members to turn the resolution into action without delay.",
    ),
    bodies=_same3((
        "the Office of the Party Committee", "the People's Committee of {place}", "the Organisation Commission",
        "the Inspection Commission", "the Fatherland Front of {place}", "the {place} Police",
        "the Propaganda and Mass Mobilisation Commission",
    )),
    things=_same2((
        "the working regulations", "the digital transformation plan", "the investment attraction scheme",
        "the cadre training plan", "the urban development programme",
    )),
    months=("January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"),
    quarters=("first", "second", "third", "fourth"),
    source_label="Source",
    comments="Comment (0)",
    nav=("Home", "Politics", "Economy", "Society", "Culture"),
    related_label="Related news",
    footer="© 2025 Example News. All rights reserved.",
    table_header=("Content", "Lead body", "Completion", "Implementation period"),
    quarter_deadline="Q{q} {year0}",
)

PL = Lang(
    code="pl",
    levels={"ward": "okręgu {name}", "commune": "gminy {name}", "city": "miasta {name}", "province": "prowincji {name}"},
    titles=(
        "Uchwała Zjazdu Komitetu Partii {place}, kadencja {t0}–{t1}",
        "Komitet Partii {place} wydał program działania na lata {t0}–{t1}",
        "Zjazd wyznaczył {n3} głównych celów na nową kadencję",
    ),
    term="Zjazd Komitetu Partii {place}, kadencja {t0}–{t1}, obradował z udziałem {dele} delegatów.",
    targets=(
        "Średni roczny wzrost gospodarczy od {lo} do {hi}%.",
        "Komitet Partii {place} dąży do wzrostu wartości produkcji o {lo}–{hi}% rocznie w nowej kadencji.",
        "Dochody budżetowe ponad {bn} mld VND w {year} r.",
        "Dochód na mieszkańca co najmniej {inc} mln VND rocznie do {year} roku.",
        "Wartość eksportu ponad {musd} mln USD do {year} roku.",
        "Przyciągnięcie co najmniej {cnt} projektów inwestycyjnych o łącznej wartości około {bn} mld VND.",
        "{pct}% procedur administracyjnych załatwianych przez internet do {year} roku.",
        "Ubezpieczeniem zdrowotnym objętych co najmniej {pct_hi}% mieszkańców.",
        "Obniżanie wskaźnika ubóstwa o około {small}% rocznie.",
        "Wzrost w sektorach: przemysł i budownictwo {s1}%, usługi {s2}%, rolnictwo {s3}% rocznie.",
        "Przyjmowanie ponad {cnt} nowych członków partii każdego roku.",
        "Lesistość na poziomie {pct_mid}%, a 100% gospodarstw domowych z dostępem do czystej wody do {year} roku.",
    ),
    achievements=(
        "W latach {p0}–{p1} wzrost wyniósł średnio {past}% rocznie.",
        "Zrealizowano {ach} z {n3} celów poprzedniej kadencji, w tym {ahead} przed terminem.",
    ),
    structures=("Uchwała określiła {n1} punktów widzenia, {n2} przełomy i {n3} celów.",),
    present=("Komitet Partii {place} liczy {mem} członków w {br} komórkach.",),
    tasks=(
        "Stały Komitet zobowiązał {body_obj} do przygotowania {thing} do końca {month} {year0} r.",
        "{Body} kieruje realizacją {thing}; termin: koniec {q_roman} kwartału {year0} r.",
        "{Body} współpracuje z {body2_with} przy realizacji {thing} przez całą kadencję.",
    ),
    fillers=(
        "Delegaci uznali, że każdy cel musi mieć jasno określoną osobę odpowiedzialną, zadanie i termin.",
        "Program koncentruje się na reformie administracji, transformacji cyfrowej i poprawie warunków życia mieszkańców.",
        "Zjazd wezwał kadry i członków partii do szybkiego wprowadzenia uchwały w życie.",
    ),
    bodies=(
        ("Biuro Komitetu Partii", "Biuro Komitetu Partii", "Biurem Komitetu Partii"),
        ("Komitet Ludowy {place}", "Komitet Ludowy {place}", "Komitetem Ludowym {place}"),
        ("Komisja Organizacyjna", "Komisję Organizacyjną", "Komisją Organizacyjną"),
        ("Komisja Kontroli", "Komisję Kontroli", "Komisją Kontroli"),
        ("Front Ojczyzny {place}", "Front Ojczyzny {place}", "Frontem Ojczyzny {place}"),
        ("Policja {place}", "Policję {place}", "Policją {place}"),
    ),
    things=_same2((
        "regulaminu pracy", "planu transformacji cyfrowej", "programu przyciągania inwestycji",
        "planu szkoleń kadr", "programu rozwoju miejskiego",
    )),
    months=("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
            "września", "października", "listopada", "grudnia"),
    quarters=ROMAN,
    source_label="Źródło",
    comments="Komentarz (0)",
    nav=("Strona główna", "Polityka", "Gospodarka", "Społeczeństwo", "Kultura"),
    related_label="Powiązane artykuły",
    footer="© 2025 Przykładowy serwis informacyjny. Wszelkie prawa zastrzeżone.",
    table_header=("Zadanie", "Jednostka wiodąca", "Termin", "Okres realizacji"),
    quarter_deadline="{q_roman} kw. {year0} r.",
    legacy_encoding="cp1250",
)

RU = Lang(
    code="ru",
    levels={"ward": "квартала {name}", "commune": "общины {name}", "city": "города {name}", "province": "провинции {name}"},
    titles=(
        "Резолюция съезда партийной организации {place} на срок {t0}–{t1} годов",
        "Комитет партии {place} утвердил программу действий на {t0}–{t1} годы",
        "Съезд определил {n3} основных целевых показателей",
    ),
    term="Съезд партийной организации {place} на срок {t0}–{t1} годов прошёл с участием {dele} делегатов.",
    targets=(
        "Среднегодовой рост экономики – от {lo} до {hi}%.",
        "Комитет партии {place} стремится обеспечить рост стоимости производства на {lo}–{hi}% ежегодно.",
        "Доходы бюджета – свыше {bn} млрд донгов в {year} году.",
        "Доход на душу населения – не менее {inc} млн донгов в год к {year} году.",
        "Экспортная выручка – свыше {musd} млн долларов США до {year} года.",
        "Привлечь не менее {cnt} инвестиционных проектов общей стоимостью около {bn} млрд донгов.",
        "К {year} году {pct}% административных процедур выполняются онлайн.",
        "Охват медицинским страхованием – не менее {pct_hi}% населения.",
        "Ежегодно снижать долю бедных домохозяйств примерно на {small}%.",
        "Рост по отраслям: промышленность и строительство {s1}%, услуги {s2}%, сельское хозяйство {s3}% в год.",
        "Ежегодно принимать в партию свыше {cnt} новых членов.",
        "Лесистость – {pct_mid}%, 100% домохозяйств обеспечены чистой водой до {year} года.",
    ),
    achievements=(
        "В {p0}–{p1} годах среднегодовой рост составил {past}%.",
        "Выполнено {ach} из {n3} показателей прошлого срока, из них {ahead} – досрочно.",
    ),
    structures=("Резолюция определила {n1} точек зрения, {n2} прорыва и {n3} целевых показателей.",),
    present=("Партийная организация {place} насчитывает {mem} членов в {br} первичных организациях.",),
    tasks=(
        "Постоянный комитет поручил {body_obj} подготовить {thing} до конца {month} {year0} года.",
        "{Body} руководит реализацией {thing2}, срок – {q_roman} квартал {year0} года.",
        "{Body} совместно с {body2_with} обеспечивает выполнение {thing2} в течение всего срока.",
    ),
    fillers=(
        "Делегаты согласились, что у каждой цели должны быть ответственный, задача и срок.",
        "Программа сосредоточена на административной реформе, цифровой трансформации и улучшении жизни жителей.",
        "Съезд призвал кадры и членов партии без промедления воплощать резолюцию в жизнь.",
    ),
    bodies=(
        ("Канцелярия комитета партии", "Канцелярии комитета партии", "Канцелярией комитета партии"),
        ("Народный комитет {place}", "Народному комитету {place}", "Народным комитетом {place}"),
        ("Организационный отдел", "Организационному отделу", "Организационным отделом"),
        ("Инспекционная комиссия", "Инспекционной комиссии", "Инспекционной комиссией"),
        ("Отечественный фронт {place}", "Отечественному фронту {place}", "Отечественным фронтом {place}"),
        ("Полиция {place}", "Полиции {place}", "Полицией {place}"),
    ),
    things=(
        ("регламент работы", "регламента работы"),
        ("план цифровой трансформации", "плана цифровой трансформации"),
        ("проект привлечения инвестиций", "проекта привлечения инвестиций"),
        ("план подготовки кадров", "плана подготовки кадров"),
        ("программу развития города", "программы развития города"),
    ),
    months=("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
            "сентября", "октября", "ноября", "декабря"),
    quarters=ROMAN,
    source_label="Источник",
    comments="Комментарий (0)",
    nav=("Главная", "Политика", "Экономика", "Общество", "Культура"),
    related_label="Читайте также",
    footer="© 2025 Пример новостного сайта. Все права защищены.",
    table_header=("Мероприятие", "Ответственный орган", "Срок", "Период выполнения"),
    quarter_deadline="{q_roman} квартал {year0} года",
    legacy_encoding="cp1251",
)

AR = Lang(
    code="ar",
    levels={"ward": "حي {name}", "commune": "بلدية {name}", "city": "مدينة {name}", "province": "مقاطعة {name}"},
    titles=(
        "قرار مؤتمر لجنة الحزب في {place} للفترة {t0}-{t1}",
        "لجنة الحزب في {place} تصدر برنامج عمل للفترة {t0}-{t1}",
        "المؤتمر يحدد {n3} هدفًا رئيسيًا للفترة الجديدة",
    ),
    term="انعقد مؤتمر لجنة الحزب في {place} للفترة {t0}-{t1} بحضور {dele} مندوبًا.",
    targets=(
        "تحقيق نمو اقتصادي سنوي يتراوح بين {lo}% و{hi}%.",
        "تسعى لجنة الحزب في {place} إلى نمو قيمة الإنتاج بنسبة {lo}-{hi}% سنويًا خلال الفترة الجديدة.",
        "أن تتجاوز إيرادات الميزانية {bn} مليار دونغ في عام {year}.",
        "ألا يقل دخل الفرد عن {inc} مليون دونغ سنويًا بحلول عام {year}.",
        "أن تتجاوز قيمة الصادرات {musd} مليون دولار أمريكي بحلول عام {year}.",
        "جذب ما لا يقل عن {cnt} مشروعًا استثماريًا بقيمة إجمالية تبلغ حوالي {bn} مليار دونغ.",
        "إنجاز {pct}% من الإجراءات الإدارية عبر الإنترنت بحلول عام {year}.",
        "ألا تقل تغطية التأمين الصحي عن {pct_hi}% من السكان.",
        "خفض نسبة الفقر بحوالي {small}% سنويًا.",
        "النمو حسب القطاعات: الصناعة والبناء {s1}%، والخدمات {s2}%، والزراعة {s3}% سنويًا.",
        "قبول أكثر من {cnt} عضوًا جديدًا في الحزب كل عام.",
        "الحفاظ على الغطاء الحرجي عند {pct_mid}%، وحصول 100% من الأسر على المياه النظيفة بحلول عام {year}.",
    ),
    achievements=(
        "في الفترة {p0}-{p1}، بلغ متوسط النمو {past}% سنويًا.",
        "تم إنجاز {ach} من أصل {n3} هدفًا في الفترة السابقة، منها {ahead} قبل الموعد المحدد.",
    ),
    structures=("حدد القرار {n1} وجهات نظر و{n2} اختراقات و{n3} هدفًا.",),
    present=("تضم لجنة الحزب في {place} حاليًا {mem} عضوًا في {br} خلية حزبية.",),
    tasks=(
        "كلفت اللجنة الدائمة {body_obj} بقيادة وتنسيق إعداد {thing} قبل نهاية {month} {year0}.",
        "تقع مسؤولية تنفيذ {thing} على عاتق {body}، على أن تنتهي في الربع {q_ord} من عام {year0}.",
        "يتم تنفيذ {thing} طوال الفترة بالتنسيق بين {body} و{body2_with}.",
    ),
    fillers=(
        "اتفق المندوبون على أن لكل هدف شخصًا مسؤولًا ومهمة واضحة وموعدًا نهائيًا محددًا.",
        "يركز البرنامج على الإصلاح الإداري والتحول الرقمي وتحسين ظروف معيشة السكان.",
        "دعا المؤتمر الكوادر وأعضاء الحزب إلى ترجمة القرار إلى أفعال دون تأخير.",
    ),
    bodies=_same3((
        "مكتب لجنة الحزب", "اللجنة الشعبية في {place}", "لجنة التنظيم", "لجنة التفتيش",
        "جبهة الوطن في {place}", "شرطة {place}",
    )),
    things=_same2((
        "لوائح العمل", "خطة التحول الرقمي", "مشروع جذب الاستثمار", "خطة تدريب الكوادر", "برنامج التنمية الحضرية",
    )),
    months=("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
            "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"),
    quarters=("الأول", "الثاني", "الثالث", "الرابع"),
    source_label="المصدر",
    comments="تعليق (0)",
    nav=("الرئيسية", "سياسة", "اقتصاد", "مجتمع", "ثقافة"),
    related_label="أخبار ذات صلة",
    footer="© 2025 موقع إخباري تجريبي. جميع الحقوق محفوظة.",
    table_header=("المحتوى", "الجهة المسؤولة", "موعد الإنجاز", "فترة التنفيذ"),
    quarter_deadline="الربع {q_ord} {year0}",
)

LANG_DATA: dict[str, Lang] = {lang.code: lang for lang in (VI, EN, PL, RU, AR)}

# Place names from Vietnamese syllables: (vi, latin, cyrillic, arabic) renderings.
SYLLABLES: tuple[tuple[str, str, str, str], ...] = (
    ("An", "An", "Ан", "آن"), ("Bình", "Binh", "Бинь", "بينه"), ("Hòa", "Hoa", "Хоа", "هوا"),
    ("Tân", "Tan", "Тан", "تان"), ("Phú", "Phu", "Фу", "فو"), ("Long", "Long", "Лонг", "لونغ"),
    ("Thịnh", "Thinh", "Тхинь", "ثينه"), ("Hưng", "Hung", "Хынг", "هونغ"), ("Phong", "Phong", "Фонг", "فونغ"),
    ("Mỹ", "My", "Ми", "مي"), ("Đông", "Dong", "Донг", "دونغ"), ("Nam", "Nam", "Нам", "نام"),
    ("Lâm", "Lam", "Лам", "لام"), ("Sơn", "Son", "Шон", "سون"), ("Hải", "Hai", "Хай", "هاي"),
    ("Thanh", "Thanh", "Тхань", "ثانه"), ("Xuân", "Xuan", "Суан", "شوان"), ("Quang", "Quang", "Куанг", "كوانغ"),
    ("Minh", "Minh", "Минь", "مينه"), ("Lộc", "Loc", "Лок", "لوك"), ("Giang", "Giang", "Жанг", "جيانغ"),
    ("Việt", "Viet", "Вьет", "فيت"),
)
_SCRIPT_INDEX = {"vi": 0, "en": 1, "pl": 1, "ru": 2, "ar": 3}
LEVELS: tuple[str, ...] = ("ward", "commune", "city", "province")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


# --------------------------------------------------------------------------------------
# Numbers and values
# --------------------------------------------------------------------------------------

def fmt_number(value: float, lang: str) -> str:
    """Format like the translations do: 1,234.5 (en), 1.234,5 (vi), 1 234,5 (pl/ru), 1234,5 (ar)."""
    decimals = 0 if float(value).is_integer() else 1
    text = f"{value:,.{decimals}f}"
    if lang == "en":
        return text
    int_part, _, frac = text.partition(".")
    sep = {"vi": ".", "pl": " ", "ru": " ", "ar": ""}[lang]
    int_part = int_part.replace(",", sep)
    return f"{int_part},{frac}" if frac else int_part


def draw_values(rng: random.Random, lang: Lang, place: str, term: tuple[int, int]) -> dict[str, str]:
    """Fresh random slot values for one sentence, already formatted for ``lang``."""
    t0, t1 = term
    lo = rng.choice((5, 6, 6.5, 7, 7.5, 8, 8.5, 9, 10, 10.5, 11))
    n3 = rng.randint(12, 40)
    quarter = rng.randint(1, 4)
    month = rng.randint(1, 12)
    body, body2 = rng.sample(lang.bodies, 2)
    thing = rng.choice(lang.things)
    numbers: dict[str, float] = {
        "lo": lo,
        "hi": lo + rng.choice((0.5, 1, 1.5, 2)),
        "pct": rng.choice((60, 70, 80, 85, 90, 95, 100)),
        "pct_hi": rng.choice((90, 92, 95, 97, 98)),
        "pct_mid": rng.randint(30, 60),
        "small": rng.choice((0.5, 0.8, 1, 1.2, 1.5, 2)),
        "bn": rng.randrange(150, 60000, 50),
        "inc": rng.randrange(60, 260, 5),
        "musd": rng.randrange(5, 1500, 5),
        "cnt": rng.randint(3, 80),
        "mem": rng.randint(400, 95000),
        "br": rng.randint(10, 450),
        "dele": rng.randint(120, 450),
        "s1": round(rng.uniform(8, 30), 1),
        "s2": round(rng.uniform(6, 15), 1),
        "s3": round(rng.uniform(1.5, 5), 1),
        "past": round(rng.uniform(5, 9.5), 1),
        "n1": rng.randint(3, 7),
        "n2": rng.randint(2, 4),
        "n3": n3,
        "ach": rng.randint(n3 // 2, n3),
        "ahead": rng.randint(1, 6),
    }
    values = {key: fmt_number(v, lang.code) for key, v in numbers.items()}
    values.update(
        t0=str(t0), t1=str(t1), p0=str(t0 - 5), p1=str(t0),
        year=str(rng.randint(t0 + 1, t1)), year0=str(rng.choice((t0, t0 + 1))),
        day=str(rng.randint(1, 28)), month_num=str(month), month=lang.months[month - 1],
        q=str(quarter), q_roman=ROMAN[quarter - 1], q_ord=lang.quarters[quarter - 1],
        place=place, Place=place[:1].upper() + place[1:],
        body=body[0].format(place=place), Body=_capital(body[0].format(place=place)),
        body_obj=body[1].format(place=place), body2_with=body2[2].format(place=place),
        thing=thing[0], thing2=thing[1],
    )
    return values


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------

@dataclass
class Doc:
    """A generated document before it is rendered into a file format."""

    lang: str
    title: str
    paragraphs: list[str]
    source_url: str = ""
    footer: str = ""
    table: list[tuple[str, str, str, str]] = field(default_factory=list)
    arabic_indic: bool = False

    def lines(self) -> list[str]:
        """The document's text as lines, the way a txt rendering holds it."""
        out = [self.title, *self.paragraphs]
        out += [" | ".join(row) for row in self.table]
        if self.source_url:
            out.append(f"{LANG_DATA[self.lang].source_label}: {self.source_url}")
        if self.footer:
            out.append(self.footer)
        return out

    def text(self) -> str:
        return "\n".join(self.lines()) + "\n"


# Sentence kinds and their weights: mostly targets, as in real programmes.
KIND_WEIGHTS: dict[str, int] = {"targets": 45, "tasks": 15, "fillers": 20, "achievements": 10,
                                "structures": 5, "present": 5}


def make_place(rng: random.Random, lang: str) -> str:
    first, second = rng.sample(SYLLABLES, 2)
    index = _SCRIPT_INDEX[lang]
    name = f"{first[index]} {second[index]}"
    level = rng.choice(LEVELS)
    return LANG_DATA[lang].levels[level].format(name=name)


@dataclass(frozen=True)
class Setting:
    """What stays fixed through one document: its language, place and term."""

    lang: Lang
    place: str
    term: tuple[int, int]


def make_setting(rng: random.Random, lang_code: str) -> Setting:
    term = rng.choices(((2025, 2030), (2026, 2031), (2020, 2025)), weights=(85, 10, 5))[0]
    return Setting(LANG_DATA[lang_code], make_place(rng, lang_code), term)


def fill(rng: random.Random, setting: Setting, template: str) -> str:
    return template.format(**draw_values(rng, setting.lang, setting.place, setting.term))


def make_paragraphs(rng: random.Random, setting: Setting, n_sentences: int) -> list[str]:
    """Random sentences grouped into paragraphs of 1-4; target runs sometimes become a list."""
    kinds = list(KIND_WEIGHTS)
    weights = list(KIND_WEIGHTS.values())
    sentences = []
    for _ in range(n_sentences):
        kind = rng.choices(kinds, weights=weights)[0]
        sentences.append(fill(rng, setting, rng.choice(getattr(setting.lang, kind))))
    paragraphs: list[str] = []
    i = 0
    while i < len(sentences):
        size = rng.randint(1, 4)
        chunk = sentences[i:i + size]
        if rng.random() < 0.3:
            paragraphs.extend(f"- {s}" for s in chunk)
        else:
            paragraphs.append(" ".join(chunk))
        i += size
    return paragraphs


def compose(rng: random.Random, setting: Setting, n_sentences: int, index: int, *, news: bool,
            with_table: bool = False) -> Doc:
    """Compose one document: title, term sentence, ``n_sentences`` more, optional table."""
    lang = setting.lang
    doc = Doc(
        lang=lang.code,
        title=fill(rng, setting, rng.choice(lang.titles)),
        paragraphs=[fill(rng, setting, lang.term), *make_paragraphs(rng, setting, n_sentences)],
        arabic_indic=lang.code == "ar" and rng.random() < 0.15,
    )
    if with_table:
        t0, t1 = setting.term
        for _ in range(rng.randint(3, 8)):
            values = draw_values(rng, lang, setting.place, setting.term)
            doc.table.append((
                _capital(values["thing"]), values["Body"],
                lang.quarter_deadline.format(**values), f"{t0}–{t1}",
            ))
    if news:
        doc.source_url = f"https://news{index % 7}.example/{lang.code}/{index:05d}-resolution.html"
        doc.footer = lang.comments
    return doc


def finish(doc: Doc) -> Doc:
    """Last touches applied after all text is in place."""
    if doc.arabic_indic:
        # Arabic-Indic digits in the body only: URLs keep ASCII digits, as on real sites.
        doc.title = _to_indic(doc.title)
        doc.paragraphs = [_to_indic(p) for p in doc.paragraphs]
        doc.table = [tuple(_to_indic(c) for c in row) for row in doc.table]  # type: ignore[misc]
    return doc


def _to_indic(text: str) -> str:
    text = re.sub(r"(?<=\d),(?=\d)", "٫", text)
    return text.translate(ARABIC_INDIC).replace("%", "٪")


# --------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rendered:
    data: bytes
    n_chars: int
    n_pages: int | None = None
    encoding: str | None = None


def render_txt(doc: Doc, rng: random.Random) -> Rendered:
    text = doc.text()
    lang = LANG_DATA[doc.lang]
    # About one pl/ru file in ten comes from a legacy Windows tool: codepage + CRLF.
    if lang.legacy_encoding and rng.random() < 0.1:
        try:
            return Rendered(text.replace("\n", "\r\n").encode(lang.legacy_encoding), len(text),
                            encoding=lang.legacy_encoding)
        except UnicodeEncodeError:
            pass
    if doc.lang == "vi" and rng.random() < 0.1:
        return Rendered(text.encode("utf-8-sig"), len(text), encoding="utf-8-sig")  # Notepad BOM
    return Rendered(text.encode("utf-8"), len(text), encoding="utf-8")


def render_html(doc: Doc) -> Rendered:
    lang = LANG_DATA[doc.lang]
    esc = lambda s: html.escape(s, quote=False)  # noqa: E731 - tiny local helper
    page = samples.html_page(
        lang=doc.lang, title=esc(doc.title), meta="2025",
        paragraphs=[esc(p) for p in doc.paragraphs],
        source_label=lang.source_label, url=doc.source_url or "https://news.example/",
        nav=lang.nav, related_label=lang.related_label, related=(esc(doc.title),),
        footer=esc(lang.footer), comments=lang.comments,
    )
    return Rendered(page.encode("utf-8"), len(doc.text()))


def render_docx(doc: Doc) -> Rendered:
    Block = samples.Block
    blocks = [Block(doc.title, "title"), *(Block(p, "body") for p in doc.paragraphs)]
    tables: list[tuple[int, Sequence[Sequence[str]]]] = []
    if doc.table:
        tables.append((len(blocks) - 1, [LANG_DATA[doc.lang].table_header, *doc.table]))
    data = samples.render_docx(blocks, title=doc.title, language=doc.lang, tables=tables)
    return Rendered(data, len(doc.text()))


def _wrapped_lines(text: str, font: str, size: float, rtl: bool) -> int:
    """How many lines ``render_pdf`` will use for a paragraph (same wrap, same metrics)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth

    usable = A4[0] - 2 * 56.0

    def fits(candidate: str) -> bool:
        shown = samples.visual_rtl(candidate) if rtl else candidate
        return stringWidth(shown, font, size) <= usable

    return len(samples.wrap_words(text, fits))


def pdf_page_count(data: bytes) -> int:
    """Pages in a reportlab PDF: one ``/Type /Page`` object per page (not ``/Pages``)."""
    return len(re.findall(rb"/Type /Page\b(?!s)", data))


def compose_pdf(rng: random.Random, lang_code: str, index: int) -> tuple[Doc, int]:
    """A document long enough for a chosen number of pages (3-10); returns it and the aim."""
    pages = rng.randint(*PDF_PAGES)
    rtl = lang_code == "ar"
    samples.register_fonts()
    setting = make_setting(rng, lang_code)
    doc = compose(rng, setting, 4, index, news=False)
    # Aim at the middle of the last page; one paragraph is far shorter than half a page.
    goal = (pages - 1) * PDF_LINES_PER_PAGE + PDF_LINES_PER_PAGE // 2
    title_lines = 2  # the title's larger font takes about two body lines
    lines = title_lines + sum(_wrapped_lines(p, samples.FONT_REGULAR, 10.5, rtl) for p in doc.paragraphs)
    while lines < goal:
        more = make_paragraphs(rng, setting, 6)
        doc.paragraphs.extend(more)
        lines += sum(_wrapped_lines(p, samples.FONT_REGULAR, 10.5, rtl) for p in more)
    return finish(doc), pages


def render_pdf(doc: Doc) -> Rendered:
    Block = samples.Block
    blocks = [Block(doc.title, "title"), *(Block(p, "body") for p in doc.paragraphs)]
    data = samples.render_pdf(blocks, title=doc.title, rtl=doc.lang == "ar",
                              lines_per_page=PDF_LINES_PER_PAGE)
    return Rendered(data, len(doc.text()), n_pages=pdf_page_count(data))


# --------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------

def plan_formats(n_docs: int, n_pdfs: int | None = None) -> dict[str, int]:
    """How many documents of each format; every format gets at least one when n_docs >= 4."""
    counts: dict[str, int] = {}
    for fmt, share in SHARES.items():
        counts[fmt] = max(1, round(n_docs * share)) if n_docs >= len(FORMATS) else 0
    if n_pdfs is not None:
        counts["pdf"] = n_pdfs
    counts["txt"] = max(0, n_docs - sum(counts.values()))
    return {fmt: counts[fmt] for fmt in FORMATS}


def _doc_rng(seed: int, index: int) -> random.Random:
    # A string seed is hashed with SHA-512, so it is stable across runs and machines.
    return random.Random(f"restrack-bench:{seed}:{index}")


def build_entry(out_dir: Path, fmt: str, lang: str, index: int, seed: int) -> dict[str, Any]:
    """Generate and write one document; returns its manifest entry."""
    rng = _doc_rng(seed, index)
    if fmt == "pdf":
        doc, _aim = compose_pdf(rng, lang, index)
        rendered = render_pdf(doc)
    else:
        n_sentences = int(rng.triangular(8, 90, 25))
        setting = make_setting(rng, lang)
        doc = finish(compose(rng, setting, n_sentences, index, news=fmt == "html" or rng.random() < 0.5,
                             with_table=fmt == "docx" and rng.random() < 0.5))
        if fmt == "txt":
            rendered = render_txt(doc, rng)
        elif fmt == "html":
            rendered = render_html(doc)
        else:
            rendered = render_docx(doc)
    rel = f"{fmt}/{lang}_{index:05d}.{fmt}"
    path = out_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(rendered.data)
    return {
        "file": rel,
        "lang": lang,
        "format": fmt,
        "n_chars": rendered.n_chars,
        "n_pages": rendered.n_pages,
        "encoding": rendered.encoding,
        "bytes": len(rendered.data),
        "sha256": hashlib.sha256(rendered.data).hexdigest(),
    }


def totals(files: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return {
        "documents": len(files),
        "by_format": dict(sorted(Counter(f["format"] for f in files).items())),
        "by_lang": dict(sorted(Counter(f["lang"] for f in files).items())),
        "n_chars": sum(f["n_chars"] for f in files),
        "pdf_pages": sum(f["n_pages"] or 0 for f in files),
        "bytes": sum(f["bytes"] for f in files),
    }


def generate(out_dir: Path, n_docs: int = DEFAULT_DOCS, seed: int = DEFAULT_SEED,
             n_pdfs: int | None = None) -> dict[str, Any]:
    """Write the corpus into ``out_dir`` (replacing an earlier one) and return the manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if (out_dir / MANIFEST).exists():
        # Only ever delete what an earlier run of this generator wrote.
        for fmt in FORMATS:
            shutil.rmtree(out_dir / fmt, ignore_errors=True)
        (out_dir / MANIFEST).unlink()
    counts = plan_formats(n_docs, n_pdfs)
    files: list[dict[str, Any]] = []
    index = 0
    for fmt in FORMATS:
        for j in range(counts[fmt]):
            # Cycle languages inside each format, so every format covers every language.
            files.append(build_entry(out_dir, fmt, LANGS[j % len(LANGS)], index, seed))
            index += 1
    manifest = {
        "generator": "bench/corpus.py",
        "version": GENERATOR_VERSION,
        "seed": seed,
        "n_docs": n_docs,
        "n_pdfs": counts["pdf"],
        "totals": totals(files),
        "files": files,
    }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                    encoding="utf-8")
    return manifest


def load_manifest(out_dir: Path) -> dict[str, Any] | None:
    try:
        return json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def ensure_corpus(out_dir: Path, n_docs: int = DEFAULT_DOCS, seed: int = DEFAULT_SEED,
                  n_pdfs: int | None = None) -> tuple[dict[str, Any], bool]:
    """Reuse a corpus built with the same parameters; else build it. Returns (manifest, built)."""
    manifest = load_manifest(out_dir)
    wanted_pdfs = plan_formats(n_docs, n_pdfs)["pdf"]
    if (
        manifest is not None
        and manifest.get("version") == GENERATOR_VERSION
        and manifest.get("seed") == seed
        and manifest.get("n_docs") == n_docs
        and manifest.get("n_pdfs") == wanted_pdfs
        and all((out_dir / f["file"]).is_file() for f in manifest["files"])
    ):
        return manifest, False
    return generate(out_dir, n_docs, seed, n_pdfs), True


def summary_lines(manifest: dict[str, Any]) -> list[str]:
    t = manifest["totals"]
    by_fmt = ", ".join(f"{k} {v}" for k, v in t["by_format"].items())
    by_lang = ", ".join(f"{k} {v}" for k, v in t["by_lang"].items())
    return [
        f"documents: {t['documents']} ({by_fmt})",
        f"languages: {by_lang}",
        f"characters: {t['n_chars']:,}",
        f"PDF pages: {t['pdf_pages']:,}",
        f"bytes on disk: {t['bytes']:,}",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the restrack benchmark corpus.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: bench/out/corpus)")
    parser.add_argument("--docs", type=int, default=DEFAULT_DOCS, help="number of documents (default: 2000)")
    parser.add_argument("--pdfs", type=int, default=None, help="number of PDFs (default: 2%% of --docs)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="rebuild even if a matching corpus exists")
    args = parser.parse_args(argv)
    if args.docs < 1:
        parser.error("--docs must be positive")
    if args.force:
        manifest, built = generate(args.out, args.docs, args.seed, args.pdfs), True
    else:
        manifest, built = ensure_corpus(args.out, args.docs, args.seed, args.pdfs)
    print(f"{'built' if built else 'reused'} corpus in {args.out}")
    for line in summary_lines(manifest):
        print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
