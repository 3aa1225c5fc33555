from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models

DEFAULT_WEEKDAYS = frozenset(range(5))  # Monday to Friday
WEEKEND = frozenset({5, 6})  # the weekend decreed transfers are made for
DEFAULT_TZ = "Asia/Almaty"
# Time zones that mean "never set" for a school's working schedule.
UTC_ZONES = frozenset(
    {"UTC", "Etc/UTC", "GMT", "Etc/GMT", "Universal", "Etc/Universal", "Zulu"}
)


class WorkingWeek:
    """A school's working days: its week, days off and transferred working days.

    Plain Python so that deadlines for thousands of records are computed
    from one load of the calendar, without queries.
    """

    def __init__(self, weekdays, days_off, working_days, tz):
        self.weekdays = frozenset(weekdays) or DEFAULT_WEEKDAYS
        self.days_off = frozenset(days_off)
        self.working_days = frozenset(working_days)
        self.tz = pytz.timezone(tz or DEFAULT_TZ)

    @classmethod
    def from_calendar(cls, weekdays, days, tz):
        """The working week of a school from the days of its calendar.

        ``days`` are ``(date, day_type, carry_over, five_day_week)``, one per
        date. Transfers made for the five-day week apply only to schools that
        work neither Saturday nor Sunday. A day off that falls on one of the
        school's own days off and is carried over moves to its next working
        day (Labour Code): with a six-day week a Saturday holiday is simply a
        day off, a Sunday one moves to Monday.
        """
        weekdays = frozenset(weekdays) or DEFAULT_WEEKDAYS
        five_day_school = not weekdays & WEEKEND
        days_off, working_days, moving = set(), set(), []
        for day, day_type, carry_over, five_day_week in days:
            if five_day_week and not five_day_school:
                continue
            if day_type == "working":
                working_days.add(day)
                continue
            days_off.add(day)
            if carry_over and day.weekday() not in weekdays:
                moving.append(day)
        for day in sorted(moving):
            moved = day + timedelta(days=1)
            while moved.weekday() not in weekdays or moved in days_off:
                moved += timedelta(days=1)
            days_off.add(moved)
        return cls(weekdays, days_off, working_days, tz)

    def is_working_day(self, day):
        if day in self.working_days:
            return True
        return day.weekday() in self.weekdays and day not in self.days_off

    def _local(self, moment):
        return pytz.utc.localize(moment).astimezone(self.tz)

    def _utc(self, local_day, local_time):
        moment = self.tz.localize(datetime.combine(local_day, local_time))
        return moment.astimezone(pytz.utc).replace(tzinfo=None)

    def add_working_days(self, start, count):
        """The same local time of day, ``count`` working days after ``start``.

        ``start`` and the result are naive UTC datetimes. The day of
        ``start`` itself never counts: a referral sent on Friday afternoon
        is answered by Wednesday afternoon with a Mon-Fri week.
        """
        local = self._local(start)
        day = self._add_days(local.date(), count)
        return self._utc(day, local.time().replace(tzinfo=None))

    def _add_days(self, day, count):
        """The local day ``count`` working days after (before) ``day``."""
        step = 1 if count >= 0 else -1
        remaining = abs(count)
        while remaining:
            day += timedelta(days=step)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def next_after(self, start, count, now):
        """``start`` moved on ``count`` working days at a time until after ``now``.

        What repeated :meth:`add_working_days` give, with one conversion to
        local time for all the steps (``start`` itself when already after
        ``now``).
        """
        local = self._local(start)
        day, clock = local.date(), local.time().replace(tzinfo=None)
        today = self._local(now).date()
        due = start
        while due <= now:
            day = self._add_days(day, count)
            # A step that ends on an earlier local day is still before now.
            if day >= today:
                due = self._utc(day, clock)
        return due

    def working_days_between(self, start, end):
        """Working days after the day of ``start`` up to the day of ``end``.

        The inverse of :meth:`add_working_days`; negative when ``end`` is
        before ``start``.
        """
        first, last = self._local(start).date(), self._local(end).date()
        sign = 1
        if last < first:
            first, last, sign = last, first, -1
        count = 0
        day = first
        while day < last:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return sign * count

    def end_of_day(self, moment):
        """The last second of the local day of ``moment``, in UTC."""
        return self._utc(self._local(moment).date(), time.max.replace(microsecond=0))


class SafeguardingWorkingCalendar(models.AbstractModel):
    """The one service that computes every working-day deadline of the addon.

    A school's working week is the working days of its working hours
    (Settings > Working schedules; Monday to Friday if none), less the public
    holidays of its calendar country (carried over for its own weekly days
    off) and its own days off, plus transferred working days. Days are
    counted in the school's time zone, never silently in UTC.
    """

    _name = "safeguarding.working.calendar"
    _description = "Safeguarding working days"

    @api.model
    def _working_week(self, company, years=None):
        """The :class:`WorkingWeek` of ``company`` (for ``years``, default all)."""
        company = company.sudo()
        resource_calendar = company.resource_calendar_id
        weekdays = {
            int(attendance.dayofweek)
            for attendance in resource_calendar.attendance_ids
            if attendance.day_period != "lunch"
        }
        domain = [
            ("country_id", "=", company.safeguarding_holiday_country_id.id),
            ("company_id", "in", [False, company.id]),
        ]
        if years:
            domain += [
                ("date", ">=", fields.Date.to_date(f"{min(years)}-01-01")),
                ("date", "<=", fields.Date.to_date(f"{max(years)}-12-31")),
            ]
        # sudo: the calendar is not confidential; deadlines are computed for
        # users who may not read its configuration.
        days = (
            self.env["safeguarding.holiday"]
            .sudo()
            .search_read(
                domain,
                ["date", "day_type", "company_id", "carry_over", "five_day_week"],
            )
        )
        by_date = {}
        for day in sorted(days, key=lambda day: not day["company_id"]):
            # A school's own entry wins over the country's for the same date.
            by_date.setdefault(
                day["date"],
                (day["date"], day["day_type"], day["carry_over"], day["five_day_week"]),
            )
        return WorkingWeek.from_calendar(
            weekdays, by_date.values(), company._safeguarding_tz()
        )

    def _company(self, company):
        if isinstance(company, int):
            company = self.env["res.company"].browse(company)
        company.check_access("read")
        return company

    @api.model
    def add_working_days(self, company, start, count):
        """Naive UTC datetime ``count`` working days of ``company`` after ``start``."""
        return self._working_week(self._company(company)).add_working_days(
            fields.Datetime.to_datetime(start), int(count)
        )

    @api.model
    def working_days_between(self, company, start, end):
        """Working days of ``company`` from ``start`` to ``end`` (see WorkingWeek)."""
        return self._working_week(self._company(company)).working_days_between(
            fields.Datetime.to_datetime(start), fields.Datetime.to_datetime(end)
        )
