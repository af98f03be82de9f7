FROM alpine:3.20
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://github.com/tini/releases/download/v0.19.0/tini-static /tini
ADD --chmod=0755 https://raw.githubusercontent.com/acme/tools/main/install.sh /usr/local/bin/install-tools
RUN chmod +x /tini && /usr/local/bin/install-tools
ENTRYPOINT ["/tini", "--"]
CMD ["sh"]
