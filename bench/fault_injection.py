"""Benchmark: fault injection — four reliability properties under real faults.

Run inside ``odoo shell`` on a database with school_safeguarding installed
(``bench/run fault_injection`` does it on a fresh database). Configures one
school like the tests do (a DSL, deputies, a director, calendar in
Asia/Almaty, public holidays of Kazakhstan) and a second school whose only
director has no email address, commits it, then injects faults and prints
what came through:

* item 2 — one bad allegation does not stop the escalation to the
  directors: overdue allegations (received 7 days ago), the handler of one
  has lost the DSL role, the director of another school has no email
  address; then a notification that raises (a mock: a real failure of the
  notification was not found, see the printed line);
* item 3 — a race does not park a referral: REFERRALS open referrals with
  their answer overdue; the follow-up scheduled action runs in one thread
  while DSL_THREADS threads, as the DSL, each on its own cursor, schedule a
  to-do on the same referrals and commit; then the next hourly run;
* item 5 — the database keeps the evidence: raw SQL UPDATE and DELETE (and
  TRUNCATE, out of the count) as the superuser, each in a savepoint, on a
  submitted concern, chronology entries, referral contacts and the access
  log;
* item 7 — concurrent contacts on one referral: a threaded Odoo HTTP server
  on the same database (a subprocess), CLIENTS clients logged in as
  TEAM_USERS team users, all saving a contact on one referral at once
  through JSON-RPC.

Everything is committed (other cursors, threads and the server must see
it); ``bench/run`` drops the database afterwards. Figures only: nothing is
asserted.
"""

import logging
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

import psycopg2
import requests

import odoo
from odoo import fields
from odoo.tools import config, mute_logger

REFERRALS = int(os.environ.get("REFERRALS", "500"))
DSL_THREADS = int(os.environ.get("DSL_THREADS", "4"))
CLIENTS = int(os.environ.get("CLIENTS", "120"))
TEAM_USERS = int(os.environ.get("TEAM_USERS", "8"))
# Unset: Odoo's default (no limit on the threaded server's request threads).
MAX_HTTP_THREADS = os.environ.get("SERVER_MAX_HTTP_THREADS", "")
PASSWORD = "fault-injection-2026"
GROUP = "school_safeguarding.group_safeguarding_"
REFERRAL_LOGGER = "odoo.addons.school_safeguarding.models.safeguarding_referral"
JOBS_LOGGER = "odoo.addons.school_safeguarding.models.safeguarding_jobs"

env = env  # noqa: F821 - provided by odoo shell
cr = env.cr
registry = env.registry
random.seed(7)
# Real clock, kept before freezegun patches the time module.
perf_counter = time.perf_counter


def heading(text):
    print()
    print(text)


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@contextmanager
def captured(*names, level=logging.INFO):
    """Keep the records of these loggers (not printed): the figures count them."""
    handler = Capture()
    saved = []
    for name in names:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level, logger.propagate))
        logger.setLevel(level)
        logger.propagate = False
        logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        for logger, previous, propagate in saved:
            logger.removeHandler(handler)
            logger.setLevel(previous)
            logger.propagate = propagate


def first_line(text, width=120):
    lines = (text or "").strip().splitlines()
    return lines[0][:width] if lines else "-"


def reasons(texts):
    counts = Counter(first_line(text) for text in texts)
    return "; ".join(f"{n} x {text}" if n > 1 else text for text, n in counts.items())


# ---------------------------------------------------------------------------
# Schools and people
# ---------------------------------------------------------------------------


def make_user(login, groups, company, password=None, email=True):
    values = {
        "name": login.replace("fi_", "Fault ").replace("_", " ").title(),
        "login": login,
        "email": f"{login}@school.example" if email else False,
        "company_id": company.id,
        "company_ids": [(6, 0, company.ids)],
        "groups_id": [(6, 0, [env.ref(group).id for group in groups])],
        "tz": "Asia/Almaty",
    }
    if password:
        values["password"] = password
    return env["res.users"].with_context(no_reset_password=True).create(values)


