from odoo import fields, models


class SafeguardingAllegationCloseWizard(models.TransientModel):
    _name = "safeguarding.allegation.close.wizard"
    _description = "Close an allegation with its outcome"
    _inherit = ["safeguarding.input.guard"]

    allegation_id = fields.Many2one("safeguarding.allegation", required=True)
    outcome = fields.Selection(
        selection=lambda self: self.env["safeguarding.allegation"]
        ._fields["outcome"]
        ._description_selection(self.env),
        required=True,
    )
    outcome_note = fields.Text(string="Note")

    def action_confirm(self):
        self.ensure_one()
        self.allegation_id._close(self.outcome, self.outcome_note)
        return {"type": "ir.actions.act_window_close"}
