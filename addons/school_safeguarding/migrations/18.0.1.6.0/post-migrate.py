"""18.0.1.6.0: each safeguarding role starts on its own work.

Users who already hold a safeguarding role (the team and the DSL, directors,
HR, reception) and have chosen no home page get the Safeguarding app's
home, as new users of those roles do. Clearance is recomputed at once: an
adult suspended from site is no longer shown as cleared.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.users"].with_context(active_test=False).search(
        [("share", "=", False)]
    )._safeguarding_set_home()
    env["hr.employee"]._cron_recompute_safeguarding_clearance()
