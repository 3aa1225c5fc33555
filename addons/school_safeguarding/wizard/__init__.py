from . import (
    base_language_install,
    safeguarding_allegation_close_wizard,
    safeguarding_annual_report_wizard,
    safeguarding_case_close_wizard,
    safeguarding_concern_case_wizard,
    safeguarding_concern_close_wizard,
    safeguarding_lead_absence_wizard,
    safeguarding_missing_found_wizard,
    safeguarding_overview,
    safeguarding_referral_answer_wizard,
    safeguarding_referral_written_wizard,
    safeguarding_share_wizard,
)
