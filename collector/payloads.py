"""What devices publish: the one source of the MQTT payload contract (``docs/asyncapi.yaml``).

Every message is a JSON object with one envelope: ``msgId`` (unique per message, kept in dead
letters), ``ts`` (ISO 8601 with a UTC offset, the time of the measurement), optional ``id``
(the publishing asset, which must match the topic), optional ``seq`` (the device's message
number, one more for each message it sends: holes show messages lost upstream) and ``values``.
Value names follow FIWARE Smart Data Models (``Streetlight``, ``StreetlightControlCabinet``,
``ThreePhaseAcMeasurement``, ``IndoorEnvironmentObserved``) and, for what SDM does not have,
the uCIFI / OMA LwM2M 3416 outdoor-lamp-controller resources in camelCase.

Validation is strict: numbers are JSON numbers (not strings, not booleans), NaN and infinities
are refused, unknown fields are refused, timestamps carry a UTC offset.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from collector.topics import CODE

MAX_POINTS_PER_CABINET = 2_000

Code = Annotated[str, Field(pattern=CODE.pattern, max_length=64)]
MessageId = Annotated[str, Field(pattern=r"^[A-Za-z0-9._:-]{1,64}$")]
Watts = Annotated[float, Field(ge=0, le=5_000)]
Fraction = Annotated[float, Field(ge=0, le=1)]
KilowattHours = Annotated[float, Field(ge=0, le=1e10)]
Seq = Annotated[int, Field(ge=0, le=2**53 - 1)]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, allow_inf_nan=False)


class LampValues(_Strict):
    """One light point's measurement (SDM ``Streetlight`` + uCIFI 3416)."""

    powerState: Literal["on", "off", "low", "bootingUp"] | None = None  # noqa: N815 - SDM name
    powerConsumption: Watts | None = None  # noqa: N815 - SDM name, W
    illuminanceLevel: Fraction | None = None  # noqa: N815 - SDM name, 0-1 of full output
    totalActiveEnergyImport: KilowattHours | None = None  # noqa: N815 - SDM name, cumulative kWh
    voltage: Annotated[float, Field(ge=0, le=1_000)] | None = None  # SDM, V
    current: Annotated[float, Field(ge=0, le=100)] | None = None  # SDM, A
    powerFactor: Fraction | None = None  # noqa: N815 - SDM name
    lampOperatingHours: Annotated[float, Field(ge=0, le=1e6)] | None = None  # noqa: N815 - uCIFI 3416/15
    lampSwitchCounter: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None  # noqa: N815 - uCIFI 3416/18
    lampFailure: bool | None = None  # noqa: N815 - uCIFI 3416/5
    dayBurner: bool | None = None  # noqa: N815 - uCIFI 3416/10
    cyclingFailure: bool | None = None  # noqa: N815 - uCIFI 3416/11
    controlGearTemperature: Annotated[float, Field(ge=-60, le=150)] | None = None  # noqa: N815 - uCIFI 3416/21, degC


class CabinetValues(_Strict):
    """A control cabinet's meter (SDM ``StreetlightControlCabinet``)."""

    energyConsumed: KilowattHours | None = None  # noqa: N815 - SDM name, cumulative kWh
    totalActivePower: Annotated[float, Field(ge=0, le=1e6)] | None = None  # noqa: N815 - SDM name, W
    voltage: Annotated[float, Field(ge=0, le=1_000)] | None = None  # V, mean of the phases
    cosPhi: Fraction | None = None  # noqa: N815 - SDM name


class MeterValues(_Strict):
    """One building meter's measurement: exactly one field, the one of the meter's quantity."""

    totalActiveEnergyImport: KilowattHours | None = None  # noqa: N815 - SDM, electricity kWh
    gasEnergyImport: KilowattHours | None = None  # noqa: N815 - gas, kWh (PCS)
    heatEnergyImport: KilowattHours | None = None  # noqa: N815 - heat network, kWh
    waterVolumeImport: Annotated[float, Field(ge=0, le=1e9)] | None = None  # noqa: N815 - m3
    temperature: Annotated[float, Field(ge=-30, le=60)] | None = None  # SDM indoor, degC

    @model_validator(mode="after")
    def _exactly_one(self) -> MeterValues:
        if len(self.model_fields_set) != 1:
            raise ValueError("a meter reading carries exactly one value")
        return self


class LampPayload(_Strict):
    """A light-point controller's message on ``.../lighting/point/{code}/meas``."""

    msgId: MessageId  # noqa: N815 - envelope name
    ts: AwareDatetime
    id: Code | None = None
    seq: Seq | None = None  # the device's message number, one more for each message
    values: LampValues


class CabinetPoint(_Strict):
    """One light point inside a cabinet batch; ``ts`` defaults to the envelope's."""

    id: Code
    ts: AwareDatetime | None = None
    values: LampValues


class CabinetPayload(_Strict):
    """A cabinet or gateway message: its own meter and the light points it carries."""

    msgId: MessageId  # noqa: N815 - envelope name
    ts: AwareDatetime
    id: Code | None = None
    seq: Seq | None = None  # the device's message number, one more for each message
    values: CabinetValues | None = None
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
    id: Code | None = None
    seq: Seq | None = None  # the device's message number, one more for each message
    values: MeterValues


class StatusPayload(_Strict):
    """Birth and last will on the retained ``.../status`` channel (not stored by the collector)."""

    state: Literal["online", "offline"]
    ts: AwareDatetime | None = None


LAMP = TypeAdapter(LampPayload)
CABINET = TypeAdapter(CabinetPayload)
METER = TypeAdapter(MeterPayload)
