"""Credential dumps and credentials in prose (classify/credentials): every layout, hash identification
in context, privilege flags, masking, de-duplication, findings and hostile input."""

from __future__ import annotations

import io
import os
import random
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import pytest

from trovetriage.classify.credentials import (
    EMPTY_LM,
    EMPTY_NT,
    CredentialSummary,
    DumpFormat,
    HashContext,
    Layout,
    bounded_lines,
    credential_findings,
    detect_format,
    find_inline_credentials,
    identify_hash,
    parse_dump,
    summarize,
)
from trovetriage.classify.credentials.accounts import admin_by_name
from trovetriage.classify.credentials.records import Parsed, RecordFactory
from trovetriage.core.classification import Category, Confidence, CredentialRecord, Level

KEY = b"case-key-0123456789abcdef"
NT_PASSWORD = "8846f7eaee8fb117ad06bdd830b7586c"  # NT hash of "password"
LM_HASH = "e52cac67419a9a224a3b108f3fa6cb6d"
B64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def records(lines: list[str], fmt: DumpFormat | None = None) -> list[CredentialRecord]:
    return list(parse_dump(lines, KEY, fmt))


def fingerprint(account: str, domain: str, kind: str, secret: str) -> str:
    return RecordFactory(KEY).fingerprint(account, domain, kind, secret)


def crypt_tail(length: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(B64) for _ in range(length))


def hexstr(length: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice("0123456789abcdef") for _ in range(length))


def assert_no_secret(secrets: list[str], *objects: object) -> None:
    """No clear secret in the repr or as_dict of any record, finding or summary."""
    for obj in objects:
        texts = [repr(obj)]
        as_dict = getattr(obj, "as_dict", None)
        if as_dict is not None:
            texts.append(repr(as_dict()))
        for text in texts:
            for secret in secrets:
                assert secret not in text, f"clear secret leaked into {type(obj).__name__}"


# -- combo lists -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sep", [":", ";", "|", "\t", ","])
def test_combo_email_pass_with_each_separator(sep: str) -> None:
    lines = [f"alice@corp.example{sep}Summer2024!", f"bob.smith@mofa.gov.example{sep}Qwerty#77",
             f"carol@mail.example{sep}Tr0ub4dor&3"]
    fmt = detect_format(lines)
    assert fmt is not None and fmt.layout is Layout.COMBO and fmt.separator == sep
    got = records(lines)
    assert [(r.account, r.domain, r.kind, r.source_format, r.line) for r in got] == [
        ("alice@corp.example", "corp.example", "plaintext", "combo", 1),
        ("bob.smith@mofa.gov.example", "mofa.gov.example", "plaintext", "combo", 2),
        ("carol@mail.example", "mail.example", "plaintext", "combo", 3),
    ]
    assert got[0].fingerprint == fingerprint("alice@corp.example", "corp.example", "plaintext", "Summer2024!")
    assert got[0].secret_masked == "Sum****"


def test_combo_header_line_is_not_a_credential() -> None:
    lines = ["email:password", "alice@corp.example:Pw-1111", "bob@corp.example:Pw-2222"]
    assert [r.line for r in records(lines)] == [2, 3]


def test_user_pass_combo_and_domain_user() -> None:
    lines = ["jdoe:Welcome1", "msmith:Autumn2023", "CORP\\adm-jdoe:P@ssw0rd!", "# comment", "", "kwong:Hunter22"]
    fmt = detect_format(lines)
    assert fmt == DumpFormat(Layout.COMBO, separator=":", score=1.0)
    got = records(lines)
    assert [(r.account, r.domain, r.line) for r in got] == [
        ("jdoe", "", 1), ("msmith", "", 2), ("adm-jdoe", "CORP", 3), ("kwong", "", 6)]
    assert got[2].privileged and not got[0].privileged


def test_separator_chosen_by_consistency_not_per_line() -> None:
    """A ';' list whose passwords contain ':' keeps every password whole."""
    lines = ["alice@corp.example;pa:ss:word1", "bob@corp.example;Str0ng;Pass", "carol@corp.example;x:y:z:99",
             "dave@corp.example;Plain4321", "erin@corp.example;a:b"]
    fmt = detect_format(lines)
    assert fmt is not None and fmt.separator == ";"
    got = records(lines)
    assert got[0].fingerprint == fingerprint("alice@corp.example", "corp.example", "plaintext", "pa:ss:word1")
    assert got[1].fingerprint == fingerprint("bob@corp.example", "corp.example", "plaintext", "Str0ng;Pass")
    assert got[2].fingerprint == fingerprint("carol@corp.example", "corp.example", "plaintext", "x:y:z:99")
    # ... and a ':' list whose passwords contain ';' the other way round.
    colon = ["alice@corp.example:pa;ss", "bob@corp.example:Plain1", "carol@corp.example:x;y"]
    fmt = detect_format(colon)
    assert fmt is not None and fmt.separator == ":"
    assert records(colon)[0].fingerprint == fingerprint("alice@corp.example", "corp.example", "plaintext", "pa;ss")


def test_combo_with_hashed_secrets_identifies_the_hash() -> None:
    bcrypt = "$2y$10$" + crypt_tail(53)
    lines = [f"alice@shop.example:{bcrypt}", "bob@shop.example:5f4dcc3b5aa765d61d8327deb882cf99",
             "carol@shop.example:Plain-text-1"]
    got = records(lines)
    assert [r.kind for r in got] == ["bcrypt", "md5", "plaintext"]
    assert got[1].context == {"identified_by": "length"}


