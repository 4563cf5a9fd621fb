"""Deterministic benchmark data: 100,000 international attendees as a pretix export, and a store built from it.

Everything comes from one `random.Random(SEED)`, so two runs (and two machines) see the same names, codes
and queries. The CSV has the exact header of a real pretix "Order positions" export
(/work/shared/data/pretix/orderlist-positions.csv), so it goes through the real importer.
"""

from __future__ import annotations

import csv
import random
import string
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SEED = 20261127
ATTENDEES = 100_000
DEVICE = "bench-desk-1"

# Copied from /work/shared/data/pretix/orderlist-positions.csv (pretix 2026.8, orderlist exporter).
PRETIX_HEADER = (
    "Event slug", "Event name", "Order code", "Position ID", "Status", "Email", "Phone number", "Order date",
    "Order time", "Product", "Product ID", "Variation", "Variation ID", "Price", "Tax rate", "Tax rule",
    "Tax value", "Attendee name", "Attendee email", "Attendee company", "Address", "ZIP code", "City",
    "Country", "State", "Voucher", "Voucher budget usage", "Voucher tag", "Pseudonymization ID",
    "Ticket secret", "Seat ID", "Seat name", "Seat zone", "Seat row", "Seat number", "Blocked", "Valid from",
    "Valid until", "Order comment", "Follow-up date", "Add-on to position ID", "Fields of interest",
    "Invoice address company", "Invoice address name", "Invoice address street", "Invoice address ZIP code",
    "Invoice address city", "Invoice address country", "Invoice address state", "VAT ID", "Sales channel",
    "Order locale", "Email address verified", "External customer ID", "Check-in lists", "Payment providers",
    "Position order link",
)

# --- name pools: "native|romanised" (the romanised form only feeds the e-mail address) ----------------

