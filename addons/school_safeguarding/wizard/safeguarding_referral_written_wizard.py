from odoo import fields, models


class SafeguardingReferralWrittenWizard(models.TransientModel):
    """Record that the written referral was sent (R21), and what it disclosed."""

    _name = "safeguarding.referral.written.wizard"
    _description = "Record the written referral as sent"
    _inherit = ["safeguarding.input.guard"]

    referral_id = fields.Many2one("safeguarding.referral", required=True)
    date = fields.Datetime(string="Sent on", required=True, default=fields.Datetime.now)
    channel = fields.Selection(
        [("email", "Email"), ("letter", "Letter"), ("online_form", "Online form")],
        required=True,
        default="email",
    )
    contact_name = fields.Char(string="Sent to (person)")
    legal_basis = fields.Selection(
        selection=lambda self: self.env["safeguarding.disclosure"]
        ._fields["legal_basis"]
        ._description_selection(self.env),
        required=True,
        default="legal_duty",
    )
    note = fields.Text(string="Covering note")

    def action_confirm(self):
        self.ensure_one()
        referral = self.referral_id
        referral._check_can_act()
        self.env["safeguarding.referral.contact"].create(
            {
                "referral_id": referral.id,
                "date": self.date,
                "channel": self.channel,
                "direction": "out",
                "kind": "written_referral",
                "contact_name": self.contact_name,
                "summary": self.note
                or self.env._("Written referral %(ref)s sent.", ref=referral.name),
            }
        )
        self.env["safeguarding.disclosure"].create(
            {
                "case_id": referral.case_id.id,
                "allegation_id": referral.allegation_id.id,
                "referral_id": referral.id,
                "date": self.date,
                "agency_id": referral.agency_id.id,
                "recipient_name": self.contact_name,
                "channel": self.channel,
                "legal_basis": self.legal_basis,
                "information": self.env._(
                    "Written referral %(ref)s: the child (date of birth, home "
                    "address, parents and guardians), the concerns, what is "
                    "known, the school's decision, the contacts so far and who "
                    "must not be told.",
                    ref=referral.name,
                ),
            }
        )
        return {"type": "ir.actions.act_window_close"}