# -- ULP -----------------------------------------------------------------------------------------------------


def test_ulp_with_ports_and_both_orders() -> None:
    lines = [
        "https://vpn.corp.example:8443/remote/login:jdoe:Pa:ss1",
        "mail.corp.example/owa:jsmith@corp.example:Secret2",
        "jdoe@corp.example:Secret3:https://portal.corp.example:8080/sso?token=abc#frag",
        "http://10.0.0.5:8080/manager/html:tomcat:s3cret",
        "android://cert==@com.example.app/:+15550100:pin7788",
    ]
    fmt = detect_format(lines)
    assert fmt is not None and fmt.layout is Layout.ULP and fmt.separator == ":"
    got = records(lines)
    assert [(r.account, r.domain, r.url, r.source_format) for r in got] == [
        ("jdoe", "vpn.corp.example", "https://vpn.corp.example:8443/remote/login", "ulp"),
        ("jsmith@corp.example", "corp.example", "mail.corp.example/owa", "ulp"),
        ("jdoe@corp.example", "corp.example", "https://portal.corp.example:8080/sso", "ulp"),
        ("tomcat", "", "http://10.0.0.5:8080/manager/html", "ulp"),
        ("+15550100", "", "android://com.example.app/", "ulp"),
    ]
    assert got[0].fingerprint == fingerprint("jdoe", "vpn.corp.example", "plaintext", "Pa:ss1")
    assert got[2].fingerprint == fingerprint("jdoe@corp.example", "corp.example", "plaintext", "Secret3")


def test_ulp_domain_from_a_bare_host() -> None:
    lines = ["site.example/login:bob:pw-one", "mail.corp.example/owa:jsmith:pw-two", "x.example:carol:pw-three"]
    assert [(r.account, r.domain, r.url) for r in records(lines)] == [
        ("bob", "site.example", "site.example/login"), ("jsmith", "mail.corp.example", "mail.corp.example/owa"),
        ("carol", "x.example", "x.example")]


def test_ulp_space_separated_and_mixed_with_combo_lines() -> None:
    spaced = ["https://login.example.org/ alice Secret1", "https://b.example.net/signin bob Hunter22",
              "carol Pass3word https://c.example.com/login"]
    fmt = detect_format(spaced)
    assert fmt is not None and fmt.layout is Layout.ULP and fmt.separator == " "
    assert [(r.account, r.domain) for r in records(spaced)] == [
        ("alice", "login.example.org"), ("bob", "b.example.net"), ("carol", "c.example.com")]
    mixed = ["https://a.example/login:alice:pw1", "bob@x.example:pw2", "https://c.example/:carol:pw3"]
    assert [r.source_format for r in records(mixed)] == ["ulp", "combo", "ulp"]


def test_ulp_url_never_keeps_query_or_userinfo() -> None:
    got = records(["https://user:urlpass@host.example/login?session=S3CR3T:jdoe:pw12345",
                   "https://b.example/:bob:pw2", "https://c.example/:carol:pw3"])
    assert got[0].url == "https://host.example/login"
    assert_no_secret(["urlpass", "S3CR3T"], *got)


# -- stealer logs ----------------------------------------------------------------------------------------


def test_stealer_blocks_with_rulers_blank_lines_and_none() -> None:
    redline = [
        "*****************************************",
        "URL: https://login.microsoftonline.com/",
        "Username: jdoe@corp.example",
        "Password: Spring2024!",
        "Application: Google_[Chrome]_Default",
        "===============",
        "URL: https://mail.corp.example/owa",
        "Username: CORP\\jsmith",
        "Password: Hunter22",
        "Application: Microsoft_[Edge]_Profile 1",
        "===============",
    ]
    fmt = detect_format(redline)
    assert fmt is not None and fmt.layout is Layout.STEALER
    got = records(redline)
    assert [(r.account, r.domain, r.url, r.line, r.context.get("software")) for r in got] == [
        ("jdoe@corp.example", "corp.example", "https://login.microsoftonline.com/", 4, "Google_[Chrome]_Default"),
        ("jsmith", "CORP", "https://mail.corp.example/owa", 9, "Microsoft_[Edge]_Profile 1"),
    ]
    # SOFT/HOST/USER/PASS blocks with no separator at all: the repeated key closes the block.
    raccoon = ["SOFT: Firefox 120", "HOST: https://a.example", "USER: alice", "PASS: pw-one",
               "SOFT: Chrome", "HOST: https://b.example", "USER: bob", "PASS: pw-two"]
    assert [(r.account, r.domain, r.context["software"]) for r in records(raccoon)] == [
        ("alice", "a.example", "Firefox 120"), ("bob", "b.example", "Chrome")]


# -- CSV exports -----------------------------------------------------------------------------------------


CSV_EXPORTS = {
    "chrome": ['name,url,username,password,note',
               '"portal.corp.example","https://portal.corp.example/login","jdoe","Chr0me,Pass;word",""'],
    "firefox": ['"url","username","password","httpRealm","formActionOrigin","guid","timeCreated","timeLastUsed",'
                '"timePasswordChanged"',
                '"https://mail.corp.example","jdoe@corp.example","F1refox""Pass",,"https://mail.corp.example",'
                '"{4d998561-4071-425a-9584-68a74e58a7b7}","1600000000000","1600000000000","1600000000000"'],
    "bitwarden": ['folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp',
                  'Work,1,login,VPN,"line one\nline two",,0,https://vpn.corp.example,jdoe,B1twarden!,JBSWY3DPEHPK3PXP',
                  'Work,,note,Some note,"secret note text",,0,,,,'],
    "keepass": ['"Group","Title","Username","Password","URL","Notes"',
                '"Root/Internet","Intranet","CORP\\jdoe","K33pass!","https://intranet.corp.example",""'],
    "lastpass": ['url,username,password,totp,extra,name,grouping,fav',
                 'https://crm.corp.example,jdoe@corp.example,L4stPass,,,CRM,Work,0'],
}


