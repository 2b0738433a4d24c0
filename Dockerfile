# The ingestor's production image: `docker build -t event-ingestor .` (or `make docker-build`).
#
# Stages: prune (turbo keeps only the ingestor's slice of the workspace) -> build (frozen install from the
# pruned lockfile, compile) -> deps (`pnpm deploy --prod` on the target platform) -> runtime (distroless Node 24,
# non-root, no shell). prune and build run on the builder's own platform (`--platform=$BUILDPLATFORM`): an arm64
# laptop building linux/amd64 compiles TypeScript natively instead of emulating it; only deps, which fetches the
# native Kafka binding, runs as the target.
# Base images are pinned by digest; bump tag and digest together.

ARG NODE_BUILD_IMAGE=node:24.20.0-bookworm-slim@sha256:ba849c60be29959425b8734d57b8b4b7d56f98edd9504c9af091d5281095a71e
ARG NODE_RUNTIME_IMAGE=gcr.io/distroless/nodejs24-debian12:nonroot@sha256:14d42e2511532589a7c7e01a753667a74fcc96266e137e8125006b87b0c32d0a

# --- 1. prune: the ingestor, its workspace dependencies and a lockfile cut down to them -----------------
FROM --platform=$BUILDPLATFORM ${NODE_BUILD_IMAGE} AS prune
ENV TURBO_TELEMETRY_DISABLED=1
RUN npm install --global --no-fund --no-audit turbo@2.11.11
WORKDIR /repo
COPY . .
RUN turbo prune @event-ingestor/ingestor --docker --out-dir /pruned

# --- 2. build: install from manifests only (cached until a package.json or the lockfile changes) --------
FROM --platform=$BUILDPLATFORM ${NODE_BUILD_IMAGE} AS build
ENV TURBO_TELEMETRY_DISABLED=1 CI=true
RUN npm install --global --no-fund --no-audit pnpm@12.4.2
WORKDIR /app
COPY --from=prune /pruned/json/ ./
# Compiling TypeScript needs no install script (the root `prepare` only installs git hooks), so scripts stay
# off here; the native Kafka client is fetched for the runtime copy below.
RUN --mount=type=cache,id=pnpm-store,target=/root/.local/share/pnpm/store \
    pnpm install --frozen-lockfile --ignore-scripts
COPY --from=prune /pruned/full/ ./
# turbo prune copies packages, not the root configs they extend.
COPY --from=prune /repo/tsconfig.base.json ./
RUN pnpm exec turbo run build --filter=@event-ingestor/ingestor

# --- 3. deps: production dependencies for the target platform (the native binding is per architecture) -----
FROM ${NODE_BUILD_IMAGE} AS deps
ENV CI=true
RUN npm install --global --no-fund --no-audit pnpm@12.4.2
WORKDIR /app
COPY --from=build /app ./
# A self-contained copy of the ingestor with production dependencies only (hoisting-free node_modules).
# Install scripts run here for the one dependency allowed one (pnpm-workspace.yaml `allowBuilds`):
# @confluentinc/kafka-javascript downloads its prebuilt binding (Node 24, glibc, x64/arm64) from its GitHub
# release. That binding links librdkafka, OpenSSL and zlib statically and needs only glibc, libstdc++ and
# libgcc_s, which the distroless nodejs image has (node needs them too). A source build (the Makefile's
# CKJS_LINKING=dynamic, for machines without GitHub) would link the system libssl3 and zlib; distroless has
# libssl3 but no zlib1g package, and this slim image no compiler: without the download the build fails here
# rather than ship a binding that cannot load. The runtime stage checks that it loads.
RUN --mount=type=cache,id=pnpm-store,target=/root/.local/share/pnpm/store \
    pnpm --filter @event-ingestor/ingestor deploy --prod /out

# --- 4. runtime: Node 24 LTS, nothing but node and the app ----------------------------------------------
FROM ${NODE_RUNTIME_IMAGE} AS runtime
ENV NODE_ENV=production PORT=8080
WORKDIR /app
# Root-owned and read-only for the app user: the container runs fine with a read-only root filesystem.
COPY --from=deps /out/package.json packages/ingestor/package.json
COPY --from=deps /out/node_modules packages/ingestor/node_modules
COPY --from=deps /out/dist packages/ingestor/dist
# Exec form, no shell: fails the build if the native Kafka client misses a shared library in this image.
RUN ["/nodejs/bin/node", "-e", "require('/app/packages/ingestor/node_modules/@confluentinc/kafka-javascript')"]
# 65532 is distroless' `nonroot`; numeric so Kubernetes `runAsNonRoot` can verify it.
USER 65532:65532
EXPOSE 8080
# No shell or curl in the image: node itself probes liveness.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["/nodejs/bin/node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM goes straight to node (PID 1), which drains and exits 0 (see the ingestor's lifecycle).
ENTRYPOINT ["/nodejs/bin/node"]
CMD ["packages/ingestor/dist/main.js"]
