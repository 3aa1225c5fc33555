"""18.0.1.7.0: the record rules of this version replace the old ones.

Rule files are ``noupdate``: a database installed from an early 18.0.1.6.0
kept the chronology's earlier rule "hidden from the adult concerned" (which
read every concern); the rules are loaded as on a fresh install, with the
rules of the new models (actions, transfers).
"""

from odoo import SUPERUSER_ID, api
from odoo.addons.school_safeguarding.hooks import reload_access_rules


def migrate(cr, version):
    reload_access_rules(api.Environment(cr, SUPERUSER_ID, {}))
