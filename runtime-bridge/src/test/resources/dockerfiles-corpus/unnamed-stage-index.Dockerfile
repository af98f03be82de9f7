FROM alpine:3.20
RUN echo "built at stage zero" > /built.txt

FROM alpine:3.20 AS unused-docs
RUN echo docs > /docs.txt

FROM alpine:3.20
COPY --from=0 /built.txt /built.txt
CMD cat /built.txt
