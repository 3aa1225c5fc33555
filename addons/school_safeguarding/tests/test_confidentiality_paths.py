"""The paths around the record rules: searches on shared models, chatter,
followers, files, the access log, reports and scheduled actions.

Roles beyond the matrix: a DSL and a director who are each the subject of an
allegation, and a deputy of another school.
"""

from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import SafeguardingCase, with_two_factor

GROUP = "school_safeguarding.group_safeguarding_"


@tagged("post_install", "-at_install", "safeguarding_security")
class TestConfidentialityPaths(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        internal = "base.group_user"
        cls.lead_subject = new_test_user(
            cls.env, login="sg_t_lead_subject", groups=f"{internal},{GROUP}lead"
        )
        cls.director_subject = new_test_user(
            cls.env,
            login="sg_t_director_subject",
            groups=f"{internal},{GROUP}director",
        )
        cls.settings_user = new_test_user(
            cls.env, login="sg_t_settings", groups=f"{internal},base.group_system"
        )
        with_two_factor(cls.lead_subject | cls.director_subject)
        cls.company.safeguarding_director_ids = cls.director | cls.director_subject
        cls.school_2 = cls.env["res.company"].create({"name": "Second School"})
        cls.team_2 = new_test_user(
            cls.env,
            login="sg_t_team_2",
            groups=f"{internal},{GROUP}team",
            company_id=cls.school_2.id,
            company_ids=[(6, 0, cls.school_2.ids)],
        )
        with_two_factor(cls.team_2)
        cls.lead_employee = cls.env["hr.employee"].create(
            {"name": "DSL Concerned", "user_id": cls.lead_subject.id}
        )
        cls.director_employee = cls.env["hr.employee"].create(
            {"name": "Director Concerned", "user_id": cls.director_subject.id}
        )
        Allegation = cls.env["safeguarding.allegation"]
        cls.allegation_lead = Allegation.create(
            {
                "subject_employee_id": cls.lead_employee.id,
                "description": "Shouted at a pupil",
                "user_id": cls.lead.id,
            }
        )
        cls.allegation_director = Allegation.create(
            {
                "subject_employee_id": cls.director_employee.id,
                "description": "Grabbed a pupil's arm",
                "user_id": cls.lead.id,
            }
        )
        for allegation in cls.allegation_lead | cls.allegation_director:
            allegation._message_subscribe(
                partner_ids=(
                    cls.lead | cls.director | cls.director_subject
                ).partner_id.ids
            )
        cls.concern = cls._submitted_concern()
        cls.case = cls.env["safeguarding.case"].create(
            {"pupil_id": cls.pupil.id, "user_id": cls.lead.id}
        )
        cls.concern._link_to_case(cls.case)

    def _team_note(self, record, body="Phoned the mother: she was angry."):
        """A note of the DSL's on ``record``, with a file."""
        attachment = self.env["ir.attachment"].create(
            {
                "name": "call-notes.txt",
                "raw": b"notes",
                "res_model": record._name,
                "res_id": record.id,
            }
        )
        return record.with_user(self.lead).message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachment_ids=attachment.ids,
        )

    # 1. Which children have a case or concern -------------------------------

    def test_searching_pupils_by_cases_needs_the_team(self):
        Partner = self.env["res.partner"]
        for user in (self.staff, self.reception, self.hr, self.director, self.manager):
            for domain in (
                [("safeguarding_case_ids", "!=", False)],
                [("safeguarding_case_ids", "=", False)],
                [("safeguarding_concern_ids", "!=", False)],
                [("safeguarding_case_ids", "any", [("risk_level", "!=", False)])],
                [("safeguarding_case_ids.risk_level", "!=", False)],
            ):
                with self.subTest(user=user.login, domain=domain):
                    with self.assertRaises(AccessError):
                        Partner.with_user(user).search(domain)
            with self.assertRaises(AccessError):
                self.env["res.users"].with_user(user).search(
                    [("safeguarding_case_ids", "!=", False)]
                )
            with self.assertRaises(AccessError):
                Partner.with_user(user).search([], order="pupil_medical_need_detail")
            with self.assertRaises(AccessError):
                Partner.with_user(user).search_count(
                    [("pupil_medical_need_detail", "ilike", "a")]
                )
        with self.assertRaises(AccessError):
            self.env["hr.employee"].with_user(self.lead).search(
                [("safeguarding_check_ids", "!=", False)]
            )
        with self.assertRaises(AccessError):
            self.env["hr.employee"].with_user(self.team).search(
                [("safeguarding_allegation_ids", "!=", False)]
            )

    def test_the_team_finds_only_what_its_rules_allow(self):
        Partner = self.env["res.partner"]
        with_case = [("safeguarding_case_ids", "!=", False)]
        self.assertIn(self.pupil, Partner.with_user(self.team).search(with_case))
        self.assertNotIn(self.pupil, Partner.with_user(self.team_2).search(with_case))
        self.assertIn(
            self.pupil,
            Partner.with_user(self.team_2).search(
                [("safeguarding_case_ids", "=", False)]
            ),
        )
        self.assertNotIn(
            self.pupil,
            Partner.with_user(self.team_2).search(
                [("safeguarding_concern_ids", "any", [("id", "!=", False)])]
            ),
        )
        self.assertFalse(
            self.pupil.with_user(self.team_2).safeguarding_case_ids,
            "another school's cases are not listed on the pupil",
        )
        # Employee records open to HR officers: the DSLs here are ones too.
        hr_officer = self.env.ref("hr.group_hr_user")
        (self.lead | self.lead_subject).groups_id = [(4, hr_officer.id)]
        Employee = self.env["hr.employee"]
        with_allegation = [("safeguarding_allegation_ids", "!=", False)]
        self.assertIn(
            self.lead_employee, Employee.with_user(self.lead).search(with_allegation)
        )
        found = Employee.with_user(self.lead_subject).search(with_allegation)
        self.assertNotIn(self.lead_employee, found, "nothing about themselves")
        self.assertIn(self.director_employee, found)

    # 2. The team's chatter stays with the team ------------------------------

    def test_reporter_does_not_see_the_teams_chatter(self):
        # As in real use: Odoo would make the creator a follower.
        concern = (
            self.env["safeguarding.concern"]
            .with_user(self.staff)
            .with_context(tracking_disable=False)
            .create(self._concern_values())
        )
        own_file = (
            self.env["ir.attachment"]
            .with_user(self.staff)
            .create(
                {
                    "name": "photo-of-note.txt",
                    "raw": b"note",
                    "res_model": "safeguarding.concern",
                    "res_id": concern.id,
                }
            )
        )
        concern.action_submit()
        self.concern = concern.with_user(self.env.user)
        note = self._team_note(self.concern)
        sent = self.concern.with_user(self.lead).message_post(
            body="Sent to the followers: the stepfather is known to the police.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        Message = self.env["mail.message"].with_user(self.staff)
        on_concern = [
            ("model", "=", "safeguarding.concern"),
            ("res_id", "=", self.concern.id),
        ]
        self.assertFalse((note | sent) & Message.search(on_concern))
        self.assertFalse(
            self.env["mail.notification"].search(
                [
                    ("mail_message_id", "=", sent.id),
                    ("res_partner_id", "=", self.staff.partner_id.id),
                ]
            )
        )
        with self.assertRaises(AccessError):
            sent.with_user(self.staff).read(["body"])
        self.assertNotIn(note, Message._message_fetch(on_concern)["messages"])
        self.assertNotIn(note, self.concern.with_user(self.staff).message_ids)
        with self.assertRaises(AccessError):
            note.with_user(self.staff).read(["body"])
        # Not a follower, so nothing in their inbox either.
        self.assertNotIn(self.staff.partner_id, self.concern.message_partner_ids)
        self.assertFalse(
            self.env["mail.notification"].search(
                [
                    ("mail_message_id", "=", note.id),
                    ("res_partner_id", "=", self.staff.partner_id.id),
                ]
            )
        )
        Attachment = self.env["ir.attachment"].with_user(self.staff)
        files = Attachment.search(
            [
                ("res_model", "=", "safeguarding.concern"),
                ("res_id", "=", self.concern.id),
            ]
        )
        self.assertEqual(files, own_file, "their own file, not the team's")
        with self.assertRaises(AccessError):
            note.attachment_ids.with_user(self.staff).read(["raw"])
        # The team sees it all.
        self.assertIn(
            note, self.env["mail.message"].with_user(self.team).search(on_concern)
        )
        self.assertEqual(
            len(
                self.env["ir.attachment"]
                .with_user(self.team)
                .search(
                    [
                        ("res_model", "=", "safeguarding.concern"),
                        ("res_id", "=", self.concern.id),
                    ]
                )
            ),
            2,
        )

    def test_whoever_raised_a_missing_alarm_does_not_see_the_teams_chatter(self):
        episode = (
            self.env["safeguarding.missing.episode"]
            .with_user(self.staff)
            .create({"pupil_id": self.pupil.id, "last_seen_place": "Gate"})
        )
        note = self._team_note(episode.sudo(), body="Police called at 10:40.")
        found = (
            self.env["mail.message"]
            .with_user(self.staff)
            .search([("model", "=", episode._name), ("res_id", "=", episode.id)])
        )
        self.assertNotIn(note, found)
        self.assertNotIn(self.staff.partner_id, episode.sudo().message_partner_ids)

    # 3-5. The adult concerned, even as the DSL or a director ----------------

    def test_subject_does_not_read_the_access_log(self):
        self.env["safeguarding.audit.log"].with_user(self.lead)._record(
            self.allegation_lead.with_user(self.lead), "open"
        )
        Log = self.env["safeguarding.audit.log"]
        about = [("res_model", "=", "safeguarding.allegation")]
        self.assertTrue(Log.with_user(self.lead).search(about))
        self.assertFalse(Log.with_user(self.lead_subject).search(about))
        entry = Log.with_user(self.lead).search(about, limit=1)
        with self.assertRaises(AccessError):
            entry.with_user(self.lead_subject).read(["reference"])

    def test_subject_does_not_see_the_followers(self):
        Followers = self.env["mail.followers"]
        for allegation, subject in (
            (self.allegation_lead, self.lead_subject),
            (self.allegation_director, self.director_subject),
        ):
            on_it = [
                ("res_model", "=", "safeguarding.allegation"),
                ("res_id", "=", allegation.id),
            ]
            rows = Followers.search(on_it)
            self.assertTrue(rows)
            self.assertFalse(Followers.with_user(subject).search(on_it))
            with self.assertRaises(AccessError):
                rows.with_user(subject).read(["partner_id"])
            self.assertTrue(Followers.with_user(self.lead).search(on_it))

    def test_subject_does_not_see_the_improvement_actions(self):
        review = self.env["safeguarding.review"].create(
            {
                "review_type": "allegation",
                "allegation_id": self.allegation_lead.id,
                "user_id": self.lead.id,
            }
        )
        action = self.env["safeguarding.review.action"].create(
            {
                "review_id": review.id,
                "name": "Never alone with a pupil",
                "owner_id": self.lead.id,
                "deadline": "2026-12-01",
            }
        )
        Action = self.env["safeguarding.review.action"]
        self.assertFalse(
            Action.with_user(self.lead_subject).search([("id", "=", action.id)])
        )
        with self.assertRaises(AccessError):
            action.with_user(self.lead_subject).read(["name"])
        with self.assertRaises(AccessError):
            action.with_user(self.lead_subject).write({"done_note": "Done"})
        self.assertTrue(Action.with_user(self.lead).search([("id", "=", action.id)]))

    # 6. The annual report ----------------------------------------------------

    def test_annual_report_leaves_out_allegations_about_the_reader(self):
        Report = self.env["report.school_safeguarding.report_safeguarding_annual"]
        today = self.allegation_director.received_date.date()
        start, end = today.replace(month=1, day=1), today.replace(month=12, day=31)
        as_director = Report.with_user(self.director)._figures(self.company, start, end)
        as_subject = Report.with_user(self.director_subject)._figures(
            self.company, start, end
        )
        self.assertEqual(
            as_subject["allegation_count"], as_director["allegation_count"] - 1
        )

    # 7. A concern raised as an allegation follows the allegation ------------

    def test_raised_concern_follows_the_allegation(self):
        employee = self.env["hr.employee"].create(
            {"name": "Teacher Concerned", "user_id": self.other_staff.id}
        )
        concern = self._submitted_concern(
            subject_type="adult", pupil_id=False, subject_employee_id=employee.id
        )
        Concern = self.env["safeguarding.concern"]
        self.assertTrue(Concern.with_user(self.team).search([("id", "=", concern.id)]))
        concern.with_user(self.lead).action_raise_allegation()
        self.assertFalse(
            Concern.with_user(self.team).search([("id", "=", concern.id)]),
            "deputies no longer read it",
        )
        with self.assertRaises(AccessError):
            concern.with_user(self.team).read(["description"])
        self.assertTrue(Concern.with_user(self.lead).search([("id", "=", concern.id)]))
        self.assertTrue(
            Concern.with_user(self.director).search([("id", "=", concern.id)])
        )
        self.assertFalse(
            Concern.with_user(self.other_staff).search([("id", "=", concern.id)])
        )
        self.assertTrue(
            Concern.with_user(self.staff).search([("id", "=", concern.id)]),
            "the reporter still sees the status of their report",
        )

    # 8 and 13. Follower rows ------------------------------------------------

    def test_another_schools_team_does_not_see_followers(self):
        self.case._message_subscribe(partner_ids=self.lead.partner_id.ids)
        on_case = [
            ("res_model", "=", "safeguarding.case"),
            ("res_id", "=", self.case.id),
        ]
        self.assertTrue(self.env["mail.followers"].with_user(self.team).search(on_case))
        self.assertFalse(
            self.env["mail.followers"].with_user(self.team_2).search(on_case)
        )

    def test_nobody_moves_a_follower_row_onto_a_record(self):
        own = self.env["mail.followers"].create(
            {
                "res_model": "res.partner",
                "res_id": self.settings_user.partner_id.id,
                "partner_id": self.settings_user.partner_id.id,
            }
        )
        with self.assertRaises(AccessError):
            own.with_user(self.settings_user).write(
                {"res_model": "safeguarding.case", "res_id": self.case.id}
            )
        self.case._message_subscribe(partner_ids=self.lead.partner_id.ids)
        row = self.env["mail.followers"].search(
            [("res_model", "=", "safeguarding.case"), ("res_id", "=", self.case.id)],
            limit=1,
        )
        self.assertTrue(row)
        with self.assertRaises(AccessError):
            row.with_user(self.lead).write({"partner_id": self.staff.partner_id.id})

    def test_nobody_adds_follower_rows_by_hand(self):
        for user in (self.settings_user, self.lead):
            with self.assertRaises(AccessError):
                self.env["mail.followers"].with_user(user).create(
                    {
                        "res_model": "safeguarding.case",
                        "res_id": self.case.id,
                        "partner_id": user.partner_id.id,
                    }
                )
        self.assertNotIn(self.settings_user.partner_id, self.case.message_partner_ids)

    # New paths of this version: Today, the employee's allegations, the
    # chronology's stored adult -------------------------------------------

    def test_the_adult_concerned_finds_nothing_through_the_new_paths(self):
        for user, employee, allegation in (
            (self.lead_subject, self.lead_employee, self.allegation_lead),
            (self.director_subject, self.director_employee, self.allegation_director),
        ):
            Overview = self.env["safeguarding.overview"].with_user(user)
            today = Overview.browse(Overview.action_open_today()["res_id"])
            self.assertNotIn(allegation, today.allegation_ids, user.login)
            # Without HR rights the employee is read as its public profile,
            # which refuses the field; with them, its rows follow the
            # allegation's rules, which hide it from the adult concerned.
            try:
                seen = employee.with_user(user).safeguarding_subject_allegation_ids
            except AccessError:
                seen = self.env["safeguarding.allegation"]
            self.assertNotIn(allegation, seen, user.login)
            entries = self.env["safeguarding.case.log"].search(
                [("allegation_id", "=", allegation.id)]
            )
            if entries:
                self.assertEqual(entries.subject_user_id, user)
                self.assertFalse(
                    self.env["safeguarding.case.log"]
                    .with_user(user)
                    .search([("id", "in", entries.ids)]),
                    user.login,
                )
        # The other DSL or director still sees it.
        Overview = self.env["safeguarding.overview"].with_user(self.lead)
        today = Overview.browse(Overview.action_open_today()["res_id"])
        for allegation in self.allegation_lead | self.allegation_director:
            self.assertIn(allegation, today.allegation_ids)

    # 12. One failing allegation does not stop the escalation ---------------

    def test_escalation_goes_on_past_a_failing_allegation(self):
        self.company.resource_calendar_id.tz = "Asia/Almaty"
        cron = self.env.ref("school_safeguarding.ir_cron_allegation_directors")
        Allegation = self.env["safeguarding.allegation"]
        with freeze_time("2026-11-20 06:00"):
            # The handler of the first one has since lost the DSL role.
            former = with_two_factor(
                new_test_user(
                    self.env,
                    login="sg_t_former_lead",
                    groups=f"base.group_user,{GROUP}lead",
                )
            )
            orphan = Allegation.create(
                {
                    "subject_employee_id": self.lead_employee.id,
                    "description": "One",
                    "user_id": former.id,
                }
            )
            broken = Allegation.create(
                {
                    "subject_employee_id": self.director_employee.id,
                    "description": "Two",
                    "user_id": self.lead.id,
                }
            )
            former.groups_id = [(3, self.env.ref(f"{GROUP}lead").id)]
        original = type(Allegation)._notify_directors

        def notify(records, directors, overdue=False):
            if records == broken:
                raise ValueError("mail server refused")
            return original(records, directors, overdue=overdue)

        with (
            freeze_time("2026-11-24 07:00"),
            patch.object(type(Allegation), "_notify_directors", notify),
            mute_logger("odoo.addons.school_safeguarding.models.safeguarding_jobs"),
        ):
            cron.method_direct_trigger()
        self.assertTrue(orphan.directors_escalated)
        self.assertEqual(orphan.activity_ids.user_id, self.lead, "the DSL instead")
        self.assertFalse(broken.directors_escalated)
        self.assertIn("mail server refused", broken.escalation_error)
        # The escalation set aside is tried again once someone handles it.
        broken.with_user(self.lead).user_id = self.lead
        self.assertFalse(broken.escalation_error)

    # 11. Every read of case content is logged, whatever the path -----------

    def _log_rows(self, before):
        return self.env["safeguarding.audit.log"].search(
            [("id", ">", before.id or 0)], order="id"
        )

    def test_every_read_of_case_content_is_logged(self):
        Log = self.env["safeguarding.audit.log"]
        Case = self.env["safeguarding.case"].with_user(self.team)
        case_2 = self.env["safeguarding.case"].create({"pupil_id": self.pupil.id})
        both = self.case | case_2
        paths = {
            "read": lambda: self.case.with_user(self.team).read(["decision_nature"]),
            "search_read": lambda: Case.search_read(
                [("id", "=", self.case.id)], ["name", "state"]
            ),
            "web_read of several": lambda: both.with_user(self.team).web_read(
                {"name": {}, "state": {}}
            ),
            "web_read with a context flag": lambda: self.case.with_user(self.team)
            .with_context(safeguarding_listing=True)
            .web_read({"name": {}, "state": {}}),
            "a list": lambda: Case.web_search_read(
                [("id", "in", both.ids)], {"name": {}, "state": {}}
            ),
        }
        expected = {
            "read": ("read", self.case),
            "search_read": ("read", self.case),
            "web_read of several": ("read", both),
            "web_read with a context flag": ("open", self.case),
            "a list": ("list", both),
        }
        for path, call in paths.items():
            with self.subTest(path=path):
                before = Log.search([], limit=1, order="id desc")
                call()
                rows = self._log_rows(before)
                event, records = expected[path]
                self.assertEqual(len(rows), 1, "one entry per call")
                self.assertEqual(rows.event, event)
                self.assertEqual(rows.user_id, self.team)
                self.assertEqual(rows.record_count, len(records))
                for name in records.mapped("name"):
                    self.assertIn(name, rows.reference)
        # A case read through a concern's form is logged as read too.
        before = Log.search([], limit=1, order="id desc")
        self.concern.with_user(self.team).web_read(
            {"case_id": {"fields": {"decision_nature": {}}}}
        )
        rows = self._log_rows(before)
        self.assertEqual(
            set(rows.mapped("res_model")),
            {"safeguarding.concern", "safeguarding.case"},
        )

    def test_prints_are_logged_and_the_chronology_needs_a_disclosure(self):
        Log = self.env["safeguarding.audit.log"]
        Report = self.env["ir.actions.report"].with_user(self.lead)
        chronology = "school_safeguarding.report_safeguarding_case_chronology"
        with self.assertRaisesMessage(UserError, "Share chronology"):
            Report._render_qweb_html(chronology, self.case.ids)
        agency = self.env["res.partner"].create(
            {"name": "Police", "safeguarding_agency_type": "police"}
        )
        self.env["safeguarding.disclosure"].with_user(self.lead).create(
            {
                "case_id": self.case.id,
                "agency_id": agency.id,
                "information": "Chronology",
            }
        )
        before = Log.search([], limit=1, order="id desc")
        html, _type = Report._render_qweb_html(chronology, self.case.ids)
        self.assertIn(self.case.name, html.decode())
        rows = self._log_rows(before).filtered(lambda row: row.event == "print")
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows.reference, self.case.name)
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.team_2)._render_qweb_html(
                chronology, self.case.ids
            )

    # 10. The medical detail stays with the team of the pupil's school -------

    def test_medical_detail_stays_with_the_pupils_school(self):
        pupil_2 = self.env["res.partner"].create(
            {
                "name": "Aruzhan Second-School",
                "is_pupil": True,
                "pupil_has_medical_need": True,
                "pupil_medical_need_detail": "Epilepsy: rescue medication in bag.",
            }
        )
        self.env["safeguarding.case"].create(
            {"pupil_id": pupil_2.id, "company_id": self.school_2.id}
        )
        detail = "pupil_medical_need_detail"
        self.assertEqual(
            pupil_2.with_user(self.team_2)[detail],
            "Epilepsy: rescue medication in bag.",
        )
        self.assertFalse(pupil_2.with_user(self.team)[detail])
        self.assertFalse(pupil_2.with_user(self.team).read([detail])[0][detail])
        with self.assertRaises(AccessError):
            pupil_2.with_user(self.team).write({detail: "Changed"})
        with self.assertRaises(UserError):
            self.env["res.partner"].with_user(self.team_2).search(
                [(detail, "ilike", "epilepsy")]
            )
        for user in (self.staff, self.lead, self.team):
            with self.assertRaises(AccessError):
                self.env["res.partner"].with_user(user).search(
                    [("pupil_medical_need_note", "ilike", "epilepsy")]
                )
        with self.assertRaises(AccessError):
            pupil_2.with_user(self.staff).read([detail])
        # A pupil with no school and no record yet: any team member keeps it.
        pupil_3 = self.env["res.partner"].create(
            {"name": "New Pupil", "is_pupil": True, detail: "Asthma"}
        )
        self.assertEqual(pupil_3.with_user(self.team_2)[detail], "Asthma")
        self.assertEqual(pupil_3.with_user(self.team)[detail], "Asthma")
        # The pupil with a case here: not for the other school's team.
        self.pupil.pupil_medical_need_detail = "Hay fever"
        self.assertEqual(self.pupil.with_user(self.team)[detail], "Hay fever")
        self.assertFalse(self.pupil.with_user(self.team_2)[detail])

    # 14. Notifications of safeguarding records ------------------------------

    def test_notifications_reach_only_their_recipient(self):
        review = self.env["safeguarding.review"].create(
            {"review_type": "case", "case_id": self.case.id, "user_id": self.lead.id}
        )
        action = self.env["safeguarding.review.action"].create(
            {
                "review_id": review.id,
                "name": "Check the fence behind the gym",
                "owner_id": self.staff.id,
                "deadline": "2026-12-01",
            }
        )
        message = action.message_post(
            body="Please start this week.",
            partner_ids=self.staff.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        Notification = self.env["mail.notification"]
        on_message = [("mail_message_id", "=", message.id)]
        notifications = Notification.search(on_message)
        self.assertTrue(notifications)
        self.assertTrue(Notification.with_user(self.staff).search(on_message))
        self.assertFalse(Notification.with_user(self.other_staff).search(on_message))
        with self.assertRaises(AccessError):
            notifications.with_user(self.other_staff).read(["mail_message_id"])

    def test_other_jobs_go_on_past_a_failing_record(self):
        review = self.env["safeguarding.review"].create(
            {"review_type": "case", "case_id": self.case.id, "user_id": self.lead.id}
        )
        Action = self.env["safeguarding.review.action"]
        actions = Action.create(
            [
                {
                    "review_id": review.id,
                    "name": name,
                    "owner_id": self.staff.id,
                    "deadline": "2026-01-05",
                }
                for name in ("Broken one", "Fix the gate")
            ]
        )
        broken = actions[0]
        original = type(Action).activity_schedule

        def schedule(records, *args, **kwargs):
            if records == broken:
                raise ValueError("the owner's calendar is locked")
            return original(records, *args, **kwargs)

        with (
            patch.object(type(Action), "activity_schedule", schedule),
            mute_logger("odoo.addons.school_safeguarding.models.safeguarding_jobs"),
        ):
            Action._cron_chase_overdue()
        self.assertFalse(broken.activity_ids)
        self.assertTrue(actions[1].activity_ids, "the others are chased")
        # Set aside, not forgotten: the next run chases it.
        Action._cron_chase_overdue()
        self.assertTrue(broken.activity_ids)
        self.assertEqual(len(actions[1].activity_ids), 1, "once only")
