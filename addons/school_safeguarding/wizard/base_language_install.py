from odoo import models


class BaseLanguageInstall(models.TransientModel):
    _inherit = "base.language.install"

    def lang_install(self):
        action = super().lang_install()
        # Kazakh added: Odoo's own screens come in Russian, which Odoo has.
        if "kk_KZ" in self.lang_ids.mapped("code"):
            self.env["res.lang"]._safeguarding_load_russian()
        return action
