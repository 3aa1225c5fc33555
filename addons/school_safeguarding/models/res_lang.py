from odoo import api, models


class ResLang(models.Model):
    _inherit = "res.lang"

    @api.model
    def _safeguarding_load_russian(self):
        """Russian with Odoo's own translations, once Kazakh or Russian is used.

        Odoo has no Kazakh for its own screens: the school's staff then work
        around the addon's screens in Russian, and Russian speakers in their
        own language. Loads nothing when neither language is active.
        """
        active = self.search([("code", "in", ("ru_RU", "kk_KZ"))])
        russian = active.filtered(lambda lang: lang.code == "ru_RU")
        if not active:
            return False
        if not russian:
            self._activate_lang("ru_RU")
        modules = self.env["ir.module.module"].search(
            [("state", "in", ("installed", "to install", "to upgrade"))]
        )
        self.env["ir.module.module"]._load_module_terms(
            modules.mapped("name"), ["ru_RU"]
        )
        return True

    @api.model
    def _safeguarding_add_kazakh(self):
        """Add Kazakh (kk_KZ) to the languages when Odoo does not know it.

        Left inactive: an administrator activates it in Settings > Languages,
        which loads the addon's Kazakh translation (i18n/kk.po).
        """
        formats = {
            "date_format": "%d.%m.%Y",
            "time_format": "%H:%M:%S",
            "short_time_format": "%H:%M",
            "decimal_point": ",",
            "thousands_sep": "\N{NO-BREAK SPACE}",
            "grouping": "[3,0]",
            "week_start": "1",
        }
        kazakh = self.with_context(active_test=False).search(
            [("code", "=", "kk_KZ")], limit=1
        )
        if kazakh:
            # Created from a machine without the kk_KZ locale, Odoo falls back
            # to the American formats: give it Kazakhstan's.
            if kazakh.date_format == "%m/%d/%Y":
                kazakh.write(formats)
            return self.browse()
        return self.create(
            {
                "name": "Kazakh / Қазақ тілі",
                "code": "kk_KZ",
                "iso_code": "kk",
                "url_code": "kk",
                "active": False,
                "direction": "ltr",
                **formats,
            }
        )
