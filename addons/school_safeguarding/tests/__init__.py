from . import (
    test_access_matrix,
    test_case,
    test_concern,
    test_referral,
    test_settings,
    test_working_days,
)
