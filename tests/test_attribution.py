"""Victim attribution by weighted evidence: victim vs correspondent vs mentioned, on hostile input, offline."""

from __future__ import annotations

import ast
import json
import mailbox
import os
import random
import socket
import subprocess
import sys
from email import message_from_bytes
from email.message import Message
from email.policy import compat32
from pathlib import Path
from typing import Any

import pytest
from publicsuffixlist import PublicSuffixList

from trovetriage.classify.attribution import AttributionSubject, Registry, attribute, registrable_domain
from trovetriage.classify.attribution import weights as weights_module
from trovetriage.classify.attribution.domains import build_public_suffix_list
from trovetriage.core.classification import Evidence, VictimProposal
from trovetriage.core.victims import Victim, load_victims

MOFA_BH = Victim("Ministry of Foreign Affairs of Bahrain", "government", "BH", ("mofa.gov.bh", "mofa.local"),
                 ("Bahrain MOFA", "MOFA Bahrain", "وزارة الخارجية البحرينية", "MOFABH"))
MFA_TR = Victim("Ministry of Foreign Affairs of Turkey", "government", "TR", ("mfa.gov.tr", "disisleri.local"),
                ("Turkish MFA", "T.C. Dışişleri Bakanlığı", "Dışişleri Bakanlığı", "DISISLERI"))
BOTAS = Victim("BOTAŞ Petroleum Pipeline Corporation", "energy", "TR", ("botas.gov.tr",), ("BOTAS", "BOTAŞ"))
KDGI = Victim("Karadeniz Doğalgaz İletim A.Ş.", "energy", "TR", ("kdgi.com.tr", "kdgi.local"),
              ("KDGI", "Karadeniz Dogalgaz"))
MAE_RO = Victim("Ministry of Foreign Affairs of Romania", "government", "RO", ("mae.ro",),
                ("MAE", "Ministerul Afacerilor Externe"))
MAI_RO = Victim("Ministry of Internal Affairs of Romania", "government", "RO", ("mai.gov.ro",), ("MAI Romania",))
MOFA_KR = Victim("Ministry of Foreign Affairs of the Republic of Korea", "government", "KR", ("mofa.go.kr",),
                 ("외교부", "MOFA Korea"))
ACOC = Victim("Absheron Caspian Oil Company", "energy", "AZ", ("acoc.az",), ("ACOC",))
VICTIMS = [MOFA_BH, MFA_TR, BOTAS, KDGI, MAE_RO, MAI_RO, MOFA_KR, ACOC]
TENANT_BH = "5f0c1a9e-3b1d-4c55-9a0e-6d2f1b7c8e90"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.from_victims(VICTIMS, tenant_ids={MOFA_BH.name: [TENANT_BH.upper()]})


def signals(proposal: VictimProposal, victim: str) -> set[str]:
    return {evidence.signal for evidence in proposal.evidence if evidence.victim == victim}


def received(*hops: str) -> dict[str, list[str]]:
    return {"Received": list(hops)}


# ----- one signal at a time -----------------------------------------------------------------------------------------


def test_received_message_id_and_exchange_headers_give_the_victim_with_high_confidence(registry: Registry) -> None:
    headers = {
        "Received": ["from EXCH01.mofa.local (10.10.20.11) by EXCH02.mofa.local (10.10.20.12) with Microsoft SMTP "
                     "Server id 15.1.1713.5 via Mailbox Transport; Mon, 3 Feb 2020 10:00:02 +0300",
                     "from mail.mofa.gov.bh (10.10.20.5) by EXCH01.mofa.local (10.10.20.11); Mon, 3 Feb 2020"],
        "Message-ID": ["<0f3c9a2b7d4e4f1a9c8b7a6d5e4f3a2b@EXCH02.mofa.local>"],
        "X-MS-Exchange-Organization-AuthSource": ["EXCH01.mofa.local"],
        "X-MS-Exchange-Organization-AuthAs": ["Internal"],
    }
    proposal = attribute(AttributionSubject(path="_unsorted/1.eml", kind="email", headers=headers), registry)
    assert proposal.victim == MOFA_BH.name
    assert proposal.confidence >= 0.95
    assert {"internal_host", "message_id_host", "exchange_org_header"} <= signals(proposal, MOFA_BH.name)
    assert any(e.detail == "Received: from EXCH01.mofa.local (+3 more)" for e in proposal.evidence)
    assert all(isinstance(e, Evidence) and 0 < e.weight <= 1 for e in proposal.evidence)


