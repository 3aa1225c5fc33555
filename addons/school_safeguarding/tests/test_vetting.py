from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SafeguardingCase


@tagged("post_install", "-at_install")
class TestVetting(SafeguardingCase):
    """Checks, attestations, induction and the clearance they give (R5, R6, R15)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.country_id = cls.env.ref("base.kz")
        cls.company.safeguarding_hr_user_id = cls.hr
        cls.induction = cls.env.ref("school_safeguarding.training_type_induction")
        cls.teacher = cls.env["hr.employee"].create(
            {"name": "New Teacher", "country_id": cls.env.ref("base.kz").id}
        )
        cls.Check = cls.env["safeguarding.check"].with_user(cls.hr)
        cls.Training = cls.env["safeguarding.training"].with_user(cls.hr)

    def sg(self, xmlid):
        return self.env.ref(f"school_safeguarding.{xmlid}")

    def _required(self, employee):
        return (
            self.env["safeguarding.check.type"]
            .search([])
            .filtered(lambda check_type: check_type._required_for(employee))
        )

    def _check_all(self, employee, issue="2026-06-01", skip=()):
        for check_type in self._required(employee):
            if check_type.name in skip:
                continue
            self.Check.create(
                {
                    "employee_id": employee.id,
                    "check_type_id": check_type.id,
                    "issue_date": issue,
                    "reference": f"REF-{check_type.id}",
                }
            )

    def _induct(self, employee, complete=True):
        return self.Training.create(
            {
                "employee_id": employee.id,
                "training_type_id": self.induction.id,
                "date": "2026-06-02",
                "item_ids": [
                    (
                        6,
                        0,
                        (
                            self.induction.item_ids
                            if complete
                            else self.induction.item_ids[:2]
                        ).ids,
                    )
                ],
            }
        )

    @freeze_time("2026-11-25")
    def test_clearance_from_checks_and_induction(self):
        teacher = self.teacher
        self.assertEqual(teacher.safeguarding_clearance, "pending")
        self._check_all(teacher)
        self.assertEqual(teacher.safeguarding_clearance, "pending", "no induction")
        self.assertIn(self.induction.name, teacher.safeguarding_missing_items)
        training = self._induct(teacher, complete=False)
        self.assertFalse(training.complete)
        self.assertEqual(teacher.safeguarding_clearance, "pending")
        training.item_ids = self.induction.item_ids
        self.assertTrue(training.complete)
        self.assertEqual(teacher.safeguarding_clearance, "cleared")
        # The 12-month certificates were issued on 1 June 2026.
        self.assertEqual(teacher.safeguarding_clearance_expiry, date(2027, 6, 1))
        # A failed check makes the person not suitable.
        self.Check.create(
            {
                "employee_id": teacher.id,
                "check_type_id": self.sg("check_type_narcological").id,
                "issue_date": "2026-11-20",
                "result": "failed",
            }
        )
        self.assertEqual(teacher.safeguarding_clearance, "failed")

    def test_clearance_expires_with_the_calendar(self):
        with freeze_time("2026-11-25"):
            self._check_all(self.teacher, issue="2026-01-10")
            self._induct(self.teacher)
            self.assertEqual(self.teacher.safeguarding_clearance, "cleared")
        cron = self.env.ref("school_safeguarding.ir_cron_clearance")
        with freeze_time("2026-12-20"):
            cron.method_direct_trigger()
            self.teacher.invalidate_recordset()
            self.assertEqual(self.teacher.safeguarding_clearance, "expiring")
        with freeze_time("2027-01-11"):
            cron.method_direct_trigger()
            self.teacher.invalidate_recordset()
            self.assertEqual(self.teacher.safeguarding_clearance, "expired")

    @freeze_time("2026-11-25")
    def test_foreign_staff_need_the_right_to_work(self):
        foreign = self.env["hr.employee"].create(
            {"name": "Visiting teacher", "country_id": self.env.ref("base.de").id}
        )
        right_to_work = self.sg("check_type_right_to_work")
        self.assertIn(right_to_work, self._required(foreign))
        self.assertNotIn(right_to_work, self._required(self.teacher))
        self._check_all(foreign, skip=(right_to_work.name,))
        self._induct(foreign)
        self.assertEqual(foreign.safeguarding_clearance, "pending")
        self.assertIn(right_to_work.name, foreign.safeguarding_missing_items)

    @freeze_time("2026-11-25")
    def test_attestation_covers_a_contractors_people(self):
        firm = self.env["res.partner"].create(
            {"name": "Clean & Co", "is_company": True}
        )
        cleaner = self.env["hr.employee"].create(
            {
                "name": "Contract cleaner",
                "employee_type": "contractor",
                "safeguarding_organisation_id": firm.id,
            }
        )
        self.assertEqual(cleaner._safeguarding_category(), "contractor")
        required = self._required(cleaner)
        self.assertNotIn(self.sg("check_type_references"), required)
        self._induct(cleaner)
        Attestation = self.env["safeguarding.attestation"].with_user(self.hr)
        with self.assertRaisesMessage(ValidationError, "at least one"):
            Attestation.create(
                {
                    "name": "Clean & Co vetting letter",
                    "organisation_id": firm.id,
                    "check_type_ids": [(6, 0, required.ids)],
                    "received_date": "2026-11-01",
                    "valid_until": "2027-10-31",
                }
            )
        with self.assertRaisesMessage(ValidationError, "expire before"):
            Attestation.create(
                {
                    "name": "Clean & Co vetting letter",
                    "organisation_id": firm.id,
                    "check_type_ids": [(6, 0, required.ids)],
                    "employee_ids": [(6, 0, cleaner.ids)],
                    "received_date": "2026-11-01",
                    "valid_until": "2026-10-31",
                }
            )
        attestation = Attestation.create(
            {
                "name": "Clean & Co vetting letter",
                "organisation_id": firm.id,
                "check_type_ids": [(6, 0, required.ids)],
                "employee_ids": [(6, 0, cleaner.ids)],
                "received_date": "2026-11-01",
                "valid_until": "2027-10-31",
            }
        )
        self.assertEqual(cleaner.safeguarding_clearance, "cleared")
        self.assertEqual(cleaner.safeguarding_clearance_expiry, date(2027, 10, 31))
        attestation.check_type_ids -= self.sg("check_type_psychiatric")
        self.assertEqual(cleaner.safeguarding_clearance, "pending")

    @freeze_time("2026-11-25")
    def test_single_central_record_shows_people_covered_by_an_attestation(self):
        """A contractor's person vetted by their firm's letter is not 'no check'."""
        firm = self.env["res.partner"].create(
            {"name": "Guard & Co", "is_company": True}
        )
        guard = self.env["hr.employee"].create(
            {
                "name": "Contract guard",
                "employee_type": "contractor",
                "safeguarding_organisation_id": firm.id,
            }
        )
        nobody = self.env["hr.employee"].create({"name": "Unvetted newcomer"})
        self.env["safeguarding.attestation"].with_user(self.hr).create(
            {
                "name": "Guard & Co vetting letter",
                "organisation_id": firm.id,
                "check_type_ids": [(6, 0, self._required(guard).ids)],
                "employee_ids": [(6, 0, guard.ids)],
                "received_date": "2026-11-01",
                "valid_until": "2027-10-31",
            }
        )
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.hr)
            ._render_qweb_html(
                "school_safeguarding.report_single_central_record",
                (guard | nobody).ids,
            )
        )
        rows = [
            " ".join(row.itertext()).split()
            for row in etree.fromstring(html, etree.HTMLParser()).iter("tr")
        ]
        guard_rows = [row for row in rows if "guard" in row]
        # One row: the person and their firm's attestation, no 'No check'.
        self.assertEqual(len(guard_rows), 1, rows)
        self.assertIn("Attested", guard_rows[0])
        self.assertIn("Guard", guard_rows[0])
        self.assertNotIn("No", guard_rows[0])
        newcomer_rows = [row for row in rows if "newcomer" in row]
        self.assertEqual(len(newcomer_rows), 1, rows)
        self.assertIn("recorded", newcomer_rows[0])

    @freeze_time("2026-11-25")
    def test_volunteers_are_an_employee_type(self):
        volunteer = self.env["hr.employee"].create(
            {"name": "Parent volunteer", "employee_type": "volunteer"}
        )
        self.assertEqual(volunteer._safeguarding_category(), "volunteer")
        self.assertNotIn(
            self.sg("check_type_qualifications"), self._required(volunteer)
        )
        self.assertIn(self.sg("check_type_criminal_record"), self._required(volunteer))

    @freeze_time("2026-11-25")
    def test_bad_input_refused(self):
        values = {
            "employee_id": self.teacher.id,
            "check_type_id": self.sg("check_type_identity").id,
            "issue_date": "2026-06-01",
        }
        with self.assertRaisesMessage(ValidationError, "expiry date cannot be before"):
            self.Check.create({**values, "expiry_date": "2026-05-01"})
        with self.assertRaisesMessage(ValidationError, "future"):
            self.Check.create({**values, "issue_date": "2026-12-01"})
        with self.assertRaisesMessage(ValidationError, "future"):
            self._induct(self.teacher).write({"date": "2027-01-01"})
        check = self.Check.create(values)
        with self.assertRaises(UserError):
            check.unlink()
        self.assertEqual(
            self.Check.search_count([("employee_id", "=", self.teacher.id)]), 1
        )

    @freeze_time("2026-11-25")
    def test_reception_sees_clearance_never_evidence(self):
        self._check_all(self.teacher)
        self._induct(self.teacher)
        self.env.flush_all()  # the public employee is a view on the table
        public = self.env["hr.employee.public"].with_user(self.reception)
        [row] = public.search_read(
            [("id", "=", self.teacher.id)], ["safeguarding_clearance"]
        )
        self.assertEqual(row["safeguarding_clearance"], "cleared")
        check = self.teacher.safeguarding_check_ids[:1]
        for user in (self.reception, self.staff, self.lead, self.director):
            with self.assertRaises(AccessError):
                check.with_user(user).read(["evidence"])
        # HR sees no case content.
        with self.assertRaises(AccessError):
            self.env["safeguarding.case"].with_user(self.hr).search([])
        # Staff see their own trainings only.
        own = self.env["hr.employee"].create(
            {"name": "Staff", "user_id": self.staff.id}
        )
        mine = self._induct(own)
        Training = self.env["safeguarding.training"].with_user(self.staff)
        self.assertEqual(Training.search([]), mine.with_user(self.staff))

    def test_expiry_reminders_once_per_status(self):
        with freeze_time("2026-11-25"):
            check = self.Check.create(
                {
                    "employee_id": self.teacher.id,
                    "check_type_id": self.sg("check_type_criminal_record").id,
                    "issue_date": "2025-12-10",
                }
            )
        cron = self.env.ref("school_safeguarding.ir_cron_check_reminders")
        activities = lambda: check.activity_ids  # noqa: E731
        with freeze_time("2026-11-25"):
            cron.method_direct_trigger()
            self.assertEqual(activities().user_id, self.hr)
            self.assertIn("Expires on", activities().summary)
            cron.method_direct_trigger()
            self.assertEqual(len(activities()), 1)
        with freeze_time("2026-12-11"):
            cron.method_direct_trigger()
            self.assertEqual(len(activities()), 2)
            self.assertIn("Expired", activities().sorted("id")[-1].summary)
            cron.method_direct_trigger()
            self.assertEqual(len(activities()), 2)
            # A renewed check stops the reminders for the old one.
            renewed = self.Check.create(
                {
                    "employee_id": self.teacher.id,
                    "check_type_id": check.check_type_id.id,
                    "issue_date": "2026-12-10",
                }
            )
            check.sudo().expiry_activity_done = False
            cron.method_direct_trigger()
            self.assertEqual(len(activities()), 2)
            self.assertFalse(renewed.activity_ids)

    def test_missing_induction_reminded_once(self):
        cron = self.env.ref("school_safeguarding.ir_cron_training_reminders")
        cron.method_direct_trigger()
        activity = self.teacher.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("school_safeguarding.mail_activity_type_induction_missing")
        )
        self.assertEqual(activity.user_id, self.hr)
        cron.method_direct_trigger()
        self.assertEqual(len(self.teacher.activity_ids), 1)

    @freeze_time("2026-11-25")
    def test_single_central_record_report(self):
        self._check_all(self.teacher)
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.hr)
            ._render_qweb_html(
                "school_safeguarding.report_single_central_record", self.teacher.ids
            )
        )
        html = html.decode()
        self.assertIn(self.teacher.name, html)
        self.assertIn(self.sg("check_type_criminal_record").name, html)
        self.assertIn(f"REF-{self.sg('check_type_identity').id}", html)
