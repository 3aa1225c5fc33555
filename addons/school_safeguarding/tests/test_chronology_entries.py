"""What the team writes into the chronology, and when it happened (issue 16)."""

import ast
import importlib.util
from datetime import timedelta

import psycopg2
from lxml import etree
from markupsafe import Markup

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import mute_logger

from .common import SafeguardingCase

CHRONOLOGY = "school_safeguarding.report_safeguarding_case_chronology"


@tagged("post_install", "-at_install")
class TestChronologyEntries(HttpCase, SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.cps = Partner.create(
            {
                "name": "District child protection (test)",
                "safeguarding_agency_type": "child_protection",
            }
        )
        cls.other_pupil = Partner.create(
            {"name": "Timur Other-Pupil", "is_pupil": True, "pupil_grade": "7B"}
        )

    def _now(self):
        return fields.Datetime.now()

    def _case(self, pupil=None):
        return (
            self.env["safeguarding.case"]
            .with_user(self.lead)
            .create({"pupil_id": (pupil or self.pupil).id})
        )

    def _referral(self, case):
        return (
            self.env["safeguarding.referral"]
            .with_user(self.lead)
            .create(
                {
                    "case_id": case.id,
                    "agency_id": self.cps.id,
                    "reason": "Bruising and a disclosure about the stepfather.",
                }
            )
        )

    def _close(self, case):
        case.sudo().write({"state": "closed", "closure_reason": "resolved"})

    def _print(self, case):
        html, _type = (
            self.env["ir.actions.report"]
            .with_context(tz="UTC", lang="en_US")
            ._render_qweb_html(CHRONOLOGY, case.ids)
        )
        return html.decode()

    def _printed(self, value):
        """``value`` as the printed chronology gives it: in the school's time."""
        return (
            self.env["ir.qweb.field.datetime"]
            .with_context(tz=self.company._safeguarding_tz(), lang="en_US")
            .value_to_html(value, {})
        )

    # 3. Writing into the chronology --------------------------------------

    def test_team_adds_what_happened_from_the_case(self):
        case = self._case()
        called = (self._now() - timedelta(days=3)).replace(hour=4, minute=0)
        action = case.with_user(self.team).action_add_log()
        self.assertEqual(action["res_model"], "safeguarding.case.log")
        self.assertEqual(action["target"], "new")
        entry_form = Form(
            self.env["safeguarding.case.log"]
            .with_user(self.team)
            .with_context(**action["context"])
        )
        self.assertEqual(entry_form.case_id, case)
        self.assertEqual(entry_form.manual_kind, "note")
        entry_form.manual_kind = "contact"
        entry_form.event_date = called
        entry_form.summary = "Phoned the mother: she confirms the bruises."
        entry = entry_form.save()
        self.assertEqual(entry.case_id, case)
        self.assertEqual(entry.pupil_id, self.pupil)
        self.assertEqual(entry.kind, "contact")
        self.assertEqual(entry.user_id, self.team)
        self.assertEqual(entry.event_date, called)
        # Recorded now, whatever the user sends.
        self.assertGreaterEqual(entry.date, self._now() - timedelta(minutes=5))
        # The case's chronology holds it, in the order things happened: the
        # call came before the case was opened.
        self.assertEqual(case.log_ids[-1], entry)
        with self.assertRaises(UserError):
            entry.with_user(self.team).write({"event_date": self._now()})
        # Only the team acts on a case; a closed case takes no new entry.
        with self.assertRaises(AccessError):
            case.with_user(self.staff).action_add_log()
        self._close(case)
        with self.assertRaisesMessage(UserError, "reopen it"):
            case.with_user(self.team).action_add_log()

    def test_what_happened_is_never_in_the_future(self):
        case = self._case()
        Log = self.env["safeguarding.case.log"].with_user(self.team)
        with self.assertRaisesMessage(ValidationError, "cannot be in the future"):
            Log.create(
                {
                    "case_id": case.id,
                    "summary": "Meeting with the aunt.",
                    "event_date": self._now() + timedelta(hours=2),
                }
            )
        entry = Log.create(
            {
                "case_id": case.id,
                "summary": "Meeting with the aunt.",
                "event_date": self._now() - timedelta(days=30),
                "date": self._now() - timedelta(days=30),
            }
        )
        self.assertEqual(entry.event_date, self._now() - timedelta(days=30))
        self.assertGreaterEqual(entry.date, self._now() - timedelta(minutes=5))

    def test_chronology_is_sorted_and_printed_by_when_it_happened(self):
        case = self._case()
        opened = case.log_ids
        self.assertEqual(len(opened), 1)
        self.assertEqual(opened.event_date, opened.date)
        called = (self._now() - timedelta(days=3)).replace(hour=4, minute=0)
        call = (
            self.env["safeguarding.case.log"]
            .with_user(self.lead)
            .create(
                {
                    "case_id": case.id,
                    "kind": "contact",
                    "summary": "Phoned the mother on Monday.",
                    "event_date": called,
                }
            )
        )
        self.assertEqual(case.log_ids.ids, [opened.id, call.id])
        self.assertEqual(
            self.env["safeguarding.case.log"]
            .with_user(self.team)
            .search([("case_id", "=", case.id)], order="event_date asc, id asc")
            .ids,
            [call.id, opened.id],
        )
        html = self._print(case)
        self.assertLess(
            html.index("Phoned the mother on Monday."), html.index("Case opened")
        )
        for text in (
            "When it happened",
            "Recorded",
            self._printed(called),
            self._printed(call.date),
        ):
            self.assertIn(text, html)

    def test_chronology_menu_adds_an_entry_choosing_the_case_by_its_child(self):
        case = self._case()
        other = self._case(self.other_pupil)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_safeguarding.safeguarding_case_log_action"
        )
        self.assertNotIn("'create': False", action.get("context") or "")
        Log = self.env["safeguarding.case.log"].with_user(self.team)
        views = Log.get_views([(False, "list"), (False, "form")])["views"]
        listing = etree.fromstring(views["list"]["arch"])
        self.assertNotIn(listing.get("create"), ("0", "false", "False"))
        self.assertTrue(listing.xpath("//field[@name='event_date']"))
        form_arch = etree.fromstring(views["form"]["arch"])
        (case_field,) = form_arch.xpath("//field[@name='case_id']")
        self.assertIn("safeguarding_show_child", case_field.get("context"))
        # The dropdown names the child and finds the case by the child's name.
        Case = (
            self.env["safeguarding.case"]
            .with_user(self.team)
            .with_context(safeguarding_show_child=True)
        )
        found = dict(Case.name_search("Zarina"))
        self.assertIn(case.id, found)
        self.assertNotIn(other.id, found)
        self.assertIn(self.pupil.name, found[case.id])
        self.assertIn(case.name, found[case.id])
        # Elsewhere the reference stays neutral.
        self.assertEqual(case.with_user(self.team).display_name, case.name)
        entry_form = Form(Log.with_context(safeguarding_show_child=True))
        entry_form.case_id = other
        entry_form.summary = "Timur's father came to school."
        entry = entry_form.save()
        self.assertEqual(entry.case_id, other)
        self.assertEqual(entry.pupil_id, self.other_pupil)
        self.assertEqual(entry.kind, "note")
        self.assertTrue(entry.event_date)
        # By hand: notes and contacts only, whatever the form sends.
        with self.assertRaises(UserError):
            Log.create({"case_id": case.id, "summary": "x", "kind": "decision"})

    def test_team_note_in_the_chatter_joins_the_chronology(self):
        case = self._case()
        self.authenticate(self.team.login, self.team.login)
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": case._name,
                "thread_id": case.id,
                "post_data": {
                    "body": "<p>Phoned the <b>mother</b>: she will come on "
                    "Friday.</p>",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_note",
                },
            },
        )
        message = self.env["mail.message"].search(
            [
                ("model", "=", case._name),
                ("res_id", "=", case.id),
                ("message_type", "=", "comment"),
            ]
        )
        self.assertEqual(len(message), 1)
        entry = case.log_ids.filtered(lambda log: log.kind == "note")
        self.assertEqual(entry.summary, "Phoned the mother: she will come on Friday.")
        self.assertEqual(entry.user_id, self.team)
        self.assertEqual(entry.message_id, message)
        self.assertEqual(entry.event_date, entry.date)
        self.assertIn("Phoned the mother: she will come on Friday.", self._print(case))
        # The chronology keeps the note even if the message goes.
        message.sudo().unlink()
        self.env.invalidate_all()
        self.assertFalse(entry.message_id)
        self.assertEqual(entry.summary, "Phoned the mother: she will come on Friday.")
        # System messages, the addon's own and notes of others stay out.
        before = case.log_ids
        case.sudo().message_post(body="Automatic notice")
        case.with_user(self.team).message_post(
            body=Markup("<p>Please read the file.</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        case.with_env(self.env).message_post(
            body="Posted by the system",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.env.invalidate_all()
        self.assertEqual(case.log_ids, before)
        # A closed case's chronology takes no more notes.
        self._close(case)
        with self.assertRaisesMessage(UserError, "reopen it"):
            case.with_user(self.team).sudo().message_post(
                body="Late note",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )

    # 4. When it happened, for entries of the addon -----------------------

    def test_entries_of_the_addon_carry_the_time_of_the_event(self):
        incident = (self._now() - timedelta(days=2)).replace(second=0)
        concern = self._submitted_concern(incident_date=incident)
        submission = self.env["safeguarding.case.log"].search(
            [("concern_id", "=", concern.id), ("kind", "=", "submission")]
        )
        self.assertEqual(submission.event_date, incident)
        self.assertEqual(submission.date, concern.submitted_date)
        case = self._case()
        referral = self._referral(case)
        called = (self._now() - timedelta(hours=5)).replace(second=0)
        self.env["safeguarding.referral.contact"].with_user(self.lead).create(
            {
                "referral_id": referral.id,
                "channel": "phone",
                "date": called,
                "summary": "Spoke to the duty officer.",
            }
        )
        referred = case.log_ids.filtered(lambda log: log.kind == "referral")
        self.assertEqual(referred.event_date, called)
        self.assertGreater(referred.date, called)
        # Printed where it happened, before the case was opened.
        html = self._print(case)
        self.assertLess(html.index(referral.name), html.index("Case opened"))

    def test_migration_fills_when_it_happened_behind_the_evidence_trigger(self):
        """18.0.1.6.0 adds the column to a table whose rows the trigger guards."""
        incident = (self._now() - timedelta(days=4)).replace(second=0)
        concern = self._submitted_concern(incident_date=incident)
        case = self._case()
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("ALTER TABLE safeguarding_case_log DROP COLUMN event_date")
        path = (
            f"{get_module_path('school_safeguarding')}"
            "/migrations/18.0.1.6.0/pre-migrate.py"
        )
        spec = importlib.util.spec_from_file_location("sg_pre_migrate", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(cr, "18.0.1.5.0")
        cr.execute(
            "SELECT id, kind, concern_id, date, event_date FROM safeguarding_case_log"
        )
        rows = cr.dictfetchall()
        self.assertTrue(rows)
        for row in rows:
            if row["kind"] == "submission" and row["concern_id"] == concern.id:
                self.assertEqual(row["event_date"], incident)
            elif row["kind"] != "submission":
                self.assertEqual(row["event_date"], row["date"])
        self.assertIn(case.log_ids.id, [row["id"] for row in rows])
        # The trigger is back and guards the new column like the others.
        with (
            self.assertRaises(psycopg2.Error),
            mute_logger("odoo.sql_db"),
            cr.savepoint(),
        ):
            cr.execute(
                "UPDATE safeguarding_case_log SET event_date = date - interval "
                "'1 day' WHERE id = %s",
                (case.log_ids.id,),
            )
        cr.execute(
            "SELECT tgenabled FROM pg_trigger "
            "WHERE tgname = 'safeguarding_case_log_keep_evidence'"
        )
        self.assertEqual(cr.fetchone()[0], "O")
        self.env.invalidate_all()

    # 5. A new referral's first phone call ---------------------------------

    def test_new_referral_is_saved_with_its_first_phone_call(self):
        case = self._case()
        action = case.with_user(self.lead).action_refer()
        referral_form = Form(
            self.env["safeguarding.referral"]
            .with_user(self.lead)
            .with_context(**action["context"])
        )
        referral_form.agency_id = self.cps
        referral_form.reason = "Bruises on both arms."
        with referral_form.contact_ids.new() as contact:
            contact.channel = "phone"
            contact.summary = "Told the duty officer."
        referral = referral_form.save()
        self.assertRegex(referral.name, r"^SG-F-\d{4}-\d{4}$")
        self.assertEqual(referral.state, "open")
        self.assertEqual(referral.contact_ids.user_id, self.lead)
        self.assertTrue(referral.written_due)
        referred = case.log_ids.filtered(lambda log: log.kind == "referral")
        self.assertTrue(referred.summary.startswith(f"{referral.name}: referred"))
        self.assertEqual(referred.event_date, referral.contact_ids.date)
        self.assertEqual(
            referral.activity_ids.summary, f"Written referral {referral.name}"
        )
        # A referral saved first takes its first call afterwards, the same way.
        later = self._referral(self._case(self.other_pupil))
        with Form(later) as later_form:
            with later_form.contact_ids.new() as contact:
                contact.channel = "phone"
                contact.summary = "Left a message for the duty officer."
        self.assertEqual(later.state, "open")
        self.assertEqual(later.contact_ids.referral_id, later)

    def test_the_referral_of_a_contact_is_never_another_childs(self):
        Referral = self.env["safeguarding.referral"].with_user(self.lead)
        arch = etree.fromstring(
            Referral.get_views([(False, "form")])["views"]["form"]["arch"]
        )
        (contacts,) = arch.xpath("//field[@name='contact_ids']")
        self.assertTrue(contacts.xpath("./list") and contacts.xpath("./form"))
        self.assertFalse(contacts.xpath(".//field[@name='referral_id']"))
        # A contact on its own chooses among the referrals the user may act
        # on, each named with its child and case.
        Contact = self.env["safeguarding.referral.contact"].with_user(self.lead)
        arch = etree.fromstring(
            Contact.get_views([(False, "form")])["views"]["form"]["arch"]
        )
        (field,) = arch.xpath("//field[@name='referral_id']")
        self.assertIn("safeguarding_show_child", field.get("context"))
        domain = ast.literal_eval(field.get("domain"))
        mine = self._referral(self._case())
        other = self._referral(self._case(self.other_pupil))
        closed_case = self._case(self.other_pupil)
        finished = self._referral(closed_case)
        self._close(closed_case)
        offered = dict(
            Referral.with_context(safeguarding_show_child=True).name_search(
                "", domain, limit=None
            )
        )
        self.assertIn(mine.id, offered)
        self.assertIn(other.id, offered)
        self.assertNotIn(finished.id, offered)
        self.assertIn(self.pupil.name, offered[mine.id])
        self.assertIn(mine.case_id.name, offered[mine.id])
        self.assertIn(self.other_pupil.name, offered[other.id])
        self.assertNotIn(self.pupil.name, offered[other.id])
        found = dict(
            Referral.with_context(safeguarding_show_child=True).name_search(
                "Zarina", domain
            )
        )
        self.assertEqual(list(found), [mine.id])
        # Staff outside the team are offered nothing.
        with self.assertRaises(AccessError):
            self.env["safeguarding.referral"].with_user(self.staff).name_search("")

    # Browser ----------------------------------------------------------------

    def _case_url(self, case):
        return f"/odoo/action-school_safeguarding.safeguarding_case_action/{case.id}"

    def test_dsl_records_a_new_referrals_first_call_in_the_browser(self):
        case = self._case()
        self.start_tour(
            self._case_url(case),
            "school_safeguarding_referral_first_call",
            login=self.lead.login,
        )
        referral = case.referral_ids
        self.assertEqual(len(referral), 1)
        self.assertEqual(referral.state, "open")
        self.assertEqual(
            referral.agency_id.safeguarding_agency_type, "child_protection"
        )
        self.assertIn("Told the duty officer", referral.contact_ids.summary)
        self.assertEqual(referral.contact_ids.user_id, self.lead)
        referred = case.log_ids.filtered(lambda log: log.kind == "referral")
        self.assertTrue(referred.summary.startswith(f"{referral.name}: referred"))

    def test_dsl_adds_a_phone_call_to_the_chronology_in_the_browser(self):
        case = self._case()
        self.start_tour(
            self._case_url(case),
            "school_safeguarding_add_to_chronology",
            login=self.lead.login,
        )
        entry = case.log_ids.filtered(lambda log: log.kind == "contact")
        self.assertEqual(entry.summary, "Phoned the mother: she confirms the bruises.")
        self.assertEqual(entry.user_id, self.lead)
        self.assertLess(
            abs(entry.event_date - (self._now() - timedelta(days=3))),
            timedelta(days=1),
        )
        self.assertEqual(case.log_ids[-1], entry)
