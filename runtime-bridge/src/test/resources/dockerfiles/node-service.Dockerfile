ARG NODE_VERSION=20
FROM node:${NODE_VERSION}-bookworm

LABEL org.opencontainers.image.source="https://github.com/example/service"
RUN npm install -g pnpm@9 typescript
WORKDIR /usr/src/app
COPY --chown=node:node package.json pnpm-lock.yaml ./
RUN pnpm install --frozen-lockfile
COPY --chown=node:node . .
RUN pnpm build
USER node
ENV NODE_ENV=production PORT=3000
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s CMD curl -fsS http://localhost:3000/health || exit 1
ENTRYPOINT ["node"]
CMD ["dist/server.js"]
