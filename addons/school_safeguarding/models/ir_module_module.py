from odoo import models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def button_uninstall(self):
        # Uninstalling a module the addon depends on (hr, mail) removes it too.
        leaving = self | self.downstream_dependencies()
        if "school_safeguarding" in leaving.mapped("name"):
            self.env["safeguarding.archive"]._check_archived()
        return super().button_uninstall()
