"""Attendees whose badges are hard to get right, and helpers to read badges back (pdfium, zxing-cpp)."""

from __future__ import annotations

import datetime as dt
import unicodedata
import zlib
from pathlib import Path

import pypdfium2
import zxingcpp
from PIL import Image

from assets import asset
from kiosk.attendees import Attendee
from kiosk.config import EventConfig, Interest, from_toml

PREVIEWS = Path(__file__).resolve().parent / "previews"  # git-ignored: PNGs for a person to look at


def preview(name: str) -> Path:
    """Where to save a PNG preview (the folder is made on first use: a fresh clone has none)."""
    PREVIEWS.mkdir(exist_ok=True)
    return PREVIEWS / name


def attendee(name: str, first: str = "", *, organisation: str = "", city: str = "", role: str = "",
             interests: tuple[str, ...] = (), code: str = "", ticket: str = "Regular") -> Attendee:
    first = first or name.split(" ")[0]
    code = code or f"T{zlib.crc32(name.encode()):010d}X{len(name):03d}ABCDEFGHJKLMNPQRST"[:32]
    return Attendee(f"id-{code}", code, "test", code, "ORDER", name, first, name[len(first):].strip(), "",
                    organisation, city, "", ticket, role, interests, "valid", 0, "EUR", {}, "")


HARD = {
    "double-barrelled": attendee(
        "Bartholomew-Maximilian Featherstonehaugh-Cholmondeley", "Bartholomew-Maximilian",
        organisation="Institute for Research on Accessible, Inclusive and Multilingual Human-Computer Interaction",
        city="Llanfairpwllgwyngyll", role="Speaker", interests=("Science", "Web", "Games", "Data", "Design")),
    "spanish": attendee("María del Carmen Fernández de la Vega y Ortega", "María del Carmen",
                        organisation="Universidad Politécnica de Madrid", city="Alcalá de Henares",
                        interests=("Education",)),
    "accented": attendee("Łukasz Żółkiewski-Grzegorzewski", organisation="Politechnika Łódzka", city="Łódź",
                         role="Volunteer", interests=("Hardware", "Security")),
    "vietnamese": attendee("Nguyễn Thị Minh Khai", "Minh Khai", organisation="Đại học Bách khoa Hà Nội",
                           city="Hà Nội", interests=("Data",)),
    "greek": attendee("Ελένη Παπαδοπούλου-Κωνσταντινίδου", organisation="Εθνικό Μετσόβιο Πολυτεχνείο",
                      city="Αθήνα", role="Staff", interests=("Science",)),
    "cyrillic": attendee("Александра Константиновна Преображенская", organisation="МГУ имени М. В. Ломоносова",
                         city="Санкт-Петербург", interests=("Games", "Web")),
    "chinese": attendee("欧阳 娜娜", organisation="清华大学计算机科学与技术系", city="北京", interests=("Web",)),
    "japanese": attendee("佐々木 美咲", organisation="大阪大学", city="大阪", role="Organiser",
                         interests=("Design", "Games")),
    "korean": attendee("박지훈", organisation="서울대학교", city="서울", interests=("Hardware",)),
    "arabic": attendee("عبد الرحمن بن محمد الحداد", "عبد الرحمن", organisation="الجامعة الأمريكية في بيروت",
                       city="بيروت", role="Speaker", interests=("Security", "Data")),
    "hebrew": attendee("נועה בן-דוד", organisation="האוניברסיטה העברית בירושלים", city="ירושלים",
                       interests=("Science",)),
    "mixed": attendee("Anna 王", organisation="Acme — ООО «Пример» — شركة", city="Zürich"),
    # Capitals with stacked accents reach far above the font's ascent: they must not touch the band.
    "stacked": attendee("Ẩn Ỗng-Ẫu", organisation="Công ty Ẩm thực Ỗ", city="Ấp Bắc", role="Staff"),
    # Typed on a Mac or pasted from some forms: letters and accents as separate code points.
    "decomposed": attendee(unicodedata.normalize("NFD", "Nguyễn Thị Ánh"), unicodedata.normalize("NFD", "Ánh"),
                           organisation=unicodedata.normalize("NFD", "Trường Đại học Cần Thơ"), city="Cần Thơ"),
    "brackets": attendee("دانة الحربي", organisation="جامعة الملك عبدالله (KAUST)",
                         city="מכון (ויצמן) למדע", interests=("Science",)),
}


def demo_config() -> EventConfig:
    config = from_toml(asset("demo", "event.toml").read_text(encoding="utf-8"))
    assert all(isinstance(i, Interest) for i in config.interests)
    return config


TODAY = dt.date(2026, 11, 27)


def pdf_pages(pdf: bytes, dpi: int = 200) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in document]
    finally:
        document.close()


def decoded_qr_texts(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image.convert("L")) if r.format == zxingcpp.BarcodeFormat.QRCode]
