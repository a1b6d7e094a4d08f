# syntax=docker/dockerfile:1
# Vigie's image: every program (migrate, collect, work, api, grafana sync) from one package,
# installed from this repository's pyproject.toml at the versions of constraints.txt, as the tests
# install it, without the development extra. docker-compose.yml runs it; docs/deploy.md explains
# the stack.

FROM python:3.11-slim-bookworm@sha256:528257d48c1da0dcecc2e725d1ae34498d60c965f1241e39cd6a85a8859bdf84 AS build
WORKDIR /src
COPY . .
# Wheels of Vigie and of its dependencies at the versions constraints.txt pins.
RUN pip wheel --no-cache-dir --wheel-dir /wheels --constraint constraints.txt .

FROM python:3.11-slim-bookworm@sha256:528257d48c1da0dcecc2e725d1ae34498d60c965f1241e39cd6a85a8859bdf84
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VIGIE_LOG_FORMAT=json
# WeasyPrint, which renders the activity reports' PDF, loads pango and needs fonts.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --no-create-home --home-dir /nonexistent vigie
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --no-index --find-links /wheels vigie \
    && rm -rf /wheels
COPY deploy/docker-entrypoint.sh /usr/local/bin/vigie-entrypoint
USER vigie
WORKDIR /tmp
ENTRYPOINT ["/usr/local/bin/vigie-entrypoint"]
CMD ["vigie", "--help"]
