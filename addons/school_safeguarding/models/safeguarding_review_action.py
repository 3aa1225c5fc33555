from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .safeguarding_jobs import run_each

LEAD = "school_safeguarding.group_safeguarding_lead"
DIRECTOR = "school_safeguarding.group_safeguarding_director"
# What the owner of an action (a member of staff) may change: what was done.
OWNER_FIELDS = {"done_note", "message_main_attachment_id"}


class SafeguardingReviewAction(models.Model):
    """An improvement action from a review, fixed "without delay" (R31)."""

    _name = "safeguarding.review.action"
    _description = "Improvement action"
    _inherit = ["mail.thread", "mail.activity.mixin", "safeguarding.input.guard"]
    _order = "deadline, id"
    _check_company_auto = True

    review_id = fields.Many2one(
        "safeguarding.review",
        string="Review",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="review_id.company_id", store=True, index=True, precompute=True
    )
    name = fields.Char(string="Action", required=True)
    owner_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    deadline = fields.Date(required=True, index=True)
    state = fields.Selection(
        [("open", "Open"), ("done", "Done")],
        default="open",
        required=True,
        index=True,
        readonly=True,
    )
    done_date = fields.Date(readonly=True, copy=False)
    done_note = fields.Text(string="What was done")
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")

    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.overdue = action.state == "open" and action.deadline < today

    def _search_overdue(self, operator, value):
        return self._safeguarding_boolean_search(
            operator,
            value,
            self.env._("Overdue"),
            [
                ("state", "=", "open"),
                ("deadline", "<", fields.Date.context_today(self)),
            ],
        )

    def write(self, vals):
        if not self.env.su:
            if {"state", "done_date"} & set(vals):
                raise UserError(
                    self.env._("Say what was done, then use the 'Done' button.")
                )
            user = self.env.user
            if set(vals) - OWNER_FIELDS and not (
                user.has_group(LEAD) or user.has_group(DIRECTOR)
            ):
                raise AccessError(
                    self.env._(
                        "You can say what was done about your improvement action "
                        "and mark it done; the DSL and the directors change the "
                        "rest."
                    )
                )
            done = self.filtered(lambda action: action.state == "done")
            if done and set(vals) - {"message_main_attachment_id"}:
                raise UserError(
                    self.env._(
                        "%(names)s is done and kept as it was done.",
                        names=", ".join(done.mapped("name")),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(self.env._("Improvement actions are kept."))

    def action_done(self):
        self.check_access("write")
        for action in self:
            if action.state == "done":
                continue
            if not (action.done_note or "").strip():
                raise UserError(
                    self.env._("Say what was done for '%(name)s'.", name=action.name)
                )
            action.sudo().write(
                {"state": "done", "done_date": fields.Date.context_today(self)}
            )
        self.sudo().activity_feedback(
            ["school_safeguarding.mail_activity_type_review_action"],
            feedback=self.env._("Done."),
        )
        return True

    @api.model
    def _cron_chase_overdue(self):
        """Chase overdue improvement actions until done (R31: without delay).

        One open reminder per action at a time: when the owner marks it done
        without finishing the action, the next run reminds them again.
        """
        activity_type = self.env.ref(
            "school_safeguarding.mail_activity_type_review_action"
        )
        overdue = self.search([("overdue", "=", True)])
        open_reminders = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", overdue.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        reminded = set(open_reminders.mapped("res_id"))

        def remind(action):
            action.activity_schedule(
                activity_type_id=activity_type.id,
                summary=self.env._("Overdue: %(name)s", name=action.name),
                user_id=action.owner_id.id,
                date_deadline=fields.Date.context_today(action),
            )

        run_each(
            overdue.filtered(lambda action: action.id not in reminded),
            remind,
            "Improvement actions",
        )
