from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SafeguardingCase


@tagged("post_install", "-at_install")
class TestConcern(SafeguardingCase):
    def test_submit_tells_the_acting_lead_without_content(self):
        concern = (
            self.env["safeguarding.concern"]
            .with_user(self.staff)
            .create(self._concern_values())
        )
        self.assertEqual(concern.state, "draft")
        # A draft has no reference that could be taken for a sent concern.
        self.assertFalse(concern.name)
        self.assertEqual(concern.display_name, "Draft, not sent")
        result = concern.action_submit()
        self.assertEqual(concern.state, "submitted")
        self.assertRegex(concern.name, r"^SG-R-\d{4}-\d{4}$")
        # The reporter is told it went, and to whom.
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn(concern.name, result["params"]["message"])
        self.assertIn(self.lead.name, result["params"]["message"])
        self.assertTrue(concern.submitted_date)
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "safeguarding.concern"), ("res_id", "=", concern.id)]
        )
        self.assertEqual(activities.user_id, self.lead)
        self.assertEqual(activities.summary, f"Review concern {concern.name}")
        inbox = self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", self.lead.partner_id.id),
                ("mail_message_id.model", "=", "safeguarding.concern"),
                ("mail_message_id.res_id", "=", concern.id),
            ]
        )
        self.assertTrue(inbox)
        self.assertEqual(set(inbox.mapped("notification_type")), {"inbox"})
        mails = self.env["mail.mail"].search(
            [("model", "=", "safeguarding.concern"), ("res_id", "=", concern.id)]
        )
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.email_to, self.lead.email)
        for secret in (self.pupil.name, "hungry", "no food"):
            self.assertNotIn(secret, mails.body_html)
            self.assertNotIn(secret, mails.subject)
            for message in inbox.mail_message_id:
                self.assertNotIn(secret, message.body)
        self.assertIn(concern.name, mails.body_html)
        entry = self.env["safeguarding.case.log"].search(
            [("concern_id", "=", concern.id)]
        )
        self.assertEqual(entry.kind, "submission")
        self.assertEqual(entry.pupil_id, self.pupil)

    def test_deputies_act_when_lead_absent(self):
        self.company.safeguarding_lead_absent = True
        self.assertEqual(self.company.safeguarding_acting_lead_ids, self.team)
        concern = self._submitted_concern()
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "safeguarding.concern"), ("res_id", "=", concern.id)]
        )
        self.assertEqual(activities.user_id, self.team)

    def test_no_lead_configured_keeps_the_draft(self):
        school = self.env["res.company"].create({"name": "New school, no DSL yet"})
        self.staff.write({"company_ids": [(4, school.id)]})
        concern = (
            self.env["safeguarding.concern"]
            .with_user(self.staff)
            .with_company(school)
            .create(self._concern_values(company_id=school.id))
        )
        with self.assertRaisesMessage(UserError, "No Designated Safeguarding Lead"):
            concern.action_submit()
        self.assertEqual(concern.state, "draft")

    def test_fallback_to_team_when_no_lead(self):
        self.company.write(
            {"safeguarding_lead_id": False, "safeguarding_deputy_ids": [(5, 0, 0)]}
        )
        concern = self._submitted_concern()
        assignees = (
            self.env["mail.activity"]
            .search(
                [
                    ("res_model", "=", "safeguarding.concern"),
                    ("res_id", "=", concern.id),
                ]
            )
            .user_id
        )
        self.assertIn(self.lead, assignees)
        self.assertIn(self.team, assignees)

    def test_submitted_concern_is_immutable(self):
        concern = self._submitted_concern()
        for user in (self.staff, self.team, self.lead):
            with self.assertRaises(UserError):
                concern.with_user(user).write({"description": "Rewritten"})
            with self.assertRaises(UserError):
                concern.with_user(user).unlink()
        with self.assertRaises(UserError):
            concern.unlink()
        self.assertEqual(
            concern.description, "Came to school hungry and cold, twice this week."
        )
        with self.assertRaises(AccessError):
            concern.with_user(self.staff).write({"state": "draft"})
        with self.assertRaises(UserError):
            concern.with_user(self.staff).action_submit()

    def test_draft_stays_private_and_editable(self):
        concern = (
            self.env["safeguarding.concern"]
            .with_user(self.staff)
            .create(self._concern_values())
        )
        concern.write({"location_detail": "Playground"})
        self.assertEqual(concern.location_detail, "Playground")
        self.assertFalse(
            self.env["safeguarding.concern"]
            .with_user(self.lead)
            .search([("id", "=", concern.id)])
        )
        concern.unlink()
        self.assertFalse(concern.exists())

    def test_bad_input_is_refused(self):
        Concern = self.env["safeguarding.concern"].with_user(self.staff)
        with self.assertRaisesMessage(ValidationError, "future"):
            Concern.create(
                self._concern_values(
                    incident_date=fields.Datetime.now() + timedelta(days=1)
                )
            )
        with self.assertRaisesMessage(ValidationError, "Choose the child"):
            Concern.create(self._concern_values(pupil_id=False))
        adult = Concern.create(
            self._concern_values(
                pupil_id=False, subject_type="adult", subject_name="Bus driver"
            )
        )
        self.assertEqual(adult.subject_type, "adult")
        not_a_pupil = self.env["res.partner"].create({"name": "Not a pupil"})
        with self.assertRaisesMessage(ValidationError, "not registered as a pupil"):
            Concern.create(self._concern_values(pupil_id=not_a_pupil.id))
        concern = Concern.create(self._concern_values(category_ids=[(5, 0, 0)]))
        with self.assertRaisesMessage(ValidationError, "at least one category"):
            concern.action_submit()
        self.assertEqual(concern.state, "draft")
        danger = Concern.create(self._concern_values(immediate_danger=True))
        with self.assertRaisesMessage(ValidationError, "immediate danger"):
            danger.action_submit()
        danger.write(
            {
                "direct_contact_with": "Police, 102",
                "direct_contact_date": fields.Datetime.now(),
            }
        )
        danger.action_submit()
        self.assertEqual(danger.state, "submitted")

    def test_concern_about_adult_hidden_from_that_adult(self):
        employee = self.env["hr.employee"].create(
            {"name": "The Lead", "user_id": self.lead.id}
        )
        concern = self._submitted_concern(
            pupil_id=False, subject_type="adult", subject_employee_id=employee.id
        )
        self.assertFalse(
            self.env["safeguarding.concern"]
            .with_user(self.lead)
            .search([("id", "=", concern.id)])
        )
        with self.assertRaises(AccessError):
            concern.with_user(self.lead).read(["description"])
        self.assertTrue(concern.with_user(self.team).read(["description"]))

    def test_reporter_sees_status_not_team_messages(self):
        concern = self._submitted_concern()
        concern.with_user(self.lead).action_acknowledge()
        as_reporter = concern.with_user(self.staff)
        self.assertEqual(as_reporter.state, "acknowledged")
        with self.assertRaises(AccessError):
            as_reporter.read(["acknowledged_user_id"])

    def test_close_without_action_needs_reason(self):
        concern = self._submitted_concern()
        with self.assertRaisesMessage(ValidationError, "reason"):
            concern.with_user(self.team).action_close_no_action("  ")
        self.assertEqual(concern.state, "submitted")
        wizard = (
            self.env["safeguarding.concern.close.wizard"]
            .with_user(self.team)
            .create(
                {
                    "concern_ids": [(6, 0, concern.ids)],
                    "reason": "Explained by the nurse.",
                }
            )
        )
        self.assertTrue(concern.activity_ids)
        wizard.action_close()
        self.assertEqual(concern.state, "closed")
        self.assertEqual(concern.no_action_reason, "Explained by the nurse.")
        self.assertFalse(concern.activity_ids)

    @freeze_time("2026-03-21 09:00:00")
    def test_incident_date_checked_against_now(self):
        Concern = self.env["safeguarding.concern"].with_user(self.staff)
        concern = Concern.create(
            self._concern_values(incident_date=fields.Datetime.now())
        )
        self.assertEqual(concern.incident_date, fields.Datetime.now())
        with self.assertRaises(ValidationError):
            Concern.create(self._concern_values(incident_date="2026-03-21 10:00:00"))

    def test_malformed_values_refused_with_field_names(self):
        Concern = self.env["safeguarding.concern"].with_user(self.staff)
        for bad, message in (
            ({"pupil_id": "abc"}, "Child: a record id is expected."),
            ({"pupil_id": 99999999}, "Child: no such record"),
            ({"incident_date": "yesterday-ish"}, "is not a date"),
            ({"location_type": "moon"}, "'moon' is not a valid choice"),
            ({"description": ["a"]}, "text expected"),
            ({"description": "x" * 100_001}, "longer than 100000 characters"),
            ({"category_ids": "x"}, "list of records"),
            ({"nope": 1}, "Unknown field 'nope'"),
        ):
            with self.assertRaisesMessage(ValidationError, message):
                Concern.create(self._concern_values(**bad))
        for bad_ids in (["abc"], [1.5], [[1, "x"]]):
            with self.assertRaisesMessage(ValidationError, "is not a record id"):
                Concern.browse(bad_ids)
        draft = Concern.create(self._concern_values())
        with self.assertRaisesMessage(ValidationError, "a record id is expected"):
            draft.write({"pupil_id": 1.5})
        self.assertEqual(draft.pupil_id, self.pupil)
