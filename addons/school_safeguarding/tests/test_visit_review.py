from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SafeguardingCase, utc


@tagged("post_install", "-at_install")
class TestVisitorsBook(SafeguardingCase):
    """The visitors' book (R28). The school is in Asia/Almaty (UTC+5)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.resource_calendar_id.tz = "Asia/Almaty"
        cls.company.safeguarding_day_end_hour = 18.0
        with freeze_time("2026-11-01"):
            cls.escort = cls._cleared_employee("Cleared Escort")
        cls.uncleared = cls.env["hr.employee"].create({"name": "New Starter"})
        cls.Visit = cls.env["safeguarding.visit"].with_user(cls.reception)

    def _sign_in(self, **values):
        return self.Visit.create(
            {
                "visitor_name": "Inspector Abenova",
                "organisation": "Education department",
                "purpose": "Lesson observation",
                "escort_id": self.escort.id,
                "badge_number": "V-07",
                "id_checked": True,
                **values,
            }
        )

    def test_sign_in_and_out(self):
        with freeze_time("2026-11-24 04:00"):
            visit = self._sign_in(signature=b"iVBORw0KGgo=")
            self.assertTrue(visit.on_site)
            self.assertEqual(visit.escort_clearance, "cleared")
            self.assertIn(
                visit, self.Visit.search([("on_site", "=", True)]), "on the board"
            )
        with freeze_time("2026-11-24 06:30"):
            visit.action_sign_out()
            self.assertEqual(visit.departure, utc("2026-11-24 06:30"))
            self.assertFalse(visit.on_site)
            with self.assertRaisesMessage(UserError, "already left"):
                visit.action_sign_out()
            with self.assertRaisesMessage(UserError, "kept as signed"):
                visit.write({"purpose": "Something else"})
            with self.assertRaises(UserError):
                visit.unlink()

    def test_bad_input_refused(self):
        with self.assertRaisesMessage(ValidationError, "escorted"):
            self._sign_in(escort_id=False)
        with self.assertRaisesMessage(ValidationError, "no safeguarding clearance"):
            self._sign_in(escort_id=self.uncleared.id)
        with self.assertRaisesMessage(ValidationError, "badge"):
            self._sign_in(badge_number=" ")
        self._sign_in()
        with self.assertRaisesMessage(ValidationError, "still on site"):
            self._sign_in(visitor_name="Second visitor")
        visit = self._sign_in(badge_number="V-08", arrival="2026-11-24 04:00:00")
        with self.assertRaisesMessage(ValidationError, "before signing in"):
            visit.write({"departure": "2026-11-24 03:00:00"})

    def test_known_contractor_shows_clearance(self):
        cleaner = self.env["hr.employee"].create(
            {"name": "Contract cleaner", "employee_type": "contractor"}
        )
        visit = self._sign_in(contractor_employee_id=cleaner.id)
        self.assertEqual(visit.visitor_clearance, "pending")
        # Reception never reads the vetting evidence.
        with self.assertRaises(AccessError):
            self.env["safeguarding.check"].with_user(self.reception).search([])

    def test_end_of_day_flags_visitors_not_signed_out_once(self):
        with freeze_time("2026-11-24 04:00"):
            visit = self._sign_in()
        cron = self.env.ref("school_safeguarding.ir_cron_visitors_not_out")
        with freeze_time("2026-11-24 12:30"):  # 17:30 at school
            cron.method_direct_trigger()
            self.assertFalse(visit.not_signed_out_flagged)
        with freeze_time("2026-11-24 13:30"):  # 18:30 at school
            cron.method_direct_trigger()
            self.assertTrue(visit.not_signed_out_flagged)
            users = visit.activity_ids.user_id
            self.assertIn(self.reception, users)
            self.assertIn(self.lead, users)
            count = len(visit.activity_ids)
            cron.method_direct_trigger()
            self.assertEqual(len(visit.activity_ids), count)
        with freeze_time("2026-11-24 14:00"):
            visit.action_sign_out()
            self.assertFalse(visit.activity_ids)

    def test_daily_register(self):
        with freeze_time("2026-11-23 04:00"):
            yesterday = self._sign_in(badge_number="V-01")
            yesterday.action_sign_out()
        with freeze_time("2026-11-24 04:00"):
            today = self._sign_in(badge_number="V-02", visitor_name="Today Visitor")
            action = self.Visit.action_print_register()
            self.assertEqual(
                action["report_name"], "school_safeguarding.report_visitor_register"
            )
            self.assertIn(today.id, action["context"]["active_ids"])
            self.assertNotIn(yesterday.id, action["context"]["active_ids"])
            html, _type = (
                self.env["ir.actions.report"]
                .with_user(self.reception)
                ._render_qweb_html(
                    "school_safeguarding.report_visitor_register", today.ids
                )
            )
            self.assertIn("Today Visitor", html.decode())
            self.assertIn("ON SITE", html.decode())
            # In the school's time (04:00 UTC is 09:00 in Almaty), also for
            # someone printing from another time zone.
            self.reception.tz = "Europe/Brussels"
            html = (
                self.env["ir.actions.report"]
                .with_user(self.reception)
                .with_context(tz="Europe/Brussels")
                ._render_qweb_html(
                    "school_safeguarding.report_visitor_register", today.ids
                )[0]
                .decode()
            )
            self.assertIn("09:00", html)
            self.assertNotIn("05:00", html)


@tagged("post_install", "-at_install")
class TestReviewAndReports(SafeguardingCase):
    """Incident reviews, improvement actions and the annual report (R31, R4)."""

    def _review(self, **values):
        return (
            self.env["safeguarding.review"]
            .with_user(self.lead)
            .create({"review_type": "other", **values})
        )

    def _complete(self, review):
        review.write(
            {
                "what_happened": "A pupil left through the delivery gate.",
                "went_well": "The alarm reached the DSL within a minute.",
                "went_badly": "The gate was left open.",
                "findings": "Deliveries need a member of staff at the gate.",
            }
        )

    def test_review_reported_to_directors(self):
        review = self._review(staff_involved=True)
        self.assertRegex(review.name, r"^SG-V-\d{4}-\d{4}$")
        with self.assertRaisesMessage(ValidationError, "Complete the review"):
            review.action_report_to_directors()
        self._complete(review)
        with self.assertRaisesMessage(ValidationError, "shareholders"):
            review.action_report_to_directors()
        shareholder = self.env["res.partner"].create(
            {"name": "Shareholder representative"}
        )
        review.write(
            {
                "administration_ids": [(6, 0, self.director.ids)],
                "shareholder_ids": [(6, 0, shareholder.ids)],
            }
        )
        review.action_report_to_directors()
        self.assertEqual(review.state, "done")
        message = self.env["mail.message"].search(
            [
                ("model", "=", "safeguarding.review"),
                ("res_id", "=", review.id),
                ("partner_ids", "in", self.director.partner_id.ids),
            ]
        )
        self.assertTrue(message)
        self.assertTrue(review.with_user(self.director).findings)
        with self.assertRaisesMessage(UserError, "kept as it was"):
            review.write({"findings": "Changed"})
        for user in (self.team, self.hr, self.staff):
            with self.assertRaises(AccessError):
                review.with_user(user).read(["findings"])

    def test_improvement_actions_chased_until_done(self):
        review = self._review()
        with freeze_time("2026-11-20"):
            action = (
                self.env["safeguarding.review.action"]
                .with_user(self.lead)
                .create(
                    {
                        "review_id": review.id,
                        "name": "Fit a self-closing latch on the delivery gate",
                        "owner_id": self.staff.id,
                        "deadline": "2026-11-23",
                    }
                )
            )
        cron = self.env.ref("school_safeguarding.ir_cron_review_actions")
        with freeze_time("2026-11-23"):
            cron.method_direct_trigger()
            self.assertFalse(action.activity_ids, "not overdue on its deadline")
        with freeze_time("2026-11-24"):
            self.assertTrue(action.with_user(self.staff).overdue)
            cron.method_direct_trigger()
            self.assertEqual(action.activity_ids.user_id, self.staff)
            cron.method_direct_trigger()
            self.assertEqual(len(action.activity_ids), 1)
            # Marked done without fixing it: chased again the next day.
            action.activity_ids.action_done()
        with freeze_time("2026-11-25"):
            cron.method_direct_trigger()
            self.assertEqual(len(action.activity_ids), 1)
            # The owner sees their own action, not the review.
            mine = action.with_user(self.staff)
            with self.assertRaisesMessage(UserError, "what was done"):
                mine.action_done()
            mine.done_note = "Latch fitted by the caretaker."
            mine.action_done()
            self.assertEqual(action.state, "done")
            self.assertFalse(action.activity_ids)
            with self.assertRaises(AccessError):
                review.with_user(self.staff).read(["findings"])
            self.assertFalse(
                self.env["safeguarding.review.action"]
                .with_user(self.other_staff)
                .search([])
            )

    def test_review_opened_after_an_incident(self):
        case = self.env["safeguarding.case"].create({"pupil_id": self.pupil.id})
        action = case.with_user(self.lead).action_open_review()
        self.assertEqual(action["context"]["default_case_id"], case.id)
        self.assertEqual(action["context"]["default_review_type"], "case")
        with self.assertRaises(AccessError):
            case.with_user(self.team).action_open_review()

    @freeze_time("2026-11-25 06:00")
    def test_annual_report_has_figures_and_no_names(self):
        concern = self._submitted_concern()
        case = self.env["safeguarding.case"].create({"pupil_id": self.pupil.id})
        concern._link_to_case(case)
        review = self._review()
        self.env["safeguarding.review.action"].with_user(self.lead).create(
            {
                "review_id": review.id,
                "name": "Train reception on badges",
                "owner_id": self.reception.id,
                "deadline": "2026-12-01",
            }
        )
        wizard = (
            self.env["safeguarding.annual.report.wizard"]
            .with_user(self.director)
            .create({"date_from": "2026-01-01", "date_to": "2026-12-31"})
        )
        action = wizard.action_print()
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.director)
            ._render_qweb_html(
                "school_safeguarding.report_safeguarding_annual",
                wizard.ids,
                data=action["data"],
            )
        )
        html = html.decode()
        self.assertIn("Annual safeguarding report", html)
        self.assertIn(self.category.name, html)
        self.assertIn("Train reception on badges", html)
        self.assertNotIn(self.pupil.name, html)
        self.assertNotIn(concern.description, html)
        # Dates and months in the reader's language, not ISO.
        self.assertNotIn("2026-11", html)
        self.assertNotIn("2026-01-01", html)
        self.assertIn("Nov 2026", html)
        self.assertIn("12/01/2026", html)
        self.env["res.lang"]._activate_lang("ru_RU")
        self.director.lang = "ru_RU"
        html_ru = (
            self.env["ir.actions.report"]
            .with_user(self.director)
            .with_context(lang="ru_RU")
            ._render_qweb_html(
                "school_safeguarding.report_safeguarding_annual",
                wizard.ids,
                data=action["data"],
            )[0]
            .decode()
        )
        self.assertIn("нояб. 2026", html_ru)
        self.assertIn("01.12.2026", html_ru)
        figures = self.env[
            "report.school_safeguarding.report_safeguarding_annual"
        ]._figures(self.company, date(2026, 1, 1), date(2026, 12, 31))
        self.assertGreaterEqual(figures["concern_count"], 1)
        self.assertGreaterEqual(figures["case_count"], 1)
        # The director still cannot open the case itself.
        with self.assertRaises(AccessError):
            case.with_user(self.director).read(["decision_nature"])
        # Nor can anyone else print it.
        with self.assertRaises(UserError):
            self.env["safeguarding.annual.report.wizard"].with_user(self.hr).create(
                {"date_from": "2026-01-01", "date_to": "2026-12-31"}
            ).action_print()
        with self.assertRaisesMessage(ValidationError, "ends before"):
            self.env["safeguarding.annual.report.wizard"].with_user(
                self.director
            ).create(
                {"date_from": "2026-12-31", "date_to": "2026-01-01"}
            ).action_print()

    def test_overview_counts_what_the_user_may_see(self):
        self._submitted_concern()
        overview = self.env["safeguarding.overview"].with_user(self.lead).create({})
        self.assertGreaterEqual(overview.new_concern_count, 1)
        self.assertGreaterEqual(overview.activity_count, 1)
        action = overview.action_open_new_concerns()
        self.assertEqual(action["domain"], [("state", "=", "submitted")])
        with self.assertRaises(AccessError):
            self.env["safeguarding.overview"].with_user(self.staff).create({})
