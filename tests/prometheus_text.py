"""Read a ``/metrics`` page with ``prometheus_client``'s own parser, as Prometheus would."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

Labels = frozenset[tuple[str, str]]


def parse_samples(text: str) -> dict[tuple[str, Labels], float]:
    """Every sample of an exposition, keyed by its name and its set of labels.

    The parser raises on any line that is not valid exposition text, so a label value that was
    not escaped fails here.
    """
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def labels(**values: str) -> Labels:
    """A label set, for looking a sample up."""
    return frozenset(values.items())
