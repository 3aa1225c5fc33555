from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .safeguarding_formats import local_datetime_text


class SafeguardingPoliceInterview(models.Model):
    """A police interview of a pupil (R26).

    Parents are told before it; the pupil is supported during it; when the
    parents are abroad a guardian is offered and may accompany the pupil.
    """

    _name = "safeguarding.police.interview"
    _description = "Police interview of a pupil"
    _inherit = ["safeguarding.input.guard"]
    _order = "date desc, id desc"
    _check_company_auto = True

    case_id = fields.Many2one(
        "safeguarding.case",
        string="Case",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, precompute=True
    )
    pupil_id = fields.Many2one(
        "res.partner",
        string="Pupil",
        required=True,
        domain="[('is_pupil', '=', True)]",
        ondelete="restrict",
    )
    date = fields.Datetime(string="Interview on", required=True)
    place = fields.Char(required=True)
    officer = fields.Char(string="Police officer", required=True)
    parents_told_date = fields.Datetime(string="Parents told at", required=True)
    parents_told_by_id = fields.Many2one(
        "res.users", string="Parents told by", default=lambda self: self.env.user
    )
    supporter_id = fields.Many2one(
        "res.users",
        string="Supported by (school)",
        help="The member of staff who supported the pupil during the interview.",
    )
    supporter_name = fields.Char(string="Other support (name, role)")
    parents_abroad = fields.Boolean(
        compute="_compute_parents_abroad", store=True, readonly=False
    )
    guardian_offered = fields.Boolean(string="Guardian offered")
    guardian_partner_id = fields.Many2one(
        "res.partner", string="Guardian", ondelete="restrict"
    )
    guardian_accompanied = fields.Boolean(string="Guardian accompanied the pupil")
    note = fields.Text()

    @api.depends("pupil_id")
    def _compute_parents_abroad(self):
        for interview in self:
            guardians = interview.pupil_id.sudo().pupil_guardian_ids
            interview.parents_abroad = bool(guardians) and all(
                guardians.mapped("lives_abroad")
            )

    @api.constrains(
        "date",
        "parents_told_date",
        "supporter_id",
        "supporter_name",
        "parents_abroad",
        "guardian_offered",
        "guardian_accompanied",
        "guardian_partner_id",
    )
    def _check_interview(self):
        for interview in self:
            if interview.parents_told_date >= interview.date:
                raise ValidationError(
                    self.env._(
                        "The parents must be told before the police interview: "
                        "the time they were told is not before the interview."
                    )
                )
            if not (interview.supporter_id or interview.supporter_name):
                raise ValidationError(
                    self.env._("Record who supported the pupil during the interview.")
                )
            if interview.parents_abroad and not interview.guardian_offered:
                raise ValidationError(
                    self.env._(
                        "The parents are abroad: a guardian must be offered to the "
                        "pupil."
                    )
                )
            if interview.guardian_accompanied and not interview.guardian_partner_id:
                raise ValidationError(
                    self.env._("Name the guardian who accompanied the pupil.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        interviews = super().create(vals_list)
        for interview in interviews:
            interview.case_id._log(
                "contact",
                self.env._(
                    "Police interview of %(pupil)s on %(date)s at %(place)s by "
                    "%(officer)s; parents told at %(told)s.",
                    pupil=interview.pupil_id.sudo().name,
                    date=local_datetime_text(interview, interview.date),
                    place=interview.place,
                    officer=interview.officer,
                    told=local_datetime_text(interview, interview.parents_told_date),
                ),
            )
        return interviews

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(self.env._("Police interviews are kept as a record."))
