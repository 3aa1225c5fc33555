"""A throwaway model loaded by the tests only (odoo-test-helper)."""

from odoo import fields, models


class SafeguardingTestRecord(models.Model):
    """A new kind of case content: inherits the mixin and adds nothing else."""

    _name = "safeguarding.test.record"
    _description = "Safeguarding test record"
    _inherit = ["safeguarding.confidential.mixin"]

    name = fields.Char(readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    note = fields.Text()
