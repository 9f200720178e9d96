"""Multilingual text: fills sentence templates and composes mail bodies, tracking ground truth.

A `Composer` belongs to one organisation and one language. Every sentence it writes adds the
categories of its topic plus those of the slots it filled (a `{password}` is a credential, an
`{account}` is personal financial data...), so the ground truth of a text is exactly what went
into it. All randomness comes from the `random.Random` passed in: same seed, same text.
"""

from __future__ import annotations

import random
import string
import textwrap
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from trovetriage.demo import phrases
from trovetriage.demo.names import Person, ascii_fold, make_person
from trovetriage.demo.truth import Truth
from trovetriage.demo.victims import Victim

#: Categories and levels a topic contributes to every text that uses it (DESIGN §4).
TOPIC_TRUTH: dict[str, tuple[tuple[str, int], ...]] = {
    "routine": (),
    "newsletter": (),
    "diplomatic": (("diplomatic", 2),),
    "commercial": (("commercial", 2),),
    "ot": (("ot", 2),),
    "infrastructure": (("infrastructure", 2),),
    "cred": (("credentials", 3), ("infrastructure", 2)),
    "pii": (("pii", 2),),
    "financial": (("financial", 2),),
}

#: Categories a filled slot adds: single personal records are level 2, clear-text secrets level 3.
SLOT_CATEGORIES: dict[str, tuple[tuple[str, int], ...]] = {
    "phone": (("pii", 2),),
    "passport": (("pii", 2),),
    "natid": (("pii", 2),),
    "dob": (("pii", 2),),
    "address": (("pii", 2),),
    "account": (("pii", 2), ("financial", 2)),
    "account_org": (("financial", 2),),
    "password": (("credentials", 3),),
    "ip": (("infrastructure", 2),),
    "ip2": (("infrastructure", 2),),
    "subnet": (("infrastructure", 2),),
    "host": (("infrastructure", 2),),
    "host2": (("infrastructure", 2),),
    "vlan": (("infrastructure", 2),),
    "plc_ip": (("infrastructure", 2), ("ot", 2)),
}

_FORMATTER = string.Formatter()
_AMBASSADOR = ("Ambasad", "Büyükelçi", "Səfir", "السفير")


def template_slots(template: str) -> list[str]:
    """The slot names a template uses, in order."""
    return [name for _, name, _, _ in _FORMATTER.parse(template) if name]


_SEASONS = ["Summer", "Winter", "Spring", "Autumn", "Welcome", "Password", "Qwerty", "Company"]
_WORDS = ["Manama", "Ankara", "Baku", "Wisma", "Bucuresti", "Seoul", "Pearl", "Caspian", "Falcon", "Tiger",
          "Galata", "Sunrise", "Thistle", "Karpat", "Hangang", "Merdeka"]
_SYMBOLS = "!@#$%&*?"


def make_password(rng: random.Random) -> str:
    """A fake password in one of the shapes real dumps are full of."""
    shape = rng.randrange(6)
    year = rng.randint(2015, 2021)
    if shape == 0:
        return f"{rng.choice(_SEASONS)}{year}{rng.choice(_SYMBOLS)}"
    if shape == 1:
        return f"{rng.choice(_WORDS)}@{year}"
    if shape == 2:
        return f"P@ssw0rd{rng.randint(1, 999)}"
    if shape == 3:
        alphabet = string.ascii_letters + string.digits + _SYMBOLS
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(10, 16)))
    if shape == 4:
        return f"{rng.choice(_WORDS).lower()}{rng.randint(10, 99)}{rng.choice(_SYMBOLS)}{rng.choice(_WORDS)}"
    return f"{rng.choice(_WORDS)}{rng.randint(1000, 9999)}"


def iban(rng: random.Random, country: str) -> str:
    """A fake IBAN with valid mod-97 check digits (so validators accept it), in print format."""
    letters = string.ascii_uppercase
    if country == "TR":
        bban = f"{rng.randint(10000, 99999)}0{rng.randint(10**15, 10**16 - 1)}"
    elif country == "GB":
        bban = f"{''.join(rng.choice(letters) for _ in range(4))}{rng.randint(100000, 999999)}" \
               f"{rng.randint(10**7, 10**8 - 1)}"
    else:
        rest = {"BH": 14, "AZ": 20, "RO": 16}.get(country, 16)
        bban = "".join(rng.choice(letters) for _ in range(4)) + "".join(
            rng.choice(string.digits) for _ in range(rest))
    numeric = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    check = 98 - int(numeric) % 97
    raw = f"{country}{check:02d}{bban}"
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def tc_kimlik(rng: random.Random) -> str:
    """A Turkish identity number with valid check digits (fake)."""
    digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
    tenth = ((sum(digits[0:9:2]) * 7) - sum(digits[1:8:2])) % 10
    digits.append(tenth)
    digits.append(sum(digits) % 10)
    return "".join(map(str, digits))