@pytest.mark.parametrize("name", sorted(CSV_EXPORTS))
def test_csv_password_manager_exports(name: str) -> None:
    text = "\r\n".join(CSV_EXPORTS[name]) + "\r\n"
    lines = text.splitlines(keepends=True)
    fmt = detect_format(lines)
    assert fmt is not None and fmt.layout is Layout.CSV
    got = records(lines)
    assert len(got) == 1
    record = got[0]
    assert record.source_format == "csv" and record.kind == "plaintext" and record.line == 2
    assert record.account in ("jdoe", "jdoe@corp.example")
    domains = {"chrome": "portal.corp.example", "firefox": "corp.example", "bitwarden": "vpn.corp.example",
               "keepass": "CORP", "lastpass": "corp.example"}
    assert record.url.startswith("https://") and record.domain == domains[name]
    secrets = {"chrome": "Chr0me,Pass;word", "firefox": 'F1refox"Pass', "bitwarden": "B1twarden!",
               "keepass": "K33pass!", "lastpass": "L4stPass"}
    assert record.fingerprint == fingerprint(record.account, record.domain, "plaintext", secrets[name])
    if name == "bitwarden":
        assert record.context == {"totp": "present"}
    assert_no_secret([secrets[name], "JBSWY3DPEHPK3PXP", "secret note text"], record)


def test_csv_semicolon_delimited_and_line_numbers_after_multiline_notes() -> None:
    lines = ["Title;User name;Password;URL;Notes", 'A;alice;pw-alpha;https://a.example;"multi', 'line"',
             "B;bob;pw-bravo;https://b.example;"]
    assert detect_format(lines) == DumpFormat(Layout.CSV, csv_delimiter=";", score=pytest.approx(2 / 3))
    assert [(r.account, r.line) for r in records(lines)] == [("alice", 2), ("bob", 4)]


def test_ordinary_csv_of_contacts_is_not_a_dump() -> None:
    lines = ["name,email,phone,company", "John Smith,john@corp.example,+1 555 0100,Corp",
             "jsmith,john@corp.example,555-0101,Corp", "amy,amy@corp.example,555-0102,Corp"]
    assert detect_format(lines) is None
    assert records(lines) == []
    assert detect_format(["id\tname\temail", "1\tjdoe\tjdoe@x.example", "2\tamy\tamy@x.example"]) is None
    servers = ["hostname,ip_address,os,role,vlan", "PRX07.corp.example,10.50.103.107,CentOS 7,file server,VLAN 373",
               "JMP08.corp.example,10.50.154.77,Cisco IOS 15.2,VPN gateway,VLAN 164",
               "BKP07.corp.example,10.50.102.113,Windows Server 2008 R2,SQL server,VLAN 205"]
    assert detect_format(servers) is None


# -- Windows -----------------------------------------------------------------------------------------------


def ntds_lines() -> list[str]:
    return [
        "Impacket v0.11.0 - Copyright 2023 Fortra",
        "[*] Dumping Domain Credentials (domain\\uid:rid:lmhash:nthash)",
        f"Administrator:500:{EMPTY_LM}:{NT_PASSWORD}:::",
        f"Guest:501:{EMPTY_LM}:{EMPTY_NT}::: (status=Disabled)",
        f"krbtgt:502:{EMPTY_LM}:{hexstr(32, 2)}::: (status=Disabled)",
        f"corp.local\\jdoe:1104:{LM_HASH}:{hexstr(32, 3).upper()}::: (status=Enabled)",
        f"corp.local\\jdoe_history0:1104:{EMPTY_LM}:{hexstr(32, 4)}:::",
        f"WS01$:1105:{EMPTY_LM}:{hexstr(32, 5)}:::",
        "[*] Kerberos keys grabbed",
        f"krbtgt:aes256-cts-hmac-sha1-96:{hexstr(64, 6)}",
        f"corp.local\\jdoe:aes128-cts-hmac-sha1-96:{hexstr(32, 7)}",
        "[*] ClearText passwords grabbed",
        "corp.local\\svc_backup:CLEARTEXT:Backup-2024!",
        f"CORP.LOCAL/Administrator:$DCC2$10240#Administrator#{hexstr(32, 8)}: (2024-01-02 10:11:12)",
    ]


