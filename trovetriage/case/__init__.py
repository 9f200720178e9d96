"""The case facade: the one API the CLI and the GUI use (DESIGN §1)."""

from trovetriage.case.facade import Case, CaseError
from trovetriage.index import QuerySyntaxError

__all__ = ["Case", "CaseError", "QuerySyntaxError"]
