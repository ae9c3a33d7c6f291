"""Number and date formats: Vietnamese first (38,8%; 14,1; 1.234; 07/02/2020), English second.

Rounding is half-up on the shortest decimal form of the value, as people round by hand: 52/143 =
36,36...% shows as 36,4% (published reports truncate it to 36,3%).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal


def round_half_up(value: float, decimals: int = 1) -> Decimal:
    """Half-up rounding of value to the given number of decimals."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def truncate(value: float, decimals: int = 1) -> Decimal:
    """Truncation, the rule some published reports use (52/143 -> 36,3%)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_DOWN)


def _separators(text: str, lang: str) -> str:
    if lang == "en":
        return text
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def number(value: float | None, decimals: int = 1, lang: str = "vi") -> str:
    """14.06 -> '14,1' (vi) or '14.1' (en); None -> '—'."""
    if value is None:
        return "—"
    return _separators(f"{round_half_up(value, decimals):,.{decimals}f}", lang)


def integer(value: int | None, lang: str = "vi") -> str:
    """1234 -> '1.234' (vi) or '1,234' (en)."""
    if value is None:
        return "—"
    return _separators(f"{int(value):,d}", lang)


def percent(value: float | None, decimals: int = 1, lang: str = "vi") -> str:
    """38.806 -> '38,8%'."""
    return "—" if value is None else f"{number(value, decimals, lang)}%"


def signed(value: float | None, decimals: int = 1, lang: str = "vi") -> str:
    """10.806 -> '+10,8'; -2.0 -> '-2,0'; 0 -> '0,0'."""
    if value is None:
        return "—"
    rounded = round_half_up(value, decimals)
    text = number(abs(value) if rounded == 0 else value, decimals, lang)
    return f"+{text}" if rounded > 0 else text


def day(value: date | None, lang: str = "vi") -> str:
    """dd/mm/yyyy in both languages (the Vietnamese administrative form)."""
    return "—" if value is None else value.strftime("%d/%m/%Y")
