import logging
import math
from datetime import datetime, time, timedelta

import psycopg2
import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, create_index

from .safeguarding_formats import local_datetime_text

_logger = logging.getLogger(__name__)

# Failures caused by a concurrent transaction: retried, never recorded.
TRANSIENT_ERRORS = (
    psycopg2.errors.SerializationFailure,
    psycopg2.errors.DeadlockDetected,
    psycopg2.errors.LockNotAvailable,
    psycopg2.errors.UniqueViolation,
)
# A referral set aside is tried again on the next hourly run.
RETRY_AFTER = timedelta(minutes=30)

TEAM = "school_safeguarding.group_safeguarding_team"
DIRECTOR = "school_safeguarding.group_safeguarding_director"
AGENCY_TYPES = [
    ("child_protection", "Child social protection service"),
    ("police", "Police"),
    ("health", "Health"),
    ("education", "Education authority"),
    ("other", "Other agency"),
]
WRITTEN_CHANNELS = ("email", "letter", "online_form")
# How the school and an agency reached each other (a contact's channel).
CHANNELS = [
    ("phone", "Phone"),
    ("email", "Email"),
    ("letter", "Letter"),
    ("in_person", "In person"),
    ("online_form", "Online form"),
]
WRITTEN_REFERRAL_HOURS = 24
ANSWER_WORKING_DAYS = 3