LATIN_FIRST = (
    "Jorge", "José", "María", "Zoë", "Chloé", "Hélène", "Étienne", "François", "Søren", "Åsa", "Björn",
    "Jürgen", "Łukasz", "Małgorzata", "Paweł", "Žaneta", "Tomáš", "Jiří", "Ana", "João", "Inês", "Gonçalo",
    "Ngozi", "Tane", "Aroha", "Yasmin", "Oğuz", "Çağla", "Şebnem", "Ömer", "İlkay", "Thị Mai", "Minh",
    "Ólöf", "Sigurður", "Agnieszka", "Grzegorz", "Dagmar", "Lenka", "Ivana", "Marija", "Núria", "Jordi",
    "Benoît", "Anaïs", "Noémie", "Maëlle", "Raphaël", "Joël", "Sébastien", "Renée", "Ingrid", "Kjetil",
    "Päivi", "Jyrki", "Ásgeir", "Darío", "Sofía", "Andrés", "Iñaki", "Ramón", "Lúcia", "Caetano", "Wanjiru",
    "Chidi", "Emeka", "Kwame", "Amara", "Liam", "Olivia", "Noah", "Emma", "James", "Charlotte", "Lucas",
    "Mia", "Henry", "Amelia", "Oliver", "Sophie", "Jack", "Grace", "Thomas", "Hannah", "Daniel", "Laura",
)
LATIN_LAST = (
    "Müller", "Muñoz", "Petrović", "Łukasiewicz", "Dubois", "Laurent", "Bézier", "Kristensen", "Ngata",
    "Haddad", "Schröder", "Gómez", "Núñez", "Sørensen", "Ødegård", "Nowak", "Wiśniewski", "Kowalczyk",
    "Dvořák", "Horváth", "Öztürk", "Yılmaz", "Çelik", "Şahin", "García", "Fernández", "Rodríguez",
    "Lefèvre", "Groß", "Weiß", "Jäger", "Nguyễn", "Trần", "Lê", "Phạm", "Smith", "Johnson", "Brown",
    "O'Brien", "Ferreira", "Gonçalves", "Conceição", "Kovačević", "Jovanović", "Novák", "Svoboda",
    "Häkkinen", "Virtanen", "Ólafsdóttir", "Guðmundsson", "Þórsson", "Eriksson", "Lindqvist", "Rossi",
    "Esposito", "Bianchi", "Colombo", "Ricci", "Okafor", "Adeyemi", "Mensah", "Mwangi", "Kamau", "Wójcik",
    "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur",
    "Krawczyk", "Ramírez", "Hernández", "López", "Pérez", "Sánchez", "Álvarez", "Castro", "Suárez",
    "Ibáñez", "Beaulieu", "Côté", "Gagné", "Bélanger", "Lévesque", "Tremblay", "Gauthier", "Moreau",
    "Fournier", "Girard", "Bonnet", "Mercier", "Blanc", "Guérin", "Møller", "Løvås", "Æbelø", "Szűcs",
    "Kiss", "Tóth", "Nagy", "Varga", "Balázs", "Černý", "Procházka", "Kučera", "Veselý", "Hájek",
    "Özdemir", "Aydın", "Arslan", "Doğan", "Kılıç", "Williams", "Taylor", "Davies", "Evans", "Wilson",
    "Thompson", "Walker", "Wright", "Robinson", "Hughes", "Edwards", "Green", "Hall", "Wood", "Clarke",
)
GREEK_FIRST = (
    "Ελένη|eleni", "Γιώργος|giorgos", "Νίκος|nikos", "Μαρία|maria", "Δημήτρης|dimitris",
    "Κατερίνα|katerina", "Σοφία|sofia", "Ιωάννης|ioannis", "Αθανάσιος|athanasios", "Βασιλική|vasiliki",
    "Χρήστος|christos", "Παναγιώτης|panagiotis", "Ευαγγελία|evangelia", "Κωνσταντίνος|konstantinos",
    "Αικατερίνη|aikaterini", "Σπύρος|spyros", "Θεοδώρα|theodora", "Ανδρέας|andreas", "Φωτεινή|foteini",
    "Ξανθή|xanthi", "Άννα|anna", "Ειρήνη|eirini", "Στέλιος|stelios", "Ζωή|zoi",
)
GREEK_LAST = (
    "Παπαδοπούλου|papadopoulou", "Παπαδόπουλος|papadopoulos", "Οικονόμου|oikonomou", "Γεωργίου|georgiou",
    "Νικολάου|nikolaou", "Καραγιάννης|karagiannis", "Βλάχος|vlachos", "Αντωνίου|antoniou",
    "Δημητρίου|dimitriou", "Ιωάννου|ioannou", "Κωνσταντίνου|konstantinou", "Μακρής|makris",
    "Αλεξίου|alexiou", "Σταματόπουλος|stamatopoulos", "Χατζηδάκης|chatzidakis", "Λαμπράκης|lamprakis",
    "Ζερβός|zervos", "Πετρίδης|petridis", "Μιχαηλίδης|michailidis", "Θεοδωρίδης|theodoridis",
    "Ευθυμίου|efthymiou", "Ραφαηλίδης|rafailidis", "Τσακαλώτος|tsakalotos", "Ψαρράς|psarras",
)
CYRILLIC_FIRST = (
    "Алексей|aleksei", "Дмитрий|dmitry", "Ольга|olga", "Наталья|natalya", "Сергей|sergei", "Анна|anna",
    "Иван|ivan", "Мария|maria", "Артём|artyom", "Юлия|yulia", "Елена|elena", "Владимир|vladimir",
    "Татьяна|tatyana", "Михаил|mikhail", "Ксения|ksenia", "Богдан|bohdan", "Оксана|oksana", "Тарас|taras",
    "Милица|milica", "Драган|dragan", "Йордан|yordan", "Светлана|svetlana", "Фёдор|fyodor", "Злата|zlata",
)
CYRILLIC_LAST = (
    "Смирнов|smirnov", "Иванова|ivanova", "Кузнецов|kuznetsov", "Попова|popova", "Соколов|sokolov",
    "Лебедева|lebedeva", "Козлов|kozlov", "Новикова|novikova", "Морозов|morozov", "Петрова|petrova",
    "Волков|volkov", "Фёдоров|fyodorov", "Шевченко|shevchenko", "Бондаренко|bondarenko",
    "Коваленко|kovalenko", "Ткаченко|tkachenko", "Петровић|petrovic", "Јовановић|jovanovic",
    "Николић|nikolic", "Георгиев|georgiev", "Димитров|dimitrov", "Ёжиков|yozhikov", "Щербаков|shcherbakov",
    "Жуков|zhukov", "Григорьев|grigoriev", "Хмельницкий|khmelnytsky", "Їжакевич|yizhakevych",
)
ARABIC_FIRST = (
    "محمد|mohamed", "أحمد|ahmed", "فاطمة|fatima", "علي|ali", "عائشة|aisha", "يوسف|youssef", "مريم|maryam",
    "عمر|omar", "خديجة|khadija", "حسن|hassan", "ليلى|layla", "إبراهيم|ibrahim", "نور|nour", "سارة|sara",
    "خالد|khaled", "زينب|zainab", "مصطفى|mustafa", "هدى|huda", "طارق|tarek", "رنا|rana",
)
ARABIC_LAST = (
    "العلي|alali", "حداد|haddad", "الخطيب|alkhatib", "منصور|mansour", "عبدالله|abdullah",
    "الحسيني|alhusseini", "سليمان|suleiman", "الشامي|alshami", "المصري|almasri", "نصار|nassar",
    "عيسى|issa", "قاسم|qasem", "الأحمد|alahmad", "حمدان|hamdan", "جابر|jaber", "الزين|alzein",
    "بركات|barakat", "صالح|saleh", "عثمان|othman", "الرفاعي|alrifai",
)
CHINESE_FAMILY = (
    "王|wang", "李|li", "张|zhang", "刘|liu", "陈|chen", "杨|yang", "黄|huang", "赵|zhao", "吴|wu", "周|zhou",
    "徐|xu", "孙|sun", "马|ma", "朱|zhu", "胡|hu", "郭|guo", "何|he", "高|gao", "林|lin", "罗|luo",
)
CHINESE_GIVEN = (
    "伟|wei", "芳|fang", "娜|na", "秀英|xiuying", "敏|min", "静|jing", "丽|li", "强|qiang", "磊|lei",
    "军|jun", "洋|yang", "勇|yong", "艳|yan", "杰|jie", "娟|juan", "涛|tao", "明|ming", "超|chao",
    "秀兰|xiulan", "霞|xia", "平|ping", "刚|gang", "桂英|guiying", "文华|wenhua", "鑫|xin", "宇航|yuhang",
    "浩然|haoran", "子涵|zihan", "欣怡|xinyi", "梓萱|zixuan",
)
JAPANESE_FAMILY = (
    "佐藤|sato", "鈴木|suzuki", "高橋|takahashi", "田中|tanaka", "伊藤|ito", "渡辺|watanabe",
    "山本|yamamoto", "中村|nakamura", "小林|kobayashi", "加藤|kato", "吉田|yoshida", "山田|yamada",
    "佐々木|sasaki", "山口|yamaguchi", "松本|matsumoto", "井上|inoue", "木村|kimura", "清水|shimizu",
)
JAPANESE_GIVEN = (
    "花子|hanako", "太郎|taro", "陽翔|haruto", "結衣|yui", "さくら|sakura", "健|ken", "美咲|misaki",
    "大輝|daiki", "翔太|shota", "葵|aoi", "蓮|ren", "ひなた|hinata", "ゆうき|yuki", "直樹|naoki",
    "恵子|keiko", "裕子|yuko", "誠|makoto", "あかり|akari",
)
KOREAN_FAMILY = (
    "김|kim", "이|lee", "박|park", "최|choi", "정|jung", "강|kang", "조|cho", "윤|yoon", "장|jang",
    "임|lim", "한|han", "오|oh", "서|seo", "신|shin", "권|kwon",
)
KOREAN_GIVEN = (
    "민준|minjun", "서연|seoyeon", "지훈|jihoon", "하은|haeun", "도윤|doyoon", "서준|seojun", "지우|jiwoo",
    "예준|yejun", "수아|sua", "민서|minseo", "현우|hyunwoo", "지민|jimin", "은지|eunji", "태양|taeyang",
)

