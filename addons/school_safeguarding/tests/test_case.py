from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import SafeguardingCase


@tagged("post_install", "-at_install")
class TestCase(SafeguardingCase):
    def _decide(self, case):
        case.write(
            {
                "decision_nature": "Neglect at home.",
                "severity": "serious",
                "child_wishes": "Wants to stay with her aunt.",
                "confidentiality_note": "Class teacher only.",
            }
        )
        case.action_record_decision()

    def test_case_from_concerns_and_chronology(self):
        first = self._submitted_concern()
        second = self._submitted_concern(user=self.other_staff)
        self.assertTrue(first.activity_ids)
        case = self._open_case(first | second)
        # The review activities are done once the concerns are in the case.
        self.assertFalse((first | second).activity_ids)
        self.assertRegex(case.name, r"^SG-C-\d{4}-\d{4}$")
        self.assertEqual(case.pupil_id, self.pupil)
        self.assertEqual(case.concern_ids, first | second)
        self.assertEqual(set((first | second).mapped("state")), {"in_case"})
        self.assertEqual(first.acknowledged_user_id, self.lead)
        kinds = case.log_ids.sorted(lambda log: (log.date, log.id)).mapped("kind")
        self.assertEqual(kinds.count("submission"), 2)
        self.assertEqual(kinds.count("concern"), 2)
        self.assertIn("state", kinds)
        # A later concern about the same child goes into the open case.
        third = self._submitted_concern()
        action = third.with_user(self.team).action_open_case_wizard()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.team)
            .with_context(**action["context"])
        )
        self.assertEqual(wizard.mode, "existing")
        self.assertEqual(wizard.case_id, case)
        wizard.save().action_confirm()
        self.assertEqual(third.case_id, case)
        # The child's chronology shows every entry about them.
        timeline = self.pupil.with_user(self.team).action_view_safeguarding_timeline()
        entries = (
            self.env["safeguarding.case.log"]
            .with_user(self.team)
            .search(timeline["domain"])
        )
        self.assertEqual(len(entries.filtered(lambda e: e.kind == "submission")), 3)

    def test_decision_requires_every_part(self):
        case = self._open_case(self._submitted_concern()).with_user(self.lead)
        case.write({"decision_nature": "Neglect", "severity": "serious"})
        with self.assertRaisesMessage(ValidationError, "feelings and wishes"):
            case.action_record_decision()
        self.assertEqual(case.state, "new")
        with self.assertRaisesMessage(UserError, "decision"):
            case.action_start()
        self._decide(case)
        self.assertEqual(case.state, "assessed")
        self.assertEqual(case.decision_user_id, self.lead)
        decision = case.log_ids.filtered(lambda log: log.kind == "decision")
        self.assertIn("Wants to stay with her aunt.", decision.summary)
        self.assertIn("risk: Medium", decision.summary)
        case.action_start()
        self.assertEqual(case.state, "in_progress")

    def test_close_needs_reason_then_locks(self):
        concern = self._submitted_concern()
        case = self._open_case(concern).with_user(self.lead)
        self._decide(case)
        with self.assertRaises(ValidationError):
            case._close(False, "")
        with self.assertRaises(ValidationError):
            case._close("not-a-reason", "")
        self.assertEqual(case.state, "assessed")
        wizard = (
            self.env["safeguarding.case.close.wizard"]
            .with_user(self.lead)
            .create(
                {
                    "case_ids": [(6, 0, case.ids)],
                    "closure_reason": "resolved",
                    "closure_note": "Support in place.",
                }
            )
        )
        wizard.action_close()
        self.assertEqual(case.state, "closed")
        self.assertTrue(case.date_closed)
        self.assertEqual(concern.state, "closed")
        with self.assertRaisesMessage(UserError, "closed"):
            case.write({"risk_level": "low"})
        with self.assertRaisesMessage(UserError, "closed"):
            self.env["safeguarding.case.log"].with_user(self.lead).create(
                {"case_id": case.id, "summary": "Late note"}
            )
        case.action_reopen()
        self.assertEqual(case.state, "in_progress")
        self.assertEqual(concern.state, "in_case")
        with self.assertRaises(UserError):
            case.write({"state": "closed"})

    def test_chronology_is_append_only(self):
        case = self._open_case(self._submitted_concern())
        Log = self.env["safeguarding.case.log"].with_user(self.team)
        entry = Log.create({"case_id": case.id, "summary": "Called the aunt."})
        self.assertEqual(entry.user_id, self.team)
        self.assertEqual(entry.pupil_id, self.pupil)
        with self.assertRaises(UserError):
            entry.write({"summary": "Called the uncle."})
        with self.assertRaises(UserError):
            entry.unlink()
        with self.assertRaises(UserError):
            Log.create({"case_id": case.id, "summary": "x", "kind": "decision"})
        correction = Log.create(
            {
                "case_id": case.id,
                "summary": "It was the uncle, not the aunt.",
                "kind": "correction",
                "corrects_id": entry.id,
            }
        )
        self.assertEqual(entry.summary, "Called the aunt.")
        self.assertIn(correction, case.log_ids)
        with self.assertRaisesMessage(
            ValidationError, "belongs to a case or a concern"
        ):
            Log.create({"summary": "Orphan"})

    def test_case_is_never_deleted(self):
        case = self._open_case(self._submitted_concern())
        with self.assertRaises(UserError):
            case.with_user(self.lead).unlink()
        self.assertTrue(case.exists())

    def test_risk_and_type_changes_are_logged(self):
        case = self._open_case(self._submitted_concern()).with_user(self.team)
        case.write({"risk_level": "high", "case_type": "early_help"})
        summaries = case.log_ids.mapped("summary")
        self.assertTrue(any("Risk level changed to High" in s for s in summaries))
        self.assertTrue(any("Early help" in s for s in summaries))

    def test_concerns_of_another_child_refused(self):
        other_pupil = self.env["res.partner"].create(
            {"name": "Other", "is_pupil": True}
        )
        case = self._open_case(self._submitted_concern())
        other = self._submitted_concern(pupil_id=other_pupil.id)
        with self.assertRaisesMessage(UserError, "another child"):
            other.with_user(self.lead).action_add_to_case(case.id)
        self.assertEqual(other.state, "submitted")
        self.assertFalse(other.case_id)

    def test_case_for_non_pupil_refused(self):
        stranger = self.env["res.partner"].create({"name": "Adult contact"})
        with self.assertRaisesMessage(ValidationError, "pupil"):
            self.env["safeguarding.case"].with_user(self.lead).create(
                {"pupil_id": stranger.id}
            )
