from odoo import fields, models


class SafeguardingTrainingItem(models.Model):
    """One point of a training checklist (the induction's five points, R15)."""

    _name = "safeguarding.training.item"
    _description = "Training checklist item"
    _inherit = ["safeguarding.input.guard"]
    _order = "sequence, id"

    training_type_id = fields.Many2one(
        "safeguarding.training.type", required=True, index=True, ondelete="cascade"
    )
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
