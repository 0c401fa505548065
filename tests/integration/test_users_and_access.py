"""Users as office-log entries, reads that need a known user, personal data revealed only with a reason,
and `audit verify` catching what was changed behind the engine's back. On SQLite and PostgreSQL.

These tests run as one login, mapped by `init` to the first admin ("admin"), who acts for the others.
"""

from __future__ import annotations

import pytest

from disclosure.workflow.errors import InvalidInput, NotFound, RuleViolation, UnknownUser
from tests.integration.conftest import register, run_sql


def _log_types(office, name: str) -> list[str]:
    return [change["type"] for change in office.user(name)["changes"]]


def test_every_change_to_a_user_is_an_entry_by_whoever_made_it(office):
    office.add_user("zhao", ["handler"], email="zhao@example.org", login="zhao.os")
    office.change_roles("zhao", add=["reviewer"], remove=["handler"])
    office.set_contact("zhao", mobile="13800000000")
    office.acting_for("zhao").set_contact("zhao", email="z@example.org")
    office.disable_user("zhao")
    office.enable_user("zhao")
    office.set_login("zhao", "zhao2")
    shown = office.user("zhao")
    assert {key: shown[key] for key in ("login", "roles", "email", "mobile", "disabled")} == {
        "login": "zhao2", "roles": ["reviewer"], "email": "z@example.org", "mobile": "13800000000", "disabled": False,
    }
    assert _log_types(office, "zhao") == [
        "user-added", "roles-granted", "roles-revoked", "contact-changed", "contact-changed", "user-disabled",
        "user-enabled", "login-set",
    ]
    # The user changing their own e-mail is recorded as them, acted for by the admin's login.
    own = shown["changes"][4]
    assert (own["user"], own["acted_by"], own["data"]) == ("zhao", "admin", {"email": "z@example.org"})
    assert office.verify().intact


def test_the_last_admin_keeps_the_role_and_stays_enabled(office):
    with pytest.raises(RuleViolation, match="^admin is the last admin; make another user admin first$"):
        office.change_roles("admin", remove=["admin"])
    with pytest.raises(RuleViolation, match="^admin is the last admin"):
        office.disable_user("admin")
    office.change_roles("boss", add=["admin"])
    office.acting_for("boss").change_roles("admin", remove=["admin"])  # another admin remains: allowed
    assert "admin" not in office.user("admin")["roles"]


def test_the_last_admin_cannot_move_their_own_login_away(office):
    login = office.user("admin")["login"]
    with pytest.raises(RuleViolation, match="^admin is the last admin; make another user admin first$"):
        office.set_login("admin", "elsewhere")
    assert office.user("admin")["login"] == login and office.whoami()["user"] == "admin"
    office.set_login("han", "han.os")  # anyone else's: allowed
    office.change_roles("boss", add=["admin"])
    office.set_login("admin", "elsewhere")  # another admin remains (boss, by boss's login): allowed
    with office.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT login FROM users WHERE name = 'admin'").scalar() == "elsewhere"
    with pytest.raises(UnknownUser):  # this login is nobody's now, as its admin chose
        office.users()


def test_a_disabled_user_can_do_nothing_and_an_unknown_one_read_nothing(office):
    number = register(office).number
    office.disable_user("han")
    with pytest.raises(RuleViolation, match="^user han is disabled$"):
        office.act(number, "assign", user="han", on="2025-09-29", to="han")
    with pytest.raises(RuleViolation, match="^user han is disabled$"):
        office.acting_for("han").case(number)
    for read in (lambda o: o.case(number), lambda o: o.cases(), lambda o: o.history(number), lambda o: o.users(),
                 lambda o: o.export([number]), lambda o: o.user("han")):
        with pytest.raises(UnknownUser, match="^unknown user 'nobody'"):
            read(office.acting_for("nobody"))
    with pytest.raises(UnknownUser):
        office.acting_as("nobody").cases()


def test_a_user_or_login_is_added_once(office):
    with pytest.raises(RuleViolation, match="^user han exists already$"):
        office.add_user("han", ["handler"])
    with pytest.raises(RuleViolation, match="^the login reg is user reg's already$"):
        office.add_user("reg2", ["registrar"], login="reg")
    with pytest.raises(InvalidInput, match="^unknown role 'boss'"):
        office.change_roles("han", add=["boss"])
    with pytest.raises(NotFound, match="^no user ghost$"):
        office.disable_user("ghost")
    with pytest.raises(RuleViolation, match="managing users needs the role admin; reg does not hold it"):
        office.acting_for("reg").add_user("mallory", ["admin"])


