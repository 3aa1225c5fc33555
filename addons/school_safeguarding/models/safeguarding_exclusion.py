from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class SafeguardingExclusion(models.Model):
    """An accused pupil kept out of school while the matter is investigated (R25)."""

    _name = "safeguarding.exclusion"
    _description = "Exclusion during investigation"
    _inherit = ["safeguarding.input.guard"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    case_id = fields.Many2one(
        "safeguarding.case",
        string="Case",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, precompute=True
    )
    pupil_id = fields.Many2one(
        "res.partner",
        string="Pupil",
        required=True,
        index=True,
        domain="[('is_pupil', '=', True)]",
        ondelete="restrict",
    )
    date_from = fields.Date(string="From", required=True, index=True)
    date_to = fields.Date(string="Until", required=True, index=True)
    policy_reference = fields.Char(
        string="Discipline policy reference",
        required=True,
        help="The article of the school's discipline policy applied.",
    )
    decided_by_id = fields.Many2one(
        "res.users",
        string="Decided by",
        required=True,
        default=lambda self: self.env.user,
    )
    reason = fields.Text(required=True)
    is_current = fields.Boolean(compute="_compute_is_current", string="Running")

    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for exclusion in self:
            exclusion.is_current = exclusion.date_from <= today <= exclusion.date_to

    @api.constrains("date_from", "date_to", "pupil_id", "case_id")
    def _check_exclusion(self):
        for exclusion in self:
            if exclusion.date_to < exclusion.date_from:
                raise ValidationError(
                    self.env._("An exclusion cannot end before it starts.")
                )
            if exclusion.pupil_id not in exclusion.case_id.accused_ids:
                raise ValidationError(
                    self.env._(
                        "Only a pupil accused in the case can be kept out of school."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        exclusions = super().create(vals_list)
        for exclusion in exclusions:
            exclusion.case_id._log(
                "decision",
                self.env._(
                    "%(pupil)s kept out of school from %(start)s to %(end)s "
                    "(discipline policy %(policy)s): %(reason)s",
                    pupil=exclusion.pupil_id.sudo().name,
                    start=exclusion.date_from,
                    end=exclusion.date_to,
                    policy=exclusion.policy_reference,
                    reason=exclusion.reason,
                ),
            )
        return exclusions

    def write(self, vals):
        if not self.env.su and set(vals) - {"date_to"}:
            raise UserError(
                self.env._(
                    "An exclusion is kept as decided; only its end date can change."
                )
            )
        result = super().write(vals)
        if "date_to" in vals:
            for exclusion in self:
                exclusion.case_id._log(
                    "decision",
                    self.env._(
                        "Exclusion of %(pupil)s now ends on %(end)s.",
                        pupil=exclusion.pupil_id.sudo().name,
                        end=exclusion.date_to,
                    ),
                )
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(self.env._("Exclusions are kept as a record."))
