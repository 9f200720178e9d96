"""The 14 victim organisations of the demo trove and their `victims.toml` (DESIGN §5).

Each victim carries the evidence the attribution engine is meant to weigh: its e-mail domain, the
internal Active Directory domain and Exchange host names that show up in `Received:` and
`X-MS-Exchange-Organization-*` headers, the NetBIOS name used in `DOMAIN\\user` credential lines,
and aliases in the local language. Names, domains, host names and addresses are invented; the
public IP addresses come from the documentation ranges of RFC 5737.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import tomli_w


@dataclass(frozen=True)
class Victim:
    """One organisation the trove was stolen from, with everything the generator needs about it."""

    slug: str  # top-level folder in the trove
    name: str  # unique name written to victims.toml and ground truth
    sector: str  # government | energy | other
    country: str  # ISO 3166 alpha-2
    domain: str  # e-mail and web domain
    ad_domain: str  # internal Active Directory DNS domain
    netbios: str  # NetBIOS domain name, as in DOMAIN\user
    aliases: tuple[str, ...]
    short: str  # how colleagues refer to the organisation in English text
    exchange: tuple[str, ...]  # internal Exchange servers (short names)
    gateway: str  # public mail gateway host name
    public_ip: str  # gateway address (RFC 5737 documentation range)
    net: str  # internal IPv4 prefix, two octets
    ot_net: str  # process-network IPv4 prefix (energy) or a spare range
    tz_minutes: int  # UTC offset of the organisation's servers
    languages: tuple[tuple[str, int], ...]  # language code and weight for its mail
    currency: str
    address_style: str  # first.last | flast | first_last
    inbox: str  # Outlook folder names in the export language
    sent: str
    disclaimer: str = ""  # transport-rule footer appended to outgoing mail


VICTIMS: tuple[Victim, ...] = (
    Victim(slug="mofa-bh", name="Ministry of Foreign Affairs of Bahrain", sector="government", country="BH",
       domain="mofa.gov.bh", ad_domain="mofa.local", netbios="MOFABH",
       aliases=("Bahrain MOFA", "MOFA Bahrain", "وزارة الخارجية البحرينية", "وزارة خارجية مملكة البحرين"),
       short="MOFA Bahrain", exchange=("EXCH01", "EXCH02"), gateway="mail.mofa.gov.bh",
       public_ip="192.0.2.17", net="10.10", ot_net="10.11", tz_minutes=180,
       languages=(("ar", 55), ("en", 45)), currency="BHD", address_style="first.last",
       inbox="البريد الوارد", sent="العناصر المرسلة"),
    Victim(slug="mfa-tr", name="Ministry of Foreign Affairs of Turkey", sector="government", country="TR",
       domain="mfa.gov.tr", ad_domain="disisleri.local", netbios="DISISLERI",
       aliases=("Turkish MFA", "MFA Turkey", "Dışişleri Bakanlığı", "T.C. Dışişleri Bakanlığı"),
       short="MFA Turkey", exchange=("DBEXMB01", "DBEXMB02"), gateway="posta.mfa.gov.tr",
       public_ip="192.0.2.33", net="10.20", ot_net="10.21", tz_minutes=180,
       languages=(("tr", 70), ("en", 30)), currency="TRY", address_style="first.last",
       inbox="Gelen Kutusu", sent="Gönderilmiş Öğeler"),
    Victim(slug="mfa-az", name="Ministry of Foreign Affairs of Azerbaijan", sector="government", country="AZ",
       domain="mfa.gov.az", ad_domain="xin.local", netbios="XIN",
       aliases=("Azerbaijan MFA", "MFA Azerbaijan", "Xarici İşlər Nazirliyi", "МИД Азербайджана"),
       short="MFA Azerbaijan", exchange=("XIN-EXCH01", "XIN-EXCH02"), gateway="mx.mfa.gov.az",
       public_ip="192.0.2.49", net="10.30", ot_net="10.31", tz_minutes=240,
       languages=(("az", 55), ("en", 25), ("ru", 20)), currency="AZN", address_style="flast",
       inbox="Inbox", sent="Sent Items"),
    Victim(slug="kln-my", name="Ministry of Foreign Affairs of Malaysia", sector="government", country="MY",
       domain="kln.gov.my", ad_domain="wisma.local", netbios="WISMA",
       aliases=("Wisma Putra", "Malaysian MFA", "Kementerian Luar Negeri", "KLN"),
       short="Wisma Putra", exchange=("WPEXCH01", "WPEXCH02"), gateway="mail.kln.gov.my",
       public_ip="192.0.2.65", net="10.40", ot_net="10.41", tz_minutes=480,
       languages=(("ms", 50), ("en", 50)), currency="MYR", address_style="first_last",
       inbox="Peti Masuk", sent="Item Dihantar"),
    Victim(slug="mae-ro", name="Ministry of Foreign Affairs of Romania", sector="government", country="RO",
       domain="mae.ro", ad_domain="mae.intern", netbios="MAE",
       aliases=("Romanian MFA", "MAE Romania", "Ministerul Afacerilor Externe", "MAE"),
       short="MAE Romania", exchange=("MAEEXC01", "MAEEXC02"), gateway="mail.mae.ro",
       public_ip="192.0.2.81", net="10.50", ot_net="10.51", tz_minutes=120,
       languages=(("ro", 70), ("en", 30)), currency="RON", address_style="first.last",
       inbox="Inbox", sent="Elemente trimise"),
    Victim(slug="mofa-kr", name="Ministry of Foreign Affairs of the Republic of Korea", sector="government",
       country="KR", domain="mofa.go.kr", ad_domain="mofakr.local", netbios="MOFAKR",
       aliases=("Korean MOFA", "MOFA Korea", "외교부", "대한민국 외교부"),
       short="MOFA Korea", exchange=("KRMAIL01", "KRMAIL02"), gateway="mail.mofa.go.kr",
       public_ip="192.0.2.97", net="10.60", ot_net="10.61", tz_minutes=540,
       languages=(("ko", 75), ("en", 25)), currency="KRW", address_style="first.last",
       inbox="받은 편지함", sent="보낸 편지함"),
    Victim(slug="kdgi-tr", name="Karadeniz Doğalgaz İletim A.Ş.", sector="energy", country="TR",
       domain="kdgi.com.tr", ad_domain="kdgi.local", netbios="KDGI",
       aliases=("KDGI", "Karadeniz Dogalgaz", "Karadeniz Natural Gas Transmission"),
       short="KDGI", exchange=("KDGI-EX01", "KDGI-EX02"), gateway="mail.kdgi.com.tr",
       public_ip="198.51.100.14", net="172.16", ot_net="10.116", tz_minutes=180,
       languages=(("tr", 60), ("en", 40)), currency="TRY", address_style="first.last",
       inbox="Gelen Kutusu", sent="Gönderilmiş Öğeler"),
    Victim(slug="acoc-az", name="Absheron Caspian Oil Company", sector="energy", country="AZ",
       domain="acoc.az", ad_domain="acoc.corp", netbios="ACOC",
       aliases=("ACOC", "Abşeron Xəzər Neft Şirkəti", "Апшерон Каспийская Нефтяная Компания"),
       short="ACOC", exchange=("ACOC-MBX01", "ACOC-MBX02"), gateway="smtp.acoc.az",
       public_ip="198.51.100.30", net="172.17", ot_net="10.117", tz_minutes=240,
       languages=(("en", 50), ("az", 30), ("ru", 20)), currency="AZN", address_style="flast",
       inbox="Inbox", sent="Sent Items",
       disclaimer=("This e-mail and any attachments are confidential and intended solely for the "
                   "addressee. If you have received it in error, please notify the sender and delete it.")),
    Victim(slug="stp-my", name="Seri Tenggara Petroleum Berhad", sector="energy", country="MY",
       domain="seritenggara.com.my", ad_domain="stp.local", netbios="STPB",
       aliases=("STP Berhad", "Seri Tenggara", "Seri Tenggara Petroleum"),
       short="Seri Tenggara", exchange=("STPKUL-EX01", "STPKUL-EX02"), gateway="mail.seritenggara.com.my",
       public_ip="198.51.100.46", net="172.18", ot_net="10.118", tz_minutes=480,
       languages=(("en", 60), ("ms", 40)), currency="MYR", address_style="first_last",
       inbox="Inbox", sent="Sent Items",
       disclaimer=("DISCLAIMER: This message may contain privileged information. Seri Tenggara Petroleum "
                   "Berhad accepts no liability for any damage caused by this e-mail.")),
    Victim(slug="cgt-ro", name="Carpatia Gaz Transport S.A.", sector="energy", country="RO",
       domain="carpatiagaz.ro", ad_domain="carpatia.local", netbios="CARPATIA",
       aliases=("Carpatia Gaz", "CGT", "Carpatia Gaz Transport"),
       short="Carpatia Gaz", exchange=("CGT-EXCH01", "CGT-EXCH02"), gateway="mail.carpatiagaz.ro",
       public_ip="198.51.100.62", net="172.19", ot_net="10.119", tz_minutes=120,
       languages=(("ro", 60), ("en", 40)), currency="RON", address_style="first.last",
       inbox="Inbox", sent="Elemente trimise"),
    Victim(slug="sbe-kr", name="Saebyeol Offshore Energy Co., Ltd.", sector="energy", country="KR",
       domain="saebyeol-energy.co.kr", ad_domain="saebyeol.local", netbios="SAEBYEOL",
       aliases=("Saebyeol Energy", "SBE", "새별해양에너지", "새별에너지"),
       short="Saebyeol Energy", exchange=("SBE-MAIL01", "SBE-MAIL02"), gateway="mail.saebyeol-energy.co.kr",
       public_ip="198.51.100.78", net="172.20", ot_net="10.120", tz_minutes=540,
       languages=(("ko", 60), ("en", 40)), currency="KRW", address_style="first.last",
       inbox="받은 편지함", sent="보낸 편지함"),
    Victim(slug="nmo-gb", name="Northmoor Offshore Ltd", sector="energy", country="GB",
       domain="northmoor-offshore.co.uk", ad_domain="northmoor.local", netbios="NORTHMOOR",
       aliases=("Northmoor", "Northmoor Offshore", "NMO"),
       short="Northmoor", exchange=("NMO-EXCH01", "NMO-EXCH02"), gateway="mx1.northmoor-offshore.co.uk",
       public_ip="203.0.113.20", net="192.168.10", ot_net="10.122", tz_minutes=0,
       languages=(("en", 100),), currency="GBP", address_style="first.last",
       inbox="Inbox", sent="Sent Items",
       disclaimer=("This email is confidential and may be legally privileged. Northmoor Offshore Ltd is "
                   "registered in Scotland. If you are not the intended recipient, please delete it.")),
    Victim(slug="gpp-bh", name="Gulf Pearl Petrochemicals B.S.C.", sector="energy", country="BH",
       domain="gulfpearlpetro.com", ad_domain="gpp.local", netbios="GPP",
       aliases=("Gulf Pearl", "GPP", "الخليج اللؤلؤ للبتروكيماويات"),
       short="Gulf Pearl", exchange=("GPP-EX01", "GPP-EX02"), gateway="mail.gulfpearlpetro.com",
       public_ip="203.0.113.36", net="192.168.20", ot_net="10.123", tz_minutes=180,
       languages=(("en", 70), ("ar", 30)), currency="BHD", address_style="flast",
       inbox="Inbox", sent="Sent Items"),
    Victim(slug="tbe-gb", name="Thistlebank Energy Services plc", sector="energy", country="GB",
       domain="thistlebank-energy.com", ad_domain="thistlebank.local", netbios="TBE",
       aliases=("Thistlebank", "Thistlebank Energy", "TBE"),
       short="Thistlebank", exchange=("TBE-EXCH01", "TBE-EXCH02"), gateway="mail.thistlebank-energy.com",
       public_ip="203.0.113.52", net="192.168.30", ot_net="10.124", tz_minutes=0,
       languages=(("en", 100),), currency="GBP", address_style="first_last",
       inbox="Inbox", sent="Sent Items",
       disclaimer=("Thistlebank Energy Services plc, registered in England and Wales. This message and "
                   "its attachments are confidential; if received in error, please tell us and delete it.")),
)

BY_SLUG: dict[str, Victim] = {victim.slug: victim for victim in VICTIMS}


def internal_domains(victim: Victim) -> list[str]:
    """The domains that identify the victim: e-mail/web domain first, then the AD DNS domain."""
    return [victim.domain, victim.ad_domain]


def victims_document() -> dict[str, list[dict[str, object]]]:
    """The `victims.toml` content as a plain mapping, in DESIGN §5 shape."""
    return {
        "victims": [
            {
                "name": victim.name,
                "sector": victim.sector,
                "country": victim.country,
                "domains": internal_domains(victim),
                "aliases": [alias for alias in victim.aliases if alias != victim.netbios] + [victim.netbios],
            }
            for victim in VICTIMS
        ]
    }


def write_victims_toml(path: Path) -> int:
    """Write the victims file; the NetBIOS name is an alias so `DOMAIN\\user` lines can be attributed."""
    header = (
        "# Victims of the synthetic TroveTriage demo trove. The ministries carry the names of the real ones\n"
        "# that public reporting named; the energy companies are invented. All content is invented.\n"
        "# Domains: e-mail/web domain, then the internal Active Directory domain; the last alias\n"
        "# of each victim is its NetBIOS domain as seen in DOMAIN\\user credential lines.\n\n"
    )
    data = (header + tomli_w.dumps(victims_document())).encode("utf-8")
    path.write_bytes(data)
    return len(data)
