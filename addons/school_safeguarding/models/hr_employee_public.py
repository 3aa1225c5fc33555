from odoo import fields, models

from .hr_employee import CLEARANCE, CLEARANCE_READERS


class HrEmployeePublic(models.Model):
    _name = "hr.employee.public"
    _inherit = ["hr.employee.public", "safeguarding.search.guard"]

    # Reception and the safeguarding team see clearance through the public
    # employee record, never the evidence behind it.
    safeguarding_clearance = fields.Selection(
        CLEARANCE,
        string="Safeguarding clearance",
        readonly=True,
        groups=CLEARANCE_READERS,
    )
    safeguarding_clearance_expiry = fields.Date(
        string="Clearance valid until", readonly=True, groups=CLEARANCE_READERS
    )