class SafeguardingReferral(models.Model):
    """A referral of a child's case to an agency (R20-R22).

    The clock: when the first contact is a phone call the written referral is
    due 24 calendar hours later (R21). From the written referral (or, when
    the referral started in writing or in person, from the first contact), and
    again from every later contact made without an answer, the agency's answer
    is due within 3 working days; the follow-up scheduled action chases it
    every 3 working days until the answer is recorded (R22).
    """

    _name = "safeguarding.referral"
    _description = "Safeguarding referral"
    _inherit = ["safeguarding.confidential.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True
    # Choosing a referral (a contact recorded on its own) by its child.
    _rec_names_search = ["name", "pupil_id.name", "case_id.name"]

    name = fields.Char(string="Reference", readonly=True, copy=False, index="trigram")
    case_id = fields.Many2one(
        "safeguarding.case",
        string="Case",
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
        help="A referral of an allegation against an adult: seen by the DSL and "
        "the directors, never by the person concerned.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        compute="_compute_company_id",
        store=True,
        index=True,
        precompute=True,
    )
    pupil_id = fields.Many2one(
        "res.partner",
        string="Child",
        related="case_id.pupil_id",
        store=True,
        index=True,
        precompute=True,
    )
    agency_id = fields.Many2one(
        "res.partner",
        string="Agency",
        required=True,
        index=True,
        domain="[('safeguarding_agency_type', '!=', False)]",
        ondelete="restrict",
    )
    agency_type = fields.Selection(
        AGENCY_TYPES,
        string="Agency type",
        compute="_compute_agency_type",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        index=True,
    )
    reason = fields.Text(
        string="What is referred",
        required=True,
        help="What the school tells the agency and why it refers the child.",
    )
    confidentiality_instruction = fields.Text(
        string="Who must not be told",
        help="Printed at the top of the written referral, for example: do not "
        "contact the father, he must not learn of the referral. Can change until "
        "the written referral is sent.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Referred by",
        required=True,
        default=lambda self: self.env.user,
        domain=lambda self: [
            (
                "groups_id",
                "in",
                [self.env.ref(TEAM).id, self.env.ref(DIRECTOR).id],
            )
        ],
    )
    state = fields.Selection(
        [
            ("draft", "Prepared"),
            ("open", "Waiting for the agency"),
            ("answered", "Answered"),
        ],
        default="draft",
        required=True,
        readonly=True,
        index=True,
        copy=False,
    )
    contact_ids = fields.One2many(
        "safeguarding.referral.contact",
        "referral_id",
        # Also the title of the dialog that adds one: "Create contact with
        # the agency".
        string="Contact with the agency",
    )
    first_contact_date = fields.Datetime(
        compute="_compute_contact_dates", store=True, string="First contact"
    )
    first_contact_channel = fields.Selection(
        CHANNELS,
        string="First contact by",
        compute="_compute_contact_dates",
        store=True,
    )
    written_due = fields.Datetime(
        string="Written referral due",
        compute="_compute_contact_dates",
        store=True,
        index=True,
        help="24 hours after a first contact by phone.",
    )
    written_date = fields.Datetime(
        string="Written referral sent", compute="_compute_contact_dates", store=True
    )
    written_overdue_logged = fields.Boolean(readonly=True, copy=False)
    answer_due = fields.Datetime(
        string="Answer due",
        readonly=True,
        copy=False,
        index=True,
        help="3 working days after the written referral or the last contact "
        "without an answer.",
    )
    recontact_count = fields.Integer(
        string="Unanswered re-contacts", readonly=True, copy=False
    )
    directors_informed_date = fields.Datetime(
        string="Directors told", readonly=True, copy=False
    )
    answer_date = fields.Datetime(string="Answered on", readonly=True, copy=False)
    outcome = fields.Selection(
        [
            ("assessment", "Agency will assess / investigate"),
            ("services", "Services or support provided"),
            ("advice", "Advice given to the school"),
            ("no_action", "No further action by the agency"),
            ("declined", "Referral declined"),
            ("redirected", "Redirected to another agency"),
        ],
        readonly=True,
        copy=False,
    )
    agency_decision = fields.Text(string="Agency's decision", readonly=True, copy=False)
    agency_reference = fields.Char(
        string="Agency's reference", readonly=True, copy=False
    )
    deadline = fields.Datetime(
        compute="_compute_deadline",
        store=True,
        index=True,
        help="The next date the school must act on: the written referral, then "
        "the agency's answer.",
    )
    deadline_kind = fields.Selection(
        [("written", "Written referral"), ("answer", "Answer from the agency")],
        compute="_compute_deadline",
        store=True,
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue", string="Overdue"
    )
    is_due_today = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_due_today", string="Due today"
    )
    followup_error = fields.Char(
        readonly=True,
        copy=False,
        help="Why the follow-up scheduled action could not handle this referral; "
        "it is tried again on the next run, and cleared when it goes through or "
        "by the next contact.",
    )
    followup_error_date = fields.Datetime(
        string="Set aside on", readonly=True, copy=False
    )
    color = fields.Integer(compute="_compute_is_overdue")

    def init(self):
        # The follow-up scheduled action (``_followup_domain``): open
        # referrals whose answer, or written referral, is due. Years of
        # answered referrals with past deadlines are not in these indexes.
        create_index(
            self.env.cr,
            "safeguarding_referral_open_answer_due_index",
            self._table,
            ["answer_due"],
            where="state = 'open'",
        )
        create_index(
            self.env.cr,
            "safeguarding_referral_open_written_due_index",
            self._table,
            ["written_due"],
            where="state = 'open' AND written_date IS NULL",
        )

    @api.depends("name", "case_id", "allegation_id", "pupil_id")
    @api.depends_context("safeguarding_show_child")
    def _compute_display_name(self):
        """The neutral reference; with the child and case where one is chosen."""
        super()._compute_display_name()
        if not self.env.context.get("safeguarding_show_child"):
            return
        for referral in self:
            if referral.pupil_id:
                referral.display_name = self.env._(
                    "%(ref)s — %(child)s (%(case)s)",
                    ref=referral.display_name,
                    child=referral.pupil_id.name,
                    case=referral.case_id.name,
                )
            elif referral.allegation_id:
                referral.display_name = self.env._(
                    "%(ref)s (%(allegation)s)",
                    ref=referral.display_name,
                    allegation=referral.allegation_id.name,
                )

    @api.depends("case_id.company_id", "allegation_id.company_id")
    def _compute_company_id(self):
        for referral in self:
            referral.company_id = (
                referral.case_id.company_id or referral.allegation_id.company_id
            )

    @api.depends("agency_id")
    def _compute_agency_type(self):
        for referral in self:
            referral.agency_type = (
                referral.agency_id.safeguarding_agency_type
                or referral.agency_type
                or "other"
            )

    @api.depends(
        "contact_ids.date",
        "contact_ids.channel",
        "contact_ids.direction",
        "contact_ids.kind",
    )
    def _compute_contact_dates(self):
        for referral in self:
            outgoing = referral.contact_ids.filtered(
                lambda contact: contact.direction == "out"
            ).sorted(
                # Unsaved lines of an open form have no id to compare.
                lambda contact: (
                    contact.date or datetime.min,
                    contact._origin.id or math.inf,
                )
            )
            first = outgoing[:1]
            written = outgoing.filtered(
                lambda contact: contact.kind == "written_referral"
            )[:1]
            referral.first_contact_date = first.date
            referral.first_contact_channel = first.channel
            referral.written_due = (
                first.date + timedelta(hours=WRITTEN_REFERRAL_HOURS)
                if first.channel == "phone"
                else False
            )
            referral.written_date = written.date

    @api.depends("state", "written_due", "written_date", "answer_due")
    def _compute_deadline(self):
        for referral in self:
            if (
                referral.state == "open"
                and referral.written_due
                and not (referral.written_date)
            ):
                referral.deadline = referral.written_due
                referral.deadline_kind = "written"
            elif referral.state == "open" and referral.answer_due:
                referral.deadline = referral.answer_due
                referral.deadline_kind = "answer"
            else:
                referral.deadline = False
                referral.deadline_kind = False

    def _user_day_bounds(self):
        """Start and end (UTC) of today in the user's timezone."""
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        today = fields.Datetime.now().replace(tzinfo=pytz.utc).astimezone(tz).date()
        start = tz.localize(datetime.combine(today, time.min))
        end = tz.localize(datetime.combine(today, time.max))
        return (
            start.astimezone(pytz.utc).replace(tzinfo=None),
            end.astimezone(pytz.utc).replace(tzinfo=None),
        )

    @api.depends("deadline")
    @api.depends_context("uid", "tz")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        _start, end = self._user_day_bounds()
        for referral in self:
            deadline = referral.deadline
            referral.is_overdue = bool(deadline and deadline < now)
            referral.is_due_today = bool(deadline and now <= deadline <= end)
            if referral.is_overdue:
                referral.color = 1
            elif referral.is_due_today:
                referral.color = 3
            elif referral.state == "answered":
                referral.color = 10
            else:
                referral.color = 0

    def _search_is_overdue(self, operator, value):
        return self._safeguarding_boolean_search(
            operator,
            value,
            self.env._("Overdue"),
            [("deadline", "<", fields.Datetime.now())],
        )

    def _search_is_due_today(self, operator, value):
        _start, end = self._user_day_bounds()
        return self._safeguarding_boolean_search(
            operator,
            value,
            self.env._("Due today"),
            [("deadline", ">=", fields.Datetime.now()), ("deadline", "<=", end)],
        )

    @api.constrains("case_id", "allegation_id")
    def _check_origin(self):
        for referral in self:
            if bool(referral.case_id) == bool(referral.allegation_id):
                raise ValidationError(
                    self.env._(
                        "A referral is made from a case or from an allegation "
                        "against an adult."
                    )
                )

    @api.constrains("agency_id")
    def _check_agency(self):
        for referral in self:
            if not referral.agency_id.sudo().safeguarding_agency_type:
                raise ValidationError(
                    self.env._(
                        "%(name)s is not an agency: set its agency type on the "
                        "contact first.",
                        name=referral.agency_id.sudo().name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        Case = self.env["safeguarding.case"]
        Allegation = self.env["safeguarding.allegation"]
        contact_commands = []
        for vals in vals_list:
            if not self.env.su:
                for field in self._protected_fields():
                    vals.pop(field, None)
            origin = Case.browse(vals.get("case_id")) or Allegation.browse(
                vals.get("allegation_id")
            )
            if origin.exists() and origin.state == "closed":
                raise UserError(
                    self.env._(
                        "%(ref)s is closed: reopen it before referring.",
                        ref=origin.name,
                    )
                )
            # A referral saved with its first call: the contacts are recorded
            # once the referral has its reference, which their chronology
            # lines and the written-referral reminder name.
            contact_commands.append(vals.pop("contact_ids", None))
        referrals = super().create(vals_list)
        for referral, commands in zip(referrals, contact_commands, strict=True):
            if commands:
                referral.write({"contact_ids": commands})
        return referrals

    @api.model
    def _protected_fields(self):
        return {
            "state",
            "answer_due",
            "answer_date",
            "outcome",
            "agency_decision",
            "agency_reference",
            "recontact_count",
            "directors_informed_date",
            "written_overdue_logged",
            "followup_error",
            "followup_error_date",
            "name",
        }

    def write(self, vals):
        if not self.env.su:
            if set(vals) & self._protected_fields():
                raise UserError(
                    self.env._("Use the buttons of the referral to change its status.")
                )
            if any(
                field in vals and referral[field].id != vals[field]
                for referral in self
                for field in ("case_id", "allegation_id")
            ):
                raise UserError(
                    self.env._("A referral stays with the case it was made from.")
                )
            sent = self.filtered("written_date")
            if sent and "confidentiality_instruction" in vals:
                raise UserError(
                    self.env._(
                        "The written referral of %(refs)s has been sent with its "
                        "confidentiality instruction; record a change as a "
                        "contact with the agency.",
                        refs=", ".join(sent.mapped("name")),
                    )
                )
            started = self.filtered(lambda referral: referral.state != "draft")
            if started and set(vals) & {"agency_id", "agency_type", "reason"}:
                raise UserError(
                    self.env._(
                        "%(refs)s has been made: its agency and content are kept "
                        "as they were; record what changed as a contact.",
                        refs=", ".join(started.mapped("name")),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(self.env._("Referrals are kept as a record."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _check_can_act(self):
        self.check_access("write")

    def _origin_log(self, kind, summary, event_date=False):
        """Write ``summary`` in the chronology of the case or allegation.

        ``event_date``: when it happened (a contact's time), if not now.
        """
        # sudo: chronology entries are written by the addon, never changed.
        self.env["safeguarding.case.log"].sudo().create(
            [
                {
                    **referral._log_values(summary),
                    "kind": kind,
                    "user_id": self.env.uid,
                    "event_date": event_date,
                }
                for referral in self
            ]
        )

    def _log_values(self, summary):
        self.ensure_one()
        return {
            "case_id": self.case_id.id,
            "allegation_id": self.allegation_id.id,
            "kind": "referral",
            "summary": summary,
        }

    def action_open_answer_wizard(self):
        self._check_can_act()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record the agency's answer"),
            "res_model": "safeguarding.referral.answer.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_referral_id": self[:1].id},
        }

    def action_open_written_wizard(self):
        self._check_can_act()
        self.ensure_one()
        if self.written_date:
            raise UserError(
                self.env._(
                    "The written referral of %(ref)s was sent on %(date)s.",
                    ref=self.name,
                    date=fields.Datetime.context_timestamp(self, self.written_date),
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Written referral sent"),
            "res_model": "safeguarding.referral.written.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_referral_id": self.id},
        }

    def action_print_written_referral(self):
        self._check_can_act()
        # Printing it is written to the access log when it is rendered.
        return self.env.ref(
            "school_safeguarding.action_report_safeguarding_referral"
        ).report_action(self)

    def _record_answer(self, values):
        """Record the agency's answer: stops the clock (R22)."""
        self._check_can_act()
        self.ensure_one()
        if self.state != "open":
            raise UserError(
                self.env._("%(ref)s is not waiting for an answer.", ref=self.name)
            )
        if not values.get("outcome"):
            raise ValidationError(self.env._("Choose the outcome the agency gave."))
        answer_date = fields.Datetime.to_datetime(values.get("date"))
        if not answer_date:
            raise ValidationError(self.env._("Give the date of the answer."))
        if self.first_contact_date and answer_date < self.first_contact_date:
            raise ValidationError(
                self.env._(
                    "The answer cannot come before the referral was made (%(date)s).",
                    date=fields.Datetime.context_timestamp(
                        self, self.first_contact_date
                    ),
                )
            )
        self.env["safeguarding.referral.contact"].with_context(
            safeguarding_answer=True
        ).create(
            {
                "referral_id": self.id,
                "date": answer_date,
                "channel": values.get("channel") or "letter",
                "direction": "in",
                "kind": "answer",
                "contact_name": values.get("contact_name"),
                "summary": values.get("agency_decision")
                or self.env._("Answer received."),
            }
        )
        # sudo: protected workflow fields, rights checked above.
        self.sudo().write(
            {
                "state": "answered",
                "answer_date": answer_date,
                "outcome": values["outcome"],
                "agency_decision": values.get("agency_decision"),
                "agency_reference": values.get("agency_reference"),
                "answer_due": False,
                "followup_error": False,
                "followup_error_date": False,
            }
        )
        outcome = dict(self._fields["outcome"]._description_selection(self.env))
        self._origin_log(
            "referral",
            self.env._(
                "%(ref)s: answer from %(agency)s — %(outcome)s. %(decision)s",
                ref=self.name,
                agency=self.agency_id.name,
                outcome=outcome[values["outcome"]],
                decision=values.get("agency_decision") or "",
            ),
            event_date=answer_date,
        )
        self.sudo().activity_feedback(
            [
                "school_safeguarding.mail_activity_type_referral_recontact",
                "school_safeguarding.mail_activity_type_written_referral",
            ],
            feedback=self.env._("The agency answered."),
        )
        return True

    # ------------------------------------------------------------------
    # Clock
    # ------------------------------------------------------------------

    def _on_contact(self, contacts):
        """Bring each referral's state and clock up to date after new contacts."""
        Calendar = self.env["safeguarding.working.calendar"]
        weeks = {}
        for referral in self:
            mine = contacts.filtered(lambda c, r=referral: c.referral_id == r).sorted(
                lambda contact: (contact.date, contact.id)
            )
            values = {"followup_error": False, "followup_error_date": False}
            outgoing = mine.filtered(lambda contact: contact.direction == "out")
            if referral.state == "draft" and outgoing:
                values["state"] = "open"
                referral._origin_log(
                    "referral",
                    self.env._(
                        "%(ref)s: referred to %(agency)s (%(type)s) by %(channel)s.",
                        ref=referral.name,
                        agency=referral.agency_id.name,
                        type=dict(AGENCY_TYPES)[referral.agency_type],
                        channel=outgoing[:1]._channel_label(),
                    ),
                    event_date=outgoing[:1].date,
                )
            state = values.get("state", referral.state)
            clock_start = referral._answer_clock_start()
            if state == "open" and clock_start:
                week = weeks.get(referral.company_id)
                if week is None:
                    week = weeks[referral.company_id] = Calendar._working_week(
                        referral.company_id
                    )
                values["answer_due"] = week.add_working_days(
                    clock_start, ANSWER_WORKING_DAYS
                )
            # sudo: protected workflow fields maintained by the addon.
            referral.sudo().write(values)
            if "state" in values and referral.first_contact_channel == "phone":
                referral._schedule_written_referral_activity()
            written = mine.filtered(lambda c: c.kind == "written_referral")
            if written:
                referral._origin_log(
                    "referral",
                    self.env._(
                        "%(ref)s: written referral sent to %(agency)s by %(channel)s.",
                        ref=referral.name,
                        agency=referral.agency_id.name,
                        channel=written[:1]._channel_label(),
                    ),
                    event_date=written[:1].date,
                )
                referral.sudo().activity_feedback(
                    ["school_safeguarding.mail_activity_type_written_referral"],
                    feedback=self.env._("Written referral sent."),
                )

    def _answer_clock_start(self):
        """When the current wait for an answer began, or False."""
        self.ensure_one()
        outgoing = self.contact_ids.filtered(
            lambda contact: contact.direction == "out"
        ).sorted(lambda contact: (contact.date, contact.id))
        if not outgoing:
            return False
        if outgoing[0].channel == "phone":
            start = self.written_date
            if not start:
                return False
        else:
            start = outgoing[0].date
        return max([*outgoing.mapped("date"), start])

    @api.model
    def _recompute_answer_due(self, companies):
        """The calendar changed: recompute answers due and not chased yet.

        Deadlines the follow-up has already moved keep their cadence.
        """
        # sudo: deadlines are maintained by the addon for every school.
        referrals = self.sudo().search(
            [
                ("company_id", "in", companies.ids),
                ("state", "=", "open"),
                ("answer_due", ">", fields.Datetime.now()),
                ("recontact_count", "=", 0),
            ]
        )
        Calendar = self.env["safeguarding.working.calendar"]
        weeks = {}
        logs = []
        for referral in referrals:
            start = referral._answer_clock_start()
            if not start:
                continue
            company = referral.company_id
            if company not in weeks:
                weeks[company] = Calendar._working_week(company)
            due = weeks[company].add_working_days(start, ANSWER_WORKING_DAYS)
            if due != referral.answer_due:
                referral.answer_due = due
                logs.append(
                    referral._log_values(
                        self.env._(
                            "%(ref)s: the school calendar changed; the answer is "
                            "now due on %(due)s.",
                            ref=referral.name,
                            due=local_datetime_text(referral, due),
                        )
                    )
                )
        if logs:
            self.env["safeguarding.case.log"].sudo().create(logs)

    def _schedule_written_referral_activity(self):
        for referral in self:
            # sudo: the DSL who made the call may be a deputy; the activity goes
            # to the person responsible, who can read the referral.
            referral.sudo().activity_schedule(
                "school_safeguarding.mail_activity_type_written_referral",
                date_deadline=fields.Datetime.context_timestamp(
                    referral, referral.written_due
                ).date(),
                summary=self.env._("Written referral %(ref)s", ref=referral.name),
                user_id=referral.user_id.id,
            )

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------

    @api.model
    def _followup_domain(self, now):
        return [
            ("state", "=", "open"),
            # One set aside is tried again on a later run, not in this one.
            "|",
            ("followup_error_date", "=", False),
            ("followup_error_date", "<", now - RETRY_AFTER),
            "|",
            ("answer_due", "<=", now),
            "&",
            "&",
            ("written_due", "<=", now),
            ("written_date", "=", False),
            ("written_overdue_logged", "=", False),
        ]

    @api.model
    def _cron_followups(self, batch_size=500):
        """Chase overdue written referrals and unanswered referrals (R21, R22).

        One batch per call; the cron framework calls again while records
        remain. Each referral is handled once per deadline: handling moves its
        deadline forward, so running twice creates nothing twice. A batch that
        fails is retried one referral at a time, and a referral that still
        fails is set aside with the reason instead of blocking the others.
        """
        now = fields.Datetime.now()
        domain = self._followup_domain(now)
        referrals = self.search(domain, limit=batch_size, order="deadline, id")
        if not referrals:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return
        try:
            with self.env.cr.savepoint():
                referrals._process_followups(now)
            done = referrals
        except Exception:
            self.env.invalidate_all()
            done = self.browse()
            for referral in referrals:
                try:
                    with self.env.cr.savepoint():
                        referral._process_followups(now)
                    done |= referral
                except TRANSIENT_ERRORS as error:
                    # Another transaction touched it at the same time (the DSL
                    # scheduling a to-do, say): not a fault of the referral,
                    # it is simply handled on the next run.
                    self.env.invalidate_all()
                    _logger.info(
                        "Referral follow-up of %s deferred to the next run: %s",
                        referral.id,
                        error,
                    )
                except Exception as error:
                    self.env.invalidate_all()
                    _logger.exception("Referral follow-up failed for %s", referral.id)
                    referral.sudo().write(
                        {
                            "followup_error": str(error)[:500] or repr(error),
                            "followup_error_date": now,
                        }
                    )
        done.filtered("followup_error").sudo().write(
            {"followup_error": False, "followup_error_date": False}
        )
        remaining = self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(referrals), remaining=remaining)

    def _process_followups(self, now):
        # sudo: run by the scheduled action; maintains protected fields.
        self = self.sudo()
        Calendar = self.env["safeguarding.working.calendar"]
        written_overdue = self.filtered(
            lambda r: r.written_due
            and r.written_due <= now
            and not r.written_date
            and not r.written_overdue_logged
        )
        unanswered = self.filtered(lambda r: r.answer_due and r.answer_due <= now)
        logs = []
        activities = []
        existing = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(
                        "school_safeguarding.mail_activity_type_referral_recontact"
                    ).id,
                ),
            ]
        )
        has_activity = {(a.res_id, a.user_id.id) for a in existing}
        recontact_type = self.env.ref(
            "school_safeguarding.mail_activity_type_referral_recontact"
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        for referral in written_overdue:
            logs.append(
                referral._log_values(
                    self.env._(
                        "%(ref)s: the written referral was due on %(due)s and has "
                        "not been recorded as sent.",
                        ref=referral.name,
                        due=local_datetime_text(referral, referral.written_due),
                    )
                )
            )
        weeks = {}
        escalate = self.browse()
        # The new re-contact count and answer deadline of each referral,
        # written for the whole batch at once.
        answers = []
        for referral in unanswered:
            company = referral.company_id
            if company not in weeks:
                weeks[company] = Calendar._working_week(company)
            due = weeks[company].next_after(
                referral.answer_due, ANSWER_WORKING_DAYS, now
            )
            count = referral.recontact_count + 1
            answers.append((referral.id, count, due))
            logs.append(
                referral._log_values(
                    self.env._(
                        "%(ref)s: no answer from %(agency)s within %(days)s working "
                        "days; re-contact %(count)s is due.",
                        ref=referral.name,
                        agency=referral.agency_id.name,
                        days=ANSWER_WORKING_DAYS,
                        count=count,
                    )
                )
            )
            deadline = fields.Date.context_today(referral)
            # Never the adult an allegation is about, even as acting DSL.
            users = (
                company.safeguarding_acting_lead_ids | referral.user_id
            ) - referral.allegation_id.subject_user_id
            for user in users:
                if (referral.id, user.id) in has_activity:
                    continue
                has_activity.add((referral.id, user.id))
                activities.append(
                    {
                        "res_model_id": model_id,
                        "res_id": referral.id,
                        "activity_type_id": recontact_type.id,
                        "summary": self.env._(
                            "Re-contact the agency: %(ref)s", ref=referral.name
                        ),
                        "date_deadline": deadline,
                        "user_id": user.id,
                        "automated": True,
                    }
                )
            if (
                count >= company.safeguarding_recontact_limit
                and not referral.directors_informed_date
            ):
                escalate |= referral
        written_overdue.write({"written_overdue_logged": True})
        self._write_answers(answers)
        if logs:
            self.env["safeguarding.case.log"].sudo().create(logs)
        if activities:
            # The activities store the referral's name (``res_name``): computed
            # here for the whole batch, not one referral at a time by each
            # activity.
            self.mapped("display_name")
            self.env["mail.activity"].sudo().with_context(
                mail_activity_quick_update=True, safeguarding_no_subscribe=True
            ).create(activities)
        if escalate:
            escalate._inform_directors(now)

    def _write_answers(self, answers):
        """Write (id, re-contact count, answer due) of many referrals at once.

        Each referral has its own values: one UPDATE for all of them instead
        of a write per referral; the cache and what depends on the two fields
        (overdue) follow as after a write. The deadline, which follows the
        answer due, is set by the same UPDATE to what ``_compute_deadline``
        gives, instead of being recomputed and written by a second one.
        """
        if not answers:
            return
        referrals = self.browse([referral_id for referral_id, _count, _due in answers])
        referrals.flush_recordset(["recontact_count", "answer_due"])
        deadlines = []
        kinds = []
        for referral_id, _count, due in answers:
            referral = self.browse(referral_id)
            if (
                referral.state == "open"
                and referral.written_due
                and not referral.written_date
            ):
                deadlines.append(referral.written_due)
                kinds.append("written")
            elif referral.state == "open" and due:
                deadlines.append(due)
                kinds.append("answer")
            else:
                deadlines.append(None)
                kinds.append(None)
        referrals.flush_recordset(["deadline", "deadline_kind"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE %(table)s referral
                   SET recontact_count = answer.count,
                       answer_due = answer.due,
                       deadline = answer.deadline,
                       deadline_kind = answer.kind,
                       write_uid = %(uid)s,
                       write_date = %(now)s
                  FROM unnest(%(ids)s::int[], %(counts)s::int[],
                              %(dues)s::timestamp[], %(deadlines)s::timestamp[],
                              %(kinds)s::varchar[])
                       AS answer(id, count, due, deadline, kind)
                 WHERE referral.id = answer.id
                """,
                table=SQL.identifier(self._table),
                uid=self.env.uid,
                now=self.env.cr.now(),
                ids=[referral_id for referral_id, _count, _due in answers],
                counts=[count for _referral_id, count, _due in answers],
                dues=[due for _referral_id, _count, due in answers],
                deadlines=deadlines,
                kinds=kinds,
            )
        )
        referrals.invalidate_recordset(
            [
                "recontact_count",
                "answer_due",
                "deadline",
                "deadline_kind",
                "write_uid",
                "write_date",
            ]
        )
        referrals.modified(["recontact_count", "answer_due"])
        # Already written above: not to be recomputed (what depends on the
        # deadline has been marked by ``modified``).
        for name in ("deadline", "deadline_kind"):
            self.env.remove_to_compute(self._fields[name], referrals)

    def _inform_directors(self, now):
        """Tell the directors, without case content, of long-unanswered referrals."""
        logs = []
        for company in self.company_id:
            referrals = self.filtered(lambda r, c=company: r.company_id == c)
            directors = company.safeguarding_director_ids
            if directors:
                body = Markup("<p>%s</p><ul>%s</ul><p>%s</p>") % (
                    self.env._(
                        "These referrals of %(school)s have had no answer from the "
                        "agency after %(count)s re-contacts:",
                        school=company.name,
                        count=company.safeguarding_recontact_limit,
                    ),
                    Markup().join(
                        Markup("<li>%s — %s</li>")
                        % (referral.name, dict(AGENCY_TYPES)[referral.agency_type])
                        for referral in referrals
                    ),
                    self.env._("The DSL can tell you more."),
                )
                self.env["mail.thread"].sudo().message_notify(
                    partner_ids=directors.partner_id.ids,
                    subject=self.env._("Unanswered safeguarding referrals"),
                    body=body,
                )
            referrals.write({"directors_informed_date": now})
            for referral in referrals:
                logs.append(
                    referral._log_values(
                        self.env._(
                            "%(ref)s: directors told that the agency has not "
                            "answered (%(names)s).",
                            ref=referral.name,
                            names=", ".join(directors.mapped("name"))
                            or self.env._("no director configured"),
                        )
                    )
                )
        self.env["safeguarding.case.log"].sudo().create(logs)
