# The gateway's container image: `docker build -t aisquared-graphql-gateway .` (docs/deploy.md).
# test/deploy/image.test.ts runs this file's COPY and RUN steps outside Docker and starts the result,
# so keep to the instructions it reads: FROM, WORKDIR, ENV, COPY (optionally --from), RUN, USER,
# EXPOSE, HEALTHCHECK and CMD, one per line or continued with a backslash.

# Build stage: every dependency, then tsc (src/ -> dist/, demo/src/ -> dist/demo/).
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY demo/tsconfig.build.json ./demo/
COPY demo/src ./demo/src
RUN npm run build

# Runtime stage: production dependencies (no tsx, no TypeScript), the compiled code and the SDL it reads.
FROM node:20.20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# No dependency needs an install script at run time; skipping them keeps the install to unpacking.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY schema ./schema
COPY --from=build /app/dist ./dist
# Root owns the files and the process runs as node: it can read them, not change them. Nothing is
# written at run time (logs go to stdout), so `docker run --read-only` needs no writable volume.
USER node
ENV HOST=0.0.0.0 PORT=4000
EXPOSE 4000
# slim images have no curl: node asks /healthz (no upstream call) on the loopback interface.
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM itself (no shell or npm in between), then drains.
CMD ["node", "dist/index.js"]
