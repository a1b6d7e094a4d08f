"""Settings come from VIGIE_* variables and refuse malformed values with the variable's name."""

from __future__ import annotations

import pytest

from core.errors import ConfigurationError
from core.settings import MqttTarget, load_settings, parse_mqtt_url


@pytest.mark.parametrize(
    ("url", "target"),
    [
        (
            "mqtt://127.0.0.1:1883",
            MqttTarget("127.0.0.1", 1883, tls=False, username=None, password=None),
        ),
        ("mqtt://broker", MqttTarget("broker", 1883, tls=False, username=None, password=None)),
        ("mqtts://broker", MqttTarget("broker", 8883, tls=True, username=None, password=None)),
        (
            "mqtts://col%40lector:p%3Ass@b.example:9883",
            MqttTarget(
                "b.example",
                9883,
                tls=True,
                username="col@lector",
                password="p:ss",  # noqa: S106 - a test value
            ),
        ),
    ],
)
def test_mqtt_urls_are_parsed(url: str, target: MqttTarget) -> None:
    """Scheme, host, default port per scheme and percent-encoded credentials are understood."""
    assert parse_mqtt_url(url) == target


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://broker", "must start with mqtt:// or mqtts://"),
        ("mqtt://", "has no host"),
        ("mqtt://broker:99999", "invalid port"),
    ],
)
def test_bad_mqtt_urls_are_refused(url: str, message: str) -> None:
    """A malformed broker URL is refused with what is wrong with it."""
    with pytest.raises(ConfigurationError, match=message):
        parse_mqtt_url(url)


def test_environment_overrides_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """VIGIE_* variables override the defaults."""
    monkeypatch.setenv("VIGIE_BATCH_MAX_ROWS", "123")
    monkeypatch.setenv("VIGIE_MQTT_URL", "mqtt://elsewhere:1884")
    settings = load_settings()
    assert settings.batch_max_rows == 123
    assert settings.mqtt.port == 1884


def test_invalid_settings_name_every_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each bad variable is named in one ConfigurationError."""
    monkeypatch.setenv("VIGIE_BATCH_MAX_ROWS", "zero")
    monkeypatch.setenv("VIGIE_DATABASE_URL", "mysql://x")
    with pytest.raises(ConfigurationError) as raised:
        load_settings()
    assert "VIGIE_BATCH_MAX_ROWS" in str(raised.value)
    assert "VIGIE_DATABASE_URL" in str(raised.value)
