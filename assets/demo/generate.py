#!/usr/bin/env python3
"""Generate the demo event's attendee list, ``assets/demo/attendees.csv``.

The output copies a pretix "orderlist" export, sheet "Order positions": the same 57 columns, every text
cell quoted, the position number bare, UTF-8 without BOM, CRLF line endings. Everyone in it is fictitious.
It is deterministic: one ``random.Random(SEED)`` drives every choice, so running the script twice gives
a byte-identical file. Standard library only.

    python assets/demo/generate.py [OUTPUT]
"""

from __future__ import annotations

import csv
import random
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

SEED = 20261127
OUTPUT = Path(__file__).resolve().with_name("attendees.csv")

EVENT_SLUG = "democon2026"
EVENT_NAME = "DemoCon 2026"
ORGANIZER_SLUG = "democon"
SHOP_URL = "http://127.0.0.1:8345"
SALES_START = datetime(2026, 6, 1, 8, 0, 0)
SALES_END = datetime(2026, 11, 20, 23, 0, 0)
N_POSITIONS = 300
N_PENDING_ORDERS = 12
N_CANCELED_ORDERS = 8

# pretix's alphabets: order codes and pseudonymization IDs leave out look-alike letters and digits,
# ticket secrets are lower case without i, l, o, 0, 1; the web secret in the order link is plain [a-z0-9].
ORDER_CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ3789"
SECRET_CHARS = "abcdefghjkmnpqrstuvwxyz23456789"
WEB_SECRET_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"

HEADER: tuple[str, ...] = (
    "Event slug", "Event name", "Order code", "Position ID", "Status", "Email", "Phone number",
    "Order date", "Order time", "Product", "Product ID", "Variation", "Variation ID", "Price", "Tax rate",
    "Tax rule", "Tax value", "Attendee name", "Attendee email", "Attendee company", "Address", "ZIP code",
    "City", "Country", "State", "Voucher", "Voucher budget usage", "Voucher tag", "Pseudonymization ID",
    "Ticket secret", "Seat ID", "Seat name", "Seat zone", "Seat row", "Seat number", "Blocked",
    "Valid from", "Valid until", "Order comment", "Follow-up date", "Add-on to position ID",
    "Fields of interest", "Invoice address company", "Invoice address name", "Invoice address street",
    "Invoice address ZIP code", "Invoice address city", "Invoice address country", "Invoice address state",
    "VAT ID", "Sales channel", "Order locale", "Email address verified", "External customer ID",
    "Check-in lists", "Payment providers", "Position order link",
)  # fmt: skip


