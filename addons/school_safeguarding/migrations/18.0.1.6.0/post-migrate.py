"""18.0.1.6.0: each safeguarding role starts on its own work.

Users who already hold a safeguarding role (the team and the DSL, directors,
HR, reception) and have chosen no home page get the Safeguarding app's
home, as new users of those roles do. Clearance is recomputed at once: an
adult suspended from site is no longer shown as cleared.

The chronology's rule "hidden from the adult concerned" reads the adult
kept on each entry now (filled by the pre-migration): the record rules of
this version replace the old ones, as on a fresh install.
"""

from odoo import SUPERUSER_ID, api
from odoo.addons.school_safeguarding.hooks import reload_access_rules


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    reload_access_rules(env)
    env["res.users"].with_context(active_test=False).search(
        [("share", "=", False)]
    )._safeguarding_set_home()
    env["hr.employee"]._cron_recompute_safeguarding_clearance()
