"""The actor: who is making a request, with the roles that permissions read."""

from __future__ import annotations

from dataclasses import dataclass, field

COUNCIL_ROLES = ("member", "organiser")
# The expert review kinds of domain.md §2, in checklist order.
REVIEW_KINDS = (
    "safeguarding",
    "rights",
    "bias",
    "plain_language",
    "accessibility",
    "translation",
)


@dataclass(frozen=True)
class CouncilRole:
    council_id: int
    slug: str
    name: str
    role: str


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    username: str = ""
    display_name: str = ""
    locale: str | None = None
    is_admin: bool = False
    is_trainer: bool = False
    reviewer_kinds: frozenset[str] = frozenset()
    organisation_id: int | None = None
    councils: tuple[CouncilRole, ...] = field(default=())

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_reviewer(self) -> bool:
        return bool(self.reviewer_kinds)

    def role_in(self, council_id: int) -> str | None:
        for membership in self.councils:
            if membership.council_id == council_id:
                return membership.role
        return None

    def is_member_of(self, council_id: int) -> bool:
        return self.role_in(council_id) is not None

    def is_organiser_of(self, council_id: int) -> bool:
        return self.role_in(council_id) == "organiser"


ANONYMOUS = Actor()
