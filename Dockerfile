# domainscope server image: docker compose up (see docker-compose.yml and
# docs/neo4j.md). Build stage: Go; run stage: Debian slim with rsvg-convert
# for PNG diagrams.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# Every command under cmd/ (domainscope and any helper binaries it starts).
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/ ./cmd/...

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates librsvg2-bin \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /home/domainscope --create-home domainscope
COPY --from=build /out/ /usr/local/bin/
USER domainscope
WORKDIR /home/domainscope
EXPOSE 8080
ENV DOMAINSCOPE_ADDR=:8080
ENTRYPOINT ["domainscope"]
CMD ["serve"]
