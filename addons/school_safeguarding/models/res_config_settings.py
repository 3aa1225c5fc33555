import os

from odoo import api, fields, models

from .safeguarding_archive import ARCHIVED_AT
from .safeguarding_confidential_mixin import EVIDENCE_MODELS, confidential_models
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
    safeguarding_lead_absent_from = fields.Date(
        related="company_id.safeguarding_lead_absent_from", readonly=False
    )
    safeguarding_lead_absent_until = fields.Date(
        related="company_id.safeguarding_lead_absent_until", readonly=False
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
    safeguarding_require_2fa = fields.Boolean(
        related="company_id.safeguarding_require_2fa", readonly=False
    )
    safeguarding_no_2fa_user_ids = fields.Many2many(
        "res.users",
        string="Senior roles without two-factor",
        compute="_compute_safeguarding_no_2fa_user_ids",
    )
    safeguarding_no_2fa_count = fields.Integer(
        string="Number of senior roles without two-factor",
        compute="_compute_safeguarding_no_2fa_user_ids",
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
    safeguarding_missing_files = fields.Integer(
        compute="_compute_safeguarding_missing_files",
        help="Files of safeguarding records (evidence, certificates, files on "
        "concerns and cases) that the database lists but the file store lacks.",
    )

    safeguarding_archived_at = fields.Datetime(
        string="Last archive of the records",
        compute="_compute_safeguarding_archived_at",
    )

    @api.depends("company_id")
    def _compute_safeguarding_no_2fa_user_ids(self):
        for settings in self:
            users = settings.company_id._safeguarding_users_without_2fa()
            settings.safeguarding_no_2fa_user_ids = users
            settings.safeguarding_no_2fa_count = len(users)

    def action_safeguarding_users_without_2fa(self):
        """The senior roles of this school who still have to turn two-factor on."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Senior roles without two-factor"),
            "res_model": "res.users",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [
                ("id", "in", self.company_id._safeguarding_users_without_2fa().ids)
            ],
            "context": {"create": False},
        }

    def _compute_safeguarding_archived_at(self):
        stamp = self.env["ir.config_parameter"].sudo().get_param(ARCHIVED_AT)
        for settings in self:
            settings.safeguarding_archived_at = stamp or False

    def action_safeguarding_archive(self):
        return self.env["safeguarding.archive"].action_download()

    def _compute_safeguarding_missing_files(self):
        # sudo: only whether each file is still on disk, counted for the
        # administrator; nothing of the files is shown.
        Attachment = self.env["ir.attachment"].sudo()
        models_ = [*confidential_models(self.env), *EVIDENCE_MODELS]
        rows = Attachment.with_context(skip_res_field_check=True).search_read(
            [
                ("res_model", "in", models_),
                ("type", "=", "binary"),
                ("store_fname", "!=", False),
            ],
            ["store_fname"],
        )
        missing = sum(
            1
            for row in rows
            if not os.path.isfile(Attachment._full_path(row["store_fname"]))
        )
        for settings in self:
            settings.safeguarding_missing_files = missing

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
