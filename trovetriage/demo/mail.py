"""RFC 822 messages as an Exchange server exports them, built with the stdlib `email` package.

What makes them realistic (and what the attribution engine learns from): the mailbox owner's
Exchange adds `Received:` hops through internal host names and `X-MS-Exchange-Organization-*`
headers; a message from another organisation also carries that organisation's own outbound hops
and `X-Originating-IP`, so "victim" must be read from the owner's side, not from any hostname.
Sent-items copies carry no `Received:` at all, as in real exports.
"""

from __future__ import annotations

import base64
import io
import quopri
import random
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.generator import BytesGenerator
from email.header import Header
from email.message import Message
from email.policy import Compat32
from email.utils import format_datetime, formataddr

from trovetriage.demo import phrases
from trovetriage.demo.charsets import encode, legacy_text, pick_charset, pick_cte
from trovetriage.demo.content import Text, wrap
from trovetriage.demo.letters import render_html
from trovetriage.demo.names import Person
from trovetriage.demo.truth import Node
from trovetriage.demo.victims import Victim


class _FoldingPolicy(Compat32):
    """compat32 with a fast path for plain ASCII headers (the stdlib `Header` fold is the hot spot).

    The folding is the RFC 5322 kind: a line break is inserted before a space, so unfolding gives
    the original value back. Encoded (`Header`) values still go through the stdlib.
    """

    def _fold(self, name: str, value: object, sanitize: bool) -> str:
        if isinstance(value, str) and value.isascii() and "\n" not in value and "\r" not in value:
            limit = self.max_line_length or 78
            words = value.split(" ")
            lines: list[str] = []
            current = f"{name}: {words[0]}"
            for word in words[1:]:
                if word and len(current) + 1 + len(word) > limit:
                    lines.append(current)
                    current = " " + word
                else:
                    current += " " + word
            lines.append(current)
            return self.linesep.join(lines) + self.linesep
        return super()._fold(name, value, sanitize)


_POLICY_CRLF = _FoldingPolicy(linesep="\r\n")
_POLICY_LF = _FoldingPolicy(linesep="\n")

_EXCHANGE_BUILDS = ("14.3.498.0", "15.0.1497.2", "15.1.1713.5", "15.1.2044.4", "15.2.721.2")
_CIPHER = "version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P384"


@dataclass
class Attachment:
    """A file or message attached to a mail; `node` is its ground truth (name = file name)."""

    name: str
    node: Node
    data: bytes = b""
    mime: str = "application/octet-stream"
    charset: str | None = None
    message: Message | None = None  # set for message/rfc822 attachments


@dataclass
class MailSpec:
    """Everything about one stored copy of a message."""

    owner: Victim  # whose Exchange this copy was exported from
    sender: Person
    sender_victim: Victim | None  # None: an outside organisation
    to: list[Person]
    date: datetime  # UTC
    text: Text
    message_id: str
    thread_index: str
    cc: list[Person] = field(default_factory=list)
    bcc: list[Person] = field(default_factory=list)
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    sent_copy: bool = False
    html: str = ""  # "" plain only, "alternative" or "only"
    tracker: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    sender_host: str = ""  # external MTA name for outside senders
    sender_ip: str = ""


def exchange_build(victim: Victim) -> str:
    return _EXCHANGE_BUILDS[sum(map(ord, victim.slug)) % len(_EXCHANGE_BUILDS)]


def server(victim: Victim, index: int) -> str:
    return f"{victim.exchange[index % len(victim.exchange)]}.{victim.ad_domain}"


def server_ip(victim: Victim, index: int) -> str:
    octets = victim.net.split(".")
    tail = ["20", str(11 + index % len(victim.exchange))] if len(octets) == 2 else [str(11 + index % 2)]
    return ".".join(octets + tail)


def client_ip(rng: random.Random, victim: Victim) -> str:
    octets = victim.net.split(".")
    while len(octets) < 4:
        octets.append(str(rng.randint(30, 250)))
    return ".".join(octets)


