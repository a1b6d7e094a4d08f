"""docker-compose.yml against the Compose Specification's schema, and what the stack needs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

REPO = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
LONG_RUNNING = ("timescaledb", "mosquitto", "grafana", "collector", "worker", "api", "caddy")
VIGIE = ("migrate", "collector", "worker", "api")


def test_compose_file_is_valid_against_the_specification() -> None:
    """The file validates against the vendored Compose Specification JSON schema."""
    schema = json.loads((REPO / "deploy/compose-spec/compose-spec.json").read_text())
    Draft7Validator.check_schema(schema)
    errors = sorted(Draft7Validator(schema).iter_errors(COMPOSE), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_the_schema_rejects_a_broken_file() -> None:
    """The schema check has teeth: an unknown service key is refused."""
    schema = json.loads((REPO / "deploy/compose-spec/compose-spec.json").read_text())
    broken = {"services": {"x": {"image": "a", "restartt": "always"}}}
    assert list(Draft7Validator(schema).iter_errors(broken))


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_long_running_service_has_health_check_and_restart(name: str) -> None:
    """Every long-running service restarts on its own and says whether it is healthy."""
    service = SERVICES[name]
    assert service["restart"] == "unless-stopped"
    check = service["healthcheck"]
    assert not check.get("disable")
    assert check["test"][0] in {"CMD", "CMD-SHELL"}
    assert check["interval"]
    assert check["retries"] >= 3  # tolerate a slow start


def test_vigie_programs_run_from_the_image_after_the_migration() -> None:
    """The migration runs once; collector, worker and api start only after it succeeded."""
    for name in VIGIE:
        assert SERVICES[name]["build"] == {"context": ".", "dockerfile": "Dockerfile"}
        assert SERVICES[name]["command"][0] == "vigie"
    assert SERVICES["migrate"]["command"] == ["vigie", "migrate"]
    assert SERVICES["migrate"]["restart"] == "no"
    for name in ("collector", "worker", "api"):
        assert SERVICES[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    assert SERVICES["migrate"]["depends_on"]["timescaledb"]["condition"] == "service_healthy"
    assert "--share-group" in SERVICES["collector"]["command"]


DIGEST = r"(@sha256:[0-9a-f]{64})"


def test_images_are_pinned() -> None:
    """TimescaleDB on PostgreSQL 15, Mosquitto 2, Grafana 12.0.1 or later: exact tags, digests.

    The TimescaleDB image is pinned by its exact tag only (docs/deploy.md says how to add its
    digest); every other base image by tag and digest.
    """
    assert re.fullmatch(r"timescale/timescaledb:2\.\d+\.\d+-pg15", SERVICES["timescaledb"]["image"])
    assert re.fullmatch(rf"eclipse-mosquitto:2\.\d+\.\d+{DIGEST}", SERVICES["mosquitto"]["image"])
    match = re.fullmatch(
        rf"grafana/grafana:(\d+)\.(\d+)\.(\d+){DIGEST}", SERVICES["grafana"]["image"]
    )
    assert match
    assert tuple(map(int, match.groups()[:3])) >= (12, 0, 1)
    bases = re.findall(r"^FROM (\S+)", (REPO / "Dockerfile").read_text(), re.MULTILINE)
    assert bases
    for base in bases:
        assert re.fullmatch(rf"python:3\.11-slim-bookworm{DIGEST}", base)


def test_secrets_are_files_outside_the_compose_file() -> None:
    """Every secret is a git-ignored file with an example; no literal secret in an environment."""
    ignored = (REPO / ".gitignore").read_text().splitlines()
    assert "deploy/secrets/" in ignored
    for name, secret in COMPOSE["secrets"].items():
        assert secret["file"] == f"./deploy/secrets/{name}"
        assert (REPO / "deploy/secrets.example" / name).is_file(), name
    for name, service in SERVICES.items():
        for key, value in (service.get("environment") or {}).items():
            if re.search(r"PASSWORD|TOKEN|SECRET", key):
                assert key.endswith("_FILE") or str(value).startswith("/run/secrets/"), (name, key)
        for secret in service.get("secrets", []):
            source = secret["source"] if isinstance(secret, dict) else secret
            assert source in COMPOSE["secrets"], (name, source)


def test_mounted_configuration_exists() -> None:
    """The files the services mount are in the repository."""
    for service in SERVICES.values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert (REPO / source).exists(), source
    for name in ("mosquitto.conf", "persistence.conf", "acl", "passwd.example"):
        assert (REPO / "deploy/mosquitto" / name).is_file(), name
    conf = (REPO / "deploy/mosquitto/mosquitto.conf").read_text()
    assert "allow_anonymous false" in conf
    assert "persistence_location /mosquitto/data/" in conf
    for secret in re.findall(r"/run/secrets/([\w.]+)", conf):
        assert secret in SERVICES["mosquitto"]["secrets"], secret
    assert "deploy/mosquitto/passwd" in (REPO / ".gitignore").read_text().splitlines()


def test_grafana_gets_every_value_its_provisioning_reads() -> None:
    """Each $VAR of the datasource file is in Grafana's environment; its secret is mounted."""
    text = (REPO / "grafana/provisioning/datasources/vigie.yaml").read_text()
    used = set(re.findall(r"\$([A-Z_]+)\b", text))
    assert used <= set(SERVICES["grafana"]["environment"]), used
    for path in re.findall(r"\$__file\{/run/secrets/(\w+)\}", text):
        assert path in SERVICES["grafana"]["secrets"]


