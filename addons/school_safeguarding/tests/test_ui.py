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
