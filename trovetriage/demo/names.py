"""Fictional people, places and local vocabulary, per language.

Names are common first names and surnames combined at random, so nobody real is meant. Every
person has a Latin form for the mailbox address and, for Arabic, Korean and Russian, a native
form that some mail clients put in the display name (RFC 2047 encoded), as real exports do.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

# (native, latin) pairs where the script differs; plain strings where it does not.
_AR_FIRST_M = [("أحمد", "Ahmed"), ("محمد", "Mohammed"), ("خالد", "Khalid"), ("علي", "Ali"), ("حسن", "Hassan"),
               ("يوسف", "Yousif"), ("عبدالله", "Abdulla"), ("جاسم", "Jassim"), ("إبراهيم", "Ebrahim"),
               ("سلمان", "Salman"), ("فيصل", "Faisal"), ("عادل", "Adel"), ("منصور", "Mansoor"), ("طارق", "Tariq")]
_AR_FIRST_F = [("فاطمة", "Fatima"), ("مريم", "Maryam"), ("نورة", "Noora"), ("سارة", "Sara"), ("ليلى", "Layla"),
               ("هدى", "Huda"), ("زينب", "Zainab"), ("أمل", "Amal"), ("دانة", "Dana"), ("شيماء", "Shaima")]
_AR_LAST = [("الحداد", "Al-Haddad"), ("المنصوري", "Al-Mansoori"), ("القصاب", "Al-Qassab"), ("العوضي", "Al-Awadhi"),
            ("الجابر", "Al-Jaber"), ("السيد", "Al-Sayed"), ("النعيمي", "Al-Nuaimi"), ("المحمود", "Al-Mahmood"),
            ("الهاشمي", "Al-Hashimi"), ("الشهابي", "Al-Shehabi"), ("الأنصاري", "Al-Ansari"), ("الخاجة", "Al-Khaja"),
            ("الدوسري", "Al-Dosari"), ("البستكي", "Al-Bastaki")]

_TR_FIRST_M = ["Ahmet", "Mehmet", "Emre", "Burak", "Mustafa", "Oğuz", "İbrahim", "Çağlar", "Tolga", "Serkan",
               "Kerem", "Hakan", "Murat", "Barış", "Levent", "Uğur"]
_TR_FIRST_F = ["Ayşe", "Fatma", "Zeynep", "Elif", "Selin", "Gülşen", "Şule", "Işıl", "Derya", "Ebru", "Özlem",
               "Nur", "Pınar", "Büşra"]
_TR_LAST = ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Özdemir", "Arslan",
            "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan", "Erdem", "Güneş", "Akın", "Polat"]

_AZ_FIRST_M = ["Elvin", "Rauf", "Orxan", "Tural", "Kamran", "Rəşad", "Fərid", "Vüqar", "Elnur", "Samir", "Anar",
               "Ramil", "Emin", "Cavid"]
_AZ_FIRST_F = ["Leyla", "Günel", "Nigar", "Aysel", "Sevinc", "Ülviyyə", "Könül", "Aynur", "Səbinə", "Lalə",
               "Nərmin", "Fidan"]
_AZ_LAST = ["Məmmədov", "Əliyev", "Hüseynov", "Quliyev", "Həsənov", "İsmayılov", "Abbasov", "Rzayev", "Kərimov",
            "Babayev", "Nəsibov", "Cəfərov", "Süleymanov", "Bağırov", "Orucov", "Novruzov"]

_RU_FIRST_M = [("Алексей", "Aleksey"), ("Дмитрий", "Dmitry"), ("Сергей", "Sergey"), ("Андрей", "Andrey"),
               ("Игорь", "Igor"), ("Павел", "Pavel")]
_RU_FIRST_F = [("Ирина", "Irina"), ("Ольга", "Olga"), ("Наталья", "Natalya"), ("Елена", "Elena"),
               ("Татьяна", "Tatyana"), ("Марина", "Marina")]
_RU_LAST = [("Иванов", "Ivanov"), ("Смирнов", "Smirnov"), ("Кузнецов", "Kuznetsov"), ("Попов", "Popov"),
            ("Волков", "Volkov"), ("Соколов", "Sokolov"), ("Лебедев", "Lebedev"), ("Морозов", "Morozov")]

_MS_FIRST_M = ["Ahmad Faizal", "Muhammad Hafiz", "Azlan", "Zulkifli", "Amirul", "Khairul Anuar", "Mohd Rizal",
               "Syafiq", "Hakim", "Faris"]
_MS_FIRST_F = ["Nurul Huda", "Siti Aisyah", "Farah", "Noraini", "Intan", "Nur Syazwani", "Aminah", "Zarina",
               "Hidayah", "Liyana"]
_MS_FATHER = ["Ismail", "Abdullah", "Rahman", "Hassan", "Yusof", "Osman", "Ibrahim", "Salleh", "Kassim", "Hamid"]
_MS_CHINESE = ["Tan Wei Ming", "Lee Mei Ling", "Wong Kar Hoe", "Lim Siew Lan", "Chong Kah Wai", "Ng Pei Shan"]
_MS_INDIAN = ["Ravi a/l Subramaniam", "Priya a/p Krishnan", "Suresh a/l Muniandy", "Kavitha a/p Raman"]

_RO_FIRST_M = ["Andrei", "Mihai", "Alexandru", "Bogdan", "Ștefan", "Radu", "Florin", "Cătălin", "Adrian", "Vlad",
               "Sorin", "Dragoș"]
_RO_FIRST_F = ["Elena", "Ioana", "Cristina", "Raluca", "Irina", "Oana", "Simona", "Andreea", "Mădălina",
               "Alina", "Roxana", "Diana"]
_RO_LAST = ["Popescu", "Ionescu", "Dumitrescu", "Stan", "Stoica", "Gheorghiu", "Munteanu", "Constantinescu",
            "Marinescu", "Țurcanu", "Răducanu", "Dobre", "Lazăr", "Nistor", "Moldovan", "Vasilescu", "Bălan"]

_KO_LAST = [("김", "Kim"), ("이", "Lee"), ("박", "Park"), ("최", "Choi"), ("정", "Jung"), ("강", "Kang"),
            ("조", "Cho"), ("윤", "Yoon"), ("장", "Jang"), ("임", "Lim"), ("한", "Han"), ("오", "Oh"),
            ("신", "Shin"), ("서", "Seo")]
_KO_GIVEN = [("민준", "Minjun"), ("서연", "Seoyeon"), ("지훈", "Jihoon"), ("수빈", "Subin"), ("현우", "Hyunwoo"),
             ("지은", "Jieun"), ("도윤", "Doyoon"), ("하은", "Haeun"), ("성민", "Sungmin"), ("유진", "Yujin"),
             ("재현", "Jaehyun"), ("은지", "Eunji"), ("동현", "Donghyun"), ("혜진", "Hyejin"), ("승우", "Seungwoo"),
             ("민지", "Minji")]

_EN_FIRST_M = ["James", "David", "Michael", "Richard", "Thomas", "Andrew", "Peter", "Mark", "Graham", "Stuart",
               "Robert", "Neil", "Callum", "Owen"]
_EN_FIRST_F = ["Sarah", "Emma", "Olivia", "Helen", "Laura", "Fiona", "Claire", "Rachel", "Alison", "Joanne",
               "Kirsty", "Hannah"]
_EN_LAST = ["Whitfield", "Harrington", "Caldwell", "Pemberton", "Ashworth", "Fairbairn", "Hollis", "Kendrick",
            "Marlowe", "Prescott", "Rowntree", "Sinclair", "Thornton", "Wainwright", "Bellamy", "Cartwright",
            "Dunmore", "Elston", "McAllister", "Greaves"]

TITLES = {
    "government": ["Third Secretary", "Second Secretary", "First Secretary", "Counsellor", "Minister Plenipotentiary",
                   "Director", "Deputy Director", "Head of Unit", "Desk Officer", "Attaché", "Executive Assistant",
                   "Systems Administrator", "Legal Adviser", "Protocol Officer"],
    "energy": ["Commercial Manager", "Procurement Specialist", "SCADA Engineer", "Pipeline Integrity Engineer",
               "Control Room Supervisor", "Network Administrator", "Finance Officer", "Legal Counsel",
               "HSE Coordinator", "Business Development Manager", "Contracts Engineer", "Operations Manager"],
}

_FOLD = str.maketrans({"ı": "i", "İ": "I", "ə": "e", "Ə": "E", "ß": "ss", "ø": "o", "đ": "d"})


def ascii_fold(text: str) -> str:
    """Latin letters without diacritics: how Exchange administrators spell mailbox names."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def login_part(text: str) -> str:
    """Lower-case ASCII letters and digits only, for user names and addresses."""
    return "".join(ch for ch in ascii_fold(text).lower() if ch.isascii() and ch.isalnum())


