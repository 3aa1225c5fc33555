from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    safeguarding_lead_on_leave = fields.Boolean(
        string="DSL on time off",
        groups="base.group_user",
        compute="_compute_safeguarding_lead_on_leave",
        help="The DSL's time off, approved in Time Off, covers this moment: the "
        "deputies act, as when the DSL is marked absent.",
    )
    safeguarding_lead_leave_back = fields.Date(
        string="DSL back on",
        groups="base.group_user",
        compute="_compute_safeguarding_lead_on_leave",
        help="The first working day of the DSL after their time off.",
    )

    def _safeguarding_leave_employees(self, users):
        # sudo: whether someone is on leave, as Odoo's own presence status
        # shows it to every user; the time off itself stays private.
        return users.sudo().employee_ids

    def _safeguarding_users_on_leave(self, users):
        on_leave = super()._safeguarding_users_on_leave(users)
        employees = self._safeguarding_leave_employees(users)
        return on_leave | employees.filtered("is_absent").user_id

    def _compute_safeguarding_lead_on_leave(self):
        for company in self:
            away = self._safeguarding_leave_employees(
                company.safeguarding_lead_id
            ).filtered("is_absent")
            back = [day for day in away.mapped("leave_date_to") if day]
            company.safeguarding_lead_on_leave = bool(away)
            company.safeguarding_lead_leave_back = max(back) if back else False
