# syntax=docker/dockerfile:1
#
# One image for every TaskFlow process: the gateway, each subgraph and the recurrence worker.
# Services run TypeScript directly (`node --import tsx <entry>.ts`, no compile step); the entry is
# the command, e.g.
#   docker run taskflow gateway/src/index.ts
#   docker run taskflow subgraphs/accounts/src/index.ts
#   docker run taskflow subgraphs/tasks/src/worker.ts
# docker-compose.yml and k8s/ set it per service (compose `command:`, Kubernetes `args:`).

ARG NODE_IMAGE=node:20-bookworm-slim

# --- manifests: the lockfile and every workspace's package.json, nothing else --------------------
# Copies the whole context, then keeps only the manifests, so new workspaces (subgraphs/*,
# packages/*) are picked up without editing this file. The result is identical as long as no
# manifest changes, so the `npm ci` layers below stay cached across source edits.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json ! -name .npmrc -delete \
 && find . -depth -type d -empty -delete

# --- deps: every dependency, dev included (Vite for the web app, tsx) ------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=manifests /src/ ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --no-audit --no-fund

# --- build: the web app and GraphiQL (web/dist, served by the gateway) -----------------------------
FROM deps AS build
COPY . .
RUN npm run build -w @taskflow/web
# tsx is a root devDependency; set it aside with exactly what it loads at run time (esbuild and the
# platform's esbuild binary), at the locations the lockfile gives them, for the runtime stage.
RUN npm query '#tsx, #tsx *' > /tmp/tsx.json \
 && node -e "const fs = require('node:fs'); \
      for (const { location } of JSON.parse(fs.readFileSync('/tmp/tsx.json', 'utf8'))) \
        if (location && fs.existsSync(location)) fs.cpSync(location, '/opt/tsx/' + location, { recursive: true });" \
 && test -f /opt/tsx/node_modules/tsx/package.json

# --- prod-deps: runtime dependencies only -----------------------------------------------------------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY --from=manifests /src/ ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --omit=dev --no-audit --no-fund

# --- runtime ------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# tini as PID 1: forwards SIGTERM/SIGINT to node (whose handlers drain and close pools) and reaps
# any child process (tsx's esbuild service).
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
# Everything under /app stays owned by root and read-only for the `node` user that runs it.
# Layers from least to most often changed.
COPY --from=prod-deps /app/ ./
COPY --from=build /opt/tsx/ ./
COPY . .
COPY --from=build /app/web/dist ./web/dist
USER node
# Gateway 4000; subgraphs accounts 4001, tasks 4002, tags 4003, audit 4004, notifications 4005;
# recurrence worker 4006 (health only). Each process listens on its own PORT.
EXPOSE 4000 4001 4002 4003 4004 4005 4006
# No HEALTHCHECK: compose and Kubernetes probe /health/live and /health/ready themselves.
ENTRYPOINT ["/usr/bin/tini", "--", "node", "--import", "tsx"]
CMD ["gateway/src/index.ts"]