def romanian_cnp(rng: random.Random, born: datetime) -> str:
    """A Romanian personal numeric code with a valid control digit (fake)."""
    body = f"{rng.choice('12')}{born:%y%m%d}{rng.randint(1, 46):02d}{rng.randint(1, 999):03d}"
    total = sum(int(d) * int(w) for d, w in zip(body, "279146358279", strict=True)) % 11
    return body + ("1" if total == 10 else str(total))


def korean_rrn(rng: random.Random, born: datetime) -> str:
    """A Korean resident registration number with a valid check digit (fake)."""
    body = f"{born:%y%m%d}{rng.choice('12')}{rng.randint(0, 99999):05d}"
    total = sum(int(d) * w for d, w in zip(body, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5], strict=True))
    return f"{body[:6]}-{body[6:]}{(11 - total % 11) % 10}"


def format_date(when: datetime, lang: str) -> str:
    """A date as a writer of that language puts it in running text."""
    if lang == "ko":
        return f"{when.year}년 {when.month}월 {when.day}일"
    months = phrases.MONTHS.get(lang, phrases.MONTHS["en"])
    text = f"{when.day} {months[when.month - 1]} {when.year}"
    return text + " г." if lang == "ru" else text


def group_number(value: int, lang: str) -> str:
    separator = "." if lang in ("tr", "ro", "az") else ","
    return f"{value:,}".replace(",", separator)


@dataclass
class Text:
    """A composed text and its ground truth."""

    subject: str
    lines: list[str]
    truth: Truth
    lang: str
    banner: str = ""

    @property
    def body(self) -> str:
        return "\n".join(self.lines) + "\n"


@dataclass
class Org:
    """What a composer needs to know about the organisation it writes for."""

    victim: Victim
    staff: list[Person] = field(default_factory=list)

    @property
    def name_lang(self) -> str:
        for lang, _ in self.victim.languages:
            if lang != "en":
                return lang
        return "en"


class Slots(dict[str, str]):
    """Slot values made on first use, so a template only pays for the slots it has."""

    def __init__(self, composer: Composer) -> None:
        super().__init__()
        self.composer = composer

    def __missing__(self, key: str) -> str:
        value = self.composer.slot(key, self)
        self[key] = value
        return value


