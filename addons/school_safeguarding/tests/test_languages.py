"""Odoo around the addon speaks the school's language; texts the reader's."""

from odoo.tests import tagged

from .common import SafeguardingCase


@tagged("post_install", "-at_install")
class TestLanguages(SafeguardingCase):
    def _load(self, code):
        self.env["res.lang"]._activate_lang(code)
        self.env["ir.module.module"]._load_module_terms(
            ["school_safeguarding"], [code], overwrite=True
        )

    def test_adding_kazakh_brings_odoos_own_russian(self):
        apps = self.env.ref("base.menu_management")
        russian = (
            self.env["res.lang"]
            .with_context(active_test=False)
            .search([("code", "=", "ru_RU")])
        )
        russian.active = False
        self.assertFalse(self.env["res.lang"]._safeguarding_load_russian())
        kazakh = (
            self.env["res.lang"]
            .with_context(active_test=False)
            .search([("code", "=", "kk_KZ")])
        )
        wizard = self.env["base.language.install"].create(
            {"lang_ids": [(6, 0, kazakh.ids)]}
        )
        wizard.lang_install()
        self.assertTrue(russian.active)
        self.assertEqual(apps.with_context(lang="ru_RU").name, "Приложения")

    def test_chronology_lines_are_in_the_language_of_who_caused_them(self):
        self._load("ru_RU")
        self._load("kk_KZ")
        self.staff.lang = "ru_RU"
        self.other_staff.lang = "kk_KZ"
        russian = self._submitted_concern()
        kazakh = self._submitted_concern(user=self.other_staff)
        entry = self.env["safeguarding.case.log"].search(
            [("concern_id", "=", russian.id)]
        )
        self.assertIn("отправлено DSL", entry.summary)
        entry = self.env["safeguarding.case.log"].search(
            [("concern_id", "=", kazakh.id)]
        )
        self.assertIn("жіберді", entry.summary)
        # Stored as written: a reader in another language reads the same line.
        self.assertIn(
            "жіберді", entry.with_context(lang="ru_RU").summary, "not re-translated"
        )

    def test_the_referral_letter_prints_in_the_printers_language(self):
        self._load("kk_KZ")
        self._load("ru_RU")
        agency = self.env["res.partner"].create(
            {"name": "Child protection", "safeguarding_agency_type": "child_protection"}
        )
        case = (
            self.env["safeguarding.case"]
            .with_user(self.lead)
            .create({"pupil_id": self.pupil.id})
        )
        referral = (
            self.env["safeguarding.referral"]
            .with_user(self.lead)
            .create(
                {
                    "case_id": case.id,
                    "agency_id": agency.id,
                    "reason": "Bruising and a disclosure about the stepfather.",
                    "confidentiality_instruction": "Do not tell the father.",
                }
            )
        )
        Report = self.env["ir.actions.report"]
        for lang, label in (
            ("kk_KZ", "Кімге айтуға болмайды"),
            ("ru_RU", "Кому нельзя сообщать"),
        ):
            self.lead.lang = lang
            # The web client sends the user's language with every request.
            html, _type = (
                Report.with_user(self.lead)
                .with_context(lang=self.lead.lang)
                ._render_qweb_html(
                    "school_safeguarding.report_safeguarding_referral", referral.ids
                )
            )
            self.assertIn(label, html.decode())
