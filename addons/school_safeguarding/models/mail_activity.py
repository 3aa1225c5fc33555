from odoo import api, models
from odoo.exceptions import AccessError

from .safeguarding_confidential_mixin import confidential_models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _check_safeguarding_assignees(self):
        """An activity on a safeguarding record goes only to people who may read it.

        The assignee of an activity reads its summary and the record's name
        without access to the record, and is made a follower.
        """
        targets = {}
        confidential = confidential_models(self.env)
        for activity in self:
            if activity.res_model in confidential and activity.user_id:
                key = (activity.res_model, activity.user_id)
                targets.setdefault(key, set()).add(activity.res_id)
        # One access check per model and assignee, however many activities.
        for (model, user), res_ids in targets.items():
            # sudo: reading the target records as the assignee is the check itself.
            records = self.env[model].sudo().browse(res_ids).with_user(user)
            if records._filtered_access("read") != records:
                raise AccessError(
                    self.env._(
                        "%(user)s may not read this safeguarding record, so the "
                        "activity cannot be assigned to them.",
                        user=user.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        activities = super(
            MailActivity, self.with_context(safeguarding_quiet_subscribe=True)
        ).create(vals_list)
        activities._check_safeguarding_assignees()
        return activities

    def write(self, vals):
        result = super().write(vals)
        if "user_id" in vals or "res_id" in vals or "res_model_id" in vals:
            self._check_safeguarding_assignees()
        return result