@pytest.mark.parametrize(("headers", "at_least"), [
    (received("from EXCH01.mofa.local by EXCH02.mofa.local; Mon, 3 Feb 2020 10:00:00 +0300"), 0.85),
    ({"X-MS-Exchange-Organization-AuthSource": ["EXCH01.mofa.local"]}, 0.9),
    ({"X-MS-Exchange-CrossTenant-Id": [TENANT_BH]}, 0.9),
    ({"Message-ID": ["<abc@EXCH01.mofa.local>"]}, 0.6),  # the sender's server: medium on its own
])
def test_each_header_signal_alone(registry: Registry, headers: dict[str, list[str]], at_least: float) -> None:
    proposal = attribute(AttributionSubject(headers=headers), registry)
    assert proposal.victim == MOFA_BH.name
    assert proposal.confidence >= at_least


def test_exchange_headers_describing_the_sender_are_not_the_storing_side(registry: Registry) -> None:
    headers = {"X-MS-Exchange-Organization-ExternalOriginalInternetSender": ["ip=[192.0.2.33] domain=posta.mfa.gov.tr"],
               "X-MS-Exchange-Organization-AuthSource": ["EXCH01.mofa.local"]}
    proposal = attribute(AttributionSubject(headers=headers), registry)
    assert proposal.victim == MOFA_BH.name and proposal.mentioned == [] and proposal.correspondents == []


def test_a_subdomain_maps_to_its_victim_domain(registry: Registry) -> None:
    proposal = attribute(AttributionSubject(headers=received("from mx.example.com by mail.mofa.gov.bh")), registry)
    assert proposal.victim == MOFA_BH.name
    assert [e.detail for e in proposal.evidence] == ["Received: by mail.mofa.gov.bh"]
    assert registry.victim_for_host("relay.dmz.mail.mofa.gov.bh") is not None
    assert registry.victim_for_host("mail.mofa.gov.bh") is not None
    assert registry.victim_for_host("notmofa.gov.bh") is None
    assert registry.victim_for_host("mofa.gov.bh.attacker.example") is None


def test_a_host_known_only_by_its_internal_name_counts_a_little_less(registry: Registry) -> None:
    match = registry.victim_for_host("ACOC-MBX01.acoc.corp")  # acoc.corp is not listed; alias ACOC is
    assert match is not None and match.victim == ACOC.name and match.internal_name
    proposal = attribute(AttributionSubject(headers={"X-MS-Exchange-Organization-AuthSource": ["MBX01.acoc.corp"]}),
                         registry)
    assert proposal.victim == ACOC.name
    assert proposal.confidence == pytest.approx(0.9 * 0.9)
    assert registry.victim_for_host("server.acoc.com") is None  # a public TLD: no guessing from the label


def test_legacy_exchange_dn_names_the_organisation() -> None:
    registry = Registry.from_victims([MOFA_BH, MFA_TR])  # "mofa" is MOFA Bahrain's domain label, nobody else's
    subject = AttributionSubject(metadata={
        "sender_legacy_dn": "/O=MOFA/OU=Exchange Administrative Group (FYDIBOHF23SPDLT)/CN=Recipients/CN=ahmed",
        "recipient_legacy_dns": ["/O=MOFA/OU=Exchange Administrative Group/CN=Recipients/CN=fatima", 42]})
    proposal = attribute(subject, registry)
    assert proposal.victim == MOFA_BH.name and signals(proposal, MOFA_BH.name) == {"legacy_dn"}
    assert proposal.confidence == pytest.approx(0.8)


def test_an_ambiguous_organisation_token_is_not_used(registry: Registry) -> None:
    # "mofa" is a label of both mofa.gov.bh and mofa.go.kr in this registry: /O=MOFA says nothing.
    dn = "/O=MOFA/OU=Exchange Administrative Group/CN=Recipients/CN=x"
    assert attribute(AttributionSubject(metadata={"sender_legacy_dn": dn}), registry).victim is None
    generic = "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=abc"
    assert attribute(AttributionSubject(metadata={"sender_legacy_dn": generic}), registry).victim is None


# ----- victim, correspondent, mentioned -----------------------------------------------------------------------------


