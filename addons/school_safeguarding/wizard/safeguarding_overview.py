from odoo import api, fields, models

TEAM = "school_safeguarding.group_safeguarding_team"


class SafeguardingOverview(models.TransientModel):
    """The DSL's overview: what needs action today, as the user sees it."""

    _name = "safeguarding.overview"
    _description = "Safeguarding overview"
    _inherit = ["safeguarding.input.guard"]

    new_concern_count = fields.Integer(string="New concerns", compute="_compute_counts")
    referral_overdue_count = fields.Integer(
        string="Referrals overdue", compute="_compute_counts"
    )
    referral_today_count = fields.Integer(
        string="Referrals due today", compute="_compute_counts"
    )
    missing_count = fields.Integer(
        string="Pupils missing now", compute="_compute_counts"
    )
    action_overdue_count = fields.Integer(
        string="Improvement actions overdue", compute="_compute_counts"
    )
    activity_count = fields.Integer(
        string="My activities due", compute="_compute_counts"
    )
    undelivered_count = fields.Integer(
        string="Notifications not delivered",
        compute="_compute_counts",
        help="Emails about safeguarding records that the mail server refused "
        "even after being tried again: check the outgoing mail server.",
    )

    @api.depends_context("uid")
    def _compute_counts(self):
        # As the user: every count is of records they may read.
        env = self.env
        counts = {
            "new_concern_count": env["safeguarding.concern"].search_count(
                [("state", "=", "submitted")]
            ),
            "referral_overdue_count": env["safeguarding.referral"].search_count(
                [("is_overdue", "=", True)]
            ),
            "referral_today_count": env["safeguarding.referral"].search_count(
                [("is_due_today", "=", True)]
            ),
            "missing_count": env["safeguarding.missing.episode"].search_count(
                [("state", "=", "missing")]
            ),
            "action_overdue_count": (
                env["safeguarding.review.action"].search_count([("overdue", "=", True)])
            ),
            "activity_count": env["mail.activity"].search_count(
                [
                    ("user_id", "=", env.uid),
                    ("res_model", "like", "safeguarding."),
                    ("date_deadline", "<=", fields.Date.context_today(self)),
                ]
            ),
            "undelivered_count": env["mail.mail"]._safeguarding_undelivered_count(),
        }
        for overview in self:
            overview.update(counts)

    def _open(self, xmlid, domain, name=None):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = domain
        action["context"] = {}
        if name:
            action["name"] = name
        return action

    def action_open_new_concerns(self):
        return self._open(
            "school_safeguarding.safeguarding_concern_action_all",
            [("state", "=", "submitted")],
        )

    def action_open_referrals_overdue(self):
        return self._open(
            "school_safeguarding.safeguarding_referral_action",
            [("is_overdue", "=", True)],
        )

    def action_open_referrals_today(self):
        return self._open(
            "school_safeguarding.safeguarding_referral_action",
            [("is_due_today", "=", True)],
        )

    def action_open_missing(self):
        return self._open(
            "school_safeguarding.safeguarding_missing_episode_action",
            [("state", "=", "missing")],
        )

    def action_open_actions_overdue(self):
        return self._open(
            "school_safeguarding.safeguarding_review_action_action",
            [("overdue", "=", True)],
        )
