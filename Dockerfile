# syntax=docker/dockerfile:1
# pos-sandbox — self-hosted emulator of the Rulrr, WLL Receipts Core and Kangaroo APIs.
#   docker build -t pos-sandbox:local .
#   docker run --rm -p 4010:4010 -v sandbox-data:/data pos-sandbox:local
# or simply `docker compose up` (see docker-compose.yml).

# ---- build: compile the native better-sqlite3 addon, then TypeScript ---------------------
FROM node:24-slim AS build
WORKDIR /app
ENV npm_config_update_notifier=false
# better-sqlite3 is compiled from source with node-gyp (its install script would first try to
# download a prebuilt binary, which misses the Node 24 header pin below): it needs a toolchain.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# The dependencies first, in a layer that depends on the package files only: a change under src/
# reuses it instead of installing everything and compiling better-sqlite3 again. --ignore-scripts
# also skips `prepare` (the build, which needs the sources); better-sqlite3, the one dependency
# with an install script, is then compiled explicitly (its `build-release` script: node-gyp).
COPY package.json package-lock.json ./
# node-gyp builds against the base image's own Node headers (no header download) — except on
# Node 24: from 24.19 its headers make better-sqlite3 12 abort the process when V8 collects a
# prepared statement outside JavaScript (nodejs/node#65446). Built against 24.18.1's headers
# (same ABI, from the npm registry's node-linux-<arch> package) the addon runs cleanly on every
# 24.x. better-sqlite3 13 fixes it for good but needs Node 22+, and the project still runs on 20.
# Behind a TLS-intercepting proxy, pass its CA: `docker build --secret id=npm_ca,src=proxy-ca.pem .`
RUN --mount=type=secret,id=npm_ca \
    if [ -s /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca; fi \
 && prefix="$(node -p 'require("node:path").resolve(process.execPath, "../..")')" \
 && case "$(node -p 'process.versions.node')" in \
      24.*) arch="$(node -p 'process.arch')" \
         && npm install --no-save --no-audit --no-fund --prefix /tmp/node-headers "node-linux-${arch}@24.18.1" \
         && export npm_config_nodedir="/tmp/node-headers/node_modules/node-linux-${arch}" ;; \
      *) if [ -f "$prefix/include/node/node_api.h" ]; then export npm_config_nodedir="$prefix"; fi ;; \
    esac \
 && npm ci --ignore-scripts --no-audit --no-fund \
 && npm run build-release --prefix node_modules/better-sqlite3 \
 && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src \
           node_modules/better-sqlite3/build/deps node_modules/better-sqlite3/build/Release/obj \
           node_modules/better-sqlite3/build/Release/obj.target node_modules/better-sqlite3/build/Release/.deps \
 && node -e "new (require('better-sqlite3'))(':memory:').close()" \
 && rm -rf /tmp/node-headers \
 && npm cache clean --force
# Then the sources: dist/ (tsc + the SQL migrations), and the dev dependencies dropped.
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build \
 && test -f dist/server.js \
 && test -d dist/db/migrations \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime ----------------------------------------------------------------------------
FROM node:24-slim AS runtime
# node:24-slim ships user `node` (uid 1000); create it where the base image lacks it.
RUN id -u node >/dev/null 2>&1 || useradd --uid 1000 --user-group --create-home --shell /usr/sbin/nologin node
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4010 \
    SANDBOX_DB=/data/sandbox.db \
    SANDBOX_FIXTURES=/app/fixtures \
    LOG_LEVEL=info
# A scrypt call (Rulrr-Connect passwords) takes a 16 MB buffer. Once one is freed, glibc raises
# its mmap threshold and keeps the next ones in the heap — 16 MB for good, per thread; a fixed
# threshold hands each back (idle RSS of this image after its first start: 118 → 100 MB).
ENV GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY fixtures ./fixtures
# The database lives on a volume owned by the unprivileged user.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 4010
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4010)+'/__admin/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1: the server handles SIGTERM/SIGINT itself (drains requests, closes the database).
CMD ["node", "dist/server.js"]
