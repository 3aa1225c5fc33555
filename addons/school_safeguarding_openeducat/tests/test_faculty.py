from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import OpenEduCatCase


@tagged("post_install", "-at_install")
class TestFaculty(OpenEduCatCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.faculty = cls.env["op.faculty"].create(
            {
                "name": "Aizhan Test-Teacher",
                "first_name": "Aizhan",
                "last_name": "Test-Teacher",
                "gender": "female",
                "birth_date": "1985-06-01",
            }
        )
        cls.hr_faculty = new_test_user(
            cls.env,
            login="sg_oe_hr",
            groups="school_safeguarding.group_safeguarding_hr,"
            "openeducat_core.group_op_back_office",
        )

    def test_the_employee_is_the_teacher(self):
        self.faculty.create_employee()
        employee = self.faculty.emp_id
        self.assertTrue(employee)
        self.assertEqual(employee.work_contact_id, self.faculty.partner_id)
        # Asked again (say from the wizard), no second employee.
        self.faculty.emp_id = False
        self.faculty.create_employee()
        self.assertEqual(self.faculty.emp_id, employee)

    def test_an_existing_employee_is_linked(self):
        employee = self._cleared_employee(
            "Aizhan Test-Teacher", work_contact_id=self.faculty.partner_id.id
        )
        self.faculty.create_employee()
        self.assertEqual(self.faculty.emp_id, employee)
        self.assertEqual(self.faculty.safeguarding_clearance, "cleared")
        faculty = self.faculty.with_user(self.hr_faculty)
        self.assertEqual(faculty.safeguarding_clearance, "cleared")
        self.assertEqual(
            faculty.safeguarding_clearance_expiry,
            employee.safeguarding_clearance_expiry,
        )
        action = faculty.action_view_safeguarding_employee()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("hr.employee", employee.id)
        )

    def test_teachers_outside_hr_cannot_open_checks(self):
        self.faculty.create_employee()
        faculty = self.faculty.with_user(self.teacher).sudo(False)
        self.faculty.user_id = self.teacher
        with self.assertRaises(AccessError):
            faculty.action_view_safeguarding_employee()
        with self.assertRaises(AccessError):
            faculty.read(["safeguarding_clearance"])
