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
. bench/lib.sh
caches=${CACHES:-0 64 128}
n=${N:-400}
bench_setup
bench_uk_store

printf "%-9s %9s %9s %11s %10s\n" cache_mb rss_mb peak_mb cache_held heap_inuse
for mb in $caches; do
	# shellcheck disable=SC2086 # SERVE_FLAGS is a list of flags
	bench_serve error --cache-mb "$mb" ${SERVE_FLAGS:-}
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
	printf "%-9s %9s %9s %11s %10s\n" "$mb" "$(bench_rss)" "$(bench_hwm)" "$held" "$heap"
	bench_stop
done
