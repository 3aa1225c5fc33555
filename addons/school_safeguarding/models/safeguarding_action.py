from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .safeguarding_confidential_mixin import safeguarding_inbox_only

TEAM = "school_safeguarding.group_safeguarding_team"
ACTIVITY_TYPE = "school_safeguarding.mail_activity_type_safeguarding_action"
# Set by the buttons only (through sudo, after checking the user's rights).
WORKFLOW_FIELDS = {"state", "done_date", "outcome", "cancel_reason"}


class SafeguardingAction(models.Model):
    """Follow-up work the DSL gives a colleague on a case.

    The colleague sees the instruction the DSL wrote for them, the deadline
    and their own answer, never the case: "My actions" lists what they have
    to do, "Done" records the outcome in the case's chronology.
    """

    _name = "safeguarding.action"
    _description = "Safeguarding action"
    _inherit = ["mail.thread", "mail.activity.mixin", "safeguarding.input.guard"]
    _order = "state, deadline, id"
    _check_company_auto = True

    case_id = fields.Many2one(
        "safeguarding.case",
        string="Case",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        groups=TEAM,
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    name = fields.Text(
        string="Instruction",
        required=True,
        help="What the colleague is asked to do. They read this and nothing else "
        "of the case: write the child's name only if they need it.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned to",
        required=True,
        index=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        ondelete="restrict",
    )
    deadline = fields.Date(required=True, index=True)
    state = fields.Selection(
        [("open", "To do"), ("done", "Done"), ("cancelled", "Cancelled")],
        string="Status",
        default="open",
        required=True,
        readonly=True,
        index=True,
        copy=False,
    )
    done_date = fields.Datetime(string="Done on", readonly=True, copy=False)
    outcome = fields.Text(
        readonly=True, copy=False, help="What the colleague reports back."
    )
    cancel_reason = fields.Text(
        string="Reason for cancelling", readonly=True, copy=False, groups=TEAM
    )
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")

    @api.depends("state", "deadline")
    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.overdue = bool(
                action.state == "open" and action.deadline and action.deadline < today
            )

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

    @api.constrains("user_id", "company_id")
    def _check_user(self):
        for action in self:
            user = action.user_id.sudo()
            if user.share or action.company_id not in user.company_ids:
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a member of staff of %(school)s: an action "
                        "goes to a colleague of the school.",
                        user=user.name,
                        school=action.company_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        Case = self.env["safeguarding.case"]
        for vals in vals_list:
            if not self.env.su:
                for field in WORKFLOW_FIELDS:
                    vals.pop(field, None)
            # Read through the user's rights: an unknown, foreign or unreadable
            # case is refused here.
            case = Case.browse(vals.get("case_id"))
            if case:
                if case.state == "closed" and not self.env.su:
                    raise UserError(
                        self.env._(
                            "%(ref)s is closed: reopen it to give follow-up actions.",
                            ref=case.name,
                        )
                    )
                vals["company_id"] = case.company_id.id
        actions = super().create(vals_list)
        if not self.env.su:
            actions.case_id.check_access("write")
        for action in actions:
            action.case_id._log(
                "note",
                self.env._(
                    "Action given to %(user)s, due %(deadline)s: %(name)s",
                    user=action.user_id.name,
                    deadline=action.deadline,
                    name=action.name,
                ),
            )
        actions._schedule_activity()
        return actions

    def write(self, vals):
        if not self.env.su:
            if set(vals) & WORKFLOW_FIELDS:
                raise UserError(
                    self.env._(
                        "Use the 'Done' or 'Cancel' button to change the status of "
                        "an action."
                    )
                )
            if "case_id" in vals or "company_id" in vals:
                raise UserError(
                    self.env._("An action stays with the case it was given on.")
                )
            if not self.env.user.has_group(TEAM):
                raise AccessError(
                    self.env._(
                        "The safeguarding team sets the instruction, the deadline "
                        "and who does it; use 'Done' to report what you did."
                    )
                )
            finished = self.filtered(lambda action: action.state != "open")
            if finished and set(vals) - {"message_main_attachment_id"}:
                raise UserError(
                    self.env._(
                        "A done or cancelled action is kept as it is: give a new "
                        "action instead."
                    )
                )
        result = super().write(vals)
        if {"user_id", "deadline", "name"} & set(vals):
            # sudo: the previous assignee's reminder goes with the change.
            self.sudo().activity_unlink([ACTIVITY_TYPE])
            self._schedule_activity()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(
                self.env._("Safeguarding actions are kept: cancel it instead.")
            )

    def action_open_done_wizard(self):
        """Ask the assignee what they did, then mark the action done."""
        return self._open_wizard("done", self.env._("What did you do?"))

    def action_open_cancel_wizard(self):
        """Ask the team why the action is cancelled."""
        self._check_team()
        return self._open_wizard("cancel", self.env._("Cancel the action"))

    def _open_wizard(self, mode, title):
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "safeguarding.action.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_action_ids": self.ids, "default_mode": mode},
        }

    def action_done(self, outcome):
        """Mark the user's own actions done, with what they did (the outcome)."""
        self._safeguarding_check_values([{"outcome": outcome}])
        self.check_access("read")
        if not (outcome or "").strip():
            raise ValidationError(self.env._("Say what you did before marking done."))
        for action in self:
            # sudo: the assignee is read to check it is the user.
            if action.sudo().user_id != self.env.user and not self.env.su:
                raise AccessError(
                    self.env._(
                        "Only the colleague the action is given to marks it done."
                    )
                )
            if action.state != "open":
                raise UserError(self.env._("This action is already done or cancelled."))
        now = fields.Datetime.now()
        # sudo: the assignee may neither write the action nor read its case;
        # what they did joins the case's chronology in their name.
        for action in self.sudo():
            action.write({"state": "done", "done_date": now, "outcome": outcome})
            action.case_id._log(
                "note",
                self.env._(
                    "Action done by %(user)s: %(name)s\nOutcome: %(outcome)s",
                    user=self.env.user.name,
                    name=action.name,
                    outcome=outcome,
                ),
            )
            action.activity_feedback([ACTIVITY_TYPE], feedback=outcome)
        return True

    def action_cancel(self, reason):
        """Cancel open actions (the team), with the reason."""
        self._check_team()
        self._safeguarding_check_values([{"cancel_reason": reason}])
        if not (reason or "").strip():
            raise ValidationError(self.env._("Give the reason for cancelling."))
        for action in self:
            if action.state != "open":
                raise UserError(self.env._("This action is already done or cancelled."))
        # sudo: protected workflow fields, rights checked above.
        for action in self.sudo():
            action.write({"state": "cancelled", "cancel_reason": reason})
            action.case_id._log(
                "note",
                self.env._(
                    "Action given to %(user)s cancelled by %(by)s: %(name)s\n"
                    "Reason: %(reason)s",
                    user=action.user_id.name,
                    by=self.env.user.name,
                    name=action.name,
                    reason=reason,
                ),
            )
            action.activity_unlink([ACTIVITY_TYPE])
        return True

    def _check_team(self):
        if not self.env.su and not self.env.user.has_group(TEAM):
            raise AccessError(
                self.env._("Only the safeguarding team can cancel an action.")
            )
        self.check_access("write")

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        # What the colleague did may be sensitive: it reaches people in their
        # Odoo inbox, never in an email (the assignment notice included).
        return safeguarding_inbox_only(
            super()._notify_get_recipients(message, msg_vals=msg_vals, **kwargs)
        )

    def _schedule_activity(self):
        """Remind the assignee of each open action, on the action (not the case)."""
        for action in self.filtered(lambda action: action.state == "open"):
            lang = action.user_id.lang or self.env.lang
            env = action.with_context(lang=lang).env
            # sudo: the reminder is the addon's, for the assignee who reads
            # the action (checked by the record rules of the action).
            action.sudo().activity_schedule(
                ACTIVITY_TYPE,
                summary=env._("Safeguarding action to do"),
                user_id=action.user_id.id,
                date_deadline=action.deadline,
            )
