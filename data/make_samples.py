"""Generate the sample corpus in ``data/raw/`` that ``make run`` processes.

Every document here is original text written for restrack: the places, numbers and
URLs are invented (``*.example`` domains), but the genre, phrasing and layout follow
real congress resolutions, action programmes and news reports and their machine
translations. What each file demonstrates is listed in ``data/raw/README.md``; what an
analyst would extract from it is in ``data/raw/EXPECTED.md``.

The output is deterministic: re-running gives identical bytes, because PDFs are made in
reportlab's invariant mode with a fixed date, and DOCX archives are re-zipped with fixed
timestamps and fixed core properties. ``tests/test_samples.py`` checks this.

    python data/make_samples.py            # writes data/raw/
    python data/make_samples.py --out DIR  # writes elsewhere (used by the tests)
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

RAW_DIR = Path(__file__).resolve().parent / "raw"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"

# One fixed moment for every piece of metadata, so output bytes never depend on the clock.
FIXED_DATE = dt.datetime(2025, 11, 3, 8, 0, 0)
PDF_DATE = "D:20251103080000+07'00'"
ZIP_DATE = (2025, 11, 3, 8, 0, 0)
AUTHOR = "restrack sample corpus"


# --------------------------------------------------------------------------------------
# Texts. Conventions for the PDF/DOCX builders: "# " starts a title, "## " a heading,
# and "\f" alone is a page break. Plain-text files are written exactly as given.
# --------------------------------------------------------------------------------------

EN_RESOLUTION_SUMMARY = """\
RESOLUTION OF THE 1ST CONGRESS OF THE TAN PHONG WARD PARTY COMMITTEE, TERM 2025–2030 (SUMMARY)
Adopted by the congress on 28 July 2025.
The resolution set 5 viewpoints, 3 breakthroughs and 16 targets, together with 6 groups of key tasks and solutions for the term.
Growth reached 7.5% in 2020–2025, and 4 targets of the previous term were completed one to two years ahead of schedule.
The ward Party Committee has 2,639 members in 24 branches.
Main targets for the 2025–2030 term:
1. Average annual growth of production value of 11–12%.
2. Annual growth by sector: industry 27.8%, services 11.3%, agriculture 3.5%.
3. Budget revenue in the ward of at least 1,250 billion VND per year.
4. Export turnover exceeding 33 million USD by 2030.
5. Attract ten investment projects in the new term.
6. 100% of agencies maintain the ISO 9001 quality management system.
7. Admit over 120 new Party members every year.
8. Reduce the share of poor households to below 0.5% by 2028.
9. Per capita income of about 150 million VND by 2030.
Implementation:
The Standing Committee assigned the Office of the Ward Party Committee to lead and coordinate with the Organisation Board in drafting the working regulations, to be completed by the end of October 2025.
The People's Committee of the ward presides over the investment attraction plan and reports on it before 31 March 2026.
The Fatherland Front of the ward coordinates the campaign for a civilised urban lifestyle throughout the term.
"""

EN_CITY_NEWS_PARAGRAPHS: tuple[str, ...] = (
    "On the afternoon of 13 October, the 19th Congress of the Lam Giang City Party "
    "Organisation, term 2025–2030, closed after three working days with 412 official delegates.",
    "The congress resolution sets an average annual economic growth rate of 11–12% in the "
    "new term and GRDP per capita of about 9,500 USD by 2030.",
    "Budget revenue in the city is to exceed 42,000 billion VND in 2030, and the city aims to "
    "attract at least 25 large investment projects.",
    "In the 2020–2025 term, growth reached 7.5% a year on average, and 14 of the 18 main "
    "targets were met, four of them one to two years ahead of schedule.",
    "The City Party Organisation currently has 58,214 members in 312 grassroots Party organisations.",
    "Right after the closing session, the Standing Committee assigned the Office of the City "
    "Party Committee to lead and coordinate with the Organisation Commission in drafting the "
    "working regulations of the Executive Committee, to be completed by the end of October 2025.",
    "The People's Committee of the city is responsible for the digital government plan, under "
    "which 100% of administrative procedures are to be handled online by 2027.",
)

EN_ACTION_PLAN = """\
# PEOPLE'S COMMITTEE OF HOA HOI COMMUNE
Plan No. 112/KH-UBND, Hoa Hoi, 20 October 2025
## Plan implementing the Resolution of the 1st Congress of the Hoa Hoi Commune Party Committee, term 2025–2030
## I. TARGETS
1. By 2030, 100% of villages meet the advanced new-rural standard.
2. Health insurance coverage of at least 95% of the population by 2027.
3. The share of trained workers reaches 75% by 2030.
4. Forest cover is maintained at about 42%.
5. 100% of households have access to clean water by 2028.
6. Average annual growth of agricultural production value of 4–4.5%.
7. Build 12 km of new rural roads each year.
8. Attract over 2 million USD of investment in agricultural processing.
\f
## II. TASKS AND ASSIGNMENT
1. The Division of Economy leads the review of the agricultural zoning plan, to be completed in the first quarter of 2026.
2. The Commune Health Station coordinates with the district Social Insurance office to raise insurance coverage and reports every six months.
3. The Commune Police is assigned to ensure security and order during each harvest season.
4. The Office of the People's Council and People's Committee monitors implementation and reports to the Commune Party Committee by 15 December each year.
## III. ORGANISATION
Heads of divisions and village heads are responsible to the Chairman of the Commune People's Committee for the results in their fields.
"""

PL_UCHWALA = """\
# UCHWAŁA I ZJAZDU KOMITETU PARTII GMINY DONG LAM
## kadencja 2025–2030
Zjazd, który obradował w dniach 24–25 lipca 2025 r., przyjął uchwałę wyznaczającą kierunki rozwoju gminy na kadencję 2025–2030.
Uchwała określiła 4 punkty widzenia, 3 przełomy i 18 celów oraz 5 grup zadań.
W latach 2020–2025 wartość produkcji rosła średnio o 8,2% rocznie, a dochód na mieszkańca osiągnął 68 mln VND.
Komitet Partii gminy liczy obecnie 1 208 członków w 31 komórkach partyjnych.
## Główne cele na kadencję
– średnie roczne tempo wzrostu wartości produkcji od 10 do 12%;
– dochód na mieszkańca do 2030 roku co najmniej 95 mln VND;
– przyjęcie ponad 150 nowych członków partii w ciągu kadencji;
– ograniczanie odsetka ubogich gospodarstw domowych o około 1,5% rocznie;
– 100% gospodarstw domowych z dostępem do czystej wody do 2028 roku;
– dziesięć wsi spełniających standard nowej wsi do końca 2027 roku.
## Realizacja
Stały Komitet zobowiązał Biuro Komitetu Partii gminy do opracowania regulaminu pracy Komitetu Wykonawczego do końca listopada 2025 r.
Komitet Ludowy gminy kieruje realizacją programu transformacji cyfrowej i współpracuje z Frontem Ojczyzny gminy.
"""

# Written to disk in cp1250: a Polish translation saved by an old Windows tool.
PL_PROGRAM_CP1250 = """\
Okręg An Khanh wdraża program działania tuż po zjeździe
Zaledwie tydzień po zjeździe Komitet Partii okręgu An Khanh wydał program działania na kadencję 2025–2030, obejmujący 4 programy kluczowe i 22 cele szczegółowe.
W poprzedniej kadencji okręg zrealizował 19 z 21 celów, a dochody budżetu rosły średnio o 12,4% rocznie.
Komitet Partii okręgu liczy 3 416 członków w 45 komórkach.
Zgodnie z programem dochody budżetowe mają rosnąć o co najmniej 9% rocznie i w 2030 r. przekroczyć 1 800 mld VND.
Okręg zamierza przyciągnąć około 40 mln USD inwestycji zagranicznych do 2030 roku.
Do końca I kwartału 2026 r. 100% procedur administracyjnych ma być załatwianych przez internet.
Wskaźnik urbanizacji ma sięgnąć 65% w 2030 r., a dziesięć nowych szkół ma zostać oddanych do użytku w ciągu kadencji.
Komitet Ludowy okręgu przewodniczy realizacji programu i koordynuje działania z Policją okręgu w sprawach bezpieczeństwa i porządku.
Stały Komitet Komitetu Partii okręgu zobowiązał Komisję Organizacyjną do przygotowania planu szkoleń kadr do końca grudnia 2025 r.
„Każdy cel ma swojego gospodarza, termin i mierzalny wynik” – podkreślił sekretarz Komitetu Partii okręgu.
Źródło: https://gazeta.ankhanh.example/program-dzialania-2025-2030.html
Komentarz (0)
"""

# Written to disk in cp1251: a Russian translation from a legacy news archive.
RU_GORKOM_CP1251 = """\
Горком партии утвердил программу действий на 2025–2030 годы
На конференции исполнительного комитета городского комитета партии города Лам Жанг секретарь горкома партии призвал конкретизировать резолюцию съезда.
Резолюция съезда определила 5 основных точек зрения, 3 прорыва и 20 целевых показателей.
В 2020–2025 годах среднегодовой рост валового регионального продукта составил 8,1%.
В настоящее время городская партийная организация насчитывает 61 240 членов в 287 первичных организациях.
Согласно программе, среднегодовой рост ВРП должен составить от 10 до 10,5%.
Доходы бюджета города к 2030 году должны превысить 45 000 млрд донгов.
Экспортная выручка – свыше 1,2 млрд долларов США до 2030 года.
Ежегодно принимать в партию не менее 1 500 новых членов.
Уровень урбанизации – около 60% до 2030 года.
Десять ключевых инфраструктурных проектов должны быть завершены до конца 2028 года.
Постоянный комитет горкома партии поручил Канцелярии горкома партии подготовить регламент работы исполкома до конца ноября 2025 года.
Народный комитет города руководит реализацией плана цифровой трансформации и координирует работу департаментов.
Источник: https://gazeta.lamgiang.example/ru/gorkom-programma-2025-2030
Комментарий (0)
"""

RU_PROGRAMMA = """\
# ПРОГРАММА ДЕЙСТВИЙ
## по выполнению резолюции съезда партийной организации уезда Тхань Бинь на срок 2025–2030 годов
Уездный комитет партии утверждает настоящую программу, чтобы у каждой задачи были ответственный орган, срок и измеримый результат.
## I. Целевые показатели
1. Охват медицинским страхованием – не менее 95% населения к 2027 году.
2. Доля обученных работников – 80% к 2030 году.
3. Привлечь 12 инвестиционных проектов общей стоимостью около 2 500 млрд донгов.
4. Поддерживать лесистость на уровне свыше 45%.
5. Доля бедных домохозяйств – ниже 1% к концу 2028 года.
## II. Задачи и ответственные органы
"""

RU_PROGRAMMA_TABLE: tuple[tuple[str, ...], ...] = (
    ("Мероприятие", "Ответственный орган", "Срок"),
    ("Разработать план изучения резолюции съезда", "Отдел пропаганды уездного комитета партии", "IV квартал 2025 года"),
    ("Утвердить проект цифровой трансформации уезда", "Народный комитет уезда", "I квартал 2026 года"),
    ("Обеспечивать безопасность и общественный порядок", "Полиция уезда; военное командование уезда", "ежегодно"),
)

RU_PROGRAMMA_TAIL = """\
## III. Организация выполнения
Постоянный комитет уездного комитета партии поручает Инспекционной комиссии контролировать выполнение программы и докладывать каждые полгода.
"""

# Logical order; make_samples shapes and reorders it for the PDF, as real producers do.
AR_QARAR = """\
# قرار المؤتمر الأول للجنة الحزب في مقاطعة بينه سون للفترة 2025-2030
حدد القرار 5 وجهات نظر و3 اختراقات و15 هدفًا رئيسيًا.
حققت المقاطعة في الفترة 2020-2025 نموًا اقتصاديًا بلغ متوسطه 7.9% سنويًا.
تضم لجنة الحزب في المقاطعة حاليًا 84500 عضو في 410 منظمات حزبية قاعدية.
## الأهداف الرئيسية
- تحقيق نمو اقتصادي سنوي يتراوح بين 11% و12%.
- ألا يقل نصيب الفرد من الناتج المحلي الإجمالي عن 8000 دولار أمريكي بحلول عام 2030.
- أن تتجاوز إيرادات الميزانية 30 ألف مليار دونغ في عام 2030.
- جذب حوالي 20 مشروعًا استثماريًا كبيرًا خلال الفترة.
- رفع نسبة التحضر إلى 45% بحلول عام 2030.
- ألا تقل تغطية التأمين الصحي عن ٩٥٪ من السكان بحلول عام ٢٠٢٨.
## التنفيذ
كلفت اللجنة الدائمة مكتب لجنة الحزب في المقاطعة بقيادة وتنسيق إعداد لوائح العمل قبل نهاية أكتوبر 2025.
"""

AR_TAQRIR = """\
لجنة الحزب في حي تان هوا تصدر برنامج عمل لتنفيذ قرار المؤتمر
بعد أسبوع واحد من انعقاد المؤتمر، أصدرت لجنة الحزب في حي تان هوا برنامج عمل للفترة 2025-2030 يتضمن 4 برامج رئيسية و19 هدفًا.
في الفترة 2020-2025، بلغ متوسط النمو 8,4% سنويًا وتم إنجاز 17 من أصل 19 هدفًا.
يضم الحزب في الحي 1950 عضوًا في 28 خلية حزبية.
يهدف الحي إلى تحقيق معدل نمو سنوي لقيمة الإنتاج لا يقل عن 10%.
ويسعى إلى رفع متوسط دخل الفرد إلى حوالي 140 مليون دونغ بحلول عام 2030.
كما يخطط لجذب استثمارات تتجاوز 15 مليون دولار أمريكي في الفترة نفسها.
تبلغ نسبة الأسر التي تستخدم الخدمات العامة الرقمية ٢١٫٧٪ حاليًا، ومن المقرر أن تصل إلى ٨٠٪ بحلول نهاية عام ٢٠٢٧.
كلفت اللجنة الدائمة للجنة الحزب في الحي لجنة التنظيم بإعداد خطة تدريب الكوادر قبل نهاية الربع الأول من عام 2026.
تتولى اللجنة الشعبية للحي رئاسة تنفيذ البرنامج بالتنسيق مع جبهة الوطن.
المصدر: https://akhbar.tanhoa.example/ar/barnamaj-amal-2025-2030
تعليق (0)
"""

VI_NGHI_QUYET = """\
Đảng bộ phường Tân Phong xác định 16 chỉ tiêu chủ yếu nhiệm kỳ 2025–2030
Nghị quyết Đại hội Đảng bộ phường Tân Phong lần thứ I, nhiệm kỳ 2025–2030 đã xác định 5 quan điểm chỉ đạo, 3 khâu đột phá và 16 chỉ tiêu chủ yếu.
Giai đoạn 2020–2025, tốc độ tăng trưởng giá trị sản xuất bình quân đạt 7,5%/năm; thu nhập bình quân đầu người năm 2025 đạt 92 triệu đồng.
Đảng bộ phường hiện có 2.639 đảng viên, sinh hoạt tại 24 chi bộ.
Một số chỉ tiêu chủ yếu của nhiệm kỳ:
- Tốc độ tăng trưởng giá trị sản xuất bình quân hằng năm từ 10–10,5%.
- Đến năm 2030, thu nhập bình quân đầu người đạt khoảng 150 triệu đồng/năm.
- Thu ngân sách trên địa bàn đạt trên 1.500 tỷ đồng vào năm 2030.
- Tỷ lệ hộ dân sử dụng nước sạch đạt 100%.
- Mỗi năm kết nạp ít nhất 30 đảng viên mới.
- Hằng năm có 95% tổ chức cơ sở đảng trở lên hoàn thành tốt nhiệm vụ.
- Giải quyết việc làm mới cho khoảng 1.200 lao động mỗi năm.
Đảng ủy phường phấn đấu đến năm 2030 có 100% hồ sơ thủ tục hành chính được giải quyết trực tuyến.
Ban Thường vụ Đảng ủy phường giao Văn phòng Đảng ủy chủ trì, phối hợp với Ban Xây dựng Đảng xây dựng quy chế làm việc, hoàn thành trong quý I/2026.
Ủy ban nhân dân phường chịu trách nhiệm xây dựng kế hoạch chuyển đổi số, trình Ban Thường vụ trước ngày 30/11/2025.
"""

VI_CHUONG_TRINH = """\
ĐẢNG BỘ XÃ HÒA HỘI
Số 02-CTr/ĐU, Hòa Hội, ngày 15 tháng 10 năm 2025
# CHƯƠNG TRÌNH HÀNH ĐỘNG
## thực hiện Nghị quyết Đại hội đại biểu Đảng bộ xã Hòa Hội lần thứ I, nhiệm kỳ 2025–2030
## I. MỤC TIÊU
Phấn đấu tốc độ tăng trưởng giá trị sản xuất nông nghiệp bình quân hằng năm đạt 4,5%.
Đến năm 2030, tỷ lệ che phủ rừng đạt trên 45%; 100% thôn đạt chuẩn nông thôn mới kiểu mẫu.
## II. NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN
"""

VI_CHUONG_TRINH_TABLE: tuple[tuple[str, ...], ...] = (
    ("Nội dung", "Cơ quan chủ trì", "Thời gian hoàn thành", "Thời gian thực hiện"),
    ("(1) Kế hoạch tổ chức học tập, quán triệt Nghị quyết Đại hội",
     "Ban Tuyên giáo và Dân vận Đảng ủy", "Tháng 10/2025", "Tháng 10 và 11/2025"),
    ("(2) Đề án chuyển đổi số, phấn đấu 100% hồ sơ thủ tục hành chính được tiếp nhận trực tuyến",
     "Ủy ban nhân dân xã", "Quý I/2026", "2026–2030"),
    ("(3) Đề án thu hút đầu tư, phấn đấu thu hút ít nhất 5 dự án với tổng vốn khoảng 800 tỷ đồng",
     "Văn phòng HĐND và UBND xã", "Tháng 12/2026", "2027–2030"),
    ("(4) Kế hoạch kết nạp đảng viên mới, bình quân hằng năm kết nạp từ 25 đảng viên trở lên",
     "Ban Xây dựng Đảng Đảng ủy", "Tháng 11/2025", "Hằng năm"),
    ("(5) Rà soát, bổ sung quy hoạch cán bộ nhiệm kỳ 2025–2030",
     "Ban Thường vụ Đảng ủy", "Quý I/2026", "2026"),
)

VI_CHUONG_TRINH_TAIL = """\
## III. TỔ CHỨC THỰC HIỆN
Văn phòng Đảng ủy chủ trì theo dõi, đôn đốc; định kỳ 6 tháng báo cáo Ban Thường vụ Đảng ủy.
"""

VI_NEWS_PARAGRAPHS: tuple[str, ...] = (
    "Ngày 18/8, Đại hội đại biểu Đảng bộ xã Phú Mỹ lần thứ I, nhiệm kỳ 2025–2030 đã bế mạc "
    "sau hai ngày làm việc.",
    "Nhiệm kỳ qua, tổng giá trị sản xuất của xã tăng bình quân 9,2%/năm; 15/17 chỉ tiêu đạt "
    "và vượt kế hoạch.",
    "Đại hội thống nhất mục tiêu tăng trưởng kinh tế bình quân hằng năm trên 10%; đến năm 2030 "
    "thu nhập bình quân đầu người đạt 120 triệu đồng.",
    "Cơ cấu kinh tế đến năm 2030: công nghiệp – xây dựng 38,5%, thương mại – dịch vụ 41,2%, "
    "nông nghiệp 20,3%.",
    "Tỷ lệ lao động qua đào tạo đạt 75% trở lên.",
    "Xã phấn đấu đến năm 2028 thu hút 3 dự án đầu tư vào cụm công nghiệp.",
    "Ban Chấp hành Đảng bộ xã giao Ủy ban nhân dân xã chủ trì xây dựng kế hoạch thực hiện "
    "Nghị quyết, hoàn thành trước ngày 31/12/2025.",
)


# --------------------------------------------------------------------------------------
# HTML pages: real news pages wrap the article in navigation, scripts and a footer,
# which a reader must strip; the "Source:" line sits inside the article body.
# --------------------------------------------------------------------------------------

_HTML_PAGE = """\
<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="/static/site.css">
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}} gtag('js', 'ga-start');</script>
<style>nav ul {{ display: flex; gap: 1rem; }} .ad {{ min-height: 90px; }}</style>
</head>
<body>
<nav class="top-menu">
<ul>
{nav}
</ul>
</nav>
<div class="ad" id="banner-top"><!-- advertisement slot --></div>
<main>
<article class="news-detail">
<h1>{title}</h1>
<p class="meta">{meta}</p>
{paragraphs}
<p class="source">{source_label}: <a href="{url}">{url}</a></p>
</article>
<aside class="related">
<h2>{related_label}</h2>
<ul>
{related}
</ul>
</aside>
</main>
<footer>
<p>{footer}</p>
<p class="comments">{comments}</p>
</footer>
<script src="/static/tracking.js"></script>
<script>document.addEventListener('DOMContentLoaded', function () {{ track('pageview'); }});</script>
</body>
</html>
"""


def html_page(
    *,
    lang: str,
    title: str,
    meta: str,
    paragraphs: Sequence[str],
    source_label: str,
    url: str,
    nav: Sequence[str],
    related_label: str,
    related: Sequence[str],
    footer: str,
    comments: str,
) -> str:
    """Render a news page around the article paragraphs (text is already HTML-safe)."""
    return _HTML_PAGE.format(
        lang=lang,
        title=title,
        meta=meta,
        paragraphs="\n".join(f"<p>{p}</p>" for p in paragraphs),
        source_label=source_label,
        url=url,
        nav="\n".join(f'<li><a href="/{i}">{item}</a></li>' for i, item in enumerate(nav)),
        related_label=related_label,
        related="\n".join(f'<li><a href="/related/{i}">{r}</a></li>' for i, r in enumerate(related)),
        footer=footer,
        comments=comments,
    )


def en_city_news_html() -> str:
    return html_page(
        lang="en",
        title="Lam Giang City Party Congress sets average annual growth of 11–12% for the new term",
        meta="Politics | 14/10/2025 09:30",
        paragraphs=EN_CITY_NEWS_PARAGRAPHS,
        source_label="Source",
        url="https://news.lamgiang.example/politics/city-party-congress-closes-20251014.html",
        nav=("Home", "Politics", "Economy", "Society", "Culture", "Sport"),
        related_label="Related news",
        related=(
            "Delegates discuss the draft political report",
            "Ward congresses completed ahead of schedule",
        ),
        footer="© 2025 Lam Giang News. All rights reserved. Licence No. 00/GP-EXAMPLE.",
        comments="Comment (0)",
    )


def vi_news_html() -> str:
    return html_page(
        lang="vi",
        title="Đại hội Đảng bộ xã Phú Mỹ đặt mục tiêu thu nhập bình quân 120 triệu đồng vào năm 2030",
        meta="Chính trị | 19/08/2025 07:15",
        paragraphs=VI_NEWS_PARAGRAPHS,
        source_label="Nguồn",
        url="https://baophumy.example.vn/dai-hoi-dang-bo-xa-phu-my-2025-2030.html",
        nav=("Trang chủ", "Chính trị", "Kinh tế", "Xã hội", "Văn hóa"),
        related_label="Tin liên quan",
        related=("Xã Phú Mỹ ra mắt Ban Chấp hành nhiệm kỳ mới", "Lấy ý kiến góp ý dự thảo văn kiện"),
        footer="© 2025 Báo Phú Mỹ. Ghi rõ nguồn khi phát hành lại thông tin từ website này.",
        comments="Bình luận (0)",
    )


# --------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    """One logical paragraph of a rendered document."""

    text: str
    style: str  # "title" | "heading" | "body" | "pagebreak"


def parse_blocks(text: str) -> list[Block]:
    """Split the marked-up constants above into blocks (see the conventions there)."""
    blocks: list[Block] = []
    # split("\n"), not splitlines(): splitlines() treats "\f" as a line break itself.
    for line in text.split("\n"):
        if line == "\f":
            blocks.append(Block("", "pagebreak"))
        elif line.startswith("# "):
            blocks.append(Block(line[2:], "title"))
        elif line.startswith("## "):
            blocks.append(Block(line[3:], "heading"))
        elif line.strip():
            blocks.append(Block(line, "body"))
    return blocks


def register_fonts() -> None:
    """Register DejaVu once: the standard 14 PDF fonts cannot show Vietnamese or Arabic."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    registered = pdfmetrics.getRegisteredFontNames()
    if FONT_REGULAR not in registered:
        pdfmetrics.registerFont(TTFont(FONT_REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
    if FONT_BOLD not in registered:
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))


