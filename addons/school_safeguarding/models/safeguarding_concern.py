from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, create_index, index_exists
from odoo.tools.misc import format_datetime

from .safeguarding_evidence_guard import keep_evidence, keep_evidence_links
from .safeguarding_jobs import run_each

TEAM = "school_safeguarding.group_safeguarding_team"
DIRECTOR = "school_safeguarding.group_safeguarding_director"
# Quotes a reporter may type round the child's words, opening: closing
# (straight, English curly double and single, guillemets, low-high).
QUOTES = {
    '"': '"',
    "'": "'",
    "\u201c": "\u201d",
    "\u2018": "\u2019",
    "\u00ab": "\u00bb",
    "\u201e": "\u201c",
}

# Fields the addon itself may still set once a concern is submitted (always
# through sudo after checking the user's rights); anything else is evidence.
WORKFLOW_FIELDS = {
    "state",
    "case_id",
    "acknowledged_user_id",
    "acknowledged_date",
    "no_action_reason",
    "message_main_attachment_id",
}


class SafeguardingConcern(models.Model):
    """A concern as any staff member records it.

    Once submitted it is evidence: nobody changes or deletes it; anything
    learned later is a new concern or an entry in the case chronology.
    """

    _name = "safeguarding.concern"
    _description = "Safeguarding concern"
    _inherit = ["safeguarding.confidential.mixin", "safeguarding.body.map.mixin"]
    _order = "incident_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", readonly=True, copy=False, default=False, index="trigram"
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    reporter_id = fields.Many2one(
        "res.users",
        string="Reported by",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        readonly=True,
        ondelete="restrict",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Sent to the DSL"),
            ("acknowledged", "Received by the DSL"),
            ("in_case", "Being handled"),
            ("closed", "Closed"),
        ],
        default="draft",
        required=True,
        readonly=True,
        index=True,
        copy=False,
    )
    subject_type = fields.Selection(
        [("child", "A child"), ("adult", "An adult working with children")],
        string="The concern is about",
        required=True,
        default="child",
    )
    pupil_id = fields.Many2one(
        "res.partner",
        string="Child",
        index=True,
        domain="[('is_pupil', '=', True)]",
        ondelete="restrict",
    )
    subject_employee_id = fields.Many2one(
        "hr.employee",
        string="Adult concerned",
        index=True,
        check_company=True,
        ondelete="restrict",
        help="The member of staff, volunteer or contractor the concern is about.",
    )
    allegation_id = fields.Many2one(
        "safeguarding.allegation",
        string="Allegation",
        readonly=True,
        copy=False,
        index=True,
        groups="school_safeguarding.group_safeguarding_lead,"
        "school_safeguarding.group_safeguarding_director",
    )
    subject_name = fields.Char(
        string="Adult's name and role",
        help="When the adult has no employee record (a visitor, a "
        "contractor's person).",
    )
    subject_user_id = fields.Many2one(
        "res.users",
        compute="_compute_subject_user_id",
        store=True,
        index=True,
        groups=TEAM,
        help="The user account of the adult concerned; they never see the concern.",
    )
    incident_date = fields.Datetime(
        string="When", required=True, default=fields.Datetime.now
    )
    location_type = fields.Selection(
        [
            ("on_site", "On site"),
            ("off_site", "Off site (trip, activity, home)"),
            ("online", "Online"),
            ("kindergarten", "Kindergarten"),
        ],
        string="Where",
        required=True,
        default="on_site",
    )
    location_detail = fields.Char(string="Place")
    description = fields.Text(
        string="What was seen or heard",
        help="Facts: what happened, who was there, what you saw or heard.",
    )
    child_words = fields.Text(
        string="The child's own words",
        help="Write down exactly what the child said, without rephrasing.",
    )
    action_taken = fields.Text(string="What you did")
    category_ids = fields.Many2many(
        "safeguarding.concern.category", string="Categories"
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "safeguarding_concern_attachment_rel",
        "concern_id",
        "attachment_id",
        string="Files and photos",
        help="A photo of a note, a screenshot: kept with the concern, as "
        "confidential as the concern, never public or shared by link.",
    )
    alerted_user_ids = fields.Many2many(
        "res.users",
        "safeguarding_concern_alerted_user_rel",
        "concern_id",
        "user_id",
        string="Also tell",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Colleagues told that you raised a concern — never what it says.",
    )
    source = fields.Selection(
        [
            ("own_observation", "My own observation"),
            ("child_disclosure", "The child told me"),
            ("parent_direct", "A parent, directly"),
            ("parent_via_teacher", "A parent, via the class teacher"),
            ("agency", "Another agency"),
            ("anonymous", "Anonymous"),
        ],
        required=True,
        default="own_observation",
    )
    source_detail = fields.Char(
        string="Who told you", help="Name and role of the person, unless anonymous."
    )
    immediate_danger = fields.Boolean(
        string="Child in immediate danger",
        help="Nothing stops you from calling child social protection or the police "
        "yourself when a child is in immediate danger. Record whom you contacted.",
    )
    direct_contact_with = fields.Char(
        string="Contacted directly", help="Service and person you contacted yourself."
    )
    direct_contact_date = fields.Datetime(string="Contacted at")
    submitted_date = fields.Datetime(string="Sent on", readonly=True, copy=False)
    case_id = fields.Many2one(
        "safeguarding.case",
        string="Case",
        readonly=True,
        index=True,
        copy=False,
        check_company=True,
        groups=TEAM,
    )
    acknowledged_user_id = fields.Many2one(
        "res.users", string="Received by", readonly=True, copy=False, groups=TEAM
    )
    acknowledged_date = fields.Datetime(
        string="Received on", readonly=True, copy=False, groups=TEAM
    )
    no_action_reason = fields.Text(
        string="Reason for no further action", readonly=True, copy=False, groups=TEAM
    )
    pupil_concern_count = fields.Integer(
        string="Concerns about the child",
        compute="_compute_pupil_concern_count",
        groups=TEAM,
    )
    acting_lead_names = fields.Char(
        string="Your DSL", compute="_compute_acting_lead_names"
    )

    def init(self):
        # Once sent, the concern's content is kept by the database too.
        keep_evidence(
            self.env.cr,
            self._table,
            mutable=(
                *WORKFLOW_FIELDS,
                "allegation_id",
                "subject_employee_id",
                "subject_user_id",
            ),
            set_once=("name",),
            drafts="state",
        )
        # The files and photos sent with it stay with it.
        keep_evidence_links(
            self.env.cr,
            "safeguarding_concern_attachment_rel",
            "concern_id",
            self._table,
        )
        cr = self.env.cr
        # The DSL's triage list: concerns waiting for them, newest incident
        # first (the model's order), and the same list sorted by school.
        create_index(
            cr,
            "safeguarding_concern_triage_index",
            self._table,
            ["incident_date DESC", "id DESC"],
            where="state IN ('submitted', 'acknowledged')",
        )
        # A DSL's own school: its page of the list and its count read this
        # index alone, whatever the years of concerns behind them (the rules'
        # columns are included, so PostgreSQL does not visit the table).
        if not index_exists(cr, "safeguarding_concern_school_triage_index"):
            cr.execute(
                SQL(
                    "CREATE INDEX safeguarding_concern_school_triage_index ON %s "
                    "(company_id, incident_date DESC, id DESC) "
                    "INCLUDE (state, subject_user_id, reporter_id, allegation_id) "
                    "WHERE state IN ('submitted', 'acknowledged')",
                    SQL.identifier(self._table),
                )
            )
        create_index(
            cr,
            "safeguarding_concern_company_incident_index",
            self._table,
            ["company_id", "incident_date DESC", "submitted_date DESC"],
        )
        # The annual report: a school's concerns sent in a period.
        create_index(
            cr,
            "safeguarding_concern_company_submitted_index",
            self._table,
            ["company_id", "submitted_date"],
        )

    @api.depends("subject_employee_id.user_id")
    def _compute_subject_user_id(self):
        for concern in self:
            concern.subject_user_id = concern.subject_employee_id.user_id

    @api.depends("company_id")
    def _compute_acting_lead_names(self):
        for concern in self:
            company = concern.company_id or self.env.company
            concern.acting_lead_names = ", ".join(
                company.safeguarding_acting_lead_ids.mapped("name")
            )

    @api.constrains("incident_date", "direct_contact_date")
    def _check_dates(self):
        now = fields.Datetime.now()
        for concern in self:
            if concern.incident_date and concern.incident_date > now:
                raise ValidationError(
                    self.env._("The date of what happened cannot be in the future.")
                )
            if concern.direct_contact_date and concern.direct_contact_date > now:
                raise ValidationError(
                    self.env._(
                        "The date of your direct contact cannot be in the future."
                    )
                )

    @api.constrains("subject_type", "pupil_id", "state")
    def _check_subject(self):
        for concern in self:
            if concern.subject_type == "child" and not concern.pupil_id:
                raise ValidationError(
                    self.env._("Choose the child this concern is about.")
                )
            if concern.pupil_id and not concern.pupil_id.sudo().is_pupil:
                raise ValidationError(
                    self.env._(
                        "%(name)s is not registered as a pupil.",
                        name=concern.pupil_id.sudo().name,
                    )
                )

    @api.constrains("reporter_id")
    def _check_reporter(self):
        for concern in self:
            if not self.env.su and concern.reporter_id != self.env.user:
                raise ValidationError(
                    self.env._("You can only record a concern in your own name.")
                )

    @api.constrains("alerted_user_ids", "subject_type")
    def _check_alerted_users(self):
        for concern in self.filtered("alerted_user_ids"):
            if concern.subject_type != "child":
                raise ValidationError(
                    self.env._(
                        "Colleagues can only be told of a concern about a child: a "
                        "concern about an adult goes to the DSL alone."
                    )
                )
            if any(user.share for user in concern.alerted_user_ids.sudo()):
                raise ValidationError(
                    self.env._("Only colleagues with an Odoo account can be told.")
                )
            if any(
                concern.company_id not in user.company_ids
                for user in concern.alerted_user_ids.sudo()
            ):
                raise ValidationError(
                    self.env._(
                        "Only colleagues of %(school)s can be told.",
                        school=concern.company_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                vals.pop("state", None)
                self._check_school(vals.get("company_id"))
        concerns = super().create(vals_list)
        concerns._bind_files()
        return concerns

    def write(self, vals):
        if not self.env.su and "company_id" in vals:
            self._check_school(vals["company_id"])
        if not self.env.su and set(vals) - WORKFLOW_FIELDS:
            submitted = self.filtered(lambda concern: concern.state != "draft")
            if submitted:
                raise UserError(
                    self.env._(
                        "%(refs)s was already sent to the DSL and cannot be changed. "
                        "Record what you have learned since as a new concern.",
                        refs=", ".join(submitted.mapped("name")),
                    )
                )
        if not self.env.su and set(vals) & (
            WORKFLOW_FIELDS - {"message_main_attachment_id"}
        ):
            raise AccessError(
                self.env._("Use the buttons of the concern to change its status.")
            )
        if "attachment_ids" not in vals:
            return super().write(vals)
        files_before = {concern: concern.sudo().attachment_ids for concern in self}
        result = super().write(vals)
        self._bind_files(files_before)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        submitted = self.filtered(lambda concern: concern.state != "draft")
        if submitted:
            raise UserError(
                self.env._(
                    "%(refs)s was sent to the DSL and is kept as evidence: it "
                    "cannot be deleted.",
                    refs=", ".join(submitted.mapped("name")),
                )
            )

    @api.model
    def _check_school(self, company_id):
        """A concern stays in a school the user works in (and has selected)."""
        if company_id and company_id not in self.env.companies.ids:
            raise AccessError(
                self.env._("A concern is recorded in one of your schools.")
            )

    def _check_team(self):
        if not self.env.su and not self.env.user.has_group(TEAM):
            raise AccessError(
                self.env._("Only the safeguarding team can handle concerns.")
            )
        self.check_access("read")

    def action_submit(self):
        """Send the concern to the acting DSL: activity, inbox and a neutral email."""
        self.check_access("write")
        for concern in self:
            if concern.state != "draft":
                raise UserError(
                    self.env._("%(ref)s was already sent.", ref=concern.name)
                )
            missing = []
            if not concern.description:
                missing.append(self.env._("what was seen or heard"))
            if not concern.category_ids:
                missing.append(self.env._("at least one category"))
            if concern.immediate_danger and not (
                concern.direct_contact_with or concern.action_taken
            ):
                missing.append(
                    self.env._(
                        "whom you contacted or what you did about the immediate danger"
                    )
                )
            if missing:
                raise ValidationError(
                    self.env._(
                        "Before sending the concern, add: %(missing)s.",
                        missing=", ".join(missing),
                    )
                )
        # sudo: the reporter may submit their own draft (checked above) but has
        # no right to the team's workflow fields or chronology.
        for concern in self.sudo():
            concern.write(
                {"state": "submitted", "submitted_date": fields.Datetime.now()}
            )
            if not concern.name:
                concern._safeguarding_number()
            if not concern._get_safeguarding_recipients():
                # Raising undoes the submission: the concern stays a draft.
                raise UserError(
                    self.env._(
                        "No Designated Safeguarding Lead or deputy is set for "
                        "%(school)s, so the concern could not be sent. It is kept "
                        "as a draft: tell the DSL in person now, and ask the "
                        "administrator to configure the safeguarding team.",
                        school=concern.company_id.name,
                    )
                )
            self.env["safeguarding.case.log"].sudo().create(
                {
                    "concern_id": concern.id,
                    "date": concern.submitted_date,
                    "user_id": concern.reporter_id.id,
                    "kind": "submission",
                    # The injuries marked are part of what was sent.
                    "body_marks": concern.body_marks or False,
                    # In the language of whoever sent it, as they wrote it.
                    "summary": concern.with_context(
                        lang=concern.reporter_id.lang or self.env.lang
                    ).env._(
                        "Concern %(ref)s sent to the DSL by %(user)s.",
                        ref=concern.name,
                        user=concern.reporter_id.name,
                    ),
                }
            )
            concern._notify_safeguarding_team()
            concern._notify_alerted_users()
            concern.activity_unlink(
                ["school_safeguarding.mail_activity_type_concern_draft"]
            )
        if len(self) != 1:
            return True
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Sent to the DSL"),
                "message": self.env._(
                    "%(ref)s was sent to %(names)s. Thank you: the DSL takes it "
                    "from here.",
                    ref=self.name,
                    names=self.acting_lead_names,
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _get_safeguarding_recipients(self):
        """Who is told of this concern: the acting DSL(s) who may read it.

        When the concern is about the DSL (or a deputy), they cannot read it
        and the rest of the school's team is told instead.
        """
        self.ensure_one()
        company = self.company_id

        def readers(users):
            return users.filtered(lambda user: self.with_user(user).has_access("read"))

        recipients = readers(company._safeguarding_recipients())
        if not recipients:
            team = self.env.ref("school_safeguarding.group_safeguarding_team").users
            recipients = readers(
                team.filtered(lambda user: company in user.company_ids and user.active)
            )
        return recipients

    @api.depends("pupil_id")
    @api.depends_context("uid")
    def _compute_pupil_concern_count(self):
        # As the user: only the concerns they may read are counted.
        counts = dict(
            self._read_group(
                [("pupil_id", "in", self.pupil_id.ids), ("state", "!=", "draft")],
                ["pupil_id"],
                ["__count"],
            )
        )
        for concern in self:
            concern.pupil_concern_count = counts.get(concern.pupil_id, 0)

    def _child_words_unquoted(self):
        """The child's words without quotes the reporter typed round them.

        Printed records put the words in quotes of their own. Only one pair
        round the whole text goes, and only if neither mark is used inside
        (two quoted sentences keep theirs).
        """
        self.ensure_one()
        words = (self.child_words or "").strip()
        closing = QUOTES.get(words[:1])
        if (
            len(words) > 2
            and words[-1] == closing
            and words[0] not in words[1:-1]
            and closing not in words[1:-1]
        ):
            return words[1:-1].strip()
        return words

    def action_view_pupil_concerns(self):
        """Every concern about this child, this one among them."""
        self.ensure_one()
        return self.pupil_id.action_view_safeguarding_concerns()

    # A draft has no reference yet: one that looks real is taken for sent.
    _safeguarding_numbered_at_creation = False

    @api.depends("name", "state")
    def _compute_display_name(self):
        for concern in self:
            concern.display_name = concern.name or self.env._("Draft, not sent")

    @api.model
    def _cron_remind_drafts(self, minutes=30):
        """Remind whoever left a concern unsent that the DSL has not got it."""
        activity_type = self.env.ref(
            "school_safeguarding.mail_activity_type_concern_draft"
        )
        drafts = self.search(
            [
                ("state", "=", "draft"),
                ("write_date", "<", fields.Datetime.now() - timedelta(minutes=minutes)),
                ("reporter_id.active", "=", True),
            ]
        )
        reminded = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", drafts.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        todo = drafts.filtered(
            lambda concern: concern.id not in reminded.mapped("res_id")
        )

        def remind(concern):
            lang = concern.reporter_id.lang or "en_US"
            env = concern.with_context(lang=lang).env
            concern.with_context(lang=lang).activity_schedule(
                activity_type_id=activity_type.id,
                summary=env._("Your concern is not sent to the DSL yet"),
                note=env._(
                    "You started a concern about %(who)s and did not send it: "
                    "the DSL does not see it. Open it and press 'Send to the "
                    "DSL', or delete it if it was started by mistake.",
                    who=concern.pupil_id.name
                    or concern.subject_name
                    or env._("someone"),
                ),
                user_id=concern.reporter_id.id,
                date_deadline=fields.Date.context_today(concern),
            )

        run_each(todo, remind, "Safeguarding: remind of unsent concerns")

    def _bind_files(self, files_before=None):
        """Keep the files and photos of the form with the concern.

        A file uploaded on the form of a new concern is not attached to any
        record yet: it joins the concern (as ``mail.compose.message`` does for
        a message's files), so that it follows the concern's confidentiality.
        Only the user's own unattached uploads can be added; a file removed
        from a draft is deleted (``files_before``: the files before a write).
        """
        Attachment = self.env["ir.attachment"]
        for concern in self:
            # sudo: the files are checked here, whoever may read them.
            files = concern.sudo().attachment_ids
            for attachment in files:
                if (
                    attachment.res_model == self._name
                    and attachment.res_id == concern.id
                    and not attachment.res_field
                ):
                    continue
                if (
                    attachment.create_uid != self.env.user
                    or attachment.res_id
                    or attachment.res_field
                    or attachment.res_model not in (False, self._name)
                ) and not self.env.su:
                    raise AccessError(
                        self.env._(
                            "Only files you uploaded for this concern can be "
                            "added to it."
                        )
                    )
                attachment.write({"res_model": self._name, "res_id": concern.id})
            if files_before is not None:
                removed = files_before[concern] - files
                removed = removed.filtered(
                    lambda attachment, concern=concern: attachment.res_model
                    == self._name
                    and attachment.res_id == concern.id
                )
                # Removed from a draft by its reporter: nothing else uses it.
                Attachment |= removed
        if Attachment:
            Attachment.unlink()

    def _notify_alerted_users(self):
        """Tell the colleagues the reporter chose that a concern was raised.

        Once, when the concern is sent; nothing of what it says: the child,
        who raised it and when, and that the DSL is dealing with it. The
        message is attached to no record (nothing to open, nothing they could
        not read) and reaches their Odoo inbox only, never an email.
        """
        for concern in self:
            users = concern.alerted_user_ids.filtered(
                lambda user: user.active and not user.share
            ) - (concern.reporter_id | concern.subject_user_id)
            by_lang = users.grouped(lambda user: user.lang or "en_US")
            for lang, recipients in by_lang.items():
                env = self.with_context(lang=lang).env
                when = format_datetime(
                    env,
                    concern.submitted_date,
                    tz=recipients[0].tz or "UTC",
                    dt_format="short",
                )
                body = Markup("<p>%s</p><p>%s</p>") % (
                    env._(
                        "%(reporter)s raised a safeguarding concern about "
                        "%(child)s on %(date)s.",
                        reporter=concern.reporter_id.name,
                        child=concern.pupil_id.name,
                        date=when,
                    ),
                    env._(
                        "The Designated Safeguarding Lead is dealing with it. You "
                        "are told so that you know; what the concern says stays "
                        "with the DSL."
                    ),
                )
                # Called on no record: the message belongs to none, and the
                # mixin's recipients keep it in the Odoo inbox.
                self.browse().message_notify(
                    partner_ids=recipients.partner_id.ids,
                    author_id=self.env.ref("base.partner_root").id,
                    subject=env._("A safeguarding concern was raised"),
                    body=body,
                )

    def _notify_safeguarding_team(self):
        """Tell the acting DSL(s) of this concern, without case content."""
        activity_type = self.env.ref(
            "school_safeguarding.mail_activity_type_concern_review"
        )
        template = self.env.ref("school_safeguarding.mail_template_concern_submitted")
        for concern in self:
            recipients = concern._get_safeguarding_recipients()
            # Each reader is told in their own language, not the reporter's.
            by_lang = recipients.grouped(lambda user: user.lang or "en_US")
            for lang, users in by_lang.items():
                summary = concern.with_context(lang=lang)._safeguarding_review_summary()
                for user in users:
                    concern.activity_schedule(
                        activity_type_id=activity_type.id,
                        summary=summary,
                        user_id=user.id,
                        date_deadline=fields.Date.context_today(concern),
                    )
                emails = [user.email for user in users if user.email]
                if emails:
                    template.with_context(lang=lang).send_mail(
                        concern.id,
                        email_values={
                            "email_to": ",".join(emails),
                            "recipient_ids": [],
                            # From the school, not from the reporter: the
                            # email is the team's, not shown to the reporter.
                            "author_id": self.env.ref("base.partner_root").id,
                        },
                    )

    def _safeguarding_review_summary(self):
        """The to-do of the acting DSL for this concern (references only)."""
        self.ensure_one()
        return self.env._("Review concern %(ref)s", ref=self.name)

    def action_acknowledge(self):
        self._check_team()
        for concern in self.sudo():
            if concern.state != "submitted":
                raise UserError(
                    self.env._("%(ref)s is not waiting for the DSL.", ref=concern.name)
                )
            concern.write(
                {
                    "state": "acknowledged",
                    "acknowledged_user_id": self.env.uid,
                    "acknowledged_date": fields.Datetime.now(),
                }
            )
        return True

    def action_open_case_wizard(self):
        self._check_team()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Open or add to a case"),
            "res_model": "safeguarding.concern.case.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_concern_ids": self.ids},
        }

    def action_open_close_wizard(self):
        self._check_team()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close with no further action"),
            "res_model": "safeguarding.concern.close.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_concern_ids": self.ids},
        }

    def action_add_to_case(self, case_id):
        """Add these concerns to the case ``case_id`` (an id, callable over RPC)."""
        self._safeguarding_check_values([{"case_id": case_id}])
        return self._link_to_case(self.env["safeguarding.case"].browse(case_id))

    def _link_to_case(self, case):
        """Attach submitted concerns to ``case`` and write it in the chronology."""
        self._check_team()
        case.check_access("write")
        for concern in self.sudo():
            if concern.state not in ("submitted", "acknowledged", "in_case"):
                raise UserError(
                    self.env._(
                        "%(ref)s cannot be added to a case in its current state.",
                        ref=concern.name,
                    )
                )
            if concern.case_id and concern.case_id != case:
                raise UserError(
                    self.env._(
                        "%(ref)s already belongs to case %(case)s.",
                        ref=concern.name,
                        case=concern.case_id.name,
                    )
                )
            if concern.company_id != case.company_id:
                raise UserError(
                    self.env._("A concern can only join a case of the same school.")
                )
            if concern.pupil_id and concern.pupil_id != case.pupil_id:
                raise UserError(
                    self.env._(
                        "%(ref)s is about another child than case %(case)s.",
                        ref=concern.name,
                        case=case.name,
                    )
                )
            values = {"state": "in_case", "case_id": case.id}
            if not concern.acknowledged_date:
                values.update(
                    acknowledged_user_id=self.env.uid,
                    acknowledged_date=fields.Datetime.now(),
                )
            concern.write(values)
            case._log(
                "concern",
                self.env._(
                    "Concern %(ref)s added to the case (reported by %(user)s).",
                    ref=concern.name,
                    user=concern.reporter_id.name,
                ),
                concern=concern,
            )
            concern._finish_review(
                self.env._("Added to case %(case)s.", case=case.name)
            )
        # sudo: the concerns' earlier entries join the case's chronology; the
        # entries stay as they were, only their empty case is filled, once.
        self.env["safeguarding.case.log"].sudo().search(
            [("concern_id", "in", self.ids), ("case_id", "=", False)]
        ).write({"case_id": case.id})
        return True

    def action_raise_allegation(self):
        """Open an allegation against the adult this concern is about (R24)."""
        self.ensure_one()
        user = self.env.user
        if not (
            user.has_group("school_safeguarding.group_safeguarding_lead")
            or user.has_group("school_safeguarding.group_safeguarding_director")
        ):
            raise AccessError(
                self.env._("Only the DSL and the directors handle allegations.")
            )
        self.check_access("read")
        concern = self.sudo()
        if concern.subject_type != "adult" or concern.state not in (
            "submitted",
            "acknowledged",
        ):
            raise UserError(
                self.env._(
                    "Only a sent concern about an adult can become an allegation."
                )
            )
        if concern.allegation_id:
            raise UserError(
                self.env._(
                    "%(ref)s is already allegation %(allegation)s.",
                    ref=concern.name,
                    allegation=concern.allegation_id.name,
                )
            )
        if not concern.subject_employee_id:
            raise UserError(
                self.env._(
                    "Choose the employee record of the adult concerned on %(ref)s "
                    "first (create it for a volunteer or contractor's person).",
                    ref=concern.name,
                )
            )
        allegation = self.env["safeguarding.allegation"].create(
            {
                "company_id": concern.company_id.id,
                "subject_employee_id": concern.subject_employee_id.id,
                "received_date": concern.submitted_date or fields.Datetime.now(),
                "description": concern.description,
                "accuser_type": "staff",
            }
        )
        # sudo: links and statuses maintained by the addon, rights checked above.
        allegation.sudo().concern_id = concern
        values = {"allegation_id": allegation.id}
        if concern.state == "submitted":
            values.update(
                state="acknowledged",
                acknowledged_user_id=self.env.uid,
                acknowledged_date=fields.Datetime.now(),
            )
        concern.write(values)
        concern._finish_review(
            self.env._("Raised as allegation %(ref)s.", ref=allegation.name)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "safeguarding.allegation",
            "res_id": allegation.id,
            "view_mode": "form",
            "target": "current",
        }

    def _finish_review(self, feedback):
        """Mark the DSL's review activity on the concern as done."""
        self.activity_feedback(
            ["school_safeguarding.mail_activity_type_concern_review"],
            feedback=feedback,
        )

    def action_close_no_action(self, reason):
        """Close a concern that needs no further action, with the reason."""
        self._check_team()
        self._safeguarding_check_values([{"no_action_reason": reason}])
        if not (reason or "").strip():
            raise ValidationError(
                self.env._("Give the reason why no further action is needed.")
            )
        for concern in self.sudo():
            if concern.state not in ("submitted", "acknowledged"):
                raise UserError(
                    self.env._("%(ref)s cannot be closed now.", ref=concern.name)
                )
            concern.write(
                {
                    "state": "closed",
                    "no_action_reason": reason,
                    "acknowledged_user_id": concern.acknowledged_user_id.id
                    or self.env.uid,
                    "acknowledged_date": concern.acknowledged_date
                    or fields.Datetime.now(),
                }
            )
            self.env["safeguarding.case.log"].sudo().create(
                {
                    "concern_id": concern.id,
                    "kind": "decision",
                    "summary": self.env._(
                        "No further action: %(reason)s", reason=reason
                    ),
                }
            )
            concern._finish_review(
                self.env._("Closed with no further action: %(reason)s", reason=reason)
            )
        return True

    @api.model
    def _safeguarding_sees_chatter(self):
        # The reporter reads their concern and its status, not the team's work
        # on it (directors read concerns raised as allegations).
        return (
            self.env.su
            or self.env.user.has_group(TEAM)
            or self.env.user.has_group(DIRECTOR)
        )