def setup():
    kz = env.ref("base.kz")
    school = env.company
    school.write({"name": "Fault school", "country_id": kz.id})
    school.resource_calendar_id.tz = "Asia/Almaty"
    user_group = "base.group_user"
    # The team of item 7 log in: they have passwords.
    dsl = make_user("fi_dsl", [user_group, f"{GROUP}lead"], school, PASSWORD)
    deputies = env["res.users"]
    for index in range(1, TEAM_USERS):
        deputies |= make_user(
            f"fi_deputy_{index}", [user_group, f"{GROUP}team"], school, PASSWORD
        )
    director = make_user("fi_director", [user_group, f"{GROUP}director"], school)
    teacher = make_user("fi_teacher", [user_group], school)
    school.write(
        {
            "safeguarding_lead_id": dsl.id,
            "safeguarding_deputy_ids": [(6, 0, deputies.ids)],
            "safeguarding_director_ids": [(6, 0, director.ids)],
            "safeguarding_lead_absent": False,
            "safeguarding_holiday_country_id": kz.id,
            # The team's clients sign in with a password over JSON-RPC,
            # which two-factor would stop: this run is about saves at the
            # same moment, not sign-in.
            "safeguarding_require_2fa": False,
        }
    )
    # A second school whose only director has no email address.
    school_2 = env["res.company"].create(
        {"name": "Fault school 2", "country_id": kz.id}
    )
    school_2.resource_calendar_id.tz = "Asia/Almaty"
    dsl_2 = make_user("fi_dsl_2", [user_group, f"{GROUP}lead"], school_2)
    director_2 = make_user(
        "fi_director_2", [user_group, f"{GROUP}director"], school_2, email=False
    )
    school_2.write(
        {
            "safeguarding_lead_id": dsl_2.id,
            "safeguarding_director_ids": [(6, 0, director_2.ids)],
            "safeguarding_holiday_country_id": kz.id,
        }
    )
    agency = env["res.partner"].create(
        {
            "name": "Fault child protection",
            "safeguarding_agency_type": "child_protection",
        }
    )
    pupil = env["res.partner"].create(
        {"name": "Fault pupil", "is_pupil": True, "pupil_grade": "4A"}
    )
    # A submitted concern (evidence of item 5), sent by a teacher.
    concern = (
        env["safeguarding.concern"]
        .with_user(teacher)
        .create(
            {
                "pupil_id": pupil.id,
                "incident_date": fields.Datetime.now() - timedelta(hours=3),
                "description": "Came to school hungry and cold, twice this week.",
                "child_words": "There was no food at home.",
                "category_ids": [
                    (
                        6,
                        0,
                        env.ref("school_safeguarding.concern_category_neglect").ids,
                    )
                ],
            }
        )
    )
    concern.action_submit()
    # The referral of item 7: a phone call, then the written referral.
    case = env["safeguarding.case"].create({"pupil_id": pupil.id, "user_id": dsl.id})
    referral = (
        env["safeguarding.referral"]
        .with_user(dsl)
        .create(
            {
                "case_id": case.id,
                "agency_id": agency.id,
                "reason": "Bruising and a disclosure about the stepfather.",
            }
        )
    )
    Contact = env["safeguarding.referral.contact"].with_user(dsl)
    now = fields.Datetime.now()
    Contact.create(
        {
            "referral_id": referral.id,
            "channel": "phone",
            "summary": "Phoned the duty officer.",
            "date": now - timedelta(hours=2),
        }
    )
    Contact.create(
        {
            "referral_id": referral.id,
            "channel": "email",
            "kind": "written_referral",
            "summary": "Written referral sent.",
            "date": now - timedelta(hours=1),
        }
    )
    # The DSL opens the referral: a line of the access log (evidence).
    referral.with_user(dsl).read(["reason", "state"])
    env.flush_all()
    cr.commit()
    return {
        "school": school,
        "school_2": school_2,
        "dsl": dsl,
        "dsl_2": dsl_2,
        "team": dsl | deputies,
        "director": director,
        "director_2": director_2,
        "agency": agency,
        "pupil": pupil,
        "concern": concern,
        "case": case,
        "referral": referral,
    }


