from . import (
    ir_attachment,
    mail_activity,
    res_company,
    res_config_settings,
    res_partner,
    safeguarding_audit_log,
    safeguarding_case,
    safeguarding_case_log,
    safeguarding_concern,
    safeguarding_concern_category,
    safeguarding_confidential_mixin,
    safeguarding_pupil_guardian,
)
