"""The collector's MQTT 5 codec agrees with an independent implementation: paho's encoders.

paho-mqtt (a dependency, used by the simulator) writes MQTT 5 properties, strings and variable
integers with its own code. Hypothesis draws the packets; what paho writes, the collector must
read as paho meant it, and what the collector writes, paho must read back.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Mapping
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties, VariableByteIntegers, readUTF, writeUTF
from paho.mqtt.reasoncodes import ReasonCode as PahoReasonCode

from collector.mqtt_packets import (
    ASSIGNED_CLIENT_IDENTIFIER,
    REASON_STRING,
    SERVER_KEEP_ALIVE,
    Message,
    PacketReader,
    connect_packet,
    parse_connack,
    parse_disconnect,
    variable_integer,
)
from collector.reason_codes import ReasonCode

text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xD7FF), max_size=40)
pairs = st.lists(st.tuples(text, text), max_size=3)


def _properties(packet_type: int, **values: object) -> Properties:
    properties = Properties(packet_type)  # type: ignore[no-untyped-call]  # paho is not annotated
    for name, value in values.items():
        if value is not None and value != []:
            setattr(properties, name, value)
    return properties


def _pack(properties: Properties) -> bytes:
    packed: bytes = properties.pack()  # type: ignore[no-untyped-call]  # paho is not annotated
    return packed


def _frame(header: int, body: bytes) -> bytes:
    length: bytes = VariableByteIntegers.encode(len(body))  # type: ignore[no-untyped-call]  # paho is not annotated
    return bytes([header]) + length + body


@given(st.integers(min_value=0, max_value=268_435_455))
def test_variable_integers_are_paho_s(value: int) -> None:
    """Every variable byte integer is written as paho writes it, and paho reads it back."""
    encoded = variable_integer(value)
    assert encoded == VariableByteIntegers.encode(value)  # type: ignore[no-untyped-call]  # paho is not annotated
    assert VariableByteIntegers.decode(encoded) == (value, len(encoded))  # type: ignore[no-untyped-call]  # paho is not annotated


publishes = st.lists(
    st.tuples(
        st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=60),
        st.binary(max_size=300),
        st.integers(min_value=1, max_value=65_535),
        st.one_of(st.none(), st.integers(min_value=0, max_value=2**32 - 1)),
        st.one_of(st.none(), text),
        pairs,
    ),
    min_size=1,
    max_size=8,
)


@given(publishes, st.lists(st.integers(min_value=1, max_value=400), max_size=20))
def test_publishes_written_by_paho_are_read_whole(
    messages: list[tuple[str, bytes, int, int | None, str | None, list[tuple[str, str]]]],
    cuts: list[int],
) -> None:
    """PUBLISH packets whose topic, properties and length paho wrote give the same messages."""
    stream = b""
    for topic, payload, mid, expiry, content_type, user in messages:
        properties = _properties(
            PacketTypes.PUBLISH,
            MessageExpiryInterval=expiry,
            ContentType=content_type,
            UserProperty=user,
        )
        body = writeUTF(topic) + mid.to_bytes(2, "big") + _pack(properties) + payload  # type: ignore[no-untyped-call]  # paho is not annotated
        stream += _frame(0x32, body)
    reader, inbox = PacketReader(), deque[Message]()
    at = 0
    for size in [*cuts, len(stream)]:
        assert reader.feed(stream[at : at + size], inbox, 0) is None
        at += size
    expected = [(t.encode(), p, m) for t, p, m, *_ in messages]
    assert [(m.topic, m.payload, m.mid) for m in inbox] == expected


@given(
    st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=23),
    st.integers(min_value=0, max_value=65_535),
    st.integers(min_value=0, max_value=2**32 - 1),
    st.integers(min_value=1, max_value=65_535),
    st.one_of(st.none(), text),
    st.one_of(st.none(), text),
)
def test_connect_is_read_by_paho_as_written(  # noqa: PLR0913, PLR0917 - one argument per drawn field
    client_id: str,
    keepalive: int,
    expiry: int,
    receive_maximum: int,
    username: str | None,
    password: str | None,
) -> None:
    """Paho reads our CONNECT's protocol, properties, client id and credentials back."""
    packet = connect_packet(
        client_id,
        keepalive_s=keepalive,
        session_expiry_s=expiry,
        receive_maximum=receive_maximum,
        username=username,
        password=password,
    )
    length, used = VariableByteIntegers.decode(packet[1:])  # type: ignore[no-untyped-call]  # paho is not annotated
    body = packet[1 + used :]
    assert packet[0] == 0x10
    assert len(body) == length
    protocol, at = readUTF(body, len(body))  # type: ignore[no-untyped-call]  # paho is not annotated
    assert (protocol, body[at], int.from_bytes(body[at + 2 : at + 4], "big")) == (
        "MQTT",
        5,
        keepalive,
    )
    flags = body[at + 1]
    assert flags & 0x02 == 0  # never Clean Start
    properties: Any = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]  # paho is not annotated
    _, used = properties.unpack(body[at + 4 :])
    assert (properties.SessionExpiryInterval, properties.ReceiveMaximum) == (
        expiry,
        receive_maximum,
    )
    rest = body[at + 4 + used :]
    read: list[str] = []
    while rest:
        value, size = readUTF(rest, len(rest))  # type: ignore[no-untyped-call]  # paho is not annotated
        read.append(value)
        rest = rest[size:]
    assert read == [client_id, *(v for v in (username, password) if v is not None)]
    assert bool(flags & 0x80) == (username is not None)
    assert bool(flags & 0x40) == (password is not None)


