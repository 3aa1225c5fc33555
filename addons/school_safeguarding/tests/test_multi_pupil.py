"""One incident, several pupils: a concern split per child, each file its own."""

import psycopg2

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SafeguardingCase
from .test_access_matrix import MATRIX

CHRONOLOGY = "school_safeguarding.report_safeguarding_case_chronology"
PHOTO = b"screenshot of the group chat"


@tagged("post_install", "-at_install")
class TestMultiPupil(SafeguardingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.second = Partner.create(
            {"name": "Aruzhan Second-Pupil", "is_pupil": True, "pupil_grade": "4A"}
        )
        cls.third = Partner.create(
            {"name": "Daniyar Third-Pupil", "is_pupil": True, "pupil_grade": "4B"}
        )
        cls.parent = Partner.create({"name": "Not A Pupil (parent)"})
        cls.police = Partner.create(
            {"name": "District police (test)", "safeguarding_agency_type": "police"}
        )

    def _draft(self, **values):
        values.setdefault(
            "other_pupil_ids", [Command.set((self.second | self.third).ids)]
        )
        return (
            self.env["safeguarding.concern"]
            .with_user(self.staff)
            .create(self._concern_values(**values))
        )

    def _incident(self, concern):
        """The concerns sent together with ``concern`` (all of them)."""
        return (
            self.env["safeguarding.concern"]
            .sudo()
            .search([("incident_ref", "=", concern.sudo().incident_ref)], order="id")
        )

    def _sent(self):
        draft = self._draft()
        draft.action_submit()
        return self._incident(draft)

    def _case_of(self, concern):
        case = (
            self.env["safeguarding.case"]
            .with_user(self.lead)
            .create({"pupil_id": concern.pupil_id.id})
        )
        concern.with_user(self.lead).action_add_to_case(case.id)
        return case

    def _print(self, case, user):
        """The chronology as printed for an agency, by ``user``."""
        self.env["safeguarding.disclosure"].with_user(user).create(
            {"case_id": case.id, "agency_id": self.police.id, "information": "All"}
        )
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(tz="UTC", lang="en_US")
            ._render_qweb_html(CHRONOLOGY, case.ids)
        )
        return html.decode()

    # Sending ---------------------------------------------------------------

    def test_send_gives_each_child_a_concern_of_their_own(self):
        upload = (
            self.env["ir.attachment"]
            .with_user(self.staff)
            .create({"name": "chat.png", "raw": PHOTO})
        )
        draft = self._draft(
            source="child_disclosure",
            location_type="online",
            location_detail="Class group chat",
            attachment_ids=[Command.set(upload.ids)],
            alerted_user_ids=[Command.set(self.other_staff.ids)],
            body_marks=[{"side": "front", "x": 30, "y": 20, "note": "Scratch"}],
        )
        last_message = self.env["mail.message"].search([], order="id desc", limit=1)
        result = draft.action_submit()
        concerns = self._incident(draft)
        self.assertEqual(len(concerns), 3)
        self.assertEqual(concerns[0], draft)
        self.assertEqual(
            concerns.pupil_id, self.pupil | self.second | self.third, "one per child"
        )
        self.assertRegex(draft.sudo().incident_ref, r"^SG-I-\d{4}-\d{4}$")
        self.assertEqual(len(set(concerns.mapped("name"))), 3)
        for concern in concerns:
            self.assertRegex(concern.name, r"^SG-R-\d{4}-\d{4}$")
            self.assertEqual(concern.state, "submitted")
            self.assertEqual(concern.reporter_id, self.staff)
            self.assertEqual(concern.company_id, draft.company_id)
            # The same account, field by field, for each child.
            for name in (
                "description",
                "child_words",
                "incident_date",
                "location_type",
                "location_detail",
                "source",
                "category_ids",
                "alerted_user_ids",
            ):
                self.assertEqual(concern[name], draft[name], name)
            # The injuries marked are the first child's, in their file only.
            if concern != draft:
                self.assertFalse(concern.body_marks, concern.name)
            # The names give way to the incident: no child names another.
            self.assertFalse(concern.other_pupil_ids)
            # The files are each concern's own copies.
            self.assertEqual(len(concern.attachment_ids), 1, concern.name)
            self.assertEqual(concern.attachment_ids.raw, PHOTO)
            self.assertEqual(concern.attachment_ids.res_id, concern.id)
            self.assertEqual(
                concern.sibling_concern_ids, concerns - concern, concern.name
            )
        self.assertEqual(len(concerns.attachment_ids), 3)
        # The reporter is told how many went, and which.
        message = result["params"]["message"]
        self.assertIn("3 concerns were sent", message)
        for concern in concerns:
            self.assertIn(concern.name, message)
        # The DSL is told once per send, not once per child.
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "safeguarding.concern"),
                ("res_id", "in", concerns.ids),
                ("user_id", "=", self.lead.id),
            ]
        )
        self.assertEqual(len(activities), 1)
        # ... and that one to-do names every child's concern, by reference.
        self.assertIn(draft.sudo().incident_ref, activities.summary)
        for concern in concerns:
            self.assertIn(concern.name, activities.summary)
        for pupil in concerns.pupil_id:
            self.assertNotIn(pupil.name, activities.summary)
        mails = self.env["mail.mail"].search(
            [("model", "=", "safeguarding.concern"), ("res_id", "in", concerns.ids)]
        )
        self.assertEqual(len(mails), 1)
        # So is the colleague the reporter chose.
        told = self.env["mail.message"].search(
            [
                ("id", ">", last_message.id),
                ("partner_ids", "in", self.other_staff.partner_id.ids),
            ]
        )
        self.assertEqual(len(told), 1)

    def test_each_child_has_a_chronology_entry_that_names_no_other(self):
        concerns = self._sent()
        entries = self.env["safeguarding.case.log"].search(
            [("concern_id", "in", concerns.ids)]
        )
        for concern in concerns:
            own = entries.filtered(lambda entry, c=concern: entry.concern_id == c)
            self.assertEqual(set(own.mapped("kind")), {"submission"})
            self.assertEqual(own.pupil_id, concern.pupil_id)
            self.assertTrue(
                any("also involves 2 other pupils" in e.summary for e in own)
            )
            others = concerns.pupil_id - concern.pupil_id
            for pupil in others:
                for entry in own:
                    self.assertNotIn(pupil.name, entry.summary)

    def test_triage_lists_each_child(self):
        Overview = self.env["safeguarding.overview"].with_user(self.lead)
        before = Overview.create({}).new_concern_count
        concerns = self._sent()
        waiting = (
            self.env["safeguarding.concern"]
            .with_user(self.team)
            .search([("state", "=", "submitted"), ("id", "in", concerns.ids)])
        )
        self.assertEqual(waiting, concerns)
        self.assertEqual(Overview.create({}).new_concern_count, before + 3)
        # Each joins its own child's case.
        for concern in concerns:
            case = self._case_of(concern)
            self.assertEqual(case.concern_ids, concern)
            self.assertEqual(concern.state, "in_case")

    def test_one_child_only_sends_one_concern(self):
        draft = self._draft(other_pupil_ids=[])
        result = draft.action_submit()
        self.assertFalse(draft.sudo().incident_ref)
        self.assertFalse(draft.sibling_concern_ids)
        self.assertNotIn("concerns were sent", result["params"]["message"])

    # The reporter ----------------------------------------------------------

    def test_reporter_reads_every_concern_they_sent(self):
        concerns = self._sent().with_user(self.staff)
        mine = (
            self.env["safeguarding.concern"]
            .with_user(self.staff)
            .search([("reporter_id", "=", self.staff.id)])
        )
        self.assertEqual(mine & concerns, concerns)
        self.assertEqual(
            concerns.mapped("pupil_id.name"),
            [self.pupil.name, self.second.name, self.third.name],
        )
        for concern in concerns:
            self.assertEqual(len(concern.sibling_concern_ids), 2)
        # Nobody else on the staff reads them.
        for concern in concerns:
            with self.assertRaises(AccessError):
                concern.with_user(self.other_staff).read(["description"])

    def test_the_children_named_cannot_change_once_sent(self):
        concerns = self._sent()
        for concern in concerns:
            with self.assertRaises(UserError):
                concern.with_user(self.staff).write(
                    {"other_pupil_ids": [Command.set(self.parent.ids)]}
                )
            with self.assertRaises(UserError):
                concern.with_user(self.staff).write({"incident_ref": "SG-I-X"})
        self.assertFalse(concerns.other_pupil_ids)
        self.assertEqual(len(set(concerns.mapped("incident_ref"))), 1)
        # The database keeps the incident of a sent concern too.
        with (
            self.assertRaises(psycopg2.Error),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                "UPDATE safeguarding_concern SET incident_ref = NULL WHERE id = %s",
                (concerns[1].id,),
            )
        # Nor can a draft be put into someone's incident by hand.
        draft = self._draft(other_pupil_ids=[])
        with self.assertRaises(UserError):
            draft.write({"incident_ref": concerns[0].incident_ref})
        smuggled = (
            self.env["safeguarding.concern"]
            .with_user(self.staff)
            .create(self._concern_values(incident_ref=concerns[0].incident_ref))
        )
        self.assertFalse(smuggled.sudo().incident_ref)

    def test_sent_siblings_follow_the_access_matrix(self):
        concerns = self._sent()
        expected = MATRIX["safeguarding.concern"]
        for role in (
            "staff",
            "other_staff",
            "reception",
            "hr",
            "team",
            "lead",
            "director",
            "manager",
            "portal",
            "public",
        ):
            user = getattr(self, role)
            for concern in concerns:
                self.assertEqual(
                    concern.with_user(user).has_access("read"),
                    "r" in expected.get(role, ""),
                    f"{role} reading {concern.name}",
                )
                self.assertFalse(concern.with_user(user).has_access("write"), role)

    # Bad input -------------------------------------------------------------

    def test_bad_choices_are_refused_with_a_message(self):
        Concern = self.env["safeguarding.concern"]
        before = Concern.sudo().search_count([])
        cases = {
            "is the child this concern is about": [
                Command.set((self.pupil | self.second).ids)
            ],
            "is not registered as a pupil": [Command.set(self.parent.ids)],
        }
        for message, other_pupils in cases.items():
            with self.assertRaisesMessage(ValidationError, message):
                self._draft(other_pupil_ids=other_pupils)
        with self.assertRaisesMessage(
            ValidationError, "only be named on a concern about a child"
        ):
            self._draft(subject_type="adult", pupil_id=False, subject_name="Coach")
        many = self.env["res.partner"].create(
            [{"name": f"Pupil {index}", "is_pupil": True} for index in range(31)]
        )
        with self.assertRaisesMessage(ValidationError, "at most 30 other children"):
            self._draft(other_pupil_ids=[Command.set(many.ids)])
        self.assertEqual(Concern.sudo().search_count([]), before)
        # On a draft, the same checks; the draft keeps its children.
        draft = self._draft()
        with self.assertRaisesMessage(ValidationError, "is the child"):
            draft.write({"other_pupil_ids": [Command.link(self.pupil.id)]})
        self.assertEqual(draft.other_pupil_ids, self.second | self.third)
        # A send that fails leaves one draft, no concern for the others.
        draft.sudo().description = False
        with self.assertRaises(ValidationError):
            draft.with_user(self.staff).action_submit()
        self.assertEqual(draft.state, "draft")
        self.assertEqual(Concern.sudo().search_count([]), before + 1)

    # Each child's file -----------------------------------------------------

    def test_each_file_hides_the_other_children_until_the_team_links_them(self):
        first, second, third = self._sent()
        case = self._case_of(first)
        other_case = self._case_of(second)
        as_lead = case.with_user(self.lead)
        self.assertEqual(as_lead.incident_hidden_count, 2)
        self.assertFalse(as_lead.incident_pupil_ids)
        self.assertEqual(
            as_lead.incident_others_label, "2 other pupils, not named in this file"
        )
        names = (self.second.name, self.third.name)
        # Chronology on the case, its printed PDF: this child only.
        html = self._print(case, self.lead)
        self.assertIn(self.pupil.name, html)
        self.assertIn("2 other pupils, not named in this file", html)
        for name in names:
            self.assertNotIn(name, html)
            for entry in as_lead.log_ids:
                self.assertNotIn(name, entry.summary)
        self.assertNotIn(self.pupil.name, self._print(other_case, self.lead))
        # The team decides to name them in this file: who and when is kept.
        with self.assertRaises(AccessError):
            case.with_user(self.staff).action_show_incident_children()
        with self.assertRaises(UserError):
            as_lead.write({"incident_shown_concern_ids": [Command.link(first.id)]})
        as_lead.action_show_incident_children()
        self.assertEqual(as_lead.incident_pupil_ids, self.second | self.third)
        self.assertEqual(as_lead.incident_hidden_count, 0)
        entry = as_lead.log_ids.filtered(
            lambda log: log.kind == "decision" and first.incident_ref in log.summary
        )
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.user_id, self.lead)
        html = self._print(case, self.lead)
        for name in names:
            self.assertIn(name, entry.summary)
            self.assertIn(name, html)
        # Only in this file: the other child's file still names nobody else.
        other_html = self._print(other_case, self.lead)
        self.assertNotIn(self.pupil.name, other_html)
        self.assertNotIn(self.third.name, other_html)
        self.assertIn("2 other pupils, not named in this file", other_html)
        # Nothing left to show: said so, nothing written.
        entries = len(as_lead.log_ids)
        with self.assertRaisesMessage(UserError, "no other children"):
            as_lead.action_show_incident_children()
        self.assertEqual(len(as_lead.log_ids), entries)
        # The third child has no case yet: counted, named once linked, in
        # the first file only.
        self.assertFalse(third.sudo().case_id)

    def test_a_closed_file_is_not_changed(self):
        first = self._sent()[0]
        case = self._case_of(first)
        case.sudo().write({"state": "closed", "closure_reason": "resolved"})
        with self.assertRaisesMessage(UserError, "is closed"):
            case.with_user(self.lead).action_show_incident_children()
        self.assertFalse(case.incident_shown_concern_ids)
