from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    """The staff and DSL screens in a real browser, as the demo users.

    Needs Chromium (Debian package ``chromium``); without it Odoo skips these
    tests.
    """

    def test_teacher_reports_a_concern_in_the_browser(self):
        Concern = self.env["safeguarding.concern"]
        teacher = self.env.ref("school_safeguarding.demo_user_teacher")
        before = Concern.search([("reporter_id", "=", teacher.id)])
        self.start_tour(
            "/odoo", "school_safeguarding_report_concern", login="sg_teacher"
        )
        concern = Concern.search([("reporter_id", "=", teacher.id)]) - before
        self.assertEqual(concern.state, "submitted")
        self.assertEqual(concern.pupil_id.name, "Amir Tulegenov")
        self.assertIn("hungry", concern.description)
        dsl = self.env.ref("school_safeguarding.demo_user_dsl")
        self.assertIn(dsl, concern.activity_ids.user_id)

    def test_dsl_casework_screens_in_the_browser(self):
        self.start_tour("/odoo", "school_safeguarding_dsl_screens", login="sg_dsl")

    def _in_kazakh(self, *xmlids):
        self.env["res.lang"]._activate_lang("kk_KZ")
        self.env["ir.module.module"]._load_module_terms(
            ["base", "web", "mail", "hr", "school_safeguarding"], ["kk_KZ"]
        )
        for xmlid in xmlids:
            self.env.ref(xmlid).lang = "kk_KZ"

    def test_teacher_and_dsl_work_in_kazakh(self):
        self._in_kazakh(
            "school_safeguarding.demo_user_teacher", "school_safeguarding.demo_user_dsl"
        )
        Concern = self.env["safeguarding.concern"]
        before = Concern.search([])
        self.start_tour(
            "/odoo", "school_safeguarding_report_concern_kk", login="sg_teacher"
        )
        concern = Concern.search([]) - before
        self.assertEqual(concern.state, "submitted")
        self.assertIn("ұйықтап", concern.description)
        self.start_tour("/odoo", "school_safeguarding_dsl_screens_kk", login="sg_dsl")

    def test_staff_raise_a_missing_pupil_alarm_in_the_browser(self):
        Episode = self.env["safeguarding.missing.episode"]
        before = Episode.search([])
        self.start_tour(
            "/odoo", "school_safeguarding_missing_alarm", login="sg_teacher"
        )
        episode = Episode.search([]) - before
        self.assertEqual(episode.pupil_id.name, "Dana Sarsenova")
        self.assertEqual(episode.state, "missing")
        dsl = self.env.ref("school_safeguarding.demo_user_dsl")
        self.assertIn(dsl, episode.activity_ids.user_id)

    def test_reception_signs_a_visitor_out_in_the_browser(self):
        visit = self.env.ref("school_safeguarding.demo_visit_inspector")
        self.assertFalse(visit.departure)
        self.start_tour(
            "/odoo", "school_safeguarding_visitor_sign_out", login="sg_reception"
        )
        self.assertTrue(visit.departure)

    def test_every_role_main_pages_render(self):
        def ref(xmlid):
            return self.env.ref(f"school_safeguarding.{xmlid}")

        def action(xmlid, record=None):
            path = f"/odoo/action-school_safeguarding.{xmlid}"
            return f"{path}/{record.id}" if record else path

        employee = ref("demo_employee_teacher2")
        pages = {
            "sg_dsl": [
                action("safeguarding_today_action"),
                action("safeguarding_concern_action_all", ref("demo_concern_amir_1")),
                action("safeguarding_case_action", ref("demo_case_dana_bullying")),
                action("safeguarding_referral_action", ref("demo_referral_amir_cps")),
                action(
                    "safeguarding_consultation_action", ref("demo_consultation_dana")
                ),
                action("safeguarding_allegation_action", ref("demo_allegation_pe")),
                action(
                    "safeguarding_missing_episode_action", ref("demo_missing_timur")
                ),
                action("safeguarding_review_action", ref("demo_review_missing_timur")),
                action("safeguarding_case_log_action"),
                action("safeguarding_holiday_action"),
            ],
            "sg_hr": [
                action("hr_employee_action_safeguarding_scr"),
                f"/odoo/employees/{employee.id}",
                action("safeguarding_check_action"),
                action(
                    "safeguarding_attestation_action", ref("demo_attestation_cleaning")
                ),
                action("safeguarding_training_action"),
                action(
                    "safeguarding_policy_action", ref("demo_policy_child_protection")
                ),
            ],
            "sg_reception": [
                action("safeguarding_visit_action") + "/new",
                action("safeguarding_visit_action"),
            ],
            "sg_director": [
                action("safeguarding_annual_report_wizard_action"),
                action("safeguarding_review_action_action"),
            ],
            "sg_teacher": [
                action("safeguarding_policy_action_to_read"),
                action("safeguarding_concern_action_mine"),
                "/odoo/action-school_safeguarding.res_company_action_safeguarding_contacts",
            ],
        }
        for login, urls in pages.items():
            for url in urls:
                with self.subTest(login=login, url=url):
                    self.start_tour(
                        url, "school_safeguarding_page_renders", login=login
                    )
