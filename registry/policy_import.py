"""``vigie import policy DIR``: apply a policy folder whole, idempotently, keeping the history.

Everything happens in one transaction. The files are applied in order (``policy_files.FILES``),
each row through the same writes as the API (``core.policy``), so a row may name what an earlier
file created. Every problem is collected, with its file and line; when there is one, nothing is
written (unless ``skip_invalid``: the good rows are, and each refused row is listed).

A row that says what the database says changes nothing; a changed row updates its object, and
``policy_changes`` records each change (source ``vigie import policy``, author ``--author``).
The files are the whole truth about the policies of ``policy.csv`` for the kinds that belong to
something (budget lines, scope and control-group rows, targets, a listed person's roles): a
stored one that a present file no longer holds is removed, unless a refused row of the same
parent may have held it. Missions, actions, indicators and people that the files do not list
are kept and counted.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg

from core.database import Connection
from core.errors import InvalidInput, Problem
from core.policy import scopes, writes
from core.policy.lookups import References
from core.policy.records import PolicyRecord
from core.policy.store import Outcome, set_author, value
from registry.policy_files import AREAS, BY_NAME, Folder, ScopeRow
from registry.policy_sync import kept, remove_absent

log = logging.getLogger(__name__)
SOURCE = "vigie import policy"


@dataclass
class PolicyImport:
    """What an import did, file by file, and the rows it refused or skipped."""

    territory: str = ""
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _Apply:
    """One import's transaction: the folder, the territory, and what was done."""

    def __init__(self, conn: Connection, folder: Folder, territory_id: int) -> None:
        self.conn, self.folder, self.territory_id = conn, folder, territory_id
        self.result = PolicyImport()
        self.scope_rows: list[tuple[str, str, int, int]] = []  # file, line, row id, action id
        self.action_ids: dict[str, int] = {}
        self.known: dict[int, dict[tuple[object, ...], int]] = {}  # each action's scope rows

    def rows(self, name: str, write: Callable[[Any], writes.Written]) -> None:
        """Write each valid row of a file; a refusal names the file and the line.

        A row the checks refuse writes nothing. A row that breaks one of the database's own
        rules would abort the transaction: the file is then written again, each row in its
        own savepoint, so that the row is named and the others are kept.
        """
        try:
            with self.conn.transaction():
                done = self._each(name, write, savepoints=False)
        except psycopg.Error:
            self.known.clear()  # what the rolled-back pass added is gone
            done = self._each(name, write, savepoints=True)
        rows = self.folder.files[name]
        counts = self.result.counts.setdefault(name, Counter())
        for where, record, result in done:
            if isinstance(result, writes.Written):
                counts[result.outcome.value] += 1
                if isinstance(record, ScopeRow):
                    action_id = self.action_ids[record.action]
                    self.scope_rows.append((name, where, result.id, action_id))
                continue
            for problem in result:
                self.folder.refuse(name, where, str(problem))
            if rows.file.parent and not result[0].where.startswith("database"):
                rows.refused_parents.add(getattr(record, rows.file.parent))

    def _each(
        self, name: str, write: Callable[[Any], writes.Written], *, savepoints: bool
    ) -> list[tuple[str, Any, writes.Written | list[Problem]]]:
        done: list[tuple[str, Any, writes.Written | list[Problem]]] = []
        for where, record in self.folder.files[name].rows:
            try:
                if savepoints:
                    with self.conn.transaction():
                        done.append((where, record, write(record)))
                else:
                    done.append((where, record, write(record)))
            except InvalidInput as exc:
                done.append((where, record, exc.problems or [Problem("row", str(exc))]))
            except psycopg.Error as exc:
                if not savepoints:
                    raise
                reason = exc.diag.message_primary or type(exc).__name__
                done.append((where, record, [Problem("database", f"refused it: {reason}")]))
        return done

    def areas(self) -> None:
        """Create or redraw the drawn areas of ``areas.geojson``."""
        counts = self.result.counts.setdefault(AREAS, Counter())
        for area in self.folder.areas:
            try:
                with self.conn.transaction():
                    written = scopes.put_area(self.conn, self.territory_id, area.name, area.shape)
            except psycopg.Error as exc:
                reason = exc.diag.message_primary or type(exc).__name__
                self.folder.refuse(AREAS, area.where, f"refused by the database: {reason}")
                continue
            counts[written.outcome.value] += 1

    def scope(self, role: str) -> Callable[[ScopeRow], writes.Written]:
        def write(row: ScopeRow) -> writes.Written:
            refs = References(self.conn, self.territory_id)
            action_id = self.action_ids.get(row.action)
            if action_id is None:
                found = refs.action("action", row.action)
                action_id = None if found is None else found[0]
            try:
                target = scopes.resolve_scope(self.conn, self.territory_id, row)
            except InvalidInput as exc:
                refs.problems += exc.problems
            refs.check()
            assert action_id is not None  # noqa: S101 - check() refused an unknown action
            self.action_ids[row.action] = action_id
            if action_id not in self.known:
                self.known[action_id] = scopes.scope_ids(self.conn, action_id)
            return scopes.add_scope(self.conn, action_id, role, target, self.known[action_id])

        return write

    def overlaps(self) -> None:
        """Refuse the scope and control rows that share assets with the other role."""
        for action_id in sorted({action for _, _, _, action in self.scope_rows}):
            shared = scopes.overlaps(self.conn, action_id)
            for name, where, scope_id, action in self.scope_rows:
                if action == action_id and scope_id in shared:
                    self.folder.refuse(name, where, str(shared[scope_id]))


