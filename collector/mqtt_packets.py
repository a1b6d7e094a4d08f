"""The MQTT 5.0 packets a QoS 1 subscriber exchanges with its broker, and nothing else.

A collector sends CONNECT, SUBSCRIBE, PUBACK, PINGREQ and DISCONNECT, and receives CONNACK,
SUBACK, PUBLISH, PINGRESP and DISCONNECT (MQTT 5.0, OASIS Standard, sections 2 and 3). This
module encodes the first and cuts the broker's byte stream into the second. It is the
collector's hot path: ``PacketReader.feed`` turns a whole socket read into messages in one
loop, and the acknowledgements of a committed batch leave in one write
(``puback_packets``), where a general-purpose client spends a callback, a lock and a system
call on each message.

What a subscriber never needs is refused as a protocol error rather than half supported:
QoS 2 deliveries (the collector subscribes at QoS 1, so a broker may not send them), topic
aliases (the collector announces none) and enhanced authentication (AUTH).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Final, NamedTuple

CONNECT: Final = 1
CONNACK: Final = 2
PUBLISH: Final = 3
PUBACK: Final = 4
SUBSCRIBE: Final = 8
SUBACK: Final = 9
PINGREQ: Final = 12
PINGRESP: Final = 13
DISCONNECT: Final = 14
AUTH: Final = 15

PINGREQ_PACKET: Final = b"\xc0\x00"
DISCONNECT_PACKET: Final = b"\xe0\x00"  # reason 0x00, normal disconnection; the session stays
MAX_REMAINING_LENGTH: Final = 268_435_455  # the largest a four-byte variable integer holds

# Property identifiers (MQTT 5.0, 2.2.2.2) and the size of their values; -1: a variable integer,
# -2: two-byte length then data, -3: a pair of those (user property).
SESSION_EXPIRY_INTERVAL: Final = 0x11
ASSIGNED_CLIENT_IDENTIFIER: Final = 0x12
SERVER_KEEP_ALIVE: Final = 0x13
REASON_STRING: Final = 0x1F
RECEIVE_MAXIMUM: Final = 0x21
_PROPERTY_SIZES: Final = {
    0x01: 1, 0x02: 4, 0x03: -2, 0x08: -2, 0x09: -2, 0x0B: -1, 0x11: 4, 0x12: -2, 0x13: 2,
    0x15: -2, 0x16: -2, 0x17: 1, 0x18: 4, 0x19: 1, 0x1A: -2, 0x1C: -2, 0x1F: -2, 0x21: 2,
    0x22: 2, 0x23: 2, 0x24: 1, 0x25: 1, 0x26: -3, 0x27: 4, 0x28: 1, 0x29: 1, 0x2A: 1,
}  # fmt: skip


class ProtocolError(Exception):
    """The broker's bytes are not MQTT 5.0 a QoS 1 subscriber can accept."""


class Message(NamedTuple):
    """One PUBLISH as the broker delivered it on connection number ``generation``."""

    topic: bytes
    payload: bytes
    qos: int
    mid: int
    generation: int


@dataclass(frozen=True, slots=True)
class Packet:
    """Any packet other than PUBLISH: its type, the low four bits of its header, its body."""

    kind: int
    flags: int
    body: bytes


@dataclass(frozen=True, slots=True)
class Connack:
    """The broker's answer to CONNECT."""

    session_present: bool
    reason: int
    properties: dict[int, object]

    @property
    def refused(self) -> bool:
        """Reason codes of 0x80 and above refuse the connection."""
        return self.reason >= 0x80  # noqa: PLR2004 - MQTT 5.0, 3.2.2.2


def variable_integer(value: int) -> bytes:
    """``value`` as an MQTT variable byte integer (1 to 4 bytes)."""
    if not 0 <= value <= MAX_REMAINING_LENGTH:
        raise ValueError(f"{value} does not fit a variable byte integer")
    out = bytearray()
    while True:
        digit, value = value % 128, value // 128
        out.append(digit | 0x80 if value else digit)
        if not value:
            return bytes(out)


def _string(data: bytes) -> bytes:
    return len(data).to_bytes(2, "big") + data


def _packet(header: int, body: bytes) -> bytes:
    return bytes([header]) + variable_integer(len(body)) + body


def connect_packet(  # noqa: PLR0913 - the fields of CONNECT a subscriber sets
    client_id: str,
    *,
    keepalive_s: int,
    session_expiry_s: int,
    receive_maximum: int,
    username: str | None = None,
    password: str | None = None,
) -> bytes:
    """CONNECT without Clean Start: the broker resumes the session of ``client_id``."""
    flags = (0x80 if username is not None else 0) | (0x40 if password is not None else 0)
    properties = (
        bytes([SESSION_EXPIRY_INTERVAL])
        + session_expiry_s.to_bytes(4, "big")
        + bytes([RECEIVE_MAXIMUM])
        + receive_maximum.to_bytes(2, "big")
    )
    body = (
        _string(b"MQTT")
        + bytes([5, flags])
        + keepalive_s.to_bytes(2, "big")
        + variable_integer(len(properties))
        + properties
        + _string(client_id.encode())
    )
    if username is not None:
        body += _string(username.encode())
    if password is not None:
        body += _string(password.encode())
    return _packet(CONNECT << 4, body)


def subscribe_packet(packet_id: int, topic_filter: str, qos: int = 1) -> bytes:
    """SUBSCRIBE to one filter at ``qos``; retained messages only if the session lacked it.

    Retain Handling 1: a collector resubscribes on every connection, and the retained messages
    of a subscription its session already holds would only come back as duplicates.
    """
    options = 0b0001_0000 | qos
    body = (
        packet_id.to_bytes(2, "big") + b"\x00" + _string(topic_filter.encode()) + bytes([options])
    )
    return _packet(SUBSCRIBE << 4 | 0b0010, body)