# ---------------------------------------------------------------------------
# Item 2: one bad allegation does not stop the escalation
# ---------------------------------------------------------------------------


def escalation_round(allegations, label, cron_call=None):
    Allegation = env["safeguarding.allegation"]
    env.flush_all()
    start = perf_counter()
    with captured(JOBS_LOGGER, level=logging.WARNING) as records:
        (cron_call or Allegation._cron_directors_overdue)()
    elapsed = perf_counter() - start
    env.flush_all()
    env.invalidate_all()
    escalated = allegations.filtered("directors_escalated")
    aside = allegations.filtered("escalation_error")
    print(
        f"{label}: escalated {len(escalated)} of {len(allegations)}, "
        f"set aside {len(aside)}"
        + (f" (reasons: {reasons(aside.mapped('escalation_error'))})" if aside else "")
        + f"; {len(records)} warning(s) in the log; {elapsed * 1000:.0f} ms"
    )
    return escalated, aside


def item_escalation(people):
    heading("Item 2 — one bad allegation does not stop the escalation")
    Allegation = env["safeguarding.allegation"]
    school, school_2 = people["school"], people["school_2"]
    dsl = people["dsl"]
    received = fields.Datetime.now() - timedelta(days=7)
    former = make_user("fi_former_dsl", ["base.group_user", f"{GROUP}lead"], school)
    employees = env["hr.employee"].create(
        [
            {"name": f"Fault teacher {index}", "company_id": school.id}
            for index in range(1, 7)
        ]
    )
    employee_2 = env["hr.employee"].create(
        {"name": "Fault teacher of school 2", "company_id": school_2.id}
    )

    def allegation(employee, handler, text, company=school):
        return Allegation.create(
            {
                "company_id": company.id,
                "subject_employee_id": employee.id,
                "description": text,
                "user_id": handler.id,
                "received_date": received,
            }
        )

    orphan = allegation(employees[0], former, "Shouted at a pupil")
    plain = allegation(employees[1], dsl, "Grabbed a pupil's arm") | allegation(
        employees[2], dsl, "Messaged a pupil on social media"
    )
    # The handler of the first has since lost the DSL role.
    former.groups_id = [(3, env.ref(f"{GROUP}lead").id)]
    no_email = allegation(
        employee_2, people["dsl_2"], "Left pupils alone on a trip", company=school_2
    )
    env.flush_all()
    cr.commit()
    overdue = Allegation.search_count([("directors_overdue", "=", True)])
    print(f"allegations overdue for the directors (received 7 days ago): {overdue}")
    three = orphan | plain
    escalated, _aside = escalation_round(three, "one run of the escalation (no mock)")
    handlers = orphan.activity_ids.user_id
    print(
        "  handler who lost the DSL role: "
        + (
            f"escalated, the to-do went to {', '.join(handlers.mapped('name'))}"
            f" (company DSL: {dsl.name})"
            if orphan in escalated
            else f"not escalated ({orphan.escalation_error})"
        )
    )
    told = env["mail.notification"].search_count(
        [
            ("res_partner_id", "=", people["director_2"].partner_id.id),
            ("mail_message_id.model", "=", "safeguarding.allegation"),
            ("mail_message_id.res_id", "=", no_email.id),
        ]
    )
    kinds = (
        env["mail.notification"]
        .search([("res_partner_id", "=", people["director_2"].partner_id.id)])
        .mapped("notification_type")
    )
    print(
        "  school 2, director without an email address: "
        + (
            "escalated, no real failure"
            if no_email.directors_escalated
            else f"set aside ({no_email.escalation_error})"
        )
        + f" — {told} notification(s) to that director, by "
        + (", ".join(sorted(set(kinds))) or "nothing")
    )
    cr.commit()

    # No real failure of the notification: injected with a mock, as the tests do.
    batch = (
        allegation(employees[3], dsl, "Took photos of pupils")
        | allegation(employees[4], dsl, "Gave a pupil a lift home")
        | allegation(employees[5], dsl, "Swore at a pupil")
    )
    failing = batch[1]
    env.flush_all()
    cr.commit()
    original = type(Allegation)._notify_directors

    def notify(records, directors, overdue=False):
        if records == failing:
            raise ValueError("mail server refused (injected)")
        return original(records, directors, overdue=overdue)

    with patch.object(type(Allegation), "_notify_directors", notify):
        escalation_round(
            batch,
            "MOCKED _notify_directors raises for 1 of 3 (no real failure exists)",
        )
    # The allegation set aside is tried again once someone takes it over.
    failing.with_user(dsl).user_id = dsl
    escalation_round(failing, "  after a new handler, the next run")
    cr.commit()


