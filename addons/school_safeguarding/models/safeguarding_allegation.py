from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .safeguarding_formats import local_datetime_text
from .safeguarding_jobs import run_each

LEAD = "school_safeguarding.group_safeguarding_lead"
DIRECTOR = "school_safeguarding.group_safeguarding_director"
# Outcomes that stay on the person's HR record; the others never show there.
RECORDED_OUTCOMES = ("substantiated", "unsubstantiated")


class SafeguardingAllegation(models.Model):
    """An allegation against an adult who works with children (R8, R24).

    Its own procedure, designed to protect people from false allegations:
    the directors are told within one working day of receipt; the person the
    allegation is about never sees it, whatever groups they hold (a global
    record rule on ``subject_user_id``).
    """

    _name = "safeguarding.allegation"
    _description = "Allegation against an adult"
    _inherit = ["safeguarding.confidential.mixin"]
    _order = "received_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, copy=False, index="trigram")
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    concern_id = fields.Many2one(
        "safeguarding.concern",
        string="From concern",
        index=True,
        check_company=True,
        ondelete="restrict",
        readonly=True,
    )
    subject_employee_id = fields.Many2one(
        "hr.employee",
        string="Person concerned",
        required=True,
        index=True,
        check_company=True,
        ondelete="restrict",
    )
    subject_user_id = fields.Many2one(
        "res.users",
        compute="_compute_subject_user_id",
        store=True,
        index=True,
        help="Their user account: they never see this allegation.",
    )
    subject_role = fields.Selection(
        [
            ("teacher", "Teacher"),
            ("staff", "Other staff"),
            ("director", "Director"),
            ("volunteer", "Volunteer"),
            ("contractor", "Contractor's person"),
        ],
        string="Role",
        required=True,
        default="teacher",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Handled by",
        required=True,
        default=lambda self: self.env.user,
        index=True,
    )
    state = fields.Selection(
        [
            ("received", "Received"),
            ("assessed", "Initial assessment"),
            ("investigation", "Investigation"),
            ("closed", "Closed"),
        ],
        default="received",
        required=True,
        readonly=True,
        index=True,
        copy=False,
    )
    received_date = fields.Datetime(
        string="Received", required=True, default=fields.Datetime.now
    )
    description = fields.Text(string="The allegation", required=True)
    accuser_type = fields.Selection(
        [
            ("pupil", "A pupil"),
            ("parent", "A parent"),
            ("staff", "A member of staff"),
            ("other", "Someone else"),
            ("anonymous", "Anonymous"),
        ],
        string="Made by",
        required=True,
        default="pupil",
    )
    accuser_partner_id = fields.Many2one(
        "res.partner", string="Person who made it", ondelete="restrict"
    )
    directors_due = fields.Datetime(
        string="Directors to be told by",
        compute="_compute_directors_due",
        store=True,
        index=True,
        help="One working day after receipt (R24).",
    )
    directors_informed_date = fields.Datetime(
        string="Directors told", readonly=True, copy=False
    )
    directors_informed_ids = fields.Many2many(
        "res.users",
        "safeguarding_allegation_director_rel",
        "allegation_id",
        "user_id",
        string="Directors who were told",
        readonly=True,
        copy=False,
    )
    directors_escalated = fields.Boolean(readonly=True, copy=False)
    escalation_error = fields.Char(
        readonly=True,
        copy=False,
        help="Why the scheduled escalation could not handle this allegation; it "
        "is set aside until someone looks at it (the others go on).",
    )
    directors_overdue = fields.Boolean(
        compute="_compute_directors_overdue", search="_search_directors_overdue"
    )
    assessment = fields.Text(string="Initial assessment")
    assessment_date = fields.Datetime(readonly=True, copy=False)
    measure = fields.Selection(
        [
            ("none", "None"),
            ("changed_duties", "Changed duties"),
            ("suspension", "Suspension"),
        ],
        string="Protective measure",
        required=True,
        default="none",
        help="A suspension keeps the person off site from its first to its last "
        "day while the allegation is open: their safeguarding clearance shows "
        "'Suspended from site' (without the reason) and they cannot escort "
        "visitors.",
    )
    measure_start = fields.Date(string="From")
    measure_end = fields.Date(string="Until")
    measure_note = fields.Text(string="Measure details")
    investigation = fields.Text()
    referral_ids = fields.One2many(
        "safeguarding.referral", "allegation_id", string="Referrals", readonly=True
    )
    outcome = fields.Selection(
        [
            ("substantiated", "Substantiated"),
            ("unsubstantiated", "Unsubstantiated"),
            ("unfounded", "Unfounded"),
            ("false", "False"),
            ("malicious", "Malicious"),
        ],
        readonly=True,
        copy=False,
    )
    outcome_note = fields.Text(readonly=True, copy=False)
    date_closed = fields.Datetime(string="Closed", readonly=True, copy=False)
    log_ids = fields.One2many(
        "safeguarding.case.log", "allegation_id", string="Chronology", readonly=True
    )
    handbook_acknowledgement_id = fields.Many2one(
        "safeguarding.policy.acknowledgement",
        string="Staff Handbook confirmed",
        compute="_compute_handbook_acknowledgement_id",
        help="The latest version of the Staff Handbook (code of conduct) the "
        "person confirmed having read.",
    )

    @api.depends("subject_employee_id.user_id")
    def _compute_subject_user_id(self):
        for allegation in self:
            allegation.subject_user_id = allegation.subject_employee_id.sudo().user_id

    @api.depends("subject_user_id")
    def _compute_handbook_acknowledgement_id(self):
        # sudo: the DSL and directors see which handbook version the person
        # confirmed; confirmations are otherwise the person's own.
        Ack = self.env["safeguarding.policy.acknowledgement"].sudo()
        for allegation in self:
            allegation.handbook_acknowledgement_id = Ack.search(
                [
                    ("user_id", "=", allegation.subject_user_id.id or 0),
                    ("policy_id.kind", "=", "staff_handbook"),
                ],
                order="date desc",
                limit=1,
            )

    @api.depends("received_date", "company_id")
    def _compute_directors_due(self):
        Calendar = self.env["safeguarding.working.calendar"]
        weeks = {}
        for allegation in self:
            if not allegation.received_date:
                allegation.directors_due = False
                continue
            company = allegation.company_id or self.env.company
            if company not in weeks:
                weeks[company] = Calendar._working_week(company)
            allegation.directors_due = weeks[company].add_working_days(
                allegation.received_date, 1
            )

    def _compute_directors_overdue(self):
        now = fields.Datetime.now()
        for allegation in self:
            allegation.directors_overdue = bool(
                not allegation.directors_informed_date
                and allegation.directors_due
                and allegation.directors_due < now
            )

    def _search_directors_overdue(self, operator, value):
        return self._safeguarding_boolean_search(
            operator,
            value,
            self.env._("Directors overdue"),
            [
                ("directors_informed_date", "=", False),
                ("directors_due", "<", fields.Datetime.now()),
            ],
        )

    @api.constrains("received_date", "directors_informed_date")
    def _check_dates(self):
        now = fields.Datetime.now()
        for allegation in self:
            if allegation.received_date > now:
                raise ValidationError(
                    self.env._("An allegation cannot be received in the future.")
                )
            if (
                allegation.directors_informed_date
                and allegation.directors_informed_date < allegation.received_date
            ):
                raise ValidationError(
                    self.env._(
                        "The directors cannot be told before the allegation was "
                        "received."
                    )
                )

    @api.constrains("measure", "measure_start", "measure_end")
    def _check_measure(self):
        for allegation in self:
            if allegation.measure != "none" and not allegation.measure_start:
                raise ValidationError(
                    self.env._("Give the date the protective measure starts.")
                )
            if (
                allegation.measure_start
                and allegation.measure_end
                and allegation.measure_end < allegation.measure_start
            ):
                raise ValidationError(
                    self.env._("A protective measure cannot end before it starts.")
                )

    @api.constrains("user_id", "subject_employee_id")
    def _check_handler(self):
        for allegation in self:
            if allegation.user_id == allegation.subject_user_id:
                raise ValidationError(
                    self.env._(
                        "An allegation cannot be handled by the person it is about."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self.env.su:
                for field in self._protected_fields():
                    vals.pop(field, None)
        allegations = super().create(vals_list)
        for allegation in allegations:
            allegation._log(
                "state",
                self.env._(
                    "Allegation received (%(role)s); the directors are to be told "
                    "by %(due)s.",
                    role=dict(
                        allegation._fields["subject_role"]._description_selection(
                            self.env
                        )
                    )[allegation.subject_role],
                    due=local_datetime_text(allegation, allegation.directors_due),
                ),
            )
        return allegations

    @api.model
    def _protected_fields(self):
        return {
            "state",
            "outcome",
            "outcome_note",
            "date_closed",
            "directors_informed_date",
            "directors_informed_ids",
            "directors_escalated",
            "escalation_error",
            "assessment_date",
            "concern_id",
            "name",
        }

    def write(self, vals):
        if not self.env.su:
            if set(vals) & self._protected_fields():
                raise UserError(
                    self.env._(
                        "Use the buttons of the allegation to change its status."
                    )
                )
            closed = self.filtered(lambda allegation: allegation.state == "closed")
            if closed:
                raise UserError(
                    self.env._(
                        "%(refs)s is closed and kept as it was.",
                        refs=", ".join(closed.mapped("name")),
                    )
                )
            if "subject_employee_id" in vals and any(
                allegation.state != "received" for allegation in self
            ):
                raise UserError(
                    self.env._("The person concerned cannot change after assessment.")
                )
        if "user_id" in vals:
            # A new handler: the escalation set aside is tried again.
            vals = {**vals, "escalation_error": False}
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(self.env._("Allegations are kept as a record."))

    # ------------------------------------------------------------------

    def _log(self, kind, summary):
        # sudo: chronology entries are written by the addon, never changed.
        self.env["safeguarding.case.log"].sudo().create(
            [
                {
                    "allegation_id": allegation.id,
                    "kind": kind,
                    "summary": summary,
                    "user_id": self.env.uid,
                }
                for allegation in self
            ]
        )

    @api.model
    def _recompute_directors_due(self, companies):
        """The calendar changed: recompute when the directors must be told."""
        # sudo: deadlines are maintained by the addon for every school.
        allegations = self.sudo().search(
            [
                ("company_id", "in", companies.ids),
                ("directors_informed_date", "=", False),
                ("state", "!=", "closed"),
            ]
        )
        if allegations:
            self.env.add_to_compute(self._fields["directors_due"], allegations)
            allegations.flush_recordset(["directors_due"])

    def _suspending_on(self, day):
        """Those of the allegations whose suspension keeps the person off site.

        From the first to the last day of the measure (no last day: until it
        is lifted), while the allegation is open; once it is found
        substantiated, for good (HR ends the person's engagement).
        """
        return self.filtered(
            lambda allegation: allegation.measure == "suspension"
            and allegation.measure_start
            and allegation.measure_start <= day
            and (
                allegation.outcome == "substantiated"
                or (
                    allegation.state != "closed"
                    and not (allegation.measure_end and allegation.measure_end < day)
                )
            )
        )

    def _check_can_act(self):
        self.check_access("write")
        user = self.env.user
        if not (self.env.su or user.has_group(LEAD) or user.has_group(DIRECTOR)):
            raise UserError(
                self.env._("Only the DSL and the directors handle allegations.")
            )

    def _directors_to_inform(self):
        self.ensure_one()
        return self.company_id.safeguarding_director_ids.filtered(
            lambda user: user != self.subject_user_id and user.active
        )

    def action_inform_directors(self):
        """Tell the directors (not the person concerned), without details."""
        self._check_can_act()
        now = fields.Datetime.now()
        for allegation in self:
            directors = allegation._directors_to_inform()
            if not directors:
                raise UserError(
                    self.env._(
                        "No director to inform is set for %(school)s (Settings > "
                        "Safeguarding).",
                        school=allegation.company_id.name,
                    )
                )
            allegation._notify_directors(directors)
            # sudo: protected fields, rights checked above.
            allegation.sudo().write(
                {
                    "directors_informed_date": now,
                    "directors_informed_ids": [(6, 0, directors.ids)],
                }
            )
            allegation._log(
                "state",
                self.env._(
                    "Directors told: %(names)s.",
                    names=", ".join(directors.mapped("name")),
                ),
            )
            allegation.sudo().activity_feedback(
                ["school_safeguarding.mail_activity_type_allegation_directors"],
                feedback=self.env._("Directors told."),
            )
        return True

    def _notify_directors(self, directors, overdue=False):
        self.ensure_one()
        body = Markup("<p>%s</p>") % (
            self.env._(
                "An allegation against an adult (%(ref)s) was received on %(date)s "
                "and must be known to the directors within one working day. Open "
                "it in Safeguarding.",
                ref=self.name,
                date=local_datetime_text(self, self.received_date),
            )
        )
        self.sudo().message_notify(
            partner_ids=directors.partner_id.ids,
            subject=(
                self.env._("Overdue: allegation %(ref)s", ref=self.name)
                if overdue
                else self.env._("Allegation %(ref)s", ref=self.name)
            ),
            body=body,
            subtype_xmlid="mail.mt_note",
        )

    def action_assess(self):
        self._check_can_act()
        for allegation in self:
            if allegation.state != "received":
                raise UserError(
                    self.env._(
                        "%(ref)s has been assessed already.", ref=allegation.name
                    )
                )
            if not (allegation.assessment or "").strip():
                raise ValidationError(
                    self.env._(
                        "Write the initial assessment of %(ref)s first.",
                        ref=allegation.name,
                    )
                )
            allegation.sudo().write(
                {"state": "assessed", "assessment_date": fields.Datetime.now()}
            )
            allegation._log(
                "decision",
                self.env._("Initial assessment: %(text)s", text=allegation.assessment),
            )
        return True

    def action_investigate(self):
        self._check_can_act()
        for allegation in self:
            if allegation.state != "assessed":
                raise UserError(
                    self.env._(
                        "Assess %(ref)s before investigating.", ref=allegation.name
                    )
                )
            allegation.sudo().state = "investigation"
            allegation._log("state", self.env._("Investigation started."))
        return True

    def action_refer(self):
        """Refer the allegation to child social protection or the police."""
        self._check_can_act()
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refer %(ref)s", ref=self.name),
            "res_model": "safeguarding.referral",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_allegation_id": self.id,
                "default_reason": self.description,
            },
        }

    def _close(self, outcome, note):
        self._check_can_act()
        labels = dict(self._fields["outcome"]._description_selection(self.env))
        if outcome not in labels:
            raise ValidationError(self.env._("Choose the outcome of the allegation."))
        for allegation in self:
            if allegation.state == "closed":
                raise UserError(
                    self.env._("%(ref)s is already closed.", ref=allegation.name)
                )
            if not allegation.directors_informed_date:
                raise UserError(
                    self.env._(
                        "Tell the directors of %(ref)s before closing it.",
                        ref=allegation.name,
                    )
                )
            allegation.sudo().write(
                {
                    "state": "closed",
                    "outcome": outcome,
                    "outcome_note": note,
                    "date_closed": fields.Datetime.now(),
                }
            )
            allegation._log(
                "state",
                self.env._(
                    "Closed: %(outcome)s. %(note)s",
                    outcome=labels[outcome],
                    note=note or "",
                ),
            )
        return True

    def action_open_close_wizard(self):
        self._check_can_act()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close allegation"),
            "res_model": "safeguarding.allegation.close.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_allegation_id": self[:1].id},
        }

    def action_note_about_accuser(self):
        """After a malicious allegation, open a concern about who made it."""
        self._check_can_act()
        self.ensure_one()
        if self.outcome != "malicious":
            raise UserError(
                self.env._(
                    "Only a malicious allegation leads to a note about its author."
                )
            )
        is_pupil = self.accuser_partner_id.sudo().is_pupil
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Concern about the author of %(ref)s", ref=self.name),
            "res_model": "safeguarding.concern",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_subject_type": "child" if is_pupil else "adult",
                "default_pupil_id": self.accuser_partner_id.id if is_pupil else False,
                "default_subject_name": (
                    False if is_pupil else self.accuser_partner_id.name
                ),
                "default_description": self.env._(
                    "Allegation %(ref)s was found to be malicious.", ref=self.name
                ),
            },
        }

    @api.model
    def _cron_directors_overdue(self, batch_size=200):
        """Escalate allegations the directors were not told of in one working day.

        Once per allegation: an activity for whoever handles it and an inbox
        notification to the directors (never to the person concerned).
        """
        domain = [
            ("directors_overdue", "=", True),
            ("directors_escalated", "=", False),
            ("escalation_error", "=", False),
            ("state", "!=", "closed"),
        ]
        allegations = self.search(domain, limit=batch_size)
        # One allegation that cannot be escalated must not stop the others (of
        # every school): it is set aside with the reason, shown on its form.
        run_each(
            allegations,
            lambda allegation: allegation._escalate_to_directors(),
            "Allegation escalation",
            on_error=lambda allegation, error: allegation.sudo().write(
                {"escalation_error": str(error)[:500] or repr(error)}
            ),
        )
        self.env["ir.cron"]._notify_progress(
            done=len(allegations), remaining=self.search_count(domain)
        )

    def _escalate_to_directors(self):
        self.ensure_one()
        directors = self._directors_to_inform()
        if directors:
            self._notify_directors(directors, overdue=True)
        # The handler may have lost the right to read it (a new role, or the
        # allegation is about them): the school's DSL is told instead.
        handler = self.user_id
        if not handler or not self.with_user(handler).has_access("read"):
            handler = self.company_id.safeguarding_acting_lead_ids.filtered(
                lambda user: user != self.subject_user_id
                and self.with_user(user).has_access("read")
            )[:1]
        if handler:
            self.activity_schedule(
                "school_safeguarding.mail_activity_type_allegation_directors",
                summary=self.env._("Tell the directors: %(ref)s", ref=self.name),
                user_id=handler.id,
                date_deadline=fields.Date.context_today(self),
            )
        self.directors_escalated = True
        self._log(
            "state",
            self.env._(
                "Overdue: the directors were not told within one working day; "
                "escalated to %(names)s.",
                names=", ".join((directors | handler).mapped("name")),
            ),
        )

    def action_open_review(self):
        """Review the procedures after this (R31)."""
        return self.env["safeguarding.review"]._action_new(
            "allegation", "allegation_id", self
        )
