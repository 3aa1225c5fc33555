from odoo.tests import tagged

from .common import SafeguardingCase


@tagged("post_install", "-at_install")
class TestTranslations(SafeguardingCase):
    """Russian and Kazakh for the screens every member of staff uses."""

    def test_kazakh_language_available(self):
        kazakh = (
            self.env["res.lang"]
            .with_context(active_test=False)
            .search([("code", "=", "kk_KZ")])
        )
        self.assertEqual(kazakh.iso_code, "kk")
        self.assertFalse(self.env["res.lang"]._safeguarding_add_kazakh())

    def test_staff_screens_in_russian_and_kazakh(self):
        menu = self.env.ref("school_safeguarding.safeguarding_concern_menu_new")
        category = self.env.ref("school_safeguarding.concern_category_neglect")
        for code, menu_name, category_name in (
            ("ru_RU", "Сообщить о беспокойстве", "Пренебрежение нуждами ребёнка"),
            ("kk_KZ", "Алаңдаушылық туралы хабарлау", "Баланың қажеттіліктерін елемеу"),
        ):
            self.env["res.lang"]._activate_lang(code)
            self.env["ir.module.module"]._load_module_terms(
                ["school_safeguarding"], [code], overwrite=True
            )
            self.assertEqual(menu.with_context(lang=code).name, menu_name)
            self.assertEqual(category.with_context(lang=code).name, category_name)
        # The staff member's error messages follow their language.
        Concern = (
            self.env["safeguarding.concern"]
            .with_user(self.staff)
            .with_context(lang="ru_RU")
        )
        with self.assertRaisesMessage(Exception, "Выберите ребёнка"):
            Concern.create({"subject_type": "child", "description": "x"})

    def test_the_dsl_is_told_in_their_own_language(self):
        """A Russian-speaking teacher's concern reaches a Kazakh-speaking DSL in
        Kazakh, and a Russian-speaking deputy in Russian."""
        self.env["res.lang"]._activate_lang("kk_KZ")
        self.env["res.lang"]._activate_lang("ru_RU")
        self.lead.lang = "kk_KZ"
        self.team.lang = "ru_RU"
        self.staff.lang = "ru_RU"
        self.company.safeguarding_lead_absent = True
        concern = self._submitted_concern()
        self.company.safeguarding_lead_absent = False
        other = self._submitted_concern()
        for record, user, expected in (
            (other, self.lead, f"{other.name} хабарламасын қарау"),
            (concern, self.team, f"Рассмотреть сообщение {concern.name}"),
        ):
            activity = record.activity_ids.filtered(lambda a, u=user: a.user_id == u)
            self.assertEqual(activity.summary, expected)
            # Told once, by the activity's notification, in their language.
            message = self.env["mail.message"].search(
                [
                    ("model", "=", record._name),
                    ("res_id", "=", record.id),
                    ("partner_ids", "in", user.partner_id.ids),
                ]
            )
            self.assertEqual(len(message), 1)
            self.assertIn(expected, f"{message.subject} {message.body}")

    def test_kazakh_gets_kazakhstans_formats(self):
        kazakh = (
            self.env["res.lang"]
            .with_context(active_test=False)
            .search([("code", "=", "kk_KZ")])
        )
        # As Odoo leaves it on a machine without the kk_KZ locale.
        kazakh.write({"date_format": "%m/%d/%Y", "week_start": "7"})
        self.env["res.lang"]._safeguarding_add_kazakh()
        self.assertEqual(kazakh.date_format, "%d.%m.%Y")
        self.assertEqual(kazakh.week_start, "1")
        self.assertEqual(kazakh.decimal_point, ",")