@given(
    st.booleans(),
    st.sampled_from(list(ReasonCode)),
    st.one_of(st.none(), st.integers(min_value=0, max_value=65_535)),
    st.one_of(st.none(), text),
    st.one_of(st.none(), text),
    pairs,
)
def test_connack_and_disconnect_written_by_paho_are_read(  # noqa: PLR0913, PLR0917 - one argument per drawn field
    session_present: bool,  # noqa: FBT001 - drawn by Hypothesis
    reason: ReasonCode,
    keep_alive: int | None,
    client_id: str | None,
    reason_string: str | None,
    user: list[tuple[str, str]],
) -> None:
    """Flags, reason code and properties paho packs are what parse_connack/disconnect return."""
    connack = _properties(
        PacketTypes.CONNACK,
        ServerKeepAlive=keep_alive,
        AssignedClientIdentifier=client_id,
        ReasonString=reason_string,
        UserProperty=user,
    )
    parsed = parse_connack(bytes([int(session_present), reason]) + _pack(connack))
    assert (parsed.session_present, parsed.reason) == (session_present, reason)
    assert parsed.properties.get(SERVER_KEEP_ALIVE) == keep_alive
    assigned = parsed.properties.get(ASSIGNED_CLIENT_IDENTIFIER)
    assert (assigned.decode() if isinstance(assigned, bytes) else None) == client_id
    said = parsed.properties.get(REASON_STRING)
    assert (said.decode() if isinstance(said, bytes) else None) == reason_string
    disconnect = _properties(PacketTypes.DISCONNECT, ReasonString=reason_string, UserProperty=user)
    assert parse_disconnect(bytes([reason]) + _pack(disconnect)) == (reason, reason_string or "")


# Where paho departs from the standard's wording (MQTT 5.0, 2.4: "No subscription existed",
# "Shared Subscriptions not supported", "Wildcard Subscriptions not supported").
PAHO_SAYS = {
    "NO_SUBSCRIPTION_EXISTED": "NO_SUBSCRIPTION_FOUND",
    "SHARED_SUBSCRIPTIONS_NOT_SUPPORTED": "SHARED_SUBSCRIPTION_NOT_SUPPORTED",
    "WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED": "WILDCARD_SUBSCRIPTION_NOT_SUPPORTED",
}


def test_reason_code_names_are_the_standard_s() -> None:
    """Each named reason code is paho's name of that code, in upper snake case."""
    table: Mapping[int, Mapping[str, list[int]]] = PahoReasonCode(
        PacketTypes.CONNACK, identifier=0
    ).names
    differ = {}
    for code in ReasonCode:
        spelled = {re.sub(r"[^A-Z0-9]+", "_", n.upper()).strip("_") for n in table[code.value]}
        if PAHO_SAYS.get(code.name, code.name) not in spelled:
            differ[code.name] = spelled
    assert differ == {}
    assert set(table) == {code.value for code in ReasonCode}
