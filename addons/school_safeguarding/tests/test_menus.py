from odoo.tests import tagged

from .common import SafeguardingCase


@tagged("post_install", "-at_install")
class TestMenus(SafeguardingCase):
    """Every menu opens for every role that sees it: views load, lists read.

    A smoke test of the user interface without a browser: a field a role may
    not read, or a view that does not parse for them, fails here.
    """

    def test_every_visible_menu_opens(self):
        root = self.env.ref("school_safeguarding.safeguarding_menu_root")
        menus = self.env["ir.ui.menu"].search([("id", "child_of", root.id)])
        roles = {
            "staff": self.staff,
            "reception": self.reception,
            "hr": self.hr,
            "team": self.team,
            "lead": self.lead,
            "director": self.director,
            "manager": self.manager,
        }
        opened = 0
        for role, user in roles.items():
            visible = menus.with_user(user)._filter_visible_menus()
            for menu in visible.filtered("action"):
                action = menu.action
                if action._name != "ir.actions.act_window":
                    continue
                Model = self.env[action.res_model].with_user(user)
                view_types = [
                    view_type
                    for view_type in action.view_mode.split(",")
                    if view_type != "form"
                ] + ["form", "search"]
                views = Model.get_views(
                    [(False, view_type) for view_type in view_types],
                    {"action_id": action.id},
                )
                self.assertTrue(views["views"], f"{role}: {menu.complete_name}")
                if "list" in view_types and not Model._transient:
                    fields = views["views"]["list"]["arch"]
                    self.assertTrue(fields)
                    Model.web_search_read([], {"display_name": {}}, limit=5)
                opened += 1
        self.assertGreater(opened, 40)
