import math
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from .safeguarding_jobs import run_each

HR = "school_safeguarding.group_safeguarding_hr"
EXPIRING_DAYS = 30


class SafeguardingCheck(models.Model):
    """One piece of vetting evidence for a person (R5)."""

    _name = "safeguarding.check"
    _description = "Vetting check"
    _inherit = ["mail.thread", "mail.activity.mixin", "safeguarding.input.guard"]
    _order = "employee_id, check_type_id, issue_date desc, id desc"
    _check_company_auto = True

    employee_id = fields.Many2one(
        "hr.employee",
        string="Person",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="employee_id.company_id", store=True, index=True, precompute=True
    )
    check_type_id = fields.Many2one(
        "safeguarding.check.type",
        string="Check",
        required=True,
        index=True,
        ondelete="restrict",
    )
    reference = fields.Char(string="Reference number")
    issue_date = fields.Date(string="Issued on", required=True)
    expiry_date = fields.Date(
        string="Valid until",
        compute="_compute_expiry_date",
        store=True,
        readonly=False,
        index=True,
        precompute=True,
    )
    result = fields.Selection(
        [
            ("clear", "Clear"),
            ("disclosure", "Information disclosed, risk assessed"),
            ("failed", "Not suitable"),
        ],
        required=True,
        default="clear",
    )
    verified_by_id = fields.Many2one(
        "res.users", string="Verified by", default=lambda self: self.env.user
    )
    verified_date = fields.Date(string="Verified on", default=fields.Date.context_today)
    evidence = fields.Binary(string="Evidence file", attachment=True, groups=HR)
    evidence_name = fields.Char(groups=HR)
    note = fields.Text(groups=HR)
    state = fields.Selection(
        [
            ("valid", "Valid"),
            ("expiring", "Expiring"),
            ("expired", "Expired"),
            ("failed", "Not suitable"),
        ],
        compute="_compute_state",
        search="_search_state",
    )
    expiry_activity_done = fields.Selection(
        [("expiring", "Expiring"), ("expired", "Expired")],
        readonly=True,
        copy=False,
        help="The last expiry reminder scheduled for this check.",
    )

    @api.depends("issue_date", "check_type_id.validity_months")
    def _compute_expiry_date(self):
        for check in self:
            months = check.check_type_id.validity_months
            if check.issue_date and months:
                check.expiry_date = check.issue_date + relativedelta(months=months)

    @api.depends("expiry_date", "result")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        soon = today + relativedelta(days=EXPIRING_DAYS)
        for check in self:
            if check.result == "failed":
                check.state = "failed"
            elif check.expiry_date and check.expiry_date < today:
                check.state = "expired"
            elif check.expiry_date and check.expiry_date <= soon:
                check.state = "expiring"
            else:
                check.state = "valid"

    def _search_state(self, operator, value):
        if operator not in ("=", "in"):
            raise UserError(self.env._("Unsupported search on the check status."))
        values = [value] if operator == "=" else list(value)
        today = fields.Date.context_today(self)
        soon = today + relativedelta(days=EXPIRING_DAYS)
        domains = {
            "failed": [("result", "=", "failed")],
            "expired": [("result", "!=", "failed"), ("expiry_date", "<", today)],
            "expiring": [
                ("result", "!=", "failed"),
                ("expiry_date", ">=", today),
                ("expiry_date", "<=", soon),
            ],
            "valid": [
                ("result", "!=", "failed"),
                "|",
                ("expiry_date", "=", False),
                ("expiry_date", ">", soon),
            ],
        }
        result = []
        for state in values:
            result = ["|", *result, *domains[state]] if result else domains[state]
        return result or [("id", "=", 0)]

    @api.constrains("issue_date", "expiry_date", "verified_date")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for check in self:
            if check.issue_date > today:
                raise ValidationError(
                    self.env._("A document cannot be issued in the future.")
                )
            if check.expiry_date and check.expiry_date < check.issue_date:
                raise ValidationError(
                    self.env._(
                        "%(check)s: the expiry date cannot be before the issue date.",
                        check=check.check_type_id.name,
                    )
                )
            if check.verified_date and check.verified_date < check.issue_date:
                raise ValidationError(
                    self.env._("A document cannot be verified before it was issued.")
                )

    @api.constrains("employee_id", "check_type_id", "issue_date")
    def _check_recorded_once(self):
        """A document (person, check, issue date) is recorded once.

        Checks are never deleted: a check entered twice would stay twice on
        the single central record.
        """
        # sudo: the person's other checks, whoever may read them.
        twins = self.sudo().search(
            [
                ("employee_id", "in", self.employee_id.ids),
                ("check_type_id", "in", self.check_type_id.ids),
                ("issue_date", "in", list(set(self.mapped("issue_date")))),
            ]
        )
        for check in self:
            twin = twins.filtered(
                lambda other, c=check: other.id != c.id
                and other.employee_id == c.employee_id
                and other.check_type_id == c.check_type_id
                and other.issue_date == c.issue_date
            )[:1]
            if not twin:
                continue
            values = {
                "check": check.check_type_id.name,
                "person": check.employee_id.name,
                "date": format_date(self.env, check.issue_date),
                "reference": twin.reference,
            }
            raise ValidationError(
                self.env._(
                    "%(check)s of %(person)s issued on %(date)s (reference "
                    "%(reference)s) is already recorded. Checks are kept for the "
                    "single central record: correct that check instead of "
                    "entering it again.",
                    **values,
                )
                if twin.reference
                else self.env._(
                    "%(check)s of %(person)s issued on %(date)s is already "
                    "recorded. Checks are kept for the single central record: "
                    "correct that check instead of entering it again.",
                    **values,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(
                self.env._(
                    "Vetting evidence is kept for the single central record; record "
                    "a new check instead."
                )
            )

    def _latest_only(self):
        """Of these records, those that are the newest of their person and type."""
        latest = {}
        for record in self.sorted(lambda r: entry_order(r, "issue_date")):
            latest[(record.employee_id.id, record.check_type_id.id)] = record
        return self.browse([record.id for record in latest.values()])

    @api.model
    def _cron_expiry_reminders(self):
        """Remind HR of checks expiring within 30 days and of expired ones.

        Once per check and status (``expiry_activity_done``); only the newest
        check of a person and type counts: a renewed check stops the reminders.
        """
        today = fields.Date.context_today(self)
        soon = today + relativedelta(days=EXPIRING_DAYS)
        candidates = self.search(
            [
                ("expiry_date", "!=", False),
                ("expiry_date", "<=", soon),
                ("result", "!=", "failed"),
                ("employee_id.active", "=", True),
            ]
        )
        pairs = {(c.employee_id.id, c.check_type_id.id) for c in candidates}
        everything = self.search(
            [
                ("employee_id", "in", list({pair[0] for pair in pairs})),
                ("check_type_id", "in", list({pair[1] for pair in pairs})),
            ]
        )
        newest = everything._latest_only()
        _send_expiry_reminders(
            candidates & newest,
            today,
            "school_safeguarding.mail_activity_type_vetting_expiry",
            lambda check: self.env._(
                "%(check)s of %(person)s",
                check=check.check_type_id.name,
                person=check.employee_id.name,
            ),
        )


def entry_order(record, date_field):
    """Sort key of a person's checks or trainings: by date, then as entered.

    In a form being edited, lines not saved yet have no id (and maybe no
    date yet) to compare: they come after the saved ones of the same date.
    """
    return (record[date_field] or date.min, record._origin.id or math.inf)


def _send_expiry_reminders(records, today, activity_xmlid, label):
    """Schedule one reminder per record and status (expiring, then expired)."""
    env = records.env
    activity_type = env.ref(activity_xmlid)

    def remind(record):
        status = "expired" if record.expiry_date < today else "expiring"
        if record.expiry_activity_done == status:
            return
        summary = (
            env._("Expired: %(what)s", what=label(record))
            if status == "expired"
            else env._(
                "Expires on %(date)s: %(what)s",
                date=record.expiry_date,
                what=label(record),
            )
        )
        for user in record.company_id._safeguarding_hr_users():
            record.activity_schedule(
                activity_type_id=activity_type.id,
                summary=summary,
                user_id=user.id,
                date_deadline=min(record.expiry_date, today)
                if status == "expired"
                else record.expiry_date,
            )
        record.expiry_activity_done = status

    run_each(records, remind, activity_type.name)
