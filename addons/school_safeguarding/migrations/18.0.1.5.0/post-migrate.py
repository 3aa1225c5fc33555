"""18.0.1.5.0: each school's working week applies its own holiday carry-overs.

The calendar used to hold the ``holidays`` package's carry-overs for a
Saturday-Sunday weekend, and only for this year and next. It is synchronised
now: the holidays themselves are flagged as carried over or as five-day-week
transfers, the old carry-over days are archived and every year with
deadlines is loaded. Running deadlines move, with a line in their chronology.

The record rules of this version (concerns raised as allegations, the access
log, improvement actions and notifications hidden from the adult concerned)
replace the old ones, as on a fresh install.
"""

from odoo import SUPERUSER_ID, api
from odoo.addons.school_safeguarding.hooks import reload_access_rules


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    reload_access_rules(env)
    env["res.lang"]._safeguarding_add_kazakh()
    env["safeguarding.holiday"]._cron_load_public_holidays()
