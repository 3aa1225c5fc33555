from odoo import api, models
from odoo.exceptions import AccessError

from .safeguarding_confidential_mixin import CONFIDENTIAL_MODELS


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _check_safeguarding_assignees(self):
        """An activity on a safeguarding record goes only to people who may read it.

        The assignee of an activity reads its summary and the record's name
        without access to the record, and is made a follower.
        """
        for activity in self:
            if activity.res_model not in CONFIDENTIAL_MODELS or not activity.user_id:
                continue
            # sudo: reading the target record as the assignee is the check itself.
            record = self.env[activity.res_model].sudo().browse(activity.res_id)
            if not record.with_user(activity.user_id).has_access("read"):
                raise AccessError(
                    self.env._(
                        "%(user)s may not read this safeguarding record, so the "
                        "activity cannot be assigned to them.",
                        user=activity.user_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        activities._check_safeguarding_assignees()
        return activities

    def write(self, vals):
        result = super().write(vals)
        if "user_id" in vals or "res_id" in vals or "res_model_id" in vals:
            self._check_safeguarding_assignees()
        return result
