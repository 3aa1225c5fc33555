"""Files and photos on a concern, colleagues told of it, actions given on a case."""

import psycopg2
from markupsafe import Markup

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import SafeguardingCase

PHOTO = b"photo of the note in the pupil's book"


class ConcernFilesCase(SafeguardingCase):
    @classmethod
    def _upload(cls, user, res_id=0, raw=PHOTO, name="note.jpg"):
        """A file as the form's upload button creates it (not yet on a record)."""
        return (
            cls.env["ir.attachment"]
            .with_user(user)
            .create(
                {
                    "name": name,
                    "raw": raw,
                    "res_model": "safeguarding.concern",
                    "res_id": res_id,
                }
            )
        )

    @classmethod
    def _draft_with_file(cls, user=None, **values):
        user = user or cls.staff
        attachment = cls._upload(user)
        concern = (
            cls.env["safeguarding.concern"]
            .with_user(user)
            .create(cls._concern_values(attachment_ids=[(4, attachment.id)], **values))
        )
        return concern, attachment


@tagged("post_install", "-at_install")
class TestConcernFiles(ConcernFilesCase):
    def test_uploaded_file_joins_the_concern(self):
        concern, attachment = self._draft_with_file()
        self.assertEqual(
            (attachment.res_model, attachment.res_id), (concern._name, concern.id)
        )
        # Uploaded on the form of the saved draft: already on it, kept.
        second = self._upload(self.staff, res_id=concern.id, name="screen.png")
        concern.write({"attachment_ids": [(4, second.id)]})
        self.assertEqual(concern.attachment_ids, attachment | second)
        concern.action_submit()
        # The team reads the files with the concern; the reporter their own.
        for user in (self.team, self.lead, self.staff):
            files = concern.with_user(user).attachment_ids
            self.assertEqual(files, attachment | second, user.login)
            self.assertEqual(files[:1].with_user(user).raw, PHOTO)

    def test_only_own_unattached_files(self):
        Concern = self.env["safeguarding.concern"].with_user(self.staff)
        count = Concern.search_count([])
        foreign = self._upload(self.other_staff)
        with self.assertRaisesMessage(AccessError, "Only files you uploaded"):
            Concern.create(self._concern_values(attachment_ids=[(4, foreign.id)]))
        self.assertEqual(Concern.search_count([]), count)
        self.assertFalse(foreign.res_id)
        # A file of another concern, even one's own, stays with that concern.
        other, other_file = self._draft_with_file()
        concern, _attachment = self._draft_with_file()
        with self.assertRaises(AccessError):
            concern.write({"attachment_ids": [(4, other_file.id)]})
        self.assertEqual(other_file.res_id, other.id)
        self.assertNotIn(other_file, concern.attachment_ids)

    def test_file_removed_from_a_draft_is_deleted(self):
        concern, attachment = self._draft_with_file()
        concern.write({"attachment_ids": [(3, attachment.id)]})
        self.assertFalse(attachment.exists())

    def test_sent_files_are_kept(self):
        concern, attachment = self._draft_with_file()
        concern.action_submit()
        for user in (self.staff, self.team, self.lead):
            mine = attachment.with_user(user)
            with self.assertRaises(UserError, msg=user.login):
                mine.write({"raw": b"replaced"})
            with self.assertRaises(UserError, msg=user.login):
                mine.write({"name": "renamed.jpg"})
            with self.assertRaises(UserError, msg=user.login):
                mine.unlink()
            with self.assertRaises(UserError, msg=user.login):
                concern.with_user(user).write({"attachment_ids": [(5,)]})
        # The guard itself, whatever the user's rights on the concern.
        with self.assertRaisesMessage(UserError, "kept as evidence"):
            attachment.with_user(self.lead)._safeguarding_keep_sent_files()
        new_file = self._upload(self.staff)
        with self.assertRaises(UserError):
            concern.with_user(self.staff).write({"attachment_ids": [(4, new_file.id)]})
        # The database keeps them too, whoever asks (an administrator's
        # server action runs as superuser).
        for statement in (
            "DELETE FROM safeguarding_concern_attachment_rel "
            "WHERE concern_id = %s AND attachment_id != %s",
            "INSERT INTO safeguarding_concern_attachment_rel VALUES (%s, %s)",
        ):
            with (
                self.assertRaises(psycopg2.Error),
                mute_logger("odoo.sql_db"),
                self.env.cr.savepoint(),
            ):
                self.env.cr.execute(statement, (concern.id, new_file.id))
        with (
            self.assertRaises(psycopg2.Error),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            attachment.sudo().unlink()
        self.env.invalidate_all()
        self.assertTrue(attachment.exists())
        self.assertEqual(attachment.raw, PHOTO)
        self.assertEqual(attachment.name, "note.jpg")
        self.assertEqual(concern.attachment_ids, attachment)

    def test_never_public_never_by_link(self):
        concern, attachment = self._draft_with_file()
        with self.assertRaises(ValidationError):
            attachment.with_user(self.staff).generate_access_token()
        concern.action_submit()
        for files in (attachment.with_user(self.lead), attachment.sudo()):
            with self.assertRaises(UserError):
                files.generate_access_token()
            with self.assertRaises(UserError):
                files.write({"public": True})
        self.assertFalse(attachment.access_token)
        self.assertFalse(attachment.public)

    def test_files_follow_the_concern_confidentiality(self):
        concern, attachment = self._draft_with_file()
        concern.action_submit()
        school_2 = self.env["res.company"].create({"name": "Files Second School"})
        team_other = new_test_user(
            self.env,
            login="sg_t_files_team_other",
            groups="base.group_user,school_safeguarding.group_safeguarding_team",
            company_id=school_2.id,
            company_ids=[(6, 0, school_2.ids)],
        )
        outsiders = (
            self.other_staff,
            self.hr,
            self.reception,
            self.director,
            self.manager,
            self.portal,
            team_other,
        )
        for user in outsiders:
            with self.assertRaises(AccessError, msg=user.login):
                attachment.with_user(user).read(["name", "raw"])
            try:
                found = (
                    self.env["ir.attachment"]
                    .with_user(user)
                    .search([("id", "=", attachment.id)])
                )
            except AccessError:
                found = False
            self.assertFalse(found, user.login)

    def test_adult_concerned_never_reads_the_files(self):
        employee = self.env["hr.employee"].create(
            {"name": "Adult Files", "user_id": self.other_staff.id}
        )
        concern, attachment = self._draft_with_file(
            subject_type="adult", pupil_id=False, subject_employee_id=employee.id
        )
        concern.action_submit()
        with self.assertRaises(AccessError):
            attachment.with_user(self.other_staff).read(["raw"])
        self.assertEqual(concern.with_user(self.lead).attachment_ids, attachment)

    def test_files_shown_on_the_case(self):
        concern, attachment = self._draft_with_file()
        concern.action_submit()
        case = self.env["safeguarding.case"].create({"pupil_id": self.pupil.id})
        concern.with_user(self.lead)._link_to_case(case)
        self.assertEqual(case.with_user(self.team).concern_attachment_ids, attachment)


@tagged("post_install", "-at_install")
class TestConcernFilesHttp(HttpCase, ConcernFilesCase):
    """Files over the web: /web/content and /web/image follow the concern."""

    def test_upload_from_the_form_of_a_new_concern(self):
        """The form's upload button (a phone's camera) sends the file first."""
        self.authenticate(self.staff.login, self.staff.login)
        response = self.url_open(
            "/web/binary/upload_attachment",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "model": "safeguarding.concern",
                "id": 0,
            },
            files={"ufile": ("photo.jpg", PHOTO, "image/jpeg")},
        )
        self.assertEqual(response.status_code, 200)
        attachment_id = response.json()[0]["id"]
        concern = self.make_jsonrpc_request(
            "/web/dataset/call_kw/safeguarding.concern/create",
            {
                "model": "safeguarding.concern",
                "method": "create",
                "args": [
                    self._concern_values(
                        incident_date="2026-01-05 10:00:00",
                        attachment_ids=[(4, attachment_id)],
                    )
                ],
                "kwargs": {},
            },
        )
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertEqual(
            (attachment.res_model, attachment.res_id), ("safeguarding.concern", concern)
        )
        self.assertFalse(attachment.public)
        self.assertFalse(attachment.access_token)

    def test_files_over_http(self):
        concern, attachment = self._draft_with_file()
        concern.action_submit()
        urls = (f"/web/content/{attachment.id}", f"/web/image/{attachment.id}")
        # The reporter reads their own file (the team, with two-factor on,
        # reads it through the same check: see TestConcernFiles).
        self.authenticate(self.staff.login, self.staff.login)
        response = self.url_open(urls[0])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, PHOTO)
        for user in (self.other_staff, self.hr):
            self.authenticate(user.login, user.login)
            response = self.url_open(urls[0])
            self.assertNotEqual(response.status_code, 200, user.login)
            # /web/image answers a placeholder picture, never the file.
            for url in urls:
                self.assertNotIn(PHOTO, self.url_open(url).content, user.login)
        self.authenticate(None, None)
        for url in urls:
            self.assertNotIn(PHOTO, self.url_open(url).content)


