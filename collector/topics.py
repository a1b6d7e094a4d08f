"""The MQTT topic scheme: ``{prefix}/{territory}/{domain}/{asset}/{code}/{channel}``.

``prefix`` carries the contract version (``vigie/v1``). Three kinds of asset publish
measurements on the ``meas`` channel and their birth / last will on the retained ``status``
channel::

    vigie/v1/angers/lighting/point/ANG-CLE-00012/meas     one light point
    vigie/v1/angers/lighting/cabinet/ANG-CLE-CAB001/meas  a cabinet and the points it carries
    vigie/v1/angers/buildings/meter/B-0001-ELEC/meas      one building meter
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
TERRITORY = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")
MEASUREMENTS = "meas"
STATUS = "status"


class Kind(StrEnum):
    """What published a message; the value names its readings table's kind."""

    LAMP = "lamp"
    CABINET = "cabinet"
    METER = "meter"


_SEGMENTS = {
    Kind.LAMP: ("lighting", "point"),
    Kind.CABINET: ("lighting", "cabinet"),
    Kind.METER: ("buildings", "meter"),
}
_KINDS = {segments: kind for kind, segments in _SEGMENTS.items()}


@dataclass(frozen=True, slots=True)
class Topic:
    """A parsed measurement topic: which territory, which kind of asset, which asset."""

    territory: str
    kind: Kind
    code: str


def topic_of(
    prefix: str, territory: str, kind: Kind, code: str, channel: str = MEASUREMENTS
) -> str:
    """The topic on which ``code`` publishes ``channel``."""
    domain, asset = _SEGMENTS[kind]
    return f"{prefix}/{territory}/{domain}/{asset}/{code}/{channel}"


def subscription(prefix: str, territory: str, share_group: str | None = None) -> str:
    """The filter a collector subscribes to; a shared subscription when ``share_group`` is set."""
    pattern = f"{prefix}/{territory}/+/+/+/{MEASUREMENTS}"
    return f"$share/{share_group}/{pattern}" if share_group else pattern


def parse_topic(prefix: str, topic: str) -> Topic | None:
    """The asset a measurement topic names, or None when the topic is not one of ours."""
    if not topic.startswith(prefix) or topic[len(prefix) : len(prefix) + 1] != "/":
        return None
    parts = topic[len(prefix) + 1 :].split("/")
    if len(parts) != 5 or parts[4] != MEASUREMENTS:  # noqa: PLR2004 - the five segments above
        return None
    territory, domain, asset, code, _ = parts
    kind = _KINDS.get((domain, asset))
    if kind is None or not TERRITORY.fullmatch(territory) or not CODE.fullmatch(code):
        return None
    return Topic(territory, kind, code)


def why_not_a_topic(prefix: str, topic: str) -> str:
    """Why ``parse_topic`` refuses ``topic``: the first segment that is not as the scheme says."""
    if not topic.startswith(f"{prefix}/"):
        return f"the topic does not start with {prefix}/"
    parts = topic[len(prefix) + 1 :].split("/")
    if len(parts) != 5:  # noqa: PLR2004 - the five segments of the scheme
        scheme = f"{prefix}/{{territory}}/{{domain}}/{{asset}}/{{code}}/{MEASUREMENTS}"
        return f"the topic has {len(parts)} segments after {prefix}/, not 5 ({scheme})"
    territory, domain, asset, code, channel = parts
    known = ", ".join("/".join(pair) for pair in _KINDS)
    checks = [
        (channel == MEASUREMENTS, f"channel {channel!r} is not {MEASUREMENTS!r}"),
        ((domain, asset) in _KINDS, f"{domain}/{asset} is not a kind of asset ({known})"),
        (
            TERRITORY.fullmatch(territory) is not None,
            f"territory {territory!r} is not a territory name (a-z, 0-9, -; 32 at most)",
        ),
        (
            CODE.fullmatch(code) is not None,
            f"code {code!r} is not a device code (A-Z, a-z, 0-9, ., _, -; 64 at most)",
        ),
    ]
    return next((why for ok, why in checks if not ok), "not a measurement topic of this contract")
