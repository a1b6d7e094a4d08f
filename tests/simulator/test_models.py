"""The simulated devices behave like real ones.

Night, dimming, ballast, renovation, ageing, heating that follows the weather, counters that
only go up.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.buildings import MeterModel
from simulator.lamps import LampModel, traits_of
from simulator.sky import Sky
from simulator.territory import Equipment, LightPoint, Meter

ANGERS = (47.4712, -0.5518)
PARIS = ZoneInfo("Europe/Paris")
SKY = Sky(*ANGERS, seed=1)
LAMPS = LampModel(1, SKY, PARIS)
METERS = MeterModel(1, SKY, PARIS)


def _equipment(
    tech: str, watts: float, since: date, until: date | None = None, **kw: object
) -> Equipment:
    values: dict[str, object] = {
        "valid_from": since, "valid_to": until, "technology": tech, "nominal_power_w": watts,
        "ballast_loss_pct": 15.0 if tech == "HPS" else 0.0, "lamp_installed_on": since,
        "rated_life_h": 24_000 if tech == "HPS" else 100_000, "remote_controlled": True,
        "dimmable": tech == "LED", **kw,
    }  # fmt: skip
    return Equipment(**values)  # type: ignore[arg-type]


RENOVATED = LightPoint(
    "P-RENOV", "C1", 600,
    (_equipment("HPS", 150, date(2020, 1, 1), date(2026, 3, 1), lamp_installed_on=date(2025, 6, 1)),
     _equipment("LED", 50, date(2026, 3, 1))),
)  # fmt: skip


def _values(point: LightPoint, ts: datetime) -> dict[str, object]:
    equipment = point.equipment_on(ts.date())
    assert equipment is not None
    return LAMPS.values(point, traits_of(1, point), equipment, ts)


def test_lamps_burn_at_night_only() -> None:
    """Off at noon, on in the evening, dimmed in the middle of the night (local time)."""
    noon = _values(RENOVATED, datetime(2026, 6, 15, 12, tzinfo=UTC))
    evening = _values(RENOVATED, datetime(2026, 6, 15, 19, tzinfo=UTC))  # 21:00 local, still light
    winter_evening = _values(RENOVATED, datetime(2026, 12, 15, 18, tzinfo=UTC))  # 19:00 local
    late = _values(RENOVATED, datetime(2026, 12, 16, 1, tzinfo=UTC))  # 02:00 local
    assert noon["powerState"] == "off"
    assert evening["powerState"] == "off"
    assert winter_evening["powerState"] == "on"
    assert late["powerState"] == "low"
    assert late["illuminanceLevel"] == 0.5
    assert float(str(late["powerConsumption"])) < float(str(winter_evening["powerConsumption"]))


def test_renovation_switches_from_sodium_with_ballast_to_led() -> None:
    """Before the renovation date a 150 W sodium lamp draws ~172 W; after it the LED ~50 W."""
    before = _values(RENOVATED, datetime(2026, 2, 20, 19, tzinfo=UTC))
    after = _values(RENOVATED, datetime(2026, 3, 20, 19, tzinfo=UTC))
    assert 165 < float(str(before["powerConsumption"])) < 180
    assert 45 < float(str(after["powerConsumption"])) < 55
    assert float(str(after["totalActiveEnergyImport"])) < float(
        str(before["totalActiveEnergyImport"])
    )


def test_sodium_lamps_cycle_then_fail_as_they_age() -> None:
    """Over the years an ageing sodium lamp goes from healthy to cycling to failed, never back."""
    point = LightPoint(
        "P-OLD", None, 600, (_equipment("HPS", 100, date(2015, 1, 1), rated_life_h=8_000),)
    )
    phases = []
    for night in range(0, 6 * 365, 3):
        values = _values(point, datetime(2015, 1, 1, 23, tzinfo=UTC) + timedelta(days=night))
        phase = 2 if values["lampFailure"] else 1 if values["cyclingFailure"] else 0
        phases.append(phase)
    assert phases == sorted(phases)
    assert set(phases) == {0, 1, 2}


@given(
    st.datetimes(
        min_value=datetime(2021, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
        max_value=datetime(2027, 12, 31),  # noqa: DTZ001 - same
        timezones=st.just(UTC),
    )
)
@settings(max_examples=60, deadline=None)
def test_meter_index_never_goes_back(ts: datetime) -> None:
    """A cumulative register is not smaller a quarter of an hour later (no rollover here)."""
    meter = Meter("M", "gas", "kWh", "cumulative", None, 900, "B", "school", 2_000.0)
    assert METERS.index(meter, ts + timedelta(minutes=15)) >= METERS.index(meter, ts)


def test_heating_follows_the_outdoor_temperature() -> None:
    """Gas for heating is high on a winter day and near zero in summer; DJU drive it."""
    winter = datetime(2026, 1, 20, 10, tzinfo=UTC)
    summer = datetime(2026, 7, 20, 10, tzinfo=UTC)
    assert SKY.outdoor_c(winter) < 10 < SKY.outdoor_c(summer)
    assert METERS.rate_per_h("gas", "school", 1_000, winter) > 20
    assert METERS.rate_per_h("gas", "school", 1_000, summer) < 1


def test_electricity_follows_occupancy() -> None:
    """An office uses more electricity on a weekday morning than on a Sunday."""
    weekday = datetime(2026, 1, 20, 9, tzinfo=UTC)
    sunday = datetime(2026, 1, 25, 9, tzinfo=UTC)
    assert METERS.rate_per_h("electricity", "office", 1_000, weekday) > 3 * METERS.rate_per_h(
        "electricity", "office", 1_000, sunday
    )


def test_registers_roll_over_at_their_maximum() -> None:
    """A register smaller than the building's consumption wraps instead of growing forever."""
    meter = Meter(
        "M-SMALL", "electricity", "kWh", "cumulative", 1_000.0, 900, "B", "office", 5_000.0
    )
    value = METERS.values(meter, datetime(2026, 1, 20, tzinfo=UTC))["totalActiveEnergyImport"]
    assert 0 <= value < 1_000
