from odoo import api, models

SYNCED_FIELDS = {"student_id", "course_id", "batch_id", "state"}


class OpStudentCourse(models.Model):
    _inherit = "op.student.course"

    @api.model_create_multi
    def create(self, vals_list):
        enrolments = super().create(vals_list)
        enrolments.student_id._safeguarding_sync_pupils()
        return enrolments

    def write(self, vals):
        students = self.student_id
        result = super().write(vals)
        if SYNCED_FIELDS & set(vals):
            (students | self.student_id)._safeguarding_sync_pupils()
        return result

    def unlink(self):
        students = self.student_id
        result = super().unlink()
        students._safeguarding_sync_pupils()
        return result
