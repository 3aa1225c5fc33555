"""Dates in text the addon writes, as the reader's language shows them."""

from odoo import fields


def local_datetime_text(record, value, with_time=True):
    """``value`` (UTC) in the user's time zone, in their language's format.

    The same format as the web client's date fields (without seconds), so a
    chronology line and the field beside it never disagree.
    """
    if not value:
        return ""
    env = record.env
    lang = env["res.lang"]._get_data(code=env.lang or "en_US")
    date_format = lang.date_format or "%m/%d/%Y"
    if not with_time:
        return fields.Date.to_date(
            fields.Datetime.context_timestamp(record, value)
        ).strftime(date_format)
    time_format = (lang.time_format or "%H:%M:%S").replace(":%S", "")
    return fields.Datetime.context_timestamp(record, value).strftime(
        f"{date_format} {time_format}"
    )
