from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import SafeguardingCase, utc, with_two_factor


@tagged("post_install", "-at_install")
class TestAllegation(SafeguardingCase):
    """Allegations against adults (R8, R24). Times are UTC; the school is UTC+5."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.resource_calendar_id.tz = "Asia/Almaty"
        cls.company.safeguarding_holiday_country_id = cls.env.ref("base.kz")
        group = "school_safeguarding.group_safeguarding_"
        cls.director_2 = new_test_user(
            cls.env,
            login="sg_t_director2",
            groups=f"base.group_user,{group}director",
        )
        with_two_factor(cls.director_2)
        cls.company.safeguarding_director_ids = cls.director | cls.director_2
        cls.teacher_employee = cls.env["hr.employee"].create(
            {"name": "Teacher Accused", "user_id": cls.other_staff.id}
        )
        cls.lead_employee = cls.env["hr.employee"].create(
            {"name": "The DSL", "user_id": cls.lead.id}
        )
        cls.director_employee = cls.env["hr.employee"].create(
            {"name": "The Director", "user_id": cls.director.id}
        )
        cls.cron = cls.env.ref("school_safeguarding.ir_cron_allegation_directors")

    def _allegation(self, employee=None, user=None, **values):
        return (
            self.env["safeguarding.allegation"]
            .with_user(user or self.lead)
            .create(
                {
                    "subject_employee_id": (employee or self.teacher_employee).id,
                    "description": "A pupil says the teacher grabbed her arm.",
                    **values,
                }
            )
        )

    def test_directors_due_within_one_working_day(self):
        with freeze_time("2026-11-20 06:00"):  # Friday 11:00 at school
            allegation = self._allegation()
            self.assertRegex(allegation.name, r"^SG-L-\d{4}-\d{4}$")
            self.assertEqual(allegation.directors_due, utc("2026-11-23 06:00"))
            self.assertEqual(allegation.subject_user_id, self.other_staff)
            allegation.action_inform_directors()
            self.assertEqual(
                allegation.directors_informed_date, utc("2026-11-20 06:00")
            )
            self.assertEqual(
                allegation.directors_informed_ids, self.director | self.director_2
            )
            message = self.env["mail.message"].search(
                [
                    ("model", "=", "safeguarding.allegation"),
                    ("res_id", "=", allegation.id),
                    ("partner_ids", "in", self.director.partner_id.ids),
                ]
            )
            self.assertTrue(message)
            self.assertNotIn("grabbed", message.body)
            self.assertNotIn(self.teacher_employee.name, message.body)

    def test_cron_escalates_once_when_overdue(self):
        with freeze_time("2026-11-20 06:00"):
            allegation = self._allegation()
        with freeze_time("2026-11-23 05:00"):
            self.cron.method_direct_trigger()
            self.assertFalse(allegation.directors_escalated, "not due yet")
        with freeze_time("2026-11-23 07:00"):
            self.assertTrue(allegation.with_user(self.lead).directors_overdue)
            self.assertIn(
                allegation,
                self.env["safeguarding.allegation"]
                .with_user(self.lead)
                .search([("directors_overdue", "=", True)]),
            )
            self.cron.method_direct_trigger()
            self.assertTrue(allegation.directors_escalated)
            activity = allegation.activity_ids
            self.assertEqual(activity.user_id, self.lead)
            self.assertEqual(
                activity.activity_type_id,
                self.env.ref(
                    "school_safeguarding.mail_activity_type_allegation_directors"
                ),
            )
            notified = self.env["mail.message"].search_count(
                [
                    ("model", "=", "safeguarding.allegation"),
                    ("res_id", "=", allegation.id),
                    ("partner_ids", "in", self.director.partner_id.ids),
                ]
            )
            self.assertEqual(notified, 1)
            self.cron.method_direct_trigger()
            self.assertEqual(len(allegation.activity_ids), 1)
            self.assertEqual(
                self.env["mail.message"].search_count(
                    [
                        ("model", "=", "safeguarding.allegation"),
                        ("res_id", "=", allegation.id),
                        ("partner_ids", "in", self.director.partner_id.ids),
                    ]
                ),
                1,
            )
            allegation.action_inform_directors()
            self.assertFalse(allegation.activity_ids)

    def test_subject_never_sees_it_whatever_their_groups(self):
        """A rule without groups: even the DSL or a director concerned sees nothing."""
        about_teacher = self._allegation()
        about_lead = self._allegation(employee=self.lead_employee, user=self.director)
        about_director = self._allegation(
            employee=self.director_employee, user=self.lead
        )
        for allegation, subject in (
            (about_teacher, self.other_staff),
            (about_lead, self.lead),
            (about_director, self.director),
        ):
            Allegation = self.env["safeguarding.allegation"].with_user(subject)
            if subject in (self.lead, self.director):
                self.assertNotIn(allegation, Allegation.search([]))
            with self.assertRaises(AccessError):
                allegation.with_user(subject).read(["description"])
            # Nor its chronology.
            if subject in (self.lead, self.director):
                logs = (
                    self.env["safeguarding.case.log"]
                    .with_user(subject)
                    .search([("allegation_id", "=", allegation.id)])
                )
                self.assertFalse(logs)
        # The others of the chain see it.
        self.assertTrue(about_lead.with_user(self.director_2).description)
        self.assertTrue(about_director.with_user(self.director_2).description)
        self.assertTrue(about_director.with_user(self.lead).description)
        # Deputies, HR and staff do not.
        for user in (self.team, self.hr, self.staff):
            with self.assertRaises(AccessError):
                about_teacher.with_user(user).read(["description"])
        # The subject is never told, even as a director to inform.
        about_director.action_inform_directors()
        self.assertEqual(about_director.directors_informed_ids, self.director_2)
        # Nor can they be the person handling it.
        with self.assertRaisesMessage(ValidationError, "handled by the person"):
            self._allegation(employee=self.lead_employee, user=self.lead)

    def test_workflow_measures_and_outcome_on_hr_record(self):
        allegation = self._allegation(
            measure="suspension", measure_start="2026-11-20", measure_end="2026-12-04"
        )
        with self.assertRaisesMessage(ValidationError, "initial assessment"):
            allegation.action_assess()
        allegation.assessment = "Account is credible; the pupil has a bruise."
        allegation.action_assess()
        allegation.action_investigate()
        self.assertEqual(allegation.state, "investigation")
        with self.assertRaisesMessage(UserError, "directors"):
            allegation._close("substantiated", "")
        allegation.action_inform_directors()
        wizard = (
            self.env["safeguarding.allegation.close.wizard"]
            .with_user(self.lead)
            .create(
                {
                    "allegation_id": allegation.id,
                    "outcome": "substantiated",
                    "outcome_note": "Seen by a colleague.",
                }
            )
        )
        wizard.action_confirm()
        self.assertEqual(allegation.state, "closed")
        with self.assertRaisesMessage(UserError, "closed"):
            allegation.write({"investigation": "More"})
        with self.assertRaises(UserError):
            allegation.unlink()
        kinds = allegation.log_ids.mapped("kind")
        self.assertIn("decision", kinds)
        # Substantiated shows on the HR record for the DSL and the directors...
        employee = self.teacher_employee.with_user(self.director)
        self.assertEqual(employee.safeguarding_allegation_ids, allegation)
        # ...an unfounded, false or malicious one never does.
        for outcome in ("unfounded", "false", "malicious"):
            other = self._allegation()
            other.action_inform_directors()
            other._close(outcome, "")
            self.assertNotIn(
                other,
                self.teacher_employee.with_user(self.lead).safeguarding_allegation_ids,
            )
        # HR officers do not see the allegation field at all.
        with self.assertRaises(AccessError):
            self.teacher_employee.with_user(self.hr).read(
                ["safeguarding_allegation_ids"]
            )

    def test_bad_input_refused(self):
        with self.assertRaisesMessage(ValidationError, "starts"):
            self._allegation(measure="changed_duties")
        with self.assertRaisesMessage(ValidationError, "end before"):
            self._allegation(
                measure="suspension",
                measure_start="2026-11-20",
                measure_end="2026-11-10",
            )
        with self.assertRaisesMessage(ValidationError, "future"):
            self._allegation(received_date="2999-01-01 10:00:00")
        allegation = self._allegation()
        with self.assertRaisesMessage(ValidationError, "before the allegation"):
            allegation.sudo().write(
                {"directors_informed_date": allegation.received_date.replace(year=2000)}
            )
        with self.assertRaisesMessage(UserError, "buttons"):
            allegation.write({"outcome": "false"})

    def test_from_concern_about_an_adult(self):
        concern = self._submitted_concern(
            subject_type="adult",
            pupil_id=False,
            subject_employee_id=self.teacher_employee.id,
        )
        with self.assertRaises(AccessError):
            concern.with_user(self.team).action_raise_allegation()
        action = concern.with_user(self.lead).action_raise_allegation()
        allegation = self.env["safeguarding.allegation"].browse(action["res_id"])
        self.assertEqual(allegation.concern_id, concern)
        self.assertEqual(allegation.subject_employee_id, self.teacher_employee)
        self.assertEqual(concern.allegation_id, allegation)
        self.assertEqual(concern.state, "acknowledged")
        self.assertFalse(concern.activity_ids)
        # The reporter still sees their concern, never the allegation.
        self.assertEqual(concern.with_user(self.staff).state, "acknowledged")
        with self.assertRaises(AccessError):
            allegation.with_user(self.staff).read(["name"])
        with self.assertRaises(AccessError):
            concern.with_user(self.staff).read(["allegation_id"])

    def test_referral_of_an_allegation(self):
        allegation = self._allegation()
        agency = self.env["res.partner"].create(
            {"name": "Police", "safeguarding_agency_type": "police"}
        )
        action = allegation.action_refer()
        form = Form(
            self.env["safeguarding.referral"]
            .with_user(self.lead)
            .with_context(**action["context"])
        )
        form.agency_id = agency
        referral = form.save()
        self.assertEqual(referral.allegation_id, allegation)
        self.assertEqual(referral.company_id, self.company)
        with freeze_time("2026-11-16 05:00"):
            self.env["safeguarding.referral.contact"].with_user(self.lead).create(
                {"referral_id": referral.id, "summary": "Phoned", "channel": "phone"}
            )
        self.assertEqual(referral.state, "open")
        self.assertTrue(
            allegation.log_ids.filtered(lambda log: log.kind == "referral"),
            "the referral writes the allegation's chronology",
        )
        # Directors may read it, deputies and the subject may not.
        self.assertTrue(referral.with_user(self.director).name)
        for user in (self.team, self.other_staff):
            with self.assertRaises(AccessError):
                referral.with_user(user).read(["name"])

    def test_a_new_holiday_moves_the_directors_deadline(self):
        with freeze_time("2026-11-20 06:00"):  # Friday
            allegation = self._allegation()
            self.assertEqual(allegation.directors_due, utc("2026-11-23 06:00"))
            self.env["safeguarding.holiday"].create(
                {
                    "name": "Day off by government resolution",
                    "date": "2026-11-23",
                    "country_id": self.env.ref("base.kz").id,
                }
            )
            self.assertEqual(allegation.directors_due, utc("2026-11-24 06:00"))