def import_policy(
    conn: Connection, folder: Folder, *, skip_invalid: bool, author: str | None = None
) -> PolicyImport:
    """Apply a policy folder in one transaction; InvalidInput lists every problem."""
    with conn.transaction():
        territory_id, code = _territory(conn, folder)
        run = _Apply(conn, folder, territory_id)
        run.result.territory = code
        author_id = None if author is None else value(conn, "person_ref", {"email": author})
        set_author(conn, author_id, SOURCE)
        _apply_all(run)
        if author is not None and author_id is None:
            author_id = value(conn, "person_ref", {"email": author})
            if author_id is None:
                folder.problems.append(Problem("--author", f"no person with e-mail {author}"))
        run.result.problems = folder.listed()
        if folder.problems and not skip_invalid:
            count = len(folder.problems)
            raise InvalidInput(
                f"{count} problem(s) in {folder.path}; nothing imported", folder.listed()
            )
    log.info(
        "policy imported",
        extra={"territory": code, "skipped": len(folder.problems), "folder": str(folder.path)},
    )
    return run.result


def _apply_all(run: _Apply) -> None:
    conn, tid, policies = run.conn, run.territory_id, _policies(run.folder)
    run.rows("people.csv", lambda r: writes.put_person(conn, r, territory_id=tid))
    run.rows("roles.csv", lambda r: writes.grant_role(conn, r))
    run.rows("policy.csv", lambda r: writes.put_policy(conn, tid, r))
    run.rows("missions.csv", lambda r: writes.put_mission(conn, tid, r))
    run.rows("actions.csv", lambda r: writes.put_action(conn, tid, r))
    run.rows("budgets.csv", lambda r: writes.put_budget(conn, tid, r))
    run.areas()
    run.rows("scopes.csv", run.scope("treated"))
    run.rows("control_groups.csv", run.scope("control"))
    run.rows("indicators.csv", lambda r: writes.put_indicator(conn, tid, r))
    run.rows("targets.csv", lambda r: writes.put_target(conn, tid, r))
    for name in ("roles.csv", "budgets.csv", "scopes.csv", "control_groups.csv", "targets.csv"):
        if run.folder.files[name].present:
            removed = remove_absent(conn, tid, policies, run.folder, BY_NAME[name])
            run.result.counts.setdefault(name, Counter())[Outcome.DELETED.value] += removed
    run.overlaps()
    run.result.kept = kept(conn, tid, policies, run.folder)


def _policies(folder: Folder) -> set[str]:
    return {record.code for _, record in folder.files["policy.csv"].rows}


def _territory(conn: Connection, folder: Folder) -> tuple[int, str]:
    """The one registered territory ``policy.csv`` names; InvalidInput when there is none."""
    rows: list[tuple[str, PolicyRecord]] = folder.files["policy.csv"].rows
    named = {r.territory for _, r in rows}
    for where, record in rows:
        if record.territory is None:
            folder.refuse("policy.csv", where, "territory: required: the territory's code")
    codes = sorted(c for c in named if c is not None)
    if len(codes) > 1:
        folder.refuse("policy.csv", "file", f"names several territories ({', '.join(codes)})")
    elif codes:
        found = value(conn, "territory_id", {"code": codes[0]})
        if found is not None:
            return int(found), codes[0]
        folder.refuse("policy.csv", "territory", f"no territory {codes[0]}; register it first")
    elif not folder.problems:
        folder.refuse("policy.csv", "file", "no policy row")
    raise InvalidInput(f"{len(folder.problems)} problem(s); nothing imported", folder.listed())