ORGANISATIONS = (
    "Müller & Söhne GmbH", "Data Wizards Ltd", "Université de Montréal", "Python Software Foundation",
    "Ελληνικό Ινστιτούτο", "Acme Corp", "東京大学", "삼성전자", "Яндекс", "جامعة القاهرة",
    "Universidad de Buenos Aires", "Politechnika Łódzka", "ETH Zürich", "Sveučilište u Zagrebu",
    "Københavns Universitet", "Škoda Auto", "Nestlé", "Société Générale", "Høgskolen i Oslo",
    "Université Côte d'Azur", "Instituto Tecnológico de Aeronáutica", "Universitatea din București",
    "清华大学", "京都大学", "서울대학교", "Московский государственный университет", "Київський університет",
    "Αριστοτέλειο Πανεπιστήμιο", "جامعة بيروت الأمريكية", "Red Hat", "Mozilla", "Canonical", "Bloomberg",
    "Anaconda", "Quansight", "NumFOCUS", "Wellcome Sanger", "CERN", "ESA", "Deutsche Bahn", "Zalando",
    "Allegro", "Spotify", "Ørsted", "Nokia", "Ericsson", "Çiçek Yazılım", "Ağaç Teknoloji", "Hà Nội Tech",
    "Freelance", "Independent", "Česká spořitelna", "Bank Pekao", "Instytut Łączności", "Fraunhofer",
)
TOWNS = (
    ("القاهرة", "EG"), ("Montréal", "CA"), ("Berlin", "DE"), ("São Paulo", "BR"), ("København", "DK"),
    ("Kraków", "PL"), ("Αθήνα", "GR"), ("Dublin", "IE"), ("Amsterdam", "NL"), ("東京", "JP"), ("서울", "KR"),
    ("Москва", "RU"), ("Zürich", "CH"), ("Łódź", "PL"), ("Reykjavík", "IS"), ("Málaga", "ES"),
    ("İstanbul", "TR"), ("Hà Nội", "VN"), ("Београд", "RS"), ("Göteborg", "SE"), ("Wrocław", "PL"),
    ("北京", "CN"), ("大阪", "JP"), ("부산", "KR"), ("Київ", "UA"), ("Θεσσαλονίκη", "GR"), ("بيروت", "LB"),
    ("Nairobi", "KE"), ("Lagos", "NG"), ("Auckland", "NZ"), ("Köln", "DE"), ("München", "DE"),
    ("Genève", "CH"), ("Brno", "CZ"), ("Plzeň", "CZ"), ("Tromsø", "NO"), ("Århus", "DK"), ("Sevilla", "ES"),
    ("Córdoba", "AR"), ("Bogotá", "CO"), ("Québec", "CA"), ("Lyon", "FR"), ("Besançon", "FR"),
    ("Porto", "PT"), ("Coimbra", "PT"), ("Ljubljana", "SI"), ("Zagreb", "HR"), ("Tallinn", "EE"),
    ("Vilnius", "LT"), ("Rīga", "LV"), ("Helsinki", "FI"), ("Kuopio", "FI"), ("London", "GB"),
    ("Manchester", "GB"), ("Edinburgh", "GB"), ("Cardiff", "GB"), ("New York", "US"), ("Chicago", "US"),
)
INTERESTS = (
    "Science", "Web", "Data", "Games", "Education", "Security", "DevOps", "Machine Learning", "Embedded",
    "Community", "Testing", "Scientific Python",
)
PRODUCTS = (("Regular", "1", "250.00"), ("Student", "2", "80.00"), ("Speaker", "3", "0.00"))
STATUSES = ("paid", "pending", "canceled")
DOMAINS = ("example.org", "example.com", "mail.example.net", "uni.example.edu")

