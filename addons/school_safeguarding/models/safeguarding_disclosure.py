from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class SafeguardingDisclosure(models.Model):
    """Information shared with police or child social protection (R30).

    Kazakh law requires the school to share what is relevant with police and
    social services; every such disclosure is recorded: what, to whom, when,
    on which legal basis and by whom. Records are never changed or deleted.
    """

    _name = "safeguarding.disclosure"
    _description = "Information sharing record"
    _inherit = ["safeguarding.confidential.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, copy=False, index="trigram")
    case_id = fields.Many2one(
        "safeguarding.case",
        string="Case",
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    allegation_id = fields.Many2one(
        "safeguarding.allegation",
        string="Allegation",
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        compute="_compute_company_id",
        store=True,
        index=True,
        precompute=True,
    )
    referral_id = fields.Many2one(
        "safeguarding.referral",
        string="Referral",
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    date = fields.Datetime(
        string="Shared on", required=True, default=fields.Datetime.now
    )
    agency_id = fields.Many2one(
        "res.partner",
        string="Shared with",
        required=True,
        domain="[('safeguarding_agency_type', '!=', False)]",
        ondelete="restrict",
    )
    recipient_name = fields.Char(string="Person who received it")
    information = fields.Text(string="What was shared", required=True)
    legal_basis = fields.Selection(
        [
            ("legal_duty", "Legal duty to report (child at risk of harm)"),
            ("agency_request", "Request of the police or social services"),
            ("court_order", "Court order"),
            ("consent", "Consent of the parents or the child"),
            ("vital_interest", "To protect the child from serious harm"),
        ],
        required=True,
        default="legal_duty",
    )
    legal_basis_note = fields.Char(string="Legal reference")
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("email", "Email"),
            ("letter", "Letter"),
            ("in_person", "In person"),
            ("online_form", "Online form"),
        ],
        required=True,
        default="letter",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Shared by",
        required=True,
        default=lambda self: self.env.user,
        readonly=True,
    )

    @api.depends("case_id.company_id", "allegation_id.company_id")
    def _compute_company_id(self):
        for disclosure in self:
            disclosure.company_id = (
                disclosure.case_id.company_id or disclosure.allegation_id.company_id
            )

    @api.constrains("case_id", "allegation_id")
    def _check_origin(self):
        for disclosure in self:
            if bool(disclosure.case_id) == bool(disclosure.allegation_id):
                raise ValidationError(
                    self.env._(
                        "Shared information belongs to a case or to an allegation."
                    )
                )

    @api.constrains("date")
    def _check_date(self):
        now = fields.Datetime.now()
        for disclosure in self:
            if disclosure.date > now:
                raise ValidationError(
                    self.env._(
                        "Information cannot be recorded as shared in the future."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self.env.su:
                vals["user_id"] = self.env.uid
        disclosures = super().create(vals_list)
        bases = dict(self._fields["legal_basis"]._description_selection(self.env))
        for disclosure in disclosures:
            (disclosure.case_id or disclosure.allegation_id)._log(
                "disclosure",
                self.env._(
                    "%(ref)s: shared with %(agency)s (%(basis)s): %(what)s",
                    ref=disclosure.name,
                    agency=disclosure.agency_id.name,
                    basis=bases[disclosure.legal_basis],
                    what=disclosure.information,
                ),
            )
        return disclosures

    def write(self, vals):
        if self.env.su:
            return super().write(vals)
        raise UserError(
            self.env._(
                "A record of shared information cannot be changed: record a new one."
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(self.env._("Records of shared information are kept."))
