"""The Vietnamese lunisolar calendar (time zone UTC+7), to show festivals' solar dates.

Astronomical algorithm after Hồ Ngọc Đức's public "Âm lịch Việt Nam" (new moons and solar
terms from Jean Meeus' formulas), valid for 1800–2199.
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

from generator.content.fields import PROVINCE_TIME

TIME_ZONE = PROVINCE_TIME.utcoffset(None) / dt.timedelta(hours=1)
"""Hours east of UTC of the calendar's reckoning: new moons and solar terms fall on Vietnamese
days."""


def _jd_from_date(day: int, month: int, year: int) -> int:
    return dt.date(year, month, day).toordinal() + 1721425


def _date_from_jd(jd: int) -> dt.date:
    return dt.date.fromordinal(jd - 1721425)


def _new_moon(k: int) -> float:
    t = k / 1236.85
    t2, t3 = t * t, t * t * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 -= 0.4068 * math.sin(mpr * dr) - 0.0161 * math.sin(dr * 2 * mpr)
    c1 -= 0.0004 * math.sin(dr * 3 * mpr)
    c1 += 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 -= 0.0074 * math.sin(dr * (m - mpr)) - 0.0004 * math.sin(dr * (2 * f + m))
    c1 -= 0.0004 * math.sin(dr * (2 * f - m)) + 0.0006 * math.sin(dr * (2 * f + mpr))
    c1 += 0.0010 * math.sin(dr * (2 * f - mpr)) + 0.0005 * math.sin(dr * (2 * mpr + m))
    if t < -11:
        deltat = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        deltat = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - deltat


def _new_moon_day(k: int) -> int:
    return int(math.floor(_new_moon(k) + 0.5 + TIME_ZONE / 24))


def _sun_longitude(jdn: float) -> int:
    t = (jdn - 2451545.5 - TIME_ZONE / 24) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    longitude = (l0 + dl) * dr
    longitude -= math.pi * 2 * math.floor(longitude / (math.pi * 2))
    return int(math.floor(longitude / math.pi * 6))


def _lunar_month_11(year: int) -> int:
    off = _jd_from_date(31, 12, year) - 2415021
    k = int(math.floor(off / 29.530588853))
    nm = _new_moon_day(k)
    if _sun_longitude(nm) >= 9:
        nm = _new_moon_day(k - 1)
    return nm


def _leap_month_offset(a11: int) -> int:
    k = int(math.floor((a11 - 2415021.076998695) / 29.530588853 + 0.5))
    last = 0
    i = 1
    arc = _sun_longitude(_new_moon_day(k + i))
    while True:
        last = arc
        i += 1
        arc = _sun_longitude(_new_moon_day(k + i))
        if not (arc != last and i < 14):
            break
    return i - 1


@lru_cache(maxsize=512)
def lunar_to_solar(
    lunar_year: int, lunar_month: int, lunar_day: int, leap: bool = False
) -> dt.date:
    """The solar date of a (non-leap by default) lunar date of ``lunar_year``."""
    if lunar_month < 11:
        a11 = _lunar_month_11(lunar_year - 1)
        b11 = _lunar_month_11(lunar_year)
    else:
        a11 = _lunar_month_11(lunar_year)
        b11 = _lunar_month_11(lunar_year + 1)
    k = int(math.floor(0.5 + (a11 - 2415021.076998695) / 29.530588853))
    off = lunar_month - 11
    if off < 0:
        off += 12
    if b11 - a11 > 365:
        leap_off = _leap_month_offset(a11)
        leap_month = leap_off - 2
        if leap_month < 0:
            leap_month += 12
        if leap and lunar_month != leap_month:
            raise ValueError("that lunar year has no such leap month")
        if leap or off >= leap_off:
            off += 1
    month_start = _new_moon_day(k + off)
    return _date_from_jd(month_start + lunar_day - 1)
