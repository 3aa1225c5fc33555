from odoo import models


class ResUsers(models.Model):
    # Users carry their contact's fields (pupils' cases among them): searches
    # on those need the right to read them, as on the contact.
    _name = "res.users"
    _inherit = ["res.users", "safeguarding.search.guard"]
