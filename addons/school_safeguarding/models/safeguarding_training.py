from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from .safeguarding_check import EXPIRING_DAYS, _send_expiry_reminders, entry_order
from .safeguarding_jobs import run_each


class SafeguardingTraining(models.Model):
    """A person's completion of a training (R15, R17)."""

    _name = "safeguarding.training"
    _description = "Safeguarding training completion"
    _inherit = ["mail.thread", "mail.activity.mixin", "safeguarding.input.guard"]
    _order = "date desc, id desc"
    _check_company_auto = True

    employee_id = fields.Many2one(
        "hr.employee",
        string="Person",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    user_id = fields.Many2one(
        related="employee_id.user_id", store=True, index=True, string="User"
    )
    company_id = fields.Many2one(
        related="employee_id.company_id", store=True, index=True, precompute=True
    )
    department_id = fields.Many2one(
        related="employee_id.department_id", store=True, index=True
    )
    training_type_id = fields.Many2one(
        "safeguarding.training.type",
        string="Training",
        required=True,
        index=True,
        ondelete="restrict",
    )
    kind = fields.Selection(related="training_type_id.kind", store=True)
    date = fields.Date(string="Completed on", required=True)
    provider = fields.Char()
    certificate = fields.Binary(attachment=True)
    certificate_name = fields.Char()
    item_ids = fields.Many2many(
        "safeguarding.training.item",
        string="Checklist covered",
        domain="[('training_type_id', '=', training_type_id)]",
    )
    complete = fields.Boolean(
        compute="_compute_complete",
        store=True,
        help="Every point of the checklist is covered.",
    )
    expiry_date = fields.Date(
        string="Valid until", compute="_compute_expiry_date", store=True, index=True
    )
    state = fields.Selection(
        [("valid", "Valid"), ("expiring", "Expiring"), ("expired", "Expired")],
        compute="_compute_state",
    )
    expiry_activity_done = fields.Selection(
        [("expiring", "Expiring"), ("expired", "Expired")], readonly=True, copy=False
    )

    @api.depends("item_ids", "training_type_id.item_ids")
    def _compute_complete(self):
        for training in self:
            required = training.training_type_id.item_ids
            training.complete = not (required - training.item_ids)

    @api.depends("date", "training_type_id.validity_months")
    def _compute_expiry_date(self):
        for training in self:
            months = training.training_type_id.validity_months
            training.expiry_date = (
                training.date + relativedelta(months=months)
                if training.date and months
                else False
            )

    @api.depends("expiry_date")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        soon = today + relativedelta(days=EXPIRING_DAYS)
        for training in self:
            if training.expiry_date and training.expiry_date < today:
                training.state = "expired"
            elif training.expiry_date and training.expiry_date <= soon:
                training.state = "expiring"
            else:
                training.state = "valid"

    @api.constrains("date")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for training in self:
            if training.date > today:
                raise ValidationError(
                    self.env._("A training cannot be completed in the future.")
                )

    @api.constrains("employee_id", "training_type_id", "date")
    def _check_recorded_once(self):
        """A completion (person, training, date) is recorded once.

        Trainings are never deleted: one entered twice would stay twice.
        """
        # sudo: the person's other trainings, whoever may read them.
        twins = self.sudo().search(
            [
                ("employee_id", "in", self.employee_id.ids),
                ("training_type_id", "in", self.training_type_id.ids),
                ("date", "in", list(set(self.mapped("date")))),
            ]
        )
        for training in self:
            if twins.filtered(
                lambda other, t=training: other.id != t.id
                and other.employee_id == t.employee_id
                and other.training_type_id == t.training_type_id
                and other.date == t.date
            ):
                raise ValidationError(
                    self.env._(
                        "%(training)s of %(person)s completed on %(date)s is "
                        "already recorded. Trainings are kept: complete that "
                        "record instead of entering it again.",
                        training=training.training_type_id.name,
                        person=training.employee_id.name,
                        date=format_date(self.env, training.date),
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(self.env._("Training records are kept."))

    @api.model
    def _cron_reminders(self):
        """Expiring and expired trainings, and missing inductions, to HR.

        Once per training and status; once per person for a missing induction.
        """
        today = fields.Date.context_today(self)
        soon = today + relativedelta(days=EXPIRING_DAYS)
        candidates = self.search(
            [
                ("expiry_date", "!=", False),
                ("expiry_date", "<=", soon),
                ("employee_id.active", "=", True),
            ]
        )
        everything = self.search(
            [
                ("employee_id", "in", candidates.employee_id.ids),
                ("training_type_id", "in", candidates.training_type_id.ids),
            ]
        )
        latest = {}
        for training in everything.sorted(lambda t: entry_order(t, "date")):
            latest[(training.employee_id.id, training.training_type_id.id)] = training
        newest = self.browse([training.id for training in latest.values()])
        _send_expiry_reminders(
            candidates & newest,
            today,
            "school_safeguarding.mail_activity_type_training_expiry",
            lambda training: self.env._(
                "%(training)s of %(person)s",
                training=training.training_type_id.name,
                person=training.employee_id.name,
            ),
        )
        self._remind_missing_inductions()

    @api.model
    def _remind_missing_inductions(self):
        inductions = self.env["safeguarding.training.type"].search(
            [("kind", "=", "induction"), ("required_for_all", "=", True)]
        )
        if not inductions:
            return
        done = self.search(
            [("training_type_id", "in", inductions.ids), ("complete", "=", True)]
        ).employee_id
        employees = self.env["hr.employee"].search(
            [
                ("id", "not in", done.ids),
                ("safeguarding_induction_reminded", "=", False),
            ]
        )
        activity_type = self.env.ref(
            "school_safeguarding.mail_activity_type_induction_missing"
        )

        def remind(employee):
            for user in employee.company_id._safeguarding_hr_users():
                employee.activity_schedule(
                    activity_type_id=activity_type.id,
                    summary=self.env._(
                        "Induction to complete: %(person)s", person=employee.name
                    ),
                    user_id=user.id,
                )
            employee.safeguarding_induction_reminded = True

        run_each(employees, remind, "Induction reminders")
