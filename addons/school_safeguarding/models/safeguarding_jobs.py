"""What every scheduled action of the addon shares."""

import logging

_logger = logging.getLogger(__name__)


def run_each(records, handle, job, on_error=None):
    """Call ``handle(record)`` for each record, each in its own savepoint.

    A record that fails is rolled back, set aside with its reason in the log
    (a warning naming the job and the record) and, when given, passed to
    ``on_error(record, error)`` to keep the reason on it; the others go on.
    Returns the records that failed.
    """
    failed = records.browse()
    for record in records:
        try:
            with records.env.cr.savepoint():
                handle(record)
        except Exception as error:
            records.env.invalidate_all()
            _logger.warning(
                "%s: %s %s set aside, tried again next run: %s",
                job,
                record._name,
                record.id,
                error,
            )
            failed |= record
            if on_error:
                on_error(record, error)
    return failed
