#!/usr/bin/env bash
# Load test of the HTTP API on the real UK labour flows (../shared/data):
# builds a store with the CLI's ingest commands (README, "Working with real
# data"), starts 'domainscope serve' on 127.0.0.1 and runs wrk (Debian
# package wrk) against
#   neighbours      GET /api/v1/industries/8610/neighbours
#   neighbours-all  the neighbours of every linked industry in turn (wrk Lua script)
#   subgraph-100    GET /api/v1/subgraph?seeds=8610&hops=2&max_nodes=100 (JSON, 100 nodes)
# each for DURATION (default 60s), and prints requests/s, p50/p99 latency,
# errors (non-2xx and socket errors) and the server's RSS before and after
# each run. Targets (2 cores): neighbours >= 5,000 req/s with p99 < 20 ms;
# 100-node subgraph >= 1,000 req/s; no errors; flat memory.
#
# usage: bench/api/run.sh [DURATION]
#   env: CONNECTIONS (default 16), THREADS (default 2), LOG_LEVEL (default
#   info: access logs on, written to a file), CACHE_MB (default 256; 0 turns
#   the response cache off), SERVE_FLAGS (more 'serve' flags, e.g. --version-ttl 1s)
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-60s}
conns=${CONNECTIONS:-16}
threads=${THREADS:-2}
loglevel=${LOG_LEVEL:-info}
cachemb=${CACHE_MB:-256}
data=../shared/data/uk-labour-flows
for tool in wrk curl; do
	if ! command -v "$tool" >/dev/null; then
		echo "run.sh: $tool is missing: apt-get install $tool" >&2
		exit 1
	fi
done
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

# A free port on the loopback interface.
port=$(( 20000 + RANDOM % 20000 ))
base="http://127.0.0.1:$port/api/v1"
"$work/domainscope" --store "$work/uk.db" --log-level "$loglevel" serve --addr "127.0.0.1:$port" \
	--render=false --cache-mb "$cachemb" ${SERVE_FLAGS:-} 2>"$work/serve.log" &
pid=$!
for _ in $(seq 100); do
	curl -fsS "$base/ready" >/dev/null 2>&1 && break
	sleep 0.1
done
curl -fsS "$base/ready" >/dev/null || { echo "run.sh: the server did not start:" >&2; cat "$work/serve.log" >&2; exit 1; }

# The industries with links (level 2 of SIC 2007 here) for the rotating run.
curl -fsS "$base/industries?level=2&limit=500" | grep -o '"code":"[^"]*"' | cut -d'"' -f4 > "$work/codes"
{
	echo 'codes = {}'
	while read -r c; do echo "codes[#codes+1] = \"$c\""; done < "$work/codes"
	echo 'i = 0'
	echo 'request = function() i = i % #codes + 1; return wrk.format("GET", "/api/v1/industries/" .. codes[i] .. "/neighbours") end'
} > "$work/rotate.lua"

rss() { awk '/^VmRSS/ {printf "%.1f", $2/1024}' "/proc/$pid/status"; }
hwm() { awk '/^VmHWM/ {printf "%.1f", $2/1024}' "/proc/$pid/status"; }
nodes=$(curl -fsS "$base/subgraph?seeds=8610&hops=2&max_nodes=100" | grep -o '"color":' | wc -l)

echo "# $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); wrk -t$threads -c$conns -d$duration; log level $loglevel; cache ${cachemb} MiB ${SERVE_FLAGS:-}"
echo "# subgraph-100 answers $nodes nodes"
printf '%-15s %10s %9s %9s %9s %8s %10s %10s\n' run 'req/s' 'p50' 'p99' 'max' errors 'RSS MiB' 'after MiB'
run() {
	local name=$1 url=$2 script=${3:-}
	local before out
	before=$(rss)
	if [ -n "$script" ]; then
		out=$(timeout 600 wrk -t"$threads" -c"$conns" -d"$duration" --latency --timeout 5s -s "$script" "$url")
	else
		out=$(timeout 600 wrk -t"$threads" -c"$conns" -d"$duration" --latency --timeout 5s "$url")
	fi
	echo "$out" > "$work/$name.wrk"
	awk -v name="$name" -v before="$before" -v after="$(rss)" '
		/Requests\/sec/ {rps = $2}
		/^ +50%/ {p50 = $2}
		/^ +99%/ {p99 = $2}
		/^ +Latency +[0-9]/ {mx = $4}
		/Non-2xx/ {errs += $NF}
		/Socket errors/ {gsub(",", ""); errs += $4 + $6 + $8 + $10}
		END {printf "%-15s %10s %9s %9s %9s %8d %10s %10s\n", name, rps, p50, p99, mx, errs, before, after}' <<<"$out"
}
run neighbours "$base/industries/8610/neighbours"
run neighbours-all "http://127.0.0.1:$port" "$work/rotate.lua"
run subgraph-100 "$base/subgraph?seeds=8610&hops=2&max_nodes=100"
echo "# peak RSS $(hwm) MiB; access log $(du -h "$work/serve.log" | cut -f1)"
curl -fsS "http://127.0.0.1:$port/metrics" | grep -E '^domainscope_cache_requests_total|^domainscope_http_requests_total.*status="5' || true
