#!/usr/bin/env bash
# Load test of the HTTP API on the real UK labour flows (../shared/data)
# against a bare gin hello-world server (bench/api/hello), side by side:
# builds a store with the CLI's ingest commands (bench/lib.sh), starts
# 'domainscope serve' and hello on loopback, and runs wrk (Debian package
# wrk) ROUNDS times over the three sides in turn (interleaved, so that other
# load on the machine falls on all of them alike):
#   gin         GET /hello of the bare gin server
#   neighbours  GET /api/v1/industries/8610/neighbours (cached)
#   2hop-200    GET /api/v1/subgraph?seeds=8610&hops=2&max_nodes=200 (cached JSON, 200 nodes)
# each for DURATION (default 10s). Every request says Accept-Encoding: gzip,
# as browsers do (GZIP=0: no Accept-Encoding, the bodies go uncompressed). It prints one row per run, then the
# medians: requests/s, the ratio to gin of the same round, p50 and p99.
# Issue 16's targets: neighbours >= 0.7 x gin, 2hop-200 >= 0.5 x gin,
# p99 < 20 ms at 16 connections. Last, wrk runs MEMORY (default 60s) over
# the neighbours of every linked industry and the 2-hop subgraph in turn
# while the server's RSS is sampled every 5 s (the target: flat).
#
# usage: bench/api/run.sh [DURATION]
#   env: ROUNDS (default 3), GZIP (default 1), MEMORY (default 60s), CONNECTIONS (default 16),
#   THREADS (default 2), LOG_LEVEL (default info: access logs on, written to
#   a file), CACHE_MB (default 256), SERVE_FLAGS (more 'serve' flags)
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
duration=${1:-10s}
rounds=${ROUNDS:-3}
memory=${MEMORY:-60s}
conns=${CONNECTIONS:-16}
threads=${THREADS:-2}
loglevel=${LOG_LEVEL:-info}
cachemb=${CACHE_MB:-256}
accept=()
if [ "${GZIP:-1}" != 0 ]; then
	accept=(-H 'Accept-Encoding: gzip')
fi
for tool in wrk curl; do
	if ! command -v "$tool" >/dev/null; then
		echo "run.sh: $tool is missing: apt-get install $tool" >&2
		exit 1
	fi
done
bench_setup
go build -o "$work/hello" ./bench/api/hello
bench_uk_store

hport=$(bench_port)
"$work/hello" -addr "127.0.0.1:$hport" 2>"$work/hello.log" &
hpid=$!
bench_pids+=("$hpid")
bench_wait "http://127.0.0.1:$hport/hello" "$work/hello.log"
# shellcheck disable=SC2086 # SERVE_FLAGS is a list of flags
bench_serve "$loglevel" --cache-mb "$cachemb" ${SERVE_FLAGS:-}
api=$base/api/v1

declare -A url=(
	[gin]="http://127.0.0.1:$hport/hello"
	[neighbours]="$api/industries/8610/neighbours"
	[2hop-200]="$api/subgraph?seeds=8610&hops=2&max_nodes=200"
)
sides=(gin neighbours 2hop-200)
nodes=$(curl -fsS "${url[2hop-200]}" | grep -o '"color":' | wc -l)
bytes2hop=$(curl -fsS "${accept[@]}" "${url[2hop-200]}" | wc -c)
bytesnb=$(curl -fsS "${accept[@]}" "${url[neighbours]}" | wc -c)
curl -fsS "${url[neighbours]}" >/dev/null

# The industries with links (level 2 of SIC 2007 here) and the 2-hop
# subgraph in turn, for the memory run.
curl -fsS "$api/industries?level=2&limit=500" | grep -o '"code":"[^"]*"' | cut -d'"' -f4 >"$work/codes"
{
	echo 'paths = {}'
	while read -r c; do echo "paths[#paths+1] = \"/api/v1/industries/$c/neighbours\""; done <"$work/codes"
	echo 'paths[#paths+1] = "/api/v1/subgraph?seeds=8610&hops=2&max_nodes=200"'
	echo 'i = 0'
	echo 'request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end'
} >"$work/rotate.lua"

