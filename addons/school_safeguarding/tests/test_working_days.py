from datetime import date
from unittest.mock import patch

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
        Holiday._load_public_holidays(cls.kz, [2024, 2025, 2026, 2027])
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
        week = self.Calendar._working_week(self.company)
        self.assertTrue(
            {date(2026, 3, 23), date(2026, 3, 24), date(2026, 3, 25)} <= week.days_off
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

    def test_next_after_is_repeated_steps(self):
        """The follow-up's deadline: steps of 3 working days until after now."""
        week = self.Calendar._working_week(self.company)

        def stepped(start, now):
            due = start
            while due <= now:
                due = week.add_working_days(due, 3)
            return due

        for start, now in (
            # Across Nauryz, the year end and a transferred working Sunday.
            ("2026-03-10 05:00", "2026-04-02 04:00"),
            ("2026-12-21 05:00", "2027-01-20 12:00"),
            ("2024-12-20 05:00", "2025-01-07 05:00"),
            # Evening UTC: already the next day at school.
            ("2026-11-20 21:00", "2026-11-25 20:00"),
            # now exactly on a step: the step does not count as after now.
            ("2026-11-17 05:00", "2026-11-20 05:00"),
            # A year overdue.
            ("2025-11-03 05:00", "2026-11-26 06:00"),
        ):
            with self.subTest(start=start, now=now):
                expected = stepped(utc(start), utc(now))
                self.assertGreater(expected, utc(now))
                self.assertEqual(week.next_after(utc(start), 3, utc(now)), expected)
        # Not yet due: unchanged.
        self.assertEqual(
            week.next_after(utc("2026-11-30 05:00"), 3, utc("2026-11-26 06:00")),
            utc("2026-11-30 05:00"),
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


@tagged("post_install", "-at_install")
class TestWorkingDaysPerSchool(SafeguardingCase):
    """Six-day schools, time zones, past years and a law that changes.

    Dates are those of Kazakhstan's official calendars; 05:00 UTC is 10:00
    at school (Asia/Almaty, UTC+5).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kz = cls.env.ref("base.kz")
        cls.company.resource_calendar_id.tz = "Asia/Almaty"
        cls.company.safeguarding_holiday_country_id = cls.kz
        cls.Holiday = cls.env["safeguarding.holiday"]
        cls.Holiday.with_context(active_test=False).search(
            [("country_id", "=", cls.kz.id)]
        ).unlink()
        cls.Calendar = cls.env["safeguarding.working.calendar"]
        cls.six_day = cls.env["res.company"].create(
            {"name": "Six-day school", "safeguarding_holiday_country_id": cls.kz.id}
        )
        calendar = cls.six_day.resource_calendar_id
        calendar.tz = "Asia/Almaty"
        calendar.attendance_ids.create(
            {
                "calendar_id": calendar.id,
                "name": "Saturday morning",
                "dayofweek": "5",
                "hour_from": 8,
                "hour_to": 13,
            }
        )
        cls.teacher_employee = cls.env["hr.employee"].create(
            {"name": "Teacher Accused", "user_id": cls.other_staff.id}
        )

    def add(self, company, start, count):
        return self.Calendar.add_working_days(company, utc(start), count)

    def _load(self, years):
        self.Holiday._load_public_holidays(self.kz, years)

    def _allegation(self, received):
        return (
            self.env["safeguarding.allegation"]
            .with_user(self.lead)
            .create(
                {
                    "subject_employee_id": self.teacher_employee.id,
                    "description": "A pupil says the teacher grabbed her arm.",
                    "received_date": received,
                }
            )
        )

    def _emailed_referral(self):
        case = (
            self.env["safeguarding.case"]
            .with_user(self.lead)
            .create({"pupil_id": self.pupil.id})
        )
        agency = self.env["res.partner"].create(
            {"name": "Child protection", "safeguarding_agency_type": "child_protection"}
        )
        referral = (
            self.env["safeguarding.referral"]
            .with_user(self.lead)
            .create(
                {
                    "case_id": case.id,
                    "agency_id": agency.id,
                    "reason": "Bruising and a disclosure about the stepfather.",
                }
            )
        )
        self.env["safeguarding.referral.contact"].with_user(self.lead).create(
            {
                "referral_id": referral.id,
                "channel": "email",
                "kind": "written_referral",
                "summary": "Written referral sent.",
            }
        )
        return referral

    # 1. Six-day schools ----------------------------------------------

    def test_six_day_school_saturday_holiday_not_carried_over(self):
        """8 March 2025 is a Saturday: a day off, not carried over, at school."""
        self._load([2025])
        # Allegation received Friday 7 March 2025 10:00: directors by Monday 10.
        self.assertEqual(
            self.add(self.six_day, "2025-03-07 05:00", 1), utc("2025-03-10 05:00")
        )
        # The Monday-Friday school has its day off carried over to Monday 10.
        self.assertEqual(
            self.add(self.company, "2025-03-07 05:00", 1), utc("2025-03-11 05:00")
        )

    def test_six_day_school_nauryz_2026(self):
        """Sat 21 is a day off; Sun 22 moves past Mon 23 to Tue 24; Wed 25 works."""
        self._load([2026])
        week = self.Calendar._working_week(self.six_day)
        nauryz = {
            day
            for day in week.days_off
            if date(2026, 3, 20) <= day <= date(2026, 3, 31)
            and day.weekday() in week.weekdays
        }
        self.assertEqual(
            nauryz, {date(2026, 3, 21), date(2026, 3, 23), date(2026, 3, 24)}
        )
        # Friday 20 + 1 = Wednesday 25; + 3 = Friday 27.
        self.assertEqual(
            self.add(self.six_day, "2026-03-20 05:00", 1), utc("2026-03-25 05:00")
        )
        self.assertEqual(
            self.add(self.six_day, "2026-03-20 05:00", 3), utc("2026-03-27 05:00")
        )
        # The five-day school: 23, 24 and 25 off, Friday 20 + 1 = Thursday 26.
        self.assertEqual(
            self.add(self.company, "2026-03-20 05:00", 1), utc("2026-03-26 05:00")
        )

    def test_six_day_school_victory_day_2026(self):
        """9 May 2026 is a Saturday: Monday 11 is a school day for six-day schools."""
        self._load([2026])
        self.assertEqual(
            self.add(self.six_day, "2026-05-08 05:00", 1), utc("2026-05-11 05:00")
        )
        self.assertEqual(
            self.add(self.company, "2026-05-08 05:00", 1), utc("2026-05-12 05:00")
        )

    def test_six_day_school_keeps_out_five_day_transfers(self):
        """2025: Friday 3 January off for the working Sunday 5, five-day week only."""
        self._load([2024, 2025])
        # Thursday 2 January + 1: Friday 3 for the six-day school ...
        self.assertEqual(
            self.add(self.six_day, "2025-01-02 05:00", 1), utc("2025-01-03 05:00")
        )
        # ... Sunday 5 for the five-day school.
        self.assertEqual(
            self.add(self.company, "2025-01-02 05:00", 1), utc("2025-01-05 05:00")
        )
        # 2024: Wednesday 8 May off for Saturday 4 May, five-day week only.
        self.assertEqual(
            self.add(self.six_day, "2024-05-06 05:00", 1), utc("2024-05-08 05:00")
        )
        # Unless the school enters the transfer as its own.
        self.Holiday.create(
            {
                "name": "Day off (transfer adopted by the school)",
                "date": "2025-01-03",
                "country_id": self.kz.id,
                "company_id": self.six_day.id,
            }
        )
        self.assertEqual(
            self.add(self.six_day, "2025-01-02 05:00", 1), utc("2025-01-04 05:00")
        )

    # 2. Time zone ------------------------------------------------------

    def test_utc_schedule_counts_in_almaty(self):
        """A schedule left in UTC never moves a deadline by a day."""
        self._load([2026])
        self.company.resource_calendar_id.tz = "UTC"
        self.company.partner_id.tz = False
        # Saturday 21 November 2026 00:15 at school (Friday 19:15 UTC) + 1 =
        # Monday 23 00:15 at school, not Tuesday.
        self.assertEqual(
            self.add(self.company, "2026-11-20 19:15", 1), utc("2026-11-22 19:15")
        )
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.safeguarding_tz_warning)

    def test_install_sets_schedule_time_zone(self):
        from ..hooks import post_init_hook

        self.company.resource_calendar_id.tz = "UTC"
        self.company.partner_id.tz = False
        self.six_day.resource_calendar_id.tz = "UTC"
        self.six_day.partner_id.tz = "Asia/Aqtobe"
        post_init_hook(self.env)
        self.assertEqual(self.company.resource_calendar_id.tz, "Asia/Almaty")
        self.assertEqual(self.six_day.resource_calendar_id.tz, "Asia/Aqtobe")
        settings = self.env["res.config.settings"].create({})
        self.assertFalse(settings.safeguarding_tz_warning)

    # 3. Past years -----------------------------------------------------

    @freeze_time("2026-11-26 06:00:00")
    def test_load_from_the_earliest_record(self):
        """Records entered late with an earlier date get the right deadline."""
        allegation = self._allegation("2024-12-13 05:00:00")  # Friday
        self.Holiday._cron_load_public_holidays()
        # Monday 16 December 2024 is Independence Day: Tuesday 17.
        self.assertEqual(allegation.directors_due, utc("2024-12-17 05:00"))
        # Monday 15 December 2025 + 1 skips Tuesday 16.
        self.assertEqual(
            self.add(self.company, "2025-12-15 05:00", 1), utc("2025-12-17 05:00")
        )
        self.assertEqual(self.company.safeguarding_holiday_years, "2024-2027")
        self.assertTrue(self.company.safeguarding_holiday_version)
        self.assertEqual(
            self.company.safeguarding_holiday_loaded, utc("2026-11-26 06:00")
        )

    # 4. The law changes ------------------------------------------------

    @freeze_time("2026-08-28 06:00:00")
    def test_reload_archives_a_day_the_package_dropped(self):
        """30 August stopped being a holiday in 2026: a reload takes it out."""
        from ..models import safeguarding_holiday

        package = safeguarding_holiday.holidays_lib
        real = package.country_holidays

        def old_list(*args, **kwargs):
            calendar = real(*args, **kwargs)
            calendar[date(2026, 8, 30)] = "Constitution Day"
            if kwargs.get("observed", True):
                calendar[date(2026, 8, 31)] = "Constitution Day (observed)"
            return calendar

        with patch.object(package, "country_holidays", side_effect=old_list):
            self._load([2026])
        by_hand = self.Holiday.create(
            {"name": "Entered by hand", "date": "2026-11-30", "country_id": self.kz.id}
        )
        # Sunday 30 carried over to Monday 31: Friday 28 + 1 = Tuesday 1 September.
        allegation = self._allegation("2026-08-28 05:00:00")
        self.assertEqual(allegation.directors_due, utc("2026-09-01 05:00"))
        # A referral sent now (11:00): answer within 3 working days, Thursday 3.
        referral = self._emailed_referral()
        self.assertEqual(referral.answer_due, utc("2026-09-03 06:00"))
        constitution = self.Holiday.search([("date", "=", "2026-08-30")])
        self.assertTrue(constitution)

        self.env["safeguarding.holiday"].with_user(
            self.manager
        ).action_load_public_holidays()
        self.assertFalse(constitution.active)
        self.assertTrue(by_hand.active)
        self.assertEqual(allegation.directors_due, utc("2026-08-31 05:00"))
        self.assertEqual(referral.answer_due, utc("2026-09-02 06:00"))
        for logs in (allegation.log_ids, referral.case_id.log_ids):
            self.assertTrue(any("calendar changed" in log.summary for log in logs))
        # Loading the same years again changes nothing.
        self.assertFalse(self.Holiday._load_public_holidays(self.kz, [2026]))