# (script, share of attendees); CJK and Hangul names are written without a space, Japanese with one.
SCRIPTS = (("latin", 62), ("greek", 7), ("cyrillic", 10), ("arabic", 7), ("chinese", 6), ("japanese", 4),
           ("korean", 4))
_CODE_ALPHABET = string.ascii_lowercase + string.digits
_ORDER_ALPHABET = string.ascii_uppercase + string.digits


@dataclass(frozen=True, slots=True)
class Person:
    """One generated ticket holder: what a desk volunteer may type to find them."""

    script: str
    first: str  # the given name as written
    last: str  # the family name as written ("" never happens)
    name: str  # the full name as the shop exports it
    email: str
    organisation: str
    city: str
    country: str
    interests: tuple[str, ...]
    order_code: str
    position: int
    status: str  # pretix order status: paid, pending, canceled
    product: tuple[str, str, str]  # (name, id, price)
    secret: str
    pseudonym: str


def _split(entry: str) -> tuple[str, str]:
    native, _, roman = entry.partition("|")
    return native, roman or ascii_handle(native)


def ascii_handle(text: str) -> str:
    """An e-mail local-part word for a Latin name: "Łukasiewicz" -> "lukasiewicz"."""
    special = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "ß": "ss", "ð": "d", "þ": "th", "ı": "i", "đ": "d"})
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(special))
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