def _t(text: str) -> tuple[str, ...]:
    """A pool written as one string, entries separated by commas."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


# name -> (product ID, price)
PRODUCTS: dict[str, tuple[int, str]] = {
    "Regular": (1, "250.00"),
    "Student": (2, "90.00"),
    "One day": (3, "120.00"),
    "Speaker": (4, "0.00"),
    "Staff": (5, "0.00"),
    "Volunteer": (6, "0.00"),
}
PAID_PRODUCT_WEIGHTS: dict[str, int] = {"Regular": 60, "Student": 25, "One day": 15}
FREE_PRODUCT_COUNTS: dict[str, int] = {"Speaker": 20, "Staff": 8, "Volunteer": 10}
INTERESTS: tuple[str, ...] = _t("Science, Web, Games, Data, Education, Hardware, Security, Design")
EMAIL_DOMAINS: tuple[str, ...] = ("example.org", "example.com", "example.net")
SHARED_ORGS: tuple[str, ...] = ("Freelance", "Open Source Collective", "Acme Corp")

# Letters Unicode decomposition does not reduce to ASCII, spelled the way their owners would.
ASCII_SPELLING: dict[str, str] = {
    "ß": "ss", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d", "đ": "d", "ı": "i", "'": "",
}  # fmt: skip


@dataclass(frozen=True)
class Culture:
    """A naming culture: pools of names and the towns and organisations that go with them.

    A name entry is ``native`` (Latin script, romanised by folding) or ``native|roman``; a family name
    that differs by gender is ``male/female``, each half in that same form.
    """

    key: str
    weight: int
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]
    cities: tuple[tuple[str, str], ...]
    orgs: tuple[str, ...]
    family_first: bool = False
    joined: bool = False  # no space between family and given name (Chinese, Korean, some Japanese)
    spelling: dict[str, str] = field(default_factory=dict)  # extra romanisation, e.g. German ü -> ue


GERMAN_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue"}
NORDIC_VOWELS = {"ø": "oe", "å": "aa", "æ": "ae"}

CULTURES: tuple[Culture, ...] = (
    Culture(
        "en", 4,
        _t("James, Oliver, William, Jack, Liam, Noah, Thomas, Daniel, Michael, George, Ethan, Samuel"),
        _t("Emily, Olivia, Charlotte, Sophie, Grace, Hannah, Chloe, Emma, Isla, Jessica, Amelia, Ruby"),
        _t("Smith, Johnson, Williams, Brown, Taylor, Wilson, Davies, Evans, Thompson, Walker, Robinson, "
           "Clarke, Murphy, Kelly, Campbell, Anderson, O'Connor, Fitzgerald"),
        (("London", "GB"), ("Manchester", "GB"), ("Edinburgh", "GB"), ("Dublin", "IE"), ("Cork", "IE"),
         ("New York", "US"), ("San Francisco", "US"), ("Chicago", "US"), ("Toronto", "CA"),
         ("Sydney", "AU"), ("Melbourne", "AU"), ("Auckland", "NZ")),
        _t("Data Wizards Ltd, University of Edinburgh, Trinity College Dublin, Northwind Analytics Inc., "
           "Bluebell Robotics, University of Toronto, Kiwi Code Ltd, Harbour Bridge Software Pty Ltd"),
    ),
    Culture(
        "de", 3,
        _t("Lukas, Jonas, Felix, Maximilian, Karl, Jürgen, Matthias, Stefan, Tobias, Florian, Günther"),
        _t("Anna, Lena, Sophie, Katharina, Jana, Ursula, Sabine, Mareike, Franziska, Lea, Jördis"),
        _t("Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schäfer, Groß, Köhler, "
           "Krüger, Hoffmann, Weiß, Bauer"),
        (("Berlin", "DE"), ("München", "DE"), ("Hamburg", "DE"), ("Köln", "DE"), ("Leipzig", "DE"),
         ("Wien", "AT"), ("Graz", "AT"), ("Zürich", "CH")),
        _t("Müller & Söhne GmbH, Technische Universität Berlin, Universität Wien, ETH Zürich, "
           "Datenschmiede GmbH, Grünwald Software AG, Stadtwerke Köln, "
           "Ludwig-Maximilians-Universität München"),
        spelling=GERMAN_UMLAUTS,
    ),
    Culture(
        "pl", 1,
        _t("Jan, Piotr, Krzysztof, Tomasz, Paweł, Michał, Łukasz, Wojciech, Grzegorz, Marek, Jakub"),
        _t("Anna, Katarzyna, Małgorzata, Agnieszka, Magdalena, Joanna, Zofia, Ewa, Aleksandra, Dorota"),
        _t("Łukasiewicz, Nowak, Kowalski/Kowalska, Wiśniewski/Wiśniewska, Wójcik, Kamiński/Kamińska, "
           "Lewandowski/Lewandowska, Zieliński/Zielińska, Szymański/Szymańska, Woźniak, "
           "Dąbrowski/Dąbrowska, Kaczmarek, Grabowski/Grabowska"),
        (("Kraków", "PL"), ("Warszawa", "PL"), ("Łódź", "PL"), ("Wrocław", "PL"), ("Gdańsk", "PL"),
         ("Poznań", "PL")),
        _t("Uniwersytet Jagielloński, Politechnika Warszawska, Akademia Górniczo-Hutnicza, "
           "Żółw Software sp. z o.o., Kodołamacze S.A."),
    ),
    Culture(
        "da", 1,
        _t("Søren, Mads, Rasmus, Frederik, Mikkel, Anders, Jesper, Niels, Kasper, Jens"),
        _t("Mette, Karen, Ida, Freja, Sofie, Line, Signe, Astrid, Birgitte, Maja"),
        _t("Kierkegaard, Nielsen, Jensen, Hansen, Pedersen, Andersen, Christensen, Larsen, Sørensen, "
           "Rasmussen, Jørgensen, Holm, Østergaard, Kristensen"),
        (("København", "DK"), ("Aarhus", "DK"), ("Odense", "DK"), ("Aalborg", "DK"), ("Roskilde", "DK")),
        _t("Københavns Universitet, Aarhus Universitet, Danmarks Tekniske Universitet, Øresund Data ApS, "
           "Nørrebro Kode I/S"),
        spelling=NORDIC_VOWELS,
    ),
    Culture(
        "nb", 1,
        _t("Ole, Lars, Henrik, Magnus, Sindre, Eirik, Håkon, Torbjørn, Kristian, Øyvind"),
        _t("Ingeborg, Ingrid, Kari, Silje, Marit, Solveig, Ragnhild, Hanne, Tuva, Åse"),
        _t("Ødegaard, Johansen, Olsen, Berg, Haugen, Bakken, Solberg, Strand, Lie, Dahl, Sæther, Bråten, "
           "Følstad"),
        (("Oslo", "NO"), ("Bergen", "NO"), ("Trondheim", "NO"), ("Tromsø", "NO"), ("Stavanger", "NO")),
        _t("Universitetet i Oslo, Norges teknisk-naturvitenskapelige universitet, Fjordkraft Data AS, "
           "Nordlys Programvare AS"),
        spelling=NORDIC_VOWELS,
    ),
    Culture(
        "is", 1,
        _t("Jón, Guðmundur, Sigurður, Gunnar, Ólafur, Einar, Kristján, Magnús, Stefán, Þór"),
        _t("Þórunn, Guðrún, Sigríður, Kristín, Helga, Ragnheiður, Katrín, Sólveig, Björk, Ásdís"),
        _t("Jónsson/Jónsdóttir, Guðmundsson/Guðmundsdóttir, Sigurðsson/Sigurðardóttir, "
           "Gunnarsson/Gunnarsdóttir, Ólafsson/Ólafsdóttir, Einarsson/Einarsdóttir, "
           "Kristjánsson/Kristjánsdóttir, Magnússon/Magnúsdóttir, Stefánsson/Stefánsdóttir, "
           "Þórsson/Þórsdóttir, Haraldsson/Haraldsdóttir"),
        (("Reykjavík", "IS"), ("Akureyri", "IS"), ("Hafnarfjörður", "IS"), ("Kópavogur", "IS")),
        _t("Háskóli Íslands, Háskólinn í Reykjavík, Veðurstofa Íslands, Hraun Hugbúnaður ehf."),
    ),
    Culture(
        "es", 2,
        _t("José, Javier, Alejandro, Manuel, Pablo, Álvaro, Sergio, Carlos, Íñigo, Raúl"),
        _t("María, Lucía, Carmen, Elena, Paula, Sofía, Marta, Ainhoa, Begoña, Nuria"),
        _t("Núñez, García, Fernández, González, Rodríguez, López, Martínez, Sánchez, Pérez, Gómez, "
           "Jiménez, Muñoz, Ibáñez, Ortega"),
        (("Sevilla", "ES"), ("Madrid", "ES"), ("Barcelona", "ES"), ("Valencia", "ES"), ("Bilbao", "ES"),
         ("Zaragoza", "ES"), ("A Coruña", "ES")),
        _t("Universidad de Sevilla, Universidad Politécnica de Madrid, Barcelona Supercomputing Center, "
           "Soluciones Ñandú S.L., Datos Ibéricos S.A."),
    ),
    Culture(
        "cs", 1,
        _t("Antonín, Jiří, Petr, Tomáš, Jan, Martin, Lukáš, Ondřej, Vojtěch, Matěj"),
        _t("Tereza, Eliška, Kateřina, Lucie, Markéta, Veronika, Zuzana, Barbora, Jana, Hana"),
        _t("Dvořák/Dvořáková, Novák/Nováková, Svoboda/Svobodová, Novotný/Novotná, Černý/Černá, "
           "Procházka/Procházková, Kučera/Kučerová, Veselý/Veselá, Horák/Horáková, Němec/Němcová, "
           "Pokorný/Pokorná, Marek/Marková"),
        (("Praha", "CZ"), ("Brno", "CZ"), ("Ostrava", "CZ"), ("Plzeň", "CZ"), ("Olomouc", "CZ")),
        _t("Univerzita Karlova, České vysoké učení technické v Praze, Masarykova univerzita, "
           "Šumava Systems s.r.o., Pivovar Kódu s.r.o."),
    ),
    Culture(
        "tr", 1,
        _t("Mehmet, Mustafa, Ahmet, Emre, Burak, Oğuz, Çağan, Serkan, İbrahim, Kerem"),
        _t("Ayşe, Fatma, Zeynep, Elif, Şeyma, Gülşen, Merve, Esra, Özlem, Büşra"),
        _t("Çelik, Yılmaz, Kaya, Demir, Şahin, Yıldız, Yıldırım, Öztürk, Aydın, Özdemir, Arslan, Doğan, "
           "Kılıç, Aslan"),
        (("İstanbul", "TR"), ("Ankara", "TR"), ("İzmir", "TR"), ("Bursa", "TR"), ("Antalya", "TR")),
        _t("Boğaziçi Üniversitesi, Orta Doğu Teknik Üniversitesi, İstanbul Teknik Üniversitesi, "
           "Kuzgun Yazılım A.Ş., Lale Bilişim Ltd. Şti."),
    ),
    Culture(
        "vi", 1,
        _t("Văn An, Minh Tuấn, Đức Anh, Quang Huy, Hoàng Nam, Thành Long, Văn Hùng, Quốc Bảo, Gia Huy, "
           "Đình Phúc"),
        _t("Thị Mai, Thu Trang, Ngọc Anh, Thị Hương, Phương Linh, Thanh Hà, Minh Châu, Bảo Ngọc, Thùy Dung, "
           "Khánh Linh"),
        _t("Nguyễn, Trần, Lê, Phạm, Hoàng, Huỳnh, Phan, Vũ, Võ, Đặng, Bùi, Đỗ, Ngô"),
        (("Hà Nội", "VN"), ("Thành phố Hồ Chí Minh", "VN"), ("Đà Nẵng", "VN"), ("Huế", "VN"),
         ("Hải Phòng", "VN")),
        _t("Đại học Quốc gia Hà Nội, Đại học Bách khoa Hà Nội, Sen Vàng Software, Công ty TNHH Mây Xanh"),
        family_first=True,
    ),
    Culture(
        "el", 1,
        _t("Γιώργος|giorgos, Δημήτρης|dimitris, Νίκος|nikos, Κώστας|kostas, Γιάννης|giannis, "
           "Παναγιώτης|panagiotis, Χρήστος|christos, Αλέξανδρος|alexandros, Σπύρος|spyros, Θανάσης|thanasis"),
        _t("Ελένη|eleni, Μαρία|maria, Κατερίνα|katerina, Σοφία|sofia, Δέσποινα|despoina, "
           "Αικατερίνη|aikaterini, Βασιλική|vasiliki, Χριστίνα|christina, Αναστασία|anastasia, "
           "Ιωάννα|ioanna"),
        _t("Παπαδόπουλος|papadopoulos/Παπαδοπούλου|papadopoulou, Παπαδάκης|papadakis/Παπαδάκη|papadaki, "
           "Γεωργίου|georgiou, Οικονόμου|oikonomou, Νικολάου|nikolaou, Βασιλείου|vasileiou, "
           "Καραγιάννης|karagiannis/Καραγιάννη|karagianni, Αντωνίου|antoniou, Μακρής|makris/Μακρή|makri, "
           "Δημητρίου|dimitriou, Κωνσταντίνου|konstantinou, Παππάς|pappas/Παππά|pappa"),
        (("Αθήνα", "GR"), ("Θεσσαλονίκη", "GR"), ("Πάτρα", "GR"), ("Ηράκλειο", "GR"), ("Λευκωσία", "CY")),
        _t("Εθνικό Μετσόβιο Πολυτεχνείο, Αριστοτέλειο Πανεπιστήμιο Θεσσαλονίκης, Πανεπιστήμιο Κρήτης, "
           "Ελληνικό Ινστιτούτο Πληροφορικής, Ακρόπολις Λογισμικό Α.Ε."),
    ),
    Culture(
        "ru", 1,
        _t("Дмитрий|dmitry, Алексей|alexey, Сергей|sergey, Иван|ivan, Михаил|mikhail, Андрей|andrey, "
           "Николай|nikolay, Павел|pavel, Артём|artyom, Владимир|vladimir"),
        _t("Анна|anna, Мария|maria, Екатерина|ekaterina, Ольга|olga, Наталья|natalya, Татьяна|tatyana, "
           "Елена|elena, Ксения|ksenia, Дарья|darya, Юлия|yulia"),
        _t("Иванов|ivanov/Иванова|ivanova, Смирнов|smirnov/Смирнова|smirnova, "
           "Кузнецов|kuznetsov/Кузнецова|kuznetsova, Попов|popov/Попова|popova, "
           "Соколов|sokolov/Соколова|sokolova, Лебедев|lebedev/Лебедева|lebedeva, "
           "Козлов|kozlov/Козлова|kozlova, Новиков|novikov/Новикова|novikova, "
           "Морозов|morozov/Морозова|morozova, Волков|volkov/Волкова|volkova, "
           "Соловьёв|solovyov/Соловьёва|solovyova, Зайцев|zaytsev/Зайцева|zaytseva"),
        (("Москва", "RU"), ("Санкт-Петербург", "RU"), ("Новосибирск", "RU"), ("Казань", "RU"),
         ("Екатеринбург", "RU")),
        _t("Яндекс, МГУ имени М. В. Ломоносова, Университет ИТМО, Новосибирский государственный университет, "
           "ООО «Северный код»"),
    ),
    Culture(
        "ar", 1,
        _t("محمد|mohamed, أحمد|ahmed, عمر|omar, يوسف|youssef, خالد|khaled, كريم|karim, سامي|sami, "
           "طارق|tarek, حسن|hassan, رامي|rami"),
        _t("ليلى|layla, فاطمة|fatima, مريم|mariam, نور|nour, سارة|sara, هدى|huda, ياسمين|yasmin, رنا|rana, "
           "دينا|dina, سلمى|salma"),
        _t("حداد|haddad, منصور|mansour, الخطيب|alkhatib, عبد الله|abdallah, النجار|alnajjar, "
           "سليمان|suleiman, حمدان|hamdan, الشامي|alshami, عيسى|issa, خوري|khoury, بن علي|benali, "
           "المصري|almasri"),
        (("القاهرة", "EG"), ("الإسكندرية", "EG"), ("عمّان", "JO"), ("بيروت", "LB"),
         ("الدار البيضاء", "MA"), ("تونس", "TN"), ("دبي", "AE")),
        _t("جامعة القاهرة, الجامعة الأمريكية في بيروت, مكتبة الإسكندرية, شركة النخيل للبرمجيات, "
           "الجامعة الأردنية"),
    ),
    Culture(
        "he", 1,
        _t("דוד|david, יונתן|yonatan, נועם|noam, איתי|itai, אורי|uri, עומר|omer, דניאל|daniel, יוסף|yosef, "
           "אריאל|ariel, גיל|gil"),
        _t("נועה|noa, מיכל|michal, תמר|tamar, שירה|shira, יעל|yael, מאיה|maya, רוני|roni, אביגיל|avigail, "
           "הדס|hadas, ליאת|liat"),
        _t("כהן|cohen, לוי|levi, מזרחי|mizrahi, פרץ|peretz, ביטון|biton, אברהם|avraham, פרידמן|friedman, "
           "שפירא|shapira, גולדברג|goldberg, אזולאי|azoulay, דהן|dahan, אשכנזי|ashkenazi"),
        (("תל אביב-יפו", "IL"), ("ירושלים", "IL"), ("חיפה", "IL"), ("באר שבע", "IL")),
        _t("הטכניון – מכון טכנולוגי לישראל, האוניברסיטה העברית בירושלים, מכון ויצמן למדע, "
           "נחשון תוכנה בע״מ"),
    ),
    Culture(
        "zh", 2,
        _t("伟|wei, 强|qiang, 磊|lei, 军|jun, 洋|yang, 勇|yong, 杰|jie, 浩然|haoran, "
           "子轩|zixuan, 建国|jianguo"),
        _t("娜|na, 秀英|xiuying, 敏|min, 静|jing, 丽|li, 婷|ting, 雪|xue, 欣怡|xinyi, "
           "梓涵|zihan, 红梅|hongmei"),
        _t("王|wang, 李|li, 张|zhang, 刘|liu, 陈|chen, 杨|yang, 黄|huang, 赵|zhao, 吴|wu, 周|zhou, "
           "徐|xu, 孙|sun"),
        (("北京", "CN"), ("上海", "CN"), ("深圳", "CN"), ("杭州", "CN"), ("成都", "CN"), ("广州", "CN")),
        _t("清华大学, 北京大学, 浙江大学, 复旦大学, 中国科学院, 深圳星云科技有限公司"),
        family_first=True, joined=True,
    ),
    Culture(
        "ja", 1,
        _t("太郎|taro, 翔太|shota, 健|ken, 大輔|daisuke, 拓海|takumi, 蓮|ren, 悠斗|yuto, 直樹|naoki, "
           "誠|makoto, 陽翔|haruto"),
        _t("花子|hanako, 陽菜|hina, 結衣|yui, さくら|sakura, 美咲|misaki, 愛|ai, 由美|yumi, 真由美|mayumi, "
           "葵|aoi, 七海|nanami"),
        _t("佐藤|sato, 鈴木|suzuki, 高橋|takahashi, 田中|tanaka, 伊藤|ito, 渡辺|watanabe, 山本|yamamoto, "
           "中村|nakamura, 小林|kobayashi, 山田|yamada, 加藤|kato, 吉田|yoshida"),
        (("東京", "JP"), ("大阪", "JP"), ("京都", "JP"), ("横浜", "JP"), ("札幌", "JP"), ("福岡", "JP")),
        _t("東京大学, 京都大学, 大阪大学, 理化学研究所, 株式会社さくらソフト"),
        family_first=True,  # written with or without a space, see full_name()
    ),
    Culture(
        "ko", 1,
        _t("민준|minjun, 서준|seojun, 도윤|doyun, 지훈|jihoon, 현우|hyunwoo, 준호|junho, 성민|sungmin, "
           "우진|woojin, 태양|taeyang, 동현|donghyun"),
        _t("서연|seoyeon, 지우|jiwoo, 하은|haeun, 수빈|subin, 민지|minji, 예은|yeeun, 지민|jimin, 유나|yuna, "
           "소영|soyoung, 은지|eunji"),
        _t("김|kim, 이|lee, 박|park, 최|choi, 정|jung, 강|kang, 조|cho, 윤|yoon, 장|jang, 임|lim, 한|han"),
        (("서울", "KR"), ("부산", "KR"), ("인천", "KR"), ("대전", "KR"), ("대구", "KR")),
        _t("서울대학교, KAIST, 연세대학교, 주식회사 푸른코드, 네이버"),
        family_first=True, joined=True,
    ),
)  # fmt: skip


@dataclass(frozen=True)
class Person:
    name: str
    email_stem: str  # romanised "given.family"; empty means "use a placeholder address"
    city: str
    country: str
    company: str


@dataclass(frozen=True)
class Position:
    person: Person
    product: str
    email: str
    interests: str
    pseudonymization_id: str
    secret: str
    web_secret: str


@dataclass
class Order:
    code: str
    positions: list[Position]
    placed: datetime = SALES_START
    status: str = "paid"
    fixed: bool = False

    @property
    def total_is_zero(self) -> bool:
        return all(PRODUCTS[p.product][1] == "0.00" for p in self.positions)


# People the tests rely on, and the edge cases a desk meets. Each inner list is one order.
LONG_ORG = (
    "Institute for Research on Accessible, Inclusive and Multilingual Human-Computer Interaction "
    "Technologies (Joint Laboratory of the Universities of Dublin, Galway and Cork)"
)
FIXED_ORDERS: tuple[tuple[tuple[Person | None, str], ...], ...] = (
    ((Person("Anna Müller", "anna.mueller", "Berlin", "DE", "Technische Universität Berlin"), "Regular"),),
    ((Person("Jan Łukasiewicz", "jan.lukasiewicz", "Kraków", "PL", "Uniwersytet Jagielloński"), "Student"),),
    ((Person("Søren Kierkegaard", "soeren.kierkegaard", "København", "DK", "Københavns Universitet"),
      "Speaker"),),
    ((Person("Ελένη Παπαδοπούλου", "eleni.papadopoulou", "Αθήνα", "GR", "Εθνικό Μετσόβιο Πολυτεχνείο"),
      "Regular"),),
    ((Person("王芳", "wang.fang", "北京", "CN", "清华大学"), "Regular"),
     (Person("王小明", "wang.xiaoming", "上海", "CN", "复旦大学"), "Student")),
    ((Person("Karl Groß", "karl.gross", "Wien", "AT", "Universität Wien"), "Staff"),),
    ((Person("José Núñez", "jose.nunez", "Sevilla", "ES", ""), "One day"),),
    ((Person("Maria del Carmen Fernández de la Vega y Ortega", "mariadelcarmen.fernandezdelavega", "Madrid",
             "ES", "Universidad Politécnica de Madrid"), "Regular"),),
    ((Person("Siobhán O'Brien", "siobhan.obrien", "Galway", "IE", LONG_ORG), "Regular"), (None, "Student")),
    ((Person("Lise-Lotte Holm-Hansen", "lise-lotte.holm-hansen", "Aarhus", "DK", "Aarhus Universitet"),
      "Volunteer"),),
    ((Person("李伟", "li.wei", "成都", "CN", "四川大学"), "Regular"), (None, "Regular")),
    ((Person("李伟", "li.wei", "深圳", "CN", "深圳星云科技有限公司"), "Student"),),
)  # fmt: skip


def random_string(rng: random.Random, alphabet: str, length: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


def unique_string(rng: random.Random, alphabet: str, length: int, used: set[str]) -> str:
    while True:
        value = random_string(rng, alphabet, length)
        if value not in used:
            used.add(value)
            return value


def romanise(text: str, spelling: dict[str, str]) -> str:
    """Lower-case ASCII for an email address: culture-specific spellings first, then strip accents."""
    out = []
    for char in text.lower():
        char = spelling.get(char, ASCII_SPELLING.get(char, char))
        out.append(char)
    decomposed = unicodedata.normalize("NFKD", "".join(out))
    ascii_only = "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in "-. "))
    return ".".join(ascii_only.split())


def parse_entry(entry: str, female: bool, culture: Culture) -> tuple[str, str]:
    """``native`` / ``native|roman`` / ``male/female`` -> (native, romanised)."""
    forms = entry.split("/")
    chosen = forms[1] if female and len(forms) > 1 else forms[0]
    native, _, roman = chosen.partition("|")
    return native, roman or romanise(native, culture.spelling)


def full_name(rng: random.Random, culture: Culture, given: str, family: str) -> str:
    if not culture.family_first:
        return f"{given} {family}"
    joined = culture.joined or (culture.key == "ja" and rng.random() < 0.5)
    return f"{family}{given}" if joined else f"{family} {given}"


def pick_name(rng: random.Random, culture: Culture) -> tuple[str, str]:
    """A (display name, email stem) pair; Spanish speakers sometimes carry both surnames."""
    female = rng.random() < 0.5
    given, given_roman = parse_entry(rng.choice(culture.female if female else culture.male), female, culture)
    family, family_roman = parse_entry(rng.choice(culture.family), female, culture)
    if culture.key == "es" and rng.random() < 0.4:
        second, second_roman = parse_entry(rng.choice(culture.family), female, culture)
        if second != family:
            family, family_roman = f"{family} {second}", family_roman + second_roman
    stem_parts = (family_roman, given_roman) if culture.key == "zh" else (given_roman, family_roman)
    return full_name(rng, culture, given, family), ".".join(stem_parts)


def pick_company(rng: random.Random, culture: Culture) -> str:
    roll = rng.random()
    if roll < 0.10:
        return ""
    if roll < 0.18:
        return rng.choice(SHARED_ORGS)
    return rng.choice(culture.orgs)


def random_person(rng: random.Random, used_names: set[str]) -> Person:
    """Someone new; names stay unique so the only namesakes are the deliberate ones."""
    weights = [c.weight for c in CULTURES]
    while True:
        culture = rng.choices(CULTURES, weights=weights)[0]
        name, stem = pick_name(rng, culture)
        if name not in used_names:
            break
    used_names.add(name)
    city, country = rng.choice(culture.cities)
    if rng.random() < 0.05:
        stem = ""  # the buyer typed something unusable; the desk sees a placeholder address
    return Person(name, stem, city, country, pick_company(rng, culture))


def pick_interests(rng: random.Random) -> str:
    count = rng.choices((0, 1, 2, 3), weights=(15, 40, 30, 15))[0]
    chosen = set(rng.sample(INTERESTS, count))
    return ", ".join(i for i in INTERESTS if i in chosen)


class Allocator:
    """Hands out every unique value a position needs: emails, secrets, pseudonymization IDs."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self.placeholders = 0

    def email(self, person: Person) -> str:
        domain = self.rng.choice(EMAIL_DOMAINS)
        stem = person.email_stem
        if not stem:
            self.placeholders += 1
            stem = f"user{100 + 7 * self.placeholders}"
        local, n = stem, 1
        while local in self.used:
            n += 1
            local = f"{stem}{n}"
        self.used.add(local)
        return f"{local}@{domain}"

    def position(self, person: Person, product: str) -> Position:
        return Position(
            person=person,
            product=product,
            email=self.email(person),
            interests=pick_interests(self.rng),
            pseudonymization_id=unique_string(self.rng, ORDER_CODE_CHARS, 10, self.used),
            secret=unique_string(self.rng, SECRET_CHARS, 32, self.used),
            web_secret=random_string(self.rng, WEB_SECRET_CHARS, 16),
        )

    def order(self, positions: list[Position], fixed: bool = False) -> Order:
        return Order(unique_string(self.rng, ORDER_CODE_CHARS, 5, self.used), positions, fixed=fixed)


