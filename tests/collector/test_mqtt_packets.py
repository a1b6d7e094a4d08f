"""The MQTT 5 codec of the collector: packets cut right across any reads, bad bytes refused."""

from __future__ import annotations

from collections import deque

import pytest
from hypothesis import given
from hypothesis import strategies as st

from collector.mqtt_packets import (
    PINGRESP,
    SERVER_KEEP_ALIVE,
    Message,
    PacketReader,
    ProtocolError,
    connect_packet,
    parse_connack,
    parse_disconnect,
    parse_suback,
    puback_packets,
    subscribe_packet,
    variable_integer,
)


def _varint(value: int) -> bytes:
    """An independent encoder of the variable byte integer (MQTT 5.0, 1.5.5)."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _publish(
    topic: bytes, payload: bytes, mid: int, properties: bytes = b"", qos: int = 1
) -> bytes:
    body = len(topic).to_bytes(2, "big") + topic
    if qos:
        body += mid.to_bytes(2, "big")
    body += _varint(len(properties)) + properties + payload
    return bytes([0x30 | qos << 1]) + _varint(len(body)) + body


# Properties a publisher may attach: payload format, message expiry, content type, user pair.
PROPERTIES = (
    b"\x01\x01\x02\x00\x00\x0e\x10\x03\x00\x10application/json\x26\x00\x04site\x00\x06angers"
)


@given(st.integers(min_value=0, max_value=268_435_455))
def test_variable_integer_matches_the_standard(value: int) -> None:
    """Every length from 0 to 268,435,455 encodes as the standard says, in 1 to 4 bytes."""
    assert variable_integer(value) == _varint(value)
    assert len(variable_integer(value)) <= 4


def test_variable_integer_refuses_what_does_not_fit() -> None:
    """A length beyond four bytes cannot be sent."""
    with pytest.raises(ValueError, match="does not fit"):
        variable_integer(268_435_456)


messages = st.lists(
    st.tuples(
        st.binary(min_size=1, max_size=300),
        st.binary(max_size=20_000),
        st.integers(min_value=1, max_value=65_535),
        st.booleans(),
        st.integers(min_value=0, max_value=1),
    ),
    min_size=1,
    max_size=25,
)


@given(messages, st.lists(st.integers(min_value=1, max_value=5_000), max_size=40))
def test_publishes_come_out_whole_however_the_stream_is_cut(
    sent: list[tuple[bytes, bytes, int, bool, int]], cuts: list[int]
) -> None:
    """Topics, payloads, QoS and packet ids survive any split of the stream into reads."""
    stream = b"".join(
        _publish(topic, payload, mid, PROPERTIES if with_properties else b"", qos)
        for topic, payload, mid, with_properties, qos in sent
    )
    reader, inbox = PacketReader(), deque[Message]()
    at = 0
    for size in [*cuts, len(stream)]:
        assert reader.feed(stream[at : at + size], inbox, 7) is None
        at += size
    assert [(m.topic, m.payload, m.qos, m.mid if m.qos else 0) for m in inbox] == [
        (topic, payload, qos, mid if qos else 0) for topic, payload, mid, _, qos in sent
    ]
    assert {m.generation for m in inbox} == {7}


def test_other_packets_stop_the_feed_in_order() -> None:
    """A packet that is not PUBLISH is handed back before the messages that follow it."""
    reader, inbox = PacketReader(), deque[Message]()
    stream = _publish(b"a", b"1", 1) + b"\xd0\x00" + _publish(b"b", b"2", 2)
    packet = reader.feed(stream, inbox, 1)
    assert packet is not None
    assert packet.kind == PINGRESP
    assert [m.topic for m in inbox] == [b"a"]
    assert reader.feed(b"", inbox, 2) is None
    assert [(m.topic, m.generation) for m in inbox] == [(b"a", 1), (b"b", 2)]


@pytest.mark.parametrize(
    ("stream", "message"),
    [
        (b"\x32\xff\xff\xff\xff\x01", "remaining length"),
        (_publish(b"t", b"x", 1, qos=2), "QoS 2"),
        (b"\x32\x05\x00\x00\x00\x01\x00", "topic alias"),
        (b"\x32\x03\x00\x05a", "shorter than its header"),
        (b"\x32\x06\x00\x01a\x00\x01\x09", "past the packet"),
    ],
    ids=["five-byte length", "qos 2", "topic alias", "truncated topic", "properties too long"],
)
def test_malformed_publishes_are_protocol_errors(stream: bytes, message: str) -> None:
    """Bytes a QoS 1 subscriber cannot accept end the connection with a named reason."""
    with pytest.raises(ProtocolError, match=message):
        PacketReader().feed(stream, deque(), 1)


def test_connect_asks_to_resume_the_session_with_its_window() -> None:
    """CONNECT is MQTT 5, never Clean Start, with session expiry, receive maximum, login."""
    packet = connect_packet(
        "vigie-1", keepalive_s=30, session_expiry_s=172_800, receive_maximum=1_000,
        username="u", password="p",  # noqa: S106 - a test login
    )  # fmt: skip
    assert packet[0] == 0x10
    body = packet[2:]
    assert body[:6] == b"\x00\x04MQTT"
    assert body[6] == 5
    assert body[7] == 0xC0  # username and password, no Clean Start
    assert body[8:10] == (30).to_bytes(2, "big")
    assert b"\x11" + (172_800).to_bytes(4, "big") in body
    assert b"\x21" + (1_000).to_bytes(2, "big") in body
    assert body.endswith(b"\x00\x07vigie-1\x00\x01u\x00\x01p")


def test_subscribe_and_acknowledgements_are_well_formed() -> None:
    """SUBSCRIBE: reserved flags, QoS 1, Retain Handling 1; a batch's PUBACKs leave in order."""
    assert subscribe_packet(1, "a/+/b") == b"\x82\x0b\x00\x01\x00\x00\x05a/+/b\x11"
    assert puback_packets([1, 258]) == b"\x40\x02\x00\x01\x40\x02\x01\x02"
    assert puback_packets([]) == b""


def test_connack_suback_and_disconnect_are_read() -> None:
    """Session Present, reason codes, Server Keep Alive and a reason string are understood."""
    connack = parse_connack(b"\x01\x00\x03\x13\x00\x05")
    assert connack.session_present
    assert not connack.refused
    assert connack.properties[SERVER_KEEP_ALIVE] == 5
    assert parse_connack(b"\x00\x86\x00").refused  # bad user name or password
    with pytest.raises(ProtocolError, match="does not speak MQTT 5"):
        parse_connack(b"\x00\x01")  # an MQTT 3.1.1 broker's refusal of version 5
    assert parse_suback(b"\x00\x01\x00\x01") == [1]
    assert parse_suback(b"\x00\x01\x00\x87") == [0x87]
    assert parse_disconnect(b"\x8b\x07\x1f\x00\x04bye!") == (0x8B, "bye!")
    assert parse_disconnect(b"") == (0, "")
    with pytest.raises(ProtocolError, match="unknown property"):
        parse_connack(b"\x00\x00\x02\x7f\x00")