def test_mail_from_a_to_b_in_a_sent_items_is_a_with_b_as_correspondent(registry: Registry) -> None:
    subject = AttributionSubject(
        path="mofa-bh/mail/ahmed/Sent Items/0001 Visit.eml", kind="email",
        sender="Ahmed Ali <ahmed.ali@mofa.gov.bh>", recipients=["Ayşe Kaya <ayse.kaya@mfa.gov.tr>"],
        headers={"Message-ID": ["<1a2b@EXCH01.mofa.local>"],
                 "X-MS-Exchange-Organization-AuthSource": ["EXCH02.mofa.local"],
                 "X-MS-Exchange-Organization-AuthAs": ["Internal"]},
        text="Dear colleagues of the Turkish MFA, ...")
    proposal = attribute(subject, registry)
    assert proposal.victim == MOFA_BH.name and proposal.confidence >= 0.95
    assert proposal.correspondents == [MFA_TR.name]
    assert proposal.mentioned == []
    assert proposal.evidence[0].victim == MOFA_BH.name  # the winner's evidence first


def test_mail_from_a_to_b_in_a_pst_of_a_without_headers(registry: Registry) -> None:
    subject = AttributionSubject(
        path="loot/ahmed.pst!Top of Personal Folders/Sent Items/3", kind="email",
        sender="ahmed.ali@mofa.gov.bh", recipients=["ayse.kaya@mfa.gov.tr"],
        metadata={"mailbox_owner": "Ahmed Ali <ahmed.ali@mofa.gov.bh>"})
    proposal = attribute(subject, registry)
    assert proposal.victim == MOFA_BH.name and proposal.confidence >= 0.95
    assert "container_owner" in signals(proposal, MOFA_BH.name)
    assert proposal.correspondents == [MFA_TR.name]


def test_incoming_mail_from_b_stored_by_a_reads_the_received_chain_from_the_top(registry: Registry) -> None:
    headers = {
        "Received": [
            "from EXCH01.mofa.local (10.10.20.11) by EXCH02.mofa.local (10.10.20.12) via Mailbox Transport; date",
            "from mail.mofa.gov.bh (10.10.20.5) by EXCH01.mofa.local (10.10.20.11); date",
            "from posta.mfa.gov.tr (posta.mfa.gov.tr [192.0.2.33]) by mail.mofa.gov.bh with ESMTPS id 1; date",
            "from DBEXMB01.disisleri.local (10.20.20.11) by posta.mfa.gov.tr (192.0.2.33); date",
        ],
        "Message-ID": ["<77aa@DBEXMB01.disisleri.local>"],  # written by the sender's server
        "X-MS-Exchange-Organization-AuthSource": ["EXCH01.mofa.local"],
        "X-MS-Exchange-Organization-AuthAs": ["Anonymous"],
    }
    subject = AttributionSubject(kind="email", sender="ayse.kaya@mfa.gov.tr", recipients=["ahmed.ali@mofa.gov.bh"],
                                 headers=headers)
    proposal = attribute(subject, registry)
    assert proposal.victim == MOFA_BH.name and proposal.confidence >= 0.95
    assert proposal.correspondents == [MFA_TR.name]
    turkish = {e.detail for e in proposal.evidence if e.victim == MFA_TR.name}
    assert any(detail.startswith("Received (sending side)") for detail in turkish)
    assert "Message-ID host DBEXMB01.disisleri.local" in turkish


def test_participants_only_all_at_one_victim(registry: Registry) -> None:
    subject = AttributionSubject(kind="email", sender="a@kdgi.com.tr", recipients=["b@kdgi.com.tr, c@kdgi.com.tr"])
    proposal = attribute(subject, registry)
    assert proposal.victim == KDGI.name
    assert 0.7 <= proposal.confidence < 0.9
    assert proposal.correspondents == []


def test_participants_only_mixed_prefers_the_sender_at_lower_confidence(registry: Registry) -> None:
    subject = AttributionSubject(kind="email", sender="a@kdgi.com.tr", recipients=["b@mfa.gov.tr", "c@gmail.com"],
                                 headers={"Message-ID": ["<x@mail.kdgi.com.tr>"]})
    proposal = attribute(subject, registry)
    assert proposal.victim == KDGI.name
    assert 0.1 <= proposal.confidence <= 0.5
    assert proposal.correspondents == [MFA_TR.name]


