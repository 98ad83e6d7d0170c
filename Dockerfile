# syntax=docker/dockerfile:1
# Multi-stage build on Node 24 LTS: dependencies, build, then a slim runtime with production packages only.

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY --from=build /app/app ./app
COPY --from=build /app/db ./db
COPY --from=build /app/jobs ./jobs
COPY --from=build /app/server ./server
COPY --from=build /app/public ./public
COPY --from=build /app/tsconfig.json ./
USER node
EXPOSE 8080
# node itself is PID 1, so `docker stop`'s SIGTERM reaches the server (npm would not pass it on).
CMD ["node", "--import", "tsx", "server/main.ts"]
