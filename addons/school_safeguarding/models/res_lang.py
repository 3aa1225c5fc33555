from odoo import api, models


class ResLang(models.Model):
    _inherit = "res.lang"

    @api.model
    def _safeguarding_add_kazakh(self):
        """Add Kazakh (kk_KZ) to the languages when Odoo does not know it.

        Left inactive: an administrator activates it in Settings > Languages,
        which loads the addon's Kazakh translation (i18n/kk.po).
        """
        if self.with_context(active_test=False).search_count(
            [("code", "=", "kk_KZ")], limit=1
        ):
            return self.browse()
        return self.create(
            {
                "name": "Kazakh / Қазақ тілі",
                "code": "kk_KZ",
                "iso_code": "kk",
                "url_code": "kk",
                "active": False,
                "direction": "ltr",
                "date_format": "%d.%m.%Y",
                "time_format": "%H:%M:%S",
                "short_time_format": "%H:%M",
                "decimal_point": ",",
                "thousands_sep": "\N{NO-BREAK SPACE}",
                "grouping": "[3,0]",
                "week_start": "1",
            }
        )