def test_participants_only_a_dead_heat_proposes_nobody(registry: Registry) -> None:
    subject = AttributionSubject(kind="email", sender="news@bulletin.example.com",
                                 recipients=["a@kdgi.com.tr", "b@mfa.gov.tr"])
    proposal = attribute(subject, registry)
    assert proposal.victim is None and proposal.confidence == 0.0
    assert sorted(proposal.correspondents) == sorted([KDGI.name, MFA_TR.name])


def test_newsletter_from_outside_to_one_victim(registry: Registry) -> None:
    subject = AttributionSubject(kind="email", sender="newsletter@regional-energy-bulletin.com",
                                 recipients=["a@acoc.az"])
    proposal = attribute(subject, registry)
    assert proposal.victim == ACOC.name
    assert proposal.confidence == pytest.approx(0.6)  # "only victim" and "recipient" are one signal: the max counts


# ----- containers, paths, inheritance -------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "kind", "victim"), [
    ("uploads/mofa.gov.bh/Inbox/12.eml", "email", MOFA_BH.name),
    ("BOTAS_exchange/users/mehmet/3.msg", "email", BOTAS.name),
    ("drop/2019-kdgi-mail-export.zip!Inbox/1.eml", "email", KDGI.name),
    ("drop/KDGI.pst", "mailbox", KDGI.name),
    ("exports/ahmed.ali@mofa.gov.bh.pst", "mailbox", MOFA_BH.name),
    ("exports/ayse.kaya@mfa.gov.tr - Inbox.pst!Top of Personal Folders/Inbox/4", "email", MFA_TR.name),
    ("share/EXCH01.mofa.local/queue/1.eml", "email", MOFA_BH.name),
])
def test_a_container_named_after_its_owner(registry: Registry, path: str, kind: str, victim: str) -> None:
    proposal = attribute(AttributionSubject(path=path, kind=kind), registry)
    assert proposal.victim == victim and proposal.confidence == pytest.approx(0.9)
    assert signals(proposal, victim) == {"container_owner"}


def test_a_folder_merely_containing_a_name_is_weak(registry: Registry) -> None:
    proposal = attribute(AttributionSubject(path="share/Projects with KDGI 2019/budget.xlsx", kind="spreadsheet"),
                         registry)
    assert proposal.victim == KDGI.name and proposal.confidence == pytest.approx(0.3)
    assert signals(proposal, KDGI.name) == {"folder_name"}
    # A document's own file name is only a mention.
    proposal = attribute(AttributionSubject(path="share/KDGI.docx", kind="document"), registry)
    assert signals(proposal, KDGI.name) == {"text_alias"}


def test_the_nearest_container_wins(registry: Registry) -> None:
    proposal = attribute(AttributionSubject(path="troves/acoc.az/mofa.gov.bh/Inbox/1.eml", kind="email"), registry)
    assert proposal.victim == MOFA_BH.name
    assert proposal.confidence == pytest.approx(0.9 - 0.5 * 0.75)
    assert proposal.mentioned == [ACOC.name]


def test_a_child_inherits_from_its_container(registry: Registry) -> None:
    parent = VictimProposal(victim=KDGI.name, confidence=0.93)
    proposal = attribute(AttributionSubject(path="x.zip!docs/memo.txt", kind="text", text="Meeting notes.",
                                            parent=parent), registry)
    assert proposal.victim == KDGI.name and proposal.confidence == pytest.approx(0.93)
    assert [e.signal for e in proposal.evidence] == ["inherited"]


def test_a_child_with_stronger_evidence_overrides_its_container(registry: Registry) -> None:
    parent = VictimProposal(victim=KDGI.name, confidence=0.2)
    headers = received("from EXCH01.mofa.local by EXCH02.mofa.local; date")
    proposal = attribute(AttributionSubject(path="x.zip!1.eml", kind="email", headers=headers, parent=parent),
                         registry)
    assert proposal.victim == MOFA_BH.name
    assert proposal.confidence == pytest.approx(0.85 - 0.5 * 0.2)
    assert proposal.mentioned == [KDGI.name]


