"""Benchmark: the referral follow-up cron and the DSL's "overdue" list.

Run inside ``odoo shell`` on a database with school_safeguarding installed
(``bench/run referral_followups`` does it on a fresh database). Seeds
REFERRALS open referrals (default 100,000) across 5 schools with SQL, a third
of them with an answer overdue, then measures:

* one cron batch at several batch sizes: time and SQL queries, to show that
  the number of queries per batch does not grow with the number of referrals
  in it (no per-record queries);
* the whole follow-up run, batch after batch, until nothing is left;
* the DSL's "Overdue" list (first page and count) through the web API.

Nothing is committed: the seeded data is rolled back at the end.
"""

import os
import random
import time
from datetime import datetime, timedelta

REFERRALS = int(os.environ.get("REFERRALS", "100000"))
# A base32 key: the seniors have two-factor on (nobody signs in here).
BENCH_TOTP_SECRET = "JBSWY3DPEHPK3PXP"
SCHOOLS = 5
REFERRALS_PER_CASE = 5
NOW = datetime(2026, 11, 26, 6, 0, 0)

env = env  # noqa: F821 - provided by odoo shell
cr = env.cr
random.seed(42)
# Real clocks, kept before freezegun patches the time module.
perf_counter = time.perf_counter


def measure(label, function):
    queries = cr.sql_log_count
    start = perf_counter()
    result = function()
    elapsed = perf_counter() - start
    print(
        f"{label:<58} {elapsed * 1000:10.1f} ms {cr.sql_log_count - queries:7d} queries"
    )
    return result


def seed():
    lead_group = env.ref("school_safeguarding.group_safeguarding_lead")
    director_group = env.ref("school_safeguarding.group_safeguarding_director")
    kz = env.ref("base.kz")
    schools = []
    for index in range(SCHOOLS):
        company = env["res.company"].create(
            {"name": f"Bench school {index + 1}", "country_id": kz.id}
        )
        company.resource_calendar_id.tz = "Asia/Almaty"
        lead = env["res.users"].create(
            {
                "name": f"Bench DSL {index + 1}",
                "login": f"bench_dsl_{index + 1}",
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
                "groups_id": [(6, 0, [env.ref("base.group_user").id, lead_group.id])],
            }
        )
        director = env["res.users"].create(
            {
                "name": f"Bench director {index + 1}",
                "login": f"bench_director_{index + 1}",
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
                "groups_id": [
                    (6, 0, [env.ref("base.group_user").id, director_group.id])
                ],
            }
        )
        # Case content needs two-factor for seniors: on, as in a real school.
        (lead | director).sudo().totp_secret = BENCH_TOTP_SECRET
        company.write(
            {
                "safeguarding_lead_id": lead.id,
                "safeguarding_director_ids": [(6, 0, director.ids)],
            }
        )
        schools.append((company, lead))
    agency = env["res.partner"].create(
        {
            "name": "Bench child protection",
            "safeguarding_agency_type": "child_protection",
        }
    )
    env.flush_all()
    cases_per_school = REFERRALS // SCHOOLS // REFERRALS_PER_CASE
    for school_index, (company, lead) in enumerate(schools):
        cr.execute(
            """
            INSERT INTO res_partner (name, is_pupil, active, type, company_id,
                                     create_date, write_date)
            SELECT 'Bench pupil ' || %(school)s || '-' || n, true, true, 'contact',
                   NULL, now(), now()
              FROM generate_series(1, %(count)s) n
            RETURNING id
            """,
            {"school": school_index + 1, "count": cases_per_school},
        )
        pupil_ids = [row[0] for row in cr.fetchall()]
        cr.execute(
            """
            INSERT INTO safeguarding_case (name, company_id, pupil_id, user_id, state,
                                           case_type, risk_level, date_opened,
                                           create_date, write_date)
            SELECT 'SG-C-B' || %(school)s || '-' || p.id, %(company)s, p.id,
                   %(lead)s, 'in_progress', 'welfare', 'medium', %(now)s, now(), now()
              FROM unnest(%(pupils)s) AS p(id)
            RETURNING id
            """,
            {
                "school": school_index + 1,
                "company": company.id,
                "lead": lead.id,
                "pupils": pupil_ids,
                "now": NOW,
            },
        )
        case_ids = [row[0] for row in cr.fetchall()]
        rows = []
        for case_id in case_ids:
            for _ in range(REFERRALS_PER_CASE):
                # Answers due from 10 days ago to 20 days ahead: a third overdue.
                answer_due = NOW + timedelta(minutes=random.randint(-14400, 28800))
                written = answer_due - timedelta(days=4)
                rows.append(
                    (
                        case_id,
                        written - timedelta(hours=2),
                        written,
                        answer_due,
                        random.randint(0, 2),
                    )
                )
        cr.execute(
            """
            INSERT INTO safeguarding_referral (
                name, case_id, company_id, pupil_id, agency_id, agency_type,
                reason, user_id, state, first_contact_date, first_contact_channel,
                written_due, written_date, answer_due, deadline, deadline_kind,
                recontact_count, create_date, write_date)
            SELECT 'SG-F-B' || c.id || '-' || r.n, c.id, c.company_id, c.pupil_id,
                   %(agency)s, 'child_protection', 'Bench referral', c.user_id,
                   'open', r.first_contact, 'phone',
                   r.first_contact + interval '24 hours', r.written, r.answer_due,
                   r.answer_due, 'answer', r.recontacts, now(), now()
              FROM (SELECT row_number() OVER () AS n, * FROM unnest(
                        %(case_ids)s::int[], %(first)s::timestamp[],
                        %(written)s::timestamp[], %(due)s::timestamp[],
                        %(recontacts)s::int[])
                        AS t(case_id, first_contact, written, answer_due, recontacts)
                   ) r
              JOIN safeguarding_case c ON c.id = r.case_id
            """,
            {
                "agency": agency.id,
                "case_ids": [row[0] for row in rows],
                "first": [row[1] for row in rows],
                "written": [row[2] for row in rows],
                "due": [row[3] for row in rows],
                "recontacts": [row[4] for row in rows],
            },
        )
    cr.execute("ANALYZE safeguarding_referral")
    env.invalidate_all()
    return schools


