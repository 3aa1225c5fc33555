"""Benchmark: a school group in its tenth year, as the real users see it.

Run inside ``odoo shell`` on a database with school_safeguarding installed
(``bench/run scale`` does it on a fresh database). Seeds with SQL, across 5
schools each with its DSL, CONCERNS concerns (default 100,000) over ten
years, twice as many chronology entries, a case per five concerns, a
referral per ten concerns (a third with an answer overdue) and one person
per hundred concerns with 10 vetting checks each (by the ORM), plus one case
with 5,000 entries and a teacher who sent 60 of the first school's concerns
(60 at any scale). Then measures, as the real user (the school's DSL, or
the teacher; record rules applied) and as superuser, time and SQL queries
of:

* the teacher's "My concerns" (first page of 80 + count) and the teacher
  reporting a concern (create and send, the DSL told);
* the DSL opening an ordinary case (the form's ``web_read``);
* the DSL opening a concern (its form, which writes the access log);
* the DSL opening a case with 5,000 chronology entries;
* the annual report's figures for one school and school year;
* the DSL's triage list (concerns not in a case, first page of 80 + count);

then the same answers by hand-written SQL (as superuser, no ORM: the case's
main query with its first 40 chronology entries and their count, the annual
report's GROUP BYs, the first 80 rows of the triage list and of the
teacher's list with the names they point to and the counts), and a summary
table of each operation: ms and queries as the user, as superuser and by
hand SQL; and, as the scheduled
actions run, the clearance of every person and the whole referral follow-up
run.

With INTERLEAVE=N, the forms and lists are also run N times each as the
user and as superuser alternately (the annual report's figures as the DSL
and by hand SQL), and their medians printed: steadier than the best of 3 on
a machine whose speed drifts.

With VACUUM=1, the seeded data is committed and the database vacuumed and
analysed before measuring, as a real database is (PostgreSQL then plans the
queries with statistics and index-only scans on what it holds); otherwise
nothing is committed and the seeded data is rolled back at the end.
``bench/run`` drops its database either way.
"""

import os
import random
import statistics
import time
from datetime import date, datetime, timedelta

from lxml import etree

CONCERNS = int(os.environ.get("CONCERNS", "100000"))
# A base32 key: the DSLs have two-factor on (nobody signs in here).
BENCH_TOTP_SECRET = "JBSWY3DPEHPK3PXP"
SCHOOLS = 5
CONCERNS_PER_CASE = 5
BIG_CASE_ENTRIES = 5000
# The concerns the bench teacher sent, whatever the scale.
TEACHER_REPORTS = 60
NOW = datetime(2026, 11, 26, 6, 0, 0)
FIRST_DAY = NOW - timedelta(days=3650)

env = env  # noqa: F821 - provided by odoo shell
cr = env.cr
random.seed(11)
# Real clocks, kept before freezegun patches the time module.
perf_counter = time.perf_counter


# Best (seconds, queries) of each operation, by column: as the user (the DSL,
# or the teacher for the teacher's pages), superuser, SQL.
RESULTS = {}


def measure(label, function, repeat=1, row=None, column=None):
    """Run ``function`` ``repeat`` times on a cold cache; print the best.

    With ``row`` and ``column``, keep the best for the summary table.
    """
    best = None
    for _ in range(repeat):
        env.invalidate_all()
        queries = cr.sql_log_count
        start = perf_counter()
        result = function()
        elapsed = perf_counter() - start
        count = cr.sql_log_count - queries
        if best is None or elapsed < best[0]:
            best = (elapsed, count)
    print(f"{label:<62} {best[0] * 1000:10.1f} ms {best[1]:7d} queries")
    if row:
        RESULTS.setdefault(row, {})[column] = best
    return result


def interleave(label, as_user, as_superuser, runs):
    """Median ms of ``runs`` runs each, the user's and the superuser's alternately.

    Alternating spreads a busy or drifting machine over both columns alike,
    where the best of 3 of one column, then of the other, does not.
    """
    times = ([], [])
    for run in range(runs):
        # Who goes first alternates too.
        order = ((0, as_user), (1, as_superuser))
        for column, function in order if run % 2 else order[::-1]:
            env.invalidate_all()
            start = perf_counter()
            function()
            times[column].append(perf_counter() - start)
    user, superuser = (statistics.median(column) * 1000 for column in times)
    print(f"{label:<46} {user:8.1f} ms {superuser:8.1f} ms {user / superuser:6.2f} x")


