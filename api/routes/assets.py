"""``/v1/assets/{kind}/{code}``: the raw readings and the rollups of an asset or a district."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query

from api import store_data
from api.deps import Place, Territory, get_caller
from api.pages import DEFAULT_PAGE, MAX_PAGE, next_cursor, text_key
from api.problems import RESPONSES
from api.reads import ReadConn
from api.schemas_data import BucketOut, Page, ReadingOut
from core.database import Connection
from core.errors import InvalidInput, NotFound, Problem

router = APIRouter(
    dependencies=[Depends(get_caller)], prefix="/v1/assets", tags=["assets"], responses=RESPONSES
)
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Instant = Annotated[datetime, Query(description="ISO 8601 with an offset; UTC if none.")]
Bucket = Literal["hour", "day", "month", "year"]
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def _aware(value: datetime | None, default: datetime, field: str) -> datetime:
    if value is None:
        return default
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    if not EARLIEST <= value <= LATEST:
        raise InvalidInput(
            f"{field} is out of range", [Problem(f"query.{field}", "before 2000 or after 2100")]
        )
    return value


def _asset(conn: Connection, place: Territory, kind: str, code: str) -> int:
    found = store_data.asset_id(conn, place.id, kind, code)
    if found is None:
        raise NotFound(f"no {kind} {code} in territory {place.code}")
    return found


def _cursor_instant(cursor: str | None) -> datetime | None:
    """The instant a cursor of ours holds; 422 for anything else (never a 500)."""
    key = text_key(cursor)
    if key is None:
        return None
    refused = InvalidInput(
        "invalid cursor", [Problem("query.cursor", "not a cursor this resource returned")]
    )
    try:
        instant = datetime.fromisoformat(key)
    except ValueError as exc:
        raise refused from exc
    if instant.tzinfo is None or not EARLIEST <= instant <= LATEST:
        raise refused
    return instant


@router.get("/{kind}/{code}/readings", response_model=Page[ReadingOut])
def list_readings(
    kind: Literal["light_point", "cabinet", "meter"],
    code: str,
    conn: ReadConn,
    place: Place,
    start: Annotated[Instant | None, Query(alias="from")] = None,
    end: Annotated[Instant | None, Query(alias="to")] = None,
    cursor: str | None = None,
    limit: Limit = DEFAULT_PAGE,
) -> Page[ReadingOut]:
    """Raw readings in [from, to) (default: the last 24 hours), oldest first."""
    now = datetime.now(UTC)
    end_at = _aware(end, now, "to")
    start_at = _aware(start, end_at - timedelta(days=1), "from")
    after = _cursor_instant(cursor) or start_at - timedelta(microseconds=1)
    params = {
        "kind": kind,
        "id": _asset(conn, place, kind, code),
        "from": start_at,
        "to": end_at,
        "after": after,
        "limit": limit,
    }
    items = [ReadingOut.model_validate(r) for r in store_data.readings(conn, params)]
    return Page(items=items, next_cursor=next_cursor([r.ts.isoformat() for r in items], limit))


@router.get("/{kind}/{code}/rollups", response_model=Page[BucketOut])
def list_rollups(
    kind: Literal["light_point", "cabinet", "meter", "district"],
    code: str,
    conn: ReadConn,
    place: Place,
    bucket: Bucket = "day",
    start: Annotated[Instant | None, Query(alias="from")] = None,
    end: Annotated[Instant | None, Query(alias="to")] = None,
    cursor: str | None = None,
    limit: Limit = DEFAULT_PAGE,
) -> Page[BucketOut]:
    """Time buckets of rollups in [from, to) (default: the last year), in local time.

    Sum, mean, min and max of the hourly (hour buckets) or daily rollups in each, their
    count and mean coverage. Energy in kWh; a meter's values in its unit. Cabinets have hourly
    rollups only, districts daily ones only.
    """
    if (kind, bucket) == ("district", "hour"):
        raise InvalidInput(
            "districts have daily rollups", [Problem("query.bucket", "not hour for a district")]
        )
    end_at = _aware(end, datetime.now(UTC), "to")
    start_at = _cursor_instant(cursor) or _aware(start, end_at - timedelta(days=366), "from")
    params = {
        "kind": kind,
        "id": _asset(conn, place, kind, code),
        "bucket": bucket,
        "tz": place.timezone,
        "from": start_at,
        "to": end_at,
        "from_day": _local_day(start_at, place.timezone),
        # The local days that overlap [from, to): a day starting at ``to`` is not one of them.
        "to_day": _local_day(end_at - timedelta(microseconds=1), place.timezone)
        + timedelta(days=1),
        "limit": limit,
    }
    items = [BucketOut.model_validate(r) for r in store_data.rollups(conn, params)]
    full = len(items) >= limit
    following = _next_bucket(items[-1].bucket_start, bucket, place.timezone) if full else None
    return Page(
        items=items, next_cursor=next_cursor([following.isoformat()], 1) if following else None
    )


def _local_day(instant: datetime, timezone: str) -> date:
    return instant.astimezone(ZoneInfo(timezone)).date()


def _next_bucket(start: datetime, bucket: str, timezone: str) -> datetime:
    """The start of the bucket after the one starting at ``start``, in the local calendar."""
    if bucket == "hour":
        return start + timedelta(hours=1)
    day = _local_day(start, timezone)
    if bucket == "day":
        day += timedelta(days=1)
    elif bucket == "month":
        day = (day.replace(day=28) + timedelta(days=8)).replace(day=1)
    else:
        day = day.replace(year=day.year + 1)
    return datetime.combine(day, time(0), ZoneInfo(timezone))
