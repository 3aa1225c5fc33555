"""What keeps the chronology fast at a million concerns stays true."""

from odoo.tests import tagged

from .common import SafeguardingCase


@tagged("post_install", "-at_install")
class TestChronologyStorage(SafeguardingCase):
    def test_a_concerns_entries_join_the_case_it_is_added_to(self):
        concern = self._submitted_concern()
        entry = self.env["safeguarding.case.log"].search(
            [("concern_id", "=", concern.id)]
        )
        self.assertFalse(entry.case_id)
        case = (
            self.env["safeguarding.case"]
            .with_user(self.lead)
            .create({"pupil_id": self.pupil.id})
        )
        concern._link_to_case(case)
        # Stored on the entry: the case's chronology is a plain indexed
        # one2many, whatever the number of concerns in the school.
        self.assertEqual(entry.case_id, case)
        self.assertIn(entry, case.with_user(self.lead).log_ids)
        later = self.env["safeguarding.case.log"].create(
            {
                "concern_id": concern.id,
                "company_id": concern.company_id.id,
                "kind": "note",
                "summary": "Spoke with the class teacher.",
            }
        )
        self.assertEqual(later.case_id, case, "a later entry joins it at once")

    def test_the_adult_concerned_is_stored_on_the_entry(self):
        adult = self.env["hr.employee"].create(
            {"name": "Adult Concerned", "user_id": self.other_staff.id}
        )
        concern = self._submitted_concern(
            subject_type="adult", pupil_id=False, subject_employee_id=adult.id
        )
        entry = self.env["safeguarding.case.log"].search(
            [("concern_id", "=", concern.id)]
        )
        self.assertEqual(entry.subject_user_id, self.other_staff)
        # The rule hiding it from them reads this column, not the concerns.
        rule = self.env.ref(
            "school_safeguarding.safeguarding_case_log_rule_not_subject"
        )
        self.assertIn("subject_user_id", rule.domain_force)
        self.assertNotIn("concern_id", rule.domain_force)

    def test_the_adult_concerned_is_given_by_the_entry_not_by_its_author(self):
        """create() sets it for every entry: what is sent with it is ignored."""
        adult = self.env["hr.employee"].create(
            {"name": "Adult Concerned", "user_id": self.other_staff.id}
        )
        Log = self.env["safeguarding.case.log"]
        concern = self._submitted_concern(
            subject_type="adult", pupil_id=False, subject_employee_id=adult.id
        )
        pupil_concern = self._submitted_concern()
        allegation = (
            self.env["safeguarding.allegation"]
            .with_user(self.lead)
            .create(
                {
                    "subject_employee_id": adult.id,
                    "description": "A pupil says the adult grabbed her arm.",
                }
            )
        )
        # One batch mixing the three, each sent with a wrong adult: as the
        # DSL, who could otherwise hide an entry from themself or from
        # nobody, and as superuser (the scheduled actions).
        for Entries in (Log.with_user(self.lead), Log.sudo()):
            entries = Entries.create(
                [
                    {
                        "concern_id": record_id,
                        "kind": "note",
                        "summary": "Spoke with the class teacher.",
                        "subject_user_id": self.lead.id,
                    }
                    for record_id in (concern.id, pupil_concern.id)
                ]
                + [
                    {
                        "allegation_id": allegation.id,
                        "kind": "note",
                        "summary": "Spoke with the director.",
                        "subject_user_id": self.lead.id,
                    }
                ]
            )
            nobody = self.env["res.users"]
            self.assertEqual(
                [entry.subject_user_id for entry in entries.sudo()],
                [self.other_staff, nobody, self.other_staff],
            )
