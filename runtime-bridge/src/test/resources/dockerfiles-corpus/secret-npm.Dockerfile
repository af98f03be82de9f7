FROM node:20-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN,required=true npm run fetch-private
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-alpine
WORKDIR /app
COPY --from=build /app /app
ARG PORT=3000
ENV NODE_ENV=production
EXPOSE ${PORT}
CMD ["node", "server.js"]
