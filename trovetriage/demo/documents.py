"""Loose documents (.txt, .html, .csv) and credential files, each with its ground truth node.

Text files come in the encodings real shares hold: UTF-8 with and without BOM, UTF-16 from
Notepad, and the legacy code page of the writer's language, so charset detection gets exercised.
Credential files are all fake: random passwords, random hex hashes, random key bytes.
"""

from __future__ import annotations

import base64
import html
import random
from dataclasses import dataclass
from datetime import datetime

from trovetriage.demo.charsets import LEGACY, encode, pick_file_encoding
from trovetriage.demo.content import Composer, format_date, make_password
from trovetriage.demo.letters import Marking, pick_marking
from trovetriage.demo.names import Person, login_part, make_person
from trovetriage.demo.truth import Node, Truth


@dataclass
class Doc:
    """A generated file: its bytes, the MIME type for attaching it, and its ground truth."""

    name: str
    data: bytes
    mime: str
    charset: str | None
    node: Node


def _text_doc(rng: random.Random, name: str, text: str, lang: str, truth: Truth, kind: str = "text") -> Doc:
    data, charset = encode(text, pick_file_encoding(rng, lang, allow_utf16=True))
    return Doc(name, data, "text/plain", charset, Node(name, kind, truth))


def memo_txt(comp: Composer, topic: str, marking: Marking | None, author: Person, org_name: str,
             when: datetime, number: int) -> Doc:
    """An internal memorandum with banner lines at the top and bottom when marked."""
    truth = Truth(1)
    ref = comp.fill("{ref}", truth)
    subject = comp.subject(topic, truth)
    lines = [marking.text, ""] if marking else []
    lines += ["MEMORANDUM", "", f"To: {comp.fill('{dept}', truth)}", f"From: {comp.person_name(author)}",
              f"Date: {format_date(when, comp.lang)}", f"Ref.: {ref}", f"Subject: {subject}", ""]
    for paragraph in range(comp.rng.randint(3, 6)):
        if paragraph and comp.exhausted(topic):
            break
        lines += [comp.paragraph(topic, truth), ""]
    lines += [comp.person_name(author), author.title, org_name]
    if marking:
        lines += ["", marking.text]
        truth.mark(marking.level)
    prefix = {"diplomatic": "note", "commercial": "bid", "routine": "memo", "financial": "payment",
              "infrastructure": "it_change", "ot": "ot_note", "pii": "personnel", "cred": "access"}[topic]
    return _text_doc(comp.rng, f"{prefix}_{when:%Y%m%d}_{number:03d}.txt", "\n".join(lines) + "\n", comp.lang,
                     truth)


def minutes_txt(comp: Composer, author: Person, org_name: str, when: datetime, number: int) -> Doc:
    """Minutes of an ordinary meeting: internal, nothing sensitive."""
    truth = Truth(1)
    lines = [f"{org_name}", f"Minutes of the coordination meeting - {format_date(when, 'en')}", "",
             "Present: " + ", ".join(comp.person_name(comp.rng.choice(comp.org.staff)) for _ in range(4)), ""]
    for item in range(1, comp.rng.randint(4, 7)):
        lines += [f"Item {item}. {comp.paragraph('routine', truth, min_chars=120, max_sentences=3)}", ""]
    lines.append(f"Minutes taken by {comp.person_name(author)}.")
    return _text_doc(comp.rng, f"minutes_{when:%Y%m%d}_{number:03d}.txt", "\n".join(lines) + "\n", comp.lang,
                     truth)


