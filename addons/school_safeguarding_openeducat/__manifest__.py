{
    "name": "School Safeguarding for OpenEduCat",
    "summary": "OpenEduCat's students are the pupils of School Safeguarding: "
    "classes, parents and teachers kept in step",
    "version": "18.0.1.0.0",
    "category": "Human Resources/Safeguarding",
    "license": "LGPL-3",
    "author": "school_safeguarding contributors",
    "website": "https://github.com/school-safeguarding/school_safeguarding",
    "depends": ["school_safeguarding", "openeducat_core", "openeducat_parent"],
    "data": [
        "views/op_student_views.xml",
        "views/op_faculty_views.xml",
    ],
    "demo": [
        "demo/school_safeguarding_openeducat_demo.xml",
    ],
    "post_init_hook": "post_init_hook",
    "auto_install": True,
    "installable": True,
}