@tagged("post_install", "-at_install")
class TestAlertedColleagues(ConcernFilesCase):
    def _told(self, user):
        return self.env["mail.message"].search(
            [
                ("partner_ids", "in", user.partner_id.ids),
                ("message_type", "=", "user_notification"),
            ]
        )

    def test_colleagues_told_once_without_content(self):
        self.other_staff.notification_type = "email"
        self.hr.notification_type = "inbox"
        concern, _attachment = self._draft_with_file(
            alerted_user_ids=[(6, 0, (self.other_staff | self.hr).ids)],
            location_detail="Changing room B",
        )
        self.assertFalse(self._told(self.other_staff))
        concern.action_submit()
        for user in (self.other_staff, self.hr):
            messages = self._told(user)
            self.assertEqual(len(messages), 1, user.login)
            self.assertFalse(messages.model)
            self.assertFalse(messages.res_id)
            body = str(messages.body)
            self.assertIn(self.pupil.name, body)
            self.assertIn(self.staff.name, body)
            self.assertIn("Designated Safeguarding Lead is dealing with it", body)
            for content in (
                "hungry",
                "no food",
                "Changing room",
                self.category.name,
                concern.name,
            ):
                self.assertNotIn(content, body)
            notifications = self.env["mail.notification"].search(
                [("mail_message_id", "=", messages.id)]
            )
            self.assertEqual(set(notifications.mapped("notification_type")), {"inbox"})
            self.assertFalse(
                self.env["mail.mail"].search([("mail_message_id", "=", messages.id)])
            )
            # They read the message, and nothing of the concern.
            self.assertTrue(messages.with_user(user).read(["body"]))
            with self.assertRaises(AccessError):
                concern.with_user(user).read(["display_name"])
            with self.assertRaises(AccessError):
                _attachment.with_user(user).read(["name"])
        # Told once: the DSL's work on the concern tells them nothing more.
        concern.with_user(self.lead).action_acknowledge()
        self.assertEqual(len(self._told(self.other_staff)), 1)
        self.assertFalse(
            self.env["mail.mail"].search(
                [("recipient_ids", "in", self.other_staff.partner_id.ids)]
            )
        )

    def test_who_may_be_told(self):
        Concern = self.env["safeguarding.concern"].with_user(self.staff)
        with self.assertRaisesMessage(ValidationError, "Odoo account"):
            Concern.create(
                self._concern_values(alerted_user_ids=[(6, 0, self.portal.ids)])
            )
        school_2 = self.env["res.company"].create({"name": "Told Second School"})
        elsewhere = new_test_user(
            self.env,
            login="sg_t_told_elsewhere",
            groups="base.group_user",
            company_id=school_2.id,
            company_ids=[(6, 0, school_2.ids)],
        )
        with self.assertRaisesMessage(ValidationError, "Only colleagues of"):
            Concern.create(
                self._concern_values(alerted_user_ids=[(6, 0, elsewhere.ids)])
            )
        employee = self.env["hr.employee"].create({"name": "Adult Told"})
        with self.assertRaisesMessage(ValidationError, "about a child"):
            Concern.create(
                self._concern_values(
                    subject_type="adult",
                    pupil_id=False,
                    subject_employee_id=employee.id,
                    alerted_user_ids=[(6, 0, self.hr.ids)],
                )
            )
        concern = self._submitted_concern(alerted_user_ids=[(6, 0, self.hr.ids)])
        with self.assertRaises(UserError):
            concern.with_user(self.staff).write(
                {"alerted_user_ids": [(4, self.other_staff.id)]}
            )
        self.assertEqual(concern.alerted_user_ids, self.hr)
        self.assertFalse(self._told(self.other_staff))


