from odoo import fields, models


class SafeguardingActionWizard(models.TransientModel):
    _name = "safeguarding.action.wizard"
    _description = "Finish or cancel safeguarding actions"
    _inherit = ["safeguarding.input.guard"]

    action_ids = fields.Many2many(
        "safeguarding.action", string="Actions", required=True
    )
    mode = fields.Selection(
        [("done", "Done"), ("cancel", "Cancel")], required=True, default="done"
    )
    note = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "cancel":
            self.action_ids.action_cancel(self.note)
        else:
            self.action_ids.action_done(self.note)
        return {"type": "ir.actions.act_window_close"}
