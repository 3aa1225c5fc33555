from odoo import api, models

SYNCED_FIELDS = {"name", "student_ids", "relationship_id", "active"}


class OpParent(models.Model):
    _inherit = "op.parent"

    @api.model_create_multi
    def create(self, vals_list):
        parents = super().create(vals_list)
        # sudo: the students are only mirrored onto their pupils.
        parents.sudo().student_ids._safeguarding_sync_pupils()
        return parents

    def write(self, vals):
        # sudo: see create.
        students = self.sudo().student_ids
        result = super().write(vals)
        if SYNCED_FIELDS & set(vals):
            (students | self.sudo().student_ids)._safeguarding_sync_pupils()
        return result

    def unlink(self):
        # sudo: see create.
        students = self.sudo().student_ids
        result = super().unlink()
        students._safeguarding_sync_pupils()
        return result
