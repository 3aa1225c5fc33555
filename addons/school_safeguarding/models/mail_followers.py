from collections import defaultdict

from odoo import api, models
from odoo.exceptions import AccessError

from .safeguarding_confidential_mixin import (
    confidential_models,
    safeguarding_hidden_documents,
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
        if self.env.su or not self:
            return self.browse()
        rows = self.sudo().read(["res_model", "res_id", "partner_id"], load=None)
        confidential = confidential_models(self.env)
        model_ids = defaultdict(set)
        for row in rows:
            if row["res_model"] in confidential:
                model_ids[row["res_model"]].add(row["res_id"])
        if not model_ids:
            return self.browse()
        hidden = safeguarding_hidden_documents(self.env, model_ids)
        own = self.env.user.partner_id.id
        return self.browse(
            row["id"]
            for row in rows
            if row["res_id"] in hidden.get(row["res_model"], ())
            and row["partner_id"] != own
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset=offset, limit=limit, order=order)
        if self.env.su:
            return query
        followers = self.browse(query.get_result_ids())
        forbidden = followers._safeguarding_forbidden()
        if not forbidden:
            return query
        return (followers - forbidden)._as_query(order)

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
