"""How numbers and dates read in the GUI (British conventions)."""

from __future__ import annotations

import datetime as dt

UNKNOWN = "—"  # a figure that is not known, as the published tables print it


def count(n: int | None) -> str:
    """``861287`` -> ``861,287``; ``None`` -> an em dash."""
    return UNKNOWN if n is None else f"{n:,}"


def day(d: dt.date | None) -> str:
    """``1 Oct 2018``."""
    return "" if d is None else f"{d.day} {d:%b %Y}"


def month(d: dt.date | None) -> str:
    """``October 2018``."""
    return "" if d is None else f"{d:%B %Y}"


def plural(n: int, one: str, many: str | None = None) -> str:
    """``plural(2, "Locality")`` -> ``2 Localities``; ``plural(1, "LCP")`` -> ``1 LCP``."""
    return f"{n:,} {one if n == 1 else (many or plural_of(one))}"


def plural_of(word: str) -> str:
    if word[-1:] in "yY" and word[-2:-1].lower() not in tuple("aeiou"):
        return word[:-1] + ("ies" if word[-1] == "y" else "IES")
    if word[-1:] in ("s", "x") or word[-2:] in ("ch", "sh"):
        return word + "es"
    return word + "s"


def parse_count(text: str) -> int | None:
    """What a user typed as a whole number (``12,345``, ``12 345``); ``None`` when blank.

    Raises ``ValueError`` for anything else.
    """
    cleaned = text.replace(",", "").replace(" ", "").replace("\u00a0", "").strip()
    if not cleaned:
        return None
    if not cleaned.lstrip("-").isdigit():
        raise ValueError(text)
    return int(cleaned)
