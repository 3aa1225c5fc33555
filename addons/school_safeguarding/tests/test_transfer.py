"""Transfer of a child's file when the pupil leaves.

Inside the group the receiving school's DSL sees the transfer once it is
sent, confirms receipt and works on a new case of their own; the sending
school keeps its case read-only and never sees the receiving school's work.
Outside the group, the sealed PDF and the transfer record are the proof.
"""

import hashlib

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import SafeguardingCase, with_two_factor

GROUP = "school_safeguarding.group_safeguarding_"
INTERNAL = "base.group_user,base.group_allow_export"


class TransferCase(SafeguardingCase):
    """A second school of the group with its DSL, deputy and a teacher."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.school_2 = cls.env["res.company"].create(
            {"name": "Transfer Receiving School"}
        )

        def user(login, groups):
            return new_test_user(
                cls.env,
                login=login,
                groups=f"{INTERNAL}{groups}",
                email=f"{login}@example.com",
                company_id=cls.school_2.id,
                company_ids=[(6, 0, cls.school_2.ids)],
            )

        cls.lead_2 = user("sg_t_lead_2", f",{GROUP}lead")
        cls.team_2 = user("sg_t_team_2", f",{GROUP}team")
        cls.staff_2 = user("sg_t_staff_2", "")
        with_two_factor(cls.lead_2 | cls.team_2)
        cls.school_2.write(
            {
                "safeguarding_lead_id": cls.lead_2.id,
                "safeguarding_deputy_ids": [(6, 0, cls.team_2.ids)],
            }
        )
        cls.case = (
            cls.env["safeguarding.case"]
            .with_user(cls.lead)
            .create({"pupil_id": cls.pupil.id, "risk_level": "high"})
        )
        cls.env["safeguarding.case.log"].with_user(cls.team).create(
            {
                "case_id": cls.case.id,
                "kind": "contact",
                "summary": "Phoned the grandmother: she confirms the bruises.",
                "body_marks": [
                    {"side": "back", "x": 40, "y": 30, "note": "Bruise, 2 cm"}
                ],
            }
        )
        cls.school_partner = cls.env["res.partner"].create(
            {"name": "Lyceum 12 (outside the group)", "is_company": True}
        )

    def _transfer(self, user=None, **values):
        return (
            self.env["safeguarding.transfer"]
            .with_user(user or self.lead)
            .create(
                {
                    "case_id": self.case.id,
                    "target_school": str(self.school_2.id),
                    "reason": "The family moves to another district.",
                    **values,
                }
            )
        )

    def _sees(self, user, records):
        """What ``user`` finds of ``records`` by search, read_group, name_search."""
        Model = self.env[records._name].with_user(user)
        domain = [("id", "in", records.ids)]
        try:
            found = Model.search(domain)
            counted = sum(
                count for (count,) in Model._read_group(domain, [], ["__count"])
            )
            named = set()
            if Model._fields[Model._rec_name].store:
                named = {
                    row[0]
                    for record in records
                    for row in Model.name_search(record.display_name, operator="=")
                }
        except AccessError:
            return Model.browse(), 0, set()
        # A name may be shared with another record (a copied file's).
        return found, counted, named & set(records.ids)


@tagged("post_install", "-at_install", "safeguarding_security")
class TestTransfer(TransferCase):
    def test_group_transfer_is_seen_only_after_sending_and_received_there(self):
        transfer = self._transfer()
        self.assertEqual(transfer.state, "draft")
        self.assertEqual(transfer.company_id, self.company)
        self.assertEqual(transfer.target_company_id, self.school_2)
        self.assertEqual(transfer.pupil_id, self.pupil)
        self.assertRegex(transfer.name, r"^SG-T-\d{4}-\d{4}$")
        entries = self.case.log_ids
        # Before sending: the receiving school sees nothing at all.
        for user in (self.lead_2, self.team_2, self.staff_2):
            for records in (transfer, self.case, entries):
                found, counted, named = self._sees(user, records)
                self.assertFalse(found, f"{user.login} {records._name}")
                self.assertFalse(counted, f"{user.login} {records._name}")
                self.assertFalse(named, f"{user.login} {records._name}")
                with self.assertRaises(AccessError):
                    records.with_user(user).read(["display_name"])

        transfer.action_send()
        self.assertEqual(transfer.state, "sent")
        self.assertEqual(transfer.sent_user_id, self.lead)
        # The sealed file: the chronology as sent, its seal its SHA-256.
        attachment = transfer.sealed_attachment_id
        self.assertEqual(attachment.res_model, "safeguarding.transfer")
        self.assertEqual(attachment.res_id, transfer.id)
        self.assertFalse(attachment.public)
        self.assertFalse(attachment.access_token)
        self.assertEqual(transfer.seal, hashlib.sha256(attachment.raw).hexdigest())
        self.assertTrue(transfer.seal_intact)
        # As the form reads it (file fields as their size).
        transfer.invalidate_recordset(["seal_intact"])
        self.assertTrue(transfer.with_context(bin_size=True).seal_intact)
        self.assertIn(b"Phoned the grandmother", attachment.raw)
        # Logged on the sending side: chronology and disclosure log.
        disclosure = transfer.disclosure_id
        self.assertEqual(disclosure.case_id, self.case)
        self.assertEqual(disclosure.legal_basis, "file_transfer")
        self.assertEqual(disclosure.agency_id, self.school_2.partner_id)
        self.assertEqual(disclosure.recipient_name, self.lead_2.name)
        kinds = self.case.log_ids.mapped("kind")
        self.assertIn("transfer", kinds)
        self.assertIn("disclosure", kinds)
        self.assertEqual(self.case.state, "closed")
        self.assertEqual(self.case.closure_reason, "left_school")
        self.assertTrue(self.case.is_transferred)
        # The receiving DSL is asked to confirm receipt.
        activity = transfer.sudo().activity_ids
        self.assertEqual(activity.user_id, self.lead_2)
        self.assertEqual(activity.summary, "Confirm receipt of a transferred file")

        # After sending: the receiving school's team sees the transfer, still
        # not the sending case nor its chronology; its other staff nothing.
        for user in (self.lead_2, self.team_2):
            found, counted, named = self._sees(user, transfer)
            self.assertEqual(found, transfer)
            self.assertEqual(counted, 1)
            self.assertEqual(named, {transfer.id})
            transfer.with_user(user).read(["name", "pupil_id", "seal"])
            for records in (self.case, self.case.log_ids, disclosure):
                found, counted, named = self._sees(user, records)
                self.assertFalse(found or counted or named, records._name)
                with self.assertRaises(AccessError):
                    records.with_user(user).read(["display_name"])
        self.assertFalse(self._sees(self.staff_2, transfer)[0])
        with self.assertRaises(AccessError):
            transfer.with_user(self.staff_2).read(["name"])
        # Nobody changes a sent transfer.
        for user in (self.lead, self.lead_2):
            with self.assertRaises(UserError):
                transfer.with_user(user).write({"reason": "Changed"})
            with self.assertRaises(UserError):
                transfer.with_user(user).unlink()
        # Only the receiving school confirms receipt.
        with self.assertRaises(AccessError):
            transfer.with_user(self.lead).action_confirm_receipt()
        self.assertEqual(transfer.state, "sent")

        sent_entries = self.case.log_ids
        # As in the browser: working in the receiving school.
        transfer.with_user(self.lead_2).with_context(
            allowed_company_ids=self.school_2.ids
        ).action_confirm_receipt()
        self.assertEqual(transfer.state, "received")
        self.assertEqual(transfer.received_user_id, self.lead_2)
        self.assertFalse(transfer.sudo().activity_ids)
        new_case = transfer.with_user(self.lead_2).target_case_id
        self.assertTrue(new_case)
        self.assertEqual(new_case.company_id, self.school_2)
        self.assertEqual(new_case.pupil_id, self.pupil)
        self.assertEqual(new_case.risk_level, "high")
        self.assertEqual(new_case.transfer_in_id, transfer)
        copied = new_case.log_ids.filtered(lambda log: log.kind == "transferred")
        self.assertEqual(len(copied), len(sent_entries))
        call = sent_entries.filtered(lambda log: log.kind == "contact")
        copy = copied.filtered(lambda log: "Phoned the grandmother" in log.summary)
        self.assertEqual(copy.event_date, call.event_date)
        # The injuries marked travel with the file.
        self.assertEqual(copy.body_marks, call.body_marks)
        self.assertTrue(copy.body_marks)
        self.assertEqual(copy.user_id, self.team)
        self.assertIn(self.team.name, copy.summary)
        self.assertIn(self.case.name, copy.summary)
        self.assertEqual(copy.company_id, self.school_2)
        # The receipt in both chronologies; the sealed file on the new case.
        self.assertTrue(
            new_case.log_ids.filtered(
                lambda log: log.kind == "transfer" and "file received" in log.summary
            )
        )
        self.assertTrue(
            self.case.log_ids.filtered(
                lambda log: log.kind == "transfer"
                and "receipt confirmed" in log.summary
            )
        )
        files = self.env["ir.attachment"].search(
            [("res_model", "=", "safeguarding.case"), ("res_id", "=", new_case.id)]
        )
        self.assertEqual(hashlib.sha256(files.raw).hexdigest(), transfer.seal)
        # The sending DSL is told in their inbox.
        told = self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", self.lead.partner_id.id),
                ("mail_message_id.model", "=", "safeguarding.transfer"),
                ("mail_message_id.res_id", "=", transfer.id),
            ]
        )
        self.assertTrue(
            any(
                "Receipt of the file confirmed" in note.mail_message_id.body
                for note in told
            )
        )

        # The receiving team works on their case; the sending school never
        # sees it nor what is added to it.
        self.assertEqual(self._sees(self.team_2, new_case)[0], new_case)
        addition = (
            self.env["safeguarding.case.log"]
            .with_user(self.team_2)
            .create({"case_id": new_case.id, "summary": "Met the new class teacher."})
        )
        for user in (self.lead, self.team, self.staff, self.director):
            for records in (new_case, new_case.log_ids, addition, files):
                found, counted, named = self._sees(user, records)
                self.assertFalse(found or counted or named, f"{user.login}")
            with self.assertRaises(AccessError):
                new_case.with_user(user).read(["display_name"])
            with self.assertRaises(AccessError):
                addition.with_user(user).read(["summary"])
        self.assertFalse(transfer.with_user(self.lead).target_case_id)
        # The sending school still reads its own case, read-only.
        self.case.with_user(self.team).read(["name", "state"])
        self.assertEqual(transfer.with_user(self.lead).state, "received")

    def test_pupil_moves_to_the_receiving_school_and_both_forms_still_open(self):
        # A pupil registered in the sending school.
        self.pupil.company_id = self.company
        self.pupil.pupil_grade = "4A"
        transfer = self._transfer()
        transfer.action_send()
        transfer.with_user(self.lead_2).with_context(
            allowed_company_ids=self.school_2.ids
        ).action_confirm_receipt()
        # The child now attends the receiving school.
        self.assertEqual(self.pupil.company_id, self.school_2)
        new_case = transfer.with_user(self.lead_2).target_case_id
        receiving = Form(
            new_case.with_user(self.lead_2).with_context(
                allowed_company_ids=self.school_2.ids
            )
        )
        self.assertEqual(receiving.pupil_id, self.pupil)
        self.assertEqual(receiving.pupil_grade, "4A")
        # The sending school may no longer read the child's contact, yet
        # its own case (read-only) still opens with the child's name and
        # grade as they are.
        with self.assertRaises(AccessError):
            self.pupil.with_user(self.lead).with_context(
                allowed_company_ids=self.company.ids
            ).read(["name"])
        sending = Form(
            self.case.with_user(self.lead).with_context(
                allowed_company_ids=self.company.ids
            )
        )
        self.assertEqual(sending.pupil_grade, "4A")
        self.assertEqual(sending.state, "closed")
        [values] = self.case.with_user(self.lead).web_read(
            {"pupil_id": {"fields": {"display_name": {}}}}
        )
        self.assertIn(self.pupil.name, values["pupil_id"]["display_name"])
        # And its chronology still prints, with the child's name.
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.lead)
            .with_context(allowed_company_ids=self.company.ids)
            ._render_qweb_html(
                "school_safeguarding.report_safeguarding_case_chronology",
                self.case.ids,
            )
        )
        self.assertIn(self.pupil.name, html.decode())
        self.assertIn("Phoned the grandmother", html.decode())

    def test_copied_entry_about_an_adult_stays_hidden_from_them(self):
        # An entry of the sending chronology about an adult who now works in
        # the receiving school's team (as a concern about them would be).
        about = self.env["safeguarding.case.log"].create(
            {
                "case_id": self.case.id,
                "kind": "note",
                "summary": "Concern about a member of staff.",
            }
        )
        about.subject_user_id = self.team_2
        self.assertEqual(about.subject_user_id, self.team_2)
        self._transfer().action_send()
        transfer = self.case.transfer_ids.with_user(self.lead_2)
        transfer.action_confirm_receipt()
        new_case = transfer.target_case_id
        copy = new_case.log_ids.filtered(
            lambda log: "Concern about a member of staff." in log.summary
        )
        self.assertEqual(copy.subject_user_id, self.team_2)
        Log = self.env["safeguarding.case.log"]
        self.assertIn(copy, Log.with_user(self.lead_2).search([]))
        self.assertNotIn(copy, Log.with_user(self.team_2).search([]))
        self.assertTrue(
            Log.with_user(self.team_2).search([("case_id", "=", new_case.id)])
        )

    def test_sending_case_is_kept_read_only(self):
        self._transfer().action_send()
        case = self.case.with_user(self.lead)
        with self.assertRaisesMessage(UserError, "kept here read-only"):
            case.write({"risk_level": "low"})
        with self.assertRaisesMessage(UserError, "kept here read-only"):
            case.action_reopen()
        for method in (
            "action_add_log",
            "action_open_close_wizard",
            "action_open_share_wizard",
            "action_refer",
            "action_open_transfer",
        ):
            with self.assertRaises(UserError, msg=method):
                getattr(case, method)()
        with self.assertRaisesMessage(UserError, "chronology is closed"):
            self.env["safeguarding.case.log"].with_user(self.team).create(
                {"case_id": self.case.id, "summary": "Too late."}
            )
        with self.assertRaises(UserError):
            case.message_post(
                body="A note", message_type="comment", subtype_xmlid="mail.mt_note"
            )
        with self.assertRaises(UserError):
            case.write({"is_transferred": False})
        self.assertEqual(self.case.risk_level, "high")
        self.assertTrue(self.case.is_transferred)
        self.assertEqual(self.case.state, "closed")

    def test_external_transfer_is_the_sealed_file_and_its_record(self):
        # A school of the group chosen first, then outside the group.
        transfer = self._transfer(
            destination="external",
            target_partner_id=self.school_partner.id,
            recipient_name="Mrs Akhmetova, DSL",
            channel="letter",
        )
        self.assertEqual(transfer.target_company_id, self.school_2)
        transfer.action_send()
        self.assertEqual(transfer.state, "sent")
        self.assertFalse(transfer.target_company_id)
        self.assertFalse(transfer.sudo().activity_ids)
        disclosure = transfer.disclosure_id
        self.assertEqual(disclosure.agency_id, self.school_partner)
        self.assertEqual(disclosure.recipient_name, "Mrs Akhmetova, DSL")
        self.assertEqual(disclosure.channel, "letter")
        self.assertEqual(disclosure.legal_basis, "file_transfer")
        self.assertIn(transfer.name, disclosure.information)
        self.assertTrue(self.case.is_transferred)
        self.assertEqual(
            transfer.seal,
            hashlib.sha256(transfer.sealed_attachment_id.raw).hexdigest(),
        )
        action = transfer.with_user(self.team).action_download()
        self.assertEqual(
            action["url"],
            f"/web/content/{transfer.sealed_attachment_id.id}?download=true",
        )
        # The transfer record goes with the file: the seal printed on it.
        Report = self.env["ir.actions.report"]
        html, _kind = Report.with_user(self.team)._render_qweb_html(
            "school_safeguarding.report_safeguarding_transfer", transfer.ids
        )
        for text in (transfer.seal, transfer.name, self.school_partner.name):
            self.assertIn(text, html.decode())
        with self.assertRaises(AccessError):
            Report.with_user(self.staff)._render_qweb_html(
                "school_safeguarding.report_safeguarding_transfer", transfer.ids
            )
        # Nothing to receive outside the group, and nobody else reads it.
        with self.assertRaises(UserError):
            transfer.with_user(self.lead).action_confirm_receipt()
        for user in (self.staff, self.director, self.hr, self.lead_2, self.team_2):
            with self.assertRaises(AccessError):
                transfer.with_user(user).action_download()
            with self.assertRaises(AccessError):
                transfer.sealed_attachment_id.with_user(user).read(["raw"])
        # Nor its messages, followers or activities (leak paths 3-5).
        where = [("res_id", "=", transfer.id)]
        messages = self.env["mail.message"].search(
            [("model", "=", "safeguarding.transfer"), *where]
        )
        self.assertTrue(messages)
        for user in (self.staff, self.director, self.lead_2):
            with self.assertRaises(AccessError):
                messages.with_user(user).read(["body"])
            for model in ("mail.followers", "mail.activity"):
                self.assertFalse(
                    self.env[model]
                    .with_user(user)
                    .search([("res_model", "=", "safeguarding.transfer"), *where])
                )
        # A changed file no longer matches its seal.
        transfer.sealed_attachment_id.sudo().raw = b"tampered"
        transfer.invalidate_recordset(["seal_intact"])
        self.assertFalse(transfer.seal_intact)

    def test_bad_transfers_are_refused_and_change_nothing(self):
        Transfer = self.env["safeguarding.transfer"]
        # To the sending school itself.
        with self.assertRaisesMessage(ValidationError, f"not {self.company.name}"):
            self._transfer(target_school=str(self.company.id))
        # A school of the group without a DSL.
        school_3 = self.env["res.company"].create({"name": "School without DSL"})
        transfer = self._transfer(target_school=str(school_3.id))
        with self.assertRaisesMessage(UserError, "no Designated Safeguarding Lead"):
            transfer.action_send()
        # No school chosen at all.
        transfer.write({"target_school": False})
        with self.assertRaisesMessage(ValidationError, "Choose the school"):
            transfer.action_send()
        self.assertEqual(transfer.state, "draft")
        self.assertFalse(transfer.sealed_attachment_id)
        self.assertFalse(self.case.is_transferred)
        self.assertNotEqual(self.case.state, "closed")
        self.assertFalse(self.case.disclosure_ids)
        # A second transfer while one is under way.
        with self.assertRaisesMessage(ValidationError, "already being transferred"):
            self._transfer()
        # Protected fields, and the case of another school or no rights.
        with self.assertRaises(UserError):
            transfer.with_user(self.lead).write({"state": "sent"})
        with self.assertRaises(AccessError):
            Transfer.with_user(self.lead_2).create(
                {"case_id": self.case.id, "target_school": str(self.school_2.id)}
            )
        with self.assertRaises(AccessError):
            Transfer.with_user(self.staff).create({"case_id": self.case.id})
        with self.assertRaises(AccessError):
            self.case.with_user(self.staff).action_open_transfer()
        # A draft started by mistake can be deleted; then the file goes.
        transfer.with_user(self.lead).unlink()
        transfer = self._transfer()
        transfer.action_send()
        with self.assertRaisesMessage(UserError, "already been sent"):
            transfer.action_send()
        with self.assertRaisesMessage(UserError, "already been transferred"):
            self._transfer()
        self.assertEqual(len(self.case.transfer_ids), 1)

    def test_sending_school_withdraws_a_file_not_yet_received(self):
        transfer = self._transfer()
        transfer.action_send()
        attachment = transfer.sealed_attachment_id
        disclosure = transfer.disclosure_id
        # Only the sending school's team withdraws, and says why.
        for user in (self.lead_2, self.team_2):
            with self.assertRaises(AccessError):
                transfer.with_user(user).action_withdraw()
        with self.assertRaises(AccessError):
            transfer.with_user(self.staff).action_withdraw()
        Wizard = self.env["safeguarding.transfer.withdraw.wizard"]
        with self.assertRaises(AccessError):
            Wizard.with_user(self.staff).create(
                {"transfer_id": transfer.id, "reason": "Not mine to withdraw."}
            )
        # The receiving school's DSL, by the wizard without its button.
        foreign = Wizard.with_user(self.lead_2).create(
            {"transfer_id": transfer.id, "reason": "We would rather not."}
        )
        with self.assertRaisesMessage(AccessError, "Only the school that sent"):
            foreign.action_confirm()
        for reason in ("", "   ", False):
            with self.assertRaisesMessage(ValidationError, "Say why"):
                transfer._withdraw(reason)
        self.assertEqual(transfer.state, "sent")
        self.assertTrue(self.case.is_transferred)
        self.assertTrue(transfer.sudo().activity_ids)

        action = transfer.with_user(self.team).action_withdraw()
        self.assertEqual(action["res_model"], "safeguarding.transfer.withdraw.wizard")
        wizard = (
            Wizard.with_user(self.team)
            .with_context(**action["context"])
            .create({"reason": "The family stays: the move fell through."})
        )
        wizard.action_confirm()
        self.assertEqual(transfer.state, "withdrawn")
        self.assertEqual(transfer.withdrawn_user_id, self.team)
        self.assertTrue(transfer.withdrawn_date)
        self.assertEqual(
            transfer.withdraw_reason, "The family stays: the move fell through."
        )
        # Kept as evidence of what was made available.
        self.assertEqual(transfer.sealed_attachment_id, attachment)
        self.assertTrue(transfer.seal_intact)
        self.assertEqual(transfer.disclosure_id, disclosure)
        # The receiving school no longer sees the transfer nor its file, has
        # nothing left to confirm, and is told so without the file's content.
        for user in (self.lead_2, self.team_2):
            found, counted, named = self._sees(user, transfer)
            self.assertFalse(found or counted or named, user.login)
            with self.assertRaises(AccessError):
                transfer.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                attachment.with_user(user).read(["datas"])
            with self.assertRaises(AccessError):
                transfer.with_user(user).action_confirm_receipt()
        self.assertFalse(transfer.sudo().activity_ids)
        told = self.env["mail.message"].search(
            [
                ("partner_ids", "in", self.lead_2.partner_id.ids),
                ("subject", "=", "A transferred file was withdrawn"),
            ]
        )
        self.assertEqual(len(told), 1)
        self.assertFalse(told.model)
        self.assertIn(transfer.name, told.body)
        self.assertIn(self.company.name, told.body)
        self.assertNotIn("grandmother", told.body)
        self.assertNotIn("fell through", told.body)
        # The case is unlocked and reopened, and its chronology says why.
        self.assertFalse(self.case.is_transferred)
        self.assertEqual(self.case.state, "in_progress")
        self.assertFalse(self.case.closure_reason)
        summaries = " ".join(self.case.log_ids.mapped("summary"))
        self.assertIn(f"{transfer.name}: transfer to {self.school_2.name}", summaries)
        self.assertIn("The family stays: the move fell through.", summaries)
        self.assertIn(f"the transfer {transfer.name} was withdrawn", summaries)
        self.case.with_user(self.lead).write({"risk_level": "medium"})
        # Withdrawn once; the file can go again later.
        with self.assertRaisesMessage(UserError, "not confirmed yet"):
            transfer._withdraw("Again")
        self.assertEqual(self._transfer().state, "draft")

    def test_received_or_external_transfers_are_not_withdrawn(self):
        transfer = self._transfer()
        transfer.action_send()
        transfer.with_user(self.lead_2).action_confirm_receipt()
        with self.assertRaisesMessage(UserError, "not confirmed yet"):
            transfer._withdraw("Too late: the new school has it.")
        self.assertEqual(transfer.state, "received")
        self.assertTrue(self.case.is_transferred)
        other = (
            self.env["safeguarding.case"]
            .with_user(self.lead)
            .create({"pupil_id": self.pupil.id, "risk_level": "low"})
        )
        external = self._transfer(
            case_id=other.id,
            destination="external",
            target_partner_id=self.school_partner.id,
        )
        external.action_send()
        with self.assertRaisesMessage(UserError, "outside the group"):
            external.action_withdraw()
        self.assertEqual(external.state, "sent")
        self.assertTrue(other.is_transferred)


@tagged("post_install", "-at_install")
class TestTransferUi(HttpCase, TransferCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Signing in with a password only: the two schools do not ask the
        # DSLs for two-factor here (tested in test_two_factor.py).
        schools = cls.company | cls.school_2
        if "safeguarding_require_2fa" in schools._fields:
            schools.safeguarding_require_2fa = False
        users = cls.lead | cls.lead_2 | cls.team | cls.team_2
        if "totp_secret" in users._fields:
            users.sudo().totp_secret = False

    def test_dsl_transfers_a_file_and_the_new_school_confirms_receipt(self):
        self.start_tour(
            f"/odoo/action-school_safeguarding.safeguarding_case_action/{self.case.id}",
            "school_safeguarding_transfer",
            login=self.lead.login,
        )
        transfer = self.case.transfer_ids
        self.assertEqual(transfer.state, "sent")
        self.assertEqual(transfer.target_company_id, self.school_2)
        self.assertEqual(transfer.reason, "The family moves to another district.")
        self.assertTrue(self.case.is_transferred)
        self.start_tour(
            f"/odoo/action-school_safeguarding.safeguarding_transfer_action/{transfer.id}",
            "school_safeguarding_transfer_receipt",
            login=self.lead_2.login,
        )
        self.assertEqual(transfer.state, "received")
        new_case = transfer.with_user(self.lead_2).target_case_id
        self.assertEqual(new_case.company_id, self.school_2)
        self.assertTrue(
            new_case.log_ids.filtered(lambda log: log.kind == "transferred")
        )

    def test_sealed_file_downloads_for_the_team_only(self):
        transfer = self._transfer(
            destination="external",
            target_school=False,
            target_partner_id=self.school_partner.id,
        )
        transfer.action_send()
        url = f"/web/content/{transfer.sealed_attachment_id.id}?download=true"
        self.authenticate(self.lead.login, self.lead.login)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(hashlib.sha256(response.content).hexdigest(), transfer.seal)
        for user in (self.staff, self.lead_2):
            self.authenticate(user.login, user.login)
            with mute_logger("odoo.http"):
                response = self.url_open(url)
            self.assertIn(response.status_code, (403, 404), user.login)
            self.assertNotEqual(
                hashlib.sha256(response.content).hexdigest(), transfer.seal
            )
