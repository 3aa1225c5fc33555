from . import (
    test_access_matrix,
    test_allegation,
    test_case,
    test_concern,
    test_menus,
    test_peer_and_missing,
    test_policy,
    test_referral,
    test_settings,
    test_vetting,
    test_visit_review,
    test_working_days,
)
