"""Evidence kept by PostgreSQL itself, not only by the ORM.

An administrator's server action runs as superuser and can write SQL; these
triggers refuse, whatever the path, to change the content of a submitted
concern, of a chronology entry, of a contact with an agency or of the access
log, and to delete or truncate any of them. Only the addon's uninstall (which sets
``school_safeguarding.purge`` for its transaction) removes them.
"""

from odoo.tools import SQL

FUNCTION = """
CREATE OR REPLACE FUNCTION school_safeguarding_keep_evidence() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    mutable text[] := string_to_array(TG_ARGV[0], ',');
    set_once text[] := string_to_array(TG_ARGV[1], ',');
    drafts text := TG_ARGV[2];
    old_row jsonb := to_jsonb(OLD);
    new_row jsonb;
    column_name text;
BEGIN
    IF coalesce(current_setting('school_safeguarding.purge', true), '') = 'on' THEN
        RETURN coalesce(NEW, OLD);
    END IF;
    IF drafts <> '' AND old_row ->> drafts = 'draft' THEN
        RETURN coalesce(NEW, OLD);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION
            'school_safeguarding: % % is kept as evidence and cannot be deleted',
            TG_TABLE_NAME, OLD.id;
    END IF;
    new_row := to_jsonb(NEW);
    FOREACH column_name IN ARRAY set_once LOOP
        IF old_row -> column_name = 'null'::jsonb THEN
            mutable := mutable || column_name;
        END IF;
    END LOOP;
    IF (old_row - mutable) IS DISTINCT FROM (new_row - mutable) THEN
        RAISE EXCEPTION
            'school_safeguarding: % % is kept as evidence and cannot be changed',
            TG_TABLE_NAME, OLD.id;
    END IF;
    RETURN NEW;
END;
$$
"""


# TRUNCATE fires no row trigger: a statement trigger refuses it.
TRUNCATE_FUNCTION = """
CREATE OR REPLACE FUNCTION school_safeguarding_no_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('school_safeguarding.purge', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION
        'school_safeguarding: % is kept as evidence and cannot be truncated',
        TG_TABLE_NAME;
END;
$$
"""


# A many2many of a record kept as evidence (the files of a concern): its rows
# are neither added, changed nor removed once the record is no longer a draft.
# Arguments: the column of the record's id, the record's table, its state
# column.
LINKS_FUNCTION = """
CREATE OR REPLACE FUNCTION school_safeguarding_keep_evidence_links()
RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    row_data jsonb;
    is_kept boolean;
BEGIN
    IF coalesce(current_setting('school_safeguarding.purge', true), '') = 'on' THEN
        RETURN coalesce(NEW, OLD);
    END IF;
    FOREACH row_data IN ARRAY ARRAY[to_jsonb(OLD), to_jsonb(NEW)] LOOP
        CONTINUE WHEN row_data IS NULL;
        EXECUTE format(
            'SELECT %I <> ''draft'' FROM %I WHERE id = $1', TG_ARGV[2], TG_ARGV[1]
        ) INTO is_kept USING (row_data ->> TG_ARGV[0])::integer;
        IF is_kept THEN
            RAISE EXCEPTION
                'school_safeguarding: % of a submitted % is kept as evidence',
                TG_TABLE_NAME, TG_ARGV[1];
        END IF;
    END LOOP;
    RETURN coalesce(NEW, OLD);
END;
$$
"""


def keep_evidence_links(cr, table, column, record_table, drafts="state"):
    """Keep the rows of the relation ``table`` of a record kept as evidence.

    ``column``: the relation's column holding the id of the record in
    ``record_table``; ``drafts``: the record's state column, whose value
    'draft' leaves the links free.
    """
    cr.execute(LINKS_FUNCTION)
    trigger = f"{table}_keep_evidence"
    cr.execute(
        SQL(
            "DROP TRIGGER IF EXISTS %s ON %s",
            SQL.identifier(trigger),
            SQL.identifier(table),
        )
    )
    cr.execute(
        SQL(
            "CREATE TRIGGER %s BEFORE INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW "
            "EXECUTE FUNCTION school_safeguarding_keep_evidence_links(%s, %s, %s)",
            SQL.identifier(trigger),
            SQL.identifier(table),
            column,
            record_table,
            drafts,
        )
    )


def keep_evidence(cr, table, mutable=(), set_once=(), drafts=""):
    """Install the evidence trigger on ``table``.

    ``mutable``: columns that may still change (workflow); ``set_once``:
    columns that may be filled once (a reference numbered after insert);
    ``drafts``: a state column whose value 'draft' exempts the row.
    """
    cr.execute(FUNCTION)
    trigger = f"{table}_keep_evidence"
    cr.execute(
        SQL(
            "DROP TRIGGER IF EXISTS %s ON %s",
            SQL.identifier(trigger),
            SQL.identifier(table),
        )
    )
    cr.execute(
        SQL(
            "CREATE TRIGGER %s BEFORE UPDATE OR DELETE ON %s FOR EACH ROW "
            "EXECUTE FUNCTION school_safeguarding_keep_evidence(%s, %s, %s)",
            SQL.identifier(trigger),
            SQL.identifier(table),
            ",".join(("write_date", "write_uid", *mutable)),
            ",".join(set_once),
            drafts,
        )
    )
    cr.execute(TRUNCATE_FUNCTION)
    no_truncate = f"{table}_no_truncate"
    cr.execute(
        SQL(
            "DROP TRIGGER IF EXISTS %s ON %s",
            SQL.identifier(no_truncate),
            SQL.identifier(table),
        )
    )
    cr.execute(
        SQL(
            "CREATE TRIGGER %s BEFORE TRUNCATE ON %s FOR EACH STATEMENT "
            "EXECUTE FUNCTION school_safeguarding_no_truncate()",
            SQL.identifier(no_truncate),
            SQL.identifier(table),
        )
    )


def allow_purge(cr):
    """Let this transaction remove the addon's evidence (uninstall only)."""
    cr.execute(SQL("SET LOCAL school_safeguarding.purge = 'on'"))


def drop_evidence_guard(cr):
    """Remove the triggers and their function (uninstall)."""
    cr.execute(
        SQL("DROP FUNCTION IF EXISTS school_safeguarding_keep_evidence() CASCADE")
    )
    cr.execute(SQL("DROP FUNCTION IF EXISTS school_safeguarding_no_truncate() CASCADE"))
    cr.execute(
        SQL("DROP FUNCTION IF EXISTS school_safeguarding_keep_evidence_links() CASCADE")
    )
