"""Settings of every Vigie program, read from ``VIGIE_*`` environment variables and ``.env``.

Settings are built in ``main()`` of each program and passed down; nothing reads them at import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import ConfigurationError

MQTT_SCHEMES = {"mqtt": (1883, False), "mqtts": (8883, True)}
MIN_SECRET_CHARS = 32


@dataclass(frozen=True)
class MqttTarget:
    """Where the broker is and how to log in, parsed from ``mqtt://[user:pass@]host:port``."""

    host: str
    port: int
    tls: bool
    username: str | None
    password: str | None


def parse_mqtt_url(url: str) -> MqttTarget:
    """Parse an ``mqtt://`` or ``mqtts://`` URL; raise ConfigurationError naming what is wrong."""
    parts = urlsplit(url)
    if parts.scheme not in MQTT_SCHEMES:
        raise ConfigurationError(f"VIGIE_MQTT_URL must start with mqtt:// or mqtts://, got {url!r}")
    if not parts.hostname:
        raise ConfigurationError(f"VIGIE_MQTT_URL has no host: {url!r}")
    default_port, tls = MQTT_SCHEMES[parts.scheme]
    try:
        port = parts.port or default_port
    except ValueError as exc:
        raise ConfigurationError(f"VIGIE_MQTT_URL has an invalid port: {url!r}") from exc
    return MqttTarget(
        host=parts.hostname,
        port=port,
        tls=tls,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


class Settings(BaseSettings):
    """Every setting of Vigie; the README's settings table documents each one."""

    model_config = SettingsConfigDict(
        env_prefix="VIGIE_", env_file=".env", extra="ignore", frozen=True
    )

    database_url: str = "postgresql://vigie:vigie@127.0.0.1:5432/vigie"
    database_read_url: str | None = None
    mqtt_url: str = "mqtt://127.0.0.1:1883"
    mqtt_client_id: str = "vigie-collector-1"
    mqtt_topic_prefix: str = "vigie/v1"
    mqtt_session_expiry_s: int = Field(default=172_800, ge=0, le=4_294_967_295)
    mqtt_ca_file: Path | None = None
    mqtt_cert_file: Path | None = None
    mqtt_key_file: Path | None = None
    territory: str = "angers"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["auto", "json", "text"] = "auto"
    pool_max_size: int = Field(default=10, ge=1, le=200)
    batch_max_rows: int = Field(default=5_000, ge=1)
    batch_max_delay_ms: int = Field(default=100, ge=1)
    max_reading_age_days: int = Field(default=35, ge=1, le=36_500)
    max_reading_ahead_s: int = Field(default=300, ge=0, le=86_400)
    dead_letter_retention_days: int = Field(default=90, ge=1, le=36_500)
    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65_535)
    api_forwarded_allow_ips: str = "127.0.0.1"
    api_max_body_bytes: int = Field(default=65_536, ge=1_024)
    api_db_wait_s: float = Field(default=1.0, gt=0, le=30)
    api_workers: int = Field(default=1, ge=1, le=64)
    api_max_concurrent: int = Field(default=64, ge=1, le=1_000)
    api_statement_timeout_ms: int = Field(default=15_000, ge=100)
    api_lock_timeout_ms: int = Field(default=1_000, ge=10)
    api_auth_failures_per_min: int = Field(default=20, ge=1)
    token_ttl_days: int = Field(default=90, ge=1, le=3_650)
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=25, ge=1, le=65_535)
    smtp_from: str = "vigie@localhost"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_ca_file: Path | None = None
    alert_webhook_url: str | None = None
    alert_webhook_secret: SecretStr | None = None
    alert_group_wait_s: int = Field(default=30, ge=0)
    alert_escalate_after_min: int = Field(default=240, ge=1)
    alert_digest_max_severity: Literal["none", "informational", "low", "medium"] = "low"
    notify_max_attempts: int = Field(default=8, ge=1, le=100)
    grafana_url: str = "http://127.0.0.1:3000"
    grafana_token: SecretStr | None = None
    public_api_url: str = "http://127.0.0.1:8000"
    web_link_secret: SecretStr | None = None
    web_link_ttl_h: int = Field(default=72, ge=1, le=720)
    web_sign_in_ttl_min: int = Field(default=15, ge=1, le=1_440)
    web_sign_in_per_hour: int = Field(default=5, ge=1, le=1_000)
    web_session_idle_min: int = Field(default=60, ge=1, le=10_080)
    web_session_max_h: int = Field(default=12, ge=1, le=720)
    web_language: Literal["fr"] = "fr"
    web_files_dir: Path | None = None
    web_file_max_bytes: int = Field(default=10_485_760, ge=1_024, le=1_073_741_824)
    # The sodium transition plan (docs/sodium-plan.md says where each default comes from).
    plan_relamp_eur: float = Field(default=180.0, ge=0, le=100_000)
    plan_lantern_eur: float = Field(default=650.0, ge=0, le=100_000)
    plan_relamp_led_share: float = Field(default=0.45, gt=0, le=1)
    plan_lantern_led_share: float = Field(default=0.40, gt=0, le=1)
    plan_lantern_dimmed_share: float = Field(default=0.75, gt=0, le=1)
    plan_ballast_loss_pct: float = Field(default=15.0, ge=0, le=100)
    plan_burning_h_per_year: float = Field(default=4_100.0, gt=0, le=8_760)
    plan_eur_per_kwh: float = Field(default=0.20, ge=0, le=100)
    plan_co2_kg_per_kwh: float = Field(default=0.052, ge=0, le=10)
    plan_capacity_points_per_month: int = Field(default=400, ge=1, le=1_000_000)
    plan_package_max_points: int = Field(default=80, ge=1, le=100_000)
    plan_deadline: date = date(2027, 2, 24)
    plan_weibull_l50_h: float = Field(default=28_000.0, gt=0)
    plan_weibull_shape: float = Field(default=3.6, gt=0, le=20)
    plan_spare_lamps_in_stock: int = Field(default=0, ge=0, le=10_000_000)

    @field_validator("database_url", "database_read_url")
    @classmethod
    def _postgres_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("must start with postgresql://")
        return value

    @field_validator("grafana_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError("must be http(s)://host[:port][/prefix]")
        return value

    @field_validator("public_api_url")
    @classmethod
    def _public_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError("must be http(s)://host[:port][/prefix]")
        return value.rstrip("/")

    @field_validator("web_link_secret")
    @classmethod
    def _long_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_SECRET_CHARS:
            raise ValueError(f"must be at least {MIN_SECRET_CHARS} characters")
        return value

    @field_validator("mqtt_url")
    @classmethod
    def _mqtt_url(cls, value: str) -> str:
        try:
            parse_mqtt_url(value)
        except ConfigurationError as exc:
            raise ValueError(str(exc)) from exc
        return value

    @model_validator(mode="after")
    def _webhook_secret(self) -> Settings:
        if self.alert_webhook_url and not self.alert_webhook_secret:
            raise ValueError(
                "VIGIE_ALERT_WEBHOOK_URL needs VIGIE_ALERT_WEBHOOK_SECRET: requests are signed"
            )
        return self

    @model_validator(mode="after")
    def _mqtt_tls(self) -> Settings:
        if (self.mqtt_cert_file is None) != (self.mqtt_key_file is None):
            raise ValueError("VIGIE_MQTT_CERT_FILE and VIGIE_MQTT_KEY_FILE go together")
        files = (self.mqtt_ca_file, self.mqtt_cert_file)
        if any(f is not None for f in files) and not self.mqtt.tls:
            raise ValueError(
                "VIGIE_MQTT_CA_FILE and VIGIE_MQTT_CERT_FILE need a TLS broker: mqtts:// in"
                " VIGIE_MQTT_URL"
            )
        return self

    @property
    def mqtt(self) -> MqttTarget:
        """The broker as a parsed target."""
        return parse_mqtt_url(self.mqtt_url)


def load_settings() -> Settings:
    """Settings from the environment and ``.env``; ConfigurationError names every bad variable."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            "VIGIE_" + "_".join(str(p) for p in error["loc"]).upper() + f": {error['msg']}"
            for error in exc.errors()
        )
        raise ConfigurationError(problems) from exc
