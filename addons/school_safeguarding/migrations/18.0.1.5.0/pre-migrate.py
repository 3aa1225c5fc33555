"""18.0.1.5.0: the pupil's medical detail is stored in pupil_medical_need_note.

pupil_medical_need_detail becomes a computed field that shows it to the
safeguarding team of the pupil's own school; the stored text moves to the new
column before the ORM would drop the old one.
"""


def migrate(cr, version):
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'res_partner'
           AND column_name = 'pupil_medical_need_detail'
        """
    )
    if cr.fetchone():
        cr.execute(
            "ALTER TABLE res_partner "
            "RENAME COLUMN pupil_medical_need_detail TO pupil_medical_need_note"
        )
