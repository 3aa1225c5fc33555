from . import safeguarding_case_close_wizard
from . import safeguarding_concern_case_wizard
from . import safeguarding_concern_close_wizard
