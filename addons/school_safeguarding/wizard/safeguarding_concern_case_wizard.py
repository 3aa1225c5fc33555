from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import clean_context


class SafeguardingConcernCaseWizard(models.TransientModel):
    _name = "safeguarding.concern.case.wizard"
    _description = "Open a case from concerns, or add them to the child's case"
    _inherit = ["safeguarding.input.guard"]

    concern_ids = fields.Many2many(
        "safeguarding.concern", string="Concerns", required=True
    )
    pupil_id = fields.Many2one(
        "res.partner", string="Child", compute="_compute_pupil_id"
    )
    company_id = fields.Many2one("res.company", compute="_compute_pupil_id")
    mode = fields.Selection(
        [("new", "Open a new case"), ("existing", "Add to an open case")],
        required=True,
        compute="_compute_open_case",
        store=True,
        readonly=False,
        precompute=True,
    )
    case_id = fields.Many2one(
        "safeguarding.case",
        string="Case",
        compute="_compute_open_case",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('pupil_id', '=', pupil_id), ('state', '!=', 'closed'), "
        "('company_id', '=', company_id)]",
    )
    case_type = fields.Selection(
        selection=lambda self: self.env["safeguarding.case"]
        ._fields["case_type"]
        ._description_selection(self.env),
        string="Type",
        default="welfare",
    )
    risk_level = fields.Selection(
        selection=lambda self: self.env["safeguarding.case"]
        ._fields["risk_level"]
        ._description_selection(self.env),
        string="Risk",
        default="medium",
    )

    @api.depends("concern_ids")
    def _compute_pupil_id(self):
        for wizard in self:
            wizard.pupil_id = wizard.concern_ids.pupil_id[:1]
            wizard.company_id = wizard.concern_ids.company_id[:1]

    @api.depends("concern_ids")
    def _compute_open_case(self):
        """The child's open case when there is one: add to it, not a second."""
        for wizard in self:
            pupil = wizard.concern_ids.pupil_id[:1]
            open_case = pupil and self.env["safeguarding.case"].search(
                [
                    ("pupil_id", "=", pupil.id),
                    ("state", "!=", "closed"),
                    ("company_id", "=", wizard.concern_ids.company_id[:1].id),
                ],
                order="date_opened desc",
                limit=1,
            )
            wizard.mode = "existing" if open_case else "new"
            wizard.case_id = open_case or False

    def action_confirm(self):
        self.ensure_one()
        concerns = self.concern_ids
        if len(concerns.pupil_id) != 1 or concerns.filtered(
            lambda concern: not concern.pupil_id
        ):
            raise UserError(
                self.env._(
                    "A case is about one child: choose concerns about the same child."
                )
            )
        if len(concerns.company_id) != 1:
            raise UserError(self.env._("Choose concerns of one school."))
        if self.mode == "existing":
            if not self.case_id:
                raise UserError(self.env._("Choose the case to add the concerns to."))
            case = self.case_id
        else:
            # Without the wizard's default_* keys, which would fill the case.
            Case = self.env["safeguarding.case"].with_env(
                self.env(context=clean_context(self.env.context))
            )
            case = Case.create(
                {
                    "pupil_id": concerns.pupil_id.id,
                    "company_id": concerns.company_id.id,
                    "case_type": self.case_type or "welfare",
                    "risk_level": self.risk_level or "medium",
                }
            )
        concerns._link_to_case(case)
        return {
            "type": "ir.actions.act_window",
            "res_model": "safeguarding.case",
            "res_id": case.id,
            "view_mode": "form",
            "target": "current",
        }