def test_weak_evidence_in_a_child_does_not_override_a_strong_container(registry: Registry) -> None:
    parent = VictimProposal(victim=KDGI.name, confidence=0.95)
    subject = AttributionSubject(path="x.pst!Inbox/1", kind="email", text="The Turkish MFA asked again.",
                                 parent=parent)
    proposal = attribute(subject, registry)
    assert proposal.victim == KDGI.name and proposal.confidence == pytest.approx(0.95)
    assert proposal.mentioned == [MFA_TR.name]


# ----- credentials and documents ------------------------------------------------------------------------------------


def test_netbios_domain_of_credential_lines(registry: Registry) -> None:
    domains = ["MOFABH\\administrator", "MOFABH", "mofabh", "mofa.local", "user@mofa.gov.bh", "gmail.com"]
    proposal = attribute(AttributionSubject(path="dump/hashes.txt", kind="credentials", credential_domains=domains),
                         registry)
    assert proposal.victim == MOFA_BH.name and proposal.confidence == pytest.approx(0.7)
    assert signals(proposal, MOFA_BH.name) == {"credential_domain"}
    assert "5 of 5 matched credential lines" in proposal.evidence[0].detail


def test_credential_lines_of_several_victims_weigh_by_share(registry: Registry) -> None:
    proposal = attribute(AttributionSubject(credential_domains=["KDGI"] * 9 + ["DISISLERI"]), registry)
    assert proposal.victim == KDGI.name
    assert proposal.confidence == pytest.approx(0.63 - 0.5 * 0.07)
    assert proposal.mentioned == [MFA_TR.name]


def test_document_metadata_company_matching_an_alias(registry: Registry) -> None:
    proposal = attribute(AttributionSubject(path="share/report.docx", kind="document",
                                            metadata={"company": "Karadeniz Dogalgaz", "author": "Mehmet Yilmaz"}),
                         registry)
    assert proposal.victim == KDGI.name and proposal.confidence == pytest.approx(0.6)
    assert signals(proposal, KDGI.name) == {"doc_metadata"}
    proposal = attribute(AttributionSubject(metadata={"last_modified_by": "KDGI\\myilmaz"}), registry)
    assert proposal.victim == KDGI.name and proposal.confidence == pytest.approx(0.55)


def test_sensitivity_label_tenant(registry: Registry) -> None:
    labels = [{"label_id": "x", "name": "Confidential", "tenant_id": "{" + TENANT_BH + "}"}, "junk", {"tenant_id": 5}]
    proposal = attribute(AttributionSubject(metadata={"sensitivity_labels": labels}), registry)
    assert proposal.victim == MOFA_BH.name and signals(proposal, MOFA_BH.name) == {"label_tenant"}


# ----- names in text ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "victim"), [
    ("Toplantıya DIŞİŞLERİ BAKANLIĞI temsilcisi katıldı.", MFA_TR.name),  # İ and ı folded
    ("T.C. DIŞIŞLERI BAKANLIĞI'nın talebi üzerine", MFA_TR.name),
    ("أكدت وَزَارَةُ الخَارِجِيَّةِ البَحْرَيْنِيَّةِ أن الاجتماع", MOFA_BH.name),  # harakat dropped
    ("وأعلنت ووزارة الخارجية البحرينية", MOFA_BH.name),  # the proclitic و
    ("외교부는 오늘 발표했다", MOFA_KR.name),  # a Korean particle after the name
    ("The MAE delegation arrives Monday.", MAE_RO.name),
])
def test_names_in_text_after_folding_are_weak(registry: Registry, text: str, victim: str) -> None:
    proposal = attribute(AttributionSubject(path="notes.txt", kind="text", text=text), registry)
    assert proposal.victim == victim
    assert proposal.confidence == pytest.approx(0.2)  # alone: a low-confidence victim, never more
    assert signals(proposal, victim) == {"text_alias"}


def test_a_name_in_text_is_only_mentioned_next_to_real_evidence(registry: Registry) -> None:
    subject = AttributionSubject(headers=received("from EXCH01.mofa.local by EXCH02.mofa.local"),
                                 text="وَزَارَةُ الخَارِجِيَّةِ ... Dışişleri Bakanlığı ile görüşme")
    proposal = attribute(subject, registry)
    assert proposal.victim == MOFA_BH.name
    assert proposal.mentioned == [MFA_TR.name]
    assert proposal.confidence == pytest.approx(0.85)  # a mention is no competing victim evidence


