from odoo import fields, models


class SafeguardingPupilGuardian(models.Model):
    _inherit = "safeguarding.pupil.guardian"

    op_parent_id = fields.Many2one(
        "op.parent",
        string="OpenEduCat parent",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
        help="Kept in step with the parent in OpenEduCat: change the parent "
        "there. Guardians entered by hand are left alone.",
    )
