from odoo import fields, models

from .safeguarding_allegation import RECORDED_OUTCOMES

ALLEGATION_READERS = (
    "school_safeguarding.group_safeguarding_lead,"
    "school_safeguarding.group_safeguarding_director"
)


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    safeguarding_allegation_ids = fields.Many2many(
        "safeguarding.allegation",
        string="Allegations",
        compute="_compute_safeguarding_allegations",
        compute_sudo=False,
        groups=ALLEGATION_READERS,
        help="Open allegations and those found substantiated or unsubstantiated. "
        "Unfounded, false and malicious allegations never show on the person's "
        "record.",
    )
    safeguarding_allegation_count = fields.Integer(
        string="Allegations count",
        compute="_compute_safeguarding_allegations",
        compute_sudo=False,
        groups=ALLEGATION_READERS,
    )

    def _allegation_domain(self):
        return [
            ("subject_employee_id", "in", self.ids),
            "|",
            ("outcome", "=", False),
            ("outcome", "in", RECORDED_OUTCOMES),
        ]

    def _compute_safeguarding_allegations(self):
        # As the current user: record rules keep the person concerned out.
        allegations = self.env["safeguarding.allegation"].search(
            self._allegation_domain()
        )
        for employee in self:
            mine = allegations.filtered(
                lambda allegation, e=employee: allegation.subject_employee_id == e
            )
            employee.safeguarding_allegation_ids = mine
            employee.safeguarding_allegation_count = len(mine)

    def action_view_safeguarding_allegations(self):
        self.ensure_one()
        self.env["safeguarding.allegation"].check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_safeguarding.safeguarding_allegation_action"
        )
        action["domain"] = self._allegation_domain()
        action["context"] = {"create": False}
        return action