def test_personal_data_is_masked_unless_a_permitted_user_reveals_it_with_a_reason(office):
    number = register(office, id_number="110101199001011234", phone="13912345678", address="北京市东城区某街1号").number
    office.act(number, "assign", user="reg", on="2025-09-29", to="han")
    masked = office.case(number).to_dict()["applicant"]
    assert masked == {"name": "张三", "type": "natural", "id_number": "110***********1234", "phone": "139****5678",
                      "address": "北京市***某街1号"}
    assert office.history(number)[0].data["applicant"]["id_number"] == "110***********1234"
    for user in ("rev", "han2"):  # a reviewer; another case's handler
        with pytest.raises(RuleViolation, match=f"personal data needs the role registrar, head or auditor, or handling the case; {user} has neither"):
            office.acting_for(user).case(number, reveal="核对")
    with pytest.raises(InvalidInput, match="needs a reason"):
        office.acting_for("han").case(number, reveal="  ")
    revealed = office.acting_for("han").case(number, reveal="电话联系申请人").to_dict()["applicant"]
    assert revealed["phone"] == "13912345678"
    assert office.acting_for("boss").history(number, reveal="复核")[0].data["applicant"]["id_number"] == "110101199001011234"
    office.acting_for("boss").export([number], with_personal_data="移送法院")
    seen = office.access_log(case=number)
    assert [(entry["user"], entry["acted_by"], entry["via"], entry["reason"]) for entry in seen] == [
        ("han", "admin", "show", "电话联系申请人"), ("boss", "admin", "history", "复核"), ("boss", "admin", "export", "移送法院"),
    ]
    assert [entry["reason"] for entry in office.access_log(user="boss")] == ["复核", "移送法院"]
    assert office.access_log(user="rev") == []  # a user who saw nothing: an empty record
    with pytest.raises(NotFound, match="^no user nobody$"):  # a typo is not a clean record
        office.access_log(user="nobody")
    with pytest.raises(NotFound, match="^no case 2025-9999$"):
        office.access_log(case="2025-9999")
    with pytest.raises(RuleViolation, match="reading the access log needs the role auditor or head or admin; han does not hold it"):
        office.acting_for("han").access_log()
    assert office.verify().intact


def test_an_export_masks_names_and_marks_what_it_masked(office):
    number = register(office, phone="13912345678").number
    events = office.export([number])["events"]
    assert events[0]["data"]["applicant"] == {"name": "张*", "type": "natural", "phone": "139****5678"}
    assert events[0]["data"]["_masked"] is True
    whole = office.export([number], with_personal_data="审计")["events"]
    assert whole[0]["data"]["applicant"]["name"] == "张三" and "_masked" not in whole[0]["data"]


@pytest.mark.parametrize("tampering, detail", [
    ("UPDATE users SET roles = 'handler admin' WHERE name = 'han'", "the users table gives han roles"),
    ("UPDATE users SET login = 'mallory' WHERE name = 'reg'", "the users table gives reg login 'mallory'"),
    ("INSERT INTO users (name, login, roles, disabled, created_at) VALUES ('eve', 'eve', 'admin', false, '2025-01-01')",
     "the users table has eve, whom no entry of the office log added"),
    ("UPDATE office_log SET data = replace(data, 'handler', 'admin') WHERE subject = 'han'", "does not match its hash"),
    ("DELETE FROM office_log WHERE position = 3", "an entry of the office log is missing"),
])
def test_audit_verify_catches_users_and_the_log_changed_behind_the_engine(office, tampering, detail):
    assert office.verify().intact
    run_sql(office, tampering)
    finding = office.verify().finding
    assert finding is not None and finding.problem == "office log" and detail in finding.detail, finding


def test_the_newest_office_log_entries_removed_are_caught_with_the_logs_own_anchor(office):
    number = register(office, phone="13912345678").number
    office.acting_for("boss").case(number, reveal="核对")
    kept = office.log_anchor()
    office.acting_for("boss").history(number, reveal="再核对")
    assert office.verify(log_anchor=kept).intact and office.verify(log_anchor=office.log_anchor()).intact
    newest = office.log_anchor()
    run_sql(office, f"DELETE FROM office_log WHERE position = {newest.position}")
    assert office.verify().intact  # the events' chain does not name the log's entries: only the log's anchor tells
    finding = office.verify(office.anchor(), log_anchor=newest).finding
    assert (finding.problem, finding.position) == ("office log", newest.position)
    assert finding.detail == (f"the log ends at entry {newest.position - 1}, but the anchor kept names entry "
                              f"{newest.position}: its newest entries were removed")
    forged = type(newest)(kept.position, "f" * 64)
    assert office.verify(log_anchor=forged).finding.detail == "the entry at the anchor's position does not have the anchor's hash"