def test_ntds_secretsdump_output() -> None:
    lines = ntds_lines()
    fmt = detect_format(lines)
    assert fmt is not None and fmt.layout is Layout.PWDUMP
    got = records(lines)
    summary = [(r.account, r.domain, r.kind, r.privileged, r.context.get("rid")) for r in got]
    assert summary == [
        ("Administrator", "", "ntlm", True, "500"),
        ("Guest", "", "ntlm", False, "501"),
        ("krbtgt", "", "ntlm", True, "502"),
        ("jdoe", "corp.local", "ntlm", False, "1104"),
        ("jdoe", "corp.local", "lm", False, "1104"),
        ("jdoe", "corp.local", "ntlm", False, "1104"),
        ("WS01$", "", "ntlm", False, "1105"),
        ("krbtgt", "", "kerberos_aes256", True, None),
        ("jdoe", "corp.local", "kerberos_aes128", False, None),
        ("svc_backup", "corp.local", "plaintext", False, None),
        ("Administrator", "corp.local", "dcc2", True, None),
    ]
    assert {r.source_format for r in got} == {"pwdump"}
    assert got[0].context["privileged_reason"] == "rid500" and got[2].context["privileged_reason"] == "rid502"
    assert got[7].context["privileged_reason"] == "krbtgt"
    assert got[3].context["status"] == "Enabled" and got[5].context["history"] == "0"
    assert got[6].context["machine_account"] == "true" and got[9].context["service_account"] == "true"
    # hex is case-insensitive: the upper-case NT hash fingerprints like its lower-case form
    assert got[3].fingerprint == fingerprint("jdoe", "corp.local", "ntlm", hexstr(32, 3))


def test_empty_lm_and_empty_nt() -> None:
    got = records([f"CORP\\nopass:1200:{EMPTY_LM}:{EMPTY_NT}:::", f"CORP\\user2:1201:{EMPTY_LM}:{NT_PASSWORD}:::"])
    assert [r.kind for r in got] == ["ntlm", "ntlm"]  # no LM record for the empty LM hash
    assert got[0].context["empty_password"] == "true" and got[0].context["lm"] == "empty"
    assert "empty_password" not in got[1].context
    summary = summarize(got)
    assert summary.empty_passwords == 1 and "1 empty password" in summary.describe()
    with_lm = records([f"CORP\\old:1300:{LM_HASH}:{NT_PASSWORD}:::"])
    assert [r.kind for r in with_lm] == ["ntlm", "lm"] and with_lm[0].context["lm"] == "present"


def test_pwdump_with_domain_prefix_and_no_password_markers() -> None:
    lines = [f"CORP\\Administrator:500:{'*' * 32}:{NT_PASSWORD}:::",
             "CORP\\Gone:1500:NO PASSWORD*********************:NO PASSWORD*********************:::"]
    got = records(lines)
    assert [(r.account, r.domain, r.kind, r.context["lm"]) for r in got] == [
        ("Administrator", "CORP", "ntlm", "absent")]


# -- Unix, NetNTLM, Kerberos, hash lists ------------------------------------------------------------------------


def test_shadow_file() -> None:
    sha512 = "$6$Zx9saltQ$" + crypt_tail(86)
    lines = [
        f"root:{sha512}:19700:0:99999:7:::",
        "daemon:*:19700:0:99999:7:::",
        "sshd:!:19700::::::",
        "alice:$y$j9T$F5Jx5fExrKuPp53xLKQ..1$" + crypt_tail(43, 2) + ":19701:0:99999:7:::",
        f"bob:!$1$abcdefgh${crypt_tail(22, 3)}:19702:0:99999:7:::",
        f"carol:$5$rounds=5000$saltsalt${crypt_tail(43, 4)}:19702:0:99999:7:::",
        f"legacy:{crypt_tail(13, 5)}:19702:0:99999:7:::",
    ]
    fmt = detect_format(lines)
    assert fmt is not None and fmt.layout is Layout.SHADOW
    got = records(lines)
    assert [(r.account, r.kind, r.privileged, r.line) for r in got] == [
        ("root", "sha512crypt", True, 1), ("alice", "yescrypt", False, 4), ("bob", "md5crypt", False, 5),
        ("carol", "sha256crypt", False, 6), ("legacy", "descrypt", False, 7)]
    assert got[2].context["locked"] == "true"


def test_netntlm_v1_and_v2() -> None:
    v2 = f"jdoe::CORP:1122334455667788:{hexstr(32, 1)}:0101000000000000{hexstr(200, 2)}"
    v1 = ("u4-netntlm::kNS:338d08f8e26de93300000000000000000000000000000000:"
          "9526fb8c23a90751cdd619b6cea564742e1e4bf33006ba41:cb8086049ec4736c")
    lines = ["[SMB] NTLMv2-SSP Client   : 10.0.0.23", f"[SMB] NTLMv2-SSP Hash     : {v2}", v2, v1]
    fmt = detect_format(lines)
    assert fmt is not None and fmt.layout is Layout.NETNTLM
    got = records(lines)
    assert [(r.account, r.domain, r.kind, r.line) for r in got] == [
        ("jdoe", "CORP", "netntlmv2", 2), ("jdoe", "CORP", "netntlmv2", 3), ("u4-netntlm", "kNS", "netntlmv1", 4)]
    assert got[0].fingerprint == got[1].fingerprint  # the same capture logged twice (Responder console and file)
    assert got[0].secret_masked == "1122****"


