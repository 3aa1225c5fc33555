from . import safeguarding_annual_report
