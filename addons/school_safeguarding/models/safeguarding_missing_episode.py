from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .safeguarding_formats import local_datetime_text

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
    elapsed_label = fields.Char(
        string="Missing for (time)",
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
                episode.elapsed_label = False
                continue
            end = episode.found_date or now
            seconds = max((end - episode.last_seen_date).total_seconds(), 0.0)
            episode.elapsed_hours = seconds / 3600.0
            episode.elapsed_label = self._duration_label(int(seconds // 60))

    @api.model
    def _duration_label(self, minutes):
        """ "3 min", "2 h 05 min", "1 d 4 h": a duration with its units."""
        days, minutes = divmod(minutes, 24 * 60)
        hours, minutes = divmod(minutes, 60)
        if days:
            return self.env._("%(days)s d %(hours)s h", days=days, hours=hours)
        if hours:
            padded = f"{minutes:02d}"
            return self.env._(
                "%(hours)s h %(minutes)s min", hours=hours, minutes=padded
            )
        return self.env._("%(minutes)s min", minutes=minutes)

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
                        date=local_datetime_text(episode, episode.last_seen_date),
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

    def init(self):
        # One open episode per child, even when two alarms cross.
        self.env.cr.execute(
            """
            SELECT 1 FROM safeguarding_missing_episode
             WHERE state = 'missing'
             GROUP BY pupil_id HAVING count(*) > 1 LIMIT 1
            """
        )
        if not self.env.cr.fetchone():
            self.env.cr.execute(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS
                    safeguarding_missing_episode_one_open_per_pupil
                    ON safeguarding_missing_episode (pupil_id)
                 WHERE state = 'missing'
                """
            )

    @api.model
    def _check_not_already_missing(self, vals_list):
        """A second alarm for a child already missing opens no second episode."""
        pupil_ids = [vals.get("pupil_id") for vals in vals_list if vals.get("pupil_id")]
        # sudo: whoever raises the alarm learns only that it is raised already.
        open_episodes = self.sudo().search(
            [("pupil_id", "in", pupil_ids), ("state", "=", "missing")]
        )
        if len(set(pupil_ids)) < len(pupil_ids):
            raise UserError(self.env._("Raise one alarm per missing pupil."))
        if open_episodes:
            episode = open_episodes[0]
            raise UserError(
                self.env._(
                    "%(child)s is already reported missing: the alarm was raised "
                    "at %(time)s and the DSL and the deputies were told. Tell "
                    "them now, in person or by phone, anything you know (where "
                    "and when you last saw the child).",
                    child=episode.pupil_id.name,
                    time=local_datetime_text(self, episode.reported_date),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_not_already_missing(vals_list)
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
            summary = self.env._(
                "Missing pupil: %(child)s (%(ref)s)",
                child=episode.pupil_id.name,
                ref=episode.name,
            )
            for user in users:
                episode.activity_schedule(
                    activity_type_id=activity_type.id,
                    summary=summary,
                    note=Markup("<p>%s</p>")
                    % self.env._(
                        "%(child)s has been reported missing by %(user)s, last "
                        "seen %(place)s. Follow the missing-pupil procedure now.",
                        child=episode.pupil_id.name,
                        user=episode.reporter_id.name,
                        place=episode.last_seen_place,
                    ),
                    user_id=user.id,
                    date_deadline=fields.Date.context_today(episode),
                )

    def action_alarm_raised(self):
        """What the person who raised the alarm sees once it is raised."""
        self.ensure_one()
        if self.sudo().reporter_id != self.env.user:
            self.check_access("read")
        # sudo: the names of who was told, for whoever raised the alarm.
        told = self.sudo().company_id.safeguarding_acting_lead_ids
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "danger",
                "sticky": True,
                "title": self.env._("Alarm raised"),
                "message": self.env._(
                    "%(names)s and the deputies were told that %(child)s is "
                    "missing. Keep looking and follow the missing-pupil "
                    "procedure; tell the DSL at once if the child is found.",
                    names=", ".join(told.mapped("name")) or self.env._("The DSL"),
                    child=self.sudo().pupil_id.name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

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
