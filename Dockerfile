# The sandbox as a container, built from the same package `npm pack` makes (test/distribution
# proves that layout on every `npm test`; this image itself is NOT yet built by CI, which cannot
# run containers). Usage:
#   docker build -t nhs-login-sandbox .
#   docker run --rm -p 127.0.0.1:8080:8080 -p 127.0.0.1:8025:8025 -e ADMIN_TOKEN=<16+ characters> -v sandbox-data:/data nhs-login-sandbox
# Publish on loopback as above unless the host's network is trusted: the admin token then guards
# the admin API, console and mail capture, but the claim pages and specified endpoints stay open.
# Inside the container the sandbox listens on 0.0.0.0, so the admin API, console and mail API
# need ADMIN_TOKEN (the sandbox refuses to start without it: docs/operating.md, "Exposure model").

FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm pack --ignore-scripts --pack-destination /tmp && mv /tmp/nhs-login-provisioning-sandbox-*.tgz /tmp/sandbox.tgz

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /tmp/sandbox.tgz /tmp/sandbox.tgz
RUN npm init -y >/dev/null \
  && npm install --omit=dev --no-audit --no-fund /tmp/sandbox.tgz \
  && rm /tmp/sandbox.tgz \
  && mkdir -p /data && chown node:node /data
USER node
ENV HOST=0.0.0.0 \
    PORT=8080 \
    MAILPIT_PORT=8025 \
    DATA_DIR=/data \
    LOG=json
VOLUME ["/data"]
EXPOSE 8080 8025
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/_health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/node_modules/nhs-login-provisioning-sandbox/dist/cli.cjs"]
CMD ["start"]
