"""What is known of a procedure code beyond its words, added to its relevance (ranking.py) so
that a biller's plain query finds the code they mean first, from the newest loaded PFS release:

- measurement codes (status M, e.g. Category II), codes not valid for Medicare (I) and codes in
  no loaded fee schedule are rarely what a biller means when typing words;
- an anesthesia code (status J: "Anesthesia care for total knee arthroplasty") ranks after the
  procedure itself unless the query says anesthesia;
- an add-on code (global period ZZZ: "each additional ...") ranks after its primary procedures
  unless the query says add-on or additional;
- the base code of an endoscopy family (the ENDO BASE the release names: 45378 look-only
  colonoscopy, 29870 diagnostic knee arthroscopy, 52000 cystoscopy) comes first among the
  family's codes when it matches the query (ranking.py);
- the category of a code we describe ("imaging guidance") says what the code is, as the head
  of its description does (ranking.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from ..refdata.code_history import SearchProfile, any_pfs_loaded, search_profile
from ..refdata.descriptions import procedure_categories
from ..refdata.pfs_indicators import ADD_ON_GLOBAL
from .query import WordQuery
from .ranking import Candidate, Known

STATUS_PRIOR = {"M": -0.08, "I": -0.03}
NOT_IN_PFS = -0.02
ANESTHESIA_STATUS = "J"
ANESTHESIA_PRIOR = -0.08
ADD_ON_PRIOR = -0.05
_ANESTHESIA_WORDS = ("anesth", "anaesth")
_ADD_ON_WORDS = ("add", "additional")
_PROCEDURES = ("cpt", "hcpcs")


def known(conn: sqlite3.Connection, query: WordQuery, candidates: Sequence[Candidate]) -> Known:
    """What ranking.py adds to the candidates' words for this query: the prior of each, the
    base code of each endoscopy family member (a base comes first among its family's matches)
    and the category of each procedure code we describe. The candidates' PFS rows are read in
    one query."""
    profile = search_profile(conn, (c.code for c in candidates if c.code_type in _PROCEDURES))
    return Known(_prior(conn, query, profile), profile.endoscopy_bases, procedure_categories(conn))


def _prior(
    conn: sqlite3.Connection, query: WordQuery, profile: SearchProfile
) -> Callable[[Candidate], float]:
    """The prior of each candidate for this query (0 for codes other than procedures)."""
    if not any_pfs_loaded(conn):
        return lambda candidate: 0.0
    said = {w for g in query.groups for w in g.spotted}
    anesthesia = any(w.startswith(_ANESTHESIA_WORDS) for w in said)
    add_on = any(w in _ADD_ON_WORDS for w in said)

    def value(candidate: Candidate) -> float:
        if candidate.code_type not in _PROCEDURES:
            return 0.0
        code = candidate.code
        status = profile.statuses.get(code)
        if status is None:
            return NOT_IN_PFS
        found = STATUS_PRIOR.get(status, 0.0)
        if status == ANESTHESIA_STATUS and not anesthesia:
            found += ANESTHESIA_PRIOR
        if profile.global_days.get(code) == ADD_ON_GLOBAL and not add_on:
            found += ADD_ON_PRIOR
        return found

    return value
