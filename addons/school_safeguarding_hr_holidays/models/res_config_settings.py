from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    safeguarding_lead_on_leave = fields.Boolean(
        related="company_id.safeguarding_lead_on_leave"
    )
    safeguarding_lead_leave_back = fields.Date(
        related="company_id.safeguarding_lead_leave_back"
    )
