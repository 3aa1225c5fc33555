from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import OpenEduCatCase


@tagged("post_install", "-at_install")
class TestConcernReporting(OpenEduCatCase):
    def _pick(self, user, text):
        """What the child picker of a concern offers for ``text``."""
        domain = self.env["safeguarding.concern"]._fields["pupil_id"].domain
        self.assertEqual(domain, "[('is_pupil', '=', True)]")
        found = (
            self.env["res.partner"]
            .with_user(user)
            .name_search(text, args=[("is_pupil", "=", True)])
        )
        return {partner_id for partner_id, _name in found}

    def test_staff_find_the_student_by_name_number_and_class(self):
        other = self._student("Dina Test-Other", "T-0099", self.batch_b)
        for user in (self.staff, self.teacher):
            by_name = self._pick(user, "Dina Test-Student")
            self.assertEqual(by_name, {self.student.partner_id.id})
            by_number = self._pick(user, "t-0001")
            self.assertEqual(by_number, {self.student.partner_id.id})
            by_class = self._pick(user, "5B")
            self.assertIn(other.partner_id.id, by_class)
            self.assertNotIn(self.student.partner_id.id, by_class)

    def test_a_former_student_is_not_offered(self):
        self.student.action_archive()
        found = self._pick(self.staff, "T-0001")
        self.assertFalse(found)

    def test_the_number_search_keeps_the_guard_on_case_fields(self):
        """The name search adds no way round the guard of contacts."""
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.staff).name_search(
                "T-0001", args=[("safeguarding_case_ids", "!=", False)]
            )

    def test_a_teacher_reports_a_concern_about_the_student(self):
        concern = self._submitted_concern(
            user=self.teacher, pupil_id=self.student.partner_id.id
        )
        self.assertEqual(concern.pupil_id, self.student.partner_id)
        # The team sees it from the student.
        student = self.student.with_user(self.team_teacher)
        self.assertEqual(student.safeguarding_concern_count, 1)
        action = student.action_view_safeguarding_concerns()
        self.assertEqual(
            action["domain"], [("pupil_id", "=", self.student.partner_id.id)]
        )
        concerns = self.env["safeguarding.concern"].with_user(self.team_teacher)
        self.assertEqual(concerns.search(action["domain"]), concern)
        # The reporting teacher cannot open the child's cases.
        with self.assertRaises(AccessError):
            self.student.with_user(self.teacher).action_view_safeguarding_cases()

    def test_the_safeguarding_button_shows_to_the_team_only(self):
        def arch(user):
            view = self.env["op.student"].with_user(user).get_view(view_type="form")
            return etree.fromstring(view["arch"])

        team = arch(self.team_teacher)
        self.assertTrue(
            team.xpath("//button[@name='action_view_safeguarding_concerns']")
        )
        self.assertTrue(team.xpath("//button[@name='action_view_safeguarding_cases']"))
        self.assertTrue(team.xpath("//field[@name='safeguarding_case_count']"))
        staff = arch(self.teacher)
        self.assertFalse(staff.xpath("//button[contains(@name, 'safeguarding')]"))
        self.assertFalse(staff.xpath("//field[contains(@name, 'safeguarding')]"))
        self.assertFalse(staff.xpath("//field[@name='pupil_medical_need_detail']"))
        # Every member of staff sees that there is a medical need.
        self.assertTrue(staff.xpath("//field[@name='pupil_has_medical_need']"))
        self.student.with_user(self.teacher).pupil_has_medical_need = True
        self.assertTrue(self.student.with_user(self.teacher).pupil_has_medical_need)
        with self.assertRaises(AccessError):
            self.student.with_user(self.teacher).read(["safeguarding_concern_count"])
