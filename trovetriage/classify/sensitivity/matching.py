"""Running rule-file regular expressions safely: bounded time and bounded matches per field.

Rule files are edited per case, so a pattern may backtrack badly on hostile text; the `regex`
module's timeout stops it and the rule simply finds nothing more in that field.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

PATTERN_TIMEOUT = 2.0  # seconds per pattern per field
MAX_MATCHES = 100_000


def matches(pattern: Any, text: str, limit: int = MAX_MATCHES) -> Iterator[Any]:
    """`pattern.finditer(text)`, stopped after `limit` matches or `PATTERN_TIMEOUT` seconds."""
    try:
        for count, match in enumerate(pattern.finditer(text, timeout=PATTERN_TIMEOUT), 1):
            yield match
            if count >= limit:
                return
    except TimeoutError:
        return


def first(pattern: Any, text: str) -> Any:
    """`pattern.search(text)` within the time bound, or None."""
    try:
        return pattern.search(text, timeout=PATTERN_TIMEOUT)
    except TimeoutError:
        return None


def secret_spans(match: Any) -> list[tuple[int, int]]:
    """Spans of the groups a rule named `secret`, `secret2`, ... (to be masked)."""
    return [match.span(name) for name in match.re.groupindex
            if name.startswith("secret") and match.span(name)[0] >= 0]
