from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

LEAD = "school_safeguarding.group_safeguarding_lead"


class SafeguardingReview(models.Model):
    """A review of the procedures after an incident, or of a policy (R31, R4).

    The DSL writes what happened, what the procedures did well or badly and
    the findings; when a member of staff was involved the administration and
    the shareholders take part. Every deficiency becomes an improvement action
    with an owner and a deadline, chased until done.
    """

    _name = "safeguarding.review"
    _description = "Safeguarding incident review"
    _inherit = ["safeguarding.confidential.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, copy=False, index="trigram")
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    review_type = fields.Selection(
        [
            ("case", "After a case"),
            ("allegation", "After an allegation against an adult"),
            ("missing", "After a missing-pupil episode"),
            ("policy", "Policy review (every 3 years)"),
            ("other", "Other incident"),
        ],
        string="Type",
        required=True,
        default="case",
    )
    case_id = fields.Many2one(
        "safeguarding.case", index=True, check_company=True, ondelete="restrict"
    )
    allegation_id = fields.Many2one(
        "safeguarding.allegation", index=True, check_company=True, ondelete="restrict"
    )
    missing_episode_id = fields.Many2one(
        "safeguarding.missing.episode",
        string="Missing-pupil episode",
        index=True,
        check_company=True,
        ondelete="restrict",
    )
    policy_id = fields.Many2one(
        "safeguarding.policy", index=True, check_company=True, ondelete="restrict"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Led by",
        required=True,
        default=lambda self: self.env.user,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    state = fields.Selection(
        [("draft", "In progress"), ("done", "Reported to the directors")],
        default="draft",
        required=True,
        readonly=True,
        index=True,
    )
    what_happened = fields.Text()
    went_well = fields.Text(string="What the procedures did well")
    went_badly = fields.Text(string="What went wrong")
    findings = fields.Text()
    staff_involved = fields.Boolean(
        string="A member of staff was involved",
        help="The administration and the shareholders then take part (R31).",
    )
    administration_ids = fields.Many2many(
        "res.users",
        "safeguarding_review_administration_rel",
        "review_id",
        "user_id",
        string="Administration taking part",
    )
    shareholder_ids = fields.Many2many(
        "res.partner",
        "safeguarding_review_shareholder_rel",
        "review_id",
        "partner_id",
        string="Shareholders taking part",
    )
    action_ids = fields.One2many(
        "safeguarding.review.action", "review_id", string="Improvement actions"
    )
    open_action_count = fields.Integer(compute="_compute_open_action_count")
    date_done = fields.Datetime(string="Reported on", readonly=True, copy=False)

    @api.depends("action_ids.state")
    def _compute_open_action_count(self):
        for review in self:
            review.open_action_count = len(
                review.action_ids.filtered(lambda action: action.state == "open")
            )

    def write(self, vals):
        if not self.env.su:
            if "state" in vals or "date_done" in vals:
                raise UserError(self.env._("Use 'Report to the directors'."))
            if self.filtered(lambda review: review.state == "done") and set(vals) - {
                "message_main_attachment_id"
            }:
                raise UserError(
                    self.env._("A reported review is kept as it was reported.")
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(self.env._("Reviews are kept as a record."))

    @api.model
    def _action_new(self, review_type, field, record):
        """Open a new review of ``record`` (a closed case, allegation...)."""
        self.check_access("create")
        record.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Review"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_review_type": review_type,
                f"default_{field}": record.id,
                "default_company_id": record.company_id.id,
            },
        }

    def action_report_to_directors(self):
        self.check_access("write")
        for review in self:
            missing = [
                label
                for field, label in (
                    ("what_happened", self.env._("what happened")),
                    ("went_well", self.env._("what went well")),
                    ("went_badly", self.env._("what went wrong")),
                    ("findings", self.env._("the findings")),
                )
                if not (review[field] or "").strip()
            ]
            if missing:
                raise ValidationError(
                    self.env._(
                        "Complete the review before reporting it: %(missing)s.",
                        missing=", ".join(missing),
                    )
                )
            if review.staff_involved and not (
                review.administration_ids and review.shareholder_ids
            ):
                raise ValidationError(
                    self.env._(
                        "A member of staff was involved: record the administration "
                        "and the shareholders who took part."
                    )
                )
            review.sudo().write({"state": "done", "date_done": fields.Datetime.now()})
            directors = review.company_id.safeguarding_director_ids.filtered(
                lambda user, r=review: r.with_user(user).has_access("read")
            )
            if directors:
                review.sudo().message_notify(
                    partner_ids=directors.partner_id.ids,
                    subject=self.env._("Review %(ref)s", ref=review.name),
                    body=Markup("<p>%s</p>")
                    % self.env._(
                        "The review %(ref)s is complete, with %(count)s improvement "
                        "actions. Open it in Safeguarding.",
                        ref=review.name,
                        count=len(review.action_ids),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        return True