def test_text_alone_proposes_the_victim_named_most(registry: Registry) -> None:
    text = "KDGI board minutes. KDGI will reply to the Turkish MFA. Karadeniz Dogalgaz, Ankara."
    proposal = attribute(AttributionSubject(text=text), registry)
    assert proposal.victim == KDGI.name
    assert proposal.confidence == pytest.approx(0.2 - 0.5 * 0.2 / 3, abs=1e-4)
    assert proposal.mentioned == [MFA_TR.name]
    tie = attribute(AttributionSubject(text="KDGI and the Turkish MFA"), registry)
    assert tie.victim is None and sorted(tie.mentioned) == sorted([KDGI.name, MFA_TR.name])


def test_word_boundaries_and_the_capitals_rule(registry: Registry) -> None:
    for text in ("Mae and her sister", "ACOCK industries", "see kdgi.com.trx", "MOFABHX"):
        assert attribute(AttributionSubject(text=text), registry).victim is None, text


def test_only_the_first_200_kb_of_text_are_scanned(registry: Registry) -> None:
    text = "x " * 100_000 + "Karadeniz Dogalgaz"
    assert attribute(AttributionSubject(text=text), registry).victim is None
    assert attribute(AttributionSubject(text=text[-1000:]), registry).victim == KDGI.name


# ----- nothing, no registry, hostile input --------------------------------------------------------------------------


def test_no_evidence_gives_no_victim(registry: Registry) -> None:
    proposal = attribute(AttributionSubject(path="a/b.txt", kind="text", title="hello", text="nothing to see",
                                            sender="x@example.com", recipients=["y@example.org"]), registry)
    assert proposal == VictimProposal(victim=None, confidence=0.0)


def test_an_empty_registry() -> None:
    registry = Registry.from_victims([])
    subject = AttributionSubject(path="uploads/mofa.gov.bh/1.eml", sender="a@mofa.gov.bh",
                                 headers=received("from EXCH01.mofa.local by EXCH02.mofa.local"), text="Bahrain MOFA")
    assert attribute(subject, registry) == VictimProposal(victim=None, confidence=0.0)


def _junk(rng: random.Random, size: int) -> str:
    return bytes(rng.randrange(256) for _ in range(size)).decode("utf-8", "surrogateescape")


def test_hostile_values_never_crash(registry: Registry) -> None:
    rng = random.Random(5)
    huge = "from " + "a." * 2_000_000 + "mofa.gov.bh by " + "\x00" * 1_000_000
    subjects: list[Any] = [
        AttributionSubject(headers={"Received": [huge] * 3, "Message-ID": ["<" + "@" * 100_000 + ">"],
                                    "X-MS-Exchange-Organization-AuthSource": ["." * 500_000]}),
        AttributionSubject(headers={"Received": [b"\xff\xfe from x.mofa.gov.bh", None, 7],  # type: ignore[list-item]
                                    None: ["x"], "X-MS-Exchange-CrossTenant-Id": "not a list"}),  # type: ignore[dict-item]
        AttributionSubject(path=None, kind=["email"], title=b"t", sender=5, recipients=7,  # type: ignore[arg-type]
                           headers=["Received"], metadata=["company"], text=None,  # type: ignore[arg-type]
                           credential_domains=None, parent="KDGI"),  # type: ignore[arg-type]
        AttributionSubject(metadata={"company": {"x": 1}, "author": ["a"], "sensitivity_labels": "x",
                                     "mailbox_owner": 3, "sender_legacy_dn": b"/O=KDGI",
                                     "recipient_legacy_dns": "/O=KDGI/OU=x"},
                           parent=VictimProposal(victim=KDGI.name, confidence=float("nan"))),
        AttributionSubject(path="!" * 100_000 + "/" * 100_000, text="\udcff" * 300_000,
                           credential_domains=["\\" * 10_000, "@" * 10_000, "." * 10_000] * 1000),
    ]
    for _ in range(30):
        subjects.append(AttributionSubject(
            path=_junk(rng, 300), kind=_junk(rng, 5), title=_junk(rng, 200), sender=_junk(rng, 200),
            recipients=[_junk(rng, 100) for _ in range(5)],
            headers={_junk(rng, 20): [_junk(rng, 500)] for _ in range(10)} | {
                "Received": [_junk(rng, 300) + " from mail.kdgi.com.tr by " + _junk(rng, 50)],
                "Message-ID": [_junk(rng, 80)], "X-MS-Exchange-Organization-AuthAs": [_junk(rng, 9)]},
            metadata={"company": _junk(rng, 100), "mailbox_owner": _junk(rng, 100),
                      "sender_legacy_dn": "/o=" + _junk(rng, 50)},
            text=_junk(rng, 5000), credential_domains=[_junk(rng, 30) for _ in range(20)]))
    for subject in subjects:
        proposal = attribute(subject, registry)
        assert isinstance(proposal, VictimProposal)
        assert 0.0 <= proposal.confidence <= 1.0
    decoded = attribute(subjects[1], registry)  # bytes in a header list are decoded, the rest is dropped
    assert [e.detail for e in decoded.evidence] == ["Received (sending side): from x.mofa.gov.bh"]


