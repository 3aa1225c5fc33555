from odoo import fields, models


class SafeguardingCaseCloseWizard(models.TransientModel):
    _name = "safeguarding.case.close.wizard"
    _description = "Close safeguarding cases"
    _inherit = ["safeguarding.input.guard"]

    case_ids = fields.Many2many("safeguarding.case", string="Cases", required=True)
    closure_reason = fields.Selection(
        selection=lambda self: self.env["safeguarding.case"]
        ._fields["closure_reason"]
        ._description_selection(self.env),
        string="Reason",
        required=True,
    )
    closure_note = fields.Text(string="Note")

    def action_close(self):
        self.ensure_one()
        self.case_ids._close(self.closure_reason, self.closure_note)
        return {"type": "ir.actions.act_window_close"}
