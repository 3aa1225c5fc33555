from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .safeguarding_jobs import run_each

REVIEW_YEARS = 3
HR = "school_safeguarding.group_safeguarding_hr"
LEAD = "school_safeguarding.group_safeguarding_lead"
DIRECTOR = "school_safeguarding.group_safeguarding_director"
MANAGER = "school_safeguarding.group_safeguarding_manager"


class SafeguardingPolicy(models.Model):
    """One version of a school policy (R1-R4, R16, R29).

    Approved by the directors and founders, published through its channels,
    reviewed every three years at the latest; every member of staff confirms
    each new version.
    """

    _name = "safeguarding.policy"
    _description = "Safeguarding policy version"
    _inherit = ["mail.thread", "mail.activity.mixin", "safeguarding.input.guard"]
    _order = "kind, approval_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(
        [
            ("child_protection", "Child protection policy"),
            ("staff_handbook", "Staff handbook / code of conduct"),
            ("missing_pupil", "Missing pupil procedure"),
            ("discipline", "Discipline policy"),
            ("network_use", "Network use, phones and cameras"),
            ("complaints", "Parents' complaints"),
            ("hr", "HR policy"),
            ("other", "Other"),
        ],
        required=True,
        index=True,
    )
    version = fields.Char(required=True)
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("published", "Published"),
            ("superseded", "Superseded"),
        ],
        default="draft",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
    )
    document = fields.Binary(attachment=True)
    document_name = fields.Char()
    summary = fields.Html(help="What changed in this version.")
    approver_ids = fields.Many2many(
        "res.partner",
        string="Approved by (directors and founders)",
        readonly=True,
        copy=False,
    )
    approval_date = fields.Date(readonly=True, copy=False)
    publish_website = fields.Boolean(string="School website")
    publish_student_handbook = fields.Boolean(string="Student handbook")
    publish_teacher_handbook = fields.Boolean(string="Teacher handbook")
    print_on_request = fields.Boolean(string="Printed for parents on request")
    published_date = fields.Date(readonly=True, copy=False)
    review_date = fields.Date(
        string="Next review",
        compute="_compute_review_date",
        store=True,
        readonly=False,
        index=True,
        help="Three years after approval at the latest; sooner when the law or "
        "an incident review asks for it.",
    )
    previous_id = fields.Many2one(
        "safeguarding.policy",
        string="Previous version",
        readonly=True,
        copy=False,
        check_company=True,
    )
    requires_acknowledgement = fields.Boolean(
        string="Staff confirm reading it", default=True
    )
    acknowledgement_ids = fields.One2many(
        "safeguarding.policy.acknowledgement", "policy_id", string="Confirmations"
    )
    acknowledged = fields.Boolean(
        string="Read by me",
        compute="_compute_acknowledged",
        search="_search_acknowledged",
    )
    pending_user_ids = fields.Many2many(
        "res.users",
        string="Not confirmed yet",
        compute="_compute_pending_user_ids",
        groups=f"{HR},{LEAD},{DIRECTOR}",
    )
    pending_count = fields.Integer(
        string="Not confirmed",
        compute="_compute_pending_user_ids",
        groups=f"{HR},{LEAD},{DIRECTOR}",
    )
    review_activity_date = fields.Date(readonly=True, copy=False)
    reminded_user_ids = fields.Many2many(
        "res.users",
        "safeguarding_policy_reminded_user_rel",
        "policy_id",
        "user_id",
        readonly=True,
        copy=False,
        groups=f"{HR},{LEAD},{DIRECTOR}",
    )

    @api.depends("approval_date")
    def _compute_review_date(self):
        for policy in self:
            if policy.approval_date:
                policy.review_date = policy.approval_date + relativedelta(
                    years=REVIEW_YEARS
                )

    @api.depends("acknowledgement_ids.user_id")
    @api.depends_context("uid")
    def _compute_acknowledged(self):
        # sudo: a user's own confirmations, for the "to read" list.
        done = set(
            self.env["safeguarding.policy.acknowledgement"]
            .sudo()
            .search([("policy_id", "in", self.ids), ("user_id", "=", self.env.uid)])
            .policy_id.ids
        )
        for policy in self:
            policy.acknowledged = policy.id in done

    def _search_acknowledged(self, operator, value):
        # sudo: a user's own confirmations, for the "to read" list.
        policies = (
            self.env["safeguarding.policy.acknowledgement"]
            .sudo()
            .search([("user_id", "=", self.env.uid)])
            .policy_id
        )
        return self._safeguarding_boolean_search(
            operator, value, self.env._("Read by me"), [("id", "in", policies.ids)]
        )

    def _staff_users(self):
        """Internal users of the policy's school, who must read it."""
        self.ensure_one()
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("share", "=", False),
                    ("company_ids", "in", self.company_id.ids),
                    ("id", "!=", self.env.ref("base.user_root").id),
                ]
            )
        )

    @api.depends("state", "requires_acknowledgement", "acknowledgement_ids.user_id")
    def _compute_pending_user_ids(self):
        for policy in self:
            if policy.state != "published" or not policy.requires_acknowledgement:
                policy.pending_user_ids = False
                policy.pending_count = 0
                continue
            pending = policy._staff_users() - policy.sudo().acknowledgement_ids.user_id
            policy.pending_user_ids = pending
            policy.pending_count = len(pending)

    @api.constrains("review_date", "approval_date")
    def _check_review_date(self):
        for policy in self:
            if policy.approval_date and policy.review_date:
                latest = policy.approval_date + relativedelta(years=REVIEW_YEARS)
                if policy.review_date > latest:
                    raise ValidationError(
                        self.env._(
                            "A policy is reviewed at least every %(years)s years: "
                            "the review is due by %(date)s.",
                            years=REVIEW_YEARS,
                            date=latest,
                        )
                    )
                if policy.review_date < policy.approval_date:
                    raise ValidationError(
                        self.env._("The review cannot come before the approval.")
                    )

    def write(self, vals):
        if not self.env.su:
            locked = self.filtered(lambda policy: policy.state != "draft")
            allowed = {
                "review_date",
                "publish_website",
                "publish_student_handbook",
                "publish_teacher_handbook",
                "print_on_request",
                "message_main_attachment_id",
            }
            if locked and set(vals) - allowed:
                raise UserError(
                    self.env._(
                        "An approved policy is kept as approved: make a new version "
                        "to change it."
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if not self.env.su and self.filtered(lambda policy: policy.state != "draft"):
            raise UserError(self.env._("Only draft policies can be deleted."))

    def _check_manage(self):
        self.check_access("write")

    def action_approve(self, approver_ids=None, approval_date=None):
        """Record the approval by directors and founders."""
        self._check_manage()
        # Arguments sent over RPC: checked like the fields they fill.
        self._safeguarding_check_values(
            [{"approver_ids": approver_ids, "approval_date": approval_date}]
        )
        if not self.env.user.has_group(DIRECTOR) and not self.env.su:
            raise UserError(self.env._("Directors approve policies."))
        approvers = self.env["res.partner"].browse(approver_ids or []) | (
            self.env.user.partner_id
        )
        date = fields.Date.to_date(approval_date) or fields.Date.context_today(self)
        if date > fields.Date.context_today(self):
            raise ValidationError(self.env._("An approval cannot be in the future."))
        for policy in self:
            if policy.state != "draft":
                raise UserError(
                    self.env._("%(name)s is not a draft.", name=policy.display_name)
                )
            if not policy.document:
                raise ValidationError(
                    self.env._("Attach the policy document before approval.")
                )
            # sudo: approval fields are set by this action only.
            policy.sudo().write(
                {
                    "state": "approved",
                    "approval_date": date,
                    "approver_ids": [(6, 0, approvers.ids)],
                }
            )
        return True

    def action_publish(self):
        self._check_manage()
        for policy in self:
            if policy.state != "approved":
                raise UserError(
                    self.env._(
                        "Approve %(name)s before publishing it.",
                        name=policy.display_name,
                    )
                )
            earlier = self.search(
                [
                    ("id", "!=", policy.id),
                    ("kind", "=", policy.kind),
                    ("company_id", "=", policy.company_id.id),
                    ("state", "=", "published"),
                ]
            )
            earlier.sudo().state = "superseded"
            policy.sudo().write(
                {
                    "state": "published",
                    "published_date": fields.Date.context_today(self),
                    "previous_id": earlier[:1].id or policy.previous_id.id,
                }
            )
        return True

    def action_new_version(self):
        self._check_manage()
        self.ensure_one()
        new = self.copy(
            {
                "version": self.env._("%(version)s (new)", version=self.version),
                "previous_id": self.id,
            }
        )
        new.sudo().previous_id = self
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new.id,
            "view_mode": "form",
        }

    def action_acknowledge(self):
        """The current user confirms having read this version (R16)."""
        Ack = self.env["safeguarding.policy.acknowledgement"]
        for policy in self:
            policy.check_access("read")
            if policy.state != "published":
                raise UserError(
                    self.env._(
                        "%(name)s is not published: only published policies are "
                        "confirmed.",
                        name=policy.display_name,
                    )
                )
            if not policy.acknowledged:
                # sudo: users create their own confirmation, for themselves only.
                Ack.sudo().create({"policy_id": policy.id, "user_id": self.env.uid})
                policy.invalidate_recordset(["acknowledged"])
            policy.sudo().activity_feedback(
                ["school_safeguarding.mail_activity_type_policy_read"],
                user_id=self.env.uid,
                feedback=self.env._("Read and confirmed."),
            )
        return True

    @api.depends("name", "version")
    def _compute_display_name(self):
        for policy in self:
            policy.display_name = f"{policy.name} ({policy.version})"

    @api.model
    def _cron_reminders(self):
        """Ask staff to read new versions, and directors to review on time.

        Each person is asked once per version; each review date gives one
        reminder to the directors.
        """
        read_type = self.env.ref("school_safeguarding.mail_activity_type_policy_read")
        review_type = self.env.ref(
            "school_safeguarding.mail_activity_type_policy_review"
        )

        def ask_to_read(policy):
            users = (
                policy._staff_users()
                - policy.acknowledgement_ids.user_id
                - policy.reminded_user_ids
            )
            for user in users:
                policy.activity_schedule(
                    activity_type_id=read_type.id,
                    summary=self.env._(
                        "Read and confirm: %(name)s", name=policy.display_name
                    ),
                    user_id=user.id,
                )
            policy.reminded_user_ids |= users

        def remind_review(policy):
            if policy.review_activity_date == policy.review_date:
                return
            for user in policy.company_id.safeguarding_director_ids:
                policy.activity_schedule(
                    activity_type_id=review_type.id,
                    summary=self.env._(
                        "Review due: %(name)s", name=policy.display_name
                    ),
                    user_id=user.id,
                    date_deadline=policy.review_date,
                )
            policy.review_activity_date = policy.review_date

        run_each(
            self.search(
                [("state", "=", "published"), ("requires_acknowledgement", "=", True)]
            ),
            ask_to_read,
            "Policy reading reminders",
        )
        soon = fields.Date.context_today(self) + relativedelta(months=1)
        run_each(
            self.search([("state", "=", "published"), ("review_date", "<=", soon)]),
            remind_review,
            "Policy review reminders",
        )

    def action_open_review(self):
        """Review the procedures after this (R31)."""
        return self.env["safeguarding.review"]._action_new("policy", "policy_id", self)
