from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    safeguarding_lead_id = fields.Many2one(
        related="company_id.safeguarding_lead_id", readonly=False
    )
    safeguarding_deputy_ids = fields.Many2many(
        related="company_id.safeguarding_deputy_ids", readonly=False
    )
    safeguarding_lead_absent = fields.Boolean(
        related="company_id.safeguarding_lead_absent", readonly=False
    )
    safeguarding_director_ids = fields.Many2many(
        related="company_id.safeguarding_director_ids", readonly=False
    )
    safeguarding_holiday_country_id = fields.Many2one(
        related="company_id.safeguarding_holiday_country_id", readonly=False
    )
    safeguarding_recontact_limit = fields.Integer(
        related="company_id.safeguarding_recontact_limit", readonly=False
    )
    safeguarding_hr_user_id = fields.Many2one(
        related="company_id.safeguarding_hr_user_id", readonly=False
    )
    safeguarding_day_end_hour = fields.Float(
        related="company_id.safeguarding_day_end_hour", readonly=False
    )
