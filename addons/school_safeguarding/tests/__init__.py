from . import test_access_matrix, test_case, test_concern, test_settings
