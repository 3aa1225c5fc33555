"""Benchmark: recomputing every clearance and loading the single central record.

Run inside ``odoo shell`` on a database with school_safeguarding installed
(``bench/run clearance`` does it on a fresh database). Seeds PEOPLE employees
(default 5,000) with 10 vetting checks and 5 trainings each, with SQL, then
measures:

* the daily clearance scheduled action (every person recomputed);
* the single central record list as HR sees it (first page of 80 + count);
* rendering the single central record report (HTML) for 500 people.

Nothing is committed: the seeded data is rolled back at the end.
"""

import os
import random
import time
from datetime import date, timedelta

PEOPLE = int(os.environ.get("PEOPLE", "5000"))
TODAY = date(2026, 11, 26)

env = env  # noqa: F821 - provided by odoo shell
cr = env.cr
random.seed(7)
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
    CheckType = env["safeguarding.check.type"]
    check_types = CheckType.search([])
    check_types |= CheckType.create(
        [{"name": "Bench extra check A"}, {"name": "Bench extra check B"}]
    )
    TrainingType = env["safeguarding.training.type"]
    training_types = TrainingType.search([])
    training_types |= TrainingType.create(
        [
            {"name": "Bench first aid", "validity_months": 36},
            {"name": "Bench online safety", "validity_months": 24},
        ]
    )
    induction = env.ref("school_safeguarding.training_type_induction")
    company = env.company
    hr_group = env.ref("school_safeguarding.group_safeguarding_hr")
    hr = env["res.users"].create(
        {
            "name": "Bench HR",
            "login": "bench_hr",
            "groups_id": [(6, 0, [env.ref("base.group_user").id, hr_group.id])],
        }
    )
    env.flush_all()
    types = ["employee"] * 8 + ["volunteer", "contractor"]
    # People through the ORM (resource, employee, and their defaults).
    employees = (
        env["hr.employee"]
        .with_context(tracking_disable=True, mail_create_nolog=True)
        .create(
            [
                {"name": f"Bench person {n}", "employee_type": random.choice(types)}
                for n in range(1, PEOPLE + 1)
            ]
        )
    )
    env.flush_all()
    employee_ids = employees.ids
    checks = []
    for employee_id in employee_ids:
        for check_type in check_types[:10]:
            issued = TODAY - timedelta(days=random.randint(10, 400))
            expiry = (
                issued + timedelta(days=365) if check_type.validity_months else None
            )
            result = "failed" if random.random() < 0.002 else "clear"
            checks.append((employee_id, check_type.id, issued, expiry, result))
    cr.execute(
        """
        INSERT INTO safeguarding_check (employee_id, company_id, check_type_id,
                                        issue_date, expiry_date, result,
                                        verified_by_id, verified_date,
                                        create_date, write_date)
        SELECT t.employee_id, %(company)s, t.check_type_id, t.issued, t.expiry,
               t.result, %(hr)s, t.issued, now(), now()
          FROM unnest(%(employees)s::int[], %(types)s::int[], %(issued)s::date[],
                      %(expiry)s::date[], %(results)s::varchar[])
               AS t(employee_id, check_type_id, issued, expiry, result)
        """,
        {
            "company": company.id,
            "hr": hr.id,
            "employees": [c[0] for c in checks],
            "types": [c[1] for c in checks],
            "issued": [c[2] for c in checks],
            "expiry": [c[3] for c in checks],
            "results": [c[4] for c in checks],
        },
    )
    trainings = []
    for employee_id in employee_ids:
        for training_type in training_types[:5]:
            done = TODAY - timedelta(days=random.randint(10, 500))
            months = training_type.validity_months
            expiry = done + timedelta(days=30 * months) if months else None
            complete = training_type != induction or random.random() < 0.97
            trainings.append((employee_id, training_type.id, done, expiry, complete))
    cr.execute(
        """
        INSERT INTO safeguarding_training (employee_id, company_id, training_type_id,
                                           kind, date, expiry_date, complete,
                                           create_date, write_date)
        SELECT t.employee_id, %(company)s, t.training_type_id, tt.kind, t.done,
               t.expiry, t.complete, now(), now()
          FROM unnest(%(employees)s::int[], %(types)s::int[], %(done)s::date[],
                      %(expiry)s::date[], %(complete)s::bool[])
               AS t(employee_id, training_type_id, done, expiry, complete)
          JOIN safeguarding_training_type tt ON tt.id = t.training_type_id
        """,
        {
            "company": company.id,
            "employees": [t[0] for t in trainings],
            "types": [t[1] for t in trainings],
            "done": [t[2] for t in trainings],
            "expiry": [t[3] for t in trainings],
            "complete": [t[4] for t in trainings],
        },
    )
    cr.execute("ANALYZE safeguarding_check")
    cr.execute("ANALYZE safeguarding_training")
    env.invalidate_all()
    return hr, employee_ids


def main():
    from freezegun import freeze_time

    print(f"Seeding {PEOPLE:,} people with 10 checks and 5 trainings each...")
    hr, employee_ids = measure(
        "seed (people by ORM, checks and trainings by SQL)", seed
    )
    with freeze_time(TODAY):
        Employee = env["hr.employee"]
        measure(
            "recompute every clearance (daily scheduled action)",
            lambda: Employee._cron_recompute_safeguarding_clearance(),
        )
        cr.execute(
            "SELECT safeguarding_clearance, count(*) FROM hr_employee"
            " WHERE id = ANY(%s) GROUP BY 1 ORDER BY 1",
            [employee_ids],
        )
        print(
            "  clearance:",
            ", ".join(f"{state} {count}" for state, count in cr.fetchall()),
        )
        env.invalidate_all()
        spec = {
            "name": {},
            "job_title": {},
            "employee_type": {},
            "department_id": {"fields": {"display_name": {}}},
            "safeguarding_organisation_id": {"fields": {"display_name": {}}},
            "safeguarding_clearance": {},
            "safeguarding_clearance_expiry": {},
            "safeguarding_missing_items": {},
            "company_id": {"fields": {"display_name": {}}},
        }
        result = measure(
            "single central record list, first page of 80 + count (HR)",
            lambda: Employee.with_user(hr).web_search_read(
                [], spec, limit=80, count_limit=100001
            ),
        )
        print(f"  rows: {len(result['records'])} of {result['length']:,}")
        env.invalidate_all()
        report = env["ir.actions.report"].with_user(hr)
        html, _type = measure(
            "single central record report (HTML) for 500 people",
            lambda: report._render_qweb_html(
                "school_safeguarding.report_single_central_record", employee_ids[:500]
            ),
        )
        print(f"  report size: {len(html) / 1024:.0f} KiB")
    cr.rollback()


main()
