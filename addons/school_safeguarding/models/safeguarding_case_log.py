from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .safeguarding_evidence_guard import keep_evidence

# What a user may add by hand: the rest of the chronology fills itself.
MANUAL_KINDS = [("note", "Note"), ("contact", "Contact")]


def _adult_concerned(allegation, concern):
    """The user account of the adult an entry is about: its allegation's,
    or its concern's (an entry belongs to one or the other, never both)."""
    return allegation.subject_user_id or concern.subject_user_id


class SafeguardingCaseLog(models.Model):
    """The chronology of a child's safeguarding record.

    Append-only: entries are never changed or deleted; a correction is a new
    entry that points at the one it corrects.
    """

    _name = "safeguarding.case.log"
    _description = "Safeguarding chronology entry"
    _inherit = ["safeguarding.body.map.mixin", "safeguarding.input.guard"]
    _order = "event_date desc, date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", compute="_compute_name")
    event_date = fields.Datetime(
        string="When it happened",
        required=True,
        default=fields.Datetime.now,
        index=True,
        help="When the call, meeting or event took place: earlier than the entry "
        "when it is recorded afterwards, never in the future.",
    )
    date = fields.Datetime(
        string="Recorded",
        required=True,
        default=fields.Datetime.now,
        index=True,
        readonly=True,
        help="When the entry was written in the chronology.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="By",
        required=True,
        default=lambda self: self.env.user,
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company", string="School", required=True, index=True, readonly=True
    )
    case_id = fields.Many2one(
        "safeguarding.case",
        string="Case",
        index=True,
        ondelete="restrict",
        check_company=True,
        help="The case whose chronology shows the entry: an entry of a concern "
        "joins the chronology of the case the concern is added to.",
    )
    concern_id = fields.Many2one(
        "safeguarding.concern",
        string="Concern",
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    allegation_id = fields.Many2one(
        "safeguarding.allegation",
        string="Allegation",
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    pupil_id = fields.Many2one(
        "res.partner", string="Child", index=True, readonly=True, ondelete="restrict"
    )
    subject_user_id = fields.Many2one(
        "res.users",
        string="Adult concerned",
        compute="_compute_subject_user_id",
        store=True,
        precompute=True,
        # Not readonly only so that create() may give it (what the compute
        # gives, for the whole batch) and spare a draft record per entry;
        # create() always sets it, and entries are never written.
        readonly=False,
        index="btree_not_null",
        help="The user account of the adult the entry's allegation or concern is "
        "about: they never see the entry.",
    )
    kind = fields.Selection(
        [
            ("submission", "Concern received"),
            ("concern", "Concern added"),
            ("decision", "Decision"),
            ("state", "Status"),
            ("note", "Note"),
            ("contact", "Contact"),
            ("referral", "Referral"),
            ("disclosure", "Information shared"),
            ("correction", "Correction"),
        ],
        required=True,
        default="note",
    )
    manual_kind = fields.Selection(
        MANUAL_KINDS,
        string="Type of entry",
        compute="_compute_manual_kind",
        readonly=False,
        help="A note (what was seen, said or decided) or a contact (a call, "
        "meeting or message with the family or another professional).",
    )
    summary = fields.Text(required=True)
    corrects_id = fields.Many2one(
        "safeguarding.case.log",
        string="Corrects",
        check_company=True,
        ondelete="restrict",
        help="The earlier entry this one corrects; the earlier entry stays as it was.",
    )
    message_id = fields.Many2one(
        "mail.message",
        string="Chatter note",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The note of the case's chatter this entry was taken from.",
    )

    def init(self):
        # The link to a chatter note is cleared if the message is deleted; the
        # entry itself, including when it happened, is kept as it was.
        # The adult concerned follows the concern or allegation (an account
        # linked later); an entry of a concern joins the concern's case once.
        keep_evidence(
            self.env.cr,
            self._table,
            mutable=("message_id", "subject_user_id"),
            set_once=("case_id",),
        )

    def _compute_name(self):
        for log in self:
            log.name = self.env._(
                "Entry %(id)s of %(ref)s",
                id=log.id,
                ref=log.case_id.name
                or log.concern_id.name
                or log.allegation_id.name
                or "",
            )

    @api.depends("allegation_id.subject_user_id", "concern_id.subject_user_id")
    def _compute_subject_user_id(self):
        for log in self:
            log.subject_user_id = _adult_concerned(log.allegation_id, log.concern_id)

    @api.depends("kind")
    def _compute_manual_kind(self):
        manual = dict(MANUAL_KINDS)
        for log in self:
            log.manual_kind = log.kind if log.kind in manual else False

    @api.constrains("event_date")
    def _check_event_date(self):
        now = fields.Datetime.now()
        for log in self:
            if log.event_date > now:
                raise ValidationError(
                    self.env._(
                        "The time of what happened cannot be in the future: give "
                        "the date and time it took place."
                    )
                )

    @api.constrains("case_id", "concern_id", "allegation_id")
    def _check_target(self):
        for log in self:
            if not (log.case_id or log.concern_id or log.allegation_id):
                raise ValidationError(
                    self.env._("A chronology entry belongs to a case or a concern.")
                )

    @api.constrains("corrects_id", "case_id", "concern_id", "allegation_id")
    def _check_corrects(self):
        def chronology(log):
            # sudo: which chronology shows the entry, whoever writes it.
            log = log.sudo()
            record = (
                log.allegation_id
                or log.case_id
                or log.concern_id.case_id
                or log.concern_id
            )
            return record._name, record.id

        for log in self.filtered("corrects_id"):
            if chronology(log) != chronology(log.corrects_id):
                raise ValidationError(
                    self.env._(
                        "A correction belongs to the same chronology as the entry "
                        "it corrects."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        Case = self.env["safeguarding.case"]
        Concern = self.env["safeguarding.concern"]
        # One read for the whole batch, through the user's rights.
        Case.browse(
            {vals["case_id"] for vals in vals_list if vals.get("case_id")}
        ).fetch(["company_id", "pupil_id", "state", "name"])
        concerns = Concern.browse(
            {vals["concern_id"] for vals in vals_list if vals.get("concern_id")}
        )
        concerns.fetch(["company_id", "pupil_id"])
        Allegation = self.env["safeguarding.allegation"]
        # sudo: the adult concerned is kept from the entries' readers, not
        # from the entries; read for the whole batch.
        concerns.sudo().fetch(["subject_user_id"])
        Allegation.browse(
            {vals["allegation_id"] for vals in vals_list if vals.get("allegation_id")}
        ).sudo().fetch(["subject_user_id"])
        for vals in vals_list:
            manual_kind = vals.pop("manual_kind", None)
            if manual_kind and not vals.get("corrects_id"):
                vals["kind"] = manual_kind
            if not self.env.su:
                # Users add notes and corrections in their own name, now; what
                # they record may have happened earlier.
                vals.pop("date", None)
                vals["user_id"] = self.env.uid
                if vals.get("kind") not in (None, "note", "correction", "contact"):
                    raise UserError(
                        self.env._(
                            "Only notes, contacts and corrections can be added by "
                            "hand; the rest of the chronology fills itself."
                        )
                    )
            case = Case.browse(vals.get("case_id"))
            concern = Concern.browse(vals.get("concern_id"))
            allegation = Allegation.browse(vals.get("allegation_id"))
            record = case or concern or allegation
            if not record:
                raise ValidationError(
                    self.env._("A chronology entry belongs to a case or a concern.")
                )
            # Reading through the user's rights: an unknown or foreign case
            # raises an access error here.
            vals["company_id"] = record.company_id.id
            vals["pupil_id"] = (case or concern).pupil_id.id
            # As _compute_subject_user_id gives it, whatever was sent.
            vals["subject_user_id"] = _adult_concerned(
                allegation.sudo(), concern.sudo()
            ).id
            if concern and not case:
                # sudo: the entry of a concern in a case is in the case's
                # chronology; only the link is read.
                vals["case_id"] = concern.sudo().case_id.id
            if not vals.get("event_date"):
                vals["event_date"] = self._default_event_date(vals, concern)
            if self.env.su:
                continue
            if case and case.state == "closed":
                raise UserError(
                    self.env._(
                        "%(ref)s is closed: reopen it to add to its chronology.",
                        ref=case.name,
                    )
                )
            # sudo: only the status of the concern's case is read (the
            # concern's reader may not read the case); the concern is named.
            if concern and concern.sudo().case_id.state == "closed":
                raise UserError(
                    self.env._(
                        "%(ref)s belongs to a closed case: reopen the case to add "
                        "to its chronology.",
                        ref=concern.name,
                    )
                )
            corrected = self.browse(vals.get("corrects_id"))
            if corrected and not corrected.has_access("read"):
                # Its reference would show through the correction.
                raise AccessError(
                    self.env._("You can only correct an entry you may read.")
                )
        return super().create(vals_list)

    def write(self, vals):
        if self.env.su:
            return super().write(vals)
        raise UserError(
            self.env._(
                "Chronology entries cannot be changed: add a correction instead."
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(self.env._("Chronology entries cannot be deleted."))

    def action_correct(self):
        """Open a new entry that corrects this one."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Correct an entry"),
            "res_model": "safeguarding.case.log",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_case_id": self.case_id.id,
                "default_concern_id": self.concern_id.id,
                "default_allegation_id": self.allegation_id.id,
                "default_kind": "correction",
                "default_corrects_id": self.id,
            },
        }

    @api.model
    def _default_event_date(self, vals, concern):
        """When an entry created without one happened: when it is recorded.

        A concern received is about what happened at the time of the incident
        the reporter gave (never later than the entry itself).
        """
        recorded = fields.Datetime.to_datetime(vals.get("date")) or (
            fields.Datetime.now()
        )
        if vals.get("kind") == "submission" and concern:
            # sudo: the time of the incident of the concern being recorded.
            incident = concern.sudo().incident_date
            if incident:
                return min(incident, recorded)
        return recorded
