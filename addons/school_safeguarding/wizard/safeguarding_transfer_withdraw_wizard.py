from odoo import fields, models


class SafeguardingTransferWithdrawWizard(models.TransientModel):
    _name = "safeguarding.transfer.withdraw.wizard"
    _description = "Withdraw the transfer of a child protection file"
    _inherit = ["safeguarding.input.guard"]

    transfer_id = fields.Many2one(
        "safeguarding.transfer", required=True, ondelete="cascade"
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.transfer_id._withdraw(self.reason)
        return {"type": "ir.actions.act_window_close"}