def test_kerberos_roast_hashes() -> None:
    tgs = f"$krb5tgs$23$*sqlsvc$CORP.LOCAL$MSSQLSvc/sql01.corp.local~1433*${hexstr(32, 1)}${hexstr(400, 2)}"
    tgs_aes = f"$krb5tgs$18$websvc$CORP.LOCAL$*HTTP/web.corp.local*${hexstr(24, 3)}${hexstr(300, 4)}"
    asrep = f"$krb5asrep$23$jdoe@CORP.LOCAL:{hexstr(32, 5)}${hexstr(300, 6)}"
    rubeus = f"$krb5asrep$amy@corp.local:{hexstr(32, 7)}${hexstr(300, 8)}"
    got = records([tgs, tgs_aes, asrep, rubeus])
    assert [(r.account, r.domain, r.kind, r.context["etype"], r.source_format) for r in got] == [
        ("sqlsvc", "corp.local", "krb5tgs", "23", "kerberos"), ("websvc", "corp.local", "krb5tgs", "18", "kerberos"),
        ("jdoe", "corp.local", "krb5asrep", "23", "kerberos"), ("amy", "corp.local", "krb5asrep", "23", "kerberos")]
    assert got[0].context["spn"] == "MSSQLSvc/sql01.corp.local:1433"
    assert got[0].context["service_account"] == "true" and not got[0].privileged


def test_hash_only_list() -> None:
    lines = ["5f4dcc3b5aa765d61d8327deb882cf99", "e10adc3949ba59abbe56e057f20f883e:s4lt",
             "$P$" + crypt_tail(31), "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19", hexstr(40), hexstr(64), hexstr(128)]
    fmt = detect_format(lines)
    assert fmt is not None and fmt.layout is Layout.HASHLIST
    got = records(lines)
    assert [r.kind for r in got] == ["md5", "md5", "phpass", "mysql41", "sha1", "sha256", "sha512"]
    assert got[1].context == {"salted": "true", "identified_by": "length"}
    assert all(r.account == "" and r.source_format == "hashlist" for r in got)


# -- hash identification ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "context", "kind"),
    [
        (NT_PASSWORD, HashContext.NTDS, "ntlm"),
        (NT_PASSWORD, HashContext.NTDS_LM, "lm"),
        (NT_PASSWORD, HashContext.GENERIC, "md5"),
        (NT_PASSWORD, HashContext.SECRET, "md5"),
        ("$2b$12$" + crypt_tail(53), HashContext.GENERIC, "bcrypt"),
        ("$1$saltsalt$" + crypt_tail(22), HashContext.GENERIC, "md5crypt"),
        ("$5$saltsalt$" + crypt_tail(43), HashContext.GENERIC, "sha256crypt"),
        ("$6$rounds=656000$saltsalt$" + crypt_tail(86), HashContext.SHADOW, "sha512crypt"),
        ("$y$j9T$abcdefghijklmnop$" + crypt_tail(43), HashContext.SHADOW, "yescrypt"),
        ("$H$" + crypt_tail(31), HashContext.GENERIC, "phpass"),
        ("$DCC2$10240#jdoe#" + hexstr(32), HashContext.GENERIC, "dcc2"),
        ("*" + hexstr(40).upper(), HashContext.GENERIC, "mysql41"),
        (hexstr(40), HashContext.GENERIC, "sha1"),
        (hexstr(64), HashContext.GENERIC, "sha256"),
        (hexstr(128), HashContext.GENERIC, "sha512"),
        ("$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$" + "A" * 43, HashContext.GENERIC, "argon2"),
        (crypt_tail(13), HashContext.SHADOW, "descrypt"),
        (crypt_tail(13), HashContext.GENERIC, None),  # a 13-character password is not DES crypt outside shadow
        ("CorrectHorseBattery", HashContext.SECRET, None),
        (hexstr(31), HashContext.GENERIC, None),
        ("$6$short", HashContext.GENERIC, None),
    ],
)
def test_identify_hash_in_context(value: str, context: HashContext, kind: str | None) -> None:
    assert identify_hash(value, context) == kind


# -- privilege ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "privileged"),
    [
        ("Administrator", True), ("Administrateur", True), ("Administrador", True), ("Администратор", True),
        ("root", True), ("krbtgt", True), ("adm-jdoe", True), ("jdoe-admin", True), ("da_jdoe", True),
        ("jdoe_da", True), ("webadmin", True), ("admin@corp.example", True), ("sa", True),
        ("jdoe", False), ("joao.da.silva", False), ("svc_backup", False), ("badminton", False), ("adams", False),
    ],
)
def test_admin_names(name: str, privileged: bool) -> None:
    assert admin_by_name(name) is privileged


def test_privileged_by_rid_even_when_renamed() -> None:
    got = records([f"CORP\\HelpdeskX:500:{EMPTY_LM}:{NT_PASSWORD}:::", f"CORP\\jdoe:1104:{EMPTY_LM}:{NT_PASSWORD}:::"])
    assert [r.privileged for r in got] == [True, False]
    assert got[0].context["privileged_reason"] == "rid500"


# -- detection of non-dumps ---------------------------------------------------------------------------------


def test_prose_and_mail_headers_are_not_dumps() -> None:
    prose = [
        "From: John Smith <john@corp.example>",
        "To: bob@corp.example",
        "Subject: Re: meeting: agenda",
        "Date: Mon, 1 Jan 2024 10:00:00 +0000",
        "",
        "Hello Bob,",
        "Note: the meeting is moved to 10:30 in room B.",
        "Please see https://intranet.corp.example/agenda for details.",
        "Regards: John",
    ]
    assert detect_format(prose) is None
    assert records(prose) == []
    assert detect_format(["https://a.example/x", "https://b.example/y", "http://c.example/"]) is None
    assert detect_format(["2024-01-01 10:00:00 INFO started", "2024-01-01 10:00:01 WARN disk: 91%"]) is None
    assert detect_format([]) is None and detect_format(["", "   ", "# only comments"]) is None


