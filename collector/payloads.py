"""What devices publish: the one source of the MQTT payload contract (``docs/asyncapi.yaml``).

Every message is a JSON object with one envelope: ``msgId`` (unique per message, kept in dead
letters), ``ts`` (ISO 8601 with a UTC offset, the time of the measurement), optional ``id``
(the publishing asset, which must match the topic), optional ``seq`` (the device's message
number, one more for each message it sends: holes show messages lost upstream) and ``values``.
Value names follow FIWARE Smart Data Models (``Streetlight``, ``StreetlightControlCabinet``,
``ThreePhaseAcMeasurement``, ``IndoorEnvironmentObserved``) and, for what SDM does not have,
the uCIFI / OMA LwM2M 3416 outdoor-lamp-controller resources in camelCase.

Validation is strict: numbers are JSON numbers (not strings, not booleans), NaN and infinities
are refused, unknown fields are refused, ``null`` is refused (an optional field is left out),
timestamps carry a UTC offset.
"""

from __future__ import annotations

from typing import Annotated, Literal, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    model_validator,
)

from collector.topics import CODE

MAX_POINTS_PER_CABINET = 2_000

Code = Annotated[str, Field(pattern=f"^{CODE.pattern}$", max_length=64)]
MessageId = Annotated[str, Field(pattern=r"^[A-Za-z0-9._:-]{1,64}$")]
Watts = Annotated[float, Field(ge=0, le=5_000)]
Fraction = Annotated[float, Field(ge=0, le=1)]
KilowattHours = Annotated[float, Field(ge=0, le=1e10)]
Seq = Annotated[int, Field(ge=0, le=2**53 - 1)]
T = TypeVar("T")


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, allow_inf_nan=False)


def _present(value: T | None) -> T | None:
    """Refuse ``null``: on the wire an optional field is left out (docs/asyncapi.yaml)."""
    if value is None:
        raise ValueError("null is not a value: leave an optional field out")
    return value


# An optional field: absent is None (the default, never validated); an explicit null is refused.
Absent = Annotated[T | None, AfterValidator(_present)]


class LampValues(_Strict):
    """One light point's measurement (SDM ``Streetlight`` + uCIFI 3416)."""

    powerState: Absent[Literal["on", "off", "low", "bootingUp"]] = None  # noqa: N815 - SDM name
    powerConsumption: Absent[Watts] = None  # noqa: N815 - SDM name, W
    illuminanceLevel: Absent[Fraction] = None  # noqa: N815 - SDM name, 0-1 of full output
    totalActiveEnergyImport: Absent[KilowattHours] = None  # noqa: N815 - SDM name, cumulative kWh
    voltage: Absent[Annotated[float, Field(ge=0, le=1_000)]] = None  # SDM, V
    current: Absent[Annotated[float, Field(ge=0, le=100)]] = None  # SDM, A
    powerFactor: Absent[Fraction] = None  # noqa: N815 - SDM name
    lampOperatingHours: Absent[Annotated[float, Field(ge=0, le=1e6)]] = None  # noqa: N815 - uCIFI 3416/15
    lampSwitchCounter: Absent[Annotated[int, Field(ge=0, le=2**31 - 1)]] = None  # noqa: N815 - uCIFI 3416/18
    lampFailure: Absent[bool] = None  # noqa: N815 - uCIFI 3416/5
    dayBurner: Absent[bool] = None  # noqa: N815 - uCIFI 3416/10
    cyclingFailure: Absent[bool] = None  # noqa: N815 - uCIFI 3416/11
    controlGearTemperature: Absent[Annotated[float, Field(ge=-60, le=150)]] = None  # noqa: N815 - uCIFI 3416/21, degC


class CabinetValues(_Strict):
    """A control cabinet's meter (SDM ``StreetlightControlCabinet``)."""

    energyConsumed: Absent[KilowattHours] = None  # noqa: N815 - SDM name, cumulative kWh
    totalActivePower: Absent[Annotated[float, Field(ge=0, le=1e6)]] = None  # noqa: N815 - SDM name, W
    voltage: Absent[Annotated[float, Field(ge=0, le=1_000)]] = None  # V, mean of the phases
    cosPhi: Absent[Fraction] = None  # noqa: N815 - SDM name


class MeterValues(_Strict):
    """One building meter's measurement: exactly one field, the one of the meter's quantity."""

    totalActiveEnergyImport: Absent[KilowattHours] = None  # noqa: N815 - SDM, electricity kWh
    gasEnergyImport: Absent[KilowattHours] = None  # noqa: N815 - gas, kWh (PCS)
    heatEnergyImport: Absent[KilowattHours] = None  # noqa: N815 - heat network, kWh
    waterVolumeImport: Absent[Annotated[float, Field(ge=0, le=1e9)]] = None  # noqa: N815 - m3
    temperature: Absent[Annotated[float, Field(ge=-30, le=60)]] = None  # SDM indoor, degC

    @model_validator(mode="after")
    def _exactly_one(self) -> MeterValues:
        if len(self.model_fields_set) != 1:
            raise ValueError("a meter reading carries exactly one value")
        return self


class LampPayload(_Strict):
    """A light-point controller's message on ``.../lighting/point/{code}/meas``."""

    msgId: MessageId  # noqa: N815 - envelope name
    ts: AwareDatetime
    id: Absent[Code] = None
    seq: Absent[Seq] = None  # the device's message number, one more for each message
    values: LampValues


class CabinetPoint(_Strict):
    """One light point inside a cabinet batch; ``ts`` defaults to the envelope's."""

    id: Code
    ts: Absent[AwareDatetime] = None
    values: LampValues


class CabinetPayload(_Strict):
    """A cabinet or gateway message: its own meter and the light points it carries."""

    msgId: MessageId  # noqa: N815 - envelope name
    ts: AwareDatetime
    id: Absent[Code] = None
    seq: Absent[Seq] = None  # the device's message number, one more for each message
    values: Absent[CabinetValues] = None
    points: Annotated[list[CabinetPoint], Field(max_length=MAX_POINTS_PER_CABINET)] = []

    @model_validator(mode="after")
    def _not_empty(self) -> CabinetPayload:
        if self.values is None and not self.points:
            raise ValueError("a cabinet message carries values, points or both")
        return self


class MeterPayload(_Strict):
    """A building meter's message on ``.../buildings/meter/{code}/meas``."""

    msgId: MessageId  # noqa: N815 - envelope name
    ts: AwareDatetime
    id: Absent[Code] = None
    seq: Absent[Seq] = None  # the device's message number, one more for each message
    values: MeterValues


class StatusPayload(_Strict):
    """Birth and last will on the retained ``.../status`` channel (not stored by the collector)."""

    state: Literal["online", "offline"]
    ts: Absent[AwareDatetime] = None


LAMP = TypeAdapter(LampPayload)
CABINET = TypeAdapter(CabinetPayload)
METER = TypeAdapter(MeterPayload)