def visual_rtl(line: str) -> str:
    """Arabic in the order PDF producers store it: shaped presentation forms, visual order.

    Readers such as pdfplumber then return this visual order, which is what restrack's
    PDF reader has to undo.
    """
    import arabic_reshaper
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(line))


def wrap_words(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Greedy word wrap in logical order; ``fits`` says whether a candidate line fits."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and not fits(candidate):
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def render_pdf(
    blocks: Sequence[Block],
    *,
    title: str,
    rtl: bool = False,
    lines_per_page: int | None = None,
) -> bytes:
    """Render blocks onto A4 pages with DejaVu fonts; returns the PDF bytes.

    ``lines_per_page`` caps body lines per page (the benchmark uses it to control the
    page count); otherwise pages break when the text reaches the bottom margin.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    register_fonts()
    buf = io.BytesIO()
    # invariant=1 fixes the document ID; the date formatter fixes CreationDate/ModDate.
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    pdf.setDateFormatter(lambda *_: PDF_DATE)
    pdf.setTitle(title)
    pdf.setAuthor(AUTHOR)
    pdf.setSubject("restrack sample document")
    pdf.setCreator("restrack data/make_samples.py")

    width, height = A4
    margin = 56.0
    usable = width - 2 * margin
    sizes = {"title": 14.0, "heading": 11.5, "body": 10.5}
    y = height - margin
    lines_on_page = 0

    def new_page() -> None:
        nonlocal y, lines_on_page
        pdf.showPage()
        y = height - margin
        lines_on_page = 0

    for block in blocks:
        if block.style == "pagebreak":
            new_page()
            continue
        font = FONT_BOLD if block.style in ("title", "heading") else FONT_REGULAR
        size = sizes[block.style]
        leading = size * 1.45

        def fits(candidate: str, font: str = font, size: float = size) -> bool:
            shown = visual_rtl(candidate) if rtl else candidate
            return stringWidth(shown, font, size) <= usable

        for line in wrap_words(block.text, fits):
            page_full = lines_per_page is not None and lines_on_page >= lines_per_page
            if y - leading < margin or page_full:
                new_page()
            y -= leading
            pdf.setFont(font, size)
            if rtl:
                pdf.drawRightString(width - margin, y, visual_rtl(line))
            else:
                pdf.drawString(margin, y, line)
            lines_on_page += 1
        y -= size * 0.5  # paragraph spacing
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


# --------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------

def deterministic_zip(data: bytes) -> bytes:
    """Re-zip an OOXML package with fixed timestamps; python-docx stamps the current time."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3  # Unix, whatever the host: keeps bytes identical
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def render_docx(
    blocks: Sequence[Block],
    *,
    title: str,
    language: str,
    tables: Sequence[tuple[int, Sequence[Sequence[str]]]] = (),
    tail: Sequence[Block] = (),
) -> bytes:
    """Build a DOCX: blocks, then each (index, rows) table after block ``index``, then tail.

    Tables use the "Table Grid" style and a bold header row, like real programme
    appendices; the header is repeated on every page as Word users usually set it.
    """
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    tables_after: dict[int, list[Sequence[Sequence[str]]]] = {}
    for index, rows in tables:
        tables_after.setdefault(index, []).append(rows)

    def add_block(block: Block) -> None:
        if block.style == "title":
            document.add_heading(block.text, level=1)
        elif block.style == "heading":
            document.add_heading(block.text, level=2)
        elif block.style == "pagebreak":
            document.add_page_break()
        else:
            document.add_paragraph(block.text)

    def add_table(rows: Sequence[Sequence[str]]) -> None:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                cell.text = value
                if r == 0:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
        header_props = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header_props.append(repeat)

    for i, block in enumerate(blocks):
        add_block(block)
        for rows in tables_after.get(i, []):
            add_table(rows)
    for block in tail:
        add_block(block)

    props = document.core_properties
    props.title = title
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.language = language
    props.created = FIXED_DATE
    props.modified = FIXED_DATE
    props.last_printed = FIXED_DATE
    props.revision = 1
    buf = io.BytesIO()
    document.save(buf)
    return deterministic_zip(buf.getvalue())


# --------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------

def truncated(pdf_bytes: bytes, keep: int = 700) -> bytes:
    """A download cut off early: the header and part of the first object, no xref, no pages."""
    return pdf_bytes[:keep]


def build_samples() -> dict[str, bytes]:
    """All sample files, name -> bytes, in a fixed order."""
    en_plan_pdf = render_pdf(
        parse_blocks(EN_ACTION_PLAN), title="Plan No. 112/KH-UBND of Hoa Hoi commune"
    )
    ru_blocks = parse_blocks(RU_PROGRAMMA)
    vi_blocks = parse_blocks(VI_CHUONG_TRINH)
    files: dict[str, bytes] = {
        "en_resolution_summary.txt": EN_RESOLUTION_SUMMARY.encode("utf-8"),
        "en_city_congress_news.html": en_city_news_html().encode("utf-8"),
        "en_action_plan.pdf": en_plan_pdf,
        "en_broken_report.pdf": truncated(en_plan_pdf),
        "pl_uchwala_zjazdu.pdf": render_pdf(
            parse_blocks(PL_UCHWALA), title="Uchwała I Zjazdu Komitetu Partii gminy Dong Lam"
        ),
        "pl_program_dzialania_cp1250.txt": PL_PROGRAM_CP1250.replace("\n", "\r\n").encode("cp1250"),
        "ru_konferencija_gorkoma_cp1251.txt": RU_GORKOM_CP1251.replace("\n", "\r\n").encode("cp1251"),
        "ru_programma_dejstvij.docx": render_docx(
            ru_blocks,
            title="Программа действий уезда Тхань Бинь",
            language="ru-RU",
            tables=((len(ru_blocks) - 1, RU_PROGRAMMA_TABLE),),
            tail=parse_blocks(RU_PROGRAMMA_TAIL),
        ),
        "ar_qarar_mutamar.pdf": render_pdf(
            parse_blocks(AR_QARAR), title="قرار المؤتمر الأول للجنة الحزب في مقاطعة بينه سون", rtl=True
        ),
        "ar_taqrir_ikhbari.txt": AR_TAQRIR.encode("utf-8"),
        "vi_nghi_quyet_phuong.txt": VI_NGHI_QUYET.encode("utf-8"),
        "vi_chuong_trinh_hanh_dong.docx": render_docx(
            vi_blocks,
            title="Chương trình hành động thực hiện Nghị quyết Đại hội Đảng bộ xã Hòa Hội",
            language="vi-VN",
            tables=((len(vi_blocks) - 1, VI_CHUONG_TRINH_TABLE),),
            tail=parse_blocks(VI_CHUONG_TRINH_TAIL),
        ),
        "vi_tin_dai_hoi.html": vi_news_html().encode("utf-8"),
    }
    return files


def write_samples(out_dir: Path) -> list[Path]:
    """Write every sample into ``out_dir``; leaves README.md and EXPECTED.md alone."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, data in build_samples().items():
        path = out_dir / name
        path.write_bytes(data)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=RAW_DIR, help="output folder (default: data/raw)")
    args = parser.parse_args(argv)
    for path in write_samples(args.out):
        print(f"{path.stat().st_size:>8}  {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