def message_id(rng: random.Random, victim: Victim | None, domain: str) -> str:
    """Exchange on-premises style: 32 hex digits at the internal server's FQDN."""
    if victim is None:
        return f"<{rng.randint(10**9, 10**10 - 1)}.{rng.getrandbits(64):016x}@mail.{domain}>"
    return f"<{rng.getrandbits(128):032x}@{server(victim, rng.randrange(2))}>"


def thread_index(rng: random.Random, when: datetime, parent: str = "") -> str:
    """Outlook's Thread-Index: 22 bytes (time + GUID) for a new thread, plus 5 bytes per reply."""
    if parent:
        raw = base64.b64decode(parent) + rng.getrandbits(40).to_bytes(5, "big")
    else:
        filetime = int((when - datetime(1601, 1, 1, tzinfo=UTC)).total_seconds() * 10_000_000)
        raw = filetime.to_bytes(8, "big")[:6] + rng.getrandbits(128).to_bytes(16, "big")
    return base64.b64encode(raw).decode("ascii")


def _local(when: datetime, victim: Victim) -> str:
    return format_datetime(when.astimezone(timezone(timedelta(minutes=victim.tz_minutes))))


def _address(person: Person, charset: str, rng: random.Random) -> str:
    """Display name in Latin script, or native script (RFC 2047 encoded) as some clients send it."""
    name = person.native if person.native != person.name and rng.random() < 0.4 else person.name
    if name.isascii():
        return formataddr((name, person.address))
    try:
        legacy_text(name, charset).encode(charset)
    except (UnicodeEncodeError, LookupError):
        charset = "utf-8"
    return formataddr((legacy_text(name, charset), person.address), charset=charset)


def received_headers(spec: MailSpec, rng: random.Random) -> list[str]:
    """The hops a copy went through, newest first, with the owner's internal host names."""
    if spec.sent_copy:
        return []
    owner = spec.owner
    build = exchange_build(owner)
    t = spec.date
    hops: list[str] = []
    a, b = rng.randrange(2), rng.randrange(2)
    if spec.sender_victim is owner:
        hops.append(f"from {server(owner, a)} ({server_ip(owner, a)}) by {server(owner, b)} ({server_ip(owner, b)}) "
                    f"with Microsoft SMTP Server ({_CIPHER}) id {build} via Mailbox Transport; "
                    f"{_local(t + timedelta(seconds=2), owner)}")
        hops.append(f"from {server(owner, a)} ({server_ip(owner, a)}) by {server(owner, a)} ({server_ip(owner, a)}) "
                    f"with Microsoft SMTP Server ({_CIPHER}) id {build}; {_local(t + timedelta(seconds=1), owner)}")
        hops.append(f"from {server(owner, a)} ([fe80::{rng.getrandbits(16):x}:{rng.getrandbits(16):x}:"
                    f"{rng.getrandbits(16):x}:{rng.getrandbits(16):x}]) by {server(owner, a)} ([fe80::"
                    f"{rng.getrandbits(16):x}:{rng.getrandbits(16):x}:{rng.getrandbits(16):x}:{rng.getrandbits(16):x}"
                    f"%12]) with mapi id {build.replace('.', '.0', 1)}; {_local(t, owner)}")
        return hops
    gateway_ip = server_ip(owner, 0).rsplit(".", 1)[0] + ".5"
    hops.append(f"from {server(owner, a)} ({server_ip(owner, a)}) by {server(owner, b)} ({server_ip(owner, b)}) "
                f"with Microsoft SMTP Server ({_CIPHER}) id {build} via Mailbox Transport; "
                f"{_local(t + timedelta(seconds=9), owner)}")
    hops.append(f"from {owner.gateway} ({gateway_ip}) by {server(owner, a)} ({server_ip(owner, a)}) with Microsoft "
                f"SMTP Server ({_CIPHER}) id {build}; {_local(t + timedelta(seconds=8), owner)}")
    hops.append(f"from {spec.sender_host} ({spec.sender_host} [{spec.sender_ip}]) by {owner.gateway} with ESMTPS id "
                f"{rng.getrandbits(48):012X}; {_local(t + timedelta(seconds=6), owner)}")
    source = spec.sender_victim
    if source is not None:
        s = rng.randrange(2)
        hops.append(f"from {server(source, s)} ({server_ip(source, s)}) by {source.gateway} ({source.public_ip}) "
                    f"with Microsoft SMTP Server ({_CIPHER}) id {exchange_build(source)}; "
                    f"{_local(t + timedelta(seconds=3), source)}")
    return hops


