"""The role × action matrix of the foundation, as unit tests of the predicates and through HTTP."""

from __future__ import annotations

import pytest

from codesign.accounts import permissions as account_permissions
from codesign.accounts.actor import ANONYMOUS, Actor, CouncilRole
from codesign.councils import permissions as council_permissions
from tests.conftest import login, post

HOME, OTHER = 1, 2


def actor(kind: str) -> Actor:
    roles = {
        "visitor": ANONYMOUS,
        "member": Actor(user_id=10, councils=(CouncilRole(HOME, "home", "Home", "member"),)),
        "organiser": Actor(user_id=11, councils=(CouncilRole(HOME, "home", "Home", "organiser"),)),
        "other_organiser": Actor(user_id=12, councils=(CouncilRole(OTHER, "other", "Other", "organiser"),)),
        "other_member": Actor(user_id=13, councils=(CouncilRole(OTHER, "other", "Other", "member"),)),
        "reviewer": Actor(user_id=14, reviewer_kinds=frozenset({"safeguarding"})),
        "trainer": Actor(user_id=15, is_trainer=True),
        "admin": Actor(user_id=16, is_admin=True),
    }
    return roles[kind]


ROLES = ["visitor", "member", "organiser", "other_organiser", "other_member", "reviewer", "trainer", "admin"]

# action -> the roles allowed it in council HOME; every other role is refused.
MATRIX = {
    "view_members": {"member", "organiser", "admin"},
    "manage_invitations": {"organiser", "admin"},
    "change_member_role": {"organiser", "admin"},
    "remove_member": {"organiser", "admin"},
    "edit_council": {"organiser", "admin"},
    "create_council": {"organiser", "other_organiser", "admin"},
    "appoint_organiser": {"admin"},
    "manage_organisations": {"admin"},
    "manage_people": {"admin"},
    "edit_own_account": {"member", "organiser", "other_organiser", "other_member", "reviewer", "trainer", "admin"},
}


def allowed(action: str, who: Actor) -> bool:
    council_scoped = {
        "view_members": council_permissions.can_view_members,
        "manage_invitations": council_permissions.can_manage_invitations,
        "change_member_role": council_permissions.can_change_member_role,
        "remove_member": council_permissions.can_remove_member,
        "edit_council": council_permissions.can_edit_council,
    }
    if action in council_scoped:
        return council_scoped[action](who, HOME)
    return {
        "create_council": council_permissions.can_create_council,
        "appoint_organiser": council_permissions.can_appoint_organiser,
        "manage_organisations": account_permissions.can_manage_organisations,
        "manage_people": account_permissions.can_manage_people,
        "edit_own_account": account_permissions.can_edit_own_account,
    }[action](who)


@pytest.mark.parametrize("action", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(action: str, role: str) -> None:
    assert allowed(action, actor(role)) is (role in MATRIX[action])


# --- the same matrix through HTTP: what each role gets from each page ---------------------------

HTTP_CASES = [
    # (method, path, data) -> expected status by role
    ("GET", "/councils/home/members", None,
     {"visitor": 303, "member": 200, "organiser": 200, "other_member": 403, "other_organiser": 403, "admin": 200}),
    ("GET", "/councils/home/invitations", None,
     {"visitor": 303, "member": 403, "organiser": 200, "other_member": 403, "other_organiser": 403, "admin": 200}),
    ("POST", "/councils/home/invitations", {"role": "member", "days": "3", "max_uses": "2"},
     {"visitor": 303, "member": 403, "organiser": 303, "other_member": 403, "other_organiser": 403, "admin": 303}),
    ("GET", "/councils/home/edit", None,
     {"visitor": 303, "member": 404, "organiser": 200, "other_member": 404, "other_organiser": 404, "admin": 200}),
    ("POST", "/councils/home/edit", {"name": "Home council", "description": "x"},
     {"visitor": 303, "member": 403, "organiser": 303, "other_member": 403, "other_organiser": 403, "admin": 303}),
    ("POST", "/councils/home/members/{target}/role", {"role": "organiser"},
     {"visitor": 303, "member": 403, "organiser": 303, "other_member": 403, "other_organiser": 403, "admin": 303}),
    ("POST", "/councils/home/members/{target}/remove", {"confirm": "on"},
     {"visitor": 303, "member": 403, "organiser": 303, "other_member": 403, "other_organiser": 403, "admin": 303}),
    ("POST", "/councils/home/organisers", {"username": "target"},
     {"visitor": 303, "member": 403, "organiser": 403, "other_member": 403, "other_organiser": 403, "admin": 303}),
    ("GET", "/councils/new", None,
     {"visitor": 303, "member": 404, "organiser": 200, "other_member": 404, "other_organiser": 200, "admin": 200}),
    ("GET", "/admin/people", None,
     {"visitor": 303, "member": 403, "organiser": 403, "other_member": 403, "other_organiser": 403, "admin": 200}),
    ("POST", "/admin/organisations", {"name": "Org", "slug": "org", "kind": "community"},
     {"visitor": 303, "member": 403, "organiser": 403, "other_member": 403, "other_organiser": 403, "admin": 303}),
]


@pytest.mark.parametrize("case", range(len(HTTP_CASES)))
@pytest.mark.parametrize("role", ["visitor", "member", "organiser", "other_member", "other_organiser", "admin"])
def test_http_permission_matrix(client, world, role: str, case: int) -> None:
    method, path, data, expected = HTTP_CASES[case]
    home = world.council("home", "Home")
    other = world.council("other", "Other")
    target = world.user("target")
    world.member(home, target)
    world.member(home, world.user("member"))
    world.member(home, world.user("organiser"), "organiser")
    world.member(home, world.user("second"), "organiser")
    world.member(other, world.user("other_member"))
    world.member(other, world.user("other_organiser"), "organiser")
    world.user("admin", role="admin")
    if role != "visitor":
        login(client, role)
    path = path.format(target=target)
    response = client.get(path, follow_redirects=False) if method == "GET" else post(client, path, data)
    assert response.status_code == expected[role], response.text[:300]