def puback_packets(mids: list[int]) -> bytes:
    """One PUBACK (reason 0x00, success) per packet identifier, in order, as one write."""
    return b"".join(b"\x40\x02" + mid.to_bytes(2, "big") for mid in mids)


def parse_connack(body: bytes) -> Connack:
    """Session Present, the reason code and the properties of a CONNACK."""
    if len(body) == 2 and body[1] == 1:  # noqa: PLR2004 - MQTT 3.1.1: unacceptable protocol version
        raise ProtocolError("the broker does not speak MQTT 5 (it answered as MQTT 3.1.1)")
    if len(body) < 3:  # noqa: PLR2004 - flags, reason code, properties length
        raise ProtocolError("CONNACK too short")
    return Connack(bool(body[0] & 1), body[1], parse_properties(body, 2)[0])


def parse_suback(body: bytes) -> list[int]:
    """The reason code of each filter of a SUBACK (0x00-0x02 granted QoS, >= 0x80 refused)."""
    _, start = parse_properties(body, 2)
    return list(body[start:])


def parse_disconnect(body: bytes) -> tuple[int, str]:
    """The reason code of a DISCONNECT from the broker and its reason string if any."""
    if not body:
        return 0, ""
    properties = parse_properties(body, 1)[0] if len(body) > 1 else {}
    reason = properties.get(REASON_STRING, b"")
    return body[0], reason.decode(errors="replace") if isinstance(reason, bytes) else ""


def parse_properties(body: bytes, start: int) -> tuple[dict[int, object], int]:
    """The properties at ``start`` (their length first) and the offset after them."""
    length, at = _read_variable(body, start)
    end = at + length
    if end > len(body):
        raise ProtocolError("properties run past the packet")
    properties: dict[int, object] = {}
    while at < end:
        ident = body[at]
        size = _PROPERTY_SIZES.get(ident)
        if size is None:
            raise ProtocolError(f"unknown property 0x{ident:02x}")
        at += 1
        if size == -1:
            properties[ident], at = _read_variable(body, at)
        elif size > 0:
            properties[ident] = int.from_bytes(body[at : at + size], "big")
            at += size
        else:
            for _ in range(-size - 1):
                count = int.from_bytes(body[at : at + 2], "big")
                properties[ident] = body[at + 2 : at + 2 + count]
                at += 2 + count
    if at != end:
        raise ProtocolError("a property runs past the properties")
    return properties, end


def _read_variable(data: bytes | bytearray, at: int) -> tuple[int, int]:
    value, shift = 0, 0
    for i in range(at, min(at + 4, len(data))):
        value |= (data[i] & 0x7F) << shift
        if not data[i] & 0x80:
            return value, i + 1
        shift += 7
    raise ProtocolError("malformed variable byte integer")


class PacketReader:
    """Cuts the broker's byte stream into messages and other packets, across any reads."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def clear(self) -> None:
        """Forget a partial packet (the connection it came on is gone)."""
        self._buffer.clear()

    def feed(self, data: bytes, inbox: deque[Message], generation: int) -> Packet | None:
        """Append whole PUBLISH packets to ``inbox`` up to the first other packet, returned.

        The caller handles that packet before the messages behind it are taken (a refused
        SUBACK or a DISCONNECT ends the connection, and what follows it with it), then calls
        ``feed(b"", ...)`` again for the rest, until None: nothing whole is left.
        """
        buf = self._buffer
        buf += data
        size, pos, other = len(buf), 0, None
        append = inbox.append
        while size - pos >= 2:  # noqa: PLR2004 - the shortest packet: header and length
            length, shift, at = 0, 0, pos + 1
            while True:
                if at >= size:
                    length = -1
                    break
                digit = buf[at]
                length |= (digit & 0x7F) << shift
                at += 1
                if not digit & 0x80:
                    break
                shift += 7
                if shift > 21:  # noqa: PLR2004 - four bytes at most
                    raise ProtocolError("malformed remaining length")
            end = at + length
            if length < 0 or end > size:
                break
            header = buf[pos]
            if header >> 4 == PUBLISH:
                try:
                    append(_publish(buf, header, at, end, generation))
                except IndexError as exc:
                    raise ProtocolError("PUBLISH shorter than its header") from exc
            else:
                other = Packet(header >> 4, header & 0x0F, bytes(buf[at:end]))
                pos = end
                break
            pos = end
        del buf[:pos]
        return other


def _publish(buf: bytearray, header: int, at: int, end: int, generation: int) -> Message:
    qos = (header >> 1) & 3
    topic_end = at + 2 + (buf[at] << 8 | buf[at + 1])
    if topic_end == at + 2:
        raise ProtocolError("PUBLISH with a topic alias, which this client never allows")
    mid = 0
    cursor = topic_end
    if qos:
        if qos > 1:
            raise ProtocolError(f"PUBLISH at QoS {qos} on a QoS 1 subscription")
        mid = buf[cursor] << 8 | buf[cursor + 1]
        cursor += 2
    if buf[cursor] < 0x80:  # noqa: PLR2004 - one-byte property length, the usual case
        cursor += 1 + buf[cursor]
    else:
        length, after = _read_variable(buf, cursor)
        cursor = after + length
    if cursor > end:
        raise ProtocolError("PUBLISH header runs past the packet")
    return Message(bytes(buf[at + 2 : topic_end]), bytes(buf[cursor:end]), qos, mid, generation)
