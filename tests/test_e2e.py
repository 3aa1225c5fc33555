"""End to end: a live Odoo server, real users of the demo school, JSON-RPC.

Demo users (password = login): sg_teacher and sg_teacher2 (staff), sg_dsl
(the DSL), sg_director, sg_hr; admin/admin is the technical administrator.
"""

import json
import urllib.request

import pytest


class RpcError(Exception):
    def __init__(self, error):
        super().__init__(error.get("data", {}).get("message") or error.get("message"))
        self.name = error.get("data", {}).get("name", "")


class Client:
    def __init__(self, server, login, password=None):
        self.server = server
        self.url = server["url"] + "/jsonrpc"
        self.db = server["database"]
        self.password = password or login
        self.uid = self.call("common", "login", self.db, login, self.password)
        assert self.uid, f"login {login} refused"

    def call(self, service, method, *args):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"service": service, "method": method, "args": list(args)},
            "id": 1,
        }
        request = urllib.request.Request(
            self.url,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            body = json.loads(response.read())
        if "error" in body:
            raise RpcError(body["error"])
        return body["result"]

    def __call__(self, model, method, *args, **kwargs):
        return self.call(
            "object",
            "execute_kw",
            self.db,
            self.uid,
            self.password,
            model,
            method,
            list(args),
            kwargs,
        )


@pytest.fixture(scope="module")
def users(odoo_server):
    return {
        login: Client(odoo_server, login)
        for login in (
            "sg_teacher",
            "sg_teacher2",
            "sg_dsl",
            "sg_director",
            "sg_hr",
            "sg_reception",
        )
    } | {"admin": Client(odoo_server, "admin", "admin")}


def assert_access_error(call):
    with pytest.raises(RpcError) as caught:
        call()
    assert caught.value.name == "odoo.exceptions.AccessError", caught.value.name


def test_staff_sees_only_own_concerns(users):
    teacher = users["sg_teacher"]
    concerns = teacher(
        "safeguarding.concern", "search_read", [], fields=["reporter_id"]
    )
    assert concerns, "the demo teacher has reports"
    assert {concern["reporter_id"][0] for concern in concerns} == {teacher.uid}


def test_staff_cannot_read_another_reporters_concern_or_a_case(users):
    dsl, teacher = users["sg_dsl"], users["sg_teacher"]
    other = dsl(
        "safeguarding.concern",
        "search_read",
        [("reporter_id", "=", users["sg_teacher2"].uid)],
        fields=["name", "description"],
    )
    assert other and other[0]["description"]
    assert_access_error(
        lambda: teacher(
            "safeguarding.concern", "read", [other[0]["id"]], ["description"]
        )
    )
    cases = dsl("safeguarding.case", "search_read", [], fields=["name", "pupil_id"])
    assert cases and cases[0]["name"].startswith("SG-C-")
    assert_access_error(lambda: teacher("safeguarding.case", "read", [cases[0]["id"]]))
    assert_access_error(lambda: teacher("safeguarding.case", "search_read", []))
    assert_access_error(
        lambda: teacher("safeguarding.case.log", "search_read", [], fields=["summary"])
    )
    # Nor through the pupil, the messages or the followers.
    pupil_id = cases[0]["pupil_id"][0]
    assert_access_error(
        lambda: teacher("res.partner", "read", [pupil_id], ["safeguarding_case_ids"])
    )
    messages = teacher(
        "mail.message",
        "search_read",
        [("model", "=", "safeguarding.case")],
        fields=["body"],
    )
    assert messages == []
    followers = teacher(
        "mail.followers",
        "search_read",
        [("res_model", "=", "safeguarding.case")],
        fields=["partner_id"],
    )
    assert followers == []


def test_director_hr_and_admin_see_no_case_content(users):
    for login in ("sg_director", "sg_hr", "admin"):
        assert_access_error(
            lambda client=users[login]: client("safeguarding.case", "search_read", [])
        )
        # Directors read the concerns raised as allegations, nothing else.
        domain = [("reporter_id", "!=", users[login].uid)]
        if login == "sg_director":
            domain.append(("allegation_id", "=", False))
        assert users[login]("safeguarding.concern", "search_count", domain) == 0


def test_report_a_concern_over_rpc(users):
    teacher, dsl = users["sg_teacher"], users["sg_dsl"]
    pupil = dsl(
        "res.partner", "search_read", [("is_pupil", "=", True)], fields=["id"], limit=1
    )
    category = teacher("safeguarding.concern.category", "search", [], limit=1)
    concern_id = teacher(
        "safeguarding.concern",
        "create",
        {
            "pupil_id": pupil[0]["id"],
            "description": "Crying in the corridor; said she is scared at home.",
            "child_words": "Mum's friend shouts at me.",
            "category_ids": [(6, 0, category)],
            "location_type": "on_site",
        },
    )
    teacher("safeguarding.concern", "action_submit", [concern_id])
    [concern] = teacher("safeguarding.concern", "read", [concern_id], ["state", "name"])
    assert concern["state"] == "submitted"
    assert dsl("safeguarding.concern", "search", [("id", "=", concern_id)]) == [
        concern_id
    ]
    activities = dsl(
        "mail.activity",
        "search_read",
        [("res_model", "=", "safeguarding.concern"), ("res_id", "=", concern_id)],
        fields=["user_id", "summary"],
    )
    assert activities[0]["user_id"][0] == dsl.uid
    assert concern["name"] in activities[0]["summary"]
    # Sent means sealed: no edit, no delete, not even by the DSL.
    for client in (teacher, dsl):
        with pytest.raises(RpcError):
            client("safeguarding.concern", "write", [concern_id], {"description": "x"})
        with pytest.raises(RpcError):
            client("safeguarding.concern", "unlink", [concern_id])
    [after] = dsl("safeguarding.concern", "read", [concern_id], ["description"])
    assert after["description"].startswith("Crying in the corridor")


def test_bad_input_gives_clear_errors(users):
    teacher = users["sg_teacher"]
    with pytest.raises(RpcError) as caught:
        teacher(
            "safeguarding.concern",
            "create",
            {"subject_type": "child", "description": "No child chosen"},
        )
    assert caught.value.name == "odoo.exceptions.ValidationError"
    assert "child" in str(caught.value)
    # An incident in the future is refused and nothing is created.
    before = teacher("safeguarding.concern", "search_count", [])
    with pytest.raises(RpcError) as caught:
        teacher(
            "safeguarding.concern",
            "create",
            {
                "subject_type": "adult",
                "description": "Dated next year",
                "incident_date": "2999-01-01 10:00:00",
            },
        )
    assert caught.value.name == "odoo.exceptions.ValidationError"
    assert "future" in str(caught.value)
    assert teacher("safeguarding.concern", "search_count", []) == before
    # A record that does not exist yields nothing, not somebody else's data.
    assert teacher("safeguarding.concern", "read", [987654321], ["name"]) == []
    with pytest.raises(RpcError) as caught:
        teacher("safeguarding.case", "action_record_decision", [1])
    assert caught.value.name == "odoo.exceptions.AccessError"


def test_referrals_reach_the_team_only(users):
    dsl = users["sg_dsl"]
    referrals = dsl(
        "safeguarding.referral",
        "search_read",
        [],
        fields=["name", "state", "deadline_kind", "answer_due", "is_overdue"],
    )
    assert referrals and referrals[0]["name"].startswith("SG-F-")
    assert referrals[0]["state"] == "open"
    assert referrals[0]["answer_due"]
    overdue = dsl("safeguarding.referral", "search", [("is_overdue", "=", True)])
    assert set(overdue) <= {referral["id"] for referral in referrals}
    for login in ("sg_teacher", "sg_hr", "sg_director", "admin"):
        for model in (
            "safeguarding.referral",
            "safeguarding.referral.contact",
            "safeguarding.consultation",
            "safeguarding.disclosure",
        ):
            if login == "sg_director" and model != "safeguarding.consultation":
                # Directors work the referrals of allegations against adults,
                # none of a child's case.
                assert (
                    users[login](
                        model,
                        "search_read",
                        [("allegation_id", "=", False)]
                        if model != "safeguarding.referral.contact"
                        else [("referral_id.allegation_id", "=", False)],
                        fields=["id"],
                    )
                    == []
                )
                continue
            assert_access_error(
                lambda client=users[login], model=model: client(
                    model, "search_read", [], fields=["id"]
                )
            )
        assert_access_error(
            lambda client=users[login]: client(
                "safeguarding.referral", "read", [referrals[0]["id"]], ["name"]
            )
        )
        assert_access_error(
            lambda client=users[login]: client(
                "safeguarding.referral",
                "action_open_answer_wizard",
                [referrals[0]["id"]],
            )
        )
    # The working calendar is no secret: everyone reads the public holidays.
    assert users["sg_teacher"]("safeguarding.holiday", "search_count", []) > 0


def test_bad_referral_input_changes_nothing(users):
    dsl = users["sg_dsl"]
    [referral] = dsl(
        "safeguarding.referral",
        "search_read",
        [("state", "=", "open")],
        fields=["contact_ids"],
        limit=1,
    )
    with pytest.raises(RpcError) as caught:
        dsl(
            "safeguarding.referral.contact",
            "create",
            {
                "referral_id": referral["id"],
                "channel": "phone",
                "direction": "in",
                "summary": "An answer from before the referral",
                "date": "2000-01-01 10:00:00",
            },
        )
    assert caught.value.name == "odoo.exceptions.ValidationError"
    with pytest.raises(RpcError) as caught:
        dsl("safeguarding.referral", "write", [referral["id"]], {"state": "answered"})
    assert caught.value.name == "odoo.exceptions.UserError"
    [after] = dsl(
        "safeguarding.referral", "read", [referral["id"]], ["contact_ids", "state"]
    )
    assert after["contact_ids"] == referral["contact_ids"]
    assert after["state"] == "open"


def test_allegation_hidden_from_the_adult_concerned(users):
    director, dsl = users["sg_director"], users["sg_dsl"]
    allegations = director(
        "safeguarding.allegation", "search_read", [], fields=["name", "state"]
    )
    assert allegations and allegations[0]["name"].startswith("SG-L-")
    assert dsl("safeguarding.allegation", "search_count", []) == len(allegations)
    # The PE teacher it is about (sg_teacher2), the deputy's colleagues and HR
    # get an access error.
    for login in ("sg_teacher2", "sg_teacher", "sg_hr"):
        assert_access_error(
            lambda client=users[login]: client(
                "safeguarding.allegation", "read", [allegations[0]["id"]], ["name"]
            )
        )


def test_missing_pupil_alarm_over_rpc(users):
    teacher, dsl = users["sg_teacher"], users["sg_dsl"]
    pupil = dsl(
        "res.partner", "search_read", [("is_pupil", "=", True)], fields=["id"], limit=1
    )
    episode_id = teacher(
        "safeguarding.missing.episode",
        "create",
        {"pupil_id": pupil[0]["id"], "last_seen_place": "Library"},
    )
    [episode] = teacher(
        "safeguarding.missing.episode", "read", [episode_id], ["state", "name"]
    )
    assert episode["state"] == "missing"
    activities = dsl(
        "mail.activity",
        "search_read",
        [
            ("res_model", "=", "safeguarding.missing.episode"),
            ("res_id", "=", episode_id),
        ],
        fields=["user_id"],
    )
    assert dsl.uid in {activity["user_id"][0] for activity in activities}
    assert_access_error(
        lambda: users["sg_teacher2"](
            "safeguarding.missing.episode", "read", [episode_id], ["name"]
        )
    )
    with pytest.raises(RpcError) as caught:
        teacher("safeguarding.missing.episode", "action_found", [episode_id])
    assert caught.value.name in (
        "odoo.exceptions.AccessError",
        "odoo.exceptions.UserError",
    )


def test_vetting_and_policies_over_rpc(users):
    teacher, hr = users["sg_teacher"], users["sg_hr"]
    people = hr(
        "hr.employee",
        "search_read",
        [("safeguarding_clearance", "!=", False)],
        fields=["name", "safeguarding_clearance"],
    )
    clearance = {person["name"]: person["safeguarding_clearance"] for person in people}
    assert clearance["Bolat Seitkazy"] == "cleared", "covered by the firm's attestation"
    assert clearance["Asel Nurpeisova"] == "pending"
    checks = hr("safeguarding.check", "search_read", [], fields=["evidence"])
    assert checks
    for login in ("sg_teacher", "sg_dsl", "sg_director"):
        assert_access_error(
            lambda client=users[login]: client(
                "safeguarding.check", "search_read", [], fields=["reference"]
            )
        )
    # Staff read the policies in force and confirm them.
    to_read = teacher(
        "safeguarding.policy",
        "search_read",
        [("state", "=", "published"), ("acknowledged", "=", False)],
        fields=["name"],
    )
    assert to_read
    teacher("safeguarding.policy", "action_acknowledge", [to_read[0]["id"]])
    [policy] = teacher(
        "safeguarding.policy", "read", [to_read[0]["id"]], ["acknowledged"]
    )
    assert policy["acknowledged"] is True
    assert_access_error(
        lambda: teacher(
            "safeguarding.policy", "read", [to_read[0]["id"]], ["pending_user_ids"]
        )
    )


def test_reception_signs_visitors_in_and_sees_clearance_only(users):
    reception = users["sg_reception"]
    escorts = reception(
        "hr.employee.public",
        "search_read",
        [("safeguarding_clearance", "in", ["cleared", "expiring"])],
        fields=["name", "safeguarding_clearance"],
    )
    assert escorts
    visit_id = reception(
        "safeguarding.visit",
        "create",
        {
            "visitor_name": "Parent at the gate",
            "purpose": "Meeting the class teacher",
            "escort_id": escorts[0]["id"],
            "badge_number": "V-99",
        },
    )
    with pytest.raises(RpcError) as caught:
        reception(
            "safeguarding.visit",
            "create",
            {
                "visitor_name": "Second parent",
                "purpose": "Meeting",
                "escort_id": escorts[0]["id"],
                "badge_number": "V-99",
            },
        )
    assert caught.value.name == "odoo.exceptions.ValidationError"
    reception("safeguarding.visit", "action_sign_out", [visit_id])
    [visit] = reception("safeguarding.visit", "read", [visit_id], ["on_site"])
    assert visit["on_site"] is False
    for model in ("safeguarding.check", "safeguarding.case", "safeguarding.concern"):
        if model == "safeguarding.concern":
            # Reception staff are staff: their own reports only (none here).
            assert reception(model, "search_count", []) == 0
            continue
        assert_access_error(
            lambda model=model: reception(model, "search_read", [], fields=["id"])
        )


def test_directors_get_reviews_and_the_annual_report(users):
    director = users["sg_director"]
    reviews = director("safeguarding.review", "search_read", [], fields=["name"])
    assert reviews and reviews[0]["name"].startswith("SG-V-")
    overdue = director(
        "safeguarding.review.action", "search_count", [("overdue", "=", True)]
    )
    assert overdue >= 1
    wizard = director(
        "safeguarding.annual.report.wizard",
        "create",
        {"date_from": "2000-01-01", "date_to": "2099-12-31"},
    )
    action = director("safeguarding.annual.report.wizard", "action_print", [wizard])
    assert action["report_name"] == "school_safeguarding.report_safeguarding_annual"
    assert_access_error(
        lambda: users["sg_teacher"]("safeguarding.review", "search_read", [])
    )


def test_garbage_over_rpc_gives_validation_errors(users):
    teacher, dsl = users["sg_teacher"], users["sg_dsl"]
    pupil = dsl("res.partner", "search", [("is_pupil", "=", True)], limit=1)[0]
    before = teacher("safeguarding.concern", "search_count", [])
    garbage = [
        {"pupil_id": "abc"},
        {"pupil_id": 99999999},
        {"pupil_id": True},
        {"incident_date": "not a date"},
        {"category_ids": "garbage"},
        {"location_type": "moon"},
        {"description": ["a", "list"]},
        {"description": "x" * 200_000},
        {"no_such_field": 1},
    ]
    for bad in garbage:
        values = {"pupil_id": pupil, "description": "Garbage test", **bad}
        with pytest.raises(RpcError) as caught:
            teacher("safeguarding.concern", "create", values)
        assert caught.value.name == "odoo.exceptions.ValidationError", (
            bad,
            caught.value.name,
            str(caught.value),
        )
    assert teacher("safeguarding.concern", "search_count", []) == before
    # Ids that are not ids, whatever the method.
    for method, args in (
        ("read", (["abc"], ["name"])),
        ("read", ([1.5], ["name"])),
        ("write", (["x"], {"description": "y"})),
        ("unlink", (["x"],)),
        ("action_submit", ([[1, "x"]],)),
    ):
        with pytest.raises(RpcError) as caught:
            teacher("safeguarding.concern", method, *args)
        assert caught.value.name == "odoo.exceptions.ValidationError", (
            method,
            caught.value.name,
        )
    # The same on a referral the DSL works, and nothing changes.
    [referral] = dsl(
        "safeguarding.referral", "search_read", [], fields=["reason"], limit=1
    )
    for bad in ({"agency_id": "x"}, {"agency_type": "moon"}, {"reason": 5}):
        with pytest.raises(RpcError) as caught:
            dsl("safeguarding.referral", "write", [referral["id"]], bad)
        assert caught.value.name in (
            "odoo.exceptions.ValidationError",
            "odoo.exceptions.UserError",
        )
    [after] = dsl("safeguarding.referral", "read", [referral["id"]], ["reason"])
    assert after["reason"] == referral["reason"]
