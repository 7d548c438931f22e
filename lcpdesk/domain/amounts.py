"""Exact amounts: what users type, integer hundredths in the store, and how money reads.

The store keeps money, WTE, hours and measure values as integer hundredths (``*_x100``) so
that sums are exact. Arithmetic that can make fractions of a penny (an uplift) rounds half up
with :class:`decimal.Decimal`, never with binary floats.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from lcpdesk.errors import InputError

HUNDRED = Decimal(100)
_ONE = Decimal(1)


def to_x100(value: Decimal, what: str = "amount") -> int:
    """``Decimal('1234.5')`` -> ``123450``; more than two decimal places is refused."""
    scaled = value * HUNDRED
    if scaled != scaled.to_integral_value():
        raise InputError(
            f"The {what} {value} has more than two decimal places.",
            hint="Round it to the nearest hundredth (e.g. the nearest penny).",
        )
    return int(scaled)


def from_x100(value: int | None) -> Decimal | None:
    """``123450`` -> ``Decimal('1234.5')``; ``None`` stays ``None``."""
    if value is None:
        return None
    return Decimal(value) / HUNDRED


def parse_decimal(text: str, what: str = "amount") -> Decimal | None:
    """What a user typed as a number: ``1,234.50``, ``£20,000``, ``20k``, ``12.5%``.

    ``None`` when blank; :class:`InputError` for anything that is not a number.
    """
    cleaned = text.strip().replace(",", "").replace(" ", "").replace("\u00a0", "")
    cleaned = cleaned.removeprefix("£").removesuffix("%")
    if cleaned.startswith("-£"):
        cleaned = "-" + cleaned[2:]
    factor = _ONE
    if cleaned[-1:] in ("k", "K"):
        factor, cleaned = Decimal(1000), cleaned[:-1]
    if not cleaned:
        if text.strip():
            raise InputError(f"'{text}' is not a number.", hint=f"Type the {what} as a number.")
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise InputError(
            f"'{text}' is not a number.", hint=f"Type the {what} as a number, e.g. 1,234.50."
        ) from None
    if not value.is_finite():
        raise InputError(f"'{text}' is not a number.", hint=f"Type the {what} as a number.")
    return value * factor


def uplifted_x100(amount_x100: int, percent: Decimal) -> int:
    """``amount`` raised by ``percent`` per cent, rounded to the hundredth, halves away from 0.

    ``uplifted_x100(1_000_005, Decimal("2.5"))`` is ``1_025_005`` (£10,000.05 + 2.5% =
    £10,250.05125, which is £10,250.05).
    """
    raised = Decimal(amount_x100) * (HUNDRED + percent) / HUNDRED
    return int(raised.quantize(_ONE, rounding=ROUND_HALF_UP))


def number_text(value_x100: int | None, *, places: int | None = None) -> str:
    """``123450`` -> ``1,234.5`` (trailing zeros dropped unless ``places`` is given)."""
    if value_x100 is None:
        return "—"
    value = Decimal(value_x100) / HUNDRED
    if places is not None:
        return f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):,}"
    text = f"{value:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def money_text(value_x100: int | None) -> str:
    """``2000000`` -> ``£20,000``; ``123456`` -> ``£1,234.56``; negative -> ``−£5``."""
    if value_x100 is None:
        return "—"
    sign = "−" if value_x100 < 0 else ""
    pounds, pence = divmod(abs(value_x100), 100)
    return f"{sign}£{pounds:,}" if pence == 0 else f"{sign}£{pounds:,}.{pence:02d}"