def insert(query, params):
    cr.execute(query, params)
    return [row[0] for row in cr.fetchall()] if cr.description else []


def seed_schools():
    lead_group = env.ref("school_safeguarding.group_safeguarding_lead")
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
        # Case content needs two-factor for the DSL: on, as in a real school.
        lead.sudo().totp_secret = BENCH_TOTP_SECRET
        company.write({"safeguarding_lead_id": lead.id})
        schools.append((company, lead))
    env.flush_all()
    return schools


def seed_school(company, lead, concerns, categories, agency, teacher=None):
    """Pupils, cases, concerns, their chronology and referrals of one school.

    The DSL sent the concerns, except the last concern of the first
    TEACHER_REPORTS children, sent by ``teacher`` when given.
    """
    case_count = max(concerns // CONCERNS_PER_CASE, 1)
    pupil_ids = insert(
        """
        INSERT INTO res_partner (name, is_pupil, active, type, create_date, write_date)
        SELECT 'Bench pupil ' || %(company)s || '-' || n, true, true, 'contact',
               now(), now()
          FROM generate_series(1, %(count)s) n
        RETURNING id
        """,
        {"company": company.id, "count": case_count},
    )
    # Cases opened over ten years; a case per pupil.
    case_ids = insert(
        """
        INSERT INTO safeguarding_case (name, company_id, pupil_id, user_id, state,
                                       case_type, risk_level, date_opened,
                                       harm_possible, create_date, write_date)
        SELECT 'SG-C-S' || %(company)s || '-' || p.n, %(company)s, p.id, %(lead)s,
               CASE WHEN p.n %% 4 = 0 THEN 'in_progress' ELSE 'closed' END,
               'welfare', 'medium',
               %(first)s + (p.n * 3650.0 / %(count)s) * interval '1 day',
               false, now(), now()
          FROM unnest(%(pupils)s::int[]) WITH ORDINALITY AS p(id, n)
        RETURNING id
        """,
        {
            "company": company.id,
            "lead": lead.id,
            "pupils": pupil_ids,
            "count": case_count,
            "first": FIRST_DAY,
        },
    )
    # Concerns: five per child; the first four joined the child's case, the
    # last is waiting for the DSL (sent or received) or closed.
    cr.execute(
        """
        INSERT INTO safeguarding_concern (
            name, company_id, reporter_id, state, subject_type, pupil_id,
            incident_date, location_type, source, description, submitted_date,
            case_id, acknowledged_user_id, acknowledged_date, immediate_danger,
            create_date, write_date)
        SELECT 'SG-S' || %(company)s || '-' || c.n || '-' || k, %(company)s,
               CASE WHEN k = %(per_case)s AND c.n <= %(reports)s
                    THEN coalesce(%(teacher)s, %(lead)s) ELSE %(lead)s END,
               CASE WHEN k < 5 THEN 'in_case'
                    WHEN c.n %% 10 = 0 THEN 'submitted'
                    WHEN c.n %% 10 = 1 THEN 'acknowledged'
                    ELSE 'closed' END,
               'child', c.pupil_id, t.incident, 'on_site', 'own_observation',
               'Bench concern', t.incident + interval '3 hours',
               CASE WHEN k < 5 THEN c.id END,
               CASE WHEN k < 5 OR c.n %% 10 <> 0 THEN %(lead)s END,
               CASE WHEN k < 5 OR c.n %% 10 <> 0
                    THEN t.incident + interval '5 hours' END,
               false, now(), now()
          FROM (SELECT row_number() OVER () AS n, * FROM safeguarding_case
                 WHERE id = ANY(%(cases)s)) c,
               generate_series(1, %(per_case)s) k,
               LATERAL (SELECT least(c.date_opened + (k - 4) * interval '7 days'
                                     + (c.n %% 24) * interval '1 hour',
                                     %(now)s - interval '1 day') AS incident) t
        """,
        {
            "company": company.id,
            "lead": lead.id,
            "cases": case_ids,
            "per_case": CONCERNS_PER_CASE,
            "now": NOW,
            "teacher": teacher.id if teacher else None,
            "reports": TEACHER_REPORTS,
        },
    )
    Concern = env["safeguarding.concern"]
    field = Concern._fields["category_ids"]
    cr.execute(
        f"""
        INSERT INTO {field.relation} ({field.column1}, {field.column2})
        SELECT id, (%(categories)s::int[])[1 + id %% %(count)s]
          FROM safeguarding_concern WHERE company_id = %(company)s
        """,
        {"categories": categories, "count": len(categories), "company": company.id},
    )
    # Chronology: each concern received (in its case's chronology once it
    # joined one) and, for each, a note in the case.
    cr.execute(
        """
        INSERT INTO safeguarding_case_log (
            event_date, date, user_id, company_id, case_id, concern_id, pupil_id,
            kind, summary, create_date, write_date)
        SELECT incident_date, submitted_date, reporter_id, company_id, case_id, id,
               pupil_id, 'submission', 'Concern received', now(), now()
          FROM safeguarding_concern WHERE company_id = %(company)s
        UNION ALL
        SELECT submitted_date + interval '1 day', submitted_date + interval '1 day',
               %(lead)s, company_id, case_id, NULL, pupil_id, 'note', 'Bench note',
               now(), now()
          FROM safeguarding_concern
         WHERE company_id = %(company)s AND case_id IS NOT NULL
        UNION ALL
        SELECT submitted_date + interval '2 days', submitted_date + interval '2 days',
               %(lead)s, company_id, case_id, NULL, pupil_id, 'contact',
               'Bench call', now(), now()
          FROM safeguarding_concern
         WHERE company_id = %(company)s AND case_id IS NOT NULL AND id %% 4 = 0
        """,
        {"company": company.id, "lead": lead.id},
    )
    # Referrals: one per two cases, answers due from 10 days ago to 20 ahead.
    referral_cases = case_ids[::2]
    due = [
        NOW + timedelta(minutes=random.randint(-14400, 28800)) for _ in referral_cases
    ]
    cr.execute(
        """
        INSERT INTO safeguarding_referral (
            name, case_id, company_id, pupil_id, agency_id, agency_type,
            reason, user_id, state, first_contact_date, first_contact_channel,
            written_due, written_date, answer_due, deadline, deadline_kind,
            recontact_count, create_date, write_date)
        SELECT 'SG-F-S' || c.id, c.id, c.company_id, c.pupil_id, %(agency)s,
               'child_protection', 'Bench referral', c.user_id, 'open',
               r.due - interval '4 days 2 hours', 'phone',
               r.due - interval '3 days 2 hours', r.due - interval '4 days',
               r.due, r.due, 'answer', 0, now(), now()
          FROM unnest(%(cases)s::int[], %(due)s::timestamp[]) AS r(case_id, due)
          JOIN safeguarding_case c ON c.id = r.case_id
        """,
        {"agency": agency.id, "cases": referral_cases, "due": due},
    )
    return case_ids


def seed_big_case(company, lead):
    """One child's case with BIG_CASE_ENTRIES entries, half from concerns."""
    case = env["safeguarding.case"].browse(
        insert(
            """
            INSERT INTO safeguarding_case (name, company_id, pupil_id, user_id,
                state, case_type, risk_level, date_opened, harm_possible,
                create_date, write_date)
            SELECT 'SG-C-BIG', %(company)s, p.id, %(lead)s, 'in_progress',
                   'welfare', 'high', %(first)s, false, now(), now()
              FROM (SELECT id FROM res_partner WHERE is_pupil ORDER BY id DESC
                    LIMIT 1) p
            RETURNING id
            """,
            {"company": company.id, "lead": lead.id, "first": FIRST_DAY},
        )
    )
    cr.execute(
        """
        INSERT INTO safeguarding_concern (
            name, company_id, reporter_id, state, subject_type, pupil_id,
            incident_date, location_type, source, description, submitted_date,
            case_id, immediate_danger, create_date, write_date)
        SELECT 'SG-BIG-' || n, c.company_id, c.user_id, 'in_case', 'child',
               c.pupil_id, c.date_opened + n * interval '1 day', 'on_site',
               'own_observation', 'Bench concern',
               c.date_opened + n * interval '1 day' + interval '1 hour', c.id,
               false, now(), now()
          FROM safeguarding_case c, generate_series(1, %(count)s) n
         WHERE c.id = %(case)s
        """,
        {"case": case.id, "count": BIG_CASE_ENTRIES // 2},
    )
    cr.execute(
        """
        INSERT INTO safeguarding_case_log (
            event_date, date, user_id, company_id, case_id, concern_id, pupil_id,
            kind, summary, create_date, write_date)
        SELECT incident_date, submitted_date, reporter_id, company_id, case_id, id,
               pupil_id, 'submission', 'Concern received', now(), now()
          FROM safeguarding_concern WHERE case_id = %(case)s
        UNION ALL
        SELECT submitted_date + interval '1 hour', submitted_date + interval '1 hour',
               reporter_id, company_id, case_id, NULL, pupil_id, 'note',
               'Bench note', now(), now()
          FROM safeguarding_concern WHERE case_id = %(case)s
        """,
        {"case": case.id},
    )
    return case


def seed_people(company, count):
    """People by the ORM, 10 vetting checks each by SQL."""
    CheckType = env["safeguarding.check.type"]
    check_types = CheckType.search([])
    missing = 10 - len(check_types)
    if missing > 0:
        check_types |= CheckType.create(
            [{"name": f"Bench check {n}"} for n in range(missing)]
        )
    employees = (
        env["hr.employee"]
        .with_context(tracking_disable=True, mail_create_nolog=True)
        .create(
            [
                {"name": f"Bench person {n}", "company_id": company.id}
                for n in range(1, count + 1)
            ]
        )
    )
    env.flush_all()
    rows = []
    today = NOW.date()
    for employee_id in employees.ids:
        for check_type in check_types[:10]:
            issued = today - timedelta(days=random.randint(10, 400))
            expiry = (
                issued + timedelta(days=365) if check_type.validity_months else None
            )
            result = "failed" if random.random() < 0.002 else "clear"
            rows.append((employee_id, check_type.id, issued, expiry, result))
    cr.execute(
        """
        INSERT INTO safeguarding_check (employee_id, company_id, check_type_id,
                                        issue_date, expiry_date, result,
                                        verified_date, create_date, write_date)
        SELECT t.employee_id, %(company)s, t.check_type_id, t.issued, t.expiry,
               t.result, t.issued, now(), now()
          FROM unnest(%(employees)s::int[], %(types)s::int[], %(issued)s::date[],
                      %(expiry)s::date[], %(results)s::varchar[])
               AS t(employee_id, check_type_id, issued, expiry, result)
        """,
        {
            "company": company.id,
            "employees": [row[0] for row in rows],
            "types": [row[1] for row in rows],
            "issued": [row[2] for row in rows],
            "expiry": [row[3] for row in rows],
            "results": [row[4] for row in rows],
        },
    )
    return employees


def seed_teacher(company):
    """A teacher of ``company``: the first TEACHER_REPORTS concerns sent are theirs.

    The same number at any scale: what the teacher's own pages cost should
    not grow with the school group's history.
    """
    return env["res.users"].create(
        {
            "name": "Bench teacher",
            "login": "bench_teacher",
            "company_id": company.id,
            "company_ids": [(6, 0, company.ids)],
            "groups_id": [(6, 0, [env.ref("base.group_user").id])],
        }
    )


def seed():
    schools = seed_schools()
    categories = env["safeguarding.concern.category"].search([]).ids
    agency = env["res.partner"].create(
        {
            "name": "Bench child protection",
            "safeguarding_agency_type": "child_protection",
        }
    )
    env.flush_all()
    teacher = seed_teacher(schools[0][0])
    cases = []
    for company, lead in schools:
        cases.append(
            seed_school(
                company,
                lead,
                CONCERNS // SCHOOLS,
                categories,
                agency,
                teacher if company == schools[0][0] else None,
            )[0]
        )
    big_case = seed_big_case(*schools[0])
    employees = seed_people(schools[0][0], max(CONCERNS // 100, 10))
    for table in (
        "res_partner",
        "safeguarding_case",
        "safeguarding_concern",
        "safeguarding_case_log",
        "safeguarding_referral",
        "safeguarding_check",
        "hr_employee",
    ):
        cr.execute(f"ANALYZE {table}")
    env.invalidate_all()
    return (
        schools,
        env["safeguarding.case"].browse(cases[0]),
        big_case,
        employees,
        teacher,
    )


def form_spec(model, view_type="form", user=None):
    """The specification the web client sends to open ``model``'s form.

    Or its default view of ``view_type``, as ``user`` gets it (fields of
    groups they lack are left out of it).
    """
    Model = env[model].with_user(user) if user else env[model]
    views = Model.get_views([(False, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])
    models = views["models"]

    def model_fields(name):
        described = models[name]
        return described.get("fields", described)

    def spec_of(node, name):
        spec = {}
        described = model_fields(name)
        for field_node in node.iter("field"):
            # Fields of a nested list belong to that list's model.
            parent = field_node.getparent()
            nested = False
            while parent is not None and parent is not node:
                if parent.tag == "field":
                    nested = True
                    break
                parent = parent.getparent()
            if nested:
                continue
            field_name = field_node.get("name")
            field = described.get(field_name)
            if not field:
                continue
            if field["type"] == "many2one":
                spec[field_name] = {"fields": {"display_name": {}}}
            elif field["type"] in ("one2many", "many2many"):
                sub = field_node.find("list")
                sub_spec = (
                    spec_of(sub, field["relation"])
                    if sub is not None and field["relation"] in models
                    else {"display_name": {}}
                )
                spec[field_name] = {"fields": sub_spec, "limit": 40}
            else:
                spec[field_name] = {}
        return spec

    return spec_of(arch, model)


# ----------------------------------------------------------------------
# Hand-written SQL: what the database alone costs for the same answer,
# as superuser (no record rule, no ORM), to compare with the ORM's figures.
# ----------------------------------------------------------------------


def fetch(query, params):
    cr.execute(query, params)
    return cr.fetchall()


def sql_case_form(case_id):
    """The case form's main query and its first 40 chronology entries."""
    case = fetch(
        """
        SELECT c.id, c.name, c.state, c.case_type, c.risk_level, c.date_opened,
               c.closure_reason, c.company_id, co.name, c.pupil_id, p.name,
               c.user_id, up.name
          FROM safeguarding_case c
          JOIN res_company co ON co.id = c.company_id
          LEFT JOIN res_partner p ON p.id = c.pupil_id
          LEFT JOIN res_users u ON u.id = c.user_id
          LEFT JOIN res_partner up ON up.id = u.partner_id
         WHERE c.id = %(case)s
        """,
        {"case": case_id},
    )
    entries = fetch(
        """
        SELECT l.id, l.event_date, l.date, l.kind, l.summary, l.concern_id,
               l.user_id, up.name
          FROM safeguarding_case_log l
          LEFT JOIN res_users u ON u.id = l.user_id
          LEFT JOIN res_partner up ON up.id = u.partner_id
         WHERE l.case_id = %(case)s
         ORDER BY l.event_date DESC, l.date DESC, l.id DESC
         LIMIT 40
        """,
        {"case": case_id},
    )
    count = fetch(
        "SELECT count(*) FROM safeguarding_case_log WHERE case_id = %(case)s",
        {"case": case_id},
    )
    return case, entries, count[0][0]


def sql_annual_report(company_id, date_from, date_to):
    """The annual report's GROUP BYs: concerns by month and category, cases."""
    field = env["safeguarding.concern"]._fields["category_ids"]
    params = {
        "company": company_id,
        "start": datetime.combine(date_from, datetime.min.time()),
        "end": datetime.combine(date_to, datetime.max.time()),
    }
    months = fetch(
        """
        SELECT date_trunc('month', submitted_date), count(*)
          FROM safeguarding_concern
         WHERE company_id = %(company)s AND state <> 'draft'
           AND submitted_date BETWEEN %(start)s AND %(end)s
         GROUP BY 1
        """,
        params,
    )
    categories = fetch(
        f"""
        SELECT date_trunc('month', c.submitted_date), rel.{field.column2}, count(*)
          FROM safeguarding_concern c
          LEFT JOIN {field.relation} rel ON rel.{field.column1} = c.id
         WHERE c.company_id = %(company)s AND c.state <> 'draft'
           AND c.submitted_date BETWEEN %(start)s AND %(end)s
         GROUP BY 1, 2
        """,
        params,
    )
    cases = fetch(
        """
        SELECT case_type, closure_reason, count(*)
          FROM safeguarding_case
         WHERE company_id = %(company)s
           AND date_opened BETWEEN %(start)s AND %(end)s
         GROUP BY 1, 2
        """,
        params,
    )
    return months, categories, cases, sum(count for _month, count in months)


def sql_mine(user_id):
    """The concerns one person sent: the first page with its names, and the count."""
    rows = fetch(
        """
        SELECT c.id, c.name, c.incident_date, c.subject_type, c.location_type,
               c.immediate_danger, c.state, p.name, cs.name
          FROM safeguarding_concern c
          LEFT JOIN res_partner p ON p.id = c.pupil_id
          LEFT JOIN safeguarding_case cs ON cs.id = c.case_id
         WHERE c.reporter_id = %s
         ORDER BY c.incident_date DESC, c.id DESC
         LIMIT 80
        """,
        [user_id],
    )
    fetch("SELECT count(*) FROM safeguarding_concern WHERE reporter_id = %s", [user_id])
    return rows


def sql_triage(order="c.incident_date DESC, c.id DESC"):
    """The triage list's first 80 rows (names of what they point to) + count."""
    field = env["safeguarding.concern"]._fields["category_ids"]
    rows = fetch(
        f"""
        SELECT c.id, c.name, c.incident_date, c.subject_type, c.pupil_id, p.name,
               c.location_type, c.reporter_id, rp.name, c.immediate_danger,
               c.case_id, k.name, c.state,
               ARRAY(SELECT cat.name->>'en_US'
                       FROM {field.relation} rel
                       JOIN safeguarding_concern_category cat
                         ON cat.id = rel.{field.column2}
                      WHERE rel.{field.column1} = c.id)
          FROM safeguarding_concern c
          LEFT JOIN res_partner p ON p.id = c.pupil_id
          LEFT JOIN res_users u ON u.id = c.reporter_id
          LEFT JOIN res_partner rp ON rp.id = u.partner_id
          LEFT JOIN safeguarding_case k ON k.id = c.case_id
         WHERE c.state IN ('submitted', 'acknowledged')
         ORDER BY {order}
         LIMIT 80
        """,
        {},
    )
    count = fetch(
        """
        SELECT count(*) FROM safeguarding_concern
         WHERE state IN ('submitted', 'acknowledged')
        """,
        {},
    )
    return rows, count[0][0]


def print_summary():
    """Each operation: DSL, superuser, hand SQL (ms and queries)."""

    def cell(figure):
        return f"{figure[0] * 1000:,.1f} ms, {figure[1]} q" if figure else "-"

    print()
    print(f"{'operation':<46} {'as the user':>16} {'superuser':>16} {'hand SQL':>16}")
    for row, columns in RESULTS.items():
        print(
            f"{row:<46} {cell(columns.get('user')):>16}"
            f" {cell(columns.get('superuser')):>16} {cell(columns.get('SQL')):>16}"
        )


def vacuum():
    """Commit the seed, then vacuum and analyse the database (outside a transaction)."""
    import odoo

    cr.commit()
    with odoo.sql_db.db_connect(cr.dbname).cursor() as other:
        other._cnx.autocommit = True
        other.execute("VACUUM ANALYZE")


def main():
    from freezegun import freeze_time

    print(f"Seeding {CONCERNS:,} concerns across {SCHOOLS} schools...")
    schools, case, big_case, employees, teacher = measure("seed (SQL)", seed)
    if os.environ.get("VACUUM"):
        measure("commit, VACUUM ANALYZE", vacuum)
    for model in (
        "safeguarding.concern",
        "safeguarding.case.log",
        "safeguarding.case",
        "safeguarding.referral",
    ):
        cr.execute(f"SELECT count(*) FROM {env[model]._table}")
        print(f"  {model}: {cr.fetchone()[0]:,}")
    print()
    company, dsl = schools[0]
    with freeze_time(NOW):
        Case = env["safeguarding.case"].with_context(tz="Asia/Almaty")
        spec = form_spec("safeguarding.case")
        Concern = env["safeguarding.concern"].with_context(tz="Asia/Almaty")
        list_spec = {
            "name": {},
            "incident_date": {},
            "subject_type": {},
            "pupil_id": {"fields": {"display_name": {}}},
            "category_ids": {"fields": {"display_name": {}, "color": {}}},
            "location_type": {},
            "reporter_id": {"fields": {"display_name": {}}},
            "immediate_danger": {},
            "case_id": {"fields": {"display_name": {}}},
            "state": {},
        }
        triage = [("state", "in", ("submitted", "acknowledged"))]
        concern_spec = form_spec("safeguarding.concern")
        concern_id = case.concern_ids[:1].id
        mine = [("reporter_id", "=", teacher.id)]
        mine_spec = form_spec("safeguarding.concern", "list", teacher)
        pupil = case.pupil_id
        category_ids = env["safeguarding.concern.category"].search([], limit=1).ids

        def report_a_concern(records):
            concern = records.create(
                {
                    "pupil_id": pupil.id,
                    "incident_date": NOW - timedelta(hours=1),
                    "description": "Came to school hungry, twice this week.",
                    "child_words": "There was no food at home.",
                    "category_ids": [(6, 0, category_ids)],
                }
            )
            concern.action_submit()
            env.flush_all()

        teacher_paths = (
            ("teacher", Concern.with_user(teacher), "user"),
            ("superuser", Concern.sudo().with_company(company), "superuser"),
        )
        for who, records, column in teacher_paths:
            result = measure(
                f"{who}: My concerns, first page + count (web)",
                lambda records=records: records.web_search_read(
                    mine, mine_spec, limit=80, count_limit=100001
                ),
                repeat=3,
                row="teacher's My concerns, 80 + count",
                column=column,
            )
            print(f"  rows: {len(result['records'])} of {result['length']:,}")
        for who, records, column in teacher_paths:
            measure(
                f"{who}: report a concern (create and send)",
                lambda records=records: report_a_concern(records),
                repeat=3,
                row="teacher reports a concern",
                column=column,
            )
        report = env["report.school_safeguarding.report_safeguarding_annual"]
        year = (date(2025, 9, 1), date(2026, 8, 31))
        for who, user in (("DSL", dsl), ("superuser", None)):

            def as_who(records, user=user):
                return records.with_user(user) if user else records.sudo()

            column = "user" if user else "superuser"

            measure(
                f"{who}: open an ordinary case (form web_read)",
                lambda: as_who(Case.browse(case.id)).web_read(spec),
                repeat=3,
                row="open an ordinary case",
                column=column,
            )
            measure(
                f"{who}: open a concern (form web_read, access log written)",
                lambda: as_who(Concern.browse(concern_id)).web_read(concern_spec),
                repeat=3,
                row="open a concern, with its access log",
                column=column,
            )
            result = measure(
                f"{who}: open a case of {BIG_CASE_ENTRIES:,} entries (web_read)",
                lambda: as_who(Case.browse(big_case.id)).web_read(spec),
                repeat=3,
                row=f"open the case of {BIG_CASE_ENTRIES:,} entries",
                column=column,
            )
            print(f"  chronology entries on the case: {len(result[0]['log_ids']):,}")
            figures = measure(
                f"{who}: annual report figures (one school, one year)",
                lambda: as_who(report).with_company(company)._figures(company, *year),
                repeat=3,
                row="annual report figures",
                column=column,
            )
            print(f"  concerns in the year: {figures['concern_count']:,}")
            result = measure(
                f"{who}: triage list, first page of 80 + count (web)",
                lambda: as_who(Concern).web_search_read(
                    triage, list_spec, limit=80, count_limit=100001
                ),
                repeat=3,
                row="triage list, 80 + count",
                column=column,
            )
            print(f"  rows: {len(result['records'])} of {result['length']:,}")
            measure(
                f"{who}: triage list by school, incident date, sent",
                lambda: as_who(Concern).web_search_read(
                    triage,
                    list_spec,
                    limit=80,
                    order="company_id, incident_date desc, submitted_date desc",
                    count_limit=100001,
                ),
                repeat=3,
                row="triage list by school, incident, sent",
                column=column,
            )
        for label, function, row in (
            (
                "open an ordinary case (form query + 40 entries)",
                lambda: sql_case_form(case.id),
                "open an ordinary case",
            ),
            (
                f"open a case of {BIG_CASE_ENTRIES:,} entries (+ 40 entries)",
                lambda: sql_case_form(big_case.id),
                f"open the case of {BIG_CASE_ENTRIES:,} entries",
            ),
            (
                "annual report GROUP BYs (one school, one year)",
                lambda: sql_annual_report(company.id, *year),
                "annual report figures",
            ),
            (
                "teacher's My concerns, first page of 80 + count",
                lambda: sql_mine(teacher.id),
                "teacher's My concerns, 80 + count",
            ),
            (
                "triage list, first page of 80 + count",
                lambda: sql_triage(),
                "triage list, 80 + count",
            ),
            (
                "triage list by school, incident date, sent",
                lambda: sql_triage(
                    "c.company_id, c.incident_date DESC, c.submitted_date DESC, "
                    "c.id DESC"
                ),
                "triage list by school, incident, sent",
            ),
        ):
            measure(f"hand SQL: {label}", function, repeat=3, row=row, column="SQL")
        print_summary()
        print()
        runs = int(os.environ.get("INTERLEAVE") or 0)
        if runs:
            print(
                f"Interleaved, median of {runs} runs each "
                f"{'(as the user, superuser, ratio)':>36}\n"
                "(the annual report against its hand-written SQL instead)"
            )
            for label, as_user, as_superuser in (
                (
                    "open an ordinary case",
                    lambda: Case.browse(case.id).with_user(dsl).web_read(spec),
                    lambda: Case.browse(case.id).sudo().web_read(spec),
                ),
                (
                    "open a concern, with its access log",
                    lambda: Concern.browse(concern_id)
                    .with_user(dsl)
                    .web_read(concern_spec),
                    lambda: Concern.browse(concern_id).sudo().web_read(concern_spec),
                ),
                (
                    f"open the case of {BIG_CASE_ENTRIES:,} entries",
                    lambda: Case.browse(big_case.id).with_user(dsl).web_read(spec),
                    lambda: Case.browse(big_case.id).sudo().web_read(spec),
                ),
                (
                    "triage list, 80 + count",
                    lambda: Concern.with_user(dsl).web_search_read(
                        triage, list_spec, limit=80, count_limit=100001
                    ),
                    lambda: Concern.sudo().web_search_read(
                        triage, list_spec, limit=80, count_limit=100001
                    ),
                ),
                (
                    "annual report figures (DSL, hand SQL)",
                    lambda: report.with_user(dsl)
                    .with_company(company)
                    ._figures(company, *year),
                    lambda: sql_annual_report(company.id, *year),
                ),
                (
                    "teacher's My concerns, 80 + count",
                    lambda: Concern.with_user(teacher).web_search_read(
                        mine, mine_spec, limit=80, count_limit=100001
                    ),
                    lambda: Concern.sudo().web_search_read(
                        mine, mine_spec, limit=80, count_limit=100001
                    ),
                ),
            ):
                interleave(label, as_user, as_superuser, runs)
            print()
        Employee = env["hr.employee"]
        sp = cr.savepoint()
        sp.__enter__()
        measure(
            f"clearance of {Employee.search_count([]):,} people (scheduled action)",
            lambda: (
                Employee._cron_recompute_safeguarding_clearance(),
                env.flush_all(),
            ),
        )
        sp.__exit__(None, None, None)
        Referral = env["safeguarding.referral"]
        due = Referral.search_count(Referral._followup_domain(NOW))
        batches = []
        start = perf_counter()
        queries = cr.sql_log_count
        while True:
            Referral._cron_followups(batch_size=500)
            env.flush_all()
            batches.append(1)
            # Whether any is left (not how many: the action counts them itself).
            remaining = Referral.search_count(Referral._followup_domain(NOW), limit=1)
            if not remaining or len(batches) > 1000:
                break
        elapsed = perf_counter() - start
        print(
            f"{'follow-up of ' + format(due, ',') + ' due referrals':<62} "
            f"{elapsed * 1000:10.1f} ms {cr.sql_log_count - queries:7d} queries"
            f" ({len(batches)} batches of 500)"
        )
    cr.rollback()


main()
