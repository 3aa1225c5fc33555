from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

HR = "school_safeguarding.group_safeguarding_hr"


class SafeguardingAttestation(models.Model):
    """Another organisation's written word that its people were checked (R6).

    A person covered by a valid attestation counts as checked for the checks
    it attests.
    """

    _name = "safeguarding.attestation"
    _description = "Vetting attestation from another organisation"
    _inherit = ["mail.thread", "safeguarding.input.guard"]
    _order = "received_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True)
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    organisation_id = fields.Many2one(
        "res.partner", string="Organisation", required=True, ondelete="restrict"
    )
    check_type_ids = fields.Many2many(
        "safeguarding.check.type", string="Checks attested", required=True
    )
    employee_ids = fields.Many2many(
        "hr.employee",
        "safeguarding_attestation_employee_rel",
        "attestation_id",
        "employee_id",
        string="People covered",
        check_company=True,
    )
    received_date = fields.Date(string="Received on", required=True)
    valid_until = fields.Date(required=True, index=True)
    document = fields.Binary(attachment=True, groups=HR)
    document_name = fields.Char(groups=HR)
    verified_by_id = fields.Many2one(
        "res.users", string="Verified by", default=lambda self: self.env.user
    )

    @api.constrains("employee_ids", "received_date", "valid_until")
    def _check_attestation(self):
        for attestation in self:
            if not attestation.employee_ids:
                raise ValidationError(
                    self.env._(
                        "An attestation names the people it covers: add at least one."
                    )
                )
            if attestation.valid_until < attestation.received_date:
                raise ValidationError(
                    self.env._("An attestation cannot expire before it was received.")
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(
                self.env._("Attestations are kept for the single central record.")
            )
