"""18.0.1.6.0: chronology entries carry the time of what they record.

``event_date`` (when it happened) is new beside ``date`` (when the entry was
recorded). The evidence trigger refuses any change to a chronology entry, a
column added to it included, so the ORM could not fill the new column: it is
added and filled here, with the trigger disabled for this statement only, in
the upgrade's transaction. Every entry happened when it was recorded, except
a concern received, which is about the time of its incident. Once the module
is loaded the trigger protects the new column like the others.

Entries carry the adult they are about (``subject_user_id``, from their
allegation or concern), so that hiding them from that adult reads no other
table, and an entry of a concern that joined a case carries the case (the
case's chronology is the entries of its ``case_id``). Both are filled here the
same way, each only where it is still missing: running this again changes
nothing.
"""

from odoo.tools import SQL

TABLE = "safeguarding_case_log"
TRIGGER = "safeguarding_case_log_keep_evidence"


def migrate(cr, version):
    add_event_date = not _has_column(cr, "event_date")
    add_subject = not _has_column(cr, "subject_user_id")
    if add_event_date:
        cr.execute(
            SQL(
                "ALTER TABLE %s ADD COLUMN event_date timestamp without time zone",
                SQL.identifier(TABLE),
            )
        )
    if add_subject:
        cr.execute(
            SQL(
                "ALTER TABLE %s ADD COLUMN subject_user_id integer",
                SQL.identifier(TABLE),
            )
        )
    cr.execute(
        SQL(
            """
            SELECT 1 FROM %(table)s entry
              JOIN safeguarding_concern concern ON concern.id = entry.concern_id
             WHERE entry.case_id IS NULL AND concern.case_id IS NOT NULL
             LIMIT 1
            """,
            table=SQL.identifier(TABLE),
        )
    )
    join_cases = bool(cr.fetchone())
    if not (add_event_date or add_subject or join_cases):
        return
    cr.execute(
        "SELECT 1 FROM pg_trigger WHERE tgname = %s AND tgrelid = %s::regclass",
        (TRIGGER, TABLE),
    )
    guarded = bool(cr.fetchone())
    if guarded:
        cr.execute(
            SQL(
                "ALTER TABLE %s DISABLE TRIGGER %s",
                SQL.identifier(TABLE),
                SQL.identifier(TRIGGER),
            )
        )
    if add_event_date:
        cr.execute(
            SQL(
                """
                UPDATE %(table)s entry
                   SET event_date = coalesce(
                           (SELECT least(concern.incident_date, entry.date)
                              FROM safeguarding_concern concern
                             WHERE concern.id = entry.concern_id
                               AND entry.kind = 'submission'),
                           entry.date)
                """,
                table=SQL.identifier(TABLE),
            )
        )
    if add_subject:
        cr.execute(
            SQL(
                """
                UPDATE %(table)s entry
                   SET subject_user_id = coalesce(allegation.subject_user_id,
                                                  concern.subject_user_id)
                  FROM %(table)s same
                  LEFT JOIN safeguarding_allegation allegation
                         ON allegation.id = same.allegation_id
                  LEFT JOIN safeguarding_concern concern
                         ON concern.id = same.concern_id
                 WHERE same.id = entry.id
                   AND coalesce(allegation.subject_user_id,
                                concern.subject_user_id) IS NOT NULL
                """,
                table=SQL.identifier(TABLE),
            )
        )
    if join_cases:
        cr.execute(
            SQL(
                """
                UPDATE %(table)s entry
                   SET case_id = concern.case_id
                  FROM safeguarding_concern concern
                 WHERE concern.id = entry.concern_id
                   AND entry.case_id IS NULL
                   AND concern.case_id IS NOT NULL
                """,
                table=SQL.identifier(TABLE),
            )
        )
    if guarded:
        cr.execute(
            SQL(
                "ALTER TABLE %s ENABLE TRIGGER %s",
                SQL.identifier(TABLE),
                SQL.identifier(TRIGGER),
            )
        )


def _has_column(cr, column):
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = %s AND column_name = %s
        """,
        (TABLE, column),
    )
    return bool(cr.fetchone())
