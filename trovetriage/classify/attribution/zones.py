"""Government zones the bundled Public Suffix List lacks, so each ministry under them is its own organisation.

Without these, `mai.gov.ro` and `mfinante.gov.ro` would both collapse to the registrable domain
`gov.ro`, and two ministries would look like one correspondent. Each entry is a zone under which
separate public bodies register their own names; zones the bundled list already carries are kept
too, so an older or trimmed bundle still gives the same answers. `gov.kr` is deliberately absent:
Korean public bodies register under `go.kr` (listed), while `gov.kr` is itself one site.
"""

from __future__ import annotations

GOVERNMENT_ZONES: tuple[str, ...] = (
    # Missing from the bundled list (checked against publicsuffixlist 1.1.2).
    "gov.ro",  # Romania: mai.gov.ro, mfinante.gov.ro
    "gov.md",  # Moldova: mfa.gov.md
    "gov.hr",  # Croatia: mvep.gov.hr, mup.gov.hr
    "gov.sk",  # Slovakia: finance.gov.sk, justice.gov.sk
    "gov.si",  # Slovenia: mzz.gov.si
    "gov.mt",  # Malta: foreignandeu.gov.mt
    "fgov.be",  # Belgium (federal): minfin.fgov.be, economie.fgov.be
    # Present in the bundled list today; kept so the answer does not depend on the bundle's age.
    "gov.az",
    "gov.bh",
    "gov.my",
    "gov.tr",
    "go.kr",
)
