# syntax=docker/dockerfile:1
# Build: compile TypeScript, then keep only production dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Run: non-root, configuration from a mounted volume, state in Redis (REDIS_URL) or /data.
# Inside a container the web server must listen on all interfaces to be reachable (-p 8080:8080);
# outside one it keeps its default of 127.0.0.1:3000. Times are shown in Beijing time.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    SANSHEN_CONFIG=/app/config/sanshen.yaml \
    SANSHEN_DATA=/data/sanshen.db \
    SANSHEN_WEB_HOST=0.0.0.0 \
    SANSHEN_WEB_PORT=8080 \
    TZ=Asia/Shanghai
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY prompts ./prompts
# Defaults; mount your own organisation's folder over /app/config.
COPY config ./config
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/app/config", "/data"]
EXPOSE 8080
CMD ["node", "dist/src/main.js"]
