from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .safeguarding_working_calendar import DEFAULT_TZ, UTC_ZONES


class ResCompany(models.Model):
    _inherit = "res.company"

    safeguarding_lead_id = fields.Many2one(
        "res.users",
        string="Designated Safeguarding Lead",
        domain="[('share', '=', False)]",
        help="The senior leader the directors appointed as DSL for this school.",
    )
    safeguarding_deputy_ids = fields.Many2many(
        "res.users",
        "res_company_safeguarding_deputy_rel",
        "company_id",
        "user_id",
        string="Deputy DSLs",
        domain="[('share', '=', False)]",
        help="They act for the DSL when the DSL is absent.",
    )
    # The DSL's absence is for the school's staff, not for portal users.
    safeguarding_lead_absent = fields.Boolean(
        string="DSL absent",
        groups="base.group_user",
        help="While ticked, new concerns and alerts go to the deputies.",
    )
    safeguarding_lead_absent_from = fields.Date(
        string="DSL away from",
        groups="base.group_user",
        help="First day of a planned absence of the DSL (leave, a course): "
        "from that day the deputies act.",
    )
    safeguarding_lead_absent_until = fields.Date(
        string="DSL away until",
        groups="base.group_user",
        help="Last day of the absence: the DSL acts again the day after.",
    )
    safeguarding_lead_away = fields.Boolean(
        string="DSL away now",
        groups="base.group_user",
        compute="_compute_safeguarding_acting_lead_ids",
        help="Ticked as absent, or within the dates of a planned absence.",
    )
    safeguarding_director_ids = fields.Many2many(
        "res.users",
        "res_company_safeguarding_director_rel",
        "company_id",
        "user_id",
        string="Directors to inform",
        domain="[('share', '=', False)]",
        help="Directors and administration told of allegations against adults "
        "and of escalations.",
    )
    safeguarding_acting_lead_ids = fields.Many2many(
        "res.users",
        string="Acting DSL",
        compute="_compute_safeguarding_acting_lead_ids",
        help="Who is told of a new concern now: the DSL, or the deputies while "
        "the DSL is absent.",
    )
    safeguarding_lead_email = fields.Char(
        related="safeguarding_lead_id.email", string="DSL email"
    )
    safeguarding_lead_phone = fields.Char(
        related="safeguarding_lead_id.phone", string="DSL phone"
    )
    safeguarding_holiday_country_id = fields.Many2one(
        "res.country",
        string="Public holidays of",
        default=lambda self: self.env.ref("base.kz", raise_if_not_found=False),
        help="Working-day deadlines skip the public holidays of this country "
        "and count its transferred working days.",
    )
    safeguarding_holiday_years = fields.Char(
        string="Public holidays loaded for",
        readonly=True,
        help="The years of the last load of the public holiday calendar.",
    )
    safeguarding_holiday_version = fields.Char(
        string="Public holiday calendar version",
        readonly=True,
        help="Version of the 'holidays' package the public holidays came from.",
    )
    safeguarding_holiday_loaded = fields.Datetime(
        string="Public holidays last loaded", readonly=True
    )
    safeguarding_hr_user_id = fields.Many2one(
        "res.users",
        string="HR officer for vetting",
        domain="[('share', '=', False)]",
        help="Reminded of expiring checks and trainings and of missing inductions; "
        "when empty, every safeguarding HR officer of the school is.",
    )
    safeguarding_day_end_hour = fields.Float(
        string="End of the school day",
        default=18.0,
        help="Visitors still signed in after this time are flagged to reception "
        "and the DSL.",
    )
    safeguarding_recontact_limit = fields.Integer(
        string="Unanswered re-contacts before directors are told",
        default=3,
    )
    safeguarding_require_2fa = fields.Boolean(
        string="Two-factor for senior roles",
        default=True,
        help="The DSL, deputies and directors open case content only once "
        "two-factor authentication is on for them. Turn off only for a "
        "demonstration database (the demo school does).",
    )

    @api.depends(
        "safeguarding_lead_id",
        "safeguarding_deputy_ids",
        "safeguarding_lead_absent",
        "safeguarding_lead_absent_from",
        "safeguarding_lead_absent_until",
    )
    def _compute_safeguarding_acting_lead_ids(self):
        # Today's date counts too: the fields are not stored.
        for company in self:
            today = fields.Date.context_today(
                company.with_context(tz=company._safeguarding_tz())
            )
            lead = company.safeguarding_lead_id
            deputies = company.safeguarding_deputy_ids
            on_leave = company._safeguarding_users_on_leave(lead | deputies)
            start = company.safeguarding_lead_absent_from
            end = company.safeguarding_lead_absent_until
            away = (
                company.safeguarding_lead_absent
                or bool(start and start <= today and (not end or today <= end))
                or bool(lead & on_leave)
            )
            company.safeguarding_lead_away = away
            if lead and not away:
                company.safeguarding_acting_lead_ids = lead
            else:
                # Deputies on leave are passed over while another one is in;
                # when all are away, all are told rather than nobody.
                company.safeguarding_acting_lead_ids = (deputies - on_leave) or deputies

    def _safeguarding_users_on_leave(self, users):
        """Which of ``users`` are on leave now, by the school's records of time off.

        None without such records: the DSL's absence is then the one set in
        the settings. A module that knows time off says who is away (School
        Safeguarding - Time Off reads Odoo's approved time off).
        """
        return users.browse()

    @api.constrains("safeguarding_lead_absent_from", "safeguarding_lead_absent_until")
    def _check_safeguarding_lead_absence(self):
        for company in self:
            start = company.safeguarding_lead_absent_from
            end = company.safeguarding_lead_absent_until
            if end and not start:
                raise ValidationError(
                    self.env._("Give the first day of the DSL's absence too.")
                )
            if start and end and end < start:
                raise ValidationError(
                    self.env._("The DSL's absence cannot end before it starts.")
                )

    @api.constrains("safeguarding_recontact_limit")
    def _check_safeguarding_recontact_limit(self):
        for company in self:
            if company.safeguarding_recontact_limit < 1:
                raise ValidationError(
                    self.env._(
                        "Directors are told after at least one unanswered re-contact."
                    )
                )

    @api.constrains("safeguarding_lead_id")
    def _check_safeguarding_lead(self):
        for company in self:
            lead = company.safeguarding_lead_id
            if lead and not lead.has_group(
                "school_safeguarding.group_safeguarding_lead"
            ):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot be the Designated Safeguarding Lead of "
                        "%(company)s: give them the 'Designated Safeguarding Lead' "
                        "access first.",
                        user=lead.name,
                        company=company.name,
                    )
                )
            if lead and company not in lead.company_ids:
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a user of %(company)s and cannot be its DSL.",
                        user=lead.name,
                        company=company.name,
                    )
                )

    @api.constrains("safeguarding_deputy_ids")
    def _check_safeguarding_deputies(self):
        for company in self:
            for deputy in company.safeguarding_deputy_ids:
                if not deputy.has_group("school_safeguarding.group_safeguarding_team"):
                    raise ValidationError(
                        self.env._(
                            "%(user)s cannot be a deputy DSL of %(company)s: give "
                            "them the 'Safeguarding team' access first.",
                            user=deputy.name,
                            company=company.name,
                        )
                    )
                if company not in deputy.company_ids:
                    raise ValidationError(
                        self.env._(
                            "%(user)s is not a user of %(company)s and cannot be "
                            "its deputy DSL.",
                            user=deputy.name,
                            company=company.name,
                        )
                    )

    @api.constrains("safeguarding_director_ids")
    def _check_safeguarding_directors(self):
        for company in self:
            for director in company.safeguarding_director_ids:
                if not director.has_group(
                    "school_safeguarding.group_safeguarding_director"
                ):
                    raise ValidationError(
                        self.env._(
                            "%(user)s cannot be informed as a director of "
                            "%(company)s: give them the 'Director' safeguarding "
                            "access first.",
                            user=director.name,
                            company=company.name,
                        )
                    )

    def _safeguarding_recipients(self):
        """Users to tell of new safeguarding work for this company.

        The acting DSL(s); when none is configured, every DSL and team member
        of the school, so that a concern always reaches someone.
        """
        self.ensure_one()
        users = self.safeguarding_acting_lead_ids
        if not users:
            team_group = self.env.ref("school_safeguarding.group_safeguarding_team")
            users = team_group.users.filtered(
                lambda user: self in user.company_ids and not user.share
            )
        return users.filtered("active")

    def _safeguarding_tz(self):
        """The time zone deadlines are counted in: never UTC by default.

        The working schedule's, else the company's, else Asia/Almaty.
        """
        self.ensure_one()
        company = self.sudo()
        for tz in (company.resource_calendar_id.tz, company.partner_id.tz):
            if tz and tz not in UTC_ZONES:
                return tz
        return DEFAULT_TZ

    def _safeguarding_hr_users(self):
        """Who is reminded of vetting and training for this school."""
        self.ensure_one()
        if self.safeguarding_hr_user_id.active:
            return self.safeguarding_hr_user_id
        group = self.env.ref("school_safeguarding.group_safeguarding_hr")
        return group.users.filtered(
            lambda user: self in user.company_ids and user.active and not user.share
        )

    def _safeguarding_users_without_2fa(self):
        """The DSL, deputies and directors of this school without two-factor."""
        self.ensure_one()
        groups = self.env.ref("school_safeguarding.group_safeguarding_team") | (
            self.env.ref("school_safeguarding.group_safeguarding_director")
        )
        return self.env["res.users"].search(
            [
                ("groups_id", "in", groups.ids),
                ("company_ids", "in", self.ids),
                ("share", "=", False),
                ("totp_enabled", "=", False),
            ]
        )

    @api.model
    def action_open_safeguarding_contacts(self):
        """Show every user who to tell about a concern in their current school."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Who to tell"),
            "res_model": "res.company",
            "res_id": self.env.company.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "school_safeguarding.res_company_view_form_safeguarding_contacts"
                    ).id,
                    "form",
                )
            ],
            "target": "current",
        }