def test_a_single_weak_line_is_not_a_dump_but_an_email_combo_is() -> None:
    assert detect_format(["Note:something"]) is None
    fmt = detect_format(["alice@corp.example:Summer2024!"])
    assert fmt is not None and fmt.layout is Layout.COMBO


# -- inline credentials ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "account", "secret", "lang"),
    [
        ("Hi,\nyour VPN account is ready.\nUsername: jdoe@corp.example\nPassword: Summer2024!\nBest",
         "jdoe@corp.example", "Summer2024!", "en"),
        ("Access for the portal - login / pass: bob / Secret-77", "bob", "Secret-77", "en"),
        ("jdbc:sqlserver://db01;user=sa;password=Sql$erver1;encrypt=true", "sa", "Sql$erver1", "en"),
        ("config: user=backup pwd=B4ckup!", "backup", "B4ckup!", "en"),
        ('{"username": "svc_web", "password": "J$on-Secret9"}', "svc_web", "J$on-Secret9", "en"),
        ("Bonjour,\nIdentifiant : jean.dupont\nMot de passe : Bonjour2024", "jean.dupont", "Bonjour2024", "fr"),
        ("Логин: ivanov\nПароль: Qwerty123", "ivanov", "Qwerty123", "ru"),
        ("Kullanıcı adı: ahmet.yilmaz\nŞifre: Ankara06!", "ahmet.yilmaz", "Ankara06!", "tr"),
        ("KULLANICI ADI: mehmet\nPAROLA: Izmir35?", "mehmet", "Izmir35?", "tr"),
        ("اسم المستخدم: ahmed.ali\nكلمة المرور: Riyadh@2024", "ahmed.ali", "Riyadh@2024", "ar"),
        ("Utilizator: ion.popescu\nParolă: Bucuresti#1", "ion.popescu", "Bucuresti#1", "ro"),
        ("Nama pengguna: ali.hassan\nKata laluan: KualaLumpur9", "ali.hassan", "KualaLumpur9", "ms"),
        ("İstifadəçi adı: elvin.m\nŞifrə: Baku2024!", "elvin.m", "Baku2024!", "az"),
        ("아이디: kimcs\n비밀번호: Seoul1234!", "kimcs", "Seoul1234!", "ko"),
    ],
)
def test_inline_credentials_in_several_languages(text: str, account: str, secret: str, lang: str) -> None:
    got = find_inline_credentials(text, KEY)
    assert len(got) == 1
    record = got[0]
    assert (record.account, record.kind, record.source_format, record.context["label_lang"]) == (
        account, "plaintext", "inline", lang)
    domain = account.rpartition("@")[2] if "@" in account else ""
    assert record.fingerprint == fingerprint(account, domain, "plaintext", secret)
    assert_no_secret([secret], record)


def test_inline_credentials_written_as_sentences() -> None:
    text = (
        "Dear Ahmed,\n\nThe shared mailbox can be opened with the account hassan.albastaki and the\n"
        "password P@ssw0rd613. The local administrator password on CTX05.mofa.local\n"
        "has been reset to sunrise65*Pearl until the LAPS rollout is finished.\n\n"
        "The temporary password for the VPN account MOFABH\\yousif.almahmood is\n"
        "Hangang@2018; please change it at first logon.\n"
        "كلمة المرور المؤقتة لحساب VPN MOFABH\\layla.alhashimi هي 8UbXK34CVfdfk، يرجى تغييرها.\n"
        "VPN 계정 SAEBYEOL\\doyoon.lim의 임시 비밀번호는 Ankara@2019입니다.\n"
        "XIN\\knesibov VPN hesabının müvəqqəti parolu: Baku6044. İlk girişdə dəyişdirin.\n"
    )
    got = find_inline_credentials(text, KEY)
    assert [(r.account, r.domain, r.line, r.context.get("form")) for r in got] == [
        ("hassan.albastaki", "", 4, "prose"),
        ("", "", 5, "prose"),
        ("yousif.almahmood", "MOFABH", 8, "prose"),
        ("layla.alhashimi", "MOFABH", 9, "prose"),
        ("doyoon.lim", "SAEBYEOL", 10, "prose"),
        ("knesibov", "XIN", 11, "prose"),
    ]
    secrets = ["P@ssw0rd613", "sunrise65*Pearl", "Hangang@2018", "8UbXK34CVfdfk", "Ankara@2019", "Baku6044"]
    for record, secret in zip(got, secrets, strict=True):
        assert record.fingerprint == fingerprint(record.account, record.domain, "plaintext", secret)
    assert_no_secret(secrets, *got)
    findings = credential_findings(summarize(got))  # read from sentences: a guess, medium confidence
    assert [(f.rule, f.level, f.confidence) for f in findings] == [
        ("credentials.inline", Level.SECRET, Confidence.MEDIUM)]


def test_inline_line_numbers_lone_passwords_and_limits() -> None:
    text = "line one\nline two\nThe new password is Tr0ub4dor&3.\n"
    got = find_inline_credentials(text, KEY)
    assert [(r.account, r.line, r.context.get("paired")) for r in got] == [("", 3, "false")]
    assert got[0].fingerprint == fingerprint("", "", "plaintext", "Tr0ub4dor&3")
    many = "\n".join(f"user: u{i}\npassword: Pw-{i:04d}!" for i in range(500))
    assert len(find_inline_credentials(many, KEY, limit=7)) == 7
    assert find_inline_credentials(many, KEY, limit=0) == []