def _text_part(text: str, subtype: str, charset: str, rng: random.Random, part: Message | None = None) -> Message:
    """A text part (or, with `part`, the text content of an existing message) in a random encoding."""
    raw, charset = encode(text, charset)
    cte = pick_cte(rng, raw)
    if cte in ("7bit", "8bit"):
        raw, charset = encode(wrap(text), charset)
        payload = raw.decode("ascii", "surrogateescape")
    elif cte == "base64":
        payload = base64.encodebytes(raw).decode("ascii")
    else:
        payload = quopri.encodestring(raw).decode("ascii")
    part = Message() if part is None else part
    part["Content-Type"] = f'text/{subtype}; charset="{charset}"'
    part["Content-Transfer-Encoding"] = cte
    part.set_payload(payload)
    return part


def _multipart(subtype: str, parts: list[Message], boundary: str) -> Message:
    container = Message()
    container["Content-Type"] = f'multipart/{subtype}; boundary="{boundary}"'
    container.set_payload(parts)
    return container


def _attachment_part(attachment: Attachment, when: datetime) -> Message:
    part = Message()
    name = attachment.name if attachment.name.isascii() else ("utf-8", "", attachment.name)
    if attachment.message is not None:
        part["Content-Type"] = "message/rfc822"
        part.add_header("Content-Disposition", "attachment", filename=name)
        part.set_payload([attachment.message])
        return part
    params: dict[str, str | tuple[str, str, str]] = {"name": name}
    if attachment.charset:
        # Python's "utf-8-sig" is UTF-8 with a BOM in the data; MIME only knows "utf-8".
        params = {"charset": attachment.charset.replace("utf-8-sig", "utf-8"), "name": name}
    part.add_header("Content-Type", attachment.mime, **params)
    part.add_header("Content-Description", attachment.name if attachment.name.isascii() else "attachment")
    stamp = format_datetime(when)
    part.add_header("Content-Disposition", "attachment", filename=name, size=str(len(attachment.data)),
                    **{"creation-date": stamp, "modification-date": stamp})
    part["Content-Transfer-Encoding"] = "base64"
    part.set_payload(base64.encodebytes(attachment.data).decode("ascii"))
    return part


