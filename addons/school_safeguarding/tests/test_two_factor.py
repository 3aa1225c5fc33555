from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import SafeguardingCase, with_two_factor

GROUP = "school_safeguarding.group_safeguarding_"
MESSAGE = "Case content needs two-factor authentication."


@tagged("post_install", "-at_install", "safeguarding_security")
class TestTwoFactor(SafeguardingCase):
    """The DSL, deputies and directors open case content only with two-factor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The demo school turns the requirement off; a real school keeps it.
        cls.company.safeguarding_require_2fa = True
        internal = "base.group_user,base.group_allow_export"
        cls.deputy_plain = new_test_user(
            cls.env, login="sg_t_deputy_plain", groups=f"{internal},{GROUP}team"
        )
        cls.lead_plain = new_test_user(
            cls.env, login="sg_t_lead_plain", groups=f"{internal},{GROUP}lead"
        )
        cls.director_plain = new_test_user(
            cls.env, login="sg_t_director_plain", groups=f"{internal},{GROUP}director"
        )
        cls.concern = cls._submitted_concern()
        cls.case = cls.env["safeguarding.case"].create(
            {"pupil_id": cls.pupil.id, "user_id": cls.lead.id}
        )
        cls.concern._link_to_case(cls.case)
        cls.log = cls.case.log_ids[:1]
        cls.message = cls.case.message_post(
            body="Strategy meeting booked.", message_type="comment"
        )
        cls.employee = cls.env["hr.employee"].create(
            {"name": "Teacher Accused", "user_id": cls.other_staff.id}
        )
        cls.allegation = cls.env["safeguarding.allegation"].create(
            {"subject_employee_id": cls.employee.id, "description": "Shouted."}
        )

    def _refused(self, user):
        """Every way of reading case content is refused to ``user``, with why."""
        for records in (self.case, self.concern, self.log):
            records = records.with_user(user)
            with self.subTest(model=records._name):
                with self.assertRaisesMessage(AccessError, MESSAGE):
                    records.read(["name"])
                with self.assertRaisesMessage(AccessError, MESSAGE):
                    records.web_read({"display_name": {}})
                with self.assertRaisesMessage(AccessError, MESSAGE):
                    records.export_data(["id"])
        Case = self.env["safeguarding.case"].with_user(user)
        with self.assertRaisesMessage(AccessError, MESSAGE):
            Case.search([])
        with self.assertRaisesMessage(AccessError, MESSAGE):
            Case.search_count([])
        with self.assertRaisesMessage(AccessError, MESSAGE):
            Case.read_group([], ["pupil_id"], ["pupil_id"])
        with self.assertRaisesMessage(AccessError, MESSAGE):
            Case.name_search("SG")
        with self.assertRaisesMessage(AccessError, MESSAGE):
            self.case.with_user(user).write({"risk_level": "high"})
        with self.assertRaisesMessage(AccessError, MESSAGE):
            self.env["safeguarding.case.log"].with_user(user).create(
                {"case_id": self.case.id, "summary": "Written without two-factor."}
            )
        # A concern of someone else is not found either.
        Concern = self.env["safeguarding.concern"].with_user(user)
        self.assertNotIn(self.concern, Concern.search([]))
        # Nor is the chatter (messages, followers, files, posting).
        self.assertFalse(Case._get_thread_with_access(self.case.id))
        self.assertFalse(Case._get_thread_with_access(self.case.id, "write"))
        self.assertFalse(
            self.env["mail.message"]
            .with_user(user)
            .search(
                [("model", "=", "safeguarding.case"), ("res_id", "=", self.case.id)]
            )
        )

    def test_senior_roles_without_two_factor_are_refused_case_content(self):
        self._refused(self.deputy_plain)
        self._refused(self.lead_plain)
        with self.assertRaisesMessage(AccessError, MESSAGE):
            self.allegation.with_user(self.director_plain).read(["description"])
        with self.assertRaisesMessage(AccessError, MESSAGE):
            self.env["safeguarding.allegation"].with_user(self.director_plain).search(
                []
            )

    def test_with_two_factor_they_read_it(self):
        with_two_factor(self.deputy_plain | self.lead_plain | self.director_plain)
        for user in (self.deputy_plain, self.lead_plain):
            for records in (self.case, self.concern, self.log):
                self.assertTrue(records.with_user(user).read(["name"]))
            Case = self.env["safeguarding.case"].with_user(user)
            self.assertIn(self.case, Case.search([]))
            self.assertEqual(Case._get_thread_with_access(self.case.id), self.case)
            self.assertIn(
                self.message,
                self.env["mail.message"]
                .with_user(user)
                .search([("model", "=", "safeguarding.case")]),
            )
        self.assertTrue(
            self.allegation.with_user(self.director_plain).read(["description"])
        )

    def test_a_school_that_turns_the_requirement_off_lets_them_read(self):
        self.company.safeguarding_require_2fa = False
        for records in (self.case, self.concern, self.log):
            self.assertTrue(records.with_user(self.lead_plain).read(["name"]))

    def test_the_requirement_follows_the_school_worked_in(self):
        school_2 = self.env["res.company"].create({"name": "Strict School"})
        self.company.safeguarding_require_2fa = False
        self.lead_plain.company_ids = [(4, school_2.id)]
        Case = self.env["safeguarding.case"].with_user(self.lead_plain)
        self.assertIn(self.case, Case.with_company(self.company).search([]))
        with self.assertRaisesMessage(AccessError, MESSAGE):
            Case.with_company(self.company).with_context(
                allowed_company_ids=[self.company.id, school_2.id]
            ).search([])

    def test_teachers_report_and_read_their_concerns_without_two_factor(self):
        concern = self._submitted_concern(user=self.other_staff)
        mine = concern.with_user(self.other_staff)
        self.assertEqual(
            mine.read(["description"])[0]["description"], concern.description
        )
        self.assertEqual(
            self.env["safeguarding.concern"].with_user(self.other_staff).search([]),
            concern,
        )

    def test_a_senior_without_two_factor_still_reads_what_they_reported(self):
        own = self._submitted_concern(user=self.deputy_plain)
        Concern = self.env["safeguarding.concern"].with_user(self.deputy_plain)
        self.assertEqual(Concern.search([]), own)
        self.assertTrue(own.with_user(self.deputy_plain).read(["description"]))
        with self.assertRaisesMessage(AccessError, MESSAGE):
            self.concern.with_user(self.deputy_plain).read(["description"])

    def test_a_dsl_without_two_factor_is_still_told_of_a_new_concern(self):
        self.company.safeguarding_lead_id = self.lead_plain
        concern = self._submitted_concern()
        self.assertEqual(concern.state, "submitted")
        self.assertIn(self.lead_plain, concern.sudo().activity_ids.user_id)

    def test_today_says_why_instead_of_failing(self):
        self._submitted_concern()
        Overview = self.env["safeguarding.overview"]
        for user in (self.deputy_plain, self.director_plain):
            overview = Overview.with_user(user).create({})
            values = overview.web_read(
                {"two_factor_missing": {}, "new_concern_count": {}, "is_team": {}}
            )[0]
            self.assertTrue(values["two_factor_missing"])
            self.assertFalse(values["is_team"])
            self.assertEqual(values["new_concern_count"], 0)
            action = Overview.with_user(user).action_open_two_factor_setup()
            self.assertEqual(
                (action["res_model"], action["res_id"]), ("res.users", user.id)
            )
        overview = Overview.with_user(self.lead_plain).create({})
        values = overview.web_read(
            {"case_ids": {"fields": {"name": {}}}, "allegation_ids": {}}
        )[0]
        self.assertEqual((values["case_ids"], values["allegation_ids"]), ([], []))
        overview = Overview.with_user(self.lead).create({})
        values = overview.web_read({"two_factor_missing": {}, "new_concern_count": {}})[
            0
        ]
        self.assertFalse(values["two_factor_missing"])
        self.assertEqual(values["new_concern_count"], 1)

    def test_the_pupil_and_employee_pages_open_without_case_content(self):
        pupil = self.pupil.with_user(self.lead_plain)
        self.assertEqual(pupil.safeguarding_case_count, 0)
        self.assertFalse(pupil.safeguarding_case_ids)
        employee = self.employee.with_user(self.director_plain)
        self.assertFalse(employee.safeguarding_allegation_ids)
        with_two_factor(self.lead_plain)
        self.env.invalidate_all()
        self.assertEqual(
            self.pupil.with_user(self.lead_plain).safeguarding_case_count, 1
        )

    def test_settings_list_exactly_the_senior_roles_without_two_factor(self):
        school = self.env["res.company"].create({"name": "Listed School"})

        def user(login, role):
            groups = "base.group_user" + (f",{GROUP}{role}" if role else "")
            return new_test_user(
                self.env,
                login=login,
                groups=groups,
                company_id=school.id,
                company_ids=[(6, 0, school.ids)],
            )

        deputy, lead, director = (
            user("sg_t_l_deputy", "team"),
            user("sg_t_l_lead", "lead"),
            user("sg_t_l_director", "director"),
        )
        with_two_factor(user("sg_t_l_deputy_2fa", "team"))
        user("sg_t_l_teacher", None)
        user("sg_t_l_hr", "hr")
        settings = self.env["res.config.settings"].with_company(school).create({})
        self.assertEqual(
            settings.safeguarding_no_2fa_user_ids, deputy | lead | director
        )
        self.assertEqual(settings.safeguarding_no_2fa_count, 3)
        self.assertTrue(settings.safeguarding_require_2fa)
        action = settings.action_safeguarding_users_without_2fa()
        self.assertEqual(
            self.env["res.users"].search(action["domain"]), deputy | lead | director
        )
        with_two_factor(lead)
        settings = self.env["res.config.settings"].with_company(school).create({})
        self.assertEqual(settings.safeguarding_no_2fa_user_ids, deputy | director)


@tagged("post_install", "-at_install")
class TestPrivacyScreenUi(HttpCase):
    """The privacy screen, in a browser, as the demo DSL (needs Chromium)."""

    def test_the_privacy_screen_covers_a_case_and_goes_away(self):
        self.start_tour(
            "/odoo/action-school_safeguarding.safeguarding_case_action",
            "school_safeguarding_privacy_screen",
            login="sg_dsl",
        )

    def test_today_tells_a_dsl_without_two_factor_how_to_turn_it_on(self):
        self.env.ref("base.main_company").safeguarding_require_2fa = True
        self.start_tour("/odoo", "school_safeguarding_two_factor_today", login="sg_dsl")
