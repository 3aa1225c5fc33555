from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.query import Query

TEAM = "school_safeguarding.group_safeguarding_team"


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "safeguarding.search.guard"]

    is_pupil = fields.Boolean(
        string="Pupil",
        index=True,
        help="A child on the school roll; concerns and cases are recorded "
        "about pupils.",
    )
    pupil_grade = fields.Char(string="Class / grade", help="For example 5B or K2.")
    pupil_birthdate = fields.Date(string="Date of birth", groups="base.group_user")
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
    # Stored apart and shown through pupil_medical_need_detail, which gives it
    # to the safeguarding team of the pupil's own school only.
    pupil_medical_need_note = fields.Text(
        string="Medical need detail (stored)", groups="base.group_system", copy=False
    )
    pupil_medical_need_detail = fields.Text(
        string="Medical need detail",
        compute="_compute_pupil_medical_need_detail",
        inverse="_inverse_pupil_medical_need_detail",
        search="_search_pupil_medical_need_detail",
        groups=TEAM,
        help="For the safeguarding team of the pupil's school.",
    )
    pupil_out_of_school = fields.Boolean(
        string="Out of school",
        compute="_compute_pupil_out_of_school",
        search="_search_pupil_out_of_school",
        groups="base.group_user",
        help="Kept out of school today under the discipline policy while a "
        "matter is investigated. Staff see the fact, never the reason.",
    )
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
    # Computed and searched as the current user: the record rules of concerns
    # and cases decide what is listed, counted or found.
    safeguarding_concern_ids = fields.One2many(
        "safeguarding.concern",
        "pupil_id",
        string="Concerns",
        compute="_compute_safeguarding_records",
        search="_search_safeguarding_concern_ids",
        groups=TEAM,
    )
    safeguarding_case_ids = fields.One2many(
        "safeguarding.case",
        "pupil_id",
        string="Cases",
        compute="_compute_safeguarding_records",
        search="_search_safeguarding_case_ids",
        groups=TEAM,
    )
    safeguarding_concern_count = fields.Integer(
        compute="_compute_safeguarding_counts", compute_sudo=False, groups=TEAM
    )
    safeguarding_case_count = fields.Integer(
        compute="_compute_safeguarding_counts", compute_sudo=False, groups=TEAM
    )

    def web_read(self, specification):
        # The form shows the person's safeguarding records to those who may
        # read them, and reading those is written to the access log: not in
        # the read-only transaction Odoo uses for reads.
        return super().web_read(specification)

    web_read._readonly = False

    def _safeguarding_own_school(self):
        """The pupils of ``self`` that belong to one of the user's schools.

        A pupil's school is the contact's company; for a pupil without one,
        the schools where the child has concerns or cases (none: any school).
        """
        if self.env.su:
            return self
        schools = set(self.env.user.company_ids.ids)
        unassigned = self.filtered(lambda partner: not partner.company_id)
        record_schools = {}
        for model in ("safeguarding.concern", "safeguarding.case"):
            if not unassigned:
                break
            # sudo: only which schools hold records about the child.
            groups = (
                self.env[model]
                .sudo()
                ._read_group(
                    [("pupil_id", "in", unassigned.ids)], ["pupil_id", "company_id"]
                )
            )
            for pupil, company in groups:
                record_schools.setdefault(pupil.id, set()).add(company.id)

        def own(partner):
            if partner.company_id:
                return partner.company_id.id in schools
            found = record_schools.get(partner.id)
            return not found or bool(found & schools)

        return self.filtered(own)

    @api.depends_context("uid")
    def _compute_pupil_medical_need_detail(self):
        own = self._safeguarding_own_school()
        for partner in self:
            # sudo: the stored detail is read here for the team of the
            # pupil's school only.
            partner.pupil_medical_need_detail = (
                partner.sudo().pupil_medical_need_note if partner in own else False
            )

    def _inverse_pupil_medical_need_detail(self):
        others = self - self._safeguarding_own_school()
        if others:
            raise AccessError(
                self.env._(
                    "Only the safeguarding team of %(names)s's school may record "
                    "their medical need.",
                    names=", ".join(others.mapped("name")),
                )
            )
        for partner in self:
            # sudo: written for the team of the pupil's school (checked above).
            partner.sudo().pupil_medical_need_note = partner.pupil_medical_need_detail

    def _search_pupil_medical_need_detail(self, operator, value):
        raise UserError(self.env._("Medical details cannot be searched."))

    def _compute_pupil_out_of_school(self):
        today = fields.Date.context_today(self)
        # sudo: exclusions are case content; only the fact that the pupil is
        # out of school today is exposed, to every member of staff.
        exclusions = (
            self.env["safeguarding.exclusion"]
            .sudo()
            .search(
                [
                    ("pupil_id", "in", self.ids),
                    ("date_from", "<=", today),
                    ("date_to", ">=", today),
                ]
            )
        )
        out = set(exclusions.pupil_id.ids)
        for partner in self:
            partner.pupil_out_of_school = partner.id in out

    def _search_pupil_out_of_school(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search."))
        today = fields.Date.context_today(self)
        # sudo: see _compute_pupil_out_of_school.
        pupils = (
            self.env["safeguarding.exclusion"]
            .sudo()
            .search([("date_from", "<=", today), ("date_to", ">=", today)])
            .pupil_id
        )
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", pupils.ids)]

    @api.depends_context("uid")
    def _compute_safeguarding_records(self):
        concerns = self.env["safeguarding.concern"].search(
            [("pupil_id", "in", self.ids)]
        )
        Case = self.env["safeguarding.case"]
        # Senior roles without two-factor see no cases (and are told why on Today).
        cases = (
            Case.browse()
            if Case._safeguarding_two_factor_missing()
            else Case.search([("pupil_id", "in", self.ids)])
        )
        for partner in self:
            partner.safeguarding_concern_ids = concerns.filtered(
                lambda concern, p=partner: concern.pupil_id == p
            )
            partner.safeguarding_case_ids = cases.filtered(
                lambda case, p=partner: case.pupil_id == p
            )

    def _search_safeguarding_concern_ids(self, operator, value):
        return self._safeguarding_search_records(
            "safeguarding.concern", operator, value
        )

    def _search_safeguarding_case_ids(self, operator, value):
        return self._safeguarding_search_records("safeguarding.case", operator, value)

    def _safeguarding_search_records(self, model, operator, value):
        """Pupils with (or without) records of ``model`` the user may read."""
        if not self.env.su and not self.env.user.has_group(TEAM):
            raise AccessError(
                self.env._(
                    "Only the safeguarding team may search on concerns and cases."
                )
            )
        if isinstance(value, Query):
            domain = [("id", "in", value)]
            positive = operator in ("any", "in", "=")
        elif operator in ("any", "not any"):
            domain, positive = value, operator == "any"
        elif value is False or value is None:
            if operator not in ("=", "!="):
                raise UserError(self.env._("Unsupported search."))
            domain, positive = [], operator == "!="
        elif operator in ("in", "not in", "=", "!="):
            ids = value if isinstance(value, list | tuple) else [value]
            if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
                raise UserError(self.env._("Unsupported search."))
            domain, positive = [("id", "in", list(ids))], operator in ("in", "=")
        else:
            raise UserError(self.env._("Unsupported search."))
        groups = self.env[model]._read_group(
            [*domain, ("pupil_id", "!=", False)], ["pupil_id"]
        )
        pupils = [pupil.id for (pupil,) in groups]
        return [("id", "in" if positive else "not in", pupils)]

    @api.depends_context("uid")
    def _compute_safeguarding_counts(self):
        # Counted as the current user: only what they may read is counted.
        concern_data = self.env["safeguarding.concern"]._read_group(
            [("pupil_id", "in", self.ids)], ["pupil_id"], ["__count"]
        )
        Case = self.env["safeguarding.case"]
        case_data = (
            []
            if Case._safeguarding_two_factor_missing()
            else Case._read_group(
                [("pupil_id", "in", self.ids)], ["pupil_id"], ["__count"]
            )
        )
        concerns = {pupil.id: count for pupil, count in concern_data}
        cases = {pupil.id: count for pupil, count in case_data}
        for partner in self:
            partner.safeguarding_concern_count = concerns.get(partner.id, 0)
            partner.safeguarding_case_count = cases.get(partner.id, 0)

    @api.depends("is_pupil", "pupil_grade")
    def _compute_display_name(self):
        # The class beside a pupil's name tells namesakes apart in every
        # picker of a child (concerns, cases, referrals...).
        result = super()._compute_display_name()
        for partner in self:
            if partner.is_pupil and partner.pupil_grade:
                # Beside the name, before an address shown on the next lines.
                name, newline, rest = partner.display_name.partition("\n")
                partner.display_name = (
                    self.env._(
                        "%(name)s (%(grade)s)", name=name, grade=partner.pupil_grade
                    )
                    + newline
                    + rest
                )
        return result

    @api.constrains("pupil_birthdate")
    def _check_pupil_birthdate(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.pupil_birthdate and partner.pupil_birthdate > today:
                raise ValidationError(
                    self.env._("A date of birth cannot be in the future.")
                )

    def get_formview_id(self, access_uid=None):
        """A pupil opens on the pupil form, not on the business contact."""
        if len(self) == 1 and self.is_pupil:
            return self.env.ref("school_safeguarding.res_partner_view_form_pupil").id
        return super().get_formview_id(access_uid=access_uid)

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
