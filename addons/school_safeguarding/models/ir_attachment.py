from odoo import api, models
from odoo.exceptions import ValidationError

from .safeguarding_confidential_mixin import CONFIDENTIAL_MODELS


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.constrains("res_model", "public", "access_token")
    def _check_safeguarding_private(self):
        for attachment in self:
            if attachment.res_model in CONFIDENTIAL_MODELS and (
                attachment.public or attachment.access_token
            ):
                raise ValidationError(
                    self.env._(
                        "Files of safeguarding records are never public and never "
                        "shared by link."
                    )
                )
