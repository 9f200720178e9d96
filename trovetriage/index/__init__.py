"""The search index: the only package that imports Whoosh (DESIGN §1, §8).

Public API: the doc contract and schema version (:mod:`.schema`), the writer process and index
file helpers (:mod:`.writer`), the search engine (:mod:`.searcher`), query syntax errors
(:mod:`.query`), the match spans of a text (:mod:`.snippets`) and the text folding used by the
analyzers (:func:`fold`).
"""

from trovetriage.index.analysis import fold
from trovetriage.index.query import QuerySyntaxError
from trovetriage.index.schema import FACET_FIELDS, SCHEMA_VERSION, DocError, read_schema_version
from trovetriage.index.searcher import Hit, KeyPage, SearchEngine, SearchPage
from trovetriage.index.snippets import match_spans
from trovetriage.index.writer import (
    CommitAck,
    IndexSchemaError,
    IndexWriterError,
    IndexWriterProcess,
    create_index,
    index_exists,
    index_generation,
    reset_index,
)

__all__ = [
    "FACET_FIELDS",
    "SCHEMA_VERSION",
    "CommitAck",
    "DocError",
    "Hit",
    "IndexSchemaError",
    "IndexWriterError",
    "IndexWriterProcess",
    "KeyPage",
    "QuerySyntaxError",
    "SearchEngine",
    "SearchPage",
    "create_index",
    "fold",
    "index_exists",
    "index_generation",
    "match_spans",
    "read_schema_version",
    "reset_index",
]
