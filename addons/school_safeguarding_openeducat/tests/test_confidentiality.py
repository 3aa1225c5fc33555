from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import OpenEduCatCase

# Every way op.student could list, count, sort or group children by their
# safeguarding records (the contact's fields, shown on the student by
# _inherits).
ORACLE_DOMAINS = [
    [("safeguarding_case_ids", "!=", False)],
    [("safeguarding_case_ids", "=", False)],
    [("safeguarding_concern_ids", "!=", False)],
    [("safeguarding_concern_ids.state", "=", "submitted")],
    [("safeguarding_case_ids", "any", [("state", "!=", False)])],
    [("partner_id.safeguarding_case_ids", "!=", False)],
    ["|", ("name", "=", "x"), ("safeguarding_case_count", ">", 0)],
]


@tagged("post_install", "-at_install")
class TestStudentConfidentiality(OpenEduCatCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls._student("Kamila Test-NoCase", "T-0010", cls.batch_a)
        cls.case = (
            cls.env["safeguarding.case"]
            .with_user(cls.lead)
            .create({"pupil_id": cls.student.partner_id.id})
        )

    def test_no_search_or_count_on_case_fields_outside_the_team(self):
        students = self.env["op.student"].with_user(self.teacher)
        for domain in ORACLE_DOMAINS:
            with self.subTest(domain=domain):
                with self.assertRaises(AccessError):
                    students.search(domain)
                with self.assertRaises(AccessError):
                    students.search_count(domain)
                with self.assertRaises(AccessError):
                    students.search_read(domain, ["name"])

    def test_no_order_or_group_by_case_fields_outside_the_team(self):
        students = self.env["op.student"].with_user(self.teacher)
        for order in ("safeguarding_case_count desc", "safeguarding_case_ids"):
            with self.subTest(order=order), self.assertRaises(AccessError):
                students.search([], order=order)
        for groupby in ("safeguarding_case_ids", "safeguarding_concern_ids"):
            with self.subTest(groupby=groupby):
                with self.assertRaises(AccessError):
                    students.read_group([], ["name:count"], [groupby])
                with self.assertRaises(AccessError):
                    students._read_group([], [groupby], ["__count"])
        with self.assertRaises(AccessError):
            students._read_group([], ["gender"], ["safeguarding_case_count:sum"])

    def test_no_reading_case_fields_outside_the_team(self):
        student = self.student.with_user(self.teacher)
        for field in (
            "safeguarding_case_ids",
            "safeguarding_case_count",
            "safeguarding_concern_count",
        ):
            with self.subTest(field=field), self.assertRaises(AccessError):
                student.read([field])

    def test_the_team_finds_the_children_with_a_case(self):
        """The guard lets the team through: the tests above test the guard."""
        students = self.env["op.student"].with_user(self.team_teacher)
        found = students.search(
            [
                ("safeguarding_case_ids", "!=", False),
                ("id", "in", self.other.ids + self.student.ids),
            ]
        )
        self.assertEqual(found, self.student)
        self.assertEqual(
            self.student.with_user(self.team_teacher).safeguarding_case_count, 1
        )
        self.assertEqual(
            self.other.with_user(self.team_teacher).safeguarding_case_count, 0
        )

    def test_teachers_are_guarded_too(self):
        faculties = self.env["op.faculty"].with_user(self.teacher)
        with self.assertRaises(AccessError):
            faculties.search_count([("safeguarding_case_ids", "!=", False)])

    def test_no_oracle_through_enrolments_or_parents(self):
        """Paths from OpenEduCat's other records end on the guarded student."""
        domain = [("student_id.safeguarding_case_ids", "!=", False)]
        enrolments = self.env["op.student.course"].with_user(self.teacher)
        with self.assertRaises(AccessError):
            enrolments.search_count(domain)
        parents = self.env["op.parent"].with_user(self.teacher)
        with self.assertRaises(AccessError):
            parents.search_count([("student_ids.safeguarding_case_ids", "!=", False)])
        with self.assertRaises(AccessError):
            parents.search_count([("student_ids.safeguarding_case_count", ">", 0)])
