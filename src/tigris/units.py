"""Unit conversions, defined once for the whole package.

Every constant here is a definition (SI prefixes, the calendar), not a measurement, so
it needs no ``source`` row in ``tigris/data``. Names follow ``<UNIT>_PER_<UNIT>``: the
number of the first unit in one of the second, so ``x_h = x_days * HOURS_PER_DAY`` and
``x_mw = x_w / W_PER_MW``.

Years are mean Julian years (365.25 days), the convention of the IAU and of annualised
amortisation; months are twelfths of a year.

Examples
--------
>>> HOURS_PER_YEAR == DAYS_PER_YEAR * HOURS_PER_DAY == 8766.0
True
>>> SECONDS_PER_DAY == HOURS_PER_DAY * SECONDS_PER_HOUR
True
>>> W_PER_MW == W_PER_KW * KW_PER_MW
True
"""

from __future__ import annotations

__all__ = [
    "BYTES_PER_GB",
    "DAYS_PER_YEAR",
    "HOURS_PER_DAY",
    "HOURS_PER_MONTH",
    "HOURS_PER_YEAR",
    "KWH_PER_MWH",
    "KW_PER_MW",
    "MM2_PER_CM2",
    "MONTHS_PER_YEAR",
    "MS_PER_S",
    "MW_PER_GW",
    "SECONDS_PER_DAY",
    "SECONDS_PER_HOUR",
    "USD_PER_BILLION",
    "USD_PER_MILLION",
    "W_PER_KW",
    "W_PER_MW",
]

# --- time -------------------------------------------------------------------------------

#: Seconds in an hour [s/h].
SECONDS_PER_HOUR = 3_600.0
#: Hours in a day [h/day].
HOURS_PER_DAY = 24.0
#: Seconds in a day [s/day].
SECONDS_PER_DAY = SECONDS_PER_HOUR * HOURS_PER_DAY
#: Days in a mean Julian year [day/year] (IAU; used to annualise and amortise).
DAYS_PER_YEAR = 365.25
#: Hours in a mean Julian year, 365.25 x 24 [h/year].
HOURS_PER_YEAR = DAYS_PER_YEAR * HOURS_PER_DAY
#: Months in a year [month/year] (an int: it also counts months in a horizon).
MONTHS_PER_YEAR = 12
#: Hours in a mean month, a twelfth of a Julian year [h/month].
HOURS_PER_MONTH = HOURS_PER_YEAR / MONTHS_PER_YEAR
#: Milliseconds in a second [ms/s].
MS_PER_S = 1e3

# --- power and energy -------------------------------------------------------------------

#: Watts in a kilowatt [W/kW].
W_PER_KW = 1e3
#: Kilowatts in a megawatt [kW/MW].
KW_PER_MW = 1e3
#: Watts in a megawatt [W/MW].
W_PER_MW = W_PER_KW * KW_PER_MW
#: Megawatts in a gigawatt [MW/GW].
MW_PER_GW = 1e3
#: Kilowatt-hours in a megawatt-hour [kWh/MWh].
KWH_PER_MWH = 1e3

# --- area and memory --------------------------------------------------------------------

#: Square millimetres in a square centimetre [mm^2/cm^2].
MM2_PER_CM2 = 100.0
#: Bytes in a gigabyte, decimal as in accelerator datasheets [bytes/GB].
BYTES_PER_GB = 1e9

# --- money ------------------------------------------------------------------------------

#: US dollars in a million, the display scale "M" [USD].
USD_PER_MILLION = 1e6
#: US dollars in a (short-scale) billion, the display scale "B" [USD].
USD_PER_BILLION = 1e9
