"""End to end: attacks on case confidentiality by logged-in users, over HTTP.

Each test is an attack a real user of the demo school could make from a
browser session (``/web/session/authenticate``, then ``call_kw``, the mail
routes, ``/web/content``, ``/report/html`` and ``/web/export/csv``), and
asserts that it fails. Demo users (password = login): sg_teacher, sg_teacher2,
sg_deputy (deputy DSL), sg_dsl (the DSL), sg_director, sg_hr, sg_reception;
admin/admin is the technical administrator. What the demo lacks (a second
school and its deputy, a DSL and a director who are the subject of an
allegation, a Settings administrator) is set up through JSON-RPC by admin and
the DSL, under logins unique to the run.

Two models have attacks of their own. An action the DSL gives a colleague on
a case: the colleague reads the instruction and the deadline, never the case,
and changes nothing but what they did; nobody else finds it. The transfer of
a child's file to another school of the group: while a draft, only the
sending school's team sees it; once sent, the receiving school reads the
transfer but neither the sending case nor its chronology nor its files, the
sealed file downloads for the team only, and nobody changes it.
"""

import hashlib
import http.cookiejar
import json
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from conftest import free_port, odoo_command, serving

ACCESS_ERROR = "odoo.exceptions.AccessError"
GROUP = "school_safeguarding.group_safeguarding_"
ANNUAL = "school_safeguarding.report_safeguarding_annual"
CHRONOLOGY = "school_safeguarding.report_safeguarding_case_chronology"
REVIEW_ACTION = "safeguarding.review.action"
WHOLE_PERIOD = {"date_from": "2000-01-01", "date_to": "2099-12-31"}


class RpcError(Exception):
    def __init__(self, error):
        data = error.get("data") or {}
        super().__init__(data.get("message") or error.get("message"))
        self.name = data.get("name", "")


