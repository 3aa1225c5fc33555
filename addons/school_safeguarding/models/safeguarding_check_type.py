from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SafeguardingCheckType(models.Model):
    """A kind of vetting evidence and who needs it (R5)."""

    _name = "safeguarding.check.type"
    _description = "Vetting check type"
    _inherit = ["safeguarding.input.guard"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    required_employee = fields.Boolean(string="Required for staff", default=True)
    required_volunteer = fields.Boolean(string="Required for volunteers", default=True)
    required_contractor = fields.Boolean(
        string="Required for contractors' people", default=True
    )
    foreign_staff_only = fields.Boolean(
        help="Required only for people whose nationality is not the school's "
        "country (right to work)."
    )
    validity_months = fields.Integer(
        string="Valid for (months)",
        help="0: the document has no fixed validity (its own expiry date, if any, "
        "applies).",
    )
    active = fields.Boolean(default=True)

    @api.constrains("validity_months")
    def _check_validity(self):
        for check_type in self:
            if check_type.validity_months < 0:
                raise ValidationError(self.env._("A validity cannot be negative."))

    def _required_for(self, employee):
        """Whether ``employee`` needs this check."""
        self.ensure_one()
        return self in self._required_by(
            employee._safeguarding_category(), employee._safeguarding_is_foreign()
        )

    def _required_by(self, category, foreign):
        """Those of these check types that a person of ``category`` needs.

        ``category`` is employee, volunteer or contractor; ``foreign``, whether
        the person's nationality is not the school's country (right to work).
        """
        return self.filtered(
            lambda check_type: check_type[f"required_{category}"]
            and (foreign or not check_type.foreign_staff_only)
        )
