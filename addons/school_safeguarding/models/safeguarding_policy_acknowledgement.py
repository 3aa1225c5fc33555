from odoo import api, fields, models
from odoo.exceptions import UserError


class SafeguardingPolicyAcknowledgement(models.Model):
    """A member of staff confirms having read a policy version (R16)."""

    _name = "safeguarding.policy.acknowledgement"
    _description = "Policy confirmation"
    _inherit = ["safeguarding.input.guard"]
    _order = "date desc, id desc"
    _check_company_auto = True

    policy_id = fields.Many2one(
        "safeguarding.policy",
        string="Policy",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="policy_id.company_id", store=True, index=True, precompute=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Read by",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
    )
    date = fields.Datetime(
        string="Confirmed on", required=True, default=fields.Datetime.now
    )

    @api.depends("policy_id", "date")
    def _compute_display_name(self):
        for ack in self:
            ack.display_name = self.env._(
                "%(policy)s, confirmed on %(date)s",
                policy=ack.policy_id.sudo().display_name,
                date=ack.date.date() if ack.date else "",
            )

    _sql_constraints = [
        (
            "policy_user_unique",
            "unique(policy_id, user_id)",
            "A policy version is confirmed once per person.",
        )
    ]

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(self.env._("Confirm a policy from the policy itself."))
        return super().create(vals_list)

    def write(self, vals):
        if self.env.su:
            return super().write(vals)
        raise UserError(self.env._("Confirmations cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(self.env._("Confirmations are kept."))
