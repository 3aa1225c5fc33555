from odoo import fields, models
from odoo.exceptions import UserError, ValidationError

READERS = (
    "school_safeguarding.group_safeguarding_lead",
    "school_safeguarding.group_safeguarding_director",
)


class SafeguardingAnnualReportWizard(models.TransientModel):
    """The annual safeguarding report to the directors (R4, R31)."""

    _name = "safeguarding.annual.report.wizard"
    _description = "Annual safeguarding report"
    _inherit = ["safeguarding.input.guard"]

    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        default=lambda self: self.env.company,
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(month=1, day=1),
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)

    def action_print(self):
        self.ensure_one()
        if not any(self.env.user.has_group(group) for group in READERS):
            raise UserError(
                self.env._("The annual report is for the DSL and the directors.")
            )
        if self.company_id not in self.env.user.company_ids:
            raise UserError(self.env._("Choose one of your schools."))
        if self.date_to < self.date_from:
            raise ValidationError(self.env._("The period ends before it starts."))
        return self.env.ref(
            "school_safeguarding.action_report_safeguarding_annual"
        ).report_action(
            self,
            data={
                "company_id": self.company_id.id,
                "date_from": fields.Date.to_string(self.date_from),
                "date_to": fields.Date.to_string(self.date_to),
            },
        )
