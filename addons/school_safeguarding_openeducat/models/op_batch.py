from odoo import models


class OpBatch(models.Model):
    _inherit = "op.batch"

    def write(self, vals):
        result = super().write(vals)
        if "name" in vals:
            # sudo: only to find the students whose class name changed.
            enrolments = (
                self.env["op.student.course"]
                .sudo()
                .search([("batch_id", "in", self.ids)])
            )
            enrolments.student_id._safeguarding_sync_pupils()
        return result