def report_html(comp: Composer, topic: str, marking: Marking | None, author: Person, org_name: str,
                when: datetime, number: int) -> Doc:
    """An HTML report whose author and company metadata point at the victim."""
    truth = Truth(1)
    title = comp.subject(topic, truth)
    direction = ' dir="rtl"' if comp.lang == "ar" else ""
    body = [f"<h1>{html.escape(title)}</h1>"]
    if marking:
        body.insert(0, f'<div class="header" style="text-align:center"><b>{html.escape(marking.text)}</b></div>')
    for paragraph in range(comp.rng.randint(3, 6)):
        if paragraph and comp.exhausted(topic):
            break
        body.append(f"<p>{html.escape(comp.paragraph(topic, truth))}</p>")
    body.append(f"<p><i>{html.escape(comp.person_name(author))}, {html.escape(org_name)}</i></p>")
    if marking:
        body.append(f'<div class="footer" style="text-align:center"><b>{html.escape(marking.text)}</b></div>')
        truth.mark(marking.level)
    charset = "utf-8" if comp.rng.random() < 0.7 else (LEGACY.get(comp.lang) or ("utf-8",))[0]
    page = (f'<!DOCTYPE html>\n<html lang="{comp.lang}">\n<head>\n<meta charset="{charset}">\n'
            f"<title>{html.escape(title)}</title>\n"
            f'<meta name="author" content="{html.escape(author.name)}">\n'
            f'<meta name="company" content="{html.escape(org_name)}">\n'
            f"</head>\n<body{direction}>\n" + "\n".join(body) + "\n</body>\n</html>\n")
    data, used = encode(page, charset)
    if used != charset:
        data = page.replace(f'<meta charset="{charset}">', '<meta charset="utf-8">').encode("utf-8")
    name = f"report_{topic}_{when:%Y%m%d}_{number:03d}.html"
    return Doc(name, data, "text/html", used, Node(name, "document", truth))


def press_html(comp: Composer, org_name: str, when: datetime, number: int) -> Doc:
    """A published press release: public (level 0) even though it sits on the victim's share."""
    truth = Truth(0)
    title = comp.subject("newsletter", truth)
    items = "\n".join(f"<li>{html.escape(comp.sentence('newsletter', truth))}</li>"
                      for item in range(comp.rng.randint(4, 8))
                      if item < 3 or not comp.exhausted("newsletter"))
    page = (f'<!DOCTYPE html>\n<html lang="{comp.lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n</head>\n<body>\n<h1>{html.escape(org_name)}</h1>\n"
            f"<h2>{html.escape(title)}</h2>\n<ul>\n{items}\n</ul>\n"
            "<script>document.write('tracking');</script>\n</body>\n</html>\n")
    name = f"press_{when:%Y%m%d}_{number:03d}.html"
    return Doc(name, page.encode("utf-8"), "text/html", "utf-8", Node(name, "document", truth))


def _csv(rows: list[list[str]]) -> str:
    def cell(value: str) -> str:
        return f'"{value.replace(chr(34), chr(34) * 2)}"' if any(c in value for c in ',"\n') else value

    return "".join(",".join(cell(value) for value in row) + "\r\n" for row in rows)


def _csv_doc(comp: Composer, name: str, rows: list[list[str]], truth: Truth) -> Doc:
    charset = "utf-8-sig" if comp.rng.random() < 0.5 else pick_file_encoding(comp.rng, comp.lang, False)
    data, used = encode(_csv(rows), charset)
    return Doc(name, data, "text/csv", used, Node(name, "spreadsheet", truth))


def staff_csv(comp: Composer, when: datetime, number: int) -> Doc:
    """A personnel export: bulk personal data (level 3) with bank accounts."""
    truth = Truth(1)
    rows = [["name", "email", "mobile", "passport", "national_id", "date_of_birth", "bank_account"]]
    for _ in range(comp.rng.randint(12, 40)):
        person = comp.rng.choice(comp.org.staff)
        rows.append([person.name, person.address, comp.fill("{phone}", truth), comp.fill("{passport}", truth),
                     comp.fill("{natid}", truth), comp.fill("{dob}", truth), comp.fill("{account}", truth)])
    truth.add("pii", 3)
    return _csv_doc(comp, f"staff_export_{when:%Y%m%d}_{number:03d}.csv", rows, truth)


def contacts_csv(comp: Composer, when: datetime, number: int) -> Doc:
    """The internal address book: names, titles, office e-mail. Internal, not personal data."""
    truth = Truth(1)
    rows = [["display_name", "title", "department", "email"]]
    for person in comp.rng.sample(comp.org.staff, min(len(comp.org.staff), comp.rng.randint(10, 30))):
        rows.append([person.name, person.title, person.dept, person.address])
    return _csv_doc(comp, f"address_book_{when:%Y%m%d}_{number:03d}.csv", rows, truth)


