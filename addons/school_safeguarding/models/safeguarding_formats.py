"""Dates in text the addon writes, as the reader's language shows them."""

import pytz

from odoo import fields


def local_datetime_text(record, value, with_time=True):
    """``value`` (UTC) in the reader's time zone, in their language's format.

    The same format as the web client's date fields (without seconds), so a
    chronology line and the field beside it never disagree. The time zone is
    the user's, else the school's (never UTC by default).
    """
    if not value:
        return ""
    env = record.env
    lang = env["res.lang"]._get_data(code=env.lang or "en_US")
    date_format = lang.date_format or "%m/%d/%Y"
    tz_name = env.context.get("tz") or env.user.tz or env.company._safeguarding_tz()
    try:
        zone = pytz.timezone(tz_name)
    except pytz.UnknownTimeZoneError:
        zone = pytz.timezone(env.company._safeguarding_tz())
    local = pytz.utc.localize(fields.Datetime.to_datetime(value)).astimezone(zone)
    if not with_time:
        return local.strftime(date_format)
    time_format = (lang.time_format or "%H:%M:%S").replace(":%S", "")
    return local.strftime(f"{date_format} {time_format}")
