from . import (
    test_concern_reporting,
    test_confidentiality,
    test_faculty,
    test_student_sync,
)