@tagged("post_install", "-at_install")
class TestSafeguardingActions(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.concern = cls._submitted_concern()
        cls.case = cls.env["safeguarding.case"].create(
            {"pupil_id": cls.pupil.id, "user_id": cls.lead.id}
        )
        cls.concern._link_to_case(cls.case)

    def _give(
        self, user=None, name="Sit with the child at lunch and tell me how it goes."
    ):
        self.case.with_user(self.lead).write(
            {
                "action_ids": [
                    (
                        0,
                        0,
                        {
                            "name": name,
                            "user_id": (user or self.staff).id,
                            "deadline": "2026-12-01",
                        },
                    )
                ]
            }
        )
        return self.case.action_ids.sorted("id")[-1:]

    def test_assignee_sees_the_action_not_the_case(self):
        action = self._give()
        activity = self.env["mail.activity"].search(
            [("user_id", "=", self.staff.id), ("res_model", "=", action._name)]
        )
        self.assertEqual(activity.res_id, action.id)
        self.assertFalse(
            self.env["mail.activity"].search(
                [("user_id", "=", self.staff.id), ("res_model", "=", self.case._name)]
            )
        )
        self.assertIn("Action given to", self.case.log_ids[:1].summary)
        mine = (
            self.env["safeguarding.action"]
            .with_user(self.staff)
            .search([("user_id", "=", self.staff.id)])
        )
        self.assertEqual(mine, action)
        row = mine.read(["name", "deadline", "state", "outcome"])[0]
        self.assertIn("Sit with the child", row["name"])
        self.assertNotIn("case_id", mine.fields_get())
        self.assertNotIn(self.pupil.name, mine.display_name)
        with self.assertRaises(AccessError):
            mine.read(["case_id"])
        with self.assertRaises(AccessError):
            self.case.with_user(self.staff).read(["display_name"])
        self.assertFalse(
            self.env["safeguarding.action"]
            .with_user(self.other_staff)
            .search([("id", "=", action.id)])
        )

    def test_assignee_marks_done_with_the_outcome(self):
        (self.staff | self.lead).notification_type = "email"
        action = self._give().with_user(self.staff)
        result = action.action_open_done_wizard()
        wizard = (
            self.env[result["res_model"]]
            .with_user(self.staff)
            .with_context(**result["context"])
            .create({"note": ""})
        )
        with self.assertRaises(ValidationError):
            wizard.action_confirm()
        self.assertEqual(action.state, "open")
        wizard.note = "Ate with her; she talked about her brother."
        wizard.action_confirm()
        self.assertEqual(action.state, "done")
        self.assertTrue(action.done_date)
        self.assertEqual(action.outcome, "Ate with her; she talked about her brother.")
        entry = self.case.log_ids[:1]
        self.assertEqual(entry.user_id, self.staff)
        self.assertIn("talked about her brother", entry.summary)
        self.assertIn(self.staff.name, entry.summary)
        self.assertFalse(action.sudo().activity_ids)
        with self.assertRaises(UserError):
            action.action_done("Again")
        # Told in the Odoo inbox only: no email carries the instruction or
        # what was done.
        messages = self.env["mail.message"].search(
            [("model", "=", action._name), ("res_id", "=", action.id)]
        )
        self.assertTrue(messages.notification_ids)
        self.assertEqual(
            set(messages.notification_ids.mapped("notification_type")), {"inbox"}
        )
        self.assertFalse(
            self.env["mail.mail"].search([("mail_message_id", "in", messages.ids)])
        )

    def test_assignee_changes_nothing_else(self):
        action = self._give().with_user(self.staff)
        for values in (
            {"name": "Nothing"},
            {"deadline": "2027-01-01"},
            {"user_id": self.other_staff.id},
            {"state": "done"},
        ):
            with self.assertRaises(UserError, msg=values):
                action.write(values)
        with self.assertRaises(UserError):
            action.unlink()
        with self.assertRaises(AccessError):
            action.action_cancel("Not me")
        with self.assertRaises(AccessError):
            self.env["safeguarding.action"].with_user(self.staff).create(
                {
                    "case_id": self.case.id,
                    "name": "Myself",
                    "user_id": self.staff.id,
                    "deadline": "2026-12-01",
                }
            )
        with self.assertRaises(AccessError):
            action.with_user(self.other_staff).action_done("Done for them")
        with self.assertRaises(AccessError):
            action.with_user(self.lead).action_done("Done for them")
        self.assertEqual(action.state, "open")
        self.assertIn("Sit with the child", action.name)

    def test_team_cancels_with_a_reason_nobody_deletes(self):
        action = self._give().with_user(self.lead)
        with self.assertRaises(ValidationError):
            action.action_cancel("  ")
        action.action_cancel("The child moved class.")
        self.assertEqual(action.state, "cancelled")
        self.assertIn("The child moved class.", self.case.log_ids[:1].summary)
        self.assertFalse(action.sudo().activity_ids)
        with self.assertRaises(UserError):
            action.write({"name": "Changed after"})
        with self.assertRaises(UserError):
            action.unlink()
        with self.assertRaises(UserError):
            self.case.with_user(self.lead).write({"action_ids": [(2, action.id)]})
        self.assertTrue(action.exists())

    def test_reassigning_moves_the_reminder(self):
        action = self._give().with_user(self.team)
        action.write({"user_id": self.other_staff.id, "deadline": "2026-12-03"})
        activity = action.sudo().activity_ids
        self.assertEqual(activity.user_id, self.other_staff)
        self.assertEqual(str(activity.date_deadline), "2026-12-03")
        self.assertFalse(
            self.env["safeguarding.action"]
            .with_user(self.staff)
            .search([("id", "=", action.id)])
        )

    def test_assignee_is_staff_of_the_school(self):
        school_2 = self.env["res.company"].create({"name": "Actions Second School"})
        elsewhere = new_test_user(
            self.env,
            login="sg_t_action_elsewhere",
            groups="base.group_user",
            company_id=school_2.id,
            company_ids=[(6, 0, school_2.ids)],
        )
        count = len(self.case.action_ids)
        for user in (self.portal, elsewhere):
            with self.assertRaises(ValidationError, msg=user.login):
                self._give(user)
        self.assertEqual(len(self.case.action_ids), count)

    def test_no_action_on_a_closed_case(self):
        self.case.with_user(self.lead)._close("resolved", "")
        with self.assertRaises(UserError):
            self._give()

    def test_message_to_the_assignee_is_only_the_instruction(self):
        """The reminder names the action, never the case or the child."""
        action = self._give()
        activity = action.sudo().activity_ids
        self.assertNotIn(self.pupil.name, activity.res_name or "")
        self.assertNotIn(self.case.name, activity.res_name or "")
        self.assertNotIn(self.case.name, str(activity.note or Markup()))
