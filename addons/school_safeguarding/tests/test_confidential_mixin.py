"""A new model that inherits the confidential mixin gets every guarantee.

The model is loaded for this test only with odoo-test-helper's
FakeModelLoader; it declares nothing but its fields.
"""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..models.safeguarding_confidential_mixin import confidential_models
from .common import SafeguardingCase

MODEL = "safeguarding.test.record"


@tagged("post_install", "-at_install", "safeguarding_security")
class TestConfidentialMixin(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from odoo_test_helper import FakeModelLoader

        cls.loader = FakeModelLoader(cls.env, cls.__module__)
        cls.loader.backup_registry()
        from .fake_models import SafeguardingTestRecord

        cls.loader.update_registry((SafeguardingTestRecord,))
        cls.addClassCleanup(cls.loader.restore_registry)
        model = cls.env["ir.model"]._get(MODEL)
        cls.env["ir.model.access"].create(
            {
                "name": "test record team",
                "model_id": model.id,
                "group_id": cls.env.ref(
                    "school_safeguarding.group_safeguarding_team"
                ).id,
                "perm_read": True,
                "perm_write": True,
                "perm_create": True,
                "perm_unlink": False,
            }
        )
        cls.env["ir.sequence"].create(
            {"name": "Test records", "code": MODEL, "prefix": "SG-X-", "padding": 4}
        )
        cls.record = cls.env[MODEL].create(
            {"note": "The child said her uncle hits her."}
        )

    def test_it_is_confidential_without_more_code(self):
        self.assertIn(MODEL, confidential_models(self.env))

    def test_display_name_is_the_neutral_reference(self):
        self.assertEqual(self.record.display_name, "SG-X-0001")
        self.assertEqual(self.record.with_user(self.team).display_name, "SG-X-0001")

    def test_only_readers_follow_and_are_mentioned(self):
        self.record._message_subscribe(
            partner_ids=(self.staff | self.team).partner_id.ids
        )
        self.assertIn(self.team.partner_id, self.record.message_partner_ids)
        self.assertNotIn(self.staff.partner_id, self.record.message_partner_ids)
        with self.assertRaises(AccessError):
            self.record.message_subscribe(partner_ids=self.staff.partner_id.ids)
        with self.assertRaises(UserError):
            self.record.message_post(
                body="Look at this", partner_ids=self.staff.partner_id.ids
            )
        with self.assertRaises(AccessError):
            self.env["mail.followers"].with_user(self.lead).create(
                {
                    "res_model": MODEL,
                    "res_id": self.record.id,
                    "partner_id": self.staff.partner_id.id,
                }
            )

    def test_activities_only_for_readers(self):
        with self.assertRaises(AccessError):
            self.record.activity_schedule(
                "mail.mail_activity_data_todo", user_id=self.staff.id
            )
        self.record.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.team.id
        )
        self.assertEqual(self.record.activity_ids.user_id, self.team)

    def test_messages_reach_the_inbox_never_an_email(self):
        self.record._message_subscribe(partner_ids=self.team.partner_id.ids)
        self.team.notification_type = "email"
        message = self.record.message_post(
            body="The uncle came to the gate.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(
            set(message.notification_ids.mapped("notification_type")), {"inbox"}
        )
        self.assertFalse(
            self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        )

    def test_others_see_no_message_file_or_follower(self):
        self.record._message_subscribe(partner_ids=self.team.partner_id.ids)
        message = self.record.message_post(body="Team note", message_type="comment")
        attachment = self.env["ir.attachment"].create(
            {"name": "x.txt", "raw": b"x", "res_model": MODEL, "res_id": self.record.id}
        )
        on_record = [("res_model", "=", MODEL), ("res_id", "=", self.record.id)]
        for user in (self.staff, self.hr, self.director, self.manager):
            with self.subTest(user=user.login):
                self.assertFalse(
                    self.env["mail.message"]
                    .with_user(user)
                    .search([("model", "=", MODEL), ("res_id", "=", self.record.id)])
                )
                self.assertFalse(
                    self.env["ir.attachment"].with_user(user).search(on_record)
                )
                self.assertFalse(
                    self.env["mail.followers"].with_user(user).search(on_record)
                )
                with self.assertRaises(AccessError):
                    message.with_user(user).read(["body"])
        with self.assertRaises(ValidationError):
            attachment.public = True

    def test_openings_and_reads_are_logged(self):
        Log = self.env["safeguarding.audit.log"]
        self.record.with_user(self.team).web_read({"note": {}})
        self.record.with_user(self.team).read(["note"])
        rows = Log.search([("res_model", "=", MODEL)], order="id")
        self.assertEqual(rows.mapped("event"), ["open", "read"])
        self.assertEqual(rows.user_id, self.team)
        self.assertEqual(rows.mapped("reference"), ["SG-X-0001", "SG-X-0001"])