# ---------------------------------------------------------------------------
# Item 3: a race does not park a referral
# ---------------------------------------------------------------------------


def seed_referrals(people, count, now):
    school, dsl = people["school"], people["dsl"]
    cases = max(count // 5, 1)
    cr.execute(
        """
        INSERT INTO res_partner (name, is_pupil, active, type, create_date, write_date)
        SELECT 'Fault pupil ' || n, true, true, 'contact', now(), now()
          FROM generate_series(1, %s) n
        RETURNING id
        """,
        (cases,),
    )
    pupil_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        """
        INSERT INTO safeguarding_case (name, company_id, pupil_id, user_id, state,
                                       case_type, risk_level, date_opened,
                                       create_date, write_date)
        SELECT 'SG-C-F-' || p.id, %(company)s, p.id, %(dsl)s, 'in_progress',
               'welfare', 'medium', %(now)s, now(), now()
          FROM unnest(%(pupils)s) AS p(id)
        RETURNING id
        """,
        {"company": school.id, "dsl": dsl.id, "pupils": pupil_ids, "now": now},
    )
    case_ids = [row[0] for row in cr.fetchall()]
    rows = []
    for index in range(count):
        # Answers due from 3 days to 10 minutes ago.
        due = now - timedelta(minutes=random.randint(10, 4320))
        written = due - timedelta(days=4)
        rows.append(
            (
                case_ids[index % len(case_ids)],
                written - timedelta(hours=2),
                written,
                due,
            )
        )
    cr.execute(
        """
        INSERT INTO safeguarding_referral (
            name, case_id, company_id, pupil_id, agency_id, agency_type,
            reason, user_id, state, first_contact_date, first_contact_channel,
            written_due, written_date, answer_due, deadline, deadline_kind,
            recontact_count, create_date, write_date)
        SELECT 'SG-F-F' || r.n, c.id, c.company_id, c.pupil_id,
               %(agency)s, 'child_protection', 'Fault referral', c.user_id,
               'open', r.first_contact, 'phone',
               r.first_contact + interval '24 hours', r.written, r.answer_due,
               r.answer_due, 'answer', 0, now(), now()
          FROM (SELECT row_number() OVER () AS n, * FROM unnest(
                    %(case_ids)s::int[], %(first)s::timestamp[],
                    %(written)s::timestamp[], %(due)s::timestamp[])
                    AS t(case_id, first_contact, written, answer_due)
               ) r
          JOIN safeguarding_case c ON c.id = r.case_id
        RETURNING id
        """,
        {
            "agency": people["agency"].id,
            "case_ids": [row[0] for row in rows],
            "first": [row[1] for row in rows],
            "written": [row[2] for row in rows],
            "due": [row[3] for row in rows],
        },
    )
    ids = [row[0] for row in cr.fetchall()]
    env.invalidate_all()
    cr.commit()
    return ids


def referral_figures(ids):
    cr.execute(
        """
        SELECT count(*) FILTER (WHERE recontact_count > 0),
               count(*) FILTER (WHERE followup_error IS NOT NULL),
               count(*) FILTER (WHERE recontact_count = 0 AND answer_due <= %s)
          FROM safeguarding_referral WHERE id = ANY(%s)
        """,
        (fields.Datetime.now(), ids),
    )
    return cr.fetchone()


