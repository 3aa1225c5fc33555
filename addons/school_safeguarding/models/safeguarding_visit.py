from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .safeguarding_jobs import run_each

RECEPTION = "school_safeguarding.group_safeguarding_reception"
ESCORT_CLEARANCE = ("cleared", "expiring")


class SafeguardingVisit(models.Model):
    """The visitors' book at the entrance (R28).

    Every visitor signs in with arrival and departure times, is escorted by a
    cleared member of staff or volunteer, and wears a numbered visitor badge.
    """

    _name = "safeguarding.visit"
    _description = "Visit (visitors' book)"
    _inherit = ["mail.thread", "mail.activity.mixin", "safeguarding.input.guard"]
    _order = "arrival desc, id desc"
    _check_company_auto = True
    _rec_name = "visitor_name"

    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    visitor_name = fields.Char(string="Visitor", required=True)
    organisation = fields.Char()
    contractor_employee_id = fields.Many2one(
        "hr.employee",
        string="Known contractor's person",
        check_company=True,
        help="A contractor's person on the single central record: their "
        "clearance shows here.",
    )
    visitor_clearance = fields.Selection(
        selection=lambda self: self.env["hr.employee"]
        ._fields["safeguarding_clearance"]
        .selection,
        string="Visitor's clearance",
        compute="_compute_visitor_clearance",
    )
    purpose = fields.Char(required=True)
    host_id = fields.Many2one(
        "res.users", string="Host", domain="[('share', '=', False)]"
    )
    escort_id = fields.Many2one(
        "hr.employee",
        string="Escorted by",
        check_company=True,
        index=True,
        domain=lambda self: [("safeguarding_clearance", "in", ESCORT_CLEARANCE)],
        help="A member of staff or a volunteer with safeguarding clearance.",
    )
    escort_clearance = fields.Selection(
        selection=lambda self: self.env["hr.employee"]
        ._fields["safeguarding_clearance"]
        .selection,
        compute="_compute_escort_clearance",
    )
    badge_number = fields.Char(string="Badge", index=True)
    id_checked = fields.Boolean(string="ID checked")
    signature = fields.Binary(copy=False, attachment=True)
    arrival = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    departure = fields.Datetime(index=True, copy=False)
    on_site = fields.Boolean(
        compute="_compute_on_site", store=True, index=True, string="On site"
    )
    not_signed_out_flagged = fields.Boolean(readonly=True, copy=False)

    @api.depends("contractor_employee_id")
    def _compute_visitor_clearance(self):
        for visit in self:
            # sudo: reception sees the clearance, never the evidence behind it.
            visit.visitor_clearance = (
                visit.contractor_employee_id.sudo().safeguarding_clearance
            )

    @api.depends("escort_id")
    def _compute_escort_clearance(self):
        for visit in self:
            # sudo: see _compute_visitor_clearance.
            visit.escort_clearance = visit.escort_id.sudo().safeguarding_clearance

    @api.depends("departure")
    def _compute_on_site(self):
        for visit in self:
            visit.on_site = not visit.departure

    @api.constrains("escort_id", "badge_number")
    def _check_escort_and_badge(self):
        for visit in self:
            if not visit.escort_id:
                raise ValidationError(
                    self.env._(
                        "Every visitor is escorted: choose the member of staff or "
                        "volunteer who accompanies %(name)s.",
                        name=visit.visitor_name,
                    )
                )
            if visit.escort_id.sudo().safeguarding_clearance not in ESCORT_CLEARANCE:
                raise ValidationError(
                    self.env._(
                        "%(escort)s has no safeguarding clearance and cannot escort "
                        "a visitor.",
                        escort=visit.escort_id.name,
                    )
                )
            if not (visit.badge_number or "").strip():
                raise ValidationError(
                    self.env._(
                        "Give %(name)s a visitor badge and record its number.",
                        name=visit.visitor_name,
                    )
                )

    @api.constrains("contractor_employee_id")
    def _check_visitor_not_suspended(self):
        for visit in self:
            # sudo: see _compute_visitor_clearance.
            person = visit.contractor_employee_id.sudo()
            if person.safeguarding_clearance == "suspended":
                raise ValidationError(
                    self.env._(
                        "%(name)s is suspended from site and cannot be signed in.",
                        name=person.name,
                    )
                )

    @api.constrains("badge_number", "departure", "company_id")
    def _check_badge_free(self):
        for visit in self.filtered(lambda visit: not visit.departure):
            clash = self.search_count(
                [
                    ("id", "!=", visit.id),
                    ("company_id", "=", visit.company_id.id),
                    ("badge_number", "=", visit.badge_number),
                    ("departure", "=", False),
                ],
                limit=1,
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "Badge %(badge)s is worn by a visitor still on site.",
                        badge=visit.badge_number,
                    )
                )

    @api.constrains("arrival", "departure")
    def _check_times(self):
        now = fields.Datetime.now() + timedelta(minutes=5)
        for visit in self:
            if visit.arrival > now:
                raise ValidationError(
                    self.env._("A visitor cannot sign in in the future.")
                )
            if visit.departure and visit.departure < visit.arrival:
                raise ValidationError(
                    self.env._("A visitor cannot sign out before signing in.")
                )

    def write(self, vals):
        if not self.env.su:
            left = self.filtered("departure")
            if left and set(vals) - {"message_main_attachment_id"}:
                raise UserError(
                    self.env._("A visit is kept as signed once the visitor has left.")
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(self.env._("The visitors' book is kept."))

    def action_sign_out(self):
        now = fields.Datetime.now()
        for visit in self:
            if visit.departure:
                raise UserError(
                    self.env._("%(name)s has already left.", name=visit.visitor_name)
                )
            visit.write({"departure": now})
        self.sudo().activity_feedback(
            ["school_safeguarding.mail_activity_type_visitor_not_out"],
            feedback=self.env._("Signed out."),
        )
        return True

    def action_print_register(self):
        """Today's register of visitors (fire roll call)."""
        return self.env.ref(
            "school_safeguarding.action_report_visitor_register"
        ).report_action(self._todays_visits())

    @api.model
    def _todays_visits(self):
        tz = pytz.timezone(self.env.user.tz or "Asia/Almaty")
        today = fields.Datetime.now().replace(tzinfo=pytz.utc).astimezone(tz).date()
        start = tz.localize(datetime.combine(today, time.min)).astimezone(pytz.utc)
        return self.search(
            [
                "|",
                ("departure", "=", False),
                ("arrival", ">=", start.replace(tzinfo=None)),
            ],
            order="arrival",
        )

    @api.model
    def _cron_not_signed_out(self):
        """At the end of the school day, flag visitors not signed out.

        Once per visit: an activity for reception and the acting DSL.
        """
        activity_type = self.env.ref(
            "school_safeguarding.mail_activity_type_visitor_not_out"
        )
        flagged = self.browse()
        for company in self.env["res.company"].search([]):
            calendar = company.resource_calendar_id
            tz = pytz.timezone(calendar.tz or company.partner_id.tz or "Asia/Almaty")
            local_now = fields.Datetime.now().replace(tzinfo=pytz.utc).astimezone(tz)
            hour = company.safeguarding_day_end_hour
            day_end = tz.localize(
                datetime.combine(local_now.date(), time.min) + timedelta(hours=hour)
            )
            if local_now < day_end:
                # Before today's end: only visits from earlier days.
                cutoff = tz.localize(datetime.combine(local_now.date(), time.min))
            else:
                cutoff = day_end
            visits = self.search(
                [
                    ("company_id", "=", company.id),
                    ("departure", "=", False),
                    ("not_signed_out_flagged", "=", False),
                    ("arrival", "<", cutoff.astimezone(pytz.utc).replace(tzinfo=None)),
                ]
            )
            if not visits:
                continue
            reception = self.env.ref(RECEPTION).users.filtered(
                lambda user, c=company: c in user.company_ids and user.active
            )
            users = reception | company.safeguarding_acting_lead_ids

            def flag(visit, users=users):
                for user in users:
                    visit.activity_schedule(
                        activity_type_id=activity_type.id,
                        summary=self.env._(
                            "Not signed out: %(name)s (badge %(badge)s)",
                            name=visit.visitor_name,
                            badge=visit.badge_number,
                        ),
                        user_id=user.id,
                    )
                visit.not_signed_out_flagged = True

            failed = run_each(visits, flag, "Visitors not signed out")
            flagged |= visits - failed
        return flagged
