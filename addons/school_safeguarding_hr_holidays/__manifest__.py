{
    "name": "School Safeguarding - Time Off",
    "summary": "The DSL's approved time off hands concerns and alerts to the "
    "deputies, with no one having to tick 'absent'",
    "version": "18.0.1.0.0",
    "category": "Human Resources/Safeguarding",
    "license": "LGPL-3",
    "author": "school_safeguarding contributors",
    "website": "https://github.com/school-safeguarding/school_safeguarding",
    "depends": ["school_safeguarding", "hr_holidays"],
    "data": [
        "views/res_config_settings_views.xml",
        "views/res_company_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
