"""Evidence that stays as it was recorded, whatever the path."""

import io
import json
import os
import zipfile
from unittest.mock import patch

import psycopg2
from freezegun import freeze_time

from odoo import api, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import SafeguardingCase


@tagged("post_install", "-at_install")
class TestReliability(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.concern = cls._submitted_concern()
        cls.case = cls.env["safeguarding.case"].create(
            {"pupil_id": cls.pupil.id, "user_id": cls.lead.id}
        )
        cls.concern._link_to_case(cls.case)

    def test_commands_on_the_chronology_are_refused(self):
        entries = self.case.log_ids
        self.assertTrue(entries)
        before = [(entry.id, entry.summary) for entry in entries]
        for command in (
            [(2, entries[0].id)],
            [(3, entries[0].id)],
            [(5,)],
            [(6, 0, [])],
            [(0, 0, {"summary": "Slipped in"})],
        ):
            with self.subTest(command=command):
                with self.assertRaisesMessage(UserError, "never removed or changed"):
                    self.case.with_user(self.lead).write({"log_ids": command})
        self.env.invalidate_all()
        self.assertEqual(
            [(entry.id, entry.summary) for entry in self.case.log_ids], before
        )

    def test_every_wizard_and_action_keeps_the_size_limits(self):
        huge = "x" * 100_001
        wizards = [
            name
            for name, model in self.env.registry.models.items()
            if model._transient
            and name.startswith("safeguarding.")
            and "safeguarding.input.guard" in model._inherit
        ]
        self.assertGreaterEqual(len(wizards), 8)
        checked = 0
        for name in wizards:
            for field in self.env[name]._fields.values():
                if field.type not in ("char", "text", "html") or field.compute:
                    continue
                with self.subTest(wizard=name, field=field.name):
                    with self.assertRaises(ValidationError):
                        self.env[name].with_user(self.lead).create({field.name: huge})
                    checked += 1
        self.assertGreater(checked, 5)
        concern = self._submitted_concern()
        with self.assertRaises(ValidationError):
            concern.with_user(self.lead).action_close_no_action(huge)
        self.assertEqual(concern.state, "submitted")
        self.assertFalse(
            self.env["safeguarding.case.log"].search([("summary", "ilike", "xxxxx")])
        )

    def test_settings_warn_when_evidence_files_are_missing(self):
        employee = self.env["hr.employee"].create({"name": "Vetted Teacher"})
        check = self.env["safeguarding.check"].create(
            {
                "employee_id": employee.id,
                "check_type_id": self.env.ref(
                    "school_safeguarding.check_type_identity"
                ).id,
                "issue_date": "2026-01-05",
                "evidence": b"JVBERi0xLjQ=",
            }
        )
        Settings = self.env["res.config.settings"]
        before = Settings.create({}).safeguarding_missing_files
        attachment = (
            self.env["ir.attachment"]
            .with_context(skip_res_field_check=True)
            .search(
                [
                    ("res_model", "=", "safeguarding.check"),
                    ("res_id", "=", check.id),
                    ("res_field", "=", "evidence"),
                ]
            )
        )
        self.assertTrue(attachment.store_fname)
        # A database restored without its file store.
        os.remove(attachment._full_path(attachment.store_fname))
        self.assertEqual(Settings.create({}).safeguarding_missing_files, before + 1)

    def _sql_refused(self, query, *args):
        with (
            self.assertRaises(psycopg2.Error),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(query, args)

    def test_the_database_itself_keeps_the_evidence(self):
        """Even SQL (a server action as superuser) cannot rewrite or delete it."""
        self.env.flush_all()
        concern, entry = self.concern, self.case.log_ids[:1]
        self.env["safeguarding.audit.log"]._record(self.case, "open")
        audit = self.env["safeguarding.audit.log"].search([], limit=1)
        contact_referral = self.env["safeguarding.referral"].create(
            {
                "case_id": self.case.id,
                "agency_id": self.env["res.partner"]
                .create({"name": "CPS", "safeguarding_agency_type": "child_protection"})
                .id,
                "reason": "Neglect",
            }
        )
        contact = self.env["safeguarding.referral.contact"].create(
            {
                "referral_id": contact_referral.id,
                "channel": "phone",
                "summary": "Phoned the duty officer",
            }
        )
        self.env.flush_all()
        for table, column, record in (
            ("safeguarding_concern", "description", concern),
            ("safeguarding_case_log", "summary", entry),
            ("safeguarding_referral_contact", "summary", contact),
            ("safeguarding_audit_log", "reference", audit),
        ):
            with self.subTest(table=table):
                self._sql_refused(
                    f"UPDATE {table} SET {column} = 'rewritten' WHERE id = %s",
                    record.id,
                )
                self._sql_refused(f"DELETE FROM {table} WHERE id = %s", record.id)
                self._sql_refused(f"TRUNCATE {table} CASCADE")
        with self.assertRaises(psycopg2.Error), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                concern.sudo().write({"description": "Rewritten by a server action"})
        self.env.invalidate_all()
        self.assertEqual(
            concern.description, "Came to school hungry and cold, twice this week."
        )
        # The workflow goes on: status changes and drafts are not evidence.
        self.env.cr.execute(
            "UPDATE safeguarding_concern SET state = 'closed' WHERE id = %s",
            (concern.id,),
        )
        draft = self.env["safeguarding.concern"].create(self._concern_values())
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE safeguarding_concern SET description = 'typo fixed' WHERE id = %s",
            (draft.id,),
        )
        self.env.cr.execute(
            "DELETE FROM safeguarding_concern WHERE id = %s", (draft.id,)
        )

    def test_the_dsls_email_is_sent_again_after_the_server_comes_back(self):
        Mail = self.env["mail.mail"]
        refused, invalid = Mail.create(
            [
                {
                    "subject": "A new safeguarding concern",
                    "email_to": "dsl@example.com",
                    "model": "safeguarding.concern",
                    "res_id": self.concern.id,
                    "state": "exception",
                    "failure_type": failure,
                }
                for failure in ("mail_smtp", "mail_email_invalid")
            ]
        )
        overview = self.env["safeguarding.overview"].with_user(self.lead).create({})
        self.assertEqual(overview.undelivered_count, 2)
        self.assertEqual(
            Mail.with_user(self.reception)._safeguarding_undelivered_count(),
            0,
            "only what the user may read is counted",
        )
        delays = []
        with freeze_time("2026-11-20 05:00"):
            for _attempt in range(6):
                Mail._cron_retry_safeguarding_mail()
                self.assertEqual(refused.state, "outgoing")
                delays.append(refused.scheduled_date - fields.Datetime.now())
                # Waiting for its turn: a second run leaves it alone.
                Mail._cron_retry_safeguarding_mail()
                self.assertEqual(len(delays), refused.safeguarding_retries)
                # The server is still down when its turn comes.
                refused.write({"state": "exception", "failure_type": "mail_smtp"})
            Mail._cron_retry_safeguarding_mail()
        self.assertEqual(
            [int(delay.total_seconds() // 60) for delay in delays],
            [5, 15, 60, 180, 720, 1440],
        )
        self.assertEqual(refused.state, "exception", "given up after six tries")
        self.assertEqual(invalid.state, "exception", "a wrong address is not retried")
        self.assertEqual(invalid.safeguarding_retries, 0)
        overview = self.env["safeguarding.overview"].with_user(self.lead).create({})
        self.assertEqual(overview.undelivered_count, 2)

    def test_uninstalling_needs_the_archive_of_every_record_first(self):
        module = self.env["ir.module.module"].search(
            [("name", "=", "school_safeguarding")]
        )
        hr = self.env["ir.module.module"].search([("name", "=", "hr")])
        for leaving in (module, hr):
            with self.assertRaisesMessage(UserError, "Download the archive"):
                leaving.button_uninstall()
        self.assertEqual(module.state, "installed")
        with self.assertRaises(AccessError):
            self.env["safeguarding.archive"].with_user(self.manager).action_download()

        action = self.env["safeguarding.archive"].action_download()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[-1].split("?")[0])
        )
        with zipfile.ZipFile(io.BytesIO(attachment.raw)) as archive:
            concerns = [
                json.loads(line)
                for line in archive.read("records/safeguarding.concern.jsonl")
                .decode()
                .splitlines()
            ]
            entries = archive.read("records/safeguarding.case.log.jsonl").decode()
        self.assertIn(self.concern.id, [row["id"] for row in concerns])
        self.assertIn(
            self.concern.description, [row["description"] for row in concerns]
        )
        self.assertIn(self.case.log_ids[:1].summary.splitlines()[0], entries)
        # Archived and nothing since: uninstalling may go on.
        self.env["safeguarding.archive"]._check_archived()
        # Records changed after the archive are not in it: refused again.
        # (Within this test's one transaction every record carries the same
        # time, so the archive is made to be older.)
        self.env["ir.config_parameter"].set_param(
            "school_safeguarding.archived_at", "2020-01-01 00:00:00"
        )
        with self.assertRaisesMessage(UserError, "Download the archive"):
            module.button_uninstall()


@tagged("post_install", "-at_install")
class TestSaveRaces(HttpCase, SafeguardingCase):
    """Two people saving one record at the same moment."""

    def test_a_save_that_keeps_colliding_asks_to_save_again(self):
        cps = self.env["res.partner"].create(
            {"name": "Child protection", "safeguarding_agency_type": "child_protection"}
        )
        case = (
            self.env["safeguarding.case"]
            .with_user(self.lead)
            .create({"pupil_id": self.pupil.id})
        )
        referral = (
            self.env["safeguarding.referral"]
            .with_user(self.lead)
            .create(
                {
                    "case_id": case.id,
                    "agency_id": cps.id,
                    "reason": "Bruising and a disclosure about the stepfather.",
                }
            )
        )
        Contact = type(self.env["safeguarding.referral.contact"])
        create = Contact.create

        @api.model_create_multi
        def colliding_create(records, vals_list):
            # What PostgreSQL answers when another transaction changed the
            # referral first; Odoo replays the request, which collides again.
            records.env.cr.execute(
                "DO $$ BEGIN RAISE EXCEPTION 'could not serialize access due "
                "to concurrent update' USING ERRCODE = '40001'; END $$",
                log_exceptions=False,
            )
            return create(records, vals_list)

        self.authenticate(self.lead.login, self.lead.login)
        with (
            patch.object(Contact, "create", colliding_create),
            patch("odoo.service.model.MAX_TRIES_ON_CONCURRENCY_FAILURE", 2),
            patch("odoo.service.model.time.sleep"),
        ):
            response = self.url_open(
                "/web/dataset/call_kw/safeguarding.referral.contact/create",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {
                            "model": "safeguarding.referral.contact",
                            "method": "create",
                            "args": [
                                {
                                    "referral_id": referral.id,
                                    "channel": "phone",
                                    "summary": "Spoke to the duty officer.",
                                }
                            ],
                            "kwargs": {},
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            ).json()
        error = response["error"]["data"]
        self.assertEqual(error["name"], "odoo.exceptions.UserError")
        self.assertIn("Please save again", error["message"])
        self.assertFalse(referral.contact_ids)