def network_csv(comp: Composer, when: datetime, number: int) -> Doc:
    """A server inventory with addresses and roles: network details (level 2)."""
    truth = Truth(1)
    rows = [["hostname", "ip_address", "os", "role", "vlan"]]
    for _ in range(comp.rng.randint(10, 35)):
        rows.append([comp.fill("{host}", truth), comp.fill("{ip}", truth),
                     comp.rng.choice(["Windows Server 2012 R2", "Windows Server 2016", "Windows Server 2008 R2",
                                      "CentOS 7", "FortiOS 6.0", "Cisco IOS 15.2"]),
                     comp.rng.choice(["domain controller", "file server", "Exchange mailbox", "VPN gateway",
                                      "SQL server", "backup", "proxy", "print server"]),
                     comp.fill("{vlan}", truth)])
    return _csv_doc(comp, f"server_inventory_{when:%Y%m%d}_{number:03d}.csv", rows, truth)


def scada_csv(comp: Composer, when: datetime, number: int) -> Doc:
    """An OT asset list: PLCs and RTUs with process-network addresses (ot + infrastructure)."""
    truth = Truth(1)
    truth.add("ot", 2)
    rows = [["tag", "station", "device", "model", "ip_address", "firmware"]]
    for index in range(comp.rng.randint(10, 30)):
        rows.append([f"{comp.rng.choice(['PLC', 'RTU', 'HMI', 'FC'])}-{index + 100}", comp.fill("{station}", truth),
                     comp.rng.choice(["compressor control", "ESD logic", "metering", "valve actuation",
                                      "telemetry"]),
                     comp.rng.choice(["Siemens S7-1500", "Schneider M580", "ABB AC800M", "Emerson ROC800",
                                      "Allen-Bradley ControlLogix 5580"]),
                     comp.fill("{plc_ip}", truth), f"V{comp.rng.randint(1, 4)}.{comp.rng.randint(0, 9)}."
                                                   f"{comp.rng.randint(0, 20)}"])
    return _csv_doc(comp, f"ot_assets_{when:%Y%m%d}_{number:03d}.csv", rows, truth)


def tender_csv(comp: Composer, when: datetime, number: int) -> Doc:
    """A bid evaluation sheet: prices and scores of competing bidders (commercial)."""
    truth = Truth(1)
    truth.add("commercial", 2)
    ref = comp.fill("{ref}", truth)
    rows = [["tender", "bidder", "offer", "technical_score", "rank"]]
    bidders = comp.rng.sample(list(range(12)), comp.rng.randint(3, 7))
    for rank, _ in enumerate(bidders, start=1):
        rows.append([ref, comp.fill("{partner}", truth), comp.fill("{amount}", truth), str(comp.rng.randint(55, 98)),
                     str(rank)])
    return _csv_doc(comp, f"bid_evaluation_{when:%Y%m%d}_{number:03d}.csv", rows, truth)


def budget_csv(comp: Composer, when: datetime, number: int) -> Doc:
    """Budget lines and supplier accounts (financial)."""
    truth = Truth(1)
    truth.add("financial", 2)
    rows = [["line", "description", "amount", "payee_account"]]
    for line in range(1, comp.rng.randint(8, 25)):
        rows.append([str(line), comp.rng.choice(["travel", "consultancy", "equipment", "maintenance", "training",
                                                 "rent", "licences", "catering"]),
                     comp.fill("{amount}", truth), comp.fill("{account_org}", truth)])
    return _csv_doc(comp, f"budget_{when:%Y%m%d}_{number:03d}.csv", rows, truth)