def paid_product(rng: random.Random) -> str:
    return rng.choices(list(PAID_PRODUCT_WEIGHTS), weights=list(PAID_PRODUCT_WEIGHTS.values()))[0]


def build_orders(rng: random.Random) -> list[Order]:
    """The fixed orders, then one free order per remaining speaker/staff/volunteer, then paid orders."""
    alloc = Allocator(rng)
    used_names = {p.name for order in FIXED_ORDERS for p, _ in order if p is not None}
    orders: list[Order] = []
    free_left = dict(FREE_PRODUCT_COUNTS)
    for spec in FIXED_ORDERS:
        positions = []
        for person, product in spec:
            free_left[product] = free_left.get(product, 0) - 1
            positions.append(alloc.position(person or random_person(rng, used_names), product))
        orders.append(alloc.order(positions, fixed=True))
    for product, count in free_left.items():
        for _ in range(count):
            orders.append(alloc.order([alloc.position(random_person(rng, used_names), product)]))
    remaining = N_POSITIONS - sum(len(o.positions) for o in orders)
    while remaining > 0:
        size = min(remaining, rng.choices((1, 2, 3, 4), weights=(68, 20, 8, 4))[0])
        positions = [alloc.position(random_person(rng, used_names), paid_product(rng)) for _ in range(size)]
        orders.append(alloc.order(positions))
        remaining -= size
    return orders


