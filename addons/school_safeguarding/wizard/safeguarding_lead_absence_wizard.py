from odoo import api, fields, models
from odoo.exceptions import AccessError

LEAD = "school_safeguarding.group_safeguarding_lead"
DIRECTOR = "school_safeguarding.group_safeguarding_director"


class SafeguardingLeadAbsenceWizard(models.TransientModel):
    """The DSL away: set by the DSL or a director, no administrator needed."""

    _name = "safeguarding.lead.absence.wizard"
    _description = "Absence of the DSL"
    _inherit = ["safeguarding.input.guard"]

    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        default=lambda self: self.env.company,
    )
    lead_id = fields.Many2one(
        related="company_id.safeguarding_lead_id", string="DSL", readonly=True
    )
    deputy_ids = fields.Many2many(
        related="company_id.safeguarding_deputy_ids", string="Deputies", readonly=True
    )
    absent_now = fields.Boolean(
        string="Absent now, until further notice",
        help="Off sick, called away: the deputies act from now until this is "
        "unticked.",
    )
    absent_from = fields.Date(string="Away from")
    absent_until = fields.Date(string="Away until")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        company = self.env["res.company"].browse(
            values.get("company_id") or self.env.company.id
        )
        # sudo: the DSL and directors read their school's absence settings.
        company = company.sudo()
        values.update(
            absent_now=company.safeguarding_lead_absent,
            absent_from=company.safeguarding_lead_absent_from,
            absent_until=company.safeguarding_lead_absent_until,
        )
        return values

    def _check_can_set(self):
        user = self.env.user
        company = self.company_id.sudo()
        allowed = (
            self.env.su
            or user.has_group("base.group_system")
            or user == company.safeguarding_lead_id
            or (user.has_group(LEAD) and company in user.company_ids)
            or user in company.safeguarding_director_ids
        )
        if not allowed:
            raise AccessError(
                self.env._(
                    "Only the DSL, a director or an administrator sets the DSL's "
                    "absence."
                )
            )

    def action_confirm(self):
        self.ensure_one()
        self._check_can_set()
        # sudo: the school's settings, written for the DSL or a director
        # (checked above), and only these three fields.
        self.company_id.sudo().write(
            {
                "safeguarding_lead_absent": self.absent_now,
                "safeguarding_lead_absent_from": self.absent_from,
                "safeguarding_lead_absent_until": self.absent_until,
            }
        )
        return {"type": "ir.actions.act_window_close"}
