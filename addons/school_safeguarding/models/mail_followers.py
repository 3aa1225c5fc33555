from odoo import api, models
from odoo.exceptions import AccessError

from .safeguarding_confidential_mixin import (
    confidential_models,
    safeguarding_hidden_rows,
    safeguarding_visible_query,
)


class MailFollowers(models.Model):
    """Followers of a confidential record are seen by those who see its team side.

    Not the adult an allegation is about, not another school's team, not the
    reporter of a concern (beyond their own row); and nobody adds follower rows
    to such a record by hand.
    """

    _inherit = "mail.followers"

    def _safeguarding_forbidden(self):
        """The rows of ``self`` on confidential records hidden from the user."""
        return safeguarding_hidden_rows(self, "partner_id", self.env.user.partner_id.id)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset=offset, limit=limit, order=order)
        return safeguarding_visible_query(self, query, order)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        checked = self - result[0] if result else self
        forbidden = checked._safeguarding_forbidden()
        if not forbidden:
            return result
        if result:
            forbidden |= result[0]
        return forbidden, lambda: forbidden._make_access_error(operation)

    def write(self, vals):
        if not self.env.su and (
            self.filtered(lambda row: row.res_model in confidential_models(self.env))
            or vals.get("res_model") in confidential_models(self.env)
        ):
            raise AccessError(
                self.env._(
                    "Followers of safeguarding records are added by the "
                    "record itself, never by hand."
                )
            )
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            confidential = confidential_models(self.env)
            for vals in vals_list:
                if vals.get("res_model") in confidential:
                    raise AccessError(
                        self.env._(
                            "Followers of safeguarding records are added by the "
                            "record itself, never by hand."
                        )
                    )
        return super().create(vals_list)