def make_document(comp: Composer, topic: str, author: Person, org_name: str, when: datetime, number: int) -> Doc:
    """A document that fits `topic`; memos and reports may carry the topic's usual banner."""
    rng = comp.rng
    victim = comp.victim
    marking = pick_marking(rng, victim, comp.lang, topic)
    roll = rng.random()
    if topic == "newsletter":
        return press_html(comp, org_name, when, number)
    if topic == "pii":
        return staff_csv(comp, when, number) if roll < 0.6 else memo_txt(comp, "pii", marking, author, org_name,
                                                                          when, number)
    if topic == "routine":
        if roll < 0.4:
            return minutes_txt(comp, author, org_name, when, number)
        if roll < 0.6:
            return contacts_csv(comp, when, number)
        return memo_txt(comp, "routine", None, author, org_name, when, number)
    table = {"infrastructure": network_csv, "ot": scada_csv, "commercial": tender_csv, "financial": budget_csv}
    if topic in table and roll < 0.45:
        return table[topic](comp, when, number)
    if roll < 0.75:
        return memo_txt(comp, topic, marking, author, org_name, when, number)
    return report_html(comp, topic, marking, author, org_name, when, number)


# ----- credentials ----------------------------------------------------------------------------------------

_LM_EMPTY = "aad3b435b51404eeaad3b435b51404ee"  # the well-known LM hash of an empty password


def _hex(rng: random.Random, length: int = 32) -> str:
    return f"{rng.getrandbits(length * 4):0{length}x}"


def email_password_list(comp: Composer, number: int) -> Doc:
    """`email:password` lines, as harvested from a webmail login page (credentials in clear)."""
    rng = comp.rng
    lines = [f"{person.address}:{comp.fill('{password}', None)}"
             for person in rng.sample(comp.org.staff, min(len(comp.org.staff), rng.randint(15, 45)))]
    if rng.random() < 0.5:
        lines.insert(0, f"# owa {comp.victim.domain} {rng.randint(2018, 2020)}")
    truth = Truth(1)
    truth.add("credentials", 3)
    name = f"owa_{comp.victim.netbios.lower()}_{number:02d}.txt"
    return Doc(name, ("\n".join(lines) + "\n").encode("utf-8"), "text/plain", "utf-8",
               Node(name, "credentials", truth))


def domain_password_list(comp: Composer, number: int) -> Doc:
    """`DOMAIN\\user:password` lines from a credential-dumping tool (credentials in clear)."""
    rng = comp.rng
    netbios = comp.victim.netbios
    accounts = [person.user for person in rng.sample(comp.org.staff, min(len(comp.org.staff), rng.randint(10, 30)))]
    accounts += [f"svc_{rng.choice(['backup', 'sql', 'exchsync', 'scan', 'sccm'])}"]
    lines = [f"{netbios}\\{user}:{comp.fill('{password}', None)}" for user in accounts]
    truth = Truth(1)
    truth.add("credentials", 3)
    name = f"logonpasswords_{number:02d}.txt"
    return Doc(name, ("\r\n".join(lines) + "\r\n").encode("utf-8"), "text/plain", "utf-8",
               Node(name, "credentials", truth))


def ntds_dump(comp: Composer, number: int, with_admin: bool) -> Doc:
    """A pwdump/NTDS-style hash dump `DOMAIN\\user:RID:LM:NT:::` (fake hex).

    With the built-in Administrator (RID 500) and krbtgt (RID 502) it is a domain-admin dump:
    level 4. Without them it is a partial user dump: credentials, level 3.
    """
    rng = comp.rng
    netbios = comp.victim.netbios
    lines: list[str] = []
    if with_admin:
        lines += [f"{netbios}\\Administrator:500:{_LM_EMPTY}:{_hex(rng)}:::",
                  f"{netbios}\\Guest:501:{_LM_EMPTY}:31d6cfe0d16ae931b73c59d7e0c089c0:::",
                  f"{netbios}\\krbtgt:502:{_LM_EMPTY}:{_hex(rng)}:::",
                  f"{netbios}\\DefaultAccount:503:{_LM_EMPTY}:31d6cfe0d16ae931b73c59d7e0c089c0:::"]
    rid = rng.randint(1100, 1400)
    for person in rng.sample(comp.org.staff, min(len(comp.org.staff), rng.randint(20, 60))):
        rid += rng.randint(1, 9)
        lm = _LM_EMPTY if rng.random() < 0.9 else _hex(rng)
        lines.append(f"{netbios}\\{person.user}:{rid}:{lm}:{_hex(rng)}:::")
    for _ in range(rng.randint(3, 8)):
        rid += rng.randint(1, 9)
        lines.append(f"{netbios}\\WS-{rng.randint(1000, 9999)}$:{rid}:{_LM_EMPTY}:{_hex(rng)}:::")
    truth = Truth(1)
    truth.add("credentials", 4 if with_admin else 3)
    name = f"ntds_{comp.victim.ad_domain.split('.')[0]}_{number:02d}.txt" if with_admin else \
        f"hashes_partial_{number:02d}.txt"
    return Doc(name, ("\n".join(lines) + "\n").encode("ascii"), "text/plain", "us-ascii",
               Node(name, "credentials", truth))


