from odoo import fields, models
from odoo.addons.school_safeguarding.models.hr_employee import CLEARANCE_READERS
from odoo.exceptions import UserError


class OpFaculty(models.Model):
    """A teacher in OpenEduCat and their employee are the same person.

    Checks and training stay on the employee (HR's Safeguarding tab); the
    teacher shows the clearance and opens that tab. ``_inherits`` shows the
    contact's safeguarding fields here too, hence the search guard.
    """

    _name = "op.faculty"
    _inherit = ["op.faculty", "safeguarding.search.guard"]

    safeguarding_clearance = fields.Selection(
        related="emp_id.safeguarding_clearance", groups=CLEARANCE_READERS
    )
    safeguarding_clearance_expiry = fields.Date(
        related="emp_id.safeguarding_clearance_expiry", groups=CLEARANCE_READERS
    )

    def create_employee(self):
        """One person, one record: the teacher's contact is the employee's.

        An employee already working from the teacher's contact is linked;
        a new one works from that contact (OpenEduCat would give the same
        person a second contact, and HR would enter the checks twice).
        """
        missing = self.filtered(lambda faculty: not faculty.emp_id)
        employees = (
            self.env["hr.employee"]
            .with_context(active_test=False)
            .search([("work_contact_id", "in", missing.partner_id.ids)])
        )
        by_contact = {employee.work_contact_id: employee for employee in employees}
        new = missing.filtered(lambda faculty: faculty.partner_id not in by_contact)
        created = self.env["hr.employee"].create(
            [
                {
                    "name": faculty.name,
                    "work_contact_id": faculty.partner_id.id,
                    "country_id": faculty.nationality.id,
                    "gender": faculty.gender,
                    "birthday": faculty.birth_date,
                }
                for faculty in new
            ]
        )
        by_contact.update(zip(new.partner_id, created, strict=True))
        for faculty in missing:
            faculty.emp_id = by_contact[faculty.partner_id]

    def action_view_safeguarding_employee(self):
        """Open the employee of the teacher, where HR keeps checks and training."""
        self.ensure_one()
        self.env["safeguarding.check"].check_access("read")
        if not self.emp_id:
            raise UserError(
                self.env._(
                    "%(name)s has no employee yet: create it from the teacher first.",
                    name=self.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Safeguarding"),
            "res_model": "hr.employee",
            "res_id": self.emp_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
