# syntax=docker/dockerfile:1
# One image with the three binaries: `api` (default), `worker` and `migration`, and the built
# web app, which the api serves from WEB_DIR.

FROM node:20-bookworm AS web
WORKDIR /src
COPY schema.graphql ./
COPY web/package.json web/package-lock.json web/
RUN npm --prefix web ci
COPY web web
RUN npm --prefix web run build

FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked -p api -p worker -p migration \
    && mkdir -p /out \
    && cp target/release/api target/release/worker target/release/migration /out/

FROM debian:bookworm-slim
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 stockroom \
    && useradd --system --uid 10001 --gid stockroom --home-dir /var/lib/stockroom --create-home stockroom
COPY --from=build /out/ /usr/local/bin/
COPY --from=web /src/web/dist/ /usr/share/stockroom/web/
USER 10001:10001
WORKDIR /var/lib/stockroom
ENV BIND_ADDR=0.0.0.0:8080 \
    LOG_FORMAT=json \
    WEB_DIR=/usr/share/stockroom/web
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/api"]