# ----- the Public Suffix List, offline ------------------------------------------------------------------------------


def test_registrable_domain() -> None:
    assert registrable_domain("mail.mofa.gov.bh") == "mofa.gov.bh"
    assert registrable_domain("MAIL.MOFA.GOV.BH.") == "mofa.gov.bh"
    assert registrable_domain("smtp.kdgi.com.tr") == "kdgi.com.tr"
    assert registrable_domain("mx1.northmoor-offshore.co.uk") == "northmoor-offshore.co.uk"
    assert registrable_domain("EXCH01.mofa.local") == "mofa.local"
    assert registrable_domain("пример.рф") == "xn--e1afmkfd.xn--p1ai"
    for junk in ("gov.bh", "co.uk", "192.0.2.17", "[fe80::1]", "localhost", "", "a..b.com", "x" * 300 + ".com",
                 "\x00\udcff.com"):
        assert registrable_domain(junk) is None, junk


def test_government_zones_missing_from_the_list_are_supplemented(registry: Registry) -> None:
    assert PublicSuffixList().privatesuffix("smtp.mai.gov.ro") == "gov.ro"  # the bundled list alone
    assert registrable_domain("smtp.mai.gov.ro") == "mai.gov.ro"
    assert registrable_domain("www.mfinante.gov.ro") == "mfinante.gov.ro"
    proposal = attribute(AttributionSubject(kind="email", sender="a@mai.gov.ro",
                                            recipients=["b@mfinante.gov.ro", "c@mai.gov.ro"]), registry)
    assert proposal.victim == MAI_RO.name
    assert "only victim among 3 participants" in {e.detail for e in proposal.evidence}


def test_building_the_public_suffix_list_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    psl = build_public_suffix_list()
    assert psl.privatesuffix("a.b.mofa.gov.bh") == "mofa.gov.bh"
    assert psl.privatesuffix("a.mai.gov.ro") == "mai.gov.ro"
    registry = Registry.from_victims(VICTIMS)
    assert attribute(AttributionSubject(sender="x@mail.kdgi.com.tr"), registry).victim == KDGI.name
    assert "publicsuffixlist.update" not in sys.modules  # the module that can download is never loaded


# ----- the registry and the weight table ----------------------------------------------------------------------------


def test_registry_reports_data_errors_and_keeps_going() -> None:
    victims = [Victim("A", domains=("gov.bh", "shared.example.com", "a.example"), aliases=("Same Name",)),
               Victim("B", domains=("shared.example.com",), aliases=("Same Name",))]
    registry = Registry.from_victims(victims, tenant_ids={"Nobody": ["x"]})
    text = "\n".join(registry.warnings)
    assert "'gov.bh' is not a registrable domain" in text
    assert "'shared.example.com' is listed by 'A' and 'B'" in text
    assert "'Same Name' is used by 'A' and 'B'" in text
    assert "unknown victim 'Nobody'" in text
    assert registry.victim_for_host("mx.shared.example.com") is None
    assert attribute(AttributionSubject(sender="x@a.example"), registry).victim == "A"
    assert attribute(AttributionSubject(text="Same Name"), registry).victim is None


def test_a_large_registry_answers_the_same() -> None:
    padding = [Victim(f"Synthetic Agency {n}", domains=(f"agency{n}.gov.ro",), aliases=(f"AGENCY{n}", f"Agency {n}"))
               for n in range(500)]
    registry = Registry.from_victims(VICTIMS + padding)
    proposal = attribute(AttributionSubject(headers=received("from EXCH01.mofa.local by EXCH02.mofa.local")),
                         registry)
    assert proposal.victim == MOFA_BH.name
    assert attribute(AttributionSubject(sender="a@x.agency417.gov.ro"), registry).victim == "Synthetic Agency 417"


