from datetime import date

from odoo import api, fields, models

from ..models.safeguarding_two_factor import safeguarding_two_factor_missing

TEAM = "school_safeguarding.group_safeguarding_team"
LEAD = "school_safeguarding.group_safeguarding_lead"
DIRECTOR = "school_safeguarding.group_safeguarding_director"
HR = "school_safeguarding.group_safeguarding_hr"
RECEPTION = "school_safeguarding.group_safeguarding_reception"
ROWS = 20


class SafeguardingOverview(models.TransientModel):
    """The safeguarding home: what needs action today, as the user sees it.

    Opened through ``action_open_today``, which saves the page first so that
    every figure and list is computed for the user when the page shows.
    """

    _name = "safeguarding.overview"
    _description = "Safeguarding overview"
    _inherit = ["safeguarding.input.guard"]
    # Someone keeps "Today" open all day and still clicks through it.
    _transient_max_hours = 24.0

    new_concern_count = fields.Integer(
        string="Number of new concerns", compute="_compute_counts"
    )
    referral_overdue_count = fields.Integer(
        string="Referrals overdue", compute="_compute_counts"
    )
    referral_today_count = fields.Integer(
        string="Referrals due today", compute="_compute_counts"
    )
    missing_count = fields.Integer(
        string="Number of pupils missing now", compute="_compute_counts"
    )
    action_overdue_count = fields.Integer(
        string="Number of improvement actions overdue", compute="_compute_counts"
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
    acting_lead_names = fields.Char(string="Acting DSL", compute="_compute_roles")
    lead_away = fields.Boolean(string="DSL away", compute="_compute_roles")
    is_team = fields.Boolean(compute="_compute_roles")
    is_lead_or_director = fields.Boolean(compute="_compute_roles")
    two_factor_missing = fields.Boolean(
        string="Two-factor needed",
        compute="_compute_roles",
        help="A senior role without two-factor authentication, in a school that "
        "requires it: case content stays closed until it is on.",
    )
    new_concern_ids = fields.Many2many(
        "safeguarding.concern",
        string="New concerns",
        compute="_compute_lists",
        groups=TEAM,
    )
    case_ids = fields.Many2many(
        "safeguarding.case",
        string="My open cases",
        compute="_compute_lists",
        groups=TEAM,
    )
    referral_ids = fields.Many2many(
        "safeguarding.referral",
        string="Referrals due",
        compute="_compute_lists",
        groups=TEAM,
    )
    missing_ids = fields.Many2many(
        "safeguarding.missing.episode",
        string="Pupils missing now",
        compute="_compute_lists",
        groups=TEAM,
    )
    allegation_ids = fields.Many2many(
        "safeguarding.allegation",
        string="Allegations waiting",
        compute="_compute_lists",
        groups=f"{LEAD},{DIRECTOR}",
    )
    review_action_ids = fields.Many2many(
        "safeguarding.review.action",
        string="Improvement actions overdue",
        compute="_compute_lists",
        groups=f"{LEAD},{DIRECTOR}",
    )

    @api.model_create_multi
    def create(self, vals_list):
        overviews = super().create(vals_list)
        # Creation caches the new record's lists as empty: they are computed
        # when read.
        overviews.invalidate_recordset()
        return overviews

    def web_read(self, specification):
        return super().web_read(specification)

    # Its lists are of confidential records, whose reading writes the access
    # log: not in the read-only transaction Odoo uses for reads.
    web_read._readonly = False

    @api.depends_context("uid")
    def _compute_display_name(self):
        for overview in self:
            overview.display_name = self.env._("Today")

    @api.depends_context("uid")
    def _compute_roles(self):
        user = self.env.user
        is_team = user.has_group(TEAM)
        is_lead_or_director = user.has_group(LEAD) or user.has_group(DIRECTOR)
        # sudo: who acts as DSL today, as "Who to tell" shows every user.
        company = self.env.company.sudo()
        two_factor_missing = safeguarding_two_factor_missing(self.env)
        for overview in self:
            overview.two_factor_missing = two_factor_missing
            # Without two-factor, no figure of case content is shown.
            overview.is_team = is_team and not two_factor_missing
            overview.is_lead_or_director = is_lead_or_director
            overview.lead_away = company.safeguarding_lead_away
            overview.acting_lead_names = ", ".join(
                company.safeguarding_acting_lead_ids.mapped("name")
            )

    @api.depends_context("uid")
    def _compute_counts(self):
        # As the user: every count is of records they may read.
        env = self.env
        user = env.user
        # Without two-factor, no figure of case content (a banner says why).
        is_team = user.has_group(TEAM) and not safeguarding_two_factor_missing(env)
        reviews = user.has_group(LEAD) or user.has_group(DIRECTOR)
        Referral = env["safeguarding.referral"]
        counts = {
            "new_concern_count": is_team
            and env["safeguarding.concern"].search_count([("state", "=", "submitted")]),
            "referral_overdue_count": is_team
            and Referral.search_count([("is_overdue", "=", True)]),
            "referral_today_count": is_team
            and Referral.search_count([("is_due_today", "=", True)]),
            "missing_count": is_team
            and env["safeguarding.missing.episode"].search_count(
                [("state", "=", "missing")]
            ),
            "action_overdue_count": reviews
            and env["safeguarding.review.action"].search_count(
                [("overdue", "=", True)]
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
            overview.update({name: count or 0 for name, count in counts.items()})

    @api.depends_context("uid")
    def _compute_lists(self):
        env = self.env
        user = env.user
        # Without two-factor, no list of case content (a banner says why).
        two_factor_missing = safeguarding_two_factor_missing(env)
        values = {}
        if two_factor_missing:
            values = dict.fromkeys(
                ("new_concern_ids", "case_ids", "referral_ids", "missing_ids"), False
            )
            values["allegation_ids"] = False
        if user.has_group(TEAM) and not two_factor_missing:
            values.update(
                new_concern_ids=env["safeguarding.concern"].search(
                    [("state", "=", "submitted")], limit=ROWS
                ),
                case_ids=self._by_next_deadline(
                    env["safeguarding.case"].search(
                        [("user_id", "=", env.uid), ("state", "!=", "closed")]
                    )
                )[:ROWS],
                referral_ids=env["safeguarding.referral"].search(
                    ["|", ("is_overdue", "=", True), ("is_due_today", "=", True)],
                    order="deadline asc, id",
                    limit=ROWS,
                ),
                missing_ids=env["safeguarding.missing.episode"].search(
                    [("state", "=", "missing")], limit=ROWS
                ),
            )
        if user.has_group(LEAD) or user.has_group(DIRECTOR):
            values["review_action_ids"] = env["safeguarding.review.action"].search(
                [("overdue", "=", True)], limit=ROWS
            )
            if not two_factor_missing:
                values["allegation_ids"] = env["safeguarding.allegation"].search(
                    [("state", "!=", "closed")], limit=ROWS
                )
        for overview in self:
            overview.update(values)

    @api.model
    def _by_next_deadline(self, cases):
        """The cases whose next activity is due first come first."""
        return cases.sorted(
            lambda case: (
                not case.activity_date_deadline,
                case.activity_date_deadline or date.max,
                -case.id,
            )
        )

    @api.model
    def action_open_today(self):
        """The home of the safeguarding team, directors and the DSL.

        The user's page of the day is kept (a reload or a bookmark finds it);
        the action carries the id of the "Today" menu's action, so that the
        web client shows the Safeguarding menus around it.
        """
        overview = self.search(
            [("create_uid", "=", self.env.uid)], order="id desc", limit=1
        ) or self.create({})
        return {
            "type": "ir.actions.act_window",
            "id": self.env.ref("school_safeguarding.safeguarding_today_action").id,
            "name": self.env._("Today"),
            "res_model": self._name,
            "res_id": overview.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"form_view_initial_mode": "readonly"},
        }

    def action_open_two_factor_setup(self):
        """The user's own profile, where two-factor is turned on."""
        action = self.env["res.users"].action_get()
        action["res_id"] = self.env.uid
        return action

    @api.model
    def action_open_home(self):
        """Where the Safeguarding app opens: each role on its own work."""
        user = self.env.user
        Action = self.env["ir.actions.act_window"]
        if user.has_group(TEAM) or user.has_group(DIRECTOR):
            return self.action_open_today()
        if user.has_group(HR):
            action = Action._for_xml_id(
                "school_safeguarding.hr_employee_action_safeguarding_scr"
            )
            action["context"] = {"search_default_sg_not_cleared": 1}
            return action
        if user.has_group(RECEPTION):
            return Action._for_xml_id("school_safeguarding.safeguarding_visit_action")
        return Action._for_xml_id(
            "school_safeguarding.safeguarding_concern_action_mine"
        )

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

    def action_open_my_cases(self):
        return self._open(
            "school_safeguarding.safeguarding_case_action",
            [("user_id", "=", self.env.uid), ("state", "!=", "closed")],
        )

    def action_open_allegations(self):
        return self._open(
            "school_safeguarding.safeguarding_allegation_action",
            [("state", "!=", "closed")],
        )
