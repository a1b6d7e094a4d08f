"""Deterministic chance: the same seed and the same names always draw the same numbers.

Draws are hashes, not a shared random stream, so a device's behaviour at an instant does not
depend on which devices were simulated before it or on when the simulation started.
"""

from __future__ import annotations

import hashlib
import math


def unit(seed: int, *names: object) -> float:
    """A number in [0, 1) fixed by ``seed`` and ``names``."""
    digest = hashlib.blake2b(repr((seed, *names)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def weibull(u: float, *, median: float, shape: float) -> float:
    """The quantile ``u`` of a Weibull law with the given median and shape."""
    scale = median / math.log(2) ** (1 / shape)
    return float(scale * (-math.log(1 - u)) ** (1 / shape))


def message_id(seed: int, code: str, epoch_s: int) -> str:
    """A message id fixed by the device and the instant: a replayed message keeps its id."""
    return hashlib.blake2b(f"{seed}:{code}:{epoch_s}".encode(), digest_size=10).hexdigest()
