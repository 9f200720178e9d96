"""Sensitivity detectors: markings in every language, mentions, TLP, labels, validated PII, network
details, private keys, content cues, per-case rules, malformed rule files and hostile input."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from stdnum import luhn
from stdnum.tr import tckimlik

from trovetriage.classify.sensitivity import (
    DEFAULT_RULES_DIR,
    ClassifySubject,
    RuleFileError,
    RuleSet,
    detect,
    item_level,
    load_rules,
)
from trovetriage.classify.sensitivity.fields import HEAD_CHARS
from trovetriage.classify.sensitivity.folding import FoldedText, fold_string
from trovetriage.core.classification import Category, Confidence, Finding, Level

PROSE = ("The delegation arrived on Monday and the programme was agreed.\n"
         "Further details will follow in the next report.\n")


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_rules()


def run(rules: RuleSet, text: str = "", title: str = "", regions: tuple[str, ...] = (), kind: str = "document",
        **metadata: object) -> list[Finding]:
    return detect(ClassifySubject(title=title, text=text, kind=kind, metadata=metadata), rules, regions)


def level_of(findings: list[Finding]) -> Level | None:
    return item_level(findings)[0]


def markings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.category is Category.MARKING and not f.rule.endswith(".mention")]


def mentions(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule.endswith(".mention")]


BANNER_MARKINGS = [
    # English, UK and corporate
    ("TOP SECRET", 4), ("SECRET", 3), ("CONFIDENTIAL", 2), ("RESTRICTED", 2), ("OFFICIAL-SENSITIVE", 2),
    ("OFFICIAL", 1), ("UNCLASSIFIED", 0), ("HIGHLY CONFIDENTIAL", 3),
    # Arabic
    ("سري للغاية", 4), ("سري جدا", 4), ("سري", 3), ("مكتوم", 2), ("محدود", 2),
    # Turkish
    ("ÇOK GİZLİ", 4), ("GİZLİ", 3), ("ÖZEL", 2), ("HİZMETE ÖZEL", 2), ("KİŞİYE ÖZEL", 2),
    # Azerbaijani
    ("TAM MƏXFİ", 4), ("MƏXFİ", 3), ("Xidməti istifadə üçün", 2),
    # Malay
    ("RAHSIA BESAR", 4), ("RAHSIA", 3), ("SULIT", 2), ("TERHAD", 2),
    # Romanian (comma and cedilla forms)
    ("STRICT SECRET DE IMPORTANȚĂ DEOSEBITĂ", 4), ("STRICT SECRET DE IMPORTANŢĂ DEOSEBITĂ", 4), ("STRICT SECRET", 3),
    ("SECRET DE SERVICIU", 2), ("NESECRET", 0),
    # Russian
    ("ОСОБОЙ ВАЖНОСТИ", 4), ("СОВЕРШЕННО СЕКРЕТНО", 4), ("СЕКРЕТНО", 3), ("ДСП", 2),
    ("ДЛЯ СЛУЖЕБНОГО ПОЛЬЗОВАНИЯ", 2),
    # French
    ("TRÈS SECRET", 4), ("SECRET DÉFENSE", 3), ("CONFIDENTIEL DÉFENSE", 2), ("DIFFUSION RESTREINTE", 2),
    # Korean
    ("1급비밀", 4), ("2급비밀", 3), ("3급비밀", 2), ("대외비", 2),
    # NATO and EU
    ("COSMIC TOP SECRET", 4), ("NATO SECRET", 3), ("NATO CONFIDENTIAL", 2), ("NATO RESTRICTED", 2),
    ("TRES SECRET UE/EU TOP SECRET", 4), ("SECRET UE/EU SECRET", 3), ("CONFIDENTIEL UE/EU CONFIDENTIAL", 2),
    ("RESTREINT UE/EU RESTRICTED", 2),
]


@pytest.mark.parametrize(("marking", "level"), BANNER_MARKINGS)
def test_marking_in_banner_position_gives_its_level(rules: RuleSet, marking: str, level: int) -> None:
    for text in (f"{marking}\n\n{PROSE}", f"{PROSE}\n{marking}\n"):
        findings = run(rules, text)
        assert level_of(findings) == level, (marking, findings)
        found = markings(findings)
        assert found and all(f.confidence is Confidence.HIGH for f in found)
        assert Category.MARKING in item_level(findings)[1]
    assert level_of(run(rules, PROSE, title=marking)) == level


@pytest.mark.parametrize("line", [
    "Classification: SECRET", "// SECRET //", "SECRET - For official use", "[SECRET]", "SECRET//NOFORN",
    "Secret", "SECRET - Page 2 of 7", "Gizlilik derecesi: GİZLİ", "Klasifikasi: RAHSIA", "COMPANY SECRET",
    "SECRET: visit of the minister", "Minutes of the meeting - SECRET", "(secret)",
])
def test_banner_shapes_of_ordinary_words(rules: RuleSet, line: str) -> None:
    assert level_of(run(rules, f"{line}\n{PROSE}")) == Level.SECRET


def test_distinctive_markings_may_share_a_line_in_capitals(rules: RuleSet) -> None:
    assert level_of(run(rules, f"TOP SECRET UMBRA\n{PROSE}")) == Level.CRITICAL
    assert level_of(run(rules, f"Top secret umbra\n{PROSE}")) == Level.INTERNAL  # a mention


def test_folded_offsets_map_back_to_the_original() -> None:
    text = "Stra\u00dfe \ufb01le \u0130stanbul a\u0301b \u0633\u0650\u0631\u0651"
    folded = FoldedText(text)
    assert folded.folded == "strasse file istanbul ab سر"
    for word in ("strasse", "file", "istanbul", "ab", "سر"):
        start = folded.folded.index(word)
        low, high = folded.span(start, start + len(word))
        assert fold_string(text[low:high]) == word
    assert FoldedText("plain ASCII").identity


def test_marking_offsets_point_at_the_original_words(rules: RuleSet) -> None:
    text = "\u200fسِرّيّ لِلْغَايَة\u200f\n" + PROSE
    (finding,) = markings(run(rules, text))
    assert text[finding.start:finding.end] == "سِرّيّ لِلْغَايَة"
    assert finding.excerpt == "سِرّيّ لِلْغَايَة"


@pytest.mark.parametrize(("text", "title"), [
    (f"The secret of success is hard work.\n{PROSE}", ""),
    (f"{PROSE}We kept the secret of the recipe for years, as everyone knows.\n{PROSE}", ""),
    (f"{PROSE}Bu gizli bir toplantı değildi ve herkes davetliydi.\n{PROSE}", ""),
    (f"{PROSE}Soalan ini sulit dijawab oleh pelajar di sekolah.\n{PROSE}", ""),
    (f"{PROSE}Nu este un secret pentru nimeni că proiectul a întârziat.\n{PROSE}", ""),
    (f"{PROSE}Это было секретно обсуждено на встрече министров вчера.\n{PROSE}", ""),
    (f"{PROSE}Regards,\nThis e-mail is confidential and intended solely for the addressee.", ""),
    (PROSE, "Secret Santa party on Friday"),
    (PROSE, "Top secret recipe for pancakes"),
    (f"{PROSE}Il a évoqué un dossier très secret lors du dîner avec ses amis.\n{PROSE}", ""),
    (f"SECRET SERVICE PROTECTION DETAIL\n{PROSE}", ""),  # letterheads in capitals
    (f"T.C.\nDIŞİŞLERİ BAKANLIĞI\nÖZEL KALEM MÜDÜRLÜĞÜ\n{PROSE}", ""),
    (f"TOP SECRET MEMO LEAKED, SAYS NEWSPAPER REPORT\n{PROSE}", ""),
])
def test_same_words_in_prose_are_only_mentions(rules: RuleSet, text: str, title: str) -> None:
    findings = run(rules, text, title=title)
    assert not markings(findings), findings
    assert mentions(findings)
    assert all(f.confidence is Confidence.LOW and f.level <= Level.INTERNAL for f in mentions(findings))
    level, categories = item_level(findings)
    assert level is not None and level <= Level.INTERNAL
    assert Category.MARKING not in categories


def test_words_inside_other_words_are_not_markings(rules: RuleSet) -> None:
    findings = run(rules, "kesulitan\nunclassifiable secretary\nسريع\n" + PROSE)
    assert not markings(findings)
    assert not [f for f in mentions(findings) if f.rule.startswith(("marking.ms", "marking.ar.secret"))]


@pytest.mark.parametrize("variant", ["GİZLİ", "Gizli", "GIZLI", "gızlı", "GİZLİ".lower(), "G\u0130ZL\u0130"])
def test_turkish_dotted_and_dotless_i_match(rules: RuleSet, variant: str) -> None:
    assert level_of(run(rules, f"{variant}\n{PROSE}")) == Level.SECRET
    assert level_of(run(rules, f"ÇOK {variant}\n{PROSE}")) == Level.CRITICAL


@pytest.mark.parametrize("variant", [
    "سري للغاية", "سِرّيّ لِلْغَايَة", "سري للغايه", "سرى للغاية", "سري للـــغاية", "\u200fسري للغاية\u200f",
    "سري\u200f للغاية",
])
def test_arabic_harakat_and_letter_variants_match(rules: RuleSet, variant: str) -> None:
    assert level_of(run(rules, f"{variant}\n{PROSE}")) == Level.CRITICAL


@pytest.mark.parametrize(("label", "level"), [
    ("TLP:RED", 3), ("TLP:AMBER+STRICT", 2), ("TLP:AMBER", 2), ("TLP:GREEN", 1), ("TLP:CLEAR", 0), ("TLP: RED", 3),
])
def test_tlp(rules: RuleSet, label: str, level: int) -> None:
    findings = run(rules, f"{label}\n{PROSE}")
    assert level_of(findings) == level
    assert markings(findings)[0].rule.startswith("marking.tlp.")


def test_tlp_in_prose_is_a_mention(rules: RuleSet) -> None:
    findings = run(rules, f"{PROSE}We usually share such reports as tlp:red with partners only.\n{PROSE}")
    assert not markings(findings) and level_of(findings) == Level.INTERNAL


@pytest.mark.parametrize(("name", "level", "rule"), [
    ("Highly Confidential", 3, "label.highly_confidential"),
    ("Confidential", 2, "label.confidential"),
    ("Confidential\\Finance", 2, "label.confidential"),
    ("internal", 1, "label.internal"),
    ("General", 1, "label.internal"),
    ("Public", 0, "label.public"),
    ("Secret", 3, "label.highly_confidential"),
    ("Çok Gizli", 4, "marking.tr.cok_gizli"),
    ("Project Falcon", 1, "label.other"),
])
def test_sensitivity_labels_from_metadata(rules: RuleSet, name: str, level: int, rule: str) -> None:
    labels = [{"label_id": "0c9f4f5d-1111-2222-3333-444455556666", "name": name, "tenant_id": "t-1", "enabled": "true"}]
    findings = run(rules, PROSE, sensitivity_labels=labels)
    assert level_of(findings) == level
    (finding,) = [f for f in findings if f.where == "metadata.sensitivity_labels"]
    assert finding.rule == rule and name in finding.excerpt


def test_removed_and_malformed_labels_are_ignored(rules: RuleSet) -> None:
    labels = [{"name": "Highly Confidential", "enabled": "false"}, "junk", None, {"name": 7}]
    findings = run(rules, PROSE, sensitivity_labels=labels)
    assert [f.rule for f in findings if f.where == "metadata.sensitivity_labels"] == ["label.other"]
    assert run(rules, PROSE, sensitivity_labels="Secret") == []


def test_header_and_footer_metadata_are_banner_position(rules: RuleSet) -> None:
    findings = run(rules, PROSE, footers=["Page 1", "RESTREINT UE/EU RESTRICTED"],
                   custom_properties={"Classification": "SECRET", "Owner": "TOP SECRET"})
    assert {f.rule for f in markings(findings)} == {"marking.eu.confidential", "marking.secret"}


def test_banner_lines_after_an_email_header_summary_and_around_page_breaks(rules: RuleSet) -> None:
    header = "From: a@mofa.example\nTo: b@mofa.example\nDate: 2024-01-02\nSubject: visit\n\n"
    assert level_of(run(rules, header + "SECRET\n" + PROSE * 20, kind="email")) == Level.SECRET
    pages = "\f".join(f"CONFIDENTIAL\n{PROSE * 10}Page {n}" for n in range(3))
    assert level_of(run(rules, "Cover\n" * 10 + pages + "\nend\n" * 10)) == Level.CONFIDENTIAL
    forwarded = PROSE * 10 + "-----Original Message-----\nSubject: SECRET - talking points\n" + PROSE * 10
    assert level_of(run(rules, forwarded)) == Level.SECRET


def test_repeated_running_header_counts_as_banner(rules: RuleSet) -> None:
    text = "".join(f"{PROSE * 5}NATO SECRET\n" for _ in range(4)) + PROSE * 10
    assert level_of(run(rules, "Title line\n" * 6 + text + "last line\n" * 6)) == Level.SECRET


def _card(prefix: str, length: int, rng: random.Random) -> str:
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return body + luhn.calc_check_digit(body)


def test_card_numbers_need_luhn_and_a_plausible_issuer(rules: RuleSet) -> None:
    findings = run(rules, "Card: 4111 1111 1111 1111, exp 12/27")
    (card,) = [f for f in findings if f.rule == "pii.card"]
    assert card.level == Level.CONFIDENTIAL and card.category is Category.PII
    assert card.excerpt == "4111 **** **** 1111"
    assert all("4111 1111 1111 1111" not in f.excerpt for f in findings)
    assert not [f for f in run(rules, "Card: 4111 1111 1111 1112") if f.rule == "pii.card"]
    bad_issuer = "1" + "234567890123"
    bad_issuer += luhn.calc_check_digit(bad_issuer)
    assert not [f for f in run(rules, f"Card: {bad_issuer}") if f.rule == "pii.card"]


def test_iban_mod97(rules: RuleSet) -> None:
    findings = run(rules, "Please pay to IBAN TR33 0006 1005 1978 6457 8413 26 THANKS")
    (iban,) = [f for f in findings if f.rule == "pii.iban"]
    assert iban.excerpt == "TR33 **** 1326" and level_of(findings) == Level.CONFIDENTIAL
    assert not [f for f in run(rules, "IBAN TR34 0006 1005 1978 6457 8413 26") if f.rule == "pii.iban"]


def test_tc_kimlik_checksum_and_context(rules: RuleSet) -> None:
    valid = "123456789" + tckimlik.calc_check_digits("123456789")
    invalid = valid[:-1] + str((int(valid[-1]) + 1) % 10)
    (found,) = [f for f in run(rules, f"TC Kimlik No: {valid}") if f.rule == "pii.tr_tckimlik"]
    assert found.confidence is Confidence.HIGH and valid not in found.excerpt
    assert not [f for f in run(rules, f"TC Kimlik No: {invalid}") if f.rule == "pii.tr_tckimlik"]
    assert not [f for f in run(rules, f"Order reference {valid}") if f.rule == "pii.tr_tckimlik"]


def test_phone_numbers_parse_and_validate(rules: RuleSet) -> None:
    international = [f for f in run(rules, "Call me on +90 312 555 12 34 tomorrow") if f.category is Category.PII]
    assert [f.excerpt for f in international] == ["+90 ********34"]
    assert not [f for f in run(rules, "Call me on +90 123 456 78 90") if f.category is Category.PII]
    national = "Tel: 0312 555 12 34"
    assert [f.rule for f in run(rules, national, regions=("TR",))] == ["pii.phone_national"]
    assert not run(rules, national)  # no region: a national number cannot be read
    assert not run(rules, "In 0312 555 12 34 cases", regions=("TR",))  # no phone word near it


def test_bulk_pii_makes_level_3(rules: RuleSet) -> None:
    rng = random.Random(7)
    cards = [_card("4", 16, rng) for _ in range(10)]
    findings = run(rules, "\n".join(f"customer {n}: {card}" for n, card in enumerate(cards)))
    assert level_of(findings) == Level.SECRET
    (bulk,) = [f for f in findings if f.rule == "pii.bulk"]
    assert bulk.category is Category.PII and bulk.excerpt.startswith("10 distinct records")
    nine = run(rules, "\n".join(f"customer {n}: {card}" for n, card in enumerate(cards[:9])))
    assert level_of(nine) == Level.CONFIDENTIAL and not [f for f in nine if f.rule == "pii.bulk"]
    repeated = run(rules, "\n".join(f"customer {n}: {cards[0]}" for n in range(30)))
    assert not [f for f in repeated if f.rule == "pii.bulk"]


def test_passport_numbers_only_next_to_a_keyword(rules: RuleSet) -> None:
    for keyword in ("Passport No.", "Pasaport no:", "паспорт", "جواز سفر رقم", "여권번호"):
        findings = run(rules, f"{keyword} U12345678 issued 2019")
        assert [f.rule for f in findings if f.category is Category.PII] == ["pii.passport"], keyword
    assert not run(rules, "Order U12345678 shipped")


def test_private_key_is_critical_and_its_body_never_shows(rules: RuleSet) -> None:
    rng = random.Random(3)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    body = "\n".join("".join(rng.choice(alphabet) for _ in range(64)) for _ in range(20))
    for kind in ("RSA ", "EC ", "OPENSSH ", "DSA ", "ENCRYPTED ", ""):
        key = f"-----BEGIN {kind}PRIVATE KEY-----\n{body}\n-----END {kind}PRIVATE KEY-----\n"
        findings = run(rules, f"SECRET\nkeys for the vpn\n{key}{PROSE}", title="keys")
        assert level_of(findings) == Level.CRITICAL
        (finding,) = [f for f in findings if f.rule == "secret.private_key"]
        assert finding.confidence is Confidence.HIGH and "****" in finding.excerpt
        pieces = {body.replace("\n", "")[i:i + 8] for i in range(0, len(body) - 20, 4)}
        assert not any(piece in f.excerpt for f in findings for piece in pieces)
    putty = "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 1\nAAAAIFakeButLongEnough\n"
    assert level_of(run(rules, putty)) == Level.CRITICAL


def test_firewall_and_router_configs_are_infrastructure(rules: RuleSet) -> None:
    cisco = ("hostname core-rtr1\nenable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0\n"
             "interface GigabitEthernet0/1\n ip address 10.10.1.1 255.255.255.0\n"
             "access-list 101 permit tcp any host 10.10.1.5 eq 443\n")
    findings = run(rules, cisco)
    assert level_of(findings) == Level.CONFIDENTIAL
    assert Category.INFRASTRUCTURE in item_level(findings)[1]
    assert all("hx5rVt7rPNoS4wqbXKX7m0" not in f.excerpt for f in findings)
    forti = "config firewall policy\n    edit 1\n        set srcintf port1\n    next\nend\n"
    assert {f.rule for f in run(rules, forti)} == {"infra.device_config"}
    psk = "config vpn ipsec phase1-interface\n    edit vpn-hq\n        set psksecret ENC Summer2024HQ!\n"
    findings = run(rules, psk)
    assert {"infra.vpn_psk", "infra.vpn_config"} <= {f.rule for f in findings}
    assert all("Summer2024HQ" not in f.excerpt for f in findings)
    assert {f.rule for f in run(rules, "iptables -A INPUT -p tcp --dport 22 -j ACCEPT")} == {"infra.device_config"}
    ad = "_ldap._tcp.dc._msdcs.corp.mofa.example\nCN=Admin,OU=IT,DC=corp,DC=mofa"
    assert {f.rule for f in run(rules, ad)} == {"infra.directory"}


def test_private_addresses_need_context_and_two_of_them(rules: RuleSet) -> None:
    near_hosts = "File server fs01.corp.local at 10.1.2.3, backup server at 10.1.2.4"
    assert {f.rule for f in run(rules, near_hosts)} == {"infra.private_addresses"}
    assert not run(rules, "Version 10.1.2.3 and 10.1.2.4 of the document were compared.")
    assert not run(rules, "File server at 10.1.2.3")


def test_ot_cues_need_two_distinct_cues(rules: RuleSet) -> None:
    findings = run(rules, "The SCADA server polls each PLC over Modbus/TCP.")
    assert level_of(findings) == Level.CONFIDENTIAL and item_level(findings)[1] == [Category.OT]
    assert not run(rules, "The SCADA upgrade was postponed.")
    assert not run(rules, "Shell plc hired a historian to write about the company.")


def test_diplomatic_and_commercial_cues_need_several(rules: RuleSet) -> None:
    cable = "The embassy delivered a note verbale on the memorandum of understanding; the ambassador will call."
    findings = run(rules, cable)
    assert level_of(findings) == Level.CONFIDENTIAL and Category.DIPLOMATIC in item_level(findings)[1]
    arabic = "سلمت السفارة مذكرة شفوية إلى وزارة الخارجية بشأن زيارة السفير"
    assert Category.DIPLOMATIC in item_level(run(rules, arabic))[1]
    assert not run(rules, "The embassy is closed on Friday.")
    commercial = "Attached are the tender documents, our pricing and the draft contract; the invoice follows."
    assert Category.COMMERCIAL in item_level(run(rules, commercial))[1]
    weak = run(rules, "The tender, the contract and the invoice.")
    assert level_of(weak) == Level.CONFIDENTIAL and item_level(weak)[1] == []  # three cues: low confidence


def test_item_level() -> None:
    assert item_level([]) == (None, [])
    findings = [Finding("a", Category.PII, Level.CONFIDENTIAL, Confidence.HIGH, "text", "x"),
                Finding("b.mention", Category.MARKING, Level.INTERNAL, Confidence.LOW, "text", "x"),
                Finding("c", Category.OT, Level.CONFIDENTIAL, Confidence.MEDIUM, "text", "x")]
    assert item_level(findings) == (Level.CONFIDENTIAL, [Category.PII, Category.OT])


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_per_case_rules_override_by_id_and_add(tmp_path: Path) -> None:
    case = tmp_path / "rules"
    _write(case, "romania.toml", """
