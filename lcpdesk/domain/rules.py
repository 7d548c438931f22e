"""Checks on what users type and files carry."""

from __future__ import annotations

import re

from lcpdesk.errors import InputError

# An ODS GP practice code: a letter and five digits (NHS Data Dictionary), e.g. B86001.
PRACTICE_CODE = re.compile(r"[A-Z]\d{5}")
# An English LSOA code (2011 and 2021 censuses): "E01" and six ASCII digits, e.g. E01011264.
# Said once, in parts, for Python (a regular expression) and for SQL (a GLOB pattern).
LSOA_PREFIX = "E01"
LSOA_DIGITS = 6
_LSOA = re.compile(re.escape(LSOA_PREFIX) + f"[0-9]{{{LSOA_DIGITS}}}")
LSOA_GLOB = LSOA_PREFIX + "[0-9]" * LSOA_DIGITS


def normalise_practice_code(raw: str) -> str:
    return raw.strip().upper()


def is_practice_code(code: str) -> bool:
    """An ODS GP practice code: a letter and five digits, e.g. B86001."""
    return PRACTICE_CODE.fullmatch(code) is not None


def is_lsoa_code(code: str) -> bool:
    """An English LSOA code, e.g. E01011264."""
    return _LSOA.fullmatch(code) is not None


# Small areas where a patient's home is known: English and Welsh LSOAs (E01…, W01…) and
# Scottish data zones (S01…). A patient living in one that is in no footprint is "outside
# every footprint"; only a code that is none of these (NO2011, blank) is "unknown residence".
RESIDENCE_PREFIXES = ("E01", "W01", "S01")
_RESIDENCE = re.compile(f"(?:{'|'.join(RESIDENCE_PREFIXES)})[0-9]{{{LSOA_DIGITS}}}")
RESIDENCE_GLOBS = tuple(p + "[0-9]" * LSOA_DIGITS for p in RESIDENCE_PREFIXES)


def is_residence_code(code: str) -> bool:
    """A small area where people live, in England, Wales or Scotland (see above)."""
    return _RESIDENCE.fullmatch(code) is not None


def check_practice_code(raw: str) -> str:
    code = normalise_practice_code(raw)
    if not is_practice_code(code):
        raise InputError(
            f"'{raw}' is not a GP practice code.",
            hint="A practice's ODS code is a letter followed by five digits, e.g. B86001.",
        )
    return code


def check_list_size(value: int | None) -> int | None:
    if value is not None and value < 0:
        raise InputError(
            f"A list size cannot be negative ({value}).", hint="Enter 0 or more patients."
        )
    return value


def check_name(raw: str, what: str = "name") -> str:
    name = " ".join(raw.split())
    if not name:
        raise InputError(f"The {what} cannot be empty.", hint=f"Type a {what}.")
    return name
