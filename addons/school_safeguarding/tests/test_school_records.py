from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SafeguardingCase

EMPLOYEE_FORM = {
    "name": {},
    "safeguarding_clearance": {},
    "safeguarding_check_ids": {
        "fields": {
            "check_type_id": {"fields": {"display_name": {}}},
            "reference": {},
            "issue_date": {},
            "expiry_date": {},
            "result": {},
            "state": {},
        }
    },
    "safeguarding_training_ids": {
        "fields": {
            "training_type_id": {"fields": {"display_name": {}}},
            "date": {},
            "complete": {},
        }
    },
}


@tagged("post_install", "-at_install")
class TestSchoolRecords(SafeguardingCase):
    """Defects found by staff walking the app (issue 16): duplicate vetting
    checks, a suspended adult still cleared, the written referral letter and
    the pupil's card."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.country_id = cls.env.ref("base.kz")
        cls.criminal_record = cls.env.ref(
            "school_safeguarding.check_type_criminal_record"
        )
        cls.induction = cls.env.ref("school_safeguarding.training_type_induction")
        cls.teacher = cls.env["hr.employee"].create({"name": "Gulnara Teacher"})

    def _hr_form(self, employee):
        return self.env["hr.employee"].with_user(self.hr).browse(employee.id)

    def _new_check(self, virtual_id, reference="CR-1", issue_date="2026-06-01"):
        return (
            0,
            virtual_id,
            {
                "check_type_id": self.criminal_record.id,
                "reference": reference,
                "issue_date": issue_date,
                "result": "clear",
            },
        )

    # ------------------------------------------------------------------
    # Item 6: a vetting check entered twice
    # ------------------------------------------------------------------

    @freeze_time("2026-11-25")
    def test_duplicate_check_is_refused_by_name_and_nothing_saved(self):
        form = self._hr_form(self.teacher)
        form.web_save(
            {"safeguarding_check_ids": [self._new_check("v1")]}, EMPLOYEE_FORM
        )
        self.assertEqual(len(self.teacher.safeguarding_check_ids), 1)
        # HR enters the same certificate again: the form asks the server
        # what changes (onchange) while the line is typed...
        values = {
            "name": self.teacher.name,
            "safeguarding_check_ids": [
                (1, self.teacher.safeguarding_check_ids.id, {}),
                self._new_check("v2", reference="CR-2"),
            ],
        }
        result = form.onchange(values, ["safeguarding_check_ids"], EMPLOYEE_FORM)
        self.assertIn("value", result)
        # ...then saves it: a clear error naming the duplicate, nothing saved.
        with self.assertRaisesMessage(ValidationError, "already recorded") as caught:
            form.web_save(
                {"safeguarding_check_ids": [self._new_check("v2", reference="CR-2")]},
                EMPLOYEE_FORM,
            )
        message = str(caught.exception)
        self.assertIn(self.criminal_record.name, message)
        self.assertIn(self.teacher.name, message)
        self.assertIn("CR-1", message, "the check already recorded")
        self.assertIn("06/01/2026", message)
        self.env.invalidate_all()
        self.assertEqual(len(self.teacher.safeguarding_check_ids), 1)
        # Two identical lines saved together are refused the same way.
        other = self.env["hr.employee"].create({"name": "Second Person"})
        with self.assertRaisesMessage(ValidationError, "already recorded"):
            self._hr_form(other).web_save(
                {
                    "safeguarding_check_ids": [
                        self._new_check("v3", reference=False),
                        self._new_check("v4", reference=False),
                    ]
                },
                EMPLOYEE_FORM,
            )
        self.env.invalidate_all()
        self.assertFalse(other.safeguarding_check_ids)
        # A renewal (another issue date) is what HR records instead.
        form.web_save(
            {"safeguarding_check_ids": [self._new_check("v5", "CR-2", "2026-11-20")]},
            EMPLOYEE_FORM,
        )
        self.assertEqual(len(self.teacher.safeguarding_check_ids), 2)

    @freeze_time("2026-11-25")
    def test_duplicate_training_is_refused(self):
        form = self._hr_form(self.teacher)
        line = {
            "training_type_id": self.induction.id,
            "date": "2026-09-01",
            "item_ids": [(6, 0, self.induction.item_ids.ids)],
        }
        form.web_save({"safeguarding_training_ids": [(0, "t1", line)]}, EMPLOYEE_FORM)
        with self.assertRaisesMessage(ValidationError, "already recorded") as caught:
            form.web_save(
                {"safeguarding_training_ids": [(0, "t2", line)]}, EMPLOYEE_FORM
            )
        self.assertIn(self.induction.name, str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual(len(self.teacher.safeguarding_training_ids), 1)

    @freeze_time("2026-11-25")
    def test_employee_with_duplicates_from_before_stays_editable(self):
        Check = self.env["safeguarding.check"]
        first = Check.create(
            {
                "employee_id": self.teacher.id,
                "check_type_id": self.criminal_record.id,
                "issue_date": "2026-06-01",
                "reference": "OLD-1",
            }
        )
        second = Check.create(
            {
                "employee_id": self.teacher.id,
                "check_type_id": self.criminal_record.id,
                "issue_date": "2026-06-02",
                "reference": "OLD-2",
            }
        )
        # Entered twice before the duplicate was refused.
        self.env.cr.execute(
            "UPDATE safeguarding_check SET issue_date = %s WHERE id = %s",
            ("2026-06-01", second.id),
        )
        self.env.invalidate_all()
        form = self._hr_form(self.teacher)
        existing = [(1, check.id, {}) for check in first | second]
        # Any change in the form (a training, a line, a name) still works...
        for changed, values in (
            (
                "safeguarding_training_ids",
                {
                    "safeguarding_check_ids": existing,
                    "safeguarding_training_ids": [
                        (
                            0,
                            "t1",
                            {"training_type_id": self.induction.id, "date": False},
                        )
                    ],
                },
            ),
            (
                "safeguarding_check_ids",
                {
                    "safeguarding_check_ids": [
                        (1, first.id, {"reference": "OLD-1 (copy)"}),
                        (1, second.id, {}),
                        (0, "v1", {"check_type_id": self.criminal_record.id}),
                    ]
                },
            ),
        ):
            result = form.onchange(
                {"name": self.teacher.name, **values}, [changed], EMPLOYEE_FORM
            )
            self.assertIn("value", result)
        # ...and is saved, the old duplicate included.
        form.web_save(
            {
                "name": "Gulnara Teacher-Renamed",
                "safeguarding_check_ids": [(1, second.id, {"reference": "OLD-2b"})],
            },
            EMPLOYEE_FORM,
        )
        self.assertEqual(self.teacher.name, "Gulnara Teacher-Renamed")
        self.assertEqual(second.reference, "OLD-2b")
        # HR corrects the wrong date of the duplicate.
        form.web_save(
            {"safeguarding_check_ids": [(1, second.id, {"issue_date": "2026-06-02"})]},
            EMPLOYEE_FORM,
        )
        self.assertEqual(str(second.issue_date), "2026-06-02")

    # ------------------------------------------------------------------
    # Item 8: suspended from site
    # ------------------------------------------------------------------

    def _suspend(self, employee, start, end=False, user=None):
        return (
            self.env["safeguarding.allegation"]
            .with_user(user or self.director)
            .create(
                {
                    "subject_employee_id": employee.id,
                    "subject_role": "contractor",
                    "description": "Took photos of pupils in the changing room.",
                    "measure": "suspension",
                    "measure_start": start,
                    "measure_end": end,
                    "measure_note": "Not to enter the school grounds.",
                }
            )
        )

    def _sign_in(self, **values):
        return (
            self.env["safeguarding.visit"]
            .with_user(self.reception)
            .create(
                {
                    "visitor_name": "Plumber's mate",
                    "purpose": "Boiler repair",
                    "badge_number": "V-01",
                    **values,
                }
            )
        )

    def _clearance_seen_by(self, user, employee):
        return (
            self.env["hr.employee.public"]
            .with_user(user)
            .browse(employee.id)
            .safeguarding_clearance
        )

    def test_suspended_adult_is_not_cleared_while_suspended(self):
        recompute = self.env.ref("school_safeguarding.ir_cron_clearance")
        with freeze_time("2026-11-16"):
            contractor = self._cleared_employee(
                "Contractor Person", employee_type="contractor"
            )
            self.assertEqual(contractor.safeguarding_clearance, "cleared")
        with freeze_time("2026-11-23"):
            allegation = self._suspend(contractor, "2026-11-23", "2026-11-27")
            self.assertEqual(contractor.safeguarding_clearance, "suspended")
            # Reception: not offered as an escort, refused if chosen anyway.
            self.assertNotIn(
                contractor,
                self.env["hr.employee"]
                .with_user(self.reception)
                .search(
                    self.env["safeguarding.visit"]
                    ._fields["escort_id"]
                    .domain(self.env["safeguarding.visit"])
                ),
            )
            with self.assertRaisesMessage(ValidationError, "no safeguarding clearance"):
                self._sign_in(escort_id=contractor.id)
            escort = self._cleared_employee("Cleared Escort")
            with self.assertRaisesMessage(ValidationError, "suspended from site"):
                self._sign_in(escort_id=escort.id, contractor_employee_id=contractor.id)
            # Reception and HR see the status, never why.
            for user in (self.reception, self.hr):
                self.assertEqual(self._clearance_seen_by(user, contractor), "suspended")
            self.assertEqual(
                self._hr_form(contractor).read(["safeguarding_clearance"])[0][
                    "safeguarding_clearance"
                ],
                "suspended",
            )
            for user in (self.hr, self.reception):
                with self.assertRaises(AccessError):
                    self.env["hr.employee"].with_user(user).browse(contractor.id).read(
                        ["safeguarding_subject_allegation_ids"]
                    )
                with self.assertRaises(AccessError):
                    self.env["hr.employee"].with_user(user).search(
                        [("safeguarding_subject_allegation_ids", "!=", False)]
                    )
            # The single central record: suspended, nothing about the allegation.
            html, _type = (
                self.env["ir.actions.report"]
                .with_user(self.hr)
                ._render_qweb_html(
                    "school_safeguarding.report_single_central_record",
                    contractor.ids,
                )
            )
            html = html.decode()
            self.assertIn("Suspended from site", html)
            for secret in ("changing room", "school grounds", allegation.name):
                self.assertNotIn(secret, html)
        # The suspension ends: cleared again with the daily recompute.
        with freeze_time("2026-11-28"):
            recompute.method_direct_trigger()
            self.assertEqual(contractor.safeguarding_clearance, "cleared")
            self._sign_in(escort_id=contractor.id)

    def test_suspension_counts_from_its_start_until_lifted(self):
        recompute = self.env.ref("school_safeguarding.ir_cron_clearance")
        with freeze_time("2026-11-16"):
            contractor = self._cleared_employee(
                "Contractor Person", employee_type="contractor"
            )
            allegation = self._suspend(contractor, "2026-11-18", user=self.lead)
            self.assertEqual(contractor.safeguarding_clearance, "cleared", "not yet")
        with freeze_time("2026-11-18"):
            recompute.method_direct_trigger()
            self.assertEqual(contractor.safeguarding_clearance, "suspended")
            # Lifted by the DSL: cleared at once.
            allegation.with_user(self.lead).measure = "changed_duties"
            self.assertEqual(contractor.safeguarding_clearance, "cleared")
            allegation.with_user(self.lead).measure = "suspension"
            self.assertEqual(contractor.safeguarding_clearance, "suspended")
            # Closing the allegation as unfounded ends its protective measure.
            allegation.with_user(self.lead).action_inform_directors()
            allegation.with_user(self.lead)._close("unfounded", "")
            self.assertEqual(contractor.safeguarding_clearance, "cleared")
            # Found substantiated, the person stays off site for good.
            other = self._cleared_employee(
                "Other Contractor", employee_type="contractor"
            )
            substantiated = self._suspend(other, "2026-11-18", user=self.lead)
            substantiated.with_user(self.lead).action_inform_directors()
            substantiated.with_user(self.lead)._close("substantiated", "Confirmed.")
            self.assertEqual(other.safeguarding_clearance, "suspended")

    # ------------------------------------------------------------------
    # Item 10: the written referral letter
    # ------------------------------------------------------------------

    def test_written_referral_letter_has_the_child_and_who_must_not_be_told(self):
        mother = self.env["res.partner"].create(
            {"name": "Aigerim Mother", "phone": "+7 701 111 2233"}
        )
        father = self.env["res.partner"].create({"name": "Nurlan Father"})
        self.pupil.write(
            {
                "pupil_birthdate": "2015-03-09",
                "street": "12 Abay Avenue",
                "city": "Almaty",
                "zip": "050000",
                "pupil_guardian_ids": [
                    (0, 0, {"partner_id": mother.id, "relation": "mother"}),
                    (
                        0,
                        0,
                        {
                            "partner_id": father.id,
                            "relation": "father",
                            "lives_abroad": True,
                        },
                    ),
                ],
            }
        )
        agency = self.env["res.partner"].create(
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
                    "agency_id": agency.id,
                    "reason": "Bruising and a disclosure about the father.",
                    "confidentiality_instruction": "Do not tell the father: he "
                    "must not learn of this referral.",
                }
            )
        )
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.lead)
            ._render_qweb_html(
                "school_safeguarding.report_safeguarding_referral", referral.ids
            )
        )
        html = html.decode()
        for expected in (
            "Who must not be told",
            "Do not tell the father: he must not learn of this referral.",
            "Date of birth",
            "03/09/2015",
            "12 Abay Avenue",
            "Almaty",
            "Aigerim Mother",
            "+7 701 111 2233",
            "Nurlan Father",
            "Mother",
            "Father",
            "lives abroad",
        ):
            self.assertIn(expected, html)
        self.assertLess(
            html.index("Who must not be told"),
            html.index("The child"),
            "at the top of the letter",
        )
        # Once the written referral is sent, the instruction it carried stays.
        self.env["safeguarding.referral.written.wizard"].with_user(self.lead).create(
            {"referral_id": referral.id, "channel": "email"}
        ).action_confirm()
        with self.assertRaisesMessage(UserError, "has been sent"):
            referral.with_user(self.lead).confidentiality_instruction = "Anyone"

    def test_referral_contacts_of_the_same_time_in_the_form(self):
        """The same kind of sort as the vetting checks, on the referral form."""
        agency = self.env["res.partner"].create(
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
            .create({"case_id": case.id, "agency_id": agency.id, "reason": "Bruises"})
        )
        line = {
            "date": "2026-11-20 05:00:00",
            "channel": "phone",
            "direction": "out",
            "kind": "contact",
            "summary": "Spoke to the duty officer.",
        }
        result = referral.onchange(
            {"contact_ids": [(0, "c1", line), (0, "c2", line)]},
            ["contact_ids"],
            {
                "first_contact_date": {},
                "written_due": {},
                "contact_ids": {"fields": {name: {} for name in line}},
            },
        )
        self.assertEqual(
            str(result["value"]["written_due"]), "2026-11-21 05:00:00", "24 hours on"
        )

    # ------------------------------------------------------------------
    # Item 9: the pupil's card
    # ------------------------------------------------------------------

    def test_pupil_card_is_a_pupil_form(self):
        form = self.env.ref("school_safeguarding.res_partner_view_form_pupil")
        # From a concern, a case or a referral, a pupil opens on their card...
        self.assertEqual(self.pupil.with_user(self.staff).get_formview_id(), form.id)
        agency = self.env["res.partner"].create({"name": "Police", "is_company": True})
        self.assertNotEqual(agency.get_formview_id(), form.id)
        # ...and so do the Pupils menu's records.
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_safeguarding.res_partner_action_pupil"
        )
        self.assertIn((form.id, "form"), [tuple(view) for view in action["views"]])
        for user, medical_detail in ((self.staff, False), (self.team, True)):
            arch = (
                self.env["res.partner"]
                .with_user(user)
                .get_views([(form.id, "form")])["views"]["form"]["arch"]
            )
            for name in (
                "pupil_birthdate",
                "pupil_grade",
                "pupil_guardian_ids",
                "pupil_has_medical_need",
                "street",
                "city",
                "company_id",
            ):
                self.assertIn(f'name="{name}"', arch)
            for business in ("vat", "property_", "bank_ids", "industry_id", "ref"):
                self.assertNotIn(f'name="{business}', arch)
            self.assertEqual('name="pupil_medical_need_detail"' in arch, medical_detail)
        with self.assertRaisesMessage(ValidationError, "future"):
            self.pupil.pupil_birthdate = "2999-01-01"

    def test_pupils_are_told_apart_by_their_class(self):
        namesake = self.env["res.partner"].create(
            {"name": self.pupil.name, "is_pupil": True, "pupil_grade": "9B"}
        )
        Partner = self.env["res.partner"].with_user(self.staff)
        self.assertEqual(
            Partner.browse(self.pupil.id).display_name, "Zarina Test-Pupil (4A)"
        )
        found = dict(
            Partner.name_search("Zarina Test", [("is_pupil", "=", True)], limit=10)
        )
        self.assertEqual(found[self.pupil.id], "Zarina Test-Pupil (4A)")
        self.assertEqual(found[namesake.id], "Zarina Test-Pupil (9B)")
        # Other contacts are named as before.
        self.assertEqual(self.hr.partner_id.display_name, self.hr.partner_id.name)