class Session:
    """A browser-like session: one cookie jar, JSON-RPC and plain HTTP."""

    def __init__(self, server, login, password=None):
        self.url = server["url"]
        self.login = login
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        info = self.rpc(
            "/web/session/authenticate",
            db=server["database"],
            login=login,
            password=password or login,
        )
        self.uid = info and info.get("uid")
        assert self.uid, f"login {login} refused"
        self.partner_id = (
            info.get("partner_id")
            or self.call("res.users", "read", [self.uid], ["partner_id"])[0][
                "partner_id"
            ][0]
        )

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def rpc(self, path, **params):
        payload = {"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        status, body = self._open(request)
        assert status == 200, (path, status, body[:500])
        answer = json.loads(body)
        if "error" in answer:
            raise RpcError(answer["error"])
        return answer.get("result")

    def call(self, model, method, *args, **kwargs):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            model=model,
            method=method,
            args=list(args),
            kwargs=kwargs,
        )

    def get(self, path, **query):
        url = self.url + path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        status, body = self._open(urllib.request.Request(url))
        return status, body.decode("utf-8", errors="replace")

    def post_form(self, path, **fields):
        """A form POST as the web client sends it, with the CSRF token."""
        status, page = self.get("/web/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert status == 200 and token, "no CSRF token on /web/login"
        data = urllib.parse.urlencode({**fields, "csrf_token": token.group(1)})
        request = urllib.request.Request(self.url + path, data=data.encode())
        status, body = self._open(request)
        return status, body.decode("utf-8", errors="replace")


def denied(call, names=(ACCESS_ERROR,)):
    """Run ``call``: it must fail with one of ``names`` (an AccessError)."""
    with pytest.raises(RpcError) as caught:
        call()
    assert caught.value.name in names, (caught.value.name, str(caught.value))
    return caught.value


def xmlid(admin, full_id):
    module, name = full_id.split(".")
    [row] = admin.call(
        "ir.model.data",
        "search_read",
        [("module", "=", module), ("name", "=", name)],
        ["res_id"],
    )
    return row["res_id"]


def new_user(server, admin, login, groups, company_id):
    admin.call(
        "res.users",
        "create",
        {
            "name": login.replace("_", " ").title(),
            "login": login,
            "password": login,
            "email": f"{login}@school2.example.com",
            "company_id": company_id,
            "company_ids": [(6, 0, [company_id])],
            "groups_id": [(6, 0, [xmlid(admin, group) for group in groups])],
        },
    )
    return Session(server, login)


def audit_rows(dsl, domain):
    return dsl.call(
        "safeguarding.audit.log",
        "search_read",
        domain,
        ["event", "user_id", "res_model", "reference", "record_count", "detail"],
        order="id",
    )


def last_audit_id(dsl):
    rows = dsl.call("safeguarding.audit.log", "search", [], limit=1, order="id desc")
    return rows[0] if rows else 0


def store_followers(result):
    """Follower entries of a ``/mail/thread/data`` answer (a Store)."""
    followers = list(result.get("mail.followers") or [])
    for thread in result.get("mail.thread") or []:
        for key in ("followers", "recipients"):
            value = thread.get(key)
            if isinstance(value, list):
                followers += [item for item in value if item]
    return followers


def store_threads(result):
    return result.get("mail.thread") or []


# ---------------------------------------------------------------------------
# Fixtures: the demo users, the demo records, and what the demo lacks
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def users(odoo_server):
    logins = (
        "sg_teacher",
        "sg_teacher2",
        "sg_deputy",
        "sg_dsl",
        "sg_director",
        "sg_hr",
        "sg_reception",
    )
    sessions = {login: Session(odoo_server, login) for login in logins}
    sessions["admin"] = Session(odoo_server, "admin", "admin")
    return sessions


@pytest.fixture(scope="module")
def tag():
    return uuid.uuid4().hex[:8]


@pytest.fixture(scope="module")
def demo(users):
    """Ids of the demo school's records, found by the DSL."""
    dsl = users["sg_dsl"]
    pupils = {
        row["name"].split()[0]: row["id"]
        for row in dsl.call(
            "res.partner", "search_read", [("is_pupil", "=", True)], ["name"]
        )
    }
    cases = dsl.call("safeguarding.case", "search_read", [], ["name", "pupil_id"])
    [agency] = dsl.call(
        "res.partner",
        "search",
        [("safeguarding_agency_type", "=", "child_protection")],
        limit=1,
    )
    category = users["sg_teacher"].call(
        "safeguarding.concern.category", "search", [], limit=1
    )
    [company] = dsl.call("res.users", "read", [dsl.uid], ["company_id"])
    return {
        "pupils": pupils,
        "cases": cases,
        "agency": agency,
        "category": category,
        "company": company["company_id"][0],
    }


@pytest.fixture(scope="module")
def second_school(odoo_server, users, tag):
    """A second school with its own deputy DSL, and nothing else."""
    admin = users["admin"]
    # Its deputy signs in with a password over JSON-RPC, which two-factor
    # would stop: like the demo school, it does not require it (the gate has
    # its own tests).
    company = admin.call(
        "res.company",
        "create",
        {"name": f"E2E Second {tag}", "safeguarding_require_2fa": False},
    )
    deputy = new_user(
        odoo_server,
        admin,
        f"e2ea_deputy2_{tag}",
        ["base.group_user", f"{GROUP}team"],
        company,
    )
    return {"company": company, "deputy": deputy}


@pytest.fixture(scope="module")
def subjects(odoo_server, users, demo, tag):
    """A DSL and a director of the demo school who are each the subject of an
    allegation, with a review of each allegation and its improvement actions.
    """
    admin, dsl = users["admin"], users["sg_dsl"]
    found = {}
    for role in ("lead", "director"):
        session = new_user(
            odoo_server,
            admin,
            f"e2ea_{role}_subject_{tag}",
            ["base.group_user", f"{GROUP}{role}"],
            demo["company"],
        )
        employee = admin.call(
            "hr.employee",
            "create",
            {
                "name": f"E2E {role} subject {tag}",
                "user_id": session.uid,
                "company_id": demo["company"],
            },
        )
        allegation = dsl.call(
            "safeguarding.allegation",
            "create",
            {
                "subject_employee_id": employee,
                "subject_role": "director" if role == "director" else "staff",
                "accuser_type": "pupil",
                "description": f"E2E allegation {tag}: shouted at a pupil.",
            },
        )
        [name] = dsl.call("safeguarding.allegation", "read", [allegation], ["name"])
        review = dsl.call(
            "safeguarding.review",
            "create",
            {
                "review_type": "allegation",
                "allegation_id": allegation,
                "what_happened": f"E2E review {tag} of the allegation.",
            },
        )
        actions = [
            dsl.call(
                "safeguarding.review.action",
                "create",
                {
                    "review_id": review,
                    "name": f"E2E action {tag} owned by {owner.login}",
                    "owner_id": owner.uid,
                    "deadline": "2099-12-31",
                },
            )
            for owner in (session, dsl)
        ]
        found[role] = {
            "session": session,
            "employee": employee,
            "allegation": allegation,
            "allegation_name": name["name"],
            "review": review,
            "actions": actions,
        }
    return found


# ---------------------------------------------------------------------------
# The attacks
# ---------------------------------------------------------------------------


def test_01_pupils_with_a_case_or_concern_cannot_be_found_by_outsiders(
    users, demo, second_school
):
    has_case = [("safeguarding_case_ids", "!=", False)]
    domains = [
        has_case,
        [("safeguarding_case_ids", "=", False)],
        [("safeguarding_concern_ids", "!=", False)],
        [("safeguarding_concern_ids", "=", False)],
        [("safeguarding_case_ids", "any", [("risk_level", "=", "high")])],
        [("safeguarding_concern_ids", "any", [("state", "!=", "draft")])],
        [("safeguarding_case_ids.risk_level", "=", "high")],
        [("safeguarding_concern_ids.category_ids", "!=", False)],
        ["!", ("safeguarding_case_ids", "=", False)],
        [("is_pupil", "=", True), ("safeguarding_case_ids", "in", [1, 2, 3])],
    ]
    # The team finds them: the searches are meaningful.
    deputy = users["sg_deputy"]
    with_case = set(deputy.call("res.partner", "search", has_case))
    assert demo["pupils"]["Amir"] in with_case
    assert demo["pupils"]["Dana"] in with_case
    for login in ("sg_teacher", "sg_reception", "sg_hr", "sg_director"):
        client = users[login]
        for domain in domains:
            for model in ("res.partner", "res.users"):
                denied(lambda c=client, d=domain, m=model: c.call(m, "search", d))
            denied(
                lambda c=client, d=domain: c.call(
                    "res.partner", "search_read", d, ["name"]
                )
            )
            denied(lambda c=client, d=domain: c.call("res.partner", "search_count", d))
            denied(
                lambda c=client, d=domain: c.call(
                    "res.partner", "read_group", d, ["is_pupil"], ["is_pupil"]
                )
            )
            denied(
                lambda c=client, d=domain: c.call(
                    "res.partner", "web_search_read", d, {"name": {}}
                )
            )
        denied(
            lambda c=client: c.call(
                "res.users",
                "search_read",
                [("partner_id.safeguarding_case_ids", "!=", False)],
                ["name"],
            )
        )
        denied(
            lambda c=client: c.call(
                "res.partner",
                "search_read",
                [("is_pupil", "=", True)],
                ["name"],
                order="pupil_medical_need_detail",
            )
        )

    # An export of the contacts with a case gives no pupil either: not to a
    # teacher (who may not export at all), not to the administrator (who may
    # export contacts, but is outside the team).
    def export(client, domain):
        return client.post_form(
            "/web/export/csv",
            data=json.dumps(
                {
                    "model": "res.partner",
                    "fields": [{"name": "name", "label": "Name"}],
                    "ids": False,
                    "domain": domain,
                    "import_compat": True,
                }
            ),
        )

    admin = users["admin"]
    status, body = export(admin, [("id", "=", demo["pupils"]["Timur"])])
    assert status == 200 and "Timur" in body, (status, body[:500])
    for client in (users["sg_teacher"], admin):
        status, body = export(client, has_case)
        assert status != 200, (client.login, body[:500])
        assert "Amir" not in body and "Dana" not in body
    assert "AccessError" in body, body[:500]
    # A deputy of another school finds no pupil of the first school.
    other = second_school["deputy"]
    for domain in (
        has_case,
        [("safeguarding_concern_ids", "!=", False)],
        [("safeguarding_case_ids", "any", [("risk_level", "!=", False)])],
        [("safeguarding_case_ids.risk_level", "in", ["low", "medium", "high"])],
    ):
        found = set(other.call("res.partner", "search", domain))
        assert not found & with_case, (domain, found & with_case)
        assert other.call("res.partner", "search_count", domain) == len(found)
    # Employees with vetting checks or allegations cannot be listed by a teacher.
    teacher = users["sg_teacher"]
    for domain in (
        [("safeguarding_check_ids", "!=", False)],
        [("safeguarding_check_ids.result", "!=", False)],
        [("safeguarding_allegation_ids", "!=", False)],
        [("safeguarding_allegation_ids", "=", False)],
    ):
        denied(lambda d=domain: teacher.call("hr.employee", "search_read", d, ["name"]))
        denied(lambda d=domain: teacher.call("hr.employee", "search_count", d))


def partner_of(follower):
    partner = follower.get("partner") or follower.get("partner_id")
    return partner.get("id") if isinstance(partner, dict) else partner


def test_02_reporter_does_not_see_the_teams_work_on_their_concern(users, demo, tag):
    teacher, dsl = users["sg_teacher"], users["sg_dsl"]
    concern = teacher.call(
        "safeguarding.concern",
        "create",
        {
            "pupil_id": demo["pupils"]["Timur"],
            "description": f"E2E {tag}: Timur came in with a swollen eye.",
            "category_ids": [(6, 0, demo["category"])],
            "location_type": "on_site",
        },
    )
    teacher.call("safeguarding.concern", "action_submit", [concern])
    # The DSL logs a note with a file, and sends a message with a file (the
    # chatter's two buttons): both are the team's work.
    posts = {}
    for subtype in ("mail.mt_note", "mail.mt_comment"):
        secret = f"E2E-{subtype}-{tag}: stepfather known to the police"
        file_secret = f"E2E-FILE-{subtype}-{tag}: police record extract"
        message = dsl.call(
            "safeguarding.concern",
            "message_post",
            [concern],
            body=secret,
            message_type="comment",
            subtype_xmlid=subtype,
            attachments=[[f"e2e_{tag}_{subtype}.txt", file_secret]],
        )
        [row] = dsl.call("mail.message", "read", [message], ["attachment_ids", "body"])
        assert secret in row["body"]
        [attachment] = row["attachment_ids"]
        status, body = dsl.get(f"/web/content/{attachment}")
        assert status == 200 and file_secret in body, "the DSL opens the file"
        posts[subtype] = (message, secret, attachment, file_secret)
    # The teacher still reads their concern...
    assert teacher.call("safeguarding.concern", "read", [concern], ["state"])
    # ...but neither post nor file, by any route.
    on_concern = [("model", "=", "safeguarding.concern"), ("res_id", "=", concern)]
    for subtype, (message, secret, attachment, file_secret) in posts.items():
        found = teacher.call("mail.message", "search_read", on_concern, ["body"])
        assert message not in {row["id"] for row in found}, subtype
        assert secret not in json.dumps(found), subtype
        assert teacher.call("mail.message", "search", [("id", "=", message)]) == []
        denied(lambda m=message: teacher.call("mail.message", "read", [m], ["body"]))
        answer = teacher.rpc(
            "/mail/thread/messages",
            thread_model="safeguarding.concern",
            thread_id=concern,
            limit=100,
        )
        assert message not in answer["messages"], subtype
        assert secret not in json.dumps(answer), subtype
        inbox = teacher.rpc("/mail/inbox/messages", limit=100)
        assert message not in inbox["messages"], subtype
        assert secret not in json.dumps(inbox), subtype
        status, body = teacher.get(f"/web/content/{attachment}")
        assert status in (403, 404), (subtype, status)
        assert file_secret not in body
        status, body = teacher.get(f"/web/content/{attachment}", download="true")
        assert status in (403, 404) and file_secret not in body, subtype
        assert teacher.call("ir.attachment", "search", [("id", "=", attachment)]) == []
        denied(
            lambda a=attachment: teacher.call("ir.attachment", "read", [a], ["datas"])
        )
        # No notification of it either.
        assert (
            teacher.call(
                "mail.notification",
                "search_read",
                [("mail_message_id", "=", message)],
                ["res_partner_id"],
            )
            == []
        ), subtype
    data = teacher.rpc(
        "/mail/thread/data",
        thread_model="safeguarding.concern",
        thread_id=concern,
        request_list=["attachments", "followers", "activities"],
    )
    assert f"e2e_{tag}" not in json.dumps(data)
    others = [
        follower
        for follower in store_followers(data)
        if partner_of(follower) != teacher.partner_id
    ]
    assert others == [], others
    # The teacher does not follow the concern...
    followers = dsl.call(
        "mail.followers",
        "search_read",
        [("res_model", "=", "safeguarding.concern"), ("res_id", "=", concern)],
        ["partner_id"],
    )
    assert followers, "the DSL follows the concern"
    assert teacher.partner_id not in {row["partner_id"][0] for row in followers}, (
        "the reporter follows the concern",
        followers,
    )
    assert (
        teacher.call(
            "mail.followers",
            "search",
            [("res_model", "=", "safeguarding.concern"), ("res_id", "=", concern)],
        )
        == []
    )
    # ...and has no notification about it (beyond the delivery status of the
    # messages she wrote herself).
    assert (
        teacher.call(
            "mail.notification",
            "search_read",
            [
                ("mail_message_id.model", "=", "safeguarding.concern"),
                ("mail_message_id.res_id", "=", concern),
                ("mail_message_id.author_id", "!=", teacher.partner_id),
            ],
            ["id"],
        )
        == []
    )


def test_03_dsl_subject_of_an_allegation_sees_no_access_log_about_it(users, subjects):
    dsl = users["sg_dsl"]
    subject = subjects["lead"]
    before = last_audit_id(dsl)
    dsl.call(
        "safeguarding.allegation",
        "web_read",
        [subject["allegation"]],
        specification={"name": {}, "description": {}, "state": {}},
    )
    rows = audit_rows(
        dsl,
        [
            ("id", ">", before),
            ("res_model", "=", "safeguarding.allegation"),
            ("reference", "ilike", subject["allegation_name"]),
        ],
    )
    assert rows, "the DSL's opening is logged"
    log_ids = [row["id"] for row in rows]
    other = subject["session"]
    # The subject is a DSL: the access log is theirs to read, but not these rows.
    assert other.call("safeguarding.audit.log", "search_count", []) > 0
    for domain in (
        [("id", "in", log_ids)],
        [("reference", "ilike", subject["allegation_name"])],
        [("res_model", "=", "safeguarding.allegation")],
        [("subject_user_ids", "in", [other.uid])],
    ):
        found = other.call("safeguarding.audit.log", "search_read", domain, ["id"])
        assert not {row["id"] for row in found} & set(log_ids), domain
    found = other.call(
        "safeguarding.audit.log", "search_read", [], ["reference"], limit=500
    )
    assert subject["allegation_name"] not in json.dumps(found)
    groups = other.call(
        "safeguarding.audit.log", "read_group", [], ["reference"], ["reference"]
    )
    assert subject["allegation_name"] not in json.dumps(groups)
    denied(lambda: other.call("safeguarding.audit.log", "read", log_ids, ["reference"]))


def test_04_subject_dsl_or_director_sees_none_of_the_allegations_followers(
    users, subjects
):
    dsl = users["sg_dsl"]
    for role in ("lead", "director"):
        subject = subjects[role]
        other = subject["session"]
        for model, res_id in (
            ("safeguarding.allegation", subject["allegation"]),
            ("safeguarding.review", subject["review"]),
        ):
            on_record = [("res_model", "=", model), ("res_id", "=", res_id)]
            follower_ids = dsl.call("mail.followers", "search", on_record)
            if model == "safeguarding.allegation":
                assert follower_ids, "the allegation has followers (the DSL)"
            assert (
                other.call("mail.followers", "search_read", on_record, ["partner_id"])
                == []
            ), (role, model)
            assert other.call("mail.followers", "search_count", on_record) == 0
            if follower_ids:
                denied(
                    lambda o=other, ids=follower_ids: o.call(
                        "mail.followers", "read", ids, ["partner_id"]
                    )
                )
            try:
                data = other.rpc(
                    "/mail/thread/data",
                    thread_model=model,
                    thread_id=res_id,
                    request_list=["followers", "attachments", "activities"],
                )
            except RpcError as error:
                assert error.name in (ACCESS_ERROR, "werkzeug.exceptions.NotFound")
                continue
            assert store_followers(data) == [], (role, model, data)
            for thread in store_threads(data):
                assert not thread.get("hasReadAccess"), thread
                assert not thread.get("followersCount"), thread
            assert subject["allegation_name"] not in json.dumps(data)


def test_05_subject_cannot_read_edit_or_close_the_improvement_actions(users, subjects):
    for role in ("lead", "director"):
        subject = subjects[role]
        other = subject["session"]
        actions = subject["actions"]
        assert (
            users["sg_dsl"].call(REVIEW_ACTION, "search", [("id", "in", actions)]) != []
        ), "the DSL sees them"
        assert other.call(REVIEW_ACTION, "search", [("id", "in", actions)]) == []
        assert (
            other.call(REVIEW_ACTION, "search", [("review_id", "=", subject["review"])])
            == []
        )
        assert (
            other.call(
                REVIEW_ACTION,
                "search_count",
                [("review_id.allegation_id", "=", subject["allegation"])],
            )
            == 0
        )
        for action in actions:
            denied(
                lambda o=other, a=action: o.call(REVIEW_ACTION, "read", [a], ["name"])
            )
            denied(
                lambda o=other, a=action: o.call(
                    REVIEW_ACTION, "web_read", [a], specification={"name": {}}
                )
            )
            denied(
                lambda o=other, a=action: o.call(
                    REVIEW_ACTION, "write", [a], {"done_note": "Done, nothing to see."}
                )
            )
            denied(lambda o=other, a=action: o.call(REVIEW_ACTION, "action_done", [a]))
        denied(
            lambda o=other, r=subject["review"]: o.call(
                "safeguarding.review", "read", [r], ["action_ids"]
            )
        )
        [after] = users["sg_dsl"].call(
            REVIEW_ACTION, "read", actions[:1], ["state", "done_note"]
        )
        assert after["state"] == "open" and not after["done_note"]


def annual_allegation_count(client, company):
    wizard = client.call(
        "safeguarding.annual.report.wizard",
        "create",
        {"company_id": company, **WHOLE_PERIOD},
    )
    action = client.call("safeguarding.annual.report.wizard", "action_print", [wizard])
    assert action["report_name"] == ANNUAL
    options = action.get("data") or {"company_id": company, **WHOLE_PERIOD}
    status, html = client.get(
        f"/report/html/{ANNUAL}/{wizard}", options=json.dumps(options)
    )
    assert status == 200, html[:500]
    counts = re.findall(r"Allegations against adults:\s*<span[^>]*>(\d+)</span>", html)
    assert len(counts) == 1, html[:2000]
    return int(counts[0])


def test_06_annual_report_of_a_subject_director_leaves_their_allegation_out(
    users, demo, subjects
):
    director = users["sg_director"]
    subject = subjects["director"]["session"]
    full = annual_allegation_count(director, demo["company"])
    assert full >= 3, "the demo allegation and the two of this run"
    assert annual_allegation_count(subject, demo["company"]) == full - 1


def test_07_concern_raised_as_allegation_leaves_the_deputy(users, demo, tag):
    admin, teacher = users["admin"], users["sg_teacher"]
    dsl, deputy, director = users["sg_dsl"], users["sg_deputy"], users["sg_director"]
    employee = admin.call(
        "hr.employee",
        "create",
        {"name": f"E2E caretaker {tag}", "company_id": demo["company"]},
    )
    concern = teacher.call(
        "safeguarding.concern",
        "create",
        {
            "subject_type": "adult",
            "subject_employee_id": employee,
            "description": f"E2E {tag}: the caretaker locked a pupil in a store room.",
            "category_ids": [(6, 0, demo["category"])],
            "location_type": "on_site",
        },
    )
    teacher.call("safeguarding.concern", "action_submit", [concern])
    assert deputy.call("safeguarding.concern", "read", [concern], ["description"])
    dsl.call("safeguarding.concern", "action_raise_allegation", [concern])
    denied(lambda: deputy.call("safeguarding.concern", "read", [concern], ["name"]))
    denied(
        lambda: deputy.call(
            "safeguarding.concern", "web_read", [concern], specification={"name": {}}
        )
    )
    assert deputy.call("safeguarding.concern", "search", [("id", "=", concern)]) == []
    [seen] = director.call("safeguarding.concern", "read", [concern], ["description"])
    assert tag in seen["description"]


def test_08_deputy_of_another_school_sees_no_followers_of_the_first(
    users, demo, second_school
):
    deputy, other = users["sg_deputy"], second_school["deputy"]
    models = ["safeguarding.concern", "safeguarding.case"]
    first = deputy.call(
        "mail.followers",
        "search_read",
        [("res_model", "in", models)],
        ["res_model", "res_id"],
    )
    assert first, "the first school's concerns and cases have followers"
    first_ids = {row["id"] for row in first}
    found = other.call(
        "mail.followers", "search_read", [("res_model", "in", models)], ["res_id"]
    )
    assert not {row["id"] for row in found} & first_ids
    assert not set(other.call("mail.followers", "search", [])) & first_ids
    denied(lambda: other.call("mail.followers", "read", sorted(first_ids)[:5]))
    case = demo["cases"][0]["id"]
    try:
        data = other.rpc(
            "/mail/thread/data",
            thread_model="safeguarding.case",
            thread_id=case,
            request_list=["followers"],
        )
    except RpcError as error:
        assert error.name in (ACCESS_ERROR, "werkzeug.exceptions.NotFound")
    else:
        assert store_followers(data) == [], data
        for thread in store_threads(data):
            assert not thread.get("hasReadAccess") and not thread.get("followersCount")


def test_10_deputy_of_another_school_reads_no_medical_detail(
    users, demo, second_school
):
    dana = demo["pupils"]["Dana"]
    deputy, other = users["sg_deputy"], second_school["deputy"]
    assert dana in {case["pupil_id"][0] for case in demo["cases"]}
    [own] = deputy.call("res.partner", "read", [dana], ["pupil_medical_need_detail"])
    assert "insulin" in (own["pupil_medical_need_detail"] or ""), "own school sees it"
    [read] = other.call("res.partner", "read", [dana], ["pupil_medical_need_detail"])
    assert read["pupil_medical_need_detail"] is False
    denied(
        lambda: other.call("res.partner", "read", [dana], ["pupil_medical_need_note"])
    )
    [listed] = other.call(
        "res.partner", "search_read", [("id", "=", dana)], ["pupil_medical_need_detail"]
    )
    assert listed["pupil_medical_need_detail"] is False
    assert "insulin" not in json.dumps(listed)
    [opened] = other.call(
        "res.partner",
        "web_read",
        [dana],
        specification={"pupil_medical_need_detail": {}, "display_name": {}},
    )
    assert opened["pupil_medical_need_detail"] is False
    with pytest.raises(RpcError):
        other.call(
            "res.partner", "search", [("pupil_medical_need_detail", "ilike", "insulin")]
        )
    denied(
        lambda: other.call(
            "res.partner", "write", [dana], {"pupil_medical_need_detail": "Overwritten"}
        )
    )
    [still] = deputy.call("res.partner", "read", [dana], ["pupil_medical_need_detail"])
    assert "insulin" in still["pupil_medical_need_detail"]


def test_11_reads_and_prints_of_a_case_are_logged(users, demo, tag):
    dsl, deputy = users["sg_dsl"], users["sg_deputy"]
    cases = [
        dsl.call("safeguarding.case", "create", {"pupil_id": demo["pupils"][name]})
        for name in ("Timur", "Arman")
    ]
    names = {
        row["id"]: row["name"]
        for row in dsl.call("safeguarding.case", "read", cases, ["name"])
    }
    first = cases[0]
    spec = {"name": {}, "risk_level": {}}
    paths = {
        "read": lambda: deputy.call(
            "safeguarding.case", "read", [first], ["name", "risk_level"]
        ),
        "search_read": lambda: deputy.call(
            "safeguarding.case",
            "search_read",
            [("id", "=", first)],
            ["name", "risk_level"],
        ),
        "web_read of several": lambda: deputy.call(
            "safeguarding.case", "web_read", cases, specification=spec
        ),
        "web_read with a listing context": lambda: deputy.call(
            "safeguarding.case",
            "web_read",
            [first],
            specification=spec,
            context={"safeguarding_listing": True},
        ),
        "web_search_read": lambda: deputy.call(
            "safeguarding.case",
            "web_search_read",
            [("id", "in", cases)],
            specification=spec,
        ),
    }
    read_ids = {
        "read": [first],
        "search_read": [first],
        "web_read of several": cases,
        "web_read with a listing context": [first],
        "web_search_read": cases,
    }
    for path, call in paths.items():
        before = last_audit_id(dsl)
        call()
        rows = audit_rows(
            dsl,
            [
                ("id", ">", before),
                ("user_id", "=", deputy.uid),
                ("res_model", "=", "safeguarding.case"),
            ],
        )
        assert len(rows) == 1, (path, rows)
        assert rows[0]["event"] in ("open", "read", "list"), (path, rows)
        assert rows[0]["record_count"] == len(read_ids[path]), (path, rows)
        for case in read_ids[path]:
            assert names[case] in rows[0]["reference"], (path, rows)
    # The chronology is printed only after the disclosure is recorded.
    status, body = dsl.get(f"/report/html/{CHRONOLOGY}/{first}")
    assert status != 200, body[:500]
    assert "Chronology of" not in body
    assert not audit_rows(
        dsl, [("event", "=", "print"), ("reference", "=", names[first])]
    )
    dsl.call(
        "safeguarding.disclosure",
        "create",
        {
            "case_id": first,
            "agency_id": demo["agency"],
            "information": f"E2E {tag}: chronology for the assessment",
            "channel": "email",
            "legal_basis": "agency_request",
        },
    )
    before = last_audit_id(dsl)
    status, body = dsl.get(f"/report/html/{CHRONOLOGY}/{first}")
    assert status == 200, body[:500]
    assert "Chronology of" in body and names[first] in body
    prints = audit_rows(
        dsl, [("id", ">", before), ("event", "=", "print"), ("user_id", "=", dsl.uid)]
    )
    assert [row["reference"] for row in prints] == [names[first]]


def test_13_settings_administrator_cannot_follow_a_case_by_hand(
    odoo_server, users, demo, tag
):
    admin = users["admin"]
    settings = new_user(
        odoo_server,
        admin,
        f"e2ea_settings_{tag}",
        ["base.group_user", "base.group_system"],
        demo["company"],
    )
    case = demo["cases"][0]["id"]
    for client in (settings, admin):
        denied(
            lambda c=client: c.call(
                "mail.followers",
                "create",
                {
                    "res_model": "safeguarding.case",
                    "res_id": case,
                    "partner_id": c.partner_id,
                },
            )
        )
        denied(
            lambda c=client: c.call(
                "safeguarding.case",
                "message_subscribe",
                [case],
                partner_ids=[c.partner_id],
            )
        )
    followers = users["sg_dsl"].call(
        "mail.followers",
        "search_read",
        [("res_model", "=", "safeguarding.case"), ("res_id", "=", case)],
        ["partner_id"],
    )
    partners = {row["partner_id"][0] for row in followers}
    assert not partners & {settings.partner_id, admin.partner_id}


def test_13b_settings_administrator_cannot_move_a_follower_row_onto_a_case(
    odoo_server, users, demo, tag
):
    """Item 13 by another call: rewrite one's own follower row of a contact."""
    admin, dsl = users["admin"], users["sg_dsl"]
    settings = new_user(
        odoo_server,
        admin,
        f"e2ea_settings_b_{tag}",
        ["base.group_user", "base.group_system"],
        demo["company"],
    )
    case = demo["cases"][-1]["id"]
    settings.call(
        "res.partner",
        "message_subscribe",
        [settings.partner_id],
        partner_ids=[settings.partner_id],
    )
    [row] = settings.call(
        "mail.followers",
        "search",
        [
            ("res_model", "=", "res.partner"),
            ("res_id", "=", settings.partner_id),
            ("partner_id", "=", settings.partner_id),
        ],
    )
    denied(
        lambda: settings.call(
            "mail.followers",
            "write",
            [row],
            {"res_model": "safeguarding.case", "res_id": case},
        ),
        names=(ACCESS_ERROR, "odoo.exceptions.UserError"),
    )
    followers = dsl.call(
        "mail.followers",
        "search_read",
        [("res_model", "=", "safeguarding.case"), ("res_id", "=", case)],
        ["partner_id"],
    )
    assert settings.partner_id not in {f["partner_id"][0] for f in followers}
    message = dsl.call(
        "safeguarding.case",
        "message_post",
        [case],
        body=f"E2E {tag}: the stepfather has been arrested.",
        message_type="comment",
        subtype_xmlid="mail.mt_comment",
    )
    denied(lambda: settings.call("mail.message", "read", [message], ["body"]))


def test_14_teacher_cannot_read_others_notifications_about_improvement_actions(
    users, tag
):
    dsl, director, teacher = users["sg_dsl"], users["sg_director"], users["sg_teacher"]
    [action] = dsl.call(
        REVIEW_ACTION, "search", [("owner_id", "=", director.uid)], limit=1
    )
    message = dsl.call(
        REVIEW_ACTION,
        "message_post",
        [action],
        body=f"E2E {tag}: the latch supplier is the caretaker's cousin.",
        message_type="comment",
        subtype_xmlid="mail.mt_comment",
        partner_ids=[director.partner_id],
    )
    notified = dsl.call(
        "mail.notification",
        "search_read",
        [("mail_message_id", "=", message)],
        ["res_partner_id"],
    )
    assert director.partner_id in {row["res_partner_id"][0] for row in notified}
    on_actions = [("mail_message_id.model", "=", REVIEW_ACTION)]
    for domain in (
        [("mail_message_id", "=", message)],
        on_actions,
        [*on_actions, ("res_partner_id", "=", director.partner_id)],
        [*on_actions, ("res_partner_id", "!=", teacher.partner_id)],
    ):
        rows = teacher.call(
            "mail.notification", "search_read", domain, ["res_partner_id"]
        )
        assert not {row["id"] for row in rows} & {row["id"] for row in notified}
        assert all(
            row["res_partner_id"] and row["res_partner_id"][0] == teacher.partner_id
            for row in rows
        ), rows
    denied(
        lambda: teacher.call(
            "mail.notification", "read", [row["id"] for row in notified]
        )
    )
    assert teacher.call("mail.message", "search", [("id", "=", message)]) == []


# ---------------------------------------------------------------------------
# Actions given to a colleague: the instruction, never the case
# ---------------------------------------------------------------------------

ACTION = "safeguarding.action"
WIZARD = "safeguarding.action.wizard"
ACTION_FIELDS = ["name", "deadline", "state", "user_id", "outcome"]


@pytest.fixture(scope="module")
def given_action(odoo_server, users, demo, tag):
    """An action the DSL gives sg_teacher on an open case of the demo school,
    and one given to a teacher who may export data.
    """
    admin, dsl = users["admin"], users["sg_dsl"]
    [case] = dsl.call(
        "safeguarding.case",
        "search",
        [
            ("id", "in", [case["id"] for case in demo["cases"]]),
            ("state", "!=", "closed"),
        ],
        limit=1,
    )
    exporter = new_user(
        odoo_server,
        admin,
        f"e2ea_exporter_{tag}",
        ["base.group_user", "base.group_allow_export"],
        demo["company"],
    )
    actions = {}
    for login, session in (("sg_teacher", users["sg_teacher"]), ("exporter", exporter)):
        actions[login] = dsl.call(
            ACTION,
            "create",
            {
                "case_id": case,
                "name": f"E2E {tag}: sit with the child at lunch and tell me.",
                "user_id": session.uid,
                "deadline": "2099-12-01",
            },
        )
    [case_name] = dsl.call("safeguarding.case", "read", [case], ["name"])
    return {
        "id": actions["sg_teacher"],
        "exporter": exporter,
        "exporter_action": actions["exporter"],
        "case": case,
        "case_name": case_name["name"],
    }


def action_as_given(dsl, action, tag):
    """The DSL re-reads the action: still as given, open and unanswered."""
    [row] = dsl.call(ACTION, "read", [action], [*ACTION_FIELDS, "case_id"])
    assert row["name"] == f"E2E {tag}: sit with the child at lunch and tell me."
    assert row["deadline"] == "2099-12-01"
    assert row["state"] == "open" and not row["outcome"]
    return row


def test_15_assignee_reads_the_instruction_never_the_case(users, given_action, tag):
    teacher = users["sg_teacher"]
    action, case = given_action["id"], given_action["case"]
    [row] = teacher.call(ACTION, "read", [action], ["name", "deadline", "state"])
    assert tag in row["name"] and row["deadline"] == "2099-12-01"
    assert row["state"] == "open"
    assert "case_id" not in teacher.call(ACTION, "fields_get", attributes=["type"])
    on_case = [("case_id", "=", case)]
    refused = {
        "read": lambda: teacher.call(ACTION, "read", [action], ["name", "case_id"]),
        "search_read": lambda: teacher.call(
            ACTION, "search_read", [("id", "=", action)], ["name", "case_id"]
        ),
        "web_read": lambda: teacher.call(
            ACTION,
            "web_read",
            [action],
            specification={"name": {}, "case_id": {"fields": {"display_name": {}}}},
        ),
        "web_search_read": lambda: teacher.call(
            ACTION,
            "web_search_read",
            [("id", "=", action)],
            specification={"case_id": {}},
        ),
        "search on the case": lambda: teacher.call(ACTION, "search", on_case),
        "search on the case's child": lambda: teacher.call(
            ACTION, "search", [("case_id.pupil_id", "!=", False)]
        ),
        "count on the case": lambda: teacher.call(ACTION, "search_count", on_case),
        "read_group by case": lambda: teacher.call(
            ACTION, "read_group", [], ["case_id"], ["case_id"]
        ),
        "web_read_group by case": lambda: teacher.call(
            ACTION, "web_read_group", [], ["case_id"], ["case_id"]
        ),
        "the case itself": lambda: teacher.call(
            "safeguarding.case", "read", [case], ["name"]
        ),
    }
    for path, call in refused.items():
        error = denied(call)
        assert given_action["case_name"] not in str(error), path
    # Export, for a colleague allowed to export data.
    exporter = given_action["exporter"]
    mine = given_action["exporter_action"]
    assert exporter.call(ACTION, "export_data", [mine], ["name"])["datas"]
    for fields in (["case_id"], ["case_id/name"], ["case_id/pupil_id/name"]):
        denied(lambda f=fields: exporter.call(ACTION, "export_data", [mine], f))


def test_16_assignee_cannot_rewrite_delete_or_create_an_action(
    users, demo, given_action, tag
):
    teacher, dsl = users["sg_teacher"], users["sg_dsl"]
    action, case = given_action["id"], given_action["case"]
    other_case = next(c["id"] for c in demo["cases"] if c["id"] != case)
    for values in (
        {"name": "Nothing to do."},
        {"deadline": "2099-12-31"},
        {"user_id": users["sg_teacher2"].uid},
    ):
        denied(lambda v=values: teacher.call(ACTION, "write", [action], v))
    user_error = ("odoo.exceptions.UserError",)
    for values in (
        {"case_id": other_case},
        {"state": "done"},
        {"outcome": "Done, nothing to report."},
    ):
        denied(lambda v=values: teacher.call(ACTION, "write", [action], v), user_error)
    denied(lambda: teacher.call(ACTION, "unlink", [action]))
    denied(lambda: teacher.call(ACTION, "action_cancel", [action], "Not mine."))
    denied(
        lambda: teacher.call(
            ACTION,
            "create",
            {
                "case_id": case,
                "name": f"E2E {tag}: an action of my own.",
                "user_id": teacher.uid,
                "deadline": "2099-12-01",
            },
        )
    )
    row = action_as_given(dsl, action, tag)
    assert row["user_id"][0] == teacher.uid and row["case_id"][0] == case
    assert (
        dsl.call(
            ACTION,
            "search",
            [("case_id", "=", case), ("name", "ilike", "an action of my own")],
        )
        == []
    )


def test_17_nobody_else_finds_or_finishes_a_colleagues_action(
    users, given_action, second_school, tag
):
    dsl, teacher2 = users["sg_dsl"], users["sg_teacher2"]
    action = given_action["id"]
    assert dsl.call(ACTION, "search", [("id", "=", action)]) == [action]
    mine = [("id", "=", action)]
    outsiders = [users[login] for login in ("sg_teacher2", "sg_hr", "sg_reception")]
    for other in (*outsiders, second_school["deputy"]):
        assert other.call(ACTION, "search", mine) == [], other.login
        assert action not in other.call(ACTION, "search", []), other.login
        assert other.call(ACTION, "search_count", mine) == 0, other.login
        found = other.call(ACTION, "search_read", [], ["name"])
        assert action not in {row["id"] for row in found}, other.login
        assert tag not in json.dumps(found), other.login
        groups = other.call(ACTION, "read_group", mine, ["name"], ["name"])
        assert groups == [], other.login
        denied(lambda o=other: o.call(ACTION, "read", [action], ["name"]))
        denied(
            lambda o=other: o.call(
                ACTION, "web_read", [action], specification={"name": {}}
            )
        )
        denied(lambda o=other: o.call(ACTION, "action_done", [action], "Done."))
        denied(lambda o=other: o.call(ACTION, "action_open_done_wizard", [action]))
    # Nor through the wizard that finishes actions: the action given to
    # someone else is not in it, and nothing is marked done.
    wizard = teacher2.call(
        WIZARD,
        "create",
        {"action_ids": [(6, 0, [action])], "mode": "done", "note": "Done for her."},
    )
    [row] = teacher2.call(WIZARD, "read", [wizard], ["action_ids"])
    assert row["action_ids"] == []
    teacher2.call(WIZARD, "action_confirm", [wizard])
    # The assignee does not cancel it through the wizard either.
    teacher = users["sg_teacher"]
    wizard = teacher.call(
        WIZARD,
        "create",
        {"action_ids": [(6, 0, [action])], "mode": "cancel", "note": "Not mine."},
    )
    denied(lambda: teacher.call(WIZARD, "action_confirm", [wizard]))
    action_as_given(dsl, action, tag)


# ---------------------------------------------------------------------------
# Transfer of a child's file to another school of the group
# ---------------------------------------------------------------------------

TRANSFER = "safeguarding.transfer"
NOT_FOUND = (403, 404)


def download(session, path, **query):
    """The raw bytes of a download (``Session.get`` decodes text)."""
    url = session.url + path
    if query:
        url += "?" + urllib.parse.urlencode(query)
    return session._open(urllib.request.Request(url))


@pytest.fixture(scope="module")
def sealing_server(odoo_server, tmp_path_factory):
    """The server the DSL sends a transfer from.

    Sending seals the chronology printed to PDF by wkhtmltopdf. Where it is
    not installed, a second server on the same database runs in test mode,
    where Odoo renders the report as HTML (as in the addon's own tests); every
    other call goes to the ordinary server.
    """
    if shutil.which("wkhtmltopdf"):
        yield odoo_server
        return
    port = free_port()
    log_path = tmp_path_factory.mktemp("sealing_server") / "server.log"
    command = odoo_command(
        "--db-filter",
        f"^{odoo_server['database']}$",
        "--http-interface",
        "127.0.0.1",
        "--http-port",
        str(port),
        "--max-cron-threads",
        "0",
        "--workers",
        "0",
        "--test-enable",
        "--logfile",
        str(log_path),
    )
    with serving(command, port) as url:
        yield {**odoo_server, "url": url, "log": log_path}


@pytest.fixture(scope="module")
def draft_transfer(odoo_server, users, demo, second_school, tag):
    """A case of the demo school, with a chronology entry and a file, whose
    transfer to the second school (given a DSL) the DSL prepares.
    """
    admin, dsl = users["admin"], users["sg_dsl"]
    school = second_school["company"]
    lead = new_user(
        odoo_server,
        admin,
        f"e2ea_lead2_{tag}",
        ["base.group_user", f"{GROUP}lead"],
        school,
    )
    admin.call("res.company", "write", [school], {"safeguarding_lead_id": lead.uid})
    case = dsl.call(
        "safeguarding.case", "create", {"pupil_id": demo["pupils"]["Timur"]}
    )
    secret = f"E2E {tag}: the uncle waits at the gate every evening."
    entry = dsl.call(
        "safeguarding.case.log",
        "create",
        {"case_id": case, "kind": "contact", "summary": secret},
    )
    file_secret = f"E2E {tag}: notes of the home visit."
    message = dsl.call(
        "safeguarding.case",
        "message_post",
        [case],
        body=f"E2E {tag}: home visit.",
        message_type="comment",
        subtype_xmlid="mail.mt_note",
        attachments=[[f"e2e_{tag}_visit.txt", file_secret]],
    )
    [row] = dsl.call("mail.message", "read", [message], ["attachment_ids"])
    [attachment] = row["attachment_ids"]
    reason = f"E2E {tag}: the family moves to another district."
    transfer = dsl.call(
        TRANSFER,
        "create",
        {"case_id": case, "target_school": str(school), "reason": reason},
    )
    [name] = dsl.call(TRANSFER, "read", [transfer], ["name"])
    return {
        "id": transfer,
        "name": name["name"],
        "reason": reason,
        "case": case,
        "entry": entry,
        "secret": secret,
        "attachment": attachment,
        "file_secret": file_secret,
        "lead": lead,
    }


def transfer_as_sent(dsl, draft_transfer, state):
    """The DSL re-reads the transfer: in ``state``, as prepared."""
    [row] = dsl.call(
        TRANSFER,
        "read",
        [draft_transfer["id"]],
        ["state", "reason", "seal", "seal_intact", "sealed_attachment_id", "case_id"],
    )
    assert row["state"] == state
    assert row["reason"] == draft_transfer["reason"]
    assert row["case_id"][0] == draft_transfer["case"]
    return row


def test_18_draft_transfer_is_seen_by_the_sending_team_only(
    users, draft_transfer, second_school
):
    transfer = draft_transfer["id"]
    mine = [("id", "=", transfer)]
    [row] = users["sg_deputy"].call(TRANSFER, "read", [transfer], ["name", "state"])
    assert row["state"] == "draft", "the sending school's team reads the draft"
    # The receiving school: nothing before it is sent.
    for other in (second_school["deputy"], draft_transfer["lead"]):
        assert other.call(TRANSFER, "search", mine) == [], other.login
        assert other.call(TRANSFER, "search_count", []) == 0, other.login
        assert other.call(TRANSFER, "name_search", draft_transfer["name"]) == []
        denied(lambda o=other: o.call(TRANSFER, "read", [transfer], ["name"]))
        denied(
            lambda o=other: o.call(
                TRANSFER, "web_read", [transfer], specification={"pupil_id": {}}
            )
        )
        denied(lambda o=other: o.call(TRANSFER, "action_confirm_receipt", [transfer]))
        denied(lambda o=other: o.call(TRANSFER, "action_send", [transfer]))
    # The sending school's staff outside the team, the director included.
    logins = ("sg_teacher", "sg_teacher2", "sg_hr", "sg_reception", "sg_director")
    for other in (users[login] for login in logins):
        denied(lambda o=other: o.call(TRANSFER, "read", [transfer], ["name"]))
        denied(lambda o=other: o.call(TRANSFER, "search", mine))
        denied(lambda o=other: o.call(TRANSFER, "search_read", [], ["reason"]))
        denied(lambda o=other: o.call(TRANSFER, "action_send", [transfer]))
        denied(lambda o=other: o.call(TRANSFER, "action_download", [transfer]))
    # A teacher changes nothing of it.
    teacher = users["sg_teacher"]
    user_error = ("odoo.exceptions.UserError",)
    for values in ({"state": "sent"}, {"seal": "0" * 64}):
        denied(
            lambda v=values: teacher.call(TRANSFER, "write", [transfer], v), user_error
        )
    denied(lambda: teacher.call(TRANSFER, "write", [transfer], {"reason": "None."}))
    denied(lambda: teacher.call(TRANSFER, "unlink", [transfer]))
    row = transfer_as_sent(users["sg_dsl"], draft_transfer, "draft")
    assert not row["seal"] and not row["sealed_attachment_id"]


def test_19_receiving_school_reads_the_sent_transfer_not_the_sending_case(
    users, sealing_server, draft_transfer, second_school
):
    dsl = users["sg_dsl"]
    transfer, case = draft_transfer["id"], draft_transfer["case"]
    Session(sealing_server, "sg_dsl").call(TRANSFER, "action_send", [transfer])
    sent = transfer_as_sent(dsl, draft_transfer, "sent")
    assert sent["seal"] and sent["seal_intact"]
    for other in (second_school["deputy"], draft_transfer["lead"]):
        # The transfer, now sent, is theirs to read...
        [row] = other.call(TRANSFER, "read", [transfer], ["name", "seal", "pupil_id"])
        assert row["seal"] == sent["seal"]
        assert other.call(TRANSFER, "search", [("id", "=", transfer)]) == [transfer]
        # ...the sending case, its chronology and its files are not.
        denied(
            lambda o=other: o.call(
                TRANSFER,
                "web_read",
                [transfer],
                specification={"case_id": {"fields": {"risk_level": {}}}},
            )
        )
        denied(lambda o=other: o.call("safeguarding.case", "read", [case], ["name"]))
        assert other.call("safeguarding.case", "search", [("id", "=", case)]) == []
        assert other.call("safeguarding.case", "search_count", [("id", "=", case)]) == 0
        entries = [("case_id", "=", case)]
        assert other.call("safeguarding.case.log", "search", entries) == []
        found = other.call(
            "safeguarding.case.log",
            "search_read",
            [("summary", "ilike", draft_transfer["secret"])],
            ["summary"],
        )
        assert found == [], other.login
        denied(
            lambda o=other: o.call(
                "safeguarding.case.log", "read", [draft_transfer["entry"]], ["summary"]
            )
        )
        status, body = other.get(f"/report/html/{CHRONOLOGY}/{case}")
        assert status != 200 and draft_transfer["secret"] not in body, other.login
        attachment = draft_transfer["attachment"]
        for path, query in (
            (f"/web/content/{attachment}", {}),
            (f"/web/content/{attachment}", {"download": "true"}),
            (
                "/web/content",
                {"model": "ir.attachment", "id": attachment, "download": "true"},
            ),
        ):
            status, body = other.get(path, **query)
            assert status in NOT_FOUND, (other.login, path, query, status)
            assert draft_transfer["file_secret"] not in body
        on_case = [("res_model", "=", "safeguarding.case"), ("res_id", "=", case)]
        assert other.call("ir.attachment", "search", on_case) == []
        denied(
            lambda o=other, a=attachment: o.call(
                "ir.attachment", "read", [a], ["datas"]
            )
        )
    # The sealed file downloads for the sending team only.
    sealed = sent["sealed_attachment_id"][0]
    status, raw = download(dsl, f"/web/content/{sealed}", download="true")
    assert status == 200 and hashlib.sha256(raw).hexdigest() == sent["seal"]
    assert draft_transfer["secret"].encode() in raw
    logins = ("sg_teacher", "sg_teacher2", "sg_hr", "sg_reception", "sg_director")
    for other in (users[login] for login in logins):
        for path, query in (
            (f"/web/content/{sealed}", {"download": "true"}),
            (
                "/web/content",
                {"model": "ir.attachment", "id": sealed, "download": "true"},
            ),
        ):
            status, raw = download(other, path, **query)
            assert status in NOT_FOUND, (other.login, path, query, status)
            assert hashlib.sha256(raw).hexdigest() != sent["seal"]
            assert draft_transfer["secret"].encode() not in raw
        denied(lambda o=other: o.call("ir.attachment", "read", [sealed], ["datas"]))
        denied(lambda o=other: o.call(TRANSFER, "action_download", [transfer]))
    # Nobody changes or deletes a sent transfer, nor replaces its sealed file.
    teacher = users["sg_teacher"]
    user_error = ("odoo.exceptions.UserError",)
    for values in ({"state": "received"}, {"seal": "0" * 64}):
        denied(
            lambda v=values: teacher.call(TRANSFER, "write", [transfer], v), user_error
        )
    denied(lambda: teacher.call(TRANSFER, "unlink", [transfer]))
    for other in (dsl, second_school["deputy"]):
        denied(
            lambda o=other: o.call(TRANSFER, "write", [transfer], {"reason": "None."}),
            user_error,
        )
        denied(lambda o=other: o.call(TRANSFER, "unlink", [transfer]))
        denied(
            lambda o=other: o.call(
                "ir.attachment", "write", [sealed], {"raw": "A forged chronology."}
            )
        )
        denied(lambda o=other: o.call("ir.attachment", "unlink", [sealed]))
    after = transfer_as_sent(dsl, draft_transfer, "sent")
    assert after["seal"] == sent["seal"] and after["seal_intact"]
    assert after["sealed_attachment_id"] == sent["sealed_attachment_id"]


def test_20_withdrawn_transfer_leaves_the_receiving_school(
    users, draft_transfer, second_school
):
    dsl = users["sg_dsl"]
    transfer = draft_transfer["id"]
    sent = transfer_as_sent(dsl, draft_transfer, "sent")
    sealed = sent["sealed_attachment_id"][0]
    receiving = (second_school["deputy"], draft_transfer["lead"])
    # The receiving school may not withdraw it, even through the form.
    for other in receiving:
        denied(lambda o=other: o.call(TRANSFER, "action_withdraw", [transfer]))
        form = other.call(
            "safeguarding.transfer.withdraw.wizard",
            "create",
            {"transfer_id": transfer, "reason": "Not ours to withdraw."},
        )
        denied(
            lambda o=other, f=form: o.call(
                "safeguarding.transfer.withdraw.wizard", "action_confirm", [f]
            )
        )
    transfer_as_sent(dsl, draft_transfer, "sent")
    # The sending DSL withdraws it, saying why.
    form = dsl.call(
        "safeguarding.transfer.withdraw.wizard",
        "create",
        {"transfer_id": transfer, "reason": "The family stays after all."},
    )
    dsl.call("safeguarding.transfer.withdraw.wizard", "action_confirm", [form])
    withdrawn = transfer_as_sent(dsl, draft_transfer, "withdrawn")
    assert withdrawn["seal"] == sent["seal"] and withdrawn["seal_intact"]
    # The receiving school no longer finds, reads or downloads any of it.
    for other in receiving:
        assert other.call(TRANSFER, "search", [("id", "=", transfer)]) == []
        assert other.call(TRANSFER, "search_count", []) == 0
        denied(lambda o=other: o.call(TRANSFER, "read", [transfer], ["name"]))
        denied(lambda o=other: o.call(TRANSFER, "action_confirm_receipt", [transfer]))
        denied(lambda o=other: o.call("ir.attachment", "read", [sealed], ["datas"]))
        for path, query in (
            (f"/web/content/{sealed}", {"download": "true"}),
            (
                "/web/content",
                {"model": "ir.attachment", "id": sealed, "download": "true"},
            ),
        ):
            status, raw = download(other, path, **query)
            assert status in NOT_FOUND, (other.login, path, query, status)
            assert draft_transfer["secret"].encode() not in raw
    # The sending school keeps the sealed file.
    status, raw = download(dsl, f"/web/content/{sealed}", download="true")
    assert status == 200 and hashlib.sha256(raw).hexdigest() == sent["seal"]
