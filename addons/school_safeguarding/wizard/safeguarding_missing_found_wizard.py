from odoo import fields, models


class SafeguardingMissingFoundWizard(models.TransientModel):
    _name = "safeguarding.missing.found.wizard"
    _description = "Record that a missing pupil was found"
    _inherit = ["safeguarding.input.guard"]

    episode_id = fields.Many2one("safeguarding.missing.episode", required=True)
    found_date = fields.Datetime(
        string="Found at", required=True, default=fields.Datetime.now
    )
    found_place = fields.Char(string="Found where")

    def action_confirm(self):
        self.ensure_one()
        self.episode_id.action_found(self.found_date, self.found_place)
        return {"type": "ir.actions.act_window_close"}