class Composer:
    """Writes sentences, paragraphs and whole mails for one organisation in one language."""

    def __init__(self, rng: random.Random, org: Org, lang: str, when: datetime) -> None:
        self.rng = rng
        self.org = org
        self.victim = org.victim
        self.lang = lang
        self.when = when
        self.used: set[tuple[str, int]] = set()
        self.addressee: Person | None = None

    # ----- slots -------------------------------------------------------------------------------
    def _ip(self, prefix: str) -> str:
        octets = prefix.split(".")
        while len(octets) < 4:
            octets.append(str(self.rng.randint(1, 254)))
        return ".".join(octets)

    def _host(self) -> str:
        role = self.rng.choice(["DC", "FS", "VPN-GW", "SQL", "APP", "PRX", "BKP", "CTX", "WSUS", "JMP"])
        return f"{role}{self.rng.randint(1, 12):02d}.{self.victim.ad_domain}"

    def person_name(self, person: Person) -> str:
        return person.native if self.lang == person.lang else person.name

    def _someone(self) -> Person:
        lang = self.lang if self.lang in ("ar", "ko", "ru", "tr", "az", "ro", "ms") else self.org.name_lang
        return make_person(self.rng, lang)

    def _amount(self) -> str:
        rng = self.rng
        currency = self.victim.currency if rng.random() < 0.6 else "USD"
        value = rng.choice([rng.randint(1, 99) * 1000, rng.randint(100, 9999) * 100, rng.randint(10, 950) * 10_000])
        if currency == "KRW":
            value *= 1000
        number = group_number(value, self.lang)
        if currency == "KRW" and self.lang == "ko":
            return f"{number}원"
        if currency == "TRY":
            return f"{number} TL"
        if currency == "RON":
            return f"{number} lei"
        if currency == "MYR":
            return f"RM {number}"
        if currency == "GBP":
            return f"£{number}"
        return f"{currency} {number}"

    def _account(self, personal: bool) -> str:
        rng = self.rng
        country = self.victim.country
        if country == "MY":
            bank = "Maybank" if personal else rng.choice(["CIMB Bank", "Public Bank"])
            number = f"{rng.randint(1000, 9999)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
            return f"akaun {bank} {number}" if self.lang == "ms" else f"{bank} account {number}"
        if country == "KR":
            number = f"{rng.randint(100000, 999999)}-{rng.randint(10, 99)}-{rng.randint(100000, 999999)}"
            return f"국민은행 계좌 {number}" if self.lang == "ko" else f"KB Kookmin Bank account {number}"
        return f"IBAN {iban(rng, country)}"

    def _phone(self) -> str:
        rng = self.rng
        country = self.victim.country
        if country == "BH":
            return f"+973 3{rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        if country == "TR":
            return f"+90 5{rng.randint(30, 59)} {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        if country == "AZ":
            return f"+994 {rng.choice([50, 51, 55, 70, 77])} {rng.randint(100, 999)} {rng.randint(10, 99)} " \
                   f"{rng.randint(10, 99)}"
        if country == "MY":
            return f"+60 1{rng.randint(0, 9)}-{rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        if country == "RO":
            return f"+40 7{rng.randint(20, 89)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
        if country == "KR":
            return f"+82 10-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
        return f"+44 7700 900{rng.randint(0, 999):03d}"  # Ofcom range reserved for fiction

    def _passport(self) -> str:
        rng = self.rng
        prefix = {"BH": rng.choice("AB"), "TR": "U", "AZ": "C", "MY": "A", "KR": "M"}.get(self.victim.country, "")
        return f"{prefix}{rng.randint(10_000_000, 99_999_999)}"

    def _born(self) -> datetime:
        return datetime(self.rng.randint(1962, 1997), self.rng.randint(1, 12), self.rng.randint(1, 28))

    def _natid(self) -> str:
        rng = self.rng
        country = self.victim.country
        born = self._born()
        if country == "TR":
            return tc_kimlik(rng)
        if country == "RO":
            return romanian_cnp(rng, born)
        if country == "KR":
            return korean_rrn(rng, born)
        if country == "MY":
            return f"{born:%y%m%d}-{rng.randint(1, 14):02d}-{rng.randint(1000, 9999)}"
        if country == "AZ":
            return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVXYZ0123456789") for _ in range(7))
        if country == "BH":
            return f"{born:%y%m}{rng.randint(10000, 99999)}"
        letters = "ABCEGHJKLMNPRSTWXYZ"
        return f"{rng.choice(letters)}{rng.choice(letters)}{rng.randint(100000, 999999)}{rng.choice('ABCD')}"

    def _address(self) -> str:
        rng = self.rng
        country = self.victim.country
        n = rng.randint(1, 250)
        if country == "BH":
            return f"Flat {rng.randint(1, 40)}, Building {n}, Road {rng.randint(1, 4000)}, Block " \
                   f"{rng.randint(300, 999)}, {rng.choice(['Manama', 'Riffa', 'Muharraq', 'Isa Town'])}"
        if country == "TR":
            street = rng.choice(["Atatürk Bulvarı", "Gazi Mustafa Kemal Blv.", "Tunalı Hilmi Cad.",
                                 "Kızılırmak Sok."])
            district = rng.choice(["Çankaya", "Keçiören", "Yenimahalle"])
            return f"{street} No:{n} D:{rng.randint(1, 30)}, {district}/Ankara"
        if country == "AZ":
            street = rng.choice(["Nizami küç.", "Azadlıq pr.", "Füzuli küç.", "Bakıxanov küç."])
            return f"{street} {n}, mənzil {rng.randint(1, 90)}, Bakı AZ{rng.randint(1000, 1199)}"
        if country == "MY":
            return f"No. {n}, Jalan {rng.choice(['Ampang', 'Damansara', 'Bangsar', 'Klang Lama'])} " \
                   f"{rng.randint(1, 12)}, {rng.randint(50000, 59999)} Kuala Lumpur"
        if country == "RO":
            return f"Str. {rng.choice(['Lizeanu', 'Dorobanți', 'Mihai Eminescu', 'Dacia'])} nr. {n}, " \
                   f"bl. {rng.randint(1, 30)}, sector {rng.randint(1, 6)}, București"
        if country == "KR":
            district = rng.choice(["종로구", "마포구", "서초구", "송파구"])
            road = rng.choice(["세종대로", "월드컵로", "반포대로", "올림픽로"])
            if self.lang == "ko":
                return f"서울특별시 {district} {road} {n}"
            return f"{n}, {rng.choice(['Sejong-daero', 'Worldcup-ro', 'Banpo-daero'])}, Seoul"
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        street = rng.choice(["Union", "Great Western", "Queens", "Holburn"])
        return f"{n} {street} Road, Aberdeen AB{rng.randint(10, 25)} " \
               f"{rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"

    def slot(self, key: str, slots: Slots) -> str:
        rng = self.rng
        lang = self.lang
        victim = self.victim
        if key == "person":
            return self.person_name(rng.choice(self.org.staff))
        if key in ("addressee", "given"):
            who = self.addressee or rng.choice(self.org.staff)
            if key == "addressee":
                return self.person_name(who)
            return who.given if who.lang == lang else who.first
        if key in ("fullname", "fullname2"):
            return self.person_name(self._someone())
        if key == "city":
            return rng.choice(phrases.CITIES.get(lang, phrases.CITIES["en"]))
        if key == "country":
            return rng.choice(phrases.COUNTRIES.get(lang, phrases.COUNTRIES["en"]))
        if key == "date":
            return format_date(self.when + timedelta(days=rng.randint(-12, 45)), lang)
        if key == "dob":
            return format_date(self._born(), lang)
        if key == "time":
            return f"{rng.randint(8, 17):02d}:{rng.choice(['00', '15', '30', '45'])}"
        if key == "n":
            return str(rng.randint(2, 24))
        if key == "n2":
            return str(int(slots["n"]) + rng.randint(2, 9))
        if key == "num":
            return group_number(rng.randint(150, 48_000), lang)
        if key == "percent":
            return str(rng.randint(3, 45))
        if key == "year":
            return str(rng.randint(self.when.year, self.when.year + 2))
        if key == "month":
            return phrases.MONTHS.get(lang, phrases.MONTHS["en"])[rng.randrange(12)]
        if key == "q":
            return str(rng.randint(1, 4))
        if key == "room":
            return f"{rng.randint(1, 6)}{rng.randint(0, 3)}{rng.randint(0, 9)}"
        if key == "dept":
            depts = phrases.DEPTS.get((lang, victim.sector)) or phrases.DEPTS[("en", victim.sector)]
            return rng.choice(depts)
        if key == "ref":
            return f"{victim.netbios}/{self.when.year}/{rng.randint(1, 2999):04d}"
        if key == "amount":
            return self._amount()
        if key == "project":
            return rng.choice(phrases.PROJECTS)
        if key == "partner":
            return rng.choice(phrases.PARTNERS)
        if key == "item":
            return rng.choice(phrases.ITEMS)
        if key == "site":
            return rng.choice(phrases.SITES)
        if key == "field":
            return rng.choice(phrases.FIELDS)
        if key == "station":
            return rng.choice(phrases.STATIONS)
        if key == "pipeline":
            return rng.choice(phrases.PIPELINES)
        if key == "bbl":
            return group_number(rng.randint(8, 260) * 1000, lang)
        if key in ("ip", "ip2"):
            return self._ip(victim.net)
        if key == "plc_ip":
            return self._ip(victim.ot_net)
        if key == "subnet":
            octets = victim.net.split(".")
            while len(octets) < 3:
                octets.append(str(rng.randint(1, 254)))
            return ".".join(octets) + ".0/24"
        if key in ("host", "host2"):
            return self._host()
        if key == "vlan":
            return f"VLAN {rng.randint(10, 400)}"
        if key == "port":
            return str(rng.choice([22, 25, 443, 445, 1433, 3389, 5985, 8080, 8443, 9443]))
        if key == "user":
            who = rng.choice(self.org.staff)
            return f"{victim.netbios}\\{who.user}" if rng.random() < 0.5 else who.user
        if key == "password":
            return make_password(rng)
        if key == "ssid":
            return f"{victim.netbios}-{rng.choice(['Guest', 'Conf', 'Board', 'Meeting'])}"
        if key == "phone":
            return self._phone()
        if key == "passport":
            return self._passport()
        if key == "natid":
            return self._natid()
        if key == "address":
            return self._address()
        if key == "account":
            return self._account(personal=True)
        if key == "account_org":
            return self._account(personal=False)
        raise KeyError(key)

    # ----- sentences ---------------------------------------------------------------------------
    def fill(self, template: str, truth: Truth | None) -> str:
        """Fill one template; its slots add their categories to `truth`."""
        if truth is not None:
            for name in template_slots(template):
                for category, level in SLOT_CATEGORIES.get(name, ()):
                    truth.add(category, level)
        return template.format_map(Slots(self))

    def _pool(self, topic: str) -> list[str]:
        pools = phrases.SENTENCES.get(self.lang, {})
        return pools.get(topic) or phrases.SENTENCES["en"][topic]

    def sentence(self, topic: str, truth: Truth) -> str:
        """One sentence of `topic`, not repeated within this composer while unused ones remain."""
        for category, level in TOPIC_TRUTH[topic]:
            truth.add(category, level)
        rng = self.rng
        combo = phrases.COMBOS.get(topic)
        if combo and self.lang == "en" and rng.random() < 0.4:
            template = " ".join(rng.choice(part) for part in combo) + "."
            return self.fill(template, truth)
        pool = self._pool(topic)
        fresh = [i for i in range(len(pool)) if (topic, i) not in self.used]
        if not fresh:
            self.used = {key for key in self.used if key[0] != topic}
            fresh = list(range(len(pool)))
        index = rng.choice(fresh)
        self.used.add((topic, index))
        return self.fill(pool[index], truth)

    def exhausted(self, topic: str) -> bool:
        """True once every template of the topic was used: more text would repeat itself."""
        if self.lang == "en" and topic in phrases.COMBOS:
            return False
        return all((topic, index) in self.used for index in range(len(self._pool(topic))))

    def paragraph(self, topic: str, truth: Truth, min_chars: int = 220, max_sentences: int = 5) -> str:
        parts: list[str] = []
        length = 0
        target = self.rng.randint(min_chars, min_chars * 3)
        while length < target and len(parts) < max_sentences and not (parts and self.exhausted(topic)):
            text = self.sentence(topic, truth)
            parts.append(text)
            length += len(text) + 1
        return " ".join(parts)

    def subject(self, topic: str, truth: Truth) -> str:
        pools = phrases.SUBJECTS.get(self.lang, {})
        pool = pools.get(topic) or phrases.SUBJECTS["en"][topic]
        return self.fill(self.rng.choice(pool), truth)

    def greeting(self, truth: Truth) -> str:
        pool = phrases.GREETINGS.get(self.lang, phrases.GREETINGS["en"])
        if self.victim.sector != "government":  # nobody at an oil company is addressed as Ambassador
            pool = [greeting for greeting in pool if not any(word in greeting for word in _AMBASSADOR)]
        return self.fill(self.rng.choice(pool), truth)

    def closing(self) -> str:
        return self.rng.choice(phrases.CLOSINGS.get(self.lang, phrases.CLOSINGS["en"]))

    def reply_opener(self) -> str:
        return self.rng.choice(phrases.REPLIES.get(self.lang, phrases.REPLIES["en"]))

    def signature(self, sender: Person, org_name: str, web: str) -> list[str]:
        lines = [self.person_name(sender)]
        if sender.native != sender.name and self.lang != sender.lang:
            lines.append(sender.native)
        if sender.title:
            lines.append(sender.title)
        if sender.dept:
            lines.append(sender.dept)
        lines.append(org_name)
        if web:
            lines.append(web)
        return lines


def wrap(text: str, width: int = 76) -> str:
    """Hard-wrap paragraphs for 7bit/8bit bodies (SMTP lines must stay short)."""
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
        else:
            out.extend(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [""])
    return "\n".join(out)


def safe_filename(text: str, limit: int = 60) -> str:
    """A file name made from a subject the way Outlook's "Save as" does it."""
    # "!" and "#" are reserved: DESIGN §2 paths join members with "!" and number repeats with "#n".
    cleaned = "".join("_" if ch in '\\/:*?"<>|!#' or ord(ch) < 32 else ch for ch in text).strip(" .")
    return cleaned[:limit].rstrip(" .") or "message"


def ascii_name(text: str) -> str:
    """An ASCII-only file name part (for attachment names that must survive old clients)."""
    folded = ascii_fold(text)
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in folded).strip("_") \
        or "file"

