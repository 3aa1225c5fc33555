"""18.0.1.6.0: chronology entries carry the time of what they record.

``event_date`` (when it happened) is new beside ``date`` (when the entry was
recorded). The evidence trigger refuses any change to a chronology entry, a
column added to it included, so the ORM could not fill the new column: it is
added and filled here, with the trigger disabled for this statement only, in
the upgrade's transaction. Every entry happened when it was recorded, except
a concern received, which is about the time of its incident. Once the module
is loaded the trigger protects the new column like the others.
"""

from odoo.tools import SQL

TABLE = "safeguarding_case_log"
TRIGGER = "safeguarding_case_log_keep_evidence"


def migrate(cr, version):
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = %s AND column_name = 'event_date'
        """,
        (TABLE,),
    )
    if cr.fetchone():
        return
    cr.execute(
        SQL(
            "ALTER TABLE %s ADD COLUMN event_date timestamp without time zone",
            SQL.identifier(TABLE),
        )
    )
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
    if guarded:
        cr.execute(
            SQL(
                "ALTER TABLE %s ENABLE TRIGGER %s",
                SQL.identifier(TABLE),
                SQL.identifier(TRIGGER),
            )
        )
