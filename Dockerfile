# syntax=docker/dockerfile:1
# One image for every process of Rectify; the process is chosen by the command:
#   api        dist/apps/api/src/main.js                  (default CMD; GraphQL on $PORT, HOST=0.0.0.0)
#   projector  dist/apps/projector/src/main.js            (no HTTP server)
#   worker     dist/apps/worker/src/main.js               (BullMQ; no HTTP server; REPORT_STORAGE_DIR)
#   migrate    dist/apps/api/src/cli/prepare-database.js  (event store + read model + identity schemas,
#              then the seeds' tenants and villages; each step idempotent and advisory-locked)
#   also       dist/libs/event-store/postgres/src/cli/migrate.js, dist/libs/ledger/read-model/src/cli/migrate.js,
#              dist/libs/event-store/postgres/src/cli/audit.js
# e.g. `docker run --rm --env-file deploy/compose.env rectify dist/apps/projector/src/main.js`.
#
# Build step: swc compiles apps/, libs/ and seeds/ to CommonJS (deploy/docker/compile.ts), with the
# same transform tools/register.js applies in development, and rewrites the @rectify/* aliases. The
# runtime stage therefore needs neither ts-node, swc, TypeScript nor tsconfig-paths (all dev
# dependencies): production dependencies and dist/ only, and no transpiling at every start.
ARG NODE_IMAGE=node:20-slim

# --- deps: every dependency, for the build ------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts

# --- build: swc to dist/ ---------------------------------------------------------------------------
FROM deps AS build
COPY tsconfig.base.json ./
COPY tools/register.js tools/
COPY deploy/docker/compile.ts deploy/docker/
COPY apps apps
COPY libs libs
COPY seeds seeds
RUN node -r ./tools/register.js deploy/docker/compile.ts dist

# --- prod-deps: production dependencies only -------------------------------------------------------
# --ignore-scripts: no production dependency needs its install script (msgpackr-extract is optional and
# msgpackr falls back to JavaScript; protobufjs's postinstall only prints a version hint).
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force

# --- runtime ----------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# Code and dependencies stay owned by root and read-only to the process; it runs as `node` (uid 1000).
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY deploy/docker/probe.cjs ./probe.cjs
# The worker's REPORT_STORAGE_DIR; a named volume mounted here starts owned by node.
RUN mkdir -p /var/lib/rectify/reports && chown node:node /var/lib/rectify/reports
USER node
EXPOSE 3000
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "--enable-source-maps"]
CMD ["dist/apps/api/src/main.js"]