@pytest.mark.parametrize(
    "text",
    [
        "Your password is expiring in 3 days. Please change it.",
        "Password: (sent separately)",
        "Password: <your password>",
        "Password: ********",
        "Mot de passe : voir ci-dessous",
        "Boarding pass: 12345678",
        "Forgot your password? Click here.",
        "Password reset: https://portal.example/reset",
        "The username field is required.",
        "비밀번호는 변경되었습니다",
        "def login(user: str, password: str) -> bool:",
        "The intranet password must be changed every 90 days; see policy IT-SEC-2021.",
        "The password on srv01.corp.example expires on 2024-05-01.",
        "인트라넷 비밀번호는 21일마다 변경해야 하며",
        "Please use the account settings page to reset your password.",
    ],
)
def test_prose_about_passwords_is_not_a_credential(text: str) -> None:
    assert find_inline_credentials(text, KEY) == []


def test_inline_duplicates_in_a_quoted_thread_count_once() -> None:
    text = "Username: jdoe\nPassword: Summer2024!\n\n> Username: jdoe\n> Password: Summer2024!\n"
    assert len(find_inline_credentials(text, KEY)) == 1


# -- summary, dedup, findings, masking --------------------------------------------------------------------------


def test_summary_dedups_and_counts() -> None:
    lines = ["alice@corp.example:Pw-1", "alice@corp.example:Pw-1", "ALICE@corp.example:Pw-1", "alice@corp.example:Pw-2",
             "bob@other.example:Pw-3"]
    summary = summarize(records(lines))
    assert summary.records == 5 and summary.distinct == 3 and summary.accounts == 2
    assert summary.kinds == {"plaintext": 3} and summary.exact
    assert summary.domains == {"corp.example": 2, "other.example": 1}
    assert summary.describe() == "2 accounts, 3 plaintext"


def test_summary_count_only_mode_is_bounded_and_estimates() -> None:
    def combo() -> Iterator[str]:
        for i in range(20_000):
            yield f"user{i % 5000}@corp.example:Secret-{i % 5000}"

    summary = CredentialSummary(max_exact=0)
    summary.update(parse_dump(combo(), KEY))
    assert not summary.exact and summary.records == 20_000
    assert abs(summary.distinct - 5000) < 5000 * 0.05
    assert abs(summary.accounts - 5000) < 5000 * 0.05
    assert summary.describe().startswith("≈")
    capped = CredentialSummary(max_exact=1000).update(parse_dump(combo(), KEY))
    assert not capped.exact and len(capped._fingerprints) == 1000
    assert abs(capped.distinct - 5000) < 5000 * 0.05


def test_findings_levels() -> None:
    ntds = summarize(records(ntds_lines()))
    by_rule = {f.rule: f for f in credential_findings(ntds)}
    assert by_rule["credentials.domain_admin_hashes"].level is Level.CRITICAL
    assert by_rule["credentials.domain_admin_hashes"].confidence is Confidence.HIGH
    assert "Administrator (RID 500)" in by_rule["credentials.domain_admin_hashes"].excerpt
    assert "krbtgt (RID 502)" in by_rule["credentials.domain_admin_hashes"].excerpt
    assert by_rule["credentials.hashes"].level is Level.SECRET
    assert by_rule["credentials.hashes"].confidence is Confidence.MEDIUM
    assert all(f.category is Category.CREDENTIALS for f in by_rule.values())

    combo = credential_findings(summarize(records(["a@x.example:Pw-1111", "b@x.example:Pw-2222"])))
    assert [(f.rule, f.level, f.confidence) for f in combo] == [
        ("credentials.plaintext", Level.SECRET, Confidence.HIGH)]
    assert combo[0].excerpt == "2 accounts, 2 plaintext"

    hashes = credential_findings(summarize(records([hexstr(32, 1), hexstr(32, 2)])))
    assert [(f.rule, f.level, f.confidence) for f in hashes] == [
        ("credentials.hashes", Level.SECRET, Confidence.MEDIUM)]

    mail = find_inline_credentials("Dear Sir,\nUsername: jdoe\nPassword: Welcome-2024\n", KEY)
    inline = credential_findings(summarize(mail))
    assert [(f.rule, f.level, f.confidence) for f in inline] == [("credentials.inline", Level.SECRET, Confidence.HIGH)]
    assert credential_findings(CredentialSummary()) == []


def test_excerpt_names_privileged_accounts() -> None:
    lines = [f"CORP\\Administrator:500:{EMPTY_LM}:{hexstr(32, 1)}:::"] + [
        f"CORP\\user{i}:{1100 + i}:{EMPTY_LM}:{hexstr(32, i + 2)}:::" for i in range(11)]
    excerpt = summarize(records(lines)).describe()
    assert excerpt == "12 accounts, 12 ntlm; privileged: CORP\\Administrator (RID 500)"