def main():
    from freezegun import freeze_time

    Referral = env["safeguarding.referral"]
    print(f"Seeding {REFERRALS:,} open referrals across {SCHOOLS} schools...")
    schools = measure("seed (SQL)", seed)
    overdue = Referral.search_count([("answer_due", "<=", NOW), ("state", "=", "open")])
    print(
        f"open referrals: {Referral.search_count([]):,}; overdue answers: {overdue:,}"
    )
    print()
    with freeze_time(NOW):
        # Queries per batch must not depend on the batch size.
        for size in (100, 500, 1000):
            sp = cr.savepoint()
            sp.__enter__()
            measure(
                f"one cron batch of {size}",
                lambda size=size: Referral._cron_followups(batch_size=size),
            )
            env.flush_all()
            sp.__exit__(Exception, Exception(), None)
            env.invalidate_all()
        print()
        dsl = schools[0][1]
        DslReferral = Referral.with_user(dsl).with_context(tz="Asia/Almaty")
        # As the list view asks: many2one fields with their display name.
        many2one = {"fields": {"display_name": {}}}
        spec = {
            "name": {},
            "case_id": many2one,
            "pupil_id": many2one,
            "agency_id": many2one,
            "agency_type": {},
            "first_contact_date": {},
            "deadline_kind": {},
            "deadline": {},
            "recontact_count": {},
            "user_id": many2one,
            "is_overdue": {},
            "is_due_today": {},
            "state": {},
        }
        env.invalidate_all()
        result = measure(
            "DSL 'Overdue' list, first page of 80 + count (web)",
            lambda: DslReferral.web_search_read(
                [("is_overdue", "=", True)], spec, limit=80, count_limit=100001
            ),
        )
        rows, total = len(result["records"]), result["length"]
        print(f"  rows: {rows}, overdue for this DSL: {total:,}")
        env.invalidate_all()
        measure(
            "DSL 'Due today' list, first page of 80 + count (web)",
            lambda: DslReferral.web_search_read(
                [("is_due_today", "=", True)], spec, limit=80, count_limit=100001
            ),
        )
        print()
        batches = []
        start = perf_counter()
        while True:
            queries = cr.sql_log_count
            batch_start = perf_counter()
            Referral._cron_followups(batch_size=500)
            env.flush_all()
            remaining = Referral.search_count(Referral._followup_domain(NOW))
            batches.append((cr.sql_log_count - queries, perf_counter() - batch_start))
            if not remaining or len(batches) > 1000:
                break
        total = perf_counter() - start
        counts = [count for count, _seconds in batches]
        print(
            f"full follow-up run: {len(batches)} batches of 500, {total:.1f} s, "
            f"queries per batch min {min(counts)} / max {max(counts)}"
            f" (including the count of what remains)"
        )
        print(
            "chronology entries written by the run:",
            env["safeguarding.case.log"].search_count([("kind", "=", "referral")]),
        )
    cr.rollback()


main()