load() { cut -d' ' -f1 /proc/loadavg; }
# wrkrun NAME URL [SCRIPT]: one wrk run; prints "req/s p50 p99 errors" (latencies in ms).
wrkrun() {
	local out
	out=$(timeout 900 wrk -t"$threads" -c"$conns" -d"$2" --latency --timeout 5s "${accept[@]}" ${3:+-s "$3"} "$1")
	awk '
		function ms(v) {
			if (v ~ /us$/) return v / 1000
			if (v ~ /ms$/) return v + 0
			if (v ~ /m$/) return v * 60000
			if (v ~ /s$/) return v * 1000
			return v
		}
		/Requests\/sec/ {rps = $2}
		/^ +50%/ {p50 = ms($2)}
		/^ +99%/ {p99 = ms($2)}
		/Non-2xx/ {errs += $NF}
		/Socket errors/ {gsub(",", ""); errs += $4 + $6 + $8 + $10}
		END {printf "%.0f %.3f %.3f %d\n", rps, p50, p99, errs}' <<<"$out"
}

echo "# $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) at the start; wrk -t$threads -c$conns -d$duration, $rounds rounds interleaved; ${accept[*]:-no Accept-Encoding}; log level $loglevel; cache $cachemb MiB ${SERVE_FLAGS:-}"
echo "# 2hop-200 answers $nodes nodes in $bytes2hop bytes, neighbours $bytesnb bytes, gin 13 bytes"
printf '%-6s %-11s %9s %7s %9s %9s %7s %6s\n' round side 'req/s' ratio 'p50 ms' 'p99 ms' errors load
: >"$work/runs"
for r in $(seq "$rounds"); do
	for side in "${sides[@]}"; do
		read -r rps p50 p99 errs <<<"$(wrkrun "${url[$side]}" "$duration")"
		[ "$side" = gin ] && gin=$rps
		ratio=$(awk -v a="$rps" -v b="$gin" 'BEGIN {printf "%.2f", a / b}')
		printf '%-6s %-11s %9s %7s %9s %9s %7s %6s\n' "$r" "$side" "$rps" "$ratio" "$p50" "$p99" "$errs" "$(load)"
		echo "$side $rps $ratio $p50 $p99 $errs" >>"$work/runs"
	done
done

echo
echo "# memory: wrk -d$memory over the neighbours of $(wc -l <"$work/codes") industries and 2hop-200 in turn; server RSS every 5 s (MiB)"
wrk -t"$threads" -c"$conns" -d"$memory" --latency --timeout 5s "${accept[@]}" -s "$work/rotate.lua" "$base" >"$work/memory.wrk" &
wpid=$!
samples=()
while kill -0 "$wpid" 2>/dev/null; do
	samples+=("$(bench_rss)")
	sleep 5
done
wait "$wpid"
echo "RSS ${samples[*]}; $(awk '/Requests\/sec/ {print $2}' "$work/memory.wrk") req/s; load average $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "# medians over $rounds rounds (ratio: to gin in the same round); targets: neighbours >= 0.70, 2hop-200 >= 0.50, p99 < 20 ms"
printf '%-11s %9s %7s %9s %9s %7s %s\n' side 'req/s' ratio 'p50 ms' 'p99 ms' errors target
for side in "${sides[@]}"; do
	case $side in
	gin) want=0 ;;
	neighbours) want=0.70 ;;
	*) want=0.50 ;;
	esac
	awk -v side="$side" -v want="$want" '
		function median(a, n,   i, j, t) {
			for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
			return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
		}
		$1 == side {n++; rps[n] = $2; ratio[n] = $3; p50[n] = $4; p99[n] = $5; errs += $6}
		END {
			r = median(ratio, n); q = median(p99, n)
			verdict = side == "gin" ? "-" : (r >= want && q < 20 && errs == 0 ? "met" : "missed")
			printf "%-11s %9.0f %7.2f %9.3f %9.3f %7d %s\n", side, median(rps, n), r, median(p50, n), q, errs, verdict
		}' "$work/runs"
done
fives=$(curl -fsS "$base/metrics" | awk '/^domainscope_http_requests_total.*status="5/ {n += $NF} END {print n + 0}')
printf '%-11s first %s MiB, last %s MiB, peak %s MiB over %s of wrk; %s answers 5xx in the whole run\n' \
	RSS "${samples[0]}" "${samples[-1]}" "$(bench_hwm)" "$memory" "$fives"

