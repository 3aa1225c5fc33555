from odoo import fields
from odoo.addons.school_safeguarding.tests.common import SafeguardingCase
from odoo.tests import new_test_user

FACULTY = "openeducat_core.group_op_faculty"


class OpenEduCatCase(SafeguardingCase):
    """The roles of School Safeguarding, teachers in OpenEduCat, a class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        group = "school_safeguarding.group_safeguarding_"
        # Teachers read students in OpenEduCat; one is also in the team.
        cls.teacher = new_test_user(
            cls.env, login="sg_oe_teacher", groups=f"base.group_user,{FACULTY}"
        )
        cls.team_teacher = new_test_user(
            cls.env, login="sg_oe_team", groups=f"{FACULTY},{group}team"
        )
        cls.env.company.safeguarding_deputy_ids |= cls.team_teacher
        cls.course = cls.env["op.course"].create({"name": "Year 5", "code": "T-Y5"})
        today = fields.Date.context_today(cls.course)
        cls.batch_a, cls.batch_b = cls.env["op.batch"].create(
            [
                {
                    "name": name,
                    "code": f"T-{name}",
                    "course_id": cls.course.id,
                    "start_date": today.replace(month=1, day=1),
                    "end_date": today.replace(month=12, day=31),
                }
                for name in ("5A", "5B")
            ]
        )
        cls.mother_relation = cls.env["op.parent.relationship"].create(
            {"name": "Mother"}
        )
        cls.student = cls._student("Dina Test-Student", "T-0001", cls.batch_a)

    @classmethod
    def _student(cls, name, gr_no, batch=None, **values):
        first, last = name.split(" ", 1)
        courses = (
            [(0, 0, {"course_id": cls.course.id, "batch_id": batch.id})]
            if batch
            else []
        )
        return cls.env["op.student"].create(
            {
                "name": name,
                "first_name": first,
                "last_name": last,
                "gender": "f",
                "birth_date": "2016-02-29",
                "gr_no": gr_no,
                "course_detail_ids": courses,
                **values,
            }
        )
