"""Speed conversions. Doses are held in mph on a 0.1 mph grid and shown in both units."""

import math

KMH_PER_MPH = 1.609344
MPH_PER_M_S = 1 / 0.44704


def mph_to_kmh(mph: float) -> float:
    """Convert mph to km/h, rounded to 0.1 as a treadmill display shows it."""
    return round(mph * KMH_PER_MPH, 1)


def kmh_to_mph(kmh: float) -> float:
    """Convert km/h to mph, rounded to 0.1."""
    return round(kmh / KMH_PER_MPH, 1)


def m_s_to_mph(m_s: float) -> float:
    """Convert metres per second to mph, unrounded (callers choose the rounding direction)."""
    return m_s * MPH_PER_M_S


def floor_tenth(value: float) -> float:
    """Round down to 0.1, so a cap computed from a measurement is never exceeded by rounding."""
    # The small epsilon keeps exact tenths such as 0.7 (0.6999... in binary) from dropping a step.
    return math.floor(value * 10 + 1e-9) / 10


def tenth(value: float) -> float:
    """Snap a sum of 0.1 mph steps back onto the 0.1 grid (binary floats drift)."""
    return round(value, 1)
