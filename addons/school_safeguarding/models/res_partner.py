from odoo import api, fields, models

TEAM = "school_safeguarding.group_safeguarding_team"


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_pupil = fields.Boolean(
        string="Pupil",
        index=True,
        help="A child on the school roll; concerns and cases are recorded "
        "about pupils.",
    )
    pupil_grade = fields.Char(string="Class / grade", help="For example 5B or K2.")
    pupil_guardian_ids = fields.One2many(
        "safeguarding.pupil.guardian",
        "pupil_id",
        string="Guardians",
        groups="base.group_user",
    )
    pupil_has_medical_need = fields.Boolean(
        string="Medical need",
        groups="base.group_user",
        help="Staff who work with the child see that there is a medical need; "
        "the detail is for the safeguarding team only.",
    )
    pupil_medical_need_detail = fields.Text(string="Medical need detail", groups=TEAM)
    safeguarding_agency_type = fields.Selection(
        [
            ("child_protection", "Child social protection service"),
            ("police", "Police"),
            ("health", "Health"),
            ("education", "Education authority"),
            ("other", "Other agency"),
        ],
        string="Agency type",
        help="Set on organisations the school refers children to.",
    )
    safeguarding_concern_ids = fields.One2many(
        "safeguarding.concern", "pupil_id", string="Concerns", groups=TEAM
    )
    safeguarding_case_ids = fields.One2many(
        "safeguarding.case", "pupil_id", string="Cases", groups=TEAM
    )
    safeguarding_concern_count = fields.Integer(
        compute="_compute_safeguarding_counts", compute_sudo=False, groups=TEAM
    )
    safeguarding_case_count = fields.Integer(
        compute="_compute_safeguarding_counts", compute_sudo=False, groups=TEAM
    )

    @api.depends("safeguarding_concern_ids", "safeguarding_case_ids")
    def _compute_safeguarding_counts(self):
        # Counted as the current user: only what they may read is counted.
        concern_data = self.env["safeguarding.concern"]._read_group(
            [("pupil_id", "in", self.ids)], ["pupil_id"], ["__count"]
        )
        case_data = self.env["safeguarding.case"]._read_group(
            [("pupil_id", "in", self.ids)], ["pupil_id"], ["__count"]
        )
        concerns = {pupil.id: count for pupil, count in concern_data}
        cases = {pupil.id: count for pupil, count in case_data}
        for partner in self:
            partner.safeguarding_concern_count = concerns.get(partner.id, 0)
            partner.safeguarding_case_count = cases.get(partner.id, 0)

    def action_view_safeguarding_timeline(self):
        """Open the child's concerns and cases, oldest first."""
        self.ensure_one()
        self.env["safeguarding.case"].check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Safeguarding record"),
            "res_model": "safeguarding.case.log",
            "view_mode": "list,form",
            "domain": [("pupil_id", "=", self.id)],
            "context": {"create": False},
        }

    def action_view_safeguarding_concerns(self):
        self.ensure_one()
        self.env["safeguarding.concern"].check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_safeguarding.safeguarding_concern_action_all"
        )
        action["domain"] = [("pupil_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_view_safeguarding_cases(self):
        self.ensure_one()
        self.env["safeguarding.case"].check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_safeguarding.safeguarding_case_action"
        )
        action["domain"] = [("pupil_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