def browser_passwords_csv(comp: Composer, number: int) -> Doc:
    """A browser password export (url,username,password) from one user's workstation."""
    rng = comp.rng
    victim = comp.victim
    owner = rng.choice(comp.org.staff)
    urls = [f"https://owa.{victim.domain}/owa/auth/logon.aspx", f"https://vpn.{victim.domain}/remote/login",
            f"https://intranet.{victim.ad_domain}/", f"http://{comp.fill('{ip}', None)}/admin/",
            "https://login.microsoftonline.com/", "https://www.linkedin.com/login",
            f"https://hr.{victim.domain}/selfservice", "https://portal.azure.com/"]
    rows = [["url", "username", "password"]]
    chosen = [urls[3], *rng.sample(urls[:3] + urls[4:], rng.randint(3, len(urls) - 1))]
    for url in chosen:
        user = owner.address if "microsoft" in url or "linkedin" in url or "azure" in url else owner.user
        rows.append([url, user, comp.fill("{password}", None)])
    truth = Truth(1)
    truth.add("credentials", 3)
    truth.add("infrastructure", 2)  # internal host names and an admin address on the LAN
    name = f"chrome_passwords_{owner.user}_{number:02d}.csv"
    return Doc(name, _csv(rows).encode("utf-8"), "text/csv", "utf-8", Node(name, "credentials", truth))


def private_key(comp: Composer, number: int) -> Doc:
    """A VPN client private key in PEM armour (random bytes, not a usable key): level 4."""
    rng = comp.rng
    blob = base64.b64encode(bytes(rng.getrandbits(8) for _ in range(1190))).decode("ascii")
    lines = ["-----BEGIN RSA PRIVATE KEY-----", *[blob[i:i + 64] for i in range(0, len(blob), 64)],
             "-----END RSA PRIVATE KEY-----"]
    truth = Truth(1)
    truth.add("credentials", 4)
    truth.add("infrastructure", 2)
    name = f"vpn_client_{number:02d}.key"
    return Doc(name, ("\n".join(lines) + "\n").encode("ascii"), "application/x-pem-file", None,
               Node(name, "credentials", truth))


def combo_list(rng: random.Random, people: list[Person], number: int) -> Doc:
    """A mixed `email:password` combo list spanning many organisations: no single victim."""
    lines = []
    for person in people:
        lines.append(f"{person.address}:{make_password(rng)}")
    for _ in range(rng.randint(20, 60)):
        someone = make_person(rng, rng.choice(["en", "tr", "ms", "ro"]))
        domain = rng.choice(["gmail.com", "yahoo.com", "hotmail.com", "mail.ru", "outlook.com"])
        lines.append(f"{login_part(someone.first)}.{login_part(someone.last)}{rng.randint(1, 99)}@{domain}:"
                     f"{make_password(rng)}")
    rng.shuffle(lines)
    truth = Truth(1)
    truth.add("credentials", 3)
    name = f"combo_{number:02d}.txt"
    return Doc(name, ("\n".join(lines) + "\n").encode("utf-8"), "text/plain", "utf-8",
               Node(name, "credentials", truth))
