"""``/v1/people``: the people who lead, pilot and follow the policy, and the roles they hold.

An admin registers and edits them; admins, pilots and evaluators read them (a viewer does not:
e-mails are personal data). A person's roles are the roles of the API a token made for them
may carry. Only the people of the request's territory are listed, read and changed; a person
registered here may see this territory (``person_territories``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path

from api import store
from api.deps import Conn, CurrentUser, Place, Territory, allow, get_caller
from api.problems import RESPONSES
from api.reads import ReadConn
from api.schemas_policy import PersonDetailOut, PersonIn, PersonPatchIn
from api.tokens import Role
from api.writing import author, body_fields, validated
from core.database import Connection
from core.errors import Conflict, NotFound
from core.policy.reads import record, records
from core.policy.records import PersonRecord
from core.policy.writes import put_person, set_roles

router = APIRouter(
    dependencies=[Depends(get_caller)], prefix="/v1/people", tags=["people"], responses=RESPONSES
)
PersonId = Annotated[int, Path(ge=1, lt=2**31)]
READERS = (Role.ADMIN, Role.PILOT, Role.EVALUATOR)


def _stored(conn: Connection, place: Territory, person_id: int) -> dict[str, Any]:
    found = record(conn, "person", id=person_id)
    if found is None or person_id not in store.territory_people(conn, place.id):
        raise NotFound(f"no person {person_id} in territory {place.code}")
    return found


@router.get("", response_model=list[PersonDetailOut])
def list_people(conn: ReadConn, caller: CurrentUser, place: Place) -> list[PersonDetailOut]:
    """The territory's people, by e-mail, with their roles."""
    allow(caller, *READERS, to="read people")
    ours = store.territory_people(conn, place.id)
    return [PersonDetailOut.model_validate(p) for p in records(conn, "person") if p["id"] in ours]


@router.get("/{person_id}", response_model=PersonDetailOut)
def read_person(
    person_id: PersonId, conn: ReadConn, caller: CurrentUser, place: Place
) -> PersonDetailOut:
    """One person of the territory."""
    allow(caller, *READERS, to="read people")
    return PersonDetailOut.model_validate(_stored(conn, place, person_id))


@router.post("", response_model=PersonDetailOut, status_code=201)
def create_person(
    person: PersonIn, conn: Conn, caller: CurrentUser, place: Place
) -> PersonDetailOut:
    """Register a person of the territory and their roles (admin)."""
    allow(caller, Role.ADMIN, to="register people")
    if record(conn, "person", email=person.email) is not None:
        raise Conflict(f"{person.email} is registered; change the person with PATCH")
    author(conn, caller)
    with body_fields(conn):
        record_in = PersonRecord(**person.model_dump(exclude={"roles"}))
        written = put_person(conn, record_in, territory_id=place.id)
        set_roles(conn, written.id, set(person.roles))
    return PersonDetailOut.model_validate(_stored(conn, place, written.id))


@router.patch("/{person_id}", response_model=PersonDetailOut)
def change_person(
    person_id: PersonId, change: PersonPatchIn, conn: Conn, caller: CurrentUser, place: Place
) -> PersonDetailOut:
    """Change a person's e-mail, name, department or roles (admin)."""
    allow(caller, Role.ADMIN, to="change people")
    current = _stored(conn, place, person_id)
    fields = change.model_dump(exclude_unset=True)
    roles = fields.pop("roles", None)
    merged = {k: current[k] for k in PersonRecord.model_fields} | fields
    updated = validated(PersonRecord, merged)
    author(conn, caller)
    with body_fields(conn):
        put_person(conn, updated, person_id)
        if roles is not None:
            set_roles(conn, person_id, set(roles))
    return PersonDetailOut.model_validate(_stored(conn, place, person_id))
