from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class SafeguardingMissingEvent(models.Model):
    """One event or measure of a missing-pupil episode; never changed."""

    _name = "safeguarding.missing.event"
    _description = "Missing pupil event"
    _inherit = ["safeguarding.input.guard"]
    _order = "date desc, id desc"
    _check_company_auto = True

    episode_id = fields.Many2one(
        "safeguarding.missing.episode",
        string="Episode",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="episode_id.company_id", store=True, index=True, precompute=True
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    kind = fields.Selection(
        [
            ("alarm", "Alarm raised"),
            ("search", "Search"),
            ("call", "Call"),
            ("parents_told", "Parents told"),
            ("police_told", "Police told"),
            ("sighting", "Sighting"),
            ("found", "Found"),
            ("other", "Other"),
        ],
        required=True,
        default="search",
    )
    summary = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users", string="By", required=True, default=lambda self: self.env.user
    )

    @api.constrains("date", "episode_id")
    def _check_date(self):
        now = fields.Datetime.now()
        for event in self:
            if event.date > now:
                raise ValidationError(
                    self.env._("An event cannot be recorded in the future.")
                )
            if event.date < event.episode_id.last_seen_date:
                raise ValidationError(
                    self.env._(
                        "An event of the search cannot come before the pupil was "
                        "last seen."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self.env.su:
                vals["user_id"] = self.env.uid
                if vals.get("kind") in ("alarm", "found"):
                    raise UserError(
                        self.env._("Use the buttons of the episode for this event.")
                    )
        events = super().create(vals_list)
        events.episode_id.check_access("write")
        if not self.env.su and events.episode_id.filtered(
            lambda episode: episode.state == "closed"
        ):
            raise UserError(self.env._("A closed episode is kept as it was."))
        return events

    def write(self, vals):
        if self.env.su:
            return super().write(vals)
        raise UserError(
            self.env._("Events cannot be changed: record a new event instead.")
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(self.env._("Events of a missing-pupil episode are kept."))