def item_race(people):
    heading("Item 3 — a race does not park a referral")
    from freezegun import freeze_time

    now = fields.Datetime.now()
    ids = seed_referrals(people, REFERRALS, now)
    Referral = env["safeguarding.referral"]
    ordered = Referral.search(
        [("id", "in", ids), *Referral._followup_domain(fields.Datetime.now())],
        order="deadline, id",
    ).ids
    print(
        f"open referrals with the answer overdue: {len(ordered)}; "
        f"cron in 1 thread, the DSL scheduling a to-do on each in {DSL_THREADS} "
        "threads (own cursors, a commit per to-do)"
    )
    dsl_id = people["dsl"].id
    todo_type = env.ref("mail.mail_activity_data_todo")
    barrier = threading.Barrier(DSL_THREADS + 1)
    lock = threading.Lock()
    outcome = {"cron": None, "cron_seconds": 0.0, "saved": 0, "errors": Counter()}
    waits = []
    finished = []

    def cron_thread():
        try:
            with registry.cursor() as tcr:
                tenv = env(cr=tcr)
                barrier.wait()
                start = perf_counter()
                tenv["safeguarding.referral"]._cron_followups(batch_size=len(ordered))
                tcr.commit()
                outcome["cron_seconds"] = perf_counter() - start
                outcome["cron"] = "committed"
        except Exception as error:
            outcome["cron"] = f"{type(error).__name__}: {error}"

    def dsl_thread(slice_ids):
        with registry.cursor() as tcr:
            denv = env(cr=tcr, user=dsl_id)
            barrier.wait()
            for rid in slice_ids:
                start = perf_counter()
                try:
                    denv["safeguarding.referral"].browse(rid).activity_schedule(
                        activity_type_id=todo_type.id,
                        summary="Call the social worker back",
                        user_id=dsl_id,
                    )
                    denv.flush_all()
                    tcr.commit()
                    with lock:
                        outcome["saved"] += 1
                except Exception as error:
                    tcr.rollback()
                    denv.reset()
                    with lock:
                        outcome["errors"][type(error).__name__] += 1
                with lock:
                    waits.append(perf_counter() - start)
        with lock:
            finished.append(perf_counter())

    cr.commit()
    with (
        captured(REFERRAL_LOGGER) as records,
        mute_logger("odoo.sql_db"),
    ):
        threads = [threading.Thread(target=cron_thread)] + [
            threading.Thread(target=dsl_thread, args=(ordered[k::DSL_THREADS],))
            for k in range(DSL_THREADS)
        ]
        start = perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = perf_counter() - start
    cr.rollback()
    env.invalidate_all()
    deferred_log = [r for r in records if "deferred to the next run" in r.getMessage()]
    failed_log = [r for r in records if r.levelno >= logging.ERROR]
    chased, parked, _unchased = referral_figures(ordered)
    print(
        f"run 1 (cron {outcome['cron']}, {outcome['cron_seconds']:.1f} s; "
        f"all threads {elapsed:.1f} s)"
    )
    print(f"  referrals chased in run 1: {chased} of {len(ordered)}")
    print(f"  referrals parked with a followup_error: {parked}")
    if parked:
        cr.execute(
            "SELECT followup_error FROM safeguarding_referral "
            "WHERE id = ANY(%s) AND followup_error IS NOT NULL",
            (ordered,),
        )
        print(f"    reasons: {reasons(row[0] for row in cr.fetchall())}")
    print(
        f"  transient errors deferred to the next run: {len(deferred_log)} in the log"
        f" ({reasons(r.getMessage().split(': ', 1)[-1] for r in deferred_log) or '-'});"
        f" by state (not chased, no error): {len(ordered) - chased - parked}"
    )
    print(f"  errors logged as failures: {len(failed_log)}")
    errors = ", ".join(f"{n} {name}" for name, n in outcome["errors"].most_common())
    print(
        f"  DSL to-dos saved: {outcome['saved']} of {len(ordered)}; "
        f"failed: {sum(outcome['errors'].values())}"
        + (f" ({errors})" if errors else "")
        + f"; longest wait for one to-do: {max(waits, default=0):.1f} s; "
        f"DSL threads done after {max(finished, default=start) - start:.1f} s"
    )
    # The next hourly run (clock one hour on: what was set aside is due again).
    with (
        freeze_time(now + timedelta(hours=1, minutes=1)),
        captured(REFERRAL_LOGGER) as records_2,
    ):
        start = perf_counter()
        Referral._cron_followups(batch_size=len(ordered))
        env.flush_all()
        elapsed_2 = perf_counter() - start
    cr.commit()
    env.invalidate_all()
    chased_2, parked_2, unchased_2 = referral_figures(ordered)
    print(f"run 2, the next hourly run ({elapsed_2:.1f} s, {len(records_2)} log lines)")
    print(f"  chased after the second run: {chased_2} of {len(ordered)}")
    print(f"  parked after the second run: {parked_2}")
    print(f"  still overdue and unchased after 2 runs: {unchased_2}")
    todos = env["mail.activity"].search_count(
        [
            ("res_model", "=", "safeguarding.referral"),
            ("res_id", "in", ordered),
            ("activity_type_id", "=", todo_type.id),
        ]
    )
    print(f"  DSL to-dos in the database: {todos}")


