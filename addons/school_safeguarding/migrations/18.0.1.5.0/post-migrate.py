"""18.0.1.5.0: each school's working week applies its own holiday carry-overs.

The calendar used to hold the ``holidays`` package's carry-overs for a
Saturday-Sunday weekend, and only for this year and next. It is synchronised
now: the holidays themselves are flagged as carried over or as five-day-week
transfers, the old carry-over days are archived and every year with
deadlines is loaded. Running deadlines move, with a line in their chronology.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["safeguarding.holiday"]._cron_load_public_holidays()
