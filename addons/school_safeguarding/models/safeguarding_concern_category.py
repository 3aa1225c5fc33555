from odoo import fields, models


class SafeguardingConcernCategory(models.Model):
    _name = "safeguarding.concern.category"
    _description = "Safeguarding concern category"
    _inherit = ["safeguarding.input.guard"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_unique", "unique(name)", "A category with this name already exists."),
    ]
