"""The synthetic demo trove: reproducible, complete ground truth, realistic mail, hostile files."""

from __future__ import annotations

import email
import email.policy
import hashlib
import io
import json
import lzma
import random
import re
import tarfile
import tomllib
import zipfile
from collections import Counter
from datetime import UTC, datetime
from email.message import EmailMessage, Message
from pathlib import Path

import pytest

from trovetriage.demo import hostile, phrases
from trovetriage.demo.content import SLOT_CATEGORIES, TOPIC_TRUTH, Composer, Org, template_slots
from trovetriage.demo.generator import DemoSummary, generate_demo_trove
from trovetriage.demo.names import make_person
from trovetriage.demo.truth import Truth
from trovetriage.demo.victims import VICTIMS

TAXONOMY = {"credentials", "marking", "diplomatic", "pii", "financial", "infrastructure", "ot", "commercial"}
RECORD_KEYS = {"path", "victim", "categories", "level"}
HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*: ")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary]:
    out = tmp_path_factory.mktemp("demo")
    return out, generate_demo_trove(out, scale=1, seed=7)


@pytest.fixture(scope="module")
def records(demo: tuple[Path, DemoSummary]) -> list[dict]:
    lines = (demo[0] / "ground_truth.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def digest_tree(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def trove_files(root: Path) -> list[Path]:
    return sorted(path for path in (root / "trove").rglob("*") if path.is_file())


# ----- an independent enumerator of items, following DESIGN §2 naming ----------------------------

def _attachments(message: Message) -> list[Message]:
    """Parts with a file name, without descending into attached messages."""
    found: list[Message] = []

    def visit(part: Message) -> None:
        if part.get_content_maintype() == "multipart":
            for child in part.get_payload():
                visit(child)
        elif part.get_filename():
            found.append(part)

    visit(message)
    return found


def _message_items(path: str, message: Message) -> list[str]:
    items = [path]
    seen: Counter[str] = Counter()
    for part in _attachments(message):
        name = part.get_filename()
        seen[name] += 1
        child = f"{path}!{name}" if seen[name] == 1 else f"{path}!{name}#{seen[name]}"
        if part.get_content_type() == "message/rfc822":
            items += _message_items(child, part.get_payload(0))
        else:
            items += _items(child, name, part.get_payload(decode=True))
    return items


def _gzip_name(data: bytes, fallback: str) -> str:
    if len(data) > 10 and data[3] & 0x08:
        start = 10 + (2 + int.from_bytes(data[10:12], "little") if data[3] & 0x04 else 0)
        return data[start:data.index(b"\0", start)].decode("latin-1")
    return fallback


def _items(path: str, name: str, data: bytes) -> list[str]:
    """Every item a file yields: itself, then its members, recursively."""
    lower = name.lower()
    if data.startswith(b"PK\x03\x04"):
        items = [path]
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:  # no central directory: members are still behind local headers
            for match in re.finditer(rb"PK\x03\x04", data):
                size = int.from_bytes(data[match.start() + 26:match.start() + 28], "little")
                items.append(f"{path}!{data[match.start() + 30:match.start() + 30 + size].decode()}")
            return items
        for info in archive.infolist():
            if info.file_size > 64 * 1024 * 1024:  # the bomb: listed, never inflated
                items.append(f"{path}!{info.filename}")
            else:
                items += _items(f"{path}!{info.filename}", info.filename, archive.read(info))
        return items
    if lower.endswith((".tar", ".tar.gz")):
        items = [path]
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            for member in archive.getmembers():
                payload = archive.extractfile(member)
                assert payload is not None
                items += _items(f"{path}!{member.name}", member.name, payload.read())
        return items
    if lower.endswith(".gz"):
        inner = _gzip_name(data, name[:-3])
        return [path, f"{path}!{inner}"]
    if lower.endswith(".bz2"):
        return [path, f"{path}!{name[:-4]}"]
    if lower.endswith(".xz"):
        lzma.decompress(data)
        return [path, f"{path}!{name[:-3]}"]
    if data.startswith(b"From "):
        items = [path]
        chunks = re.split(rb"^From [^\n]*\n", data, flags=re.MULTILINE)[1:]
        for index, chunk in enumerate(chunks):
            items += _message_items(f"{path}!{index}", email.message_from_bytes(chunk, policy=email.policy.default))
        return items
    if HEADER_LINE.match(data):
        return _message_items(path, email.message_from_bytes(data, policy=email.policy.default))
    return [path]


# ----- tests ----------------------------------------------------------------------------------------------

def test_summary_matches_what_was_written(demo: tuple[Path, DemoSummary], records: list[dict]) -> None:
    out, summary = demo
    files = trove_files(out)
    assert summary.files == len(files)
    assert summary.bytes == sum(path.stat().st_size for path in files)
    assert summary.items_expected == len(records)
    assert 1500 <= summary.items_expected <= 2500
    assert summary.victims == 14


def test_same_seed_gives_identical_bytes(demo: tuple[Path, DemoSummary], tmp_path: Path) -> None:
    again = generate_demo_trove(tmp_path, scale=1, seed=7)
    assert digest_tree(tmp_path) == digest_tree(demo[0])
    assert again == DemoSummary(tmp_path, demo[1].files, demo[1].bytes, demo[1].items_expected, 14,
                                demo[1].messages)


def test_other_seed_differs(demo: tuple[Path, DemoSummary], tmp_path: Path) -> None:
    generate_demo_trove(tmp_path, scale=1, seed=8)
    ours, theirs = digest_tree(demo[0]), digest_tree(tmp_path)
    assert ours["victims.toml"] == theirs["victims.toml"]
    assert ours["ground_truth.jsonl"] != theirs["ground_truth.jsonl"]
    assert ours != theirs


def test_scale_grows_the_trove(demo: tuple[Path, DemoSummary], tmp_path: Path) -> None:
    bigger = generate_demo_trove(tmp_path, scale=2)
    assert bigger.items_expected > demo[1].items_expected * 1.7
    assert bigger.files > demo[1].files


def test_refuses_to_write_into_a_non_empty_trove(tmp_path: Path) -> None:
    (tmp_path / "trove").mkdir()
    (tmp_path / "trove" / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        generate_demo_trove(tmp_path)
    with pytest.raises(ValueError, match="scale"):
        generate_demo_trove(tmp_path / "other", scale=0)


def test_victims_file(demo: tuple[Path, DemoSummary]) -> None:
    victims = tomllib.loads((demo[0] / "victims.toml").read_text(encoding="utf-8"))["victims"]
    assert len(victims) == 14
    assert len({victim["name"] for victim in victims}) == 14
    assert Counter(victim["sector"] for victim in victims) == {"government": 6, "energy": 8}
    for victim in victims:
        assert set(victim) == {"name", "sector", "country", "domains", "aliases"}
        assert re.fullmatch(r"[A-Z]{2}", victim["country"])
        assert victim["domains"] and all(isinstance(domain, str) and "." in domain for domain in victim["domains"])
        assert victim["aliases"] and all(isinstance(alias, str) and alias for alias in victim["aliases"])
    domains = [domain for victim in victims for domain in victim["domains"]]
    assert len(domains) == len(set(domains))
    assert {"mofa.gov.bh", "mfa.gov.tr", "mfa.gov.az", "kln.gov.my", "mae.ro", "mofa.go.kr"} <= set(domains)


def test_ground_truth_records_are_well_formed(demo: tuple[Path, DemoSummary], records: list[dict]) -> None:
    names = {victim["name"] for victim in tomllib.loads((demo[0] / "victims.toml").read_text("utf-8"))["victims"]}
    trove = demo[0] / "trove"
    for record in records:
        assert set(record) >= RECORD_KEYS
        assert record["victim"] is None or record["victim"] in names
        assert set(record["categories"]) <= TAXONOMY
        assert record["level"] is None or record["level"] in range(5)
        if "!" not in record["path"]:
            assert (trove / record["path"]).is_file(), record["path"]
    paths = [record["path"] for record in records]
    assert len(paths) == len(set(paths))
    top = {path for path in paths if "!" not in path}
    assert top == {path.relative_to(trove).as_posix() for path in trove_files(demo[0])}
    assert {record["victim"] for record in records} == names | {None}


def test_ground_truth_lists_exactly_the_items_in_the_trove(demo: tuple[Path, DemoSummary],
                                                           records: list[dict]) -> None:
    trove = demo[0] / "trove"
    found: list[str] = []
    for path in trove_files(demo[0]):
        relative = path.relative_to(trove).as_posix()
        found += _items(relative, path.name, path.read_bytes())
    assert Counter(found) == Counter(record["path"] for record in records)
    assert any(path.endswith("#2") for path in found)  # two attachments with one name (DESIGN §2)


def test_ground_truth_covers_the_taxonomy(records: list[dict]) -> None:
    levels = Counter(record["level"] for record in records)
    assert all(levels[level] > 20 for level in range(5))
    categories = Counter(category for record in records for category in record["categories"])
    assert set(categories) == TAXONOMY
    for record in records:
        if "marking" not in record["categories"] and record["level"] is not None:
            # Without a banner the level comes from content: 0 public, 1 internal, 2+ findings.
            assert (record["level"] >= 2) == bool(record["categories"]), record
    admin_dumps = [record for record in records if record["path"].split("/")[-1].startswith("ntds_")]
    assert len(admin_dumps) == 1 and admin_dumps[0]["level"] == 4


def test_domain_admin_hash_dump(demo: tuple[Path, DemoSummary], records: list[dict]) -> None:
    dump = next(record for record in records if "/creds/ntds_" in record["path"])
    lines = (demo[0] / "trove" / dump["path"]).read_text("ascii").splitlines()
    pattern = re.compile(r"^[A-Z0-9]+\\[^:]+:(\d+):[0-9a-f]{32}:[0-9a-f]{32}:::$")
    assert all(pattern.match(line) for line in lines)
    assert {"500", "502"} <= {pattern.match(line).group(1) for line in lines}  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def eml(demo: tuple[Path, DemoSummary]) -> dict[str, tuple[bytes, EmailMessage]]:
    """Exchange-export files (one message each) by trove path, raw and parsed."""
    trove = demo[0] / "trove"
    parsed: dict[str, tuple[bytes, EmailMessage]] = {}
    for path in trove_files(demo[0]):
        if "/mail/" in path.as_posix() and not path.name.endswith((".mbox", "-sent")):
            data = path.read_bytes()
            message = email.message_from_bytes(data, policy=email.policy.default)
            assert isinstance(message, EmailMessage)
            parsed[path.relative_to(trove).as_posix()] = (data, message)
    return parsed


@pytest.fixture(scope="module")
def mbox_messages(demo: tuple[Path, DemoSummary]) -> list[EmailMessage]:
    chunks: list[bytes] = []
    for path in trove_files(demo[0]):
        if path.name.endswith((".mbox", "-sent")):
            chunks += re.split(rb"^From [^\n]*\n", path.read_bytes(), flags=re.MULTILINE)[1:]
    return [email.message_from_bytes(chunk, policy=email.policy.default) for chunk in chunks]  # type: ignore[misc]


def _body(message: EmailMessage) -> str:
    part = message.get_body(("plain", "html"))
    assert part is not None
    return part.get_content()


def test_eml_files_parse_with_exchange_headers(eml: dict[str, tuple[bytes, EmailMessage]]) -> None:
    assert len(eml) > 400
    features: Counter[str] = Counter()
    for path, (data, message) in eml.items():
        for part in message.walk():
            assert not part.defects, (path, part.defects)
        for name in ("From", "To", "Date", "Subject", "Message-ID", "MIME-Version", "Thread-Index",
                     "X-MS-Exchange-Organization-AuthAs", "X-MS-Exchange-Organization-Network-Message-Id"):
            assert message[name] is not None, (path, name)
        assert re.search(r"@([A-Za-z0-9-]+\.[a-z.]+\.(local|intern|corp)|mail\.[a-z0-9.-]+)>$", message["Message-ID"])
        features["received"] += message["Received"] is not None
        features["internal-host"] += bool(re.search(r"\.(local|intern|corp) \(", message.get("Received", "")))
        features["originating-ip"] += message["X-Originating-IP"] is not None
        features["cc"] += message["Cc"] is not None
        features["bcc"] += message["Bcc"] is not None
        features["reply"] += message["In-Reply-To"] is not None and message["References"] is not None
        features["rfc2047"] += re.search(rb"^Subject: =\?", data, flags=re.MULTILINE) is not None
        features[Path(path).suffix or "no-extension"] += 1
        for part in message.walk():
            features[part.get_content_type()] += 1
            features[f"cte:{part.get('Content-Transfer-Encoding', '')}"] += 1
            if part.get_content_charset():
                features[f"charset:{part.get_content_charset()}"] += 1
        assert len(_body(message)) > 200
    total = len(eml)
    assert total * 0.5 < features["received"] < total
    assert features["internal-host"] == features["received"]
    for name in ("originating-ip", "cc", "bcc", "reply", "rfc2047", ".txt", "no-extension", "multipart/alternative",
                 "text/html", "message/rfc822", "application/x-zip-compressed", "text/csv", "cte:base64",
                 "cte:quoted-printable", "cte:7bit", "charset:utf-8", "charset:windows-1256", "charset:iso-8859-9",
                 "charset:iso-8859-2", "charset:euc-kr", "charset:windows-1251"):
        assert features[name] > 0, name
    assert features[".eml"] > features[".txt"] + features["no-extension"]


def test_mail_bodies_are_realistic(eml: dict[str, tuple[bytes, EmailMessage]]) -> None:
    lengths = []
    words: set[str] = set()
    for _, message in eml.values():
        text = _body(message)
        lengths.append(len(text))
        words.update(text.lower().split())
    lengths.sort()
    assert 500 <= lengths[len(lengths) // 2] <= 3000
    assert len(words) > 5000


def test_mbox_files_use_from_lines_and_quoting(demo: tuple[Path, DemoSummary],
                                               mbox_messages: list[EmailMessage]) -> None:
    mailboxes = [path for path in trove_files(demo[0]) if path.name.endswith((".mbox", "-sent"))]
    assert mailboxes and any(path.suffix == "" for path in mailboxes)
    quoted = 0
    for path in mailboxes:
        data = path.read_bytes()
        assert data.startswith(b"From ")
        quoted += len(re.findall(rb"^>From ", data, flags=re.MULTILINE))
        assert not re.search(rb"\n\nFrom (?!\S+@\S+ \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\n)", data)
    assert quoted > 0
    assert len(mbox_messages) > 300
    assert all(message["Message-ID"] and message["X-MS-Exchange-Organization-AuthAs"] for message in mbox_messages)


def test_languages_and_banners_are_present(eml: dict[str, tuple[bytes, EmailMessage]],
                                           mbox_messages: list[EmailMessage]) -> None:
    text = "\n".join(_body(message) for message in [*(m for _, m in eml.values()), *mbox_messages])
    for sample in ("Dışişleri", "Nazir", "Menteri", "ministrului", "대사관", "السفارة", "Посол", "Ambassador"):
        assert sample in text or sample.replace("ș", "ş") in text, sample
    for banner in ("SECRET", "GİZLİ", "سري", "RAHSIA", "STRICT SECRET", "비밀", "TOP SECRET", "TLP:RED",
                   "CONFIDENTIAL"):
        assert re.search(rf"^{re.escape(banner)}\r?$", text, flags=re.MULTILINE), banner


def test_victims_write_to_each_other(eml: dict[str, tuple[bytes, EmailMessage]], records: list[dict]) -> None:
    victim_of = {record["path"]: record["victim"] for record in records}
    copies: dict[str, list[tuple[str, EmailMessage]]] = {}
    for path, (_, message) in eml.items():
        copies.setdefault(message["Message-ID"], []).append((victim_of[path], message))
    shared = [found for found in copies.values() if len({victim for victim, _ in found}) > 1]
    assert len(shared) >= 5
    for found in shared:
        # Same message, same text; the victim is whoever's mailbox held the copy.
        assert len({_body(message).replace("\r\n", "\n") for _, message in found}) == 1
        assert len({message["X-MS-Exchange-Organization-AuthSource"] for _, message in found}) == len(found)


def test_hostile_files(demo: tuple[Path, DemoSummary], records: list[dict]) -> None:
    folder = demo[0] / "trove" / "_hostile"
    bomb = folder / "bomb.zip"
    assert bomb.stat().st_size < 64 * 1024
    with zipfile.ZipFile(bomb) as outer:
        inner = zipfile.ZipFile(io.BytesIO(outer.read("inner.zip")))
    (leaf,) = inner.infolist()
    assert leaf.file_size > 1024**3
    with inner.open(leaf) as stream:
        assert stream.read(1 << 20) == bytes(1 << 20)
    with zipfile.ZipFile(folder / "traversal.zip") as archive:
        assert set(hostile.TRAVERSAL_NAMES) <= set(archive.namelist())
    with tarfile.open(folder / "traversal.tar") as archive:
        assert set(hostile.TRAVERSAL_NAMES) <= set(archive.getnames())
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(folder / "truncated_cd.zip")
    hostile_records = [record for record in records if record["path"].startswith("_hostile/")]
    assert all(record["victim"] is None and record["level"] is None for record in hostile_records)
    statuses = {record["path"]: record.get("status") for record in hostile_records}
    assert statuses["_hostile/bomb.zip!inner.zip!zeros.bin"] == "skipped_bomb"
    assert statuses["_hostile/truncated_cd.zip"] == "truncated"
    assert statuses["_hostile/truncated.txt.gz!truncated.txt"] == "truncated"
    assert statuses["_hostile/empty.eml"] == "empty"


def test_bomb_builder_makes_a_valid_zip() -> None:
    size = 3 * hostile.MiB + 12345
    with zipfile.ZipFile(io.BytesIO(hostile.zero_bomb_zip(size))) as archive:
        assert archive.testzip() is None
        assert archive.read("zeros.bin") == bytes(size)


def test_bomb_crc_constant_is_right() -> None:
    assert hostile.zero_crc(hostile.BOMB_BYTES) == hostile.BOMB_CRC


def test_templates_only_carry_the_sensitive_slots_of_their_topic() -> None:
    sensitive = set(SLOT_CATEGORIES)
    for lang, topics in phrases.SENTENCES.items():
        for topic, templates in topics.items():
            assert topic in TOPIC_TRUTH, (lang, topic)
            for template in templates:
                used = set(template_slots(template)) & sensitive
                if topic in ("routine", "newsletter"):
                    assert not used, (lang, template)
                if topic in ("diplomatic", "commercial"):
                    assert not used - {"account_org"}, (lang, template)
    for lang, topics in phrases.SUBJECTS.items():
        for templates in topics.values():
            for template in templates:
                assert not set(template_slots(template)) & sensitive, (lang, template)
    for topic, parts in phrases.COMBOS.items():
        for fragment in (fragment for part in parts for fragment in part):
            assert not set(template_slots(fragment)) & sensitive, (topic, fragment)


def test_every_template_fills_for_every_victim() -> None:
    for victim in VICTIMS:
        staff = [make_person(random.Random(index), "en") for index in range(3)]
        for lang in phrases.LANGUAGES:
            composer = Composer(random.Random(lang), Org(victim, staff), lang, datetime(2019, 5, 5, tzinfo=UTC))
            pools = [*phrases.SENTENCES[lang].values(), *phrases.SUBJECTS[lang].values(),
                     phrases.GREETINGS[lang]]
            for template in (template for pool in pools for template in pool):
                text = composer.fill(template, Truth(1))
                assert "{" not in text and text.strip(), (victim.slug, lang, template)
