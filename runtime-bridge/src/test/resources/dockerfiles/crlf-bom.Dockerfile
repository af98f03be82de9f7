FROM alpine:3.20
RUN apk add --no-cache bash
CMD echo hi
