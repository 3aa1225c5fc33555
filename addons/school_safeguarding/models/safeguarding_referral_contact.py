from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .safeguarding_evidence_guard import keep_evidence
from .safeguarding_referral import CHANNELS, WRITTEN_CHANNELS


class SafeguardingReferralContact(models.Model):
    """One contact between the school and an agency about a referral.

    Append-only, like the chronology: what was said and when is never
    changed; a correction is a new contact.
    """

    _name = "safeguarding.referral.contact"
    _description = "Referral contact"
    _inherit = ["safeguarding.input.guard"]
    _order = "date desc, id desc"
    _check_company_auto = True

    referral_id = fields.Many2one(
        "safeguarding.referral",
        string="Referral",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        related="referral_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    date = fields.Datetime(string="When", required=True, default=fields.Datetime.now)
    channel = fields.Selection(
        CHANNELS,
        required=True,
        default="phone",
    )
    direction = fields.Selection(
        [("out", "School to agency"), ("in", "Agency to school")],
        required=True,
        default="out",
    )
    kind = fields.Selection(
        [
            ("contact", "Contact"),
            ("written_referral", "Written referral"),
            ("recontact", "Re-contact"),
            ("answer", "Answer"),
        ],
        required=True,
        default="contact",
    )
    contact_name = fields.Char(string="Who (agency)")
    user_id = fields.Many2one(
        "res.users",
        string="Who (school)",
        required=True,
        default=lambda self: self.env.user,
    )
    summary = fields.Text(required=True)

    def init(self):
        keep_evidence(self.env.cr, self._table, mutable=("company_id",))

    def _channel_label(self):
        labels = dict(self._fields["channel"]._description_selection(self.env))
        return labels.get(self[:1].channel, "")

    @api.constrains("date", "kind", "direction", "channel", "referral_id")
    def _check_sequence(self):
        now = fields.Datetime.now()
        for contact in self:
            if contact.date > now:
                raise ValidationError(
                    self.env._("A contact cannot be dated in the future.")
                )
            first = contact.referral_id.first_contact_date
            if contact.kind == "written_referral":
                if contact.direction != "out":
                    raise ValidationError(
                        self.env._("The written referral goes from the school.")
                    )
                if contact.channel not in WRITTEN_CHANNELS:
                    raise ValidationError(
                        self.env._(
                            "A written referral is sent by email, letter or online "
                            "form."
                        )
                    )
                phone = contact.referral_id.contact_ids.filtered(
                    lambda c: c.direction == "out" and c.channel == "phone"
                )
                if phone and contact.date < min(phone.mapped("date")):
                    raise ValidationError(
                        self.env._(
                            "The written referral cannot be sent before the phone "
                            "call it confirms."
                        )
                    )
            if contact.direction == "in" and first and contact.date < first:
                raise ValidationError(
                    self.env._(
                        "An answer from the agency cannot come before the referral "
                        "was made."
                    )
                )
            if contact.kind in ("recontact", "answer") and not first:
                raise ValidationError(
                    self.env._("Record the first contact with the agency first.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self.env.su:
                vals["user_id"] = vals.get("user_id") or self.env.uid
            if vals.get("kind") == "answer" and not self.env.context.get(
                "safeguarding_answer"
            ):
                raise UserError(
                    self.env._("Record the agency's answer with 'Record answer'.")
                )
        contacts = super().create(vals_list)
        contacts.referral_id.check_access("write")
        if not self.env.context.get("safeguarding_answer"):
            contacts.referral_id._on_contact(contacts)
        return contacts

    def write(self, vals):
        if self.env.su:
            return super().write(vals)
        raise UserError(
            self.env._("Contacts cannot be changed: record a new contact instead.")
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(self.env._("Contacts with agencies are kept."))
