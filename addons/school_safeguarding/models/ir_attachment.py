from odoo import api, models
from odoo.exceptions import AccessError, ValidationError

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

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset=offset, limit=limit, order=order)
        return safeguarding_visible_query(self, query, order)
