"""18.0.1.8.0: a withdrawn transfer leaves the receiving school.

The transfer's rule now shows the receiving school a transfer while it is
sent or received, no longer once the sending school withdraws it. Rule
files are ``noupdate``: the rules are loaded as on a fresh install.
"""

from odoo import SUPERUSER_ID, api
from odoo.addons.school_safeguarding.hooks import reload_access_rules


def migrate(cr, version):
    reload_access_rules(api.Environment(cr, SUPERUSER_ID, {}))
