from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SafeguardingSafetyPlan(models.Model):
    """How the school keeps one pupil of a peer-on-peer case safe (R25).

    Victim and accused are both at risk: each gets a plan.
    """

    _name = "safeguarding.safety.plan"
    _description = "Safety plan"
    _inherit = ["safeguarding.input.guard"]
    _order = "case_id, role, id"
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
        domain="[('is_pupil', '=', True)]",
        ondelete="restrict",
    )
    role = fields.Selection(
        [("victim", "Victim"), ("accused", "Accused")], required=True
    )
    measures = fields.Text(
        required=True,
        help="Supervision, separated classes and breaks, a trusted adult, "
        "check-ins, transport…",
    )
    trusted_adult_id = fields.Many2one("res.users", string="Trusted adult")
    review_date = fields.Date(string="Review on")

    @api.constrains("pupil_id", "role", "case_id")
    def _check_pupil_in_case(self):
        for plan in self:
            case = plan.case_id
            people = case.victim_ids if plan.role == "victim" else case.accused_ids
            if plan.pupil_id not in people:
                raise ValidationError(
                    self.env._(
                        "%(name)s is not recorded as %(role)s in %(ref)s.",
                        name=plan.pupil_id.sudo().name,
                        role=dict(
                            plan._fields["role"]._description_selection(self.env)
                        )[plan.role].lower(),
                        ref=case.name,
                    )
                )
