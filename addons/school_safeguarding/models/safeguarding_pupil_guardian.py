from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SafeguardingPupilGuardian(models.Model):
    _name = "safeguarding.pupil.guardian"
    _description = "Pupil guardian"
    _inherit = ["safeguarding.input.guard"]
    _order = "pupil_id, sequence, id"

    sequence = fields.Integer(default=10)
    pupil_id = fields.Many2one(
        "res.partner",
        string="Pupil",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('is_pupil', '=', True)]",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Guardian", required=True, index=True, ondelete="restrict"
    )
    relation = fields.Selection(
        [
            ("mother", "Mother"),
            ("father", "Father"),
            ("grandparent", "Grandparent"),
            ("legal_guardian", "Legal guardian"),
            ("relative", "Other relative"),
            ("other", "Other"),
        ],
        required=True,
        default="mother",
    )
    lives_abroad = fields.Boolean(
        help="Parents living abroad cannot be present at short notice; a guardian "
        "is offered instead (police interviews, for example)."
    )
    phone = fields.Char(related="partner_id.phone")
    email = fields.Char(related="partner_id.email")

    _sql_constraints = [
        (
            "pupil_partner_unique",
            "unique(pupil_id, partner_id)",
            "This person is already a guardian of the pupil.",
        ),
    ]

    @api.constrains("pupil_id", "partner_id")
    def _check_not_self(self):
        for guardian in self:
            if guardian.pupil_id == guardian.partner_id:
                raise ValidationError(
                    self.env._("A pupil cannot be their own guardian.")
                )
