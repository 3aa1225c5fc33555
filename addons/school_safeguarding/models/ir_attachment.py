from odoo import api, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .safeguarding_confidential_mixin import (
    confidential_models,
    safeguarding_hidden_rows,
    safeguarding_visible_query,
)


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.constrains("res_model", "public", "access_token")
    def _check_safeguarding_private(self):
        for attachment in self:
            if attachment.res_model in confidential_models(self.env) and (
                attachment.public or attachment.access_token
            ):
                raise ValidationError(
                    self.env._(
                        "Files of safeguarding records are never public and never "
                        "shared by link."
                    )
                )

    def _safeguarding_forbidden(self):
        """Files of confidential records that the user may not open.

        Besides Odoo's rule (read access to the record), a file posted by
        someone else on a record whose team side the user does not see (the
        reporter of a concern) stays with the team.
        """
        return safeguarding_hidden_rows(self, "create_uid", self.env.uid)

    @api.model
    def check(self, mode, values=None):
        result = super().check(mode, values=values)
        if mode == "read" and self._safeguarding_forbidden():
            raise AccessError(
                self.env._("Sorry, you are not allowed to access this document.")
            )
        return result

    def _safeguarding_sent_concern_files(self):
        """The files of ``self`` that belong to a concern sent to the DSL."""
        Concern = self.env["safeguarding.concern"].sudo()
        # sudo: where each file belongs, and whether that concern was sent.
        rows = [
            row
            for row in self.sudo().read(["res_model", "res_id"], load=None)
            if row["res_model"] == Concern._name and row["res_id"]
        ]
        if not rows:
            return self.browse()
        concern_ids = [row["res_id"] for row in rows]
        sent = set(
            Concern.search([("id", "in", concern_ids), ("state", "!=", "draft")]).ids
        )
        return self.browse(row["id"] for row in rows if row["res_id"] in sent)

    def _safeguarding_keep_sent_files(self):
        """Files and photos of a sent concern are evidence: kept as they were."""
        if not self.env.su and self._safeguarding_sent_concern_files():
            raise UserError(
                self.env._(
                    "The files of a concern sent to the DSL are kept as evidence: "
                    "they cannot be changed, replaced or deleted."
                )
            )

    def write(self, vals):
        self._safeguarding_keep_sent_files()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent_concern_files(self):
        self._safeguarding_keep_sent_files()

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset=offset, limit=limit, order=order)
        return safeguarding_visible_query(self, query, order)
