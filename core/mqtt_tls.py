"""The TLS context of Vigie's MQTT clients (the collector, the simulator) for ``mqtts://``.

The broker's certificate is checked against ``VIGIE_MQTT_CA_FILE`` (a private CA, as the
shipped stack uses) or, without it, the system's trusted CAs; its host name must match the one
of ``VIGIE_MQTT_URL``. ``VIGIE_MQTT_CERT_FILE`` and ``VIGIE_MQTT_KEY_FILE`` give the client's
own certificate to brokers that require one.
"""

from __future__ import annotations

import ssl

from core.errors import ConfigurationError
from core.settings import Settings


def mqtt_tls_context(settings: Settings) -> ssl.SSLContext:
    """A client context verifying the broker's certificate and host name (TLS 1.2 at least)."""
    try:
        context = ssl.create_default_context(cafile=settings.mqtt_ca_file)
    except OSError as exc:  # ssl.SSLError is one
        raise ConfigurationError(
            f"VIGIE_MQTT_CA_FILE {settings.mqtt_ca_file}: not a readable PEM file of CA"
            f" certificates ({_why(exc)})"
        ) from exc
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if settings.mqtt_cert_file is not None:
        try:
            context.load_cert_chain(settings.mqtt_cert_file, settings.mqtt_key_file)
        except OSError as exc:  # ssl.SSLError is one
            raise ConfigurationError(
                f"VIGIE_MQTT_CERT_FILE {settings.mqtt_cert_file} and VIGIE_MQTT_KEY_FILE"
                f" {settings.mqtt_key_file}: not a readable certificate and its key ({_why(exc)})"
            ) from exc
    return context


def _why(exc: OSError) -> str:
    reason = getattr(exc, "reason", None) or exc.strerror
    return str(reason) if reason else type(exc).__name__