def test_the_weight_table_in_the_docstring_matches_the_data() -> None:
    assert weights_module.weight_table() in (weights_module.__doc__ or "")
    documented = {"container_owner", "exchange_org_header", "internal_host", "message_id_host", "legacy_dn",
                  "participant_domain", "credential_domain", "doc_metadata", "label_tenant", "folder_name",
                  "text_alias", "inherited"}  # the ids Evidence documents
    assert {rule.signal for rule in weights_module.RULES} == documented
    assert all(0 < rule.weight <= 1 and rule.why for rule in weights_module.RULES)
    assert "| text_alias | text_alias | 0.20 | mention | A victim's name" in weights_module.weight_table(why=True)


# ----- the demo trove -----------------------------------------------------------------------------------------------


def _subject(path: str, message: Message) -> AttributionSubject:
    headers: dict[str, list[str]] = {}
    for name, value in message.raw_items():
        headers.setdefault(str(name), []).append(str(value))
    recipients = [str(v) for key in ("to", "cc", "bcc") for v in message.get_all(key, [])]
    return AttributionSubject(path=path, kind="email", title=str(message.get("subject", "")),
                              sender=str(message.get("from", "")), recipients=recipients, headers=headers)


def test_every_demo_message_is_attributed_to_the_mailbox_it_was_taken_from(tmp_path: Path) -> None:
    from trovetriage.demo.generator import generate_demo_trove

    generate_demo_trove(tmp_path, scale=1)
    truth = {}
    for line in (tmp_path / "ground_truth.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        truth[record["path"]] = record["victim"]
    registry = Registry.from_victims(load_victims(tmp_path / "victims.toml"))
    assert registry.warnings == ()
    root = tmp_path / "trove"
    checked = 0
    for file in sorted(root.rglob("*")):
        relative = file.relative_to(root).as_posix()
        if not file.is_file() or not ("/mail/" in relative or relative.startswith("_unsorted/")):
            continue
        if relative.endswith((".mbox", "-sent")):
            box = mailbox.mbox(file, create=False)
            subjects = [_subject(f"{relative}!{index}", entry) for index, entry in enumerate(box)]
            box.close()
        else:
            subjects = [_subject(relative, message_from_bytes(file.read_bytes(), policy=compat32))]
        for subject in subjects:
            proposal = attribute(subject, registry)
            assert proposal.victim == truth[subject.path], subject.path
            assert proposal.confidence >= 0.9, subject.path
            assert proposal.victim not in proposal.correspondents
            checked += 1
    assert checked > 1000


def test_the_same_text_gives_the_same_evidence_in_every_process(tmp_path: Path) -> None:
    """Name hits come in text order whatever the process's string hashing, so the quoted alias (and
    `classify --auto` on an unchanged case) never flips between runs."""
    victims = tmp_path / "victims.toml"
    victims.write_text("\n".join(f'[[victims]]\nname = "Victim {n}"\naliases = ["Alpha{n} Works", "Alpha{n}"]\n'
                                 for n in range(12)), encoding="utf-8")
    script = (
        "import sys; from pathlib import Path\n"
        "from trovetriage.classify.attribution import Registry\n"
        "from trovetriage.classify.attribution.names import Words\n"
        "from trovetriage.core.victims import load_victims\n"
        "registry = Registry.from_victims(load_victims(Path(sys.argv[1])))\n"
        "text = ' and '.join(f'Alpha{n} Works' for n in reversed(range(12)))\n"
        "print([(h.first, h.name.label) for h in registry.names.find(Words(text), free_text=False)])\n"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        result = subprocess.run([sys.executable, "-c", script, str(victims)], capture_output=True, text=True,
                                env={**os.environ, "PYTHONHASHSEED": seed}, check=True)
        outputs.add(result.stdout)
    assert len(outputs) == 1
    hits = ast.literal_eval(outputs.pop())
    assert [first for first, _ in hits] == sorted(first for first, _ in hits)
    assert hits[0] == (0, "Alpha11 Works")  # the longest name at a position comes first
