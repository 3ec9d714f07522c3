# syntax=docker/dockerfile:1.20
# Every service's image (the website has its own, client/Dockerfile). Build from the repository root,
# which holds the shared workspace; SERVICE, the service's directory, is required:
#   docker build --build-arg SERVICE=auth .                 production image (the last stage)
#   docker build --build-arg SERVICE=auth --target dev .    recompiles and restarts on synced sources
ARG SERVICE

FROM node:24.11.1-alpine3.22 AS base
WORKDIR /app
# Only the manifests first, so the dependency layers are reused until a package.json changes. Every
# workspace's, needed by the image or not, so npm ci sees the tree the lock file describes (it
# installs only the workspaces named); --parents keeps their directories: a new one needs no edit.
COPY --parents package.json package-lock.json */package.json ./

# Everything needed to compile: the workspace, common and the root's build tools. common's test
# entry (@ticketing/common/testing) is typed against local-servers, so that compiles here too; the
# runtime stage takes neither.
FROM base AS build
ARG SERVICE
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund --include-workspace-root \
      --workspace @ticketing/local-servers --workspace @ticketing/common \
      --workspace @ticketing/${SERVICE}
COPY tsconfig.base.json ./
COPY local-servers/ local-servers/
COPY common/ common/
COPY ${SERVICE}/ ${SERVICE}/
RUN npm run build -w @ticketing/local-servers -w @ticketing/common \
  && npm run build -w @ticketing/${SERVICE}

# Production dependencies only, for the runtime stage.
FROM base AS prod-deps
ARG SERVICE
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
      --workspace @ticketing/common --workspace @ticketing/${SERVICE} \
  && mkdir -p common/node_modules ${SERVICE}/node_modules

# For skaffold dev: sources are synced into src/, recompiled by tsc and the process restarted.
FROM build AS dev
ARG SERVICE
ENV NODE_ENV=development
RUN chown -R node:node /app/${SERVICE}
WORKDIR /app/${SERVICE}
USER node
EXPOSE 3000
CMD ["sh", "-c", "npx tsc -p tsconfig.build.json --watch --preserveWatchOutput & exec node --watch dist/index.js"]

FROM node:24.11.1-alpine3.22 AS runtime
ARG SERVICE
ENV NODE_ENV=production
WORKDIR /app
COPY --from=prod-deps /app/node_modules node_modules/
COPY --from=prod-deps /app/common/package.json common/
COPY --from=prod-deps /app/common/node_modules common/node_modules/
COPY --from=build /app/common/dist common/dist/
COPY --from=prod-deps /app/${SERVICE}/package.json ${SERVICE}/
COPY --from=prod-deps /app/${SERVICE}/node_modules ${SERVICE}/node_modules/
COPY --from=build /app/${SERVICE}/dist ${SERVICE}/dist/
WORKDIR /app/${SERVICE}
USER node
EXPOSE 3000
CMD ["node", "dist/index.js"]
