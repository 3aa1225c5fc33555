from lxml import html as lxml_html

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, is_html_empty

TEAM = "school_safeguarding.group_safeguarding_team"
# Elements of a chatter note that end a line of its plain text.
LINE_ENDS = ("br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "blockquote")


def note_text(body):
    """The plain text of a chatter note's HTML, one line per paragraph."""
    if is_html_empty(body):
        return ""
    root = lxml_html.fragment_fromstring(str(body), create_parent="div")
    for element in root.iter(*LINE_ENDS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


class SafeguardingCase(models.Model):
    """The DSL's file on a child, opened from one or more concerns."""

    _name = "safeguarding.case"
    _description = "Safeguarding case"
    _inherit = ["safeguarding.confidential.mixin"]
    _order = "date_opened desc, id desc"
    _check_company_auto = True
    # Choosing a case (a chronology entry added from the menu) by its child.
    _rec_names_search = ["name", "pupil_id.name"]

    name = fields.Char(string="Reference", readonly=True, copy=False, index="trigram")
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    pupil_id = fields.Many2one(
        "res.partner",
        string="Child",
        required=True,
        index=True,
        domain="[('is_pupil', '=', True)]",
        ondelete="restrict",
    )
    # sudo: the grade of the case's own pupil, shown to whoever reads the
    # case (the contact's record rules need not be checked again for it).
    pupil_grade = fields.Char(
        string="Class / grade", compute="_compute_pupil_grade", compute_sudo=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Case lead",
        default=lambda self: self.env.user,
        index=True,
        domain=lambda self: [("groups_id", "in", self.env.ref(TEAM).id)],
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("assessed", "Decision made"),
            ("in_progress", "In progress"),
            ("closed", "Closed"),
        ],
        default="new",
        required=True,
        readonly=True,
        index=True,
        copy=False,
    )
    case_type = fields.Selection(
        [
            ("welfare", "Child welfare / protection"),
            ("peer_on_peer", "Allegation against a pupil (peer-on-peer)"),
            ("early_help", "Early help"),
        ],
        string="Type",
        required=True,
        default="welfare",
    )
    risk_level = fields.Selection(
        [
            ("none", "No risk identified"),
            ("low", "Low"),
            ("medium", "Medium"),
            ("high", "High"),
        ],
        string="Risk",
        default="medium",
        required=True,
        index=True,
    )
    date_opened = fields.Datetime(
        string="Opened", required=True, default=fields.Datetime.now, readonly=True
    )
    concern_ids = fields.One2many(
        "safeguarding.concern", "case_id", string="Concerns", readonly=True
    )
    concern_count = fields.Integer(compute="_compute_concern_count")
    # Entries of the case and of its concerns: an entry of a concern carries
    # the case once the concern joins it.
    log_ids = fields.One2many(
        "safeguarding.case.log", "case_id", string="Chronology", readonly=True
    )
    concern_attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Files and photos of the concerns",
        compute="_compute_concern_attachment_ids",
        compute_sudo=False,
    )
    # Follow-up work given to colleagues; they see the action, not the case.
    action_ids = fields.One2many("safeguarding.action", "case_id", string="Actions")
    # The DSL's decision (R19)
    decision_nature = fields.Text(
        string="Nature of the concern", help="What the DSL concludes happened."
    )
    severity = fields.Selection(
        [
            ("low", "Low"),
            ("moderate", "Moderate"),
            ("serious", "Serious"),
            ("criminal", "Serious criminal matter"),
        ],
        help="Serious criminal matters always go to child social protection, "
        "and sometimes to the police.",
    )
    child_wishes = fields.Text(
        string="Child's feelings and wishes",
    )
    confidentiality_note = fields.Text(
        string="Confidentiality",
        help="Who may be told what, and why.",
    )
    decision_date = fields.Datetime(string="Decision date", readonly=True, copy=False)
    decision_user_id = fields.Many2one(
        "res.users", string="Decided by", readonly=True, copy=False
    )
    # Closure
    closure_reason = fields.Selection(
        [
            ("resolved", "Concern resolved"),
            ("referred", "Handed over to another agency"),
            ("no_further_action", "No further action needed"),
            ("left_school", "Child left the school"),
            ("other", "Other"),
        ],
        readonly=True,
        copy=False,
    )
    closure_note = fields.Text(readonly=True, copy=False)
    date_closed = fields.Datetime(string="Closed", readonly=True, copy=False)
    color = fields.Integer(compute="_compute_color")
    # Immediate danger (R18, R20)
    harm_possible = fields.Boolean(
        string="Harm possible",
        compute="_compute_harm_possible",
        store=True,
        readonly=False,
        help="The child may come to harm: the case is referred to child social "
        "protection at once and cannot move on without a referral.",
    )
    # Referrals, consultations and information sharing (R20-R22, R30)
    referral_ids = fields.One2many(
        "safeguarding.referral", "case_id", string="Referrals", readonly=True
    )
    referral_count = fields.Integer(compute="_compute_referral_count")
    has_referral = fields.Boolean(compute="_compute_referral_count")
    consultation_ids = fields.One2many(
        "safeguarding.consultation", "case_id", string="Consultations", readonly=True
    )
    disclosure_ids = fields.One2many(
        "safeguarding.disclosure", "case_id", string="Information shared", readonly=True
    )
    disclosure_count = fields.Integer(compute="_compute_referral_count")
    # Peer-on-peer (R25, R26)
    victim_ids = fields.Many2many(
        "res.partner",
        "safeguarding_case_victim_rel",
        "case_id",
        "partner_id",
        string="Victims",
        domain="[('is_pupil', '=', True)]",
    )
    accused_ids = fields.Many2many(
        "res.partner",
        "safeguarding_case_accused_rel",
        "case_id",
        "partner_id",
        string="Accused pupils",
        domain="[('is_pupil', '=', True)]",
    )
    safety_plan_ids = fields.One2many(
        "safeguarding.safety.plan", "case_id", string="Safety plans"
    )
    exclusion_ids = fields.One2many(
        "safeguarding.exclusion", "case_id", string="Exclusions"
    )
    police_interview_ids = fields.One2many(
        "safeguarding.police.interview", "case_id", string="Police interviews"
    )
    agency_advice = fields.Text(
        string="Advice from child social protection",
        help="What the service advised; the decision records that it was followed.",
    )
    # Early help (R23)
    early_help_agency_ids = fields.Many2many(
        "res.partner",
        "safeguarding_case_early_help_agency_rel",
        "case_id",
        "partner_id",
        string="Agencies involved",
        domain="[('safeguarding_agency_type', '!=', False)]",
    )
    assessment_date = fields.Date(string="Inter-agency assessment")
    assessment_outcome = fields.Text(string="Assessment outcome")
    team_user_ids = fields.Many2many(
        "res.users",
        "safeguarding_case_team_user_rel",
        "case_id",
        "user_id",
        string="Team around the child (staff)",
        domain="[('share', '=', False)]",
        help="Staff who support the child. They are not given access to the case.",
    )
    team_partner_ids = fields.Many2many(
        "res.partner",
        "safeguarding_case_team_partner_rel",
        "case_id",
        "partner_id",
        string="Team around the child (external)",
    )
    parent_agreement_partner_id = fields.Many2one(
        "res.partner", string="Agreed by (parent)", ondelete="restrict"
    )
    parent_agreement_date = fields.Date(string="Agreed on")
    parent_agreement_method = fields.Selection(
        [
            ("signed", "Signed form"),
            ("meeting", "In a meeting"),
            ("phone", "By phone"),
            ("email", "By email"),
        ],
        string="Agreed how",
    )

    @api.depends("name", "pupil_id")
    @api.depends_context("safeguarding_show_child")
    def _compute_display_name(self):
        """The neutral reference; with the child where a case is chosen."""
        super()._compute_display_name()
        if not self.env.context.get("safeguarding_show_child"):
            return
        for case in self.filtered("pupil_id"):
            case.display_name = self.env._(
                "%(ref)s — %(child)s", ref=case.display_name, child=case.pupil_id.name
            )

    @api.depends("concern_ids.attachment_ids")
    def _compute_concern_attachment_ids(self):
        # As the user: the team reads the files of the concerns they read.
        # One search for every case (a case of years holds thousands of
        # concerns: reading each one's files would check each concern).
        concern_ids = self.concern_ids.ids
        files = self.env["ir.attachment"]
        if concern_ids:
            self.env["safeguarding.concern"].flush_model(["attachment_ids"])
            self.env.cr.execute(
                SQL(
                    "SELECT attachment_id FROM safeguarding_concern_attachment_rel "
                    "WHERE concern_id = ANY(%s)",
                    concern_ids,
                )
            )
            file_ids = [row[0] for row in self.env.cr.fetchall()]
            if file_ids:
                files = files.search([("id", "in", file_ids)])
        for case in self:
            ids = set(case.concern_ids.ids)
            case.concern_attachment_ids = files.filtered(
                lambda file, ids=ids: file.res_id in ids
            )

    def _compute_pupil_grade(self):
        for case in self:
            case.pupil_grade = case.pupil_id.pupil_grade

    @api.depends("concern_ids")
    def _compute_concern_count(self):
        for case in self:
            case.concern_count = len(case.concern_ids)

    @api.depends("concern_ids.immediate_danger")
    def _compute_harm_possible(self):
        for case in self:
            # sudo: concerns are read through the case the user can read.
            if any(case.concern_ids.sudo().mapped("immediate_danger")):
                case.harm_possible = True

    def _compute_referral_count(self):
        for case in self:
            case.referral_count = len(case.referral_ids)
            case.has_referral = any(
                referral.state != "draft" for referral in case.referral_ids
            )
            case.disclosure_count = len(case.disclosure_ids)

    @api.depends("risk_level", "state")
    def _compute_color(self):
        colors = {"none": 10, "low": 10, "medium": 3, "high": 1}
        for case in self:
            case.color = 0 if case.state == "closed" else colors.get(case.risk_level, 0)

    @api.constrains("pupil_id")
    def _check_pupil(self):
        for case in self:
            if not case.pupil_id.sudo().is_pupil:
                raise ValidationError(
                    self.env._("A case is opened for a pupil of the school.")
                )

    @api.constrains("parent_agreement_date", "assessment_date")
    def _check_early_help_dates(self):
        today = fields.Date.context_today(self)
        for case in self:
            for date in (case.parent_agreement_date, case.assessment_date):
                if date and date > today:
                    raise ValidationError(
                        self.env._(
                            "An agreement or assessment cannot be dated in the future."
                        )
                    )

    @api.constrains("state", "closure_reason")
    def _check_closure(self):
        for case in self:
            if case.state == "closed" and not case.closure_reason:
                raise ValidationError(self.env._("A case is closed with a reason."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self.env.su:
                for field in ("state", "closure_reason", "date_closed"):
                    vals.pop(field, None)
        cases = super().create(vals_list)
        for case in cases:
            case._log(
                "state",
                self.env._(
                    "Case opened by %(user)s (%(type)s).",
                    user=self.env.user.name,
                    type=dict(
                        case._fields["case_type"]._description_selection(self.env)
                    )[case.case_type],
                ),
            )
        return cases

    def write(self, vals):
        if not self.env.su:
            protected = {
                "state",
                "closure_reason",
                "closure_note",
                "date_closed",
                "decision_date",
                "decision_user_id",
                "name",
                "date_opened",
            }
            if set(vals) & protected:
                raise UserError(
                    self.env._("Use the buttons of the case to change its status.")
                )
            if "log_ids" in vals:
                # The chronology is shown on the case, never edited through
                # it: a command on it would otherwise be silently ignored.
                raise UserError(
                    self.env._(
                        "Chronology entries are never removed or changed: add an "
                        "entry, or a correction of an entry."
                    )
                )
            closed = self.filtered(lambda case: case.state == "closed")
            if closed and set(vals) - {"message_main_attachment_id"}:
                raise UserError(
                    self.env._(
                        "%(refs)s is closed: reopen it before changing it.",
                        refs=", ".join(closed.mapped("name")),
                    )
                )
        old_risk = {case.id: case.risk_level for case in self}
        old_type = {case.id: case.case_type for case in self}
        result = super().write(vals)
        for case in self:
            if "risk_level" in vals and old_risk[case.id] != case.risk_level:
                case._log(
                    "decision",
                    self.env._(
                        "Risk level changed to %(risk)s.",
                        risk=dict(
                            case._fields["risk_level"]._description_selection(self.env)
                        )[case.risk_level],
                    ),
                )
            if "case_type" in vals and old_type[case.id] != case.case_type:
                case._log(
                    "decision",
                    self.env._(
                        "Case type changed to %(type)s.",
                        type=dict(
                            case._fields["case_type"]._description_selection(self.env)
                        )[case.case_type],
                    ),
                )
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(
                self.env._("Safeguarding cases are kept: close the case instead.")
            )

    def _message_post_after_hook(self, message, msg_values):
        """A note of the safeguarding team in the chatter joins the chronology.

        Only what a member of the team writes as an internal note, in their
        own name: tracking, system notifications and the addon's own messages
        (never comments) stay in the chatter. The entry is created with the
        user's rights, so a closed case refuses the note as it refuses any
        entry.
        """
        result = super()._message_post_after_hook(message, msg_values)
        user = self.env.user
        if (
            msg_values.get("message_type") == "comment"
            and msg_values.get("subtype_id")
            == self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
            and msg_values.get("author_id") == user.partner_id.id
            and not user.share
            and user.has_group(TEAM)
        ):
            summary = note_text(message.body)
            if not summary and message.attachment_ids:
                summary = self.env._(
                    "Files added: %(names)s",
                    names=", ".join(message.attachment_ids.mapped("name")),
                )
            if summary:
                # The chatter posts as superuser: the entry is the user's own.
                self.env["safeguarding.case.log"].sudo(False).create(
                    {
                        "case_id": self.id,
                        "kind": "note",
                        "summary": summary,
                        "message_id": message.id,
                    }
                )
        return result

    def _log(self, kind, summary, concern=False, event_date=False):
        """Append an entry to the chronology of each case.

        ``event_date``: when it happened, if not when it is recorded.
        """
        # sudo: chronology entries are written by the addon for team members,
        # who may add entries but never change them.
        self.env["safeguarding.case.log"].sudo().create(
            [
                {
                    "case_id": case.id,
                    "concern_id": concern.id if concern else False,
                    "kind": kind,
                    "summary": summary,
                    "user_id": self.env.uid,
                    "event_date": event_date,
                }
                for case in self
            ]
        )

    def _check_can_act(self):
        self.check_access("write")

    def action_record_decision(self):
        """Record the DSL's decision (R19).

        Nature, severity, the child's wishes and confidentiality.
        """
        self._check_can_act()
        for case in self:
            if case.state == "closed":
                raise UserError(self.env._("%(ref)s is closed.", ref=case.name))
            missing = [
                label
                for field, label in (
                    ("decision_nature", self.env._("the nature of the concern")),
                    ("severity", self.env._("the severity")),
                    ("child_wishes", self.env._("the child's feelings and wishes")),
                    (
                        "confidentiality_note",
                        self.env._("what confidentiality requires"),
                    ),
                )
                if not case[field]
            ]
            if missing:
                raise ValidationError(
                    self.env._(
                        "To record the decision on %(ref)s, fill in: %(missing)s.",
                        ref=case.name,
                        missing=", ".join(missing),
                    )
                )
            severity = dict(case._fields["severity"]._description_selection(self.env))
            risk = dict(case._fields["risk_level"]._description_selection(self.env))
            # sudo: protected workflow fields, rights checked above.
            case.sudo().write(
                {
                    "decision_date": fields.Datetime.now(),
                    "decision_user_id": self.env.uid,
                    "state": "assessed" if case.state == "new" else case.state,
                }
            )
            case._log(
                "decision",
                self.env._(
                    "Decision recorded (severity: %(severity)s, risk: %(risk)s).\n"
                    "Nature: %(nature)s\nChild's wishes: %(wishes)s\n"
                    "Confidentiality: %(conf)s",
                    severity=severity[case.severity],
                    risk=risk[case.risk_level],
                    nature=case.decision_nature,
                    wishes=case.child_wishes,
                    conf=case.confidentiality_note,
                ),
            )
            if case.agency_advice:
                case._log(
                    "decision",
                    self.env._(
                        "Advice of child social protection followed: %(advice)s",
                        advice=case.agency_advice,
                    ),
                )
            advice = case.consultation_ids.filtered("advice")
            if advice:
                case._log(
                    "decision",
                    self.env._(
                        "Advice taken into account:\n%(advice)s",
                        advice="\n".join(
                            ": ".join((consultation.name, consultation.advice))
                            for consultation in advice
                        ),
                    ),
                )
        return True

    def action_start(self):
        self._check_can_act()
        for case in self:
            if case.state not in ("new", "assessed"):
                raise UserError(
                    self.env._("%(ref)s cannot be started now.", ref=case.name)
                )
            if not case.decision_date:
                raise UserError(
                    self.env._(
                        "Record the DSL's decision on %(ref)s before acting on it.",
                        ref=case.name,
                    )
                )
            if case.harm_possible and not case.has_referral:
                raise UserError(
                    self.env._(
                        "Harm to the child is possible: refer %(ref)s to child "
                        "social protection before going on.",
                        ref=case.name,
                    )
                )
            if case.case_type == "peer_on_peer":
                case._check_peer_on_peer()
            if (
                case.case_type == "early_help"
                and case.risk_level == "none"
                and not (
                    case.parent_agreement_partner_id
                    and case.parent_agreement_date
                    and case.parent_agreement_method
                )
            ):
                raise UserError(
                    self.env._(
                        "Early help without risk starts with the parents' agreement: "
                        "record who agreed, when and how on %(ref)s.",
                        ref=case.name,
                    )
                )
            case.sudo().state = "in_progress"
            case._log("state", self.env._("Case in progress."))
        return True

    def action_add_log(self):
        """Add what happened to the chronology: a note or a contact, in a dialog."""
        self._check_can_act()
        self.ensure_one()
        if self.state == "closed":
            raise UserError(
                self.env._(
                    "%(ref)s is closed: reopen it to add to its chronology.",
                    ref=self.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Add to the chronology of %(ref)s", ref=self.name),
            "res_model": "safeguarding.case.log",
            "view_mode": "form",
            "views": [[False, "form"]],
            "target": "new",
            "context": {
                "default_case_id": self.id,
                "default_kind": "note",
                "default_manual_kind": "note",
            },
        }

    def action_open_close_wizard(self):
        self._check_can_act()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close case"),
            "res_model": "safeguarding.case.close.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_ids": self.ids},
        }

    def _close(self, reason, note):
        self._check_can_act()
        if not reason:
            raise ValidationError(self.env._("A case is closed with a reason."))
        labels = dict(self._fields["closure_reason"]._description_selection(self.env))
        if reason not in labels:
            raise ValidationError(self.env._("Unknown closure reason."))
        for case in self:
            if case.state == "closed":
                raise UserError(self.env._("%(ref)s is already closed.", ref=case.name))
            if case.severity == "criminal" and not any(
                referral.state != "draft" and referral.agency_type == "child_protection"
                for referral in case.referral_ids
            ):
                raise UserError(
                    self.env._(
                        "%(ref)s is a serious criminal matter: it cannot be closed "
                        "without a referral to child social protection.",
                        ref=case.name,
                    )
                )
            case.sudo().write(
                {
                    "state": "closed",
                    "closure_reason": reason,
                    "closure_note": note,
                    "date_closed": fields.Datetime.now(),
                }
            )
            # sudo: concerns are immutable for users; their status follows the case.
            case.concern_ids.sudo().write({"state": "closed"})
            case._log(
                "state",
                self.env._(
                    "Case closed: %(reason)s. %(note)s",
                    reason=labels[reason],
                    note=note or "",
                ),
            )
        return True

    def action_reopen(self):
        self._check_can_act()
        for case in self:
            if case.state != "closed":
                raise UserError(self.env._("%(ref)s is not closed.", ref=case.name))
            case._reopen(
                self.env._("Case reopened by %(user)s.", user=self.env.user.name)
            )
        return True

    def _reopen(self, summary):
        """Back to work, with its concerns; ``summary`` goes to the chronology.

        The caller has checked the user's rights.
        """
        self.ensure_one()
        # sudo: protected workflow fields; concerns are immutable for users.
        self.sudo().write(
            {"state": "in_progress", "closure_reason": False, "date_closed": False}
        )
        self.concern_ids.sudo().write({"state": "in_case"})
        self._log("state", summary)

    def _check_peer_on_peer(self):
        """Victims and accused recorded, and each with a safety plan (R25)."""
        self.ensure_one()
        if not self.victim_ids or not self.accused_ids:
            raise UserError(
                self.env._(
                    "Record the victim(s) and the accused pupil(s) of %(ref)s.",
                    ref=self.name,
                )
            )
        planned = {(plan.pupil_id, plan.role) for plan in self.safety_plan_ids}
        missing = [
            pupil.sudo().name
            for role, pupils in (
                ("victim", self.victim_ids),
                ("accused", self.accused_ids),
            )
            for pupil in pupils
            if (pupil, role) not in planned
        ]
        if missing:
            raise UserError(
                self.env._(
                    "Victim and accused are both at risk: write a safety plan for "
                    "%(names)s.",
                    names=", ".join(missing),
                )
            )

    def action_refer(self):
        """Open a new referral of this case (one click from the case)."""
        self._check_can_act()
        self.ensure_one()
        agency = self.env["res.partner"].search(
            [("safeguarding_agency_type", "=", "child_protection")], limit=1
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refer %(ref)s", ref=self.name),
            "res_model": "safeguarding.referral",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_case_id": self.id,
                "default_agency_id": agency.id,
                "default_reason": self.decision_nature or "",
            },
        }

    def action_view_referrals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_safeguarding.safeguarding_referral_action"
        )
        action["domain"] = [("case_id", "=", self.id)]
        action["context"] = {"default_case_id": self.id}
        return action

    def action_view_disclosures(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_safeguarding.safeguarding_disclosure_action"
        )
        action["domain"] = [("case_id", "=", self.id)]
        action["context"] = {"default_case_id": self.id}
        return action

    def action_open_share_wizard(self):
        """Share the chronology with an agency: recorded, then printed (R30)."""
        self._check_can_act()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Share the chronology"),
            "res_model": "safeguarding.share.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self[:1].id},
        }

    def action_view_concerns(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "school_safeguarding.safeguarding_concern_action_all"
        )
        action["domain"] = [("case_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_open_review(self):
        """Review the procedures after this (R31)."""
        return self.env["safeguarding.review"]._action_new("case", "case_id", self)
