from odoo import fields, models


class SafeguardingConcernCloseWizard(models.TransientModel):
    _name = "safeguarding.concern.close.wizard"
    _description = "Close concerns with no further action"
    _inherit = ["safeguarding.input.guard"]

    concern_ids = fields.Many2many(
        "safeguarding.concern", string="Concerns", required=True
    )
    reason = fields.Text(required=True)

    def action_close(self):
        self.ensure_one()
        self.concern_ids.action_close_no_action(self.reason)
        return {"type": "ir.actions.act_window_close"}
