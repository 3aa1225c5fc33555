from . import test_access_matrix
from . import test_concern
from . import test_case
from . import test_settings
