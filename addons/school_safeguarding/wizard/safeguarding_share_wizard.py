from odoo import fields, models


class SafeguardingShareWizard(models.TransientModel):
    """Share a case's chronology with police or social services (R30).

    The disclosure is recorded before the chronology is printed.
    """

    _name = "safeguarding.share.wizard"
    _description = "Share a case chronology"
    _inherit = ["safeguarding.input.guard"]

    case_id = fields.Many2one("safeguarding.case", required=True)
    agency_id = fields.Many2one(
        "res.partner",
        string="Share with",
        required=True,
        domain="[('safeguarding_agency_type', '!=', False)]",
    )
    recipient_name = fields.Char(string="Person receiving it")
    legal_basis = fields.Selection(
        selection=lambda self: self.env["safeguarding.disclosure"]
        ._fields["legal_basis"]
        ._description_selection(self.env),
        required=True,
        default="agency_request",
    )
    legal_basis_note = fields.Char(string="Legal reference")
    channel = fields.Selection(
        selection=lambda self: self.env["safeguarding.disclosure"]
        ._fields["channel"]
        ._description_selection(self.env),
        required=True,
        default="letter",
    )

    def action_confirm(self):
        self.ensure_one()
        case = self.case_id
        case._check_can_act()
        self.env["safeguarding.disclosure"].create(
            {
                "case_id": case.id,
                "agency_id": self.agency_id.id,
                "recipient_name": self.recipient_name,
                "legal_basis": self.legal_basis,
                "legal_basis_note": self.legal_basis_note,
                "channel": self.channel,
                "information": self.env._(
                    "Chronology of case %(ref)s (%(count)s entries).",
                    ref=case.name,
                    count=len(case.log_ids),
                ),
            }
        )
        return self.env.ref(
            "school_safeguarding.action_report_safeguarding_case_chronology"
        ).report_action(case)
