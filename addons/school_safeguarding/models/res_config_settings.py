from odoo import api, fields, models

from .safeguarding_working_calendar import UTC_ZONES


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
    safeguarding_holiday_years = fields.Char(
        related="company_id.safeguarding_holiday_years"
    )
    safeguarding_holiday_version = fields.Char(
        related="company_id.safeguarding_holiday_version"
    )
    safeguarding_holiday_loaded = fields.Datetime(
        related="company_id.safeguarding_holiday_loaded"
    )
    safeguarding_tz_warning = fields.Char(compute="_compute_safeguarding_tz_warning")

    @api.depends("company_id")
    def _compute_safeguarding_tz_warning(self):
        for settings in self:
            company = settings.company_id.sudo()
            schedule = company.resource_calendar_id
            if schedule.tz and schedule.tz not in UTC_ZONES:
                settings.safeguarding_tz_warning = False
                continue
            settings.safeguarding_tz_warning = self.env._(
                "The working schedule %(schedule)s of %(school)s is in UTC: "
                "deadlines are counted in %(tz)s until you set the schedule's "
                "time zone.",
                schedule=schedule.display_name or "-",
                school=company.name,
                tz=company._safeguarding_tz(),
            )