def test_no_clear_secret_anywhere() -> None:
    secrets = ["Zq7!Correct-Horse", "Xy9$Battery-Staple", "Qp4#Mail-Secret", "Wv2%Stealer-Pass", "Lk8&Csv-Export",
               "Mn5*Cleartext-NTDS"]
    lines_by_format = [
        [f"alice@corp.example:{secrets[0]}", f"CORP\\administrator:{secrets[1]}"],
        [f"https://vpn.corp.example:8443/:jdoe:{secrets[1]}", f"jdoe:{secrets[0]}:https://x.example/"],
        ["URL: https://a.example", "Login: alice", f"Password: {secrets[3]}", "====="],
        ["name,url,username,password", f"a,https://a.example,alice,{secrets[4]}"],
        [f"CORP\\svc:CLEARTEXT:{secrets[5]}", f"Administrator:500:{EMPTY_LM}:{NT_PASSWORD}:::"],
    ]
    everything: list[object] = []
    for lines in lines_by_format:
        got = records(lines)
        assert got
        everything += got
    inline = find_inline_credentials(f"Username: jdoe\nPassword: {secrets[2]}\n", KEY)
    everything += inline
    summary = summarize(r for r in everything if isinstance(r, CredentialRecord))
    everything += [summary, *credential_findings(summary)]
    everything.append(Parsed("alice", "", "plaintext", secrets[0], "combo"))
    assert_no_secret([*secrets, NT_PASSWORD], *everything)


# -- streaming and hostile input ----------------------------------------------------------------------------------


def test_parse_dump_streams_lazily() -> None:
    consumed = 0

    def endless() -> Iterator[str]:
        nonlocal consumed
        while True:
            consumed += 1
            yield f"user{consumed}@corp.example:Secret-{consumed}\n"

    first = list(islice(parse_dump(endless(), KEY), 5))
    assert [r.line for r in first] == [1, 2, 3, 4, 5]
    assert consumed <= 1001  # the detection sample, not the stream


def test_bounded_lines_drops_giant_lines_and_keeps_numbering() -> None:
    stream = io.StringIO("alice@corp.example:Pw-1\n" + "x" * 3_000_000 + "\nbob@corp.example:Pw-2\n")
    lines = list(bounded_lines(stream))
    assert lines == ["alice@corp.example:Pw-1\n", "", "bob@corp.example:Pw-2\n"]
    assert [r.line for r in records(lines)] == [1, 3]


def hostile_texts() -> dict[str, str]:
    rng = random.Random(7)
    garbage = bytes(rng.randrange(256) for _ in range(200_000))
    return {
        "binary": garbage.decode("latin-1"),
        "binary-replace": garbage.decode("utf-8", "replace"),
        "surrogates": garbage.decode("utf-8", "surrogateescape"),
        "one-mb-line": "a" * 1_000_000 + ":" + "b" * 100,
        "nul": "\x00".join("alice@corp.example:Pw-1\nbob@corp.example:Pw-2\n"),
        "crlf": "alice@corp.example:Pw-1\r\nbob@corp.example:Pw-2\r\n\r\n",
        "mixed": "jos\ufffd@corp.example:Pa\ufffdss\nm\u00fcller@corp.example:\u00c4pfel-1\n"
                 "\u0430\u0434\u043c\u0438\u043d:\ud800x\x1b[31m\n",
        "labels": "password: " * 100_000,
        "unclosed-quote-csv": 'url,username,password\n"https://a.example,alice,' + "x" * 300_000 + "\nb,bob,pw-3\n",
        "colons": ":" * 500_000,
        "krb": "$krb5tgs$23$*" + "$" * 20_000,
    }


@pytest.mark.parametrize("name", sorted(hostile_texts()))
def test_hostile_input_never_crashes(name: str) -> None:
    text = hostile_texts()[name]
    lines = text.splitlines(keepends=True)
    detect_format(lines[:1000])
    got = records(lines)
    for fmt in (DumpFormat(layout) for layout in Layout):
        got += records(lines, DumpFormat(fmt.layout, separator=":"))
    got += find_inline_credentials(text, KEY)
    summary = summarize(got)
    credential_findings(summary)
    for record in got:
        for value in (record.account, record.domain, record.url, record.secret_masked):
            assert value.isprintable() or not value
            value.encode("utf-8")  # no lone surrogates left
    if name in ("nul", "crlf"):
        assert [r.account for r in records(lines)] == ["alice@corp.example", "bob@corp.example"]


def test_key_must_be_bytes_and_long_keys_work() -> None:
    with pytest.raises(TypeError):
        parse_dump(["a@b.example:pw"], "not-bytes")  # type: ignore[arg-type]
    long_key = list(parse_dump(["alice@corp.example:Pw-1"] * 3, b"k" * 200))
    other_key = list(parse_dump(["alice@corp.example:Pw-1"] * 3, b"j" * 200))
    assert long_key[0].fingerprint != other_key[0].fingerprint


# -- public sample corpus -----------------------------------------------------------------------------------------


def corpus_file(relative: str) -> Path:
    root = os.environ.get("TROVETRIAGE_CORPUS")
    if not root:
        pytest.skip("TROVETRIAGE_CORPUS is not set")
    path = Path(root) / relative
    if not path.is_file():
        pytest.skip(f"{relative} is not in the corpus")
    return path


@pytest.mark.corpus
@pytest.mark.parametrize("relative", ["misc/passimport__chrome.csv", "misc/passimport__firefox.csv",
                                      "misc/defcreds__DefaultCreds-Cheat-Sheet.csv"])
def test_corpus_password_exports(relative: str) -> None:
    path = corpus_file(relative)
    with path.open(encoding="utf-8", errors="replace", newline="") as stream:
        lines = list(bounded_lines(stream))
    fmt = detect_format(lines[:1000])
    assert fmt is not None and fmt.layout is Layout.CSV
    got = records(lines)
    assert got and all(r.source_format == "csv" for r in got)
    findings = credential_findings(summarize(got))
    assert findings and max(f.level for f in findings) is Level.SECRET
