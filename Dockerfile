# HelplineStats: build with the Swift toolchain, run on a slim Debian with libpq only.
# docker compose up (see docker-compose.yml) builds and starts it with PostgreSQL 15.

FROM swift:6.3-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Resolve dependencies first so they are cached while only sources change.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
COPY Schema ./Schema
COPY Tests ./Tests
RUN swift build -c release --product helpline-stats --static-swift-stdlib \
 && mkdir /staging \
 && cp "$(swift build -c release --show-bin-path)/helpline-stats" /staging/ \
 && cp -R "$(swift build -c release --show-bin-path)"/*.resources /staging/

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 ca-certificates tzdata curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin helpline
WORKDIR /app
COPY --from=build --chown=root:root /staging/ /app/
USER helpline
ENV HOST=0.0.0.0 PORT=8080 LOG_LEVEL=info
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --retries=3 CMD curl -fsS "http://127.0.0.1:${PORT}/health" || exit 1
ENTRYPOINT ["/app/helpline-stats"]
CMD ["serve"]
