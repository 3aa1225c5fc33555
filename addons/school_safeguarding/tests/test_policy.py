import base64
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SafeguardingCase

DOCUMENT = base64.b64encode(b"%PDF-1.4 child protection policy")


@tagged("post_install", "-at_install")
class TestPolicy(SafeguardingCase):
    """Policy versions, approval, publication, confirmation and review (R1-R4, R16)."""

    def _policy(self, **values):
        return (
            self.env["safeguarding.policy"]
            .with_user(self.hr)
            .create(
                {
                    "name": "Child protection policy",
                    "kind": "child_protection",
                    "version": "2026.1",
                    "document": DOCUMENT,
                    "publish_website": True,
                    "publish_teacher_handbook": True,
                    **values,
                }
            )
        )

    def _published(self):
        policy = self._policy()
        policy.with_user(self.director).action_approve(approval_date="2026-09-01")
        policy.action_publish()
        return policy

    @freeze_time("2026-11-25")
    def test_approval_publication_and_review_date(self):
        policy = self._policy()
        with self.assertRaisesMessage(UserError, "Directors approve"):
            policy.action_approve()
        founder = self.env["res.partner"].create({"name": "Founder"})
        policy.with_user(self.director).action_approve(
            approver_ids=founder.ids, approval_date="2026-09-01"
        )
        self.assertEqual(policy.state, "approved")
        self.assertEqual(policy.approver_ids, founder | self.director.partner_id)
        self.assertEqual(policy.review_date, date(2029, 9, 1))
        with self.assertRaisesMessage(ValidationError, "every 3 years"):
            policy.write({"review_date": "2030-01-01"})
        policy.write({"review_date": "2028-09-01"})  # sooner is allowed
        with self.assertRaisesMessage(UserError, "new version"):
            policy.write({"name": "Renamed"})
        policy.action_publish()
        self.assertEqual(policy.state, "published")
        # A new version supersedes the old one once published.
        action = policy.action_new_version()
        new = self.env["safeguarding.policy"].browse(action["res_id"])
        self.assertEqual(new.previous_id, policy)
        self.assertEqual(new.state, "draft")
        new.with_user(self.director).action_approve()
        new.with_user(self.hr).action_publish()
        self.assertEqual(policy.state, "superseded")
        self.assertEqual(new.state, "published")

    @freeze_time("2026-11-25")
    def test_staff_confirm_each_version(self):
        draft = self._policy(version="draft")
        with self.assertRaises(AccessError):
            draft.with_user(self.staff).read(["name"])
        with self.assertRaisesMessage(UserError, "not published"):
            draft.with_user(self.hr).action_acknowledge()
        policy = self._published()
        as_staff = policy.with_user(self.staff)
        to_read = (
            self.env["safeguarding.policy"]
            .with_user(self.staff)
            .search([("acknowledged", "=", False), ("state", "=", "published")])
        )
        self.assertIn(policy, to_read)
        pending = policy.with_user(self.hr).pending_user_ids
        self.assertIn(self.staff, pending)
        as_staff.action_acknowledge()
        self.assertTrue(as_staff.acknowledged)
        as_staff.action_acknowledge()  # twice is harmless
        self.assertEqual(len(policy.acknowledgement_ids), 1)
        self.assertNotIn(self.staff, policy.with_user(self.hr).pending_user_ids)
        self.assertIn(self.other_staff, policy.with_user(self.lead).pending_user_ids)
        # Staff see their own confirmations, never who else has read it.
        with self.assertRaises(AccessError):
            policy.with_user(self.staff).read(["pending_user_ids"])
        Ack = self.env["safeguarding.policy.acknowledgement"]
        self.assertEqual(
            Ack.with_user(self.other_staff).search([("policy_id", "=", policy.id)]),
            Ack,
        )
        with self.assertRaises(UserError):
            Ack.with_user(self.staff).create(
                {"policy_id": policy.id, "user_id": self.other_staff.id}
            )
        ack = policy.acknowledgement_ids
        with self.assertRaises(UserError):
            ack.with_user(self.hr).write({"user_id": self.other_staff.id})
        with self.assertRaises(UserError):
            ack.with_user(self.hr).unlink()

    @freeze_time("2026-11-25")
    def test_reminders_once(self):
        policy = self._published()
        cron = self.env.ref("school_safeguarding.ir_cron_policy_reminders")
        read_type = self.env.ref("school_safeguarding.mail_activity_type_policy_read")

        def reminders(user):
            return policy.activity_ids.filtered(
                lambda a: a.user_id == user and a.activity_type_id == read_type
            )

        cron.method_direct_trigger()
        self.assertEqual(len(reminders(self.staff)), 1)
        policy.with_user(self.staff).action_acknowledge()
        self.assertFalse(reminders(self.staff), "confirming closes the reminder")
        reminders(self.other_staff).action_done()
        cron.method_direct_trigger()
        self.assertFalse(reminders(self.staff))
        self.assertFalse(
            reminders(self.other_staff), "never twice for the same version"
        )
        # Review due within a month: one reminder for the directors.
        policy.write({"review_date": "2026-12-10"})
        review_type = self.env.ref(
            "school_safeguarding.mail_activity_type_policy_review"
        )
        cron.method_direct_trigger()
        cron.method_direct_trigger()
        review = policy.activity_ids.filtered(
            lambda a: a.activity_type_id == review_type
        )
        self.assertEqual(review.user_id, self.director)

    def test_approval_needs_the_document(self):
        policy = self._policy(document=False)
        with self.assertRaisesMessage(ValidationError, "document"):
            policy.with_user(self.director).action_approve()
        self.assertEqual(policy.state, "draft")