def test_dockerfile_installs_the_package_the_tests_use() -> None:
    """The image installs this repository's pyproject at the versions of constraints.txt."""
    dockerfile = (REPO / "Dockerfile").read_text()
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["name"] == "vigie"
    assert (
        "RUN pip wheel --no-cache-dir --wheel-dir /wheels --constraint constraints.txt ."
        in dockerfile
    )
    assert "constraints.txt" not in (REPO / ".dockerignore").read_text()
    assert re.search(r"pip install .*--find-links /wheels vigie\b", dockerfile)
    assert "requirements" not in dockerfile
    assert "[dev]" not in dockerfile
    python = re.findall(r"^FROM python:(\d+\.\d+)", dockerfile, flags=re.MULTILINE)
    assert python
    assert all(f">={v}" == project["requires-python"] for v in python)
    assert not (REPO / "requirements.txt").exists()


def _secret_names(service: dict[str, Any]) -> dict[str, str]:
    """Where each secret of a service is mounted (its target) -> which secret it is."""
    named: dict[str, str] = {}
    for secret in service.get("secrets", []):
        if isinstance(secret, dict):
            source = str(secret["source"])
            named[str(secret.get("target", source))] = source
        else:
            named[str(secret)] = str(secret)
    return named


def test_each_program_connects_as_its_own_database_role() -> None:
    """The owner's URL goes to migrate only; collector, worker and api get their role's URL."""
    assert _secret_names(SERVICES["migrate"])["vigie_database_url"] == "vigie_database_url"
    for name in ("collector", "worker", "api"):
        assert _secret_names(SERVICES[name])["vigie_database_url"] == f"{name}_database_url"
        example = (REPO / f"deploy/secrets.example/{name}_database_url").read_text()
        assert example.startswith(f"postgresql://{name}:")
    script = (REPO / "deploy/postgres/initdb/20-service-roles.sh").read_text()
    migration = (REPO / "core/migrations/0132_service_roles.sql").read_text()
    for name in ("collector", "worker", "api"):
        assert f"CREATE ROLE {name} LOGIN IN ROLE vigie_{name};" in script
        assert f"CREATE ROLE vigie_{name} NOLOGIN;" in migration
        assert f"{name}_db_password" in SERVICES["timescaledb"]["secrets"]


def test_only_the_proxy_and_the_devices_listener_are_published() -> None:
    """Caddy (80, 443) and the broker's TLS port face the network; the rest is on loopback."""
    published = {
        (name, str(port))
        for name, service in SERVICES.items()
        for port in service.get("ports", [])
        if not str(port).startswith("127.0.0.1:")
    }
    assert published == {("caddy", "80:80"), ("caddy", "443:443"), ("mosquitto", "8883:8883")}
    caddyfile = (REPO / "deploy/caddy/Caddyfile").read_text()
    assert "reverse_proxy api:8000" in caddyfile
    assert "reverse_proxy grafana:3000" in caddyfile
    assert "Strict-Transport-Security" in caddyfile


def test_nothing_starts_before_the_secrets_are_checked() -> None:
    """The database, the broker and Grafana wait for secrets-check, which mounts every secret."""
    for name in ("timescaledb", "mosquitto", "grafana"):
        condition = SERVICES[name]["depends_on"]["secrets-check"]["condition"]
        assert condition == "service_completed_successfully"
    assert set(_secret_names(SERVICES["secrets-check"])) == set(COMPOSE["secrets"])


def _entrypoint(secrets: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", str(REPO / "deploy/docker-entrypoint.sh"), *command],
        env={**os.environ, "VIGIE_SECRETS_DIR": str(secrets)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_example_secrets_refuse_to_start(tmp_path: Path) -> None:
    """With deploy/secrets.example as they are, the entrypoint exits 78 naming the files."""
    refused = _entrypoint(REPO / "deploy/secrets.example", "true")
    assert refused.returncode == 78
    for name in (
        "postgres_password",
        "grafana_admin_password",
        "vigie_database_url",
        "mqtt_ca.crt",
    ):
        assert name in refused.stderr
    real = tmp_path / "secrets"
    shutil.copytree(REPO / "deploy/secrets.example", real)
    for path in real.iterdir():
        path.write_text(f"real-{path.name}-0f3a9c")
    started = _entrypoint(real, "sh", "-c", 'printf %s "$VIGIE_DATABASE_URL"')
    assert started.returncode == 0, started.stderr
    assert started.stdout == "real-vigie_database_url-0f3a9c"
