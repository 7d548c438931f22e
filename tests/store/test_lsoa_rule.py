"""The English-LSOA rule is said once: Python's check and the database's agree on every code."""

from __future__ import annotations

from lcpdesk.domain.rules import is_lsoa_code, is_residence_code
from lcpdesk.store import dialect, registrations
from lcpdesk.store.db import Store

CODES = [
    "E01011264",  # valid
    "E01000001",
    "E01999999",
    "E01033768",
    "e01011264",  # lower case
    "E01O11264",  # letter O for zero
    "W01000001",  # Welsh LSOA
    "W01001958",
    "S01006506",  # Scottish data zone
    "E02002330",  # an MSOA
    "E0101126",  # too short
    "E010112644",  # too long
    "E01",
    "",
    " E01011264",  # spaces
    "E01011264 ",
    "E01 011264",
    "E01011264\n",  # a trailing newline ($ in a regex would accept it)
    "E01-11264",
    "E01１２３４５６",  # full-width digits
    "E01٠١٢٣٤٥",  # Arabic-Indic digits (\d would accept them)
    "X01011264",
    "E1011264",
    "E01*",
    "E01[0-9]",
    "E01??????",
    "NULL",
    "Unknown",
]


def test_the_database_and_python_agree_on_which_codes_are_known_homes(store: Store) -> None:
    with store.write() as conn:
        ids = registrations.lsoa_ids(conn, CODES)
        english = set(dialect.of(conn).english_lsoa_ids(conn))
    by_python = {code for code in CODES if is_residence_code(code)}
    by_database = {code for code, i in ids.items() if i in english}
    assert by_database == by_python
    english_lsoas = {"E01011264", "E01000001", "E01999999", "E01033768"}
    assert {code for code in CODES if is_lsoa_code(code)} == english_lsoas
    # Welsh LSOAs and Scottish data zones are homes outside every footprint, not unknown.
    assert by_python - english_lsoas == {"W01001958", "W01000001", "S01006506"}
