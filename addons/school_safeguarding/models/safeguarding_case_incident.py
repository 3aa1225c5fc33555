from odoo import api, fields, models
from odoo.exceptions import UserError


class SafeguardingCase(models.Model):
    """A child's file shows the other children of an incident only when linked.

    A concern sent for several children is one concern per child, linked by
    the incident's reference: the file of each child (and its chronology,
    which is shared with agencies) counts the others without naming them,
    until the team decides to show them in this file.
    """

    _inherit = "safeguarding.case"

    incident_shown_concern_ids = fields.Many2many(
        "safeguarding.concern",
        "safeguarding_case_incident_shown_rel",
        "case_id",
        "concern_id",
        string="Incidents shown",
        readonly=True,
        copy=False,
        help="Concerns of this file whose incident's other children the team "
        "chose to name in this file.",
    )
    incident_pupil_ids = fields.Many2many(
        "res.partner",
        string="Other children of the same incident",
        compute="_compute_incident_pupils",
        compute_sudo=False,
    )
    incident_hidden_count = fields.Integer(
        string="Other children not named",
        compute="_compute_incident_pupils",
        compute_sudo=False,
    )
    incident_others_label = fields.Char(
        string="Same incident",
        compute="_compute_incident_pupils",
        compute_sudo=False,
    )

    @api.depends("pupil_id", "concern_ids.incident_ref", "incident_shown_concern_ids")
    @api.depends_context("uid")
    def _compute_incident_pupils(self):
        # As the user: only the concerns they may read are counted.
        siblings = self._incident_siblings()
        if not siblings:
            # Most files: no incident of several children, nothing more to read.
            for case in self:
                case.incident_pupil_ids = False
                case.incident_hidden_count = 0
                case.incident_others_label = case._incident_label(
                    self.env["res.partner"], 0
                )
            return
        for case in self:
            refs = {
                concern.incident_ref for concern in siblings if concern.case_id == case
            }
            shown_refs = set(case.incident_shown_concern_ids.mapped("incident_ref"))
            others = siblings.filtered(
                lambda concern, case=case, refs=refs: concern.incident_ref in refs
                and concern.pupil_id != case.pupil_id
            )
            shown = others.filtered(
                lambda concern, shown_refs=shown_refs: concern.incident_ref
                in shown_refs
            ).pupil_id
            hidden = len(others.pupil_id - shown)
            case.incident_pupil_ids = shown
            case.incident_hidden_count = hidden
            case.incident_others_label = case._incident_label(shown, hidden)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                vals.pop("incident_shown_concern_ids", None)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and "incident_shown_concern_ids" in vals:
            raise UserError(
                self.env._(
                    "Use 'Show the other children in this file' to name the other "
                    "children of an incident in a file."
                )
            )
        return super().write(vals)

    def action_show_incident_children(self):
        """Name the other children of this file's incidents in this file.

        The names then appear on the case and in its chronology (and its
        PDF); who decided it and when is an entry of the chronology.
        """
        self._check_can_act()
        siblings = self._incident_siblings()
        if not siblings:
            # Most files: no incident of several children, nothing more to read.
            for case in self:
                case.incident_pupil_ids = False
                case.incident_hidden_count = 0
                case.incident_others_label = case._incident_label(
                    self.env["res.partner"], 0
                )
            return
        for case in self:
            if case.state == "closed":
                raise UserError(
                    self.env._(
                        "%(ref)s is closed: reopen it before changing it.",
                        ref=case.name,
                    )
                )
            concerns = (
                case.concern_ids.filtered("incident_ref")
                - case.incident_shown_concern_ids
            )
            by_incident = {}
            for concern in siblings:
                if (
                    concern.incident_ref in concerns.mapped("incident_ref")
                    and concern.pupil_id != case.pupil_id
                ):
                    by_incident.setdefault(concern.incident_ref, concern.browse())
                    by_incident[concern.incident_ref] |= concern
            if not by_incident:
                raise UserError(
                    self.env._(
                        "%(ref)s has no other children of an incident left to show.",
                        ref=case.name,
                    )
                )
            # sudo: the link is set by this action only, which checked the
            # user's right to act on the case above.
            case.sudo().incident_shown_concern_ids = [
                fields.Command.link(concern.id) for concern in concerns
            ]
            for incident_ref, others in sorted(by_incident.items()):
                case._log(
                    "decision",
                    self.env._(
                        "The other children of incident %(incident)s are named in "
                        "this file from now on: %(names)s.",
                        incident=incident_ref,
                        names=", ".join(sorted(set(others.pupil_id.mapped("name")))),
                    ),
                )
        return True

    def _incident_siblings(self):
        """The concerns (read as the user) of the incidents of these files."""
        # Searched, not read concern by concern: a file of years holds
        # thousands of concerns, and few are part of an incident.
        Concern = self.env["safeguarding.concern"]
        own = Concern.search(
            [("case_id", "in", self.ids), ("incident_ref", "!=", False)]
        )
        refs = list(set(own.mapped("incident_ref")))
        if not refs:
            return Concern
        return Concern.search([("incident_ref", "in", refs)])

    def _incident_label(self, shown, hidden):
        """The other children of the file's incidents: named, or counted."""
        names = ", ".join(sorted(shown.mapped("name")))
        if not hidden:
            return names
        if hidden == 1:
            counted = self.env._("another pupil, not named in this file")
        else:
            counted = self.env._(
                "%(count)s other pupils, not named in this file", count=hidden
            )
        if not names:
            return counted
        return self.env._("%(names)s and %(others)s", names=names, others=counted)
