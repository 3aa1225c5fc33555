from . import (
    op_batch,
    op_faculty,
    op_parent,
    op_student,
    op_student_course,
    res_partner,
    safeguarding_pupil_guardian,
)