# ---------------------------------------------------------------------------
# Item 5: the database keeps the evidence
# ---------------------------------------------------------------------------


class Undo(Exception):
    """Raised to roll a savepoint back after a statement that went through."""


def item_evidence(people):
    heading("Item 5 — the database keeps the evidence (raw SQL as the superuser)")
    env.flush_all()
    tables = (
        ("safeguarding_concern", "description", [people["concern"].id]),
        ("safeguarding_case_log", "summary", None),
        ("safeguarding_referral_contact", "summary", None),
        ("safeguarding_audit_log", "reference", None),
    )
    total = refused_total = 0
    truncates = []
    for table, column, ids in tables:
        if ids is None:
            cr.execute(f"SELECT id FROM {table} ORDER BY id LIMIT 5")
            ids = [row[0] for row in cr.fetchall()]
        cr.execute(
            f"SELECT id, to_jsonb(t) FROM {table} t WHERE id = ANY(%s) ORDER BY id",
            (ids,),
        )
        before = cr.fetchall()
        attempts = refused = 0
        messages = Counter()
        for record_id in ids:
            for query in (
                f"UPDATE {table} SET {column} = 'rewritten by SQL' WHERE id = %s",
                f"DELETE FROM {table} WHERE id = %s",
            ):
                attempts += 1
                try:
                    with mute_logger("odoo.sql_db"), cr.savepoint():
                        cr.execute(query, (record_id,))
                except psycopg2.Error as error:
                    refused += 1
                    messages[
                        "evidence trigger"
                        if "kept as evidence" in str(error)
                        else type(error).__name__
                    ] += 1
        cr.execute(
            f"SELECT id, to_jsonb(t) FROM {table} t WHERE id = ANY(%s) ORDER BY id",
            (ids,),
        )
        unchanged = cr.fetchall() == before
        total += attempts
        refused_total += refused
        try:
            with mute_logger("odoo.sql_db"), cr.savepoint():
                cr.execute(f"TRUNCATE {table} CASCADE")
                # Accepted: undone with the savepoint.
                raise Undo()
        except Undo:
            truncates.append(f"{table} accepted")
        except psycopg2.Error as error:
            truncates.append(f"{table} refused ({type(error).__name__})")
        by = ", ".join(f"{name} {n}" for name, n in messages.items())
        print(
            f"{table:<31} refused {refused} of {attempts} SQL attempts on "
            f"{len(ids)} row(s) (by: {by}); rows unchanged: "
            + ("yes" if unchanged else "NO")
        )
    print(f"total: refused {refused_total} of {total} SQL attempts")
    print(
        "  not counted — TRUNCATE ... CASCADE (then rolled back): "
        + "; ".join(truncates)
    )
    cr.rollback()