[[rule]]
id = "marking.secret"
level = 2

[[rule]]
id = "case.codeword"
kind = "marking"
category = "marking"
level = 4
confidence = "high"
terms = ["NIGHTJAR"]
""")
    rules = load_rules(case)
    assert rules.by_id["marking.secret"].level == Level.CONFIDENTIAL
    assert rules.by_id["marking.secret"].terms == load_rules().by_id["marking.secret"].terms
    assert level_of(run(rules, f"SECRET\n{PROSE}")) == Level.CONFIDENTIAL
    assert level_of(run(rules, f"NIGHTJAR\n{PROSE}")) == Level.CRITICAL
    _write(case, "takeover.toml", '[[rule]]\nid = "case.mine"\nkind = "marking"\ncategory = "marking"\nlevel = 1\n'
                                  'confidence = "high"\nterms = ["SULIT"]\n')
    assert level_of(run(load_rules(case), f"SULIT\n{PROSE}")) == Level.INTERNAL
    _write(case, "off.toml", '[[rule]]\nid = "pii.card"\nenabled = false\n')
    assert not run(load_rules(case), "Card: 4111 1111 1111 1111")


@pytest.mark.parametrize(("text", "words"), [
    ('[[rule]]\nid = "x.bad"\nkind = "marking"\ncategory = "marking"\nlevel = 7\nconfidence = "high"\nterms = ["A"]\n',
     ["x.bad", "level"]),
    ('[[rule]]\nid = "x.bad"\nkind = "marking"\ncategory = "marking"\nlevel = 1\nconfidence = "sure"\nterms = ["A"]\n',
     ["x.bad", "confidence"]),
    ('[[rule]]\nid = "x.bad"\nkind = "regex"\ncategory = "pii"\nlevel = 1\nconfidence = "high"\npatterns = ["(a"]\n',
     ["x.bad", "regular expression"]),
    ('[[rule]]\nid = "x.bad"\nkind = "validator"\ncategory = "pii"\nlevel = 1\nconfidence = "high"\n'
     'validator = "nope"\npatterns = ["a"]\n', ["x.bad", "validator"]),
    ('[[rule]]\nid = "x.bad"\nkind = "marking"\ncategory = "marking"\nlevel = 1\nconfidence = "high"\n'
     'terms = ["A"]\ncolour = "red"\n', ["x.bad", "colour"]),
    ('[[rule]]\nid = "x.bad"\nkind = "marking"\ncategory = "marking"\nconfidence = "high"\nterms = ["A"]\n',
     ["x.bad", "level"]),
    ('[[rule]]\nid = "x.bad"\nkind = "keywords"\ncategory = "spies"\nlevel = 1\nconfidence = "high"\nterms = ["A"]\n',
     ["x.bad", "category"]),
    ('[[rule]]\nid = "x.bad"\nkind = "marking"\ncategory = "marking"\nlevel = 1\nconfidence = "high"\nterms = "A"\n',
     ["x.bad", "terms"]),
    ('[[rule]]\nid = "x.bad"\nkind = "marking"\ncategory = "marking"\nlevel = 1\nconfidence = "high"\n'
     'terms = ["SECRET"]\n', ["x.bad", "marking.secret"]),
    ("[[rule]\nid = 1\n", ["TOML"]),
    ("[[rule]]\nlevel = 1\n", ["id"]),
    ("[something]\n", ["something"]),
])
def test_malformed_rule_file_raises_a_clear_error(tmp_path: Path, text: str, words: list[str]) -> None:
    base = tmp_path / "base"
    for path in DEFAULT_RULES_DIR.glob("*.toml"):
        _write(base, path.name, path.read_text(encoding="utf-8"))
    bad = _write(base, "zz_bad.toml", text)
    with pytest.raises(RuleFileError) as caught:
        load_rules(base_dir=base)
    message = str(caught.value)
    assert bad.name in message
    assert all(word in message for word in words), message


def test_duplicate_ids_in_one_tier_name_both_files(tmp_path: Path) -> None:
    rule = '[[rule]]\nid = "x.same"\nkind = "marking"\ncategory = "marking"\nlevel = 1\nconfidence = "high"\n'
    _write(tmp_path, "a.toml", rule + 'terms = ["ALPHA"]\n')
    _write(tmp_path, "b.toml", rule + 'terms = ["BETA"]\n')
    with pytest.raises(RuleFileError, match=r"b\.toml.*x\.same.*a\.toml"):
        load_rules(base_dir=tmp_path)
    with pytest.raises(RuleFileError, match="not a folder"):
        load_rules(tmp_path / "missing")


def test_a_20_mb_text_is_bounded_and_its_ends_are_read(rules: RuleSet) -> None:
    line = "The quarterly figures were discussed with the regional managers 2024.\n"
    body = line * (20_000_000 // len(line))
    findings = run(rules, "TOP SECRET\n" + body + "+90 312 555 12 34\nNATO SECRET\n")
    assert {"marking.en.top_secret", "marking.nato.secret", "pii.phone_international"} <= {f.rule for f in findings}
    tail = next(f for f in findings if f.rule == "marking.nato.secret")
    assert tail.start is not None and tail.start > 20_000_000 - 100
    hidden = run(rules, line * (HEAD_CHARS // len(line) + 10) + "Card: 4111 1111 1111 1111\n" + body)
    assert not [f for f in hidden if f.rule == "pii.card"]  # the middle of a huge text is not read


def test_hostile_input_never_breaks_detection(rules: RuleSet) -> None:
    assert run(rules) == []
    nul = run(rules, "SECRET\x00\n" + "\x00" * 10_000 + PROSE)
    assert level_of(nul) == Level.SECRET
    # a bidi override shows "TOP SECRET" but holds "TERCES POT": not read as a marking
    rtl = "\u202eTERCES POT\u202c\n\u200f\u200fسري\u200f\n" + PROSE
    assert level_of(run(rules, rtl)) == Level.SECRET
    assert all(ch not in f.excerpt for f in run(rules, rtl) for ch in "\u202e\u202c\u200f\x00")
    surrogate = "SECRET \udcff\n" + "\udcfe" * 100 + PROSE
    assert level_of(run(rules, surrogate)) == Level.SECRET
    one_line = "secret " * 300_000 + "x" * 1_000_000
    assert level_of(run(rules, one_line)) == Level.PUBLIC
    digits = "\n".join(str(10**12 + n * 7919) for n in range(100_000))
    run(rules, digits, regions=("TR", "RO", "MY"))
    odd = ClassifySubject(title=None, text=None, metadata=None, recipients=None, kind=None)  # type: ignore[arg-type]
    assert detect(odd, rules, regions=None) == []  # type: ignore[arg-type]
    deep = run(rules, "((((" * 50_000 + "\nTLP:RED")
    assert level_of(deep) == Level.SECRET


def test_a_backtracking_case_pattern_is_cut_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from trovetriage.classify.sensitivity import matching

    monkeypatch.setattr(matching, "PATTERN_TIMEOUT", 0.05)
    _write(tmp_path, "slow.toml", '[[rule]]\nid = "case.slow"\nkind = "regex"\ncategory = "ot"\nlevel = 2\n'
                                  "confidence = \"low\"\npatterns = ['(a|aa)+$']\n")
    findings = run(load_rules(tmp_path), "SECRET\n" + "a" * 40 + "b")
    assert [f.rule for f in findings] == ["marking.secret"]
