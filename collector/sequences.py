"""Loss seen upstream: devices number their messages (``seq``), the collector finds the holes.

A device that sends ``seq`` counts its messages one by one. Messages the broker acknowledged
to the device and then dropped (its queue full, a crash before it saved the collector's
session) never reach the collector; the hole in the numbers shows them. ``gaps`` compares the
numbers a batch carries with the last one stored for each device:

- a number above the next expected one leaves a gap of the numbers in between;
- a number at or below the last one is a redelivery or a late message: no gap, no change;
- 0, or a number more than ``RESET_BELOW`` under the last one, is a device that restarted its
  count: the count starts again from it, without a gap.

A message that arrives after a later one was stored was counted missing when the later one came.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

RESET_BELOW: Final = 1_000


@dataclass(frozen=True, slots=True)
class Gap:
    """Numbers ``after + 1`` to ``before - 1`` of a device never arrived: ``missing`` of them."""

    kind: str
    device_id: int
    after: int
    before: int

    @property
    def missing(self) -> int:
        """How many messages are missing."""
        return self.before - self.after - 1


Device = tuple[str, int]


def gaps(
    sent: Mapping[Device, Iterable[int]], last: Mapping[Device, int]
) -> tuple[list[Gap], dict[Device, int]]:
    """The gaps of each device's numbers after its ``last`` stored one, and the new last ones."""
    found: list[Gap] = []
    newest: dict[Device, int] = {}
    for device, numbers in sent.items():
        previous = last.get(device)
        for seq in sorted(set(numbers)):
            if previous is None or seq == 0 or seq < previous - RESET_BELOW:
                previous = seq
            elif seq > previous + 1:
                found.append(Gap(device[0], device[1], previous, seq))
                previous = seq
            elif seq == previous + 1:
                previous = seq
        if previous is not None and previous != last.get(device):
            newest[device] = previous
    return found, newest
