from datetime import date

from odoo.addons.school_safeguarding_openeducat.hooks import post_init_hook
from odoo.tests import tagged

from .common import OpenEduCatCase


@tagged("post_install", "-at_install")
class TestStudentSync(OpenEduCatCase):
    def test_a_new_student_is_a_pupil_with_class_and_birth_date(self):
        partner = self.student.partner_id
        self.assertTrue(partner.is_pupil)
        self.assertEqual(partner.pupil_grade, "5A")
        self.assertEqual(partner.pupil_birthdate, date(2016, 2, 29))
        self.assertEqual(partner.display_name, "Dina Test-Student (5A)")

    def test_a_student_without_a_class_is_a_pupil_without_grade(self):
        student = self._student("Ilyas Test-New", "T-0002")
        self.assertTrue(student.partner_id.is_pupil)
        self.assertFalse(student.partner_id.pupil_grade)

    def test_changing_class_and_birth_date_follows(self):
        enrolment = self.student.course_detail_ids
        enrolment.batch_id = self.batch_b
        self.assertEqual(self.student.partner_id.pupil_grade, "5B")
        self.student.birth_date = "2016-03-01"
        self.assertEqual(self.student.partner_id.pupil_birthdate, date(2016, 3, 1))
        self.batch_b.name = "5 Blue"
        self.assertEqual(self.student.partner_id.pupil_grade, "5 Blue")

    def test_a_second_running_course_is_listed(self):
        self.env["op.student.course"].create(
            {
                "student_id": self.student.id,
                "course_id": self.course.id,
                "batch_id": self.batch_b.id,
            }
        )
        self.assertEqual(self.student.partner_id.pupil_grade, "5A, 5B")

    def test_leaving_clears_the_class_and_archiving_ends_the_pupil(self):
        partner = self.student.partner_id
        self.student.course_detail_ids.state = "finished"
        self.assertFalse(partner.pupil_grade)
        self.assertTrue(partner.is_pupil)
        self.student.action_archive()
        self.assertFalse(partner.is_pupil)
        self.student.action_unarchive()
        self.assertTrue(partner.is_pupil)

    def test_deleting_the_student_ends_the_pupil(self):
        student = self._student("Aliya Test-Gone", "T-0003", self.batch_a)
        partner = student.partner_id
        student.unlink()
        self.assertTrue(partner.exists())
        self.assertFalse(partner.is_pupil)

    def test_parents_are_guardians_with_their_relation(self):
        mother = self.env["res.partner"].create({"name": "Asel Test-Mother"})
        father = self.env["res.partner"].create({"name": "Bolat Test-Father"})
        father_relation = self.env["op.parent.relationship"].create({"name": "Father"})
        parent_mother = self.env["op.parent"].create(
            {
                "name": mother.id,
                "relationship_id": self.mother_relation.id,
                "student_ids": [(6, 0, self.student.ids)],
            }
        )
        self.student.parent_ids |= self.env["op.parent"].create(
            {"name": father.id, "relationship_id": father_relation.id}
        )
        guardians = self.student.partner_id.pupil_guardian_ids
        self.assertEqual(
            {(line.partner_id, line.relation) for line in guardians},
            {(mother, "mother"), (father, "father")},
        )
        # The relation follows, and a parent no longer linked is no guardian.
        grand = self.env["op.parent.relationship"].create({"name": "Grandmother"})
        parent_mother.relationship_id = grand
        self.assertEqual(
            guardians.filtered(lambda line: line.partner_id == mother).relation,
            "grandparent",
        )
        parent_mother.student_ids = [(5, 0, 0)]
        self.assertEqual(self.student.partner_id.pupil_guardian_ids.partner_id, father)
        self.student.parent_ids.action_archive()
        self.assertFalse(self.student.partner_id.pupil_guardian_ids)

    def test_guardians_entered_by_hand_stay(self):
        aunt = self.env["res.partner"].create({"name": "Gaukhar Test-Aunt"})
        manual = self.env["safeguarding.pupil.guardian"].create(
            {
                "pupil_id": self.student.partner_id.id,
                "partner_id": aunt.id,
                "relation": "relative",
            }
        )
        mother = self.env["res.partner"].create({"name": "Asel Test-Mother"})
        parent = self.env["op.parent"].create(
            {
                "name": mother.id,
                "relationship_id": self.mother_relation.id,
                "student_ids": [(6, 0, self.student.ids)],
            }
        )
        parent.unlink()
        self.assertEqual(self.student.partner_id.pupil_guardian_ids, manual)

    def test_existing_students_become_pupils_at_install(self):
        student = self._student("Nurlan Test-Before", "T-0004", self.batch_a)
        student.partner_id.write({"is_pupil": False, "pupil_grade": False})
        post_init_hook(self.env)
        self.assertTrue(student.partner_id.is_pupil)
        self.assertEqual(student.partner_id.pupil_grade, "5A")

    def test_a_teacher_changing_the_class_updates_the_pupil(self):
        """Teachers need no rights on guardians or pupils' fields to sync."""
        enrolment = self.student.course_detail_ids.with_user(self.teacher)
        enrolment.batch_id = self.batch_b
        self.assertEqual(self.student.partner_id.pupil_grade, "5B")
