"""Who acts: the rules of workflow/identity.py, each refusal with its message."""

from __future__ import annotations

import pytest

from disclosure.workflow.errors import RuleViolation, UnknownUser
from disclosure.workflow.identity import Actor, BookUser, Identity, may_reveal, resolve_actor

USERS = {
    "wang": BookUser("wang", "root", frozenset({"admin", "head"})),
    "chen": BookUser("chen", "chen", frozenset({"reviewer"})),
    "li": BookUser("li", "li", frozenset({"handler"})),
    "gone": BookUser("gone", "gone", frozenset({"handler"}), disabled=True),
    "system": BookUser("system", None, frozenset({"system"})),
}


def test_a_login_acts_as_the_user_it_maps_to():
    assert resolve_actor(Identity(login="chen"), USERS, None) == Actor("chen", frozenset({"reviewer"}))
    assert resolve_actor(Identity(login="chen"), USERS, "chen") == Actor("chen", frozenset({"reviewer"}))


def test_an_admins_login_acts_for_another_user_and_is_named_as_by():
    assert resolve_actor(Identity(login="root"), USERS, "li") == Actor("li", frozenset({"handler"}), by="wang")


def test_a_name_typed_by_a_login_that_is_not_an_admins_is_refused():
    with pytest.raises(RuleViolation, match="^logged in as chen, not wang; only an admin acts for another user$"):
        resolve_actor(Identity(login="chen"), USERS, "wang")


def test_a_login_no_user_has_is_refused_with_how_to_add_it():
    with pytest.raises(UnknownUser, match=r"^the login 'mallory' is no user of this case book; an admin adds it with "
                                          r"`disclosure users add NAME --role ROLE --login mallory`$"):
        resolve_actor(Identity(login="mallory"), USERS, None)


def test_disabled_users_can_neither_act_nor_be_acted_for():
    with pytest.raises(RuleViolation, match="^user gone is disabled$"):
        resolve_actor(Identity(login="gone"), USERS, None)
    with pytest.raises(RuleViolation, match="^user gone is disabled$"):
        resolve_actor(Identity(login="root"), USERS, "gone")


def test_no_one_acts_for_the_system_user_and_no_login_is_it():
    with pytest.raises(RuleViolation, match="^no one acts for system"):
        resolve_actor(Identity(login="root"), USERS, "system")
    with pytest.raises(UnknownUser):
        resolve_actor(Identity(login=None), {"system": USERS["system"]}, None)


def test_an_admin_acting_for_an_unknown_user_is_refused():
    with pytest.raises(UnknownUser, match="^unknown user 'nobody'"):
        resolve_actor(Identity(login="root"), USERS, "nobody")


def test_an_embedders_vouched_user_acts_as_themselves_and_only_an_admin_for_others():
    assert resolve_actor(Identity(user="li"), USERS, None) == Actor("li", frozenset({"handler"}))
    assert resolve_actor(Identity(user="wang"), USERS, "chen").by == "wang"
    with pytest.raises(RuleViolation, match="^logged in as li, not chen"):
        resolve_actor(Identity(user="li"), USERS, "chen")
    with pytest.raises(UnknownUser, match="^unknown user 'ghost'"):
        resolve_actor(Identity(user="ghost"), USERS, None)


@pytest.mark.parametrize("roles, handler, allowed", [
    ({"registrar"}, None, True),
    ({"head"}, "li", True),
    ({"auditor"}, None, True),
    ({"handler"}, "li", True),  # the case's own handler
    ({"handler"}, "zhao", False),  # another handler's case
    ({"reviewer"}, "zhao", False),
    ({"admin"}, None, False),  # administering users is not seeing applicants
])
def test_who_may_reveal_personal_data(roles, handler, allowed):
    assert may_reveal(Actor("li", frozenset(roles)), handler) is allowed
