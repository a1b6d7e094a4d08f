"""Files attached to an action or a mission (*Gest. Fichiers*): attach, download, remove.

Who may: an action's files are attached by those who edit the action (its pilot, an admin), a
mission's by an admin or the mission's lead signed in as a pilot; every role but a viewer lists and
downloads them; the person who attached a file, or an admin, removes it. A file is at most
``VIGIE_WEB_FILE_MAX_BYTES``; its type is read from its bytes (``api.web.filetypes``).
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, BackgroundTasks, Form, Request, Response, UploadFile

from api import store_policy
from api.deps import Conn, SettingsDep, Territory, allow, allow_action_write
from api.routes import actions as action_routes
from api.routes import policy as policy_routes
from api.tokens import Role
from api.web import filetypes, sessions, store_files
from api.web.deps import Here, see_other
from api.web.sessions import SignedIn, User
from core.database import Connection
from core.errors import InvalidInput, NotFound, PermissionDenied

router = APIRouter(prefix="/web/files", include_in_schema=False)
Kind = Literal["action", "mission"]
MAX_NAME = 255
MAX_DESCRIPTION = 500


def _subject(
    conn: Connection, place: Territory, user: SignedIn, kind: Kind, code: str
) -> dict[str, int | None]:
    """The action's or mission's id, once the person is allowed to attach to it."""
    if kind == "action":
        row = action_routes.find_action(conn, place.id, code)
        allow_action_write(user.caller, row["pilot_id"], code)
        return {"action_id": row["id"], "mission_id": None}
    mission = policy_routes.read_mission(code, conn, place)
    lead = mission.lead.id if mission.lead else None
    if not (user.role is Role.ADMIN or (user.role is Role.PILOT and user.person_id == lead)):
        raise PermissionDenied(f"only an admin or the lead of mission {code} attach files to it")
    return {"action_id": None, "mission_id": store_policy.mission_id(conn, place.id, code)}


def _read_limited(upload: UploadFile, limit: int) -> bytes:
    data = upload.file.read(limit + 1)
    if len(data) > limit:
        raise InvalidInput("file too large", [])
    return data


@router.post("")
def attach(
    request: Request,
    conn: Conn,
    user: User,
    place: Here,
    settings: SettingsDep,
    file: UploadFile,
    subject_kind: Annotated[Kind, Form()],
    subject_code: Annotated[str, Form()],
    description: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Attach a file; back to the page of what it is attached to, saying how it went."""
    sessions.check_form(request, csrf)
    back = f"/web/{subject_kind}s/{quote(subject_code)}#files"
    ids = _subject(conn, place, user, subject_kind, subject_code)
    name = (file.filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:MAX_NAME]
    try:
        data = _read_limited(file, settings.web_file_max_bytes)
        kind = filetypes.content_type(name, data)
    except InvalidInput as exc:
        reason = exc.problems[0].reason if exc.problems else "too_large"
        key = "files.too_large" if reason == "too_large" else "files.refused"
        sessions.flash(conn, user, key, error=True, name=name, reason=reason,
                       limit=settings.web_file_max_bytes // 1_048_576)  # fmt: skip
        return see_other(back)
    fields = {
        **ids,
        "name": name,
        "description": description.strip()[:MAX_DESCRIPTION] or None,
        "content_type": kind,
        "uploaded_by": user.person_id,
    }
    store_files.attach(conn, settings.web_files_dir, data, fields)
    sessions.flash(conn, user, "files.attached", name=name)
    return see_other(back)


@router.get("/{file_id}")
def download(file_id: int, conn: Conn, user: User, place: Here, settings: SettingsDep) -> Response:
    """A file's bytes, as an attachment, with the type read from them when it was attached."""
    allow(user.caller, Role.ADMIN, Role.PILOT, Role.EVALUATOR, to="read attached files")
    row = store_files.found(conn, place.id, file_id)
    body = store_files.content(row, settings.web_files_dir)
    disposition = f"attachment; filename*=UTF-8''{quote(row['name'])}"
    headers = {
        "Content-Disposition": disposition,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",
    }
    return Response(body, media_type=row["content_type"], headers=headers)


@router.post("/{file_id}/delete")
def remove(
    file_id: int,
    request: Request,
    conn: Conn,
    user: User,
    place: Here,
    settings: SettingsDep,
    tasks: BackgroundTasks,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Remove a file (the person who attached it, or an admin)."""
    sessions.check_form(request, csrf)
    row = store_files.found(conn, place.id, file_id)
    if user.role is not Role.ADMIN and (
        user.role is Role.VIEWER or row["uploaded_by"] != user.person_id
    ):
        raise PermissionDenied("only the person who attached a file, or an admin, removes it")
    unused = store_files.remove(conn, file_id)
    if unused is not None:
        tasks.add_task(store_files.forget_bytes, settings.web_files_dir, unused)
    sessions.flash(conn, user, "files.removed", name=row["name"])
    if row["action_code"] and row["action_id"]:
        return see_other(f"/web/actions/{quote(row['action_code'])}#files")
    if row["mission_code"]:
        return see_other(f"/web/missions/{quote(row['mission_code'])}#files")
    raise NotFound(f"no file {file_id}")