# ---------------------------------------------------------------------------
# Item 7: concurrent contacts on one referral, through a real HTTP server
# ---------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def json_rpc(session, url, params, timeout=600):
    response = session.post(
        url,
        json={"jsonrpc": "2.0", "method": "call", "params": params},
        timeout=timeout,
    )
    if response.status_code != 200:
        # Not a JSON-RPC answer: the request failed before Odoo's dispatcher.
        title = response.text.split("<title>", 1)[-1].split("</title>", 1)[0]
        return {
            "error": {
                "data": {
                    "name": f"HTTP {response.status_code}",
                    "message": title if "<title>" in response.text else "",
                }
            }
        }
    return response.json()


def item_contacts(people):
    heading("Item 7 — concurrent contacts on one referral (threaded HTTP server)")
    referral = people["referral"]
    team = people["team"]
    db = cr.dbname
    port = free_port()
    odoo_bin = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")
    command = [
        sys.executable,
        odoo_bin,
        "--addons-path",
        config["addons_path"],
        "--data-dir",
        config["data_dir"],
        "-d",
        db,
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(port),
        "--workers",
        "0",
        "--max-cron-threads",
        "0",
        "--log-level",
        "warn",
    ]
    for option in ("db_host", "db_port", "db_user", "db_password"):
        if config.get(option):
            command += [f"--{option}", str(config[option])]
    cr.execute(
        "SELECT count(*) FROM safeguarding_referral_contact WHERE referral_id = %s",
        (referral.id,),
    )
    contacts_before = cr.fetchone()[0]
    cr.commit()
    log = tempfile.NamedTemporaryFile(
        prefix="fault_injection_server_", suffix=".log", delete=False
    )
    base = f"http://127.0.0.1:{port}"
    start = perf_counter()
    server_env = dict(os.environ)
    if MAX_HTTP_THREADS:
        # Odoo 18's threaded server limits its request threads only when told.
        server_env["ODOO_MAX_HTTP_THREADS"] = MAX_HTTP_THREADS
    server = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, env=server_env
    )
    try:
        while True:
            try:
                if requests.get(f"{base}/web/login", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if server.poll() is not None or perf_counter() - start > 240:
                raise RuntimeError(f"the server did not start (log: {log.name})")
            time.sleep(0.5)
        limit = f"limited to {MAX_HTTP_THREADS}" if MAX_HTTP_THREADS else "not limited"
        print(
            f"server up in {perf_counter() - start:.1f} s (threaded, db_maxconn "
            f"{config['db_maxconn']}, request threads {limit})"
        )

        # Log the clients in: one cookie jar (requests session) each.
        clients = []
        login_errors = Counter()
        lock = threading.Lock()
        # Plain values: the threads do not touch the shell's environment.
        accounts = [(user.id, user.login) for user in team]
        logins = [accounts[index % len(accounts)] for index in range(CLIENTS)]

        def login(user):
            uid, name = user
            session = requests.Session()
            answer = json_rpc(
                session,
                f"{base}/web/session/authenticate",
                {"db": db, "login": name, "password": PASSWORD},
            )
            with lock:
                if (answer.get("result") or {}).get("uid") == uid:
                    clients.append((session, user))
                else:
                    error = answer.get("error", {}).get("data", {})
                    login_errors[error.get("name")] += 1

        start = perf_counter()
        queue = list(logins)

        def login_worker():
            while True:
                with lock:
                    if not queue:
                        return
                    user = queue.pop()
                login(user)

        workers = [threading.Thread(target=login_worker) for _ in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        print(
            f"{len(clients)} of {CLIENTS} clients logged in as {len(team)} team users "
            f"in {perf_counter() - start:.1f} s"
            + (f"; login errors: {dict(login_errors)}" if login_errors else "")
        )

        # All at once: a contact each on the one referral.
        barrier = threading.Barrier(len(clients) + 1)
        answers = []
        url = f"{base}/web/dataset/call_kw/safeguarding.referral.contact/create"
        referral_id = referral.id

        def save(session, user, number):
            barrier.wait()
            t0 = perf_counter()
            try:
                answer = json_rpc(
                    session,
                    url,
                    {
                        "model": "safeguarding.referral.contact",
                        "method": "create",
                        "args": [
                            {
                                "referral_id": referral_id,
                                "channel": "phone",
                                "kind": "recontact",
                                "summary": f"Chased the duty officer (call {number}).",
                            }
                        ],
                        "kwargs": {"context": {"lang": "en_US", "tz": "Asia/Almaty"}},
                    },
                )
            except requests.RequestException as error:
                answer = {"error": {"data": {"name": type(error).__name__}}}
            with lock:
                answers.append((answer, perf_counter() - t0))

        threads = [
            threading.Thread(target=save, args=(session, user, number))
            for number, (session, user) in enumerate(clients, 1)
        ]
        for thread in threads:
            thread.start()
        barrier.wait()
        start = perf_counter()
        for thread in threads:
            thread.join()
        elapsed = perf_counter() - start
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()

    saved_ids = []
    busy = 0
    others = Counter()
    for answer, _seconds in answers:
        if "result" in answer:
            result = answer["result"]
            saved_ids += result if isinstance(result, list) else [result]
            continue
        data = answer.get("error", {}).get("data", {})
        name = data.get("name") or "?"
        if name == "odoo.exceptions.UserError" and "Please save again" in (
            data.get("message") or ""
        ):
            busy += 1
        else:
            others[f"{name}: {first_line(data.get('message'))}"] += 1
    cr.rollback()
    cr.execute(
        "SELECT id FROM safeguarding_referral_contact WHERE referral_id = %s "
        "ORDER BY id",
        (referral.id,),
    )
    in_db = [row[0] for row in cr.fetchall()]
    new = len(in_db) - contacts_before
    times = sorted(seconds for _answer, seconds in answers)
    print(f"{len(answers)} saves at once on {referral.name}, {elapsed:.1f} s in all")
    print(f"  saved: {len(saved_ids)}")
    print(f"  answered 'Please save again': {busy}")
    print(
        f"  other errors: {sum(others.values())}"
        + (
            " (" + "; ".join(f"{n} x {name}" for name, n in others.most_common()) + ")"
            if others
            else ""
        )
    )
    same = new == len(saved_ids) and set(saved_ids) <= set(in_db)
    print(
        f"  new contacts in the database: {new} "
        f"({'equals' if same else 'DIFFERS FROM'} the saves answered)"
    )
    if times:
        print(
            f"  answer time: median {times[len(times) // 2]:.1f} s, "
            f"slowest {times[-1]:.1f} s"
        )
    with open(log.name, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    if os.environ.get("KEEP_SERVER_LOG"):
        print(f"  server log kept: {log.name}")
    else:
        os.unlink(log.name)
    errors = sum(
        1 for line in text.splitlines() if " ERROR " in line or " CRITICAL " in line
    )
    known = {
        "serialization failures": "could not serialize access",
        "deadlocks": "deadlock detected",
        "tracebacks": "Traceback (most recent call last)",
        "of them PoolError": "psycopg2.pool.PoolError: The Connection Pool Is Full",
        "too many clients": "too many clients",
    }
    print(
        f"  server log: {errors} ERROR line(s); "
        + ", ".join(f"{name} {text.count(phrase)}" for name, phrase in known.items())
    )


def main():
    start = perf_counter()
    print("Setting up 2 schools (DSL, deputies, directors; Asia/Almaty, KZ)...")
    people = setup()
    item_escalation(people)
    item_race(people)
    item_evidence(people)
    item_contacts(people)
    print()
    print(f"fault injection run: {perf_counter() - start:.0f} s")


main()
