from odoo import fields, models


class SafeguardingReferralAnswerWizard(models.TransientModel):
    _name = "safeguarding.referral.answer.wizard"
    _description = "Record the agency's answer to a referral"
    _inherit = ["safeguarding.input.guard"]

    referral_id = fields.Many2one("safeguarding.referral", required=True)
    date = fields.Datetime(
        string="Answered on", required=True, default=fields.Datetime.now
    )
    channel = fields.Selection(
        selection=lambda self: self.env["safeguarding.referral.contact"]
        ._fields["channel"]
        ._description_selection(self.env),
        required=True,
        default="letter",
    )
    contact_name = fields.Char(string="Who answered")
    outcome = fields.Selection(
        selection=lambda self: self.env["safeguarding.referral"]
        ._fields["outcome"]
        ._description_selection(self.env),
        required=True,
    )
    agency_decision = fields.Text(string="Agency's decision")
    agency_reference = fields.Char(string="Agency's reference")

    def action_confirm(self):
        self.ensure_one()
        self.referral_id._record_answer(
            {
                "date": self.date,
                "channel": self.channel,
                "contact_name": self.contact_name,
                "outcome": self.outcome,
                "agency_decision": self.agency_decision,
                "agency_reference": self.agency_reference,
            }
        )
        return {"type": "ir.actions.act_window_close"}
