import re
from pathlib import Path

from lxml import etree

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

REGISTERED = re.compile(
    r"""registry\s*\.category\(\s*["']fields["']\s*\)\s*\.add\(\s*["']([\w.]+)["']"""
)


@tagged("post_install", "-at_install")
class TestWidgets(TransactionCase):
    """Every widget the addon's views name exists in the installed web client.

    A misspelt widget passes the server's view validation but breaks the
    form in the browser.
    """

    def test_view_widgets_exist(self):
        modules = self.env["ir.module.module"].search([("state", "=", "installed")])
        known = set()
        for name in modules.mapped("name"):
            path = get_module_path(name)
            if not path:
                continue
            for source in Path(path, "static", "src").rglob("*.js"):
                known.update(REGISTERED.findall(source.read_text(errors="ignore")))
        views = self.env["ir.ui.view"].search(
            [("model_data_id.module", "=", "school_safeguarding")]
        )
        used = set()
        for view in views:
            arch = etree.fromstring(view.arch_db.encode())
            used.update(
                node.get("widget") for node in arch.iter("field") if node.get("widget")
            )
        self.assertGreater(len(used), 10)
        self.assertFalse(used - known, f"unknown widgets: {sorted(used - known)}")