def build_message(spec: MailSpec, rng: random.Random) -> Message:
    """The `email.message.Message` for one stored copy (serialise it with `to_bytes`).

    What the sender decided (charsets, encodings, display names) is drawn from the Message-ID, so
    every copy of a message has the same body; `rng` only drives what each server adds.
    """
    text = spec.text
    sender_rng = random.Random(spec.message_id)
    charset = encode(text.body, pick_charset(sender_rng, text.lang))[1]  # falls back to UTF-8 if it does not fit
    token = spec.message_id.strip("<>").split("@")[0][:32].upper()
    host_token = re.sub(r"[^A-Za-z0-9]", "", spec.message_id.split("@")[-1])[:24]

    body: Message | None = None  # None: the message itself is a single text part
    if spec.attachments or spec.html == "alternative":
        plain = _text_part(text.body, "plain", charset, sender_rng)
        if spec.html:
            markup = _text_part(render_html(text, charset, spec.tracker), "html", charset, sender_rng)
            body = markup if spec.html == "only" else _multipart("alternative", [plain, markup],
                                                                f"_000_{token}{host_token}_")
        else:
            body = plain
        if spec.attachments:
            parts = [body] + [_attachment_part(attachment, spec.date) for attachment in spec.attachments]
            body = _multipart("mixed", parts, f"_004_{token}{host_token}_")

    msg = Message()
    for hop in received_headers(spec, rng):
        msg["Received"] = hop
    msg["From"] = _address(spec.sender, charset, sender_rng)
    msg["To"] = ", ".join(_address(person, charset, sender_rng) for person in spec.to)
    if spec.cc:
        msg["CC"] = ", ".join(_address(person, charset, sender_rng) for person in spec.cc)
    if spec.bcc and spec.sent_copy:
        msg["BCC"] = ", ".join(_address(person, charset, sender_rng) for person in spec.bcc)
    msg["Subject"] = _header(text.subject, charset, "Subject")
    topic = text.subject
    for prefix in ("RE: ", "YNT: ", "회신: ", "رد: ", "FW: "):
        topic = topic.removeprefix(prefix)
    msg["Thread-Topic"] = _header(topic, charset, "Thread-Topic")
    msg["Thread-Index"] = spec.thread_index
    msg["Date"] = format_datetime(spec.date)
    msg["Message-ID"] = spec.message_id
    if spec.references:
        msg["References"] = " ".join(spec.references)
    if spec.in_reply_to:
        msg["In-Reply-To"] = spec.in_reply_to
    language = phrases.CONTENT_LANGUAGE.get(text.lang, "en-US")
    msg["Accept-Language"] = f"{language}, en-US" if language != "en-US" else "en-US"
    msg["Content-Language"] = language
    msg["X-MS-Has-Attach"] = "yes" if spec.attachments else ""
    msg["X-MS-Exchange-Organization-SCL"] = "-1"
    msg["X-MS-TNEF-Correlator"] = ""
    if spec.sender_victim is not None:
        msg["x-originating-ip"] = f"[{client_ip(sender_rng, spec.sender_victim)}]"
    if body is None:
        if spec.html == "only":
            _text_part(render_html(text, charset, spec.tracker), "html", charset, sender_rng, msg)
        else:
            _text_part(text.body, "plain", charset, sender_rng, msg)
    else:
        msg["Content-Type"] = body["Content-Type"]
        msg.set_payload(body.get_payload())  # a list of parts: nothing is decoded
    msg["MIME-Version"] = "1.0"
    internal = spec.sent_copy or spec.sender_victim is spec.owner
    msg["X-MS-Exchange-Organization-MessageDirectionality"] = "Originating" if internal else "Incoming"
    msg["X-MS-Exchange-Organization-AuthSource"] = server(spec.owner, rng.randrange(2))
    msg["X-MS-Exchange-Organization-AuthAs"] = "Internal" if internal else "Anonymous"
    if internal:
        msg["X-MS-Exchange-Organization-AuthMechanism"] = "04"
    msg["X-MS-Exchange-Organization-Network-Message-Id"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    return msg


def _header(value: str, charset: str, name: str) -> str | Header:
    """ASCII stays as is; anything else becomes RFC 2047 encoded words in the message's charset."""
    if value.isascii():
        return value
    try:
        legacy_text(value, charset).encode(charset)
    except (UnicodeEncodeError, LookupError):
        charset = "utf-8"
    return Header(legacy_text(value, charset), charset, header_name=name)


def to_bytes(msg: Message, crlf: bool = True) -> bytes:
    """Serialise deterministically: boundaries are fixed, so the same message gives the same bytes."""
    buffer = io.BytesIO()
    BytesGenerator(buffer, mangle_from_=False, policy=_POLICY_CRLF if crlf else _POLICY_LF).flatten(msg)
    return buffer.getvalue()


_FROM_LINE = re.compile(rb"^(>*From )", re.MULTILINE)


def mbox_entry(envelope_sender: str, when: datetime, data: bytes) -> bytes:
    """One mboxrd entry: `From ` separator, body lines matching `>*From ` quoted with one more `>`."""
    stamp = f"{when:%a %b} {when.day:2d} {when:%H:%M:%S %Y}"
    body = _FROM_LINE.sub(rb">\1", data.replace(b"\r\n", b"\n"))
    if not body.endswith(b"\n"):
        body += b"\n"
    return f"From {envelope_sender} {stamp}\n".encode("ascii") + body + b"\n"
