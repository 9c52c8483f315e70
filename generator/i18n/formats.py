"""Dates, numbers, money and areas in each language's conventions (Babel / CLDR)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date as _format_date
from babel.numbers import format_currency, format_decimal

from generator.i18n.languages import Language


def format_date(value: dt.date | None, lang: Language, style: str = "long") -> str:
    """'15 tháng 4, 2024', 'April 15, 2024', '2024年4月15日', '2024년 4월 15일' …"""
    if value is None:
        return ""
    return _format_date(value, format=style, locale=lang.locale)


def format_number(value: Decimal | int | float | None, lang: Language) -> str:
    if value is None:
        return ""
    return format_decimal(value, locale=lang.locale)


def format_money(value: int | Decimal | None, currency: str, lang: Language) -> str:
    """Money in the language's conventions; whole amounts are shown without decimals."""
    if value is None:
        return ""
    pattern = lang.locale.currency_formats["standard"].pattern
    if value == int(value):
        pattern = pattern.replace(".00", "")
    return format_currency(
        value, currency, format=pattern, locale=lang.locale, currency_digits=False
    )


def format_iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""
