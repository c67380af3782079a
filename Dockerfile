# lanjie gateway image: a build stage compiles TypeScript to dist/, the runtime stage holds production dependencies and dist/ only.
# syntax=docker/dockerfile:1

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 has prebuilt binaries for this platform; python3/make/g++ are the fallback when it must compile.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY carriers ./carriers
COPY mocks ./mocks
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
RUN npm prune --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
# The gateway listens on every interface inside the container; SQLite (when no LANJIE_STORE_URL) lives in /data.
ENV HOST=0.0.0.0 PORT=8080 LANJIE_DATA_DIR=/data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Signals go straight to node (exec form, no shell): SIGTERM drains and exits 0 within LANJIE_SHUTDOWN_TIMEOUT_MS.
STOPSIGNAL SIGTERM
CMD ["node", "bin/lanjie.js", "serve"]
