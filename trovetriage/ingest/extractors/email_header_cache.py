"""Parse a message so that each MIME header is parsed once per message, not once per look-up.

Why: under `email.policy.default` every `part.get(...)` hands the raw header to the policy's
header factory, which builds a fresh header object with the full RFC 5322 grammar (and a fresh
class for it). `get_content_type`, `get_param`, `get_filename`, `get_content_charset`,
`get_boundary` and `get_payload` each do that, the parser itself calls several of them per part,
and the part helpers of `trovetriage.ingest.mail` call them again: on the demo trove a message
asks for the same Content-Type about seven times, and that parsing was over half of the e-mail
extractor's time.

The header objects are immutable and a pure function of (name, value), so a factory that
remembers them returns exactly what a fresh parse would: the message tree, its defects and
everything read from it stay the same. A factory that raises is not remembered, so a header the
grammar chokes on raises on every look-up, as before. The memory is bounded: a parsed
Content-Type keeps about 200 bytes per character of its value, so only short values are kept,
within a per-message budget, and the cache lives and dies with the one message it was made for.
"""

from __future__ import annotations

from email import policy
from email.headerregistry import BaseHeader, HeaderRegistry
from email.policy import EmailPolicy

from trovetriage.ingest.mail.parsing import ParsedMessage, parse_message

#: Longer header values are parsed afresh on every look-up (a hostile header can be huge).
MAX_CACHED_VALUE = 1024
#: Characters of header values remembered per message: at most about 15 MB of parsed headers.
CACHE_BUDGET_CHARS = 64 * 1024


class CachingHeaderRegistry(HeaderRegistry):
    """The standard header factory, remembering the header objects it made for one message.

    A fresh `HeaderRegistry()` has the same name-to-class map as the one `policy.default` uses,
    so the objects are the ones `policy.default` would make. When the budget is spent, the oldest
    entries go first: a part's headers are looked up together, so recent ones are the useful ones.
    """

    def __init__(self, max_value: int = MAX_CACHED_VALUE, budget: int = CACHE_BUDGET_CHARS) -> None:
        super().__init__()
        self._max_value = max_value
        self._budget = budget
        self._used = 0
        self._headers: dict[tuple[str, str], BaseHeader] = {}

    def __call__(self, name: str, value: str) -> BaseHeader:
        key = (name, value)
        header = self._headers.get(key)
        if header is not None:
            return header
        header = super().__call__(name, value)
        size = len(value)
        if size <= self._max_value:
            while self._headers and self._used + size > self._budget:
                oldest = next(iter(self._headers))
                self._used -= len(oldest[1])
                del self._headers[oldest]
            self._headers[key] = header
            self._used += size
        return header


def caching_policy() -> EmailPolicy:
    """`policy.default` with a header factory of its own: one per message, so nothing outlives it."""
    return policy.default.clone(header_factory=CachingHeaderRegistry())


def parse_message_cached(data: bytes) -> ParsedMessage:
    """`trovetriage.ingest.mail.parsing.parse_message` with the default-policy parse using a header
    cache of its own: the same ladder, labels and choice, so the same tree, only faster."""
    return parse_message(data, caching_policy())
