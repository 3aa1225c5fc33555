from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import SafeguardingCase, utc


@tagged("post_install", "-at_install")
class TestWorkingDays(SafeguardingCase):
    """The one working-day engine, pinned on real Kazakh calendars.

    The school works Monday to Friday in Asia/Almaty (UTC+5); every time
    below is UTC, 05:00 UTC being 10:00 at school.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kz = cls.env.ref("base.kz")
        cls.company.resource_calendar_id.tz = "Asia/Almaty"
        cls.company.safeguarding_holiday_country_id = cls.kz
        Holiday = cls.env["safeguarding.holiday"]
        Holiday.search([("country_id", "=", cls.kz.id)]).unlink()
        Holiday._load_public_holidays(cls.kz, [2025, 2026, 2027])
        cls.Calendar = cls.env["safeguarding.working.calendar"]

    def add(self, start, count):
        return self.Calendar.add_working_days(self.company, utc(start), count)

    def test_plain_week(self):
        # Tuesday 10:00 + 3 working days = Friday 10:00.
        self.assertEqual(self.add("2026-11-17 05:00", 3), utc("2026-11-20 05:00"))
        # Friday + 3 = Wednesday: the weekend does not count.
        self.assertEqual(self.add("2026-11-20 05:00", 3), utc("2026-11-25 05:00"))
        # Saturday + 1 = Monday.
        self.assertEqual(self.add("2026-11-21 05:00", 1), utc("2026-11-23 05:00"))

    def test_local_day_not_utc_day(self):
        # 21:00 UTC on Friday is already Saturday 02:00 at school: + 1 = Monday
        # 02:00 local, i.e. Sunday 21:00 UTC. Counting on the UTC date would
        # give Monday 21:00 UTC, a day late.
        self.assertEqual(self.add("2026-11-20 21:00", 1), utc("2026-11-22 21:00"))

    def test_nauryz(self):
        """Nauryz 21-23 March 2026: 21 and 22 fall on the weekend and move."""
        days_off = set(
            self.env["safeguarding.holiday"]
            .search([("date", ">=", "2026-03-20"), ("date", "<=", "2026-03-31")])
            .mapped("date")
        )
        self.assertTrue(
            {date(2026, 3, 23), date(2026, 3, 24), date(2026, 3, 25)} <= days_off
        )
        # Friday 20 March + 3 = Thursday 26 (1), Friday 27 (2), Monday 30 (3).
        self.assertEqual(self.add("2026-03-20 05:00", 3), utc("2026-03-30 05:00"))

    def test_holiday_on_a_weekend_is_observed_on_monday(self):
        # 8 March 2026 is a Sunday: Monday 9 March is the day off.
        self.assertEqual(self.add("2026-03-06 05:00", 1), utc("2026-03-10 05:00"))

    def test_transferred_working_sunday(self):
        # 2025: Friday 3 January is a day off, Sunday 5 January a working day.
        working = self.env["safeguarding.holiday"].search([("date", "=", "2025-01-05")])
        self.assertEqual(working.day_type, "working")
        # From Thursday 2 January (a holiday) + 1 = Sunday 5 January.
        self.assertEqual(self.add("2025-01-02 05:00", 1), utc("2025-01-05 05:00"))

    def test_transferred_working_saturday_entered_by_hand(self):
        self.env["safeguarding.holiday"].create(
            {
                "name": "Working Saturday (government resolution)",
                "date": "2026-11-28",
                "day_type": "working",
                "country_id": self.kz.id,
            }
        )
        # Friday 27 + 1 = Saturday 28.
        self.assertEqual(self.add("2026-11-27 05:00", 1), utc("2026-11-28 05:00"))

    def test_year_end(self):
        # Wednesday 30 December 2026 + 3 = Thursday 31 (1), [1 and 2 January
        # off, weekend, 2 January observed on Monday 4], Tuesday 5 (2),
        # Wednesday 6 January 2027 (3).
        self.assertEqual(self.add("2026-12-30 05:00", 3), utc("2027-01-06 05:00"))

    def test_between_is_the_inverse(self):
        for start, count in (
            ("2026-03-20 05:00", 3),
            ("2026-12-30 05:00", 3),
            ("2025-01-02 05:00", 1),
            ("2026-11-20 21:00", 5),
        ):
            end = self.add(start, count)
            self.assertEqual(
                self.Calendar.working_days_between(self.company, utc(start), end),
                count,
            )
        self.assertEqual(
            self.Calendar.working_days_between(
                self.company, utc("2026-11-25 05:00"), utc("2026-11-20 05:00")
            ),
            -3,
        )

    def test_school_day_off_applies_to_that_school_only(self):
        other = self.env["res.company"].create({"name": "Second school"})
        other.resource_calendar_id.tz = "Asia/Almaty"
        self.env["safeguarding.holiday"].create(
            {
                "name": "School's own day off",
                "date": "2026-11-23",
                "country_id": self.kz.id,
                "company_id": self.company.id,
            }
        )
        self.assertEqual(self.add("2026-11-20 05:00", 1), utc("2026-11-24 05:00"))
        self.assertEqual(
            self.Calendar.add_working_days(other, utc("2026-11-20 05:00"), 1),
            utc("2026-11-23 05:00"),
        )

    def test_working_week_from_working_schedule(self):
        # A six-day school week (Monday to Saturday).
        calendar = self.company.resource_calendar_id.copy()
        calendar.attendance_ids.create(
            {
                "calendar_id": calendar.id,
                "name": "Saturday",
                "dayofweek": "5",
                "hour_from": 9,
                "hour_to": 13,
            }
        )
        self.company.resource_calendar_id = calendar
        self.assertEqual(self.add("2026-11-20 05:00", 1), utc("2026-11-21 05:00"))

    def test_loading_twice_adds_nothing_and_keeps_edits(self):
        Holiday = self.env["safeguarding.holiday"]
        nauryz = Holiday.search([("date", "=", "2026-03-23")])
        nauryz.name = "Nauryz meyramy"
        self.assertFalse(Holiday._load_public_holidays(self.kz, [2026]))
        self.assertEqual(nauryz.name, "Nauryz meyramy")
        self.assertEqual(Holiday.search_count([("date", "=", "2026-03-23")]), 1)

    def test_duplicate_day_refused_with_a_message(self):
        with self.assertRaisesMessage(ValidationError, "already in the calendar"):
            self.env["safeguarding.holiday"].create(
                {"name": "Again", "date": "2026-03-23", "country_id": self.kz.id}
            )

    def test_only_administrators_load_holidays(self):
        with self.assertRaises(UserError):
            self.env["safeguarding.holiday"].with_user(
                self.lead
            ).action_load_public_holidays()
        result = (
            self.env["safeguarding.holiday"]
            .with_user(self.manager)
            .action_load_public_holidays()
        )
        self.assertEqual(result["tag"], "display_notification")

    @freeze_time("2028-06-01 00:00:00")
    def test_yearly_cron_seeds_current_and_next_year(self):
        Holiday = self.env["safeguarding.holiday"]
        self.assertFalse(Holiday.search([("date", ">=", "2028-01-01")]))
        cron = self.env.ref("school_safeguarding.ir_cron_public_holidays")
        cron.method_direct_trigger()
        years = {day.year for day in Holiday.search([]).mapped("date")}
        self.assertTrue({2028, 2029} <= years)
        count = Holiday.search_count([])
        cron.method_direct_trigger()
        self.assertEqual(Holiday.search_count([]), count)
