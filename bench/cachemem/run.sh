#!/usr/bin/env bash
# Memory of the response cache on the real UK labour flows (../shared/data):
# for each --cache-mb in CACHES (default "0 64 128"), starts 'domainscope
# serve', sends N (default 400) distinct requests whose answers are large
# (a 439-node subgraph as GEXF, GraphML and node-link JSON, the full
# bridging ranking; each distinct by its seed, so every one is a cache
# miss), and prints the server's resident memory (VmRSS now, VmHWM peak),
# the bytes the cache says it holds and the Go heap in use. The run with
# --cache-mb 0 is the baseline; issue 15 asks RSS <= baseline + 1.2 x cache.
#
# usage: bench/cachemem/run.sh   (env: CACHES, N, SERVE_FLAGS)
set -euo pipefail
cd "$(dirname "$0")/../.."
caches=${CACHES:-0 64 128}
n=${N:-400}
data=../shared/data/uk-labour-flows
if [ ! -d "$data" ]; then
	echo "run.sh: $data not found (see the README's 'Working with real data')" >&2
	exit 1
fi
work=$(mktemp -d)
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/domainscope" ./cmd/domainscope
ds() { "$work/domainscope" --store "$work/uk.db" "$@" >/dev/null; }
ds ingest industries "$data/sic2007_structure.csv" --classification SIC2007 \
	--code-col SIC2007 --levels MainIndustry,MainActivity,SubActivity
ds ingest links "$data/flows_sic2007_2009_2018.csv" --classification SIC2007 --pad 4 \
	--layer labour --period 2009-2018 --kind flows
ds ingest regional "$data/employment_2015_uk_regions_wide.csv" --shape wide \
	--classification SIC2007 --period 2015 --industry-col SIC2007 \
	--exclude Industry,Total,Description --unknown skip

printf "%-9s %9s %9s %11s %10s\n" cache_mb rss_mb peak_mb cache_held heap_inuse
for mb in $caches; do
	port=$(( 20000 + RANDOM % 20000 ))
	base="http://127.0.0.1:$port"
	"$work/domainscope" --store "$work/uk.db" --log-level error serve --addr "127.0.0.1:$port" \
		--render=false --cache-mb "$mb" ${SERVE_FLAGS:-} 2>"$work/serve.log" &
	pid=$!
	for _ in $(seq 50); do curl -sf "$base/api/v1/health" >/dev/null && break; sleep 0.2; done
	for i in $(seq "$n"); do
		case $((i % 4)) in
		0) q="subgraph?seeds=8610&hops=3&max_nodes=2000&format=gexf&seed=$i" ;;
		1) q="subgraph?seeds=8610&hops=3&max_nodes=2000&format=graphml&seed=$i" ;;
		2) q="subgraph?seeds=8610&hops=3&max_nodes=2000&seed=$i" ;;
		3) q="bridges?top=0&seed=$i" ;;
		esac
		curl -sf -H 'Accept-Encoding: gzip' -o /dev/null "$base/api/v1/$q"
	done
	m=$(curl -sf "$base/metrics")
	held=$(awk '/^domainscope_cache_bytes /{printf "%.1f", $2/1048576}' <<<"$m")
	heap=$(awk '/^go_memstats_heap_inuse_bytes /{printf "%.1f", $2/1048576}' <<<"$m")
	rss=$(awk '/VmRSS/{printf "%.1f", $2/1024}' /proc/$pid/status)
	hwm=$(awk '/VmHWM/{printf "%.1f", $2/1024}' /proc/$pid/status)
	printf "%-9s %9s %9s %11s %10s\n" "$mb" "$rss" "$hwm" "$held" "$heap"
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	pid=
done