def assign_statuses(rng: random.Random, orders: Sequence[Order]) -> None:
    """Unpaid and canceled orders come only from the random paid ones; free orders are paid at once."""
    candidates = [o for o in orders if not o.fixed and not o.total_is_zero]
    chosen = rng.sample(candidates, N_PENDING_ORDERS + N_CANCELED_ORDERS)
    for order in chosen[:N_PENDING_ORDERS]:
        order.status = "pending"
    for order in chosen[N_PENDING_ORDERS:]:
        order.status = "canceled"


def assign_times(rng: random.Random, orders: Sequence[Order]) -> list[Order]:
    span = int((SALES_END - SALES_START).total_seconds())
    for order in orders:
        order.placed = SALES_START + timedelta(seconds=rng.randrange(span))
    return sorted(orders, key=lambda o: (o.placed, o.code))


def payment_provider(order: Order) -> str:
    return "Manual payment" if order.status == "paid" and not order.total_is_zero else ""


def position_row(order: Order, index: int, pos: Position) -> list[str | int]:
    buyer = order.positions[0]
    product_id, price = PRODUCTS[pos.product]
    person = pos.person
    link = f"{SHOP_URL}/{ORGANIZER_SLUG}/{EVENT_SLUG}/ticket/{order.code}/{index}/{pos.web_secret}/"
    row: list[str | int] = [
        EVENT_SLUG, EVENT_NAME, order.code, index, order.status, buyer.email, "",
        order.placed.strftime("%Y-%m-%d"), order.placed.strftime("%H:%M:%S"),
        pos.product, str(product_id), "", "", price, "0", "", "0.00",
        person.name, pos.email, person.company, "", "", person.city, person.country, "",
        "", "", "", pos.pseudonymization_id, pos.secret,
        "", "", "", "", "", "", "", "", "", "", "",
        pos.interests, buyer.person.company, buyer.person.name, "Example Street 1", "12345",
        buyer.person.city, buyer.person.country, "", "",
        "Online shop", "en", "No", "", "", payment_provider(order), link,
    ]  # fmt: skip
    assert len(row) == len(HEADER)
    return row


def build_rows(seed: int = SEED) -> list[list[str | int]]:
    rng = random.Random(seed)
    orders = build_orders(rng)
    assign_statuses(rng, orders)
    ordered = assign_times(rng, orders)
    return [position_row(o, i, p) for o in ordered for i, p in enumerate(o.positions, start=1)]


def write_csv(path: Path, rows: Sequence[Sequence[str | int]]) -> None:
    """pretix's CSV dialect: text quoted, the position number bare, CRLF, UTF-8 without BOM."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(rows)


def main(argv: Sequence[str] = sys.argv[1:]) -> int:
    target = Path(argv[0]) if argv else OUTPUT
    rows = build_rows()
    write_csv(target, rows)
    print(f"wrote {len(rows)} positions to {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
