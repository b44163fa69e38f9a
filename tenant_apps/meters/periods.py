"""Reading periods are months, kept as the first day of the month."""

from datetime import date


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after (negative: before) the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
