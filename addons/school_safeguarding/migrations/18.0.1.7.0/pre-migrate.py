"""18.0.1.7.0: a database installed from an early 18.0.1.6.0 is completed.

The first 18.0.1.6.0 had chronology entries without the adult they are
about or, for a concern's entries, without the case; that version's
pre-migration (which only fills what is still missing) runs again here, so
that such a database ends as a fresh install does.
"""

import importlib.util
from pathlib import Path

PREVIOUS = Path(__file__).parent.parent / "18.0.1.6.0" / "pre-migrate.py"


def migrate(cr, version):
    spec = importlib.util.spec_from_file_location("sg_pre_migrate_1_6", PREVIOUS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.migrate(cr, version)