@dataclass(frozen=True)
class Person:
    """A fictional member of staff or correspondent."""

    name: str  # display name in Latin script
    native: str  # display name in the native script (same as `name` for Latin-script languages)
    given: str  # given name in the native script, for greetings
    first: str  # Latin given name, for addresses
    last: str  # Latin surname, for addresses
    lang: str
    title: str = ""
    dept: str = ""
    address: str = ""  # e-mail address, set once the organisation is known
    user: str = ""  # Windows logon name


def _pick(rng: random.Random, pool: list) -> tuple[str, str]:
    item = rng.choice(pool)
    return (item, item) if isinstance(item, str) else item


def make_person(rng: random.Random, lang: str) -> Person:
    """A random person whose name fits the language of the organisation."""
    female = rng.random() < 0.45
    if lang == "ar":
        first_n, first_l = _pick(rng, _AR_FIRST_F if female else _AR_FIRST_M)
        last_n, last_l = _pick(rng, _AR_LAST)
        return Person(f"{first_l} {last_l}", f"{first_n} {last_n}", first_n, first_l, last_l, lang)
    if lang == "ko":
        last_n, last_l = _pick(rng, _KO_LAST)
        given_n, given_l = _pick(rng, _KO_GIVEN)
        return Person(f"{last_l} {given_l}", f"{last_n}{given_n}", f"{last_n}{given_n}", given_l, last_l, lang)
    if lang == "ru":
        first_n, first_l = _pick(rng, _RU_FIRST_F if female else _RU_FIRST_M)
        last_n, last_l = _pick(rng, _RU_LAST)
        if female:
            last_n, last_l = last_n + "а", last_l + "a"
        return Person(f"{first_l} {last_l}", f"{first_n} {last_n}", first_n, first_l, last_l, lang)
    if lang == "ms":
        roll = rng.random()
        if roll < 0.15:
            full = rng.choice(_MS_CHINESE)
            parts = full.split()
            return Person(full, full, full, "".join(parts[1:]), parts[0], lang)
        if roll < 0.25:
            full = rng.choice(_MS_INDIAN)
            first, _, last = full.split()
            return Person(full, full, first, first, last, lang)
        first = rng.choice(_MS_FIRST_F if female else _MS_FIRST_M)
        full = f"{first} {'binti' if female else 'bin'} {rng.choice(_MS_FATHER)}"
        return Person(full, full, first.split()[0], first.replace(" ", ""), full.split()[-1], lang)
    pools = {
        "tr": (_TR_FIRST_M, _TR_FIRST_F, _TR_LAST),
        "az": (_AZ_FIRST_M, _AZ_FIRST_F, _AZ_LAST),
        "ro": (_RO_FIRST_M, _RO_FIRST_F, _RO_LAST),
    }
    males, females, lasts = pools.get(lang, (_EN_FIRST_M, _EN_FIRST_F, _EN_LAST))
    first = rng.choice(females if female else males)
    last = rng.choice(lasts)
    if lang == "az" and female and last.endswith("v"):
        last += "a"
    full = f"{first} {last}"
    return Person(full, full, first, first, last, lang)


def address_local(person: Person, style: str) -> str:
    """The local part of a mailbox address in the organisation's naming convention."""
    first, last = login_part(person.first), login_part(person.last)
    if style == "flast":
        return f"{first[:1]}{last}"
    if style == "first_last":
        return f"{first}_{last}"
    return f"{first}.{last}"
