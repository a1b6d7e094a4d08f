"""The collector's age limit is a setting: older readings are dead-lettered naming the limit."""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest
from factories import make_territory
from ingest_helpers import (
    Publisher,
    collector_thread,
    encode,
    lamp_payload,
    make_settings,
    stamp,
    unique_prefix,
    wait_until,
)
from servers import MosquittoServer

from collector.replays import replay_dead_letters
from collector.service import reading_max_ahead
from collector.topics import Kind, topic_of
from core.database import connect
from core.errors import ConfigurationError
from core.settings import load_settings

Conn = psycopg.Connection[tuple[object, ...]]
FORTY_DAYS = 40 * 24 * 60.0  # minutes


def _count(db: Conn, table: str) -> int:
    row = db.execute(f"SELECT count(*) FROM {table}".encode()).fetchone()  # noqa: S608 - test table names
    assert row is not None
    return int(str(row[0]))


def test_a_reading_older_than_the_setting_is_refused_and_accepted_when_it_allows(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """40 days old: a ts_too_old dead letter under a 30-day limit, stored under a 60-day one."""
    town = make_territory(db)
    code = town.point_codes[0]
    old = encode(lamp_payload(ts=stamp(FORTY_DAYS)))
    publisher = Publisher(broker.url)
    strict = make_settings(db_url, broker.url, unique_prefix(), max_reading_age_days=30)
    with collector_thread(strict):
        publisher.publish_all(
            [(topic_of(strict.mqtt_topic_prefix, "testville", Kind.LAMP, code), old)]
        )
        wait_until(lambda: _count(db, "dead_letters") == 1, what="the dead letter")
    row = db.execute(b"SELECT error_kind, reason FROM dead_letters").fetchone()
    assert row is not None
    assert row[0] == "ts_too_old"
    assert "(older than the 30-day limit)" in str(row[1])
    assert _count(db, "lamp_readings") == 0

    lenient = make_settings(db_url, broker.url, unique_prefix(), max_reading_age_days=60)
    with collector_thread(lenient):
        publisher.publish_all(
            [(topic_of(lenient.mqtt_topic_prefix, "testville", Kind.LAMP, code), old)]
        )
        wait_until(lambda: _count(db, "lamp_readings") == 1, what="the reading")
    publisher.close()
    assert _count(db, "dead_letters") == 1


def test_a_letter_refused_for_its_age_is_replayed_with_a_longer_limit(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """Replay keeps refusing under the setting's limit and stores the reading under a longer one."""
    town = make_territory(db)
    settings = make_settings(db_url, broker.url, unique_prefix(), max_reading_age_days=30)
    topic = topic_of(settings.mqtt_topic_prefix, "testville", Kind.LAMP, town.point_codes[0])
    publisher = Publisher(broker.url)
    with collector_thread(settings):
        publisher.publish_all([(topic, encode(lamp_payload(ts=stamp(FORTY_DAYS))))])
        wait_until(lambda: _count(db, "dead_letters") == 1, what="the dead letter")
    publisher.close()
    results = []
    for days in (30, 45):
        with connect(db_url) as conn:
            results.append(
                replay_dead_letters(
                    conn,
                    prefix=settings.mqtt_topic_prefix,
                    territory="testville",
                    collector="replay",
                    max_age=timedelta(days=days),
                    max_ahead=reading_max_ahead(settings),
                )
            )
    assert [(r.stored, r.refused) for r in results] == [(0, {"ts_too_old": 1}), (1, {})]
    assert _count(db, "lamp_readings") == 1


@pytest.mark.parametrize(
    ("variable", "value"),
    [("VIGIE_MAX_READING_AGE_DAYS", "0"), ("VIGIE_MAX_READING_AHEAD_S", "-1")],
)
def test_a_limit_out_of_bounds_is_refused_naming_its_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    """An age limit under a day or a negative tolerance is a configuration error."""
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigurationError, match=variable):
        load_settings()
