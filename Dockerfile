# syntax=docker/dockerfile:1
# rma-harvest as a small, non-root image for Kubernetes CronJobs (deploy/kubernetes/).
#   docker build -t registry.example.ch/rma-harvest:0.1.0 .
#   docker run --rm registry.example.ch/rma-harvest:0.1.0 --help

# Build: the slim Rust image has the C compiler that rusqlite's bundled SQLite and ring need.
ARG RUST_VERSION=1.89
FROM rust:${RUST_VERSION}-slim-bookworm AS build
WORKDIR /src
COPY . .
# --locked: exactly the versions in Cargo.lock. The cache mounts keep the registry and the
# build between image builds; the binary is copied out of the cached target directory.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    CARGO_PROFILE_RELEASE_STRIP=symbols cargo build --release --locked --bin rma-harvest \
    && cp target/release/rma-harvest /rma-harvest

# Run: glibc and libgcc only (SQLite is linked in; TLS is rustls with the Mozilla roots
# built in, so no system CA store is needed), as the image's unprivileged user 65532.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /rma-harvest /usr/local/bin/rma-harvest
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/rma-harvest"]
CMD ["--help"]