def _name(rng: random.Random, script: str) -> tuple[str, str, str, str, str]:
    """(first, last, full name, romanised first, romanised last) in one script."""
    if script == "latin":
        first = rng.choice(LATIN_FIRST)
        last = rng.choice(LATIN_LAST)
        if rng.random() < 0.12:  # double-barrelled: Dubois-Laurent, Müller-Lüdenscheidt...
            last = f"{last}-{rng.choice(LATIN_LAST)}"
        return first, last, f"{first} {last}", ascii_handle(first), ascii_handle(last)
    pools = {
        "greek": (GREEK_FIRST, GREEK_LAST, " "),
        "cyrillic": (CYRILLIC_FIRST, CYRILLIC_LAST, " "),
        "arabic": (ARABIC_FIRST, ARABIC_LAST, " "),
        "chinese": (CHINESE_GIVEN, CHINESE_FAMILY, ""),
        "japanese": (JAPANESE_GIVEN, JAPANESE_FAMILY, " "),
        "korean": (KOREAN_GIVEN, KOREAN_FAMILY, ""),
    }
    firsts, lasts, gap = pools[script]
    first, first_roman = _split(rng.choice(firsts))
    last, last_roman = _split(rng.choice(lasts))
    # East Asian names are written family name first.
    full = f"{last}{gap}{first}" if script in ("chinese", "japanese", "korean") else f"{first} {last}"
    return first, last, full, first_roman, last_roman


def _token(rng: random.Random, alphabet: str, length: int) -> str:
    return "".join(rng.choices(alphabet, k=length))


def generate(count: int = ATTENDEES, seed: int = SEED) -> list[Person]:
    """`count` ticket holders in orders of one to three positions; the same list for the same seed."""
    rng = random.Random(seed)
    scripts = [s for s, _ in SCRIPTS]
    weights = [w for _, w in SCRIPTS]
    people: list[Person] = []
    orders: set[str] = set()
    while len(people) < count:
        order = _token(rng, _ORDER_ALPHABET, 5)
        if order in orders:
            continue
        orders.add(order)
        status = rng.choices(STATUSES, weights=(94, 4, 2))[0]
        for position in range(1, min(rng.choice((1, 1, 1, 2, 2, 3)), count - len(people)) + 1):
            people.append(_person(rng, rng.choices(scripts, weights)[0], order, position, status))
    return people


def _person(rng: random.Random, script: str, order: str, position: int, status: str) -> Person:
    first, last, full, first_roman, last_roman = _name(rng, script)
    town, country = rng.choice(TOWNS)
    email = f"{first_roman}.{last_roman}{rng.randrange(1, 1000)}@{rng.choice(DOMAINS)}"
    return Person(
        script=script,
        first=first,
        last=last,
        name=full,
        email=email,
        organisation=rng.choice(ORGANISATIONS) if rng.random() < 0.85 else "",
        city=town,
        country=country,
        interests=tuple(rng.sample(INTERESTS, rng.randint(1, 3))),
        order_code=order,
        position=position,
        status=status,
        product=rng.choices(PRODUCTS, weights=(70, 22, 8))[0],
        secret=_token(rng, _CODE_ALPHABET, 32),
        pseudonym=_token(rng, _ORDER_ALPHABET, 10),
    )


# --- the pretix CSV ------------------------------------------------------------------------------------


def pretix_row(person: Person) -> list[str | int]:
    product, product_id, price = person.product
    values: dict[str, str | int] = {
        "Event slug": "benchcon2026",
        "Event name": "BenchCon 2026",
        "Order code": person.order_code,
        "Position ID": person.position,  # the one numeric column pretix writes unquoted
        "Status": person.status,
        "Email": person.email,
        "Order date": "2026-10-01",
        "Order time": "12:00:00",
        "Product": product,
        "Product ID": product_id,
        "Price": price,
        "Tax rate": "0",
        "Tax value": "0.00",
        "Attendee name": person.name,
        "Attendee email": person.email,
        "Attendee company": person.organisation,
        "City": person.city,
        "Country": person.country,
        "Pseudonymization ID": person.pseudonym,
        "Ticket secret": person.secret,
        "Fields of interest": ", ".join(person.interests),
        "Invoice address name": person.name,
        "Invoice address street": "Example Street 1",
        "Invoice address ZIP code": "12345",
        "Invoice address city": person.city,
        "Invoice address country": person.country,
        "Sales channel": "Online shop",
        "Order locale": "en",
        "Email address verified": "No",
        "Payment providers": "Manual payment",
        "Position order link": f"http://127.0.0.1:8345/bench/benchcon2026/ticket/{person.order_code}/"
                               f"{person.position}/{person.secret[:16]}/",
    }
    return [values.get(column, "") for column in PRETIX_HEADER]


def write_pretix_csv(path: Path, people: Sequence[Person]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow(PRETIX_HEADER)
        writer.writerows(pretix_row(p) for p in people)
    return path


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
