"""Everything stolen from one victim, written to disk: mailboxes, documents, credentials, archives.

Each method writes its files and their ground truth at once, then forgets them.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from trovetriage.demo import archives, documents
from trovetriage.demo.content import safe_filename
from trovetriage.demo.correspondence import Correspondence, Stored
from trovetriage.demo.mail import build_message, mbox_entry, to_bytes
from trovetriage.demo.names import Person
from trovetriage.demo.run import TOPICS, Run, VictimContext, random_date, weighted
from trovetriage.demo.truth import Node
from trovetriage.demo.victims import Victim

DOC_AREAS = {"routine": "admin", "diplomatic": "political", "commercial": "commercial", "ot": "operations",
             "infrastructure": "it", "pii": "hr", "financial": "finance", "newsletter": "press", "cred": "it"}


class VictimBuilder:
    """Writes everything stolen from one victim."""

    def __init__(self, run: Run, victim: Victim) -> None:
        self.run = run
        self.victim = victim
        self.ctx = VictimContext(run, victim)
        self.mail = Correspondence(self.ctx)
        self.owners = self.ctx.owners

    # ----- mailboxes ---------------------------------------------------------------------------
    def mailboxes(self) -> None:
        """Three in five owners were exported as .eml folders, the others as mbox files."""
        cross = self.mail.cross()
        for index, owner in enumerate(self.owners):
            stored = self.mail.threads(index) + cross.get(index, [])
            stored.sort(key=lambda item: (item.spec.date, item.spec.message_id, item.folder))
            if index % 5 < 3:
                self.write_eml_folder(owner, stored)
            else:
                self.write_mboxes(owner, stored)

    def _bytes(self, item: Stored, crlf: bool) -> bytes:
        rng = self.run.rng("copy", item.seed)
        self.run.messages += 1 + sum(1 for a in item.spec.attachments if a.message is not None)
        return to_bytes(build_message(item.spec, rng), crlf)

    def write_eml_folder(self, owner: Person, stored: list[Stored]) -> None:
        victim = self.victim
        rng = self.run.rng("eml-names", victim.slug, owner.user)
        for number, item in enumerate(stored, start=1):
            folder = victim.sent if item.folder == "sent" else victim.inbox
            if item.folder == "inbox" and rng.random() < 0.2:
                folder = f"{folder}/Archive {item.spec.date.year}"
            extension = rng.choices([".eml", "", ".txt"], weights=[85, 8, 7])[0]
            name = f"{number:04d} {safe_filename(item.spec.text.subject)}{extension}"
            path = f"{victim.slug}/mail/{owner.user}/{folder}/{name}"
            self.run.trove.write(path, self._bytes(item, crlf=rng.random() < 0.8))
            item.node.name = name
            self.ctx.emit(path, item.node)

    def write_mboxes(self, owner: Person, stored: list[Stored]) -> None:
        victim = self.victim
        for folder, relative in (("inbox", f"{victim.slug}/mail/{owner.user}.mbox"),
                                 ("sent", f"{victim.slug}/mail/{owner.user}-sent")):
            items = [item for item in stored if item.folder == folder]
            if not items:
                continue
            mailbox = Node(relative.rsplit("/", 1)[1], "mailbox")
            with self.run.trove.stream(relative) as handle:
                for position, item in enumerate(items):
                    handle.write(mbox_entry(item.spec.sender.address, item.spec.date, self._bytes(item, crlf=False)))
                    item.node.name = str(position)
                    mailbox.children.append(item.node)
            self.ctx.emit(relative, mailbox)

    def documents(self) -> None:
        victim = self.victim
        topics = [name for name, _ in TOPICS[victim.sector]]
        for number in range(8 * self.run.scale):
            rng = self.run.rng("doc", victim.slug, number)
            topic = topics[number % len(topics)] if number < len(topics) else weighted(rng, TOPICS[victim.sector])
            if topic == "cred":
                topic = "infrastructure"
            doc = self.ctx.document(rng, topic, random_date(rng))
            path = f"{victim.slug}/documents/{DOC_AREAS[topic]}/{doc.name}"
            self.run.trove.write(path, doc.data)
            self.ctx.emit(path, doc.node)

    def credentials(self) -> None:
        victim = self.victim
        for number in range(self.run.scale):
            rng = self.run.rng("creds", victim.slug, number)
            comp = self.ctx.composer(rng, "en", random_date(rng))
            docs = [documents.email_password_list(comp, number + 1), documents.browser_passwords_csv(comp, number + 1)]
            if number == 0:
                docs.append(documents.domain_password_list(comp, 1))
                if victim.slug == "mofa-bh":
                    docs.append(documents.ntds_dump(comp, 1, with_admin=True))
                if victim.slug in ("kdgi-tr", "sbe-kr"):
                    docs.append(documents.ntds_dump(comp, 1, with_admin=False))
            for doc in docs:
                path = f"{victim.slug}/creds/{doc.name}"
                self.run.trove.write(path, doc.data)
                self.ctx.emit(path, doc.node)
            if victim.sector == "energy" and number % 2 == 0:
                key = documents.private_key(comp, number + 1)
                path = f"{victim.slug}/it/vpn/{key.name}"
                self.run.trove.write(path, key.data)
                self.ctx.emit(path, key.node)

    def archives(self) -> None:
        victim = self.victim
        for number in range(1, self.run.scale + 1):
            rng = self.run.rng("archive", victim.slug, number)
            when = random_date(rng)
            self.backup_zip(rng, number, when)
            self.share_tar(rng, number, when)
            self.single_streams(rng, number, when)

    def backup_zip(self, rng: random.Random, number: int, when: datetime) -> None:
        """zip -> (docs, zip -> eml): the nesting a mailbox backup on a file share has."""
        docs = [self.ctx.document(rng, weighted(rng, TOPICS[self.victim.sector]), when)
                for _ in range(rng.randint(3, 5))]
        inner_members: list[tuple[str, bytes]] = []
        inner_nodes: list[Node] = []
        for index in range(rng.randint(3, 6)):
            spec = self.mail.single(rng, when - timedelta(days=rng.randint(1, 90)))
            name = f"Inbox/{index + 1:04d}.eml"
            inner_members.append((name, to_bytes(build_message(spec, rng))))
            self.run.messages += 1
            inner_nodes.append(Node(name, "email", spec.text.truth, [a.node for a in spec.attachments]))
        inner_name = f"mail/export_{number:02d}.zip"
        inner = archives.zip_bytes(inner_members, archives.zip_date(when))
        members = [(f"docs/{doc.name}", doc.data) for doc in docs] + [(inner_name, inner)]
        children = []
        for doc in docs:
            doc.node.name = f"docs/{doc.name}"
            children.append(doc.node)
        children.append(Node(inner_name, "archive", children=inner_nodes))
        path = f"{self.victim.slug}/archives/backup_{number:02d}.zip"
        self.run.trove.write(path, archives.zip_bytes(members, archives.zip_date(when)))
        self.ctx.emit(path, Node(path.rsplit("/", 1)[1], "archive", children=children))

    def share_tar(self, rng: random.Random, number: int, when: datetime) -> None:
        docs = [self.ctx.document(rng, weighted(rng, TOPICS[self.victim.sector]), when)
                for _ in range(rng.randint(4, 6))]
        members = []
        for doc in docs:
            doc.node.name = f"share/{doc.node.name}"
            members.append((doc.node.name, doc.data))
        path = f"{self.victim.slug}/archives/share_{number:02d}.tar.gz"
        self.run.trove.write(path, archives.tar_gz_bytes(members, int(when.timestamp())))
        self.ctx.emit(path, Node(path.rsplit("/", 1)[1], "archive", children=[doc.node for doc in docs]))

    def single_streams(self, rng: random.Random, number: int, when: datetime) -> None:
        """One .gz and one .bz2/.xz file, each wrapping a single document."""
        topics = TOPICS[self.victim.sector]
        doc = self.ctx.document(rng, weighted(rng, topics), when)
        path = f"{self.victim.slug}/archives/{doc.name}.gz"
        self.run.trove.write(path, archives.gzip_bytes(doc.data, doc.name))
        self.ctx.emit(path, Node(f"{doc.name}.gz", "archive", children=[doc.node]))
        doc = self.ctx.document(rng, weighted(rng, topics), when)
        suffix, data = (".bz2", archives.bz2_bytes(doc.data)) if number % 2 else (".xz", archives.xz_bytes(doc.data))
        path = f"{self.victim.slug}/archives/{doc.name}{suffix}"
        self.run.trove.write(path, data)
        self.ctx.emit(path, Node(f"{doc.name}{suffix}", "archive", children=[doc.node]))

    def unsorted(self) -> None:
        """Messages dropped outside the victim folders: only their headers say whose they are."""
        for number in range(2 * self.run.scale):
            rng = self.run.rng("unsorted", self.victim.slug, number)
            spec = self.mail.single(rng, random_date(rng))
            name = f"{rng.getrandbits(64):016x}.eml"
            self.run.messages += 1
            self.run.trove.write(f"_unsorted/{name}", to_bytes(build_message(spec, rng)))
            self.ctx.emit(f"_unsorted/{name}", Node(name, "email", spec.text.truth, [a.node for a in spec.attachments]))

    def build(self) -> None:
        self.mailboxes()
        self.documents()
        self.credentials()
        self.archives()
        self.unsorted()
