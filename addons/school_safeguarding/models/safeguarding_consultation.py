import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .safeguarding_formats import local_datetime_text

TEAM = "school_safeguarding.group_safeguarding_team"


class SafeguardingConsultation(models.Model):
    """An anonymous consultation with social services (R20).

    When unsure whether to refer, the DSL describes the situation without
    naming the child or the family. What is shared (the question and the
    advice) must hold no identity; the link to the case stays internal.
    """

    _name = "safeguarding.consultation"
    _description = "Anonymous consultation"
    _inherit = ["safeguarding.confidential.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, copy=False, index="trigram")
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    case_id = fields.Many2one(
        "safeguarding.case",
        string="Case",
        index=True,
        ondelete="restrict",
        check_company=True,
        help="Internal link: never part of what is shared with the agency.",
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    agency_id = fields.Many2one(
        "res.partner",
        string="Service consulted",
        required=True,
        domain="[('safeguarding_agency_type', '!=', False)]",
        ondelete="restrict",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Consulted by",
        required=True,
        default=lambda self: self.env.user,
    )
    question = fields.Text(
        string="Situation described",
        required=True,
        help="Without the name of the child, their family or anything that "
        "identifies them.",
    )
    advice = fields.Text(string="Advice received")
    shareable_text = fields.Text(
        string="Text for the agency",
        compute="_compute_shareable_text",
        help="What may be sent to the agency: no reference, no name.",
    )

    @api.depends("date", "agency_id", "question", "advice")
    def _compute_shareable_text(self):
        for consultation in self:
            date = (
                local_datetime_text(consultation, consultation.date, with_time=False)
                if consultation.date
                else ""
            )
            consultation.shareable_text = self.env._(
                "Anonymous consultation of %(date)s with %(agency)s.\n\n"
                "Situation: %(question)s\n\nAdvice: %(advice)s",
                date=date,
                agency=consultation.agency_id.name or "",
                question=consultation.question or "",
                advice=consultation.advice or "",
            )

    def _identity_terms(self):
        """Names that would identify the child or family of the linked case."""
        self.ensure_one()
        case = self.case_id.sudo()
        people = case.pupil_id | case.pupil_id.pupil_guardian_ids.partner_id
        terms = set()
        for person in people:
            name = (person.name or "").strip()
            if name:
                terms.add(name)
                terms.update(
                    part for part in re.split(r"[\s\-]+", name) if len(part) > 2
                )
        return terms

    @api.model
    def _check_case_readable(self, case_id):
        """Only a case the user may read is linked (and so described)."""
        if self.env.su or not case_id:
            return
        if not self.env["safeguarding.case"].browse(case_id).has_access("read"):
            raise AccessError(
                self.env._(
                    "A consultation can only be linked to a case of your school "
                    "that you may read."
                )
            )

    @api.constrains("question", "advice", "case_id")
    def _check_anonymous(self):
        for consultation in self:
            text = f"{consultation.question or ''}\n{consultation.advice or ''}"
            found = any(
                re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE)
                for term in consultation._identity_terms()
            )
            if found:
                # The names are not repeated: the message is no way to learn
                # who a case is about.
                raise ValidationError(
                    self.env._(
                        "An anonymous consultation names nobody: remove the names "
                        "of the child and of their family."
                    )
                )
            if (
                consultation.case_id
                and consultation.case_id.name
                and (consultation.case_id.name.lower() in text.lower())
            ):
                raise ValidationError(
                    self.env._(
                        "An anonymous consultation does not quote the case reference."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_case_readable(vals.get("case_id"))
        consultations = super().create(vals_list)
        for consultation in consultations:
            if consultation.case_id:
                consultation.case_id._log(
                    "referral",
                    self.env._(
                        "%(ref)s: anonymous consultation with %(agency)s.",
                        ref=consultation.name,
                        agency=consultation.agency_id.name,
                    ),
                )
        return consultations

    def write(self, vals):
        self._check_case_readable(vals.get("case_id"))
        result = super().write(vals)
        if "advice" in vals:
            for consultation in self.filtered(lambda c: c.case_id and c.advice):
                consultation.case_id._log(
                    "referral",
                    self.env._(
                        "%(ref)s: advice received: %(advice)s",
                        ref=consultation.name,
                        advice=consultation.advice,
                    ),
                )
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(self.env._("Consultations are kept as a record."))
