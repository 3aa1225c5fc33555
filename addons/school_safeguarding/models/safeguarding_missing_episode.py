from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

TEAM = "school_safeguarding.group_safeguarding_team"


class SafeguardingMissingEpisode(models.Model):
    """A missing-pupil incident (R27).

    Any member of staff raises the alarm in one step (who, last seen where
    and when); the acting DSL and the deputies are told at once. The episode
    keeps every event and measure, the possible reasons and the return
    conversation.
    """

    _name = "safeguarding.missing.episode"
    _description = "Missing pupil episode"
    _inherit = ["safeguarding.confidential.mixin"]
    _order = "last_seen_date desc, id desc"
    _check_company_auto = True

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
        string="Pupil",
        required=True,
        index=True,
        domain="[('is_pupil', '=', True)]",
        ondelete="restrict",
    )
    reporter_id = fields.Many2one(
        "res.users",
        string="Alarm raised by",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        readonly=True,
    )
    reported_date = fields.Datetime(
        string="Alarm raised", required=True, default=fields.Datetime.now, readonly=True
    )
    last_seen_date = fields.Datetime(
        string="Last seen", required=True, default=fields.Datetime.now
    )
    last_seen_place = fields.Char(string="Last seen where", required=True)
    state = fields.Selection(
        [("missing", "Missing"), ("found", "Found"), ("closed", "Closed")],
        default="missing",
        required=True,
        readonly=True,
        index=True,
    )
    found_date = fields.Datetime(string="Found", readonly=True, copy=False)
    found_place = fields.Char(string="Found where", readonly=True, copy=False)
    elapsed_hours = fields.Float(
        string="Missing for",
        compute="_compute_elapsed_hours",
        help="From last seen to found, or to now while the pupil is missing.",
    )
    possible_reasons = fields.Text(groups=TEAM)
    return_conversation = fields.Text(
        help="What the pupil said on return, who spoke with them and when.",
        groups=TEAM,
    )
    return_conversation_date = fields.Datetime(
        string="Return conversation on", groups=TEAM
    )
    event_ids = fields.One2many(
        "safeguarding.missing.event",
        "episode_id",
        string="Events and measures",
        groups=TEAM,
    )
    date_closed = fields.Datetime(string="Closed", readonly=True, copy=False)

    @api.depends("last_seen_date", "found_date")
    def _compute_elapsed_hours(self):
        now = fields.Datetime.now()
        for episode in self:
            if not episode.last_seen_date:
                episode.elapsed_hours = 0.0
                continue
            end = episode.found_date or now
            episode.elapsed_hours = max(
                (end - episode.last_seen_date).total_seconds() / 3600.0, 0.0
            )

    @api.constrains("last_seen_date", "found_date", "return_conversation_date")
    def _check_dates(self):
        now = fields.Datetime.now()
        for episode in self:
            if episode.last_seen_date > now:
                raise ValidationError(
                    self.env._("A pupil cannot be last seen in the future.")
                )
            if episode.found_date and episode.found_date < episode.last_seen_date:
                raise ValidationError(
                    self.env._(
                        "A pupil cannot be found before they were last seen "
                        "(%(date)s).",
                        date=fields.Datetime.context_timestamp(
                            episode, episode.last_seen_date
                        ).strftime("%Y-%m-%d %H:%M"),
                    )
                )
            if (
                episode.return_conversation_date
                and episode.found_date
                and episode.return_conversation_date < episode.found_date
            ):
                raise ValidationError(
                    self.env._(
                        "The return conversation cannot come before the pupil was "
                        "found."
                    )
                )

    @api.constrains("pupil_id")
    def _check_pupil(self):
        for episode in self:
            if not episode.pupil_id.sudo().is_pupil:
                raise ValidationError(self.env._("Choose the pupil who is missing."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self.env.su:
                for field in ("state", "found_date", "found_place", "date_closed"):
                    vals.pop(field, None)
                vals["reporter_id"] = self.env.uid
        episodes = super().create(vals_list)
        # sudo: the alarm is raised by any member of staff; the timeline and
        # the team's notification are written by the addon.
        episodes.sudo()._raise_alarm()
        return episodes

    def write(self, vals):
        if not self.env.su:
            if set(vals) & {
                "state",
                "found_date",
                "found_place",
                "date_closed",
                "name",
            }:
                raise UserError(
                    self.env._("Use the buttons of the episode to change its status.")
                )
            if self.filtered(lambda episode: episode.state == "closed"):
                raise UserError(self.env._("A closed episode is kept as it was."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(self.env._("Missing-pupil episodes are kept as a record."))

    def _raise_alarm(self):
        """Tell the acting DSL and the deputies at once (activity and inbox)."""
        activity_type = self.env.ref("school_safeguarding.mail_activity_type_missing")
        Event = self.env["safeguarding.missing.event"]
        for episode in self:
            company = episode.company_id
            users = (
                company.safeguarding_acting_lead_ids
                | company.safeguarding_deputy_ids
                | company._safeguarding_recipients()
            ).filtered(lambda user: user.active)
            Event.create(
                {
                    "episode_id": episode.id,
                    "date": episode.reported_date,
                    "kind": "alarm",
                    "summary": self.env._(
                        "Alarm raised by %(user)s: last seen %(place)s.",
                        user=episode.reporter_id.name,
                        place=episode.last_seen_place,
                    ),
                    "user_id": episode.reporter_id.id,
                }
            )
            summary = self.env._("Missing pupil: %(ref)s", ref=episode.name)
            for user in users:
                episode.activity_schedule(
                    activity_type_id=activity_type.id,
                    summary=summary,
                    user_id=user.id,
                    date_deadline=fields.Date.context_today(episode),
                )
            if users:
                episode.message_notify(
                    partner_ids=users.partner_id.ids,
                    subject=summary,
                    body=Markup("<p>%s</p>")
                    % self.env._(
                        "A pupil has been reported missing (%(ref)s). Open it in "
                        "Safeguarding now.",
                        ref=episode.name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )

    def _check_team(self):
        self.check_access("write")
        if not (self.env.su or self.env.user.has_group(TEAM)):
            raise UserError(
                self.env._("Only the safeguarding team works missing-pupil episodes.")
            )

    def action_found(self, found_date=None, place=None):
        """The pupil is found: the clock stops."""
        self._check_team()
        # Arguments sent over RPC: checked like the fields they fill.
        self._safeguarding_check_values(
            [{"found_date": found_date, "found_place": place}]
        )
        found_date = fields.Datetime.to_datetime(found_date) or fields.Datetime.now()
        for episode in self:
            if episode.state != "missing":
                raise UserError(
                    self.env._("%(ref)s is not open as missing.", ref=episode.name)
                )
            # sudo: protected status fields, rights checked above.
            episode.sudo().write(
                {"state": "found", "found_date": found_date, "found_place": place}
            )
            # sudo: the "found" event is written by the button only.
            self.env["safeguarding.missing.event"].sudo().create(
                {
                    "episode_id": episode.id,
                    "date": found_date,
                    "user_id": self.env.uid,
                    "kind": "found",
                    "summary": (
                        self.env._("Found at %(place)s.", place=place)
                        if place
                        else self.env._("Found.")
                    ),
                }
            )
            episode.sudo().activity_feedback(
                ["school_safeguarding.mail_activity_type_missing"],
                feedback=self.env._("Pupil found."),
            )
        return True

    def action_open_found_wizard(self):
        self._check_team()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Pupil found"),
            "res_model": "safeguarding.missing.found.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_episode_id": self[:1].id},
        }

    def action_close(self):
        self._check_team()
        for episode in self:
            if episode.state != "found":
                raise UserError(
                    self.env._(
                        "%(ref)s can be closed once the pupil is found.",
                        ref=episode.name,
                    )
                )
            if not (episode.return_conversation or "").strip():
                raise ValidationError(
                    self.env._(
                        "Record the return conversation with the pupil before "
                        "closing %(ref)s.",
                        ref=episode.name,
                    )
                )
            episode.sudo().write(
                {"state": "closed", "date_closed": fields.Datetime.now()}
            )
        return True

    @api.model
    def _safeguarding_sees_chatter(self):
        # Whoever raised the alarm follows its status, not the team's work.
        return self.env.su or self.env.user.has_group(TEAM)

    def action_open_review(self):
        """Review the procedures after this (R31)."""
        return self.env["safeguarding.review"]._action_new(
            "missing", "missing_episode_id", self
        )

    def _safeguarding_audit_on_open(self):
        # Whoever raised the alarm follows it; the team's openings are logged.
        return self.env.user.has_group(TEAM)
