from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SafeguardingTrainingType(models.Model):
    """Induction items and courses, with their validity (R15, R17)."""

    _name = "safeguarding.training.type"
    _description = "Safeguarding training type"
    _inherit = ["safeguarding.input.guard"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [
            ("induction", "Induction"),
            ("annual", "Annual child-protection training"),
            ("dsl", "DSL training"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    validity_months = fields.Integer(
        string="Valid for (months)", help="0: never expires."
    )
    required_for_all = fields.Boolean(
        string="Required for everyone",
        help="Staff, temporary staff and volunteers all complete it.",
    )
    item_ids = fields.One2many(
        "safeguarding.training.item", "training_type_id", string="Checklist"
    )
    active = fields.Boolean(default=True)

    @api.constrains("validity_months")
    def _check_validity(self):
        for training_type in self:
            if training_type.validity_months < 0:
                raise ValidationError(self.env._("A validity cannot be negative."))
