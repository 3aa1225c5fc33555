"""The DSL's day and a teacher's report: screens that lead, nothing lost."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import SafeguardingCase

GROUP = "school_safeguarding.group_safeguarding_"


@tagged("post_install", "-at_install")
class TestDailyUse(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pupil_two = cls.env["res.partner"].create(
            {"name": "Timur Test-Pupil", "is_pupil": True, "pupil_grade": "6B"}
        )

    def _alarm(self, pupil, user=None, place="Playground"):
        return (
            self.env["safeguarding.missing.episode"]
            .with_user(user or self.staff)
            .create({"pupil_id": pupil.id, "last_seen_place": place})
        )

    # 1. "Today" shows what is there, as it opens --------------------------

    def test_today_shows_the_counts_and_lists_as_it_opens(self):
        concerns = self._submitted_concern() | self._submitted_concern(
            pupil_id=self.pupil_two.id
        )
        episodes = self._alarm(self.pupil) | self._alarm(self.pupil_two)
        for user in (self.lead, self.team):
            Overview = self.env["safeguarding.overview"].with_user(user)
            action = Overview.action_open_today()
            # The page opens on a saved record: the web client reads it.
            self.assertTrue(action["res_id"])
            values = Overview.browse(action["res_id"]).web_read(
                {
                    "display_name": {},
                    "new_concern_count": {},
                    "missing_count": {},
                    "new_concern_ids": {"fields": {"display_name": {}}},
                    "missing_ids": {"fields": {"display_name": {}}},
                }
            )[0]
            self.assertEqual(values["display_name"], "Today")
            self.assertEqual(values["new_concern_count"], 2, user.login)
            self.assertEqual(values["missing_count"], 2, user.login)
            self.assertEqual(
                {row["id"] for row in values["new_concern_ids"]}, set(concerns.ids)
            )
            self.assertEqual(
                {row["id"] for row in values["missing_ids"]}, set(episodes.ids)
            )
        # One click from each row to the record's own page.
        opened = concerns[0].with_user(self.lead).action_open_record()
        self.assertEqual(
            (opened["res_model"], opened["res_id"]),
            ("safeguarding.concern", concerns[0].id),
        )

    def test_today_lists_my_cases_referrals_and_allegations(self):
        case = (
            self.env["safeguarding.case"]
            .with_user(self.lead)
            .create({"pupil_id": self.pupil.id})
        )
        employee = self.env["hr.employee"].create({"name": "Accused Adult"})
        allegation = self.env["safeguarding.allegation"].create(
            {"subject_employee_id": employee.id, "description": "Shouted at a child."}
        )
        lead_today = self.env["safeguarding.overview"].with_user(self.lead).create({})
        self.assertIn(case, lead_today.case_ids)
        self.assertIn(allegation, lead_today.allegation_ids)
        # A director sees the allegations, not the casework.
        Overview = self.env["safeguarding.overview"].with_user(self.director)
        director_today = Overview.browse(Overview.action_open_today()["res_id"])
        self.assertIn(allegation, director_today.allegation_ids)
        self.assertFalse(director_today.is_team)
        self.assertEqual(director_today.new_concern_count, 0)

    # 9. Each role lands on its own work -------------------------------------

    def test_each_role_lands_on_its_own_work(self):
        Overview = self.env["safeguarding.overview"]
        expected = {
            self.lead: "safeguarding.overview",
            self.team: "safeguarding.overview",
            self.director: "safeguarding.overview",
            self.hr: "hr.employee",
            self.reception: "safeguarding.visit",
            self.staff: "safeguarding.concern",
        }
        home = self.env.ref("school_safeguarding.safeguarding_home_action")
        for user, model in expected.items():
            action = home.with_user(user).run()
            self.assertEqual(action["res_model"], model, user.login)
        self.assertEqual(
            home.with_user(self.hr).run()["context"],
            {"search_default_sg_not_cleared": 1},
        )
        staff_action = Overview.with_user(self.staff).action_open_home()
        self.assertEqual(staff_action["domain"], "[('reporter_id', '=', uid)]")
        # The app opens there, not on a blank concern, and every role sees
        # the app (its home action is on a model every member of staff reads).
        root = self.env.ref("school_safeguarding.safeguarding_menu_root")
        self.assertEqual(root.action, home)
        report = self.env.ref("school_safeguarding.safeguarding_concern_menu_new")
        for user in expected:
            visible = (root | report).with_user(user)._filter_visible_menus()
            self.assertEqual(visible, root | report, user.login)
        # Today carries the id of its menu's action: the web client shows
        # the Safeguarding menus around it, also as the home page.
        today = self.env.ref("school_safeguarding.safeguarding_today_action")
        self.assertEqual(home.with_user(self.lead).run()["id"], today.id)

    def test_safeguarding_roles_start_the_day_in_safeguarding(self):
        home = self.env.ref("school_safeguarding.safeguarding_home_action")
        dsl = new_test_user(
            self.env, login="sg_t_new_dsl", groups=f"base.group_user,{GROUP}lead"
        )
        self.assertEqual(dsl.action_id.id, home.id)
        teacher = new_test_user(self.env, login="sg_t_new_teacher")
        self.assertFalse(teacher.action_id, "a teacher keeps the default home")
        teacher.groups_id = [(4, self.env.ref(f"{GROUP}reception").id)]
        self.assertEqual(teacher.action_id.id, home.id)
        # A home page someone chose is kept.
        chosen = self.env.ref("base.action_res_users")
        hr = new_test_user(self.env, login="sg_t_new_hr")
        hr.action_id = chosen.id
        hr.groups_id = [(4, self.env.ref(f"{GROUP}hr").id)]
        self.assertEqual(hr.action_id.id, chosen.id)

    # 2. A concern left unsent is not lost -----------------------------------

    def test_an_unsent_concern_reminds_its_author_once(self):
        cron = self.env.ref("school_safeguarding.ir_cron_concern_drafts")
        activity_type = self.env.ref(
            "school_safeguarding.mail_activity_type_concern_draft"
        )
        start = fields.Datetime.now()
        with freeze_time(start):
            draft = (
                self.env["safeguarding.concern"]
                .with_user(self.staff)
                .create(self._concern_values())
            )
            draft.flush_recordset()
        self.assertFalse(draft.name)
        # Not within the first half hour: the teacher may still be typing.
        with freeze_time(start + timedelta(minutes=10)):
            cron.method_direct_trigger()
        self.assertFalse(draft.activity_ids)
        with freeze_time(start + timedelta(minutes=45)):
            cron.method_direct_trigger()
            cron.method_direct_trigger()
        reminder = draft.activity_ids
        self.assertEqual(len(reminder), 1, "reminded once")
        self.assertEqual(reminder.activity_type_id, activity_type)
        self.assertEqual(reminder.user_id, self.staff)
        self.assertIn("Zarina", reminder.note)
        # The teacher sees it in their own list; sending it ends the reminder.
        mine = (
            self.env["safeguarding.concern"]
            .with_user(self.staff)
            .search([("reporter_id", "=", self.staff.id), ("state", "=", "draft")])
        )
        self.assertIn(draft, mine)
        draft.with_user(self.staff).action_submit()
        self.assertNotIn(activity_type, draft.sudo().activity_ids.activity_type_id)

    # 7. The missing-pupil alarm: feedback, and no second episode ----------

    def test_a_second_alarm_for_a_missing_child_opens_no_second_episode(self):
        episode = self._alarm(self.pupil)
        told = episode.sudo().activity_ids
        self.assertIn("Zarina Test-Pupil", told[:1].summary)
        result = episode.action_alarm_raised()
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn("Zarina Test-Pupil", result["params"]["message"])
        self.assertIn(self.lead.name, result["params"]["message"])
        Episode = self.env["safeguarding.missing.episode"].sudo()
        before = Episode.search_count([])
        with self.assertRaisesMessage(UserError, "already reported missing"):
            self._alarm(self.pupil, user=self.other_staff, place="Gate")
        self.assertEqual(Episode.search_count([]), before)
        # Once found, a new alarm for the same child is a new episode.
        episode.sudo().action_found(place="Library")
        self.assertTrue(self._alarm(self.pupil))

    def test_missing_for_is_shown_with_its_units(self):
        Episode = self.env["safeguarding.missing.episode"]
        self.assertEqual(Episode._duration_label(3), "3 min")
        self.assertEqual(Episode._duration_label(125), "2 h 05 min")
        self.assertEqual(Episode._duration_label(28 * 60), "1 d 4 h")
        with freeze_time("2026-11-24 05:00"):
            episode = self._alarm(self.pupil)
            episode.sudo().last_seen_date = "2026-11-24 04:57:00"
        with freeze_time("2026-11-24 05:00"):
            episode.invalidate_recordset()
            self.assertEqual(episode.sudo().elapsed_label, "3 min")

    # Minor: no dead ends, no technical names -----------------------------

    def test_the_dsl_or_a_director_sets_the_dsls_absence_with_dates(self):
        company = self.company
        Wizard = self.env["safeguarding.lead.absence.wizard"]
        with freeze_time("2026-11-20 06:00"):
            wizard = Wizard.with_user(self.director).create(
                {"absent_from": "2026-11-23", "absent_until": "2026-11-27"}
            )
            wizard.action_confirm()
            self.assertEqual(company.safeguarding_acting_lead_ids, self.lead)
        with freeze_time("2026-11-24 06:00"):
            company.invalidate_recordset()
            self.assertTrue(company.safeguarding_lead_away)
            self.assertEqual(company.safeguarding_acting_lead_ids, self.team)
            concern = self._submitted_concern()
            self.assertEqual(concern.sudo().activity_ids.user_id, self.team)
        with freeze_time("2026-11-28 06:00"):
            company.invalidate_recordset()
            self.assertEqual(company.safeguarding_acting_lead_ids, self.lead)
        # Off sick today: the DSL says so without an administrator.
        Wizard.with_user(self.lead).create({"absent_now": True}).action_confirm()
        self.assertEqual(company.safeguarding_acting_lead_ids, self.team)
        # Nobody else may; nor an absence that ends before it starts.
        with self.assertRaises(AccessError):
            Wizard.with_user(self.team).create({"absent_now": False}).action_confirm()
        with self.assertRaisesMessage(ValidationError, "cannot end before"):
            Wizard.with_user(self.lead).create(
                {"absent_from": "2026-12-10", "absent_until": "2026-12-01"}
            ).action_confirm()
        self.assertTrue(company.safeguarding_lead_absent)

    def test_a_concern_goes_to_the_childs_open_case_by_default(self):
        first = self._submitted_concern()
        case = (
            self.env["safeguarding.case"]
            .with_user(self.lead)
            .create({"pupil_id": self.pupil.id})
        )
        first._link_to_case(case)
        second = self._submitted_concern()
        action = second.with_user(self.lead).action_open_case_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.lead)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.mode, "existing")
        self.assertEqual(wizard.case_id, case)
        # From a concern to the child's other concerns.
        self.assertEqual(second.with_user(self.lead).pupil_concern_count, 2)
        listed = second.with_user(self.lead).action_view_pupil_concerns()
        self.assertEqual(listed["domain"], [("pupil_id", "=", self.pupil.id)])

    def test_the_access_log_names_records_in_words(self):
        concern = self._submitted_concern()
        concern.with_user(self.lead).read(["description"])
        entry = self.env["safeguarding.audit.log"].search(
            [("res_model", "=", "safeguarding.concern")], limit=1
        )
        self.assertEqual(entry.record_kind, "Safeguarding concern")


@tagged("post_install", "-at_install")
class TestDailyUseUi(HttpCase):
    """The same, in a browser, as the demo users (needs Chromium)."""

    def _ref(self, xmlid):
        return self.env.ref(f"school_safeguarding.{xmlid}")

    def _concern(self, pupil):
        concern = (
            self.env["safeguarding.concern"]
            .with_user(self._ref("demo_user_teacher"))
            .create(
                {
                    "pupil_id": pupil.id,
                    "description": "Came to school hungry again.",
                    "category_ids": [(6, 0, self._ref("concern_category_neglect").ids)],
                }
            )
        )
        concern.action_submit()
        return concern

    def test_dsl_lands_on_today_with_its_figures_and_lists(self):
        for xmlid in ("demo_pupil_amir", "demo_pupil_timur"):
            pupil = self._ref(xmlid)
            self._concern(pupil)
            self.env["safeguarding.missing.episode"].with_user(
                self._ref("demo_user_teacher")
            ).create({"pupil_id": pupil.id, "last_seen_place": "Playground"})
        self.start_tour("/odoo", "school_safeguarding_dsl_today", login="sg_dsl")

    def test_teacher_reports_a_concern_on_a_phone(self):
        Concern = self.env["safeguarding.concern"]
        before = Concern.search([])
        self.browser_size = "390x844"
        self.touch_enabled = True
        self.start_tour(
            "/odoo", "school_safeguarding_report_concern_phone", login="sg_teacher"
        )
        concern = Concern.search([]) - before
        self.assertEqual(concern.state, "submitted")
        self.assertIn("bruise", concern.description)

    def test_a_second_alarm_for_the_same_child_is_refused_in_the_browser(self):
        Episode = self.env["safeguarding.missing.episode"]
        before = Episode.search([])
        self.start_tour(
            "/odoo", "school_safeguarding_missing_alarm_twice", login="sg_teacher"
        )
        # The refusal is a user error, which Odoo's server logs as a warning.
        with mute_logger("odoo.http"):
            self.start_tour(
                "/odoo", "school_safeguarding_missing_alarm_again", login="sg_teacher2"
            )
        self.assertEqual(len(Episode.search([]) - before), 1)
