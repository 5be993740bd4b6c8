# Shared start-up of the server benchmarks (bench/api, bench/cachemem):
# source it from a script that has cd'ed to the repository root.
#
#   bench_setup [optional]  makes $work (removed on exit, with every server
#                           started by bench_serve stopped) and builds
#                           $work/domainscope; without ../shared/data it
#                           fails, or with "optional" sets bench_have_data=0
#                           (1 when the data is there)
#   bench_uk_store          loads the UK labour flows (../shared/data) into
#                           $work/uk.db with the CLI's ingest commands
#   bench_serve LOG ARGS..  starts 'domainscope serve' over $work/uk.db on a
#                           free loopback port with --log-level LOG and ARGS,
#                           waits until /api/v1/ready answers; sets $pid and
#                           $base (http://127.0.0.1:PORT)
#   bench_stop [PID]        stops a server (default $pid)
#   bench_rss [PID]         resident memory of a process in MiB (VmRSS)
#   bench_hwm [PID]         its peak resident memory in MiB (VmHWM)
#   bench_seconds CMD ARGS  runs a command (output discarded, failure fatal)
#                           and prints its wall time in seconds
#   bench_median            prints the median of the numbers on standard input

bench_data=../shared/data/uk-labour-flows
bench_pids=()
bench_have_data=1

bench_setup() {
	if [ ! -d "$bench_data" ]; then
		if [ "${1:-}" != optional ]; then
			echo "$0: $bench_data not found (see the README's 'Working with real data')" >&2
			exit 1
		fi
		bench_have_data=0
	fi
	work=$(mktemp -d)
	trap bench_cleanup EXIT
	go build -o "$work/domainscope" ./cmd/domainscope
}

bench_cleanup() {
	local p
	for p in "${bench_pids[@]}"; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$work"
}

bench_uk_store() {
	local ds=("$work/domainscope" --store "$work/uk.db")
	"${ds[@]}" ingest industries "$bench_data/sic2007_structure.csv" --classification SIC2007 \
		--code-col SIC2007 --levels MainIndustry,MainActivity,SubActivity >/dev/null
	"${ds[@]}" ingest links "$bench_data/flows_sic2007_2009_2018.csv" --classification SIC2007 --pad 4 \
		--layer labour --period 2009-2018 --kind flows >/dev/null
	"${ds[@]}" ingest regional "$bench_data/employment_2015_uk_regions_wide.csv" --shape wide \
		--classification SIC2007 --period 2015 --industry-col SIC2007 \
		--exclude Industry,Total,Description --unknown skip >/dev/null
}

# bench_port prints a port on the loopback interface that nothing listens on.
bench_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 20000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return
		fi
	done
}

bench_serve() {
	local level=$1
	shift
	local port
	port=$(bench_port)
	base="http://127.0.0.1:$port"
	"$work/domainscope" --store "$work/uk.db" --log-level "$level" serve --addr "127.0.0.1:$port" \
		--render=false "$@" 2>"$work/serve-$port.log" &
	pid=$!
	bench_pids+=("$pid")
	bench_wait "$base/api/v1/ready" "$work/serve-$port.log"
}

# bench_wait URL LOG waits up to 10 s for URL to answer 2xx; else prints LOG and fails.
bench_wait() {
	local _
	for _ in $(seq 100); do
		curl -fsS "$1" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "$0: the server did not start ($1):" >&2
	cat "$2" >&2
	exit 1
}

bench_stop() {
	local p=${1:-$pid}
	kill "$p" 2>/dev/null || true
	wait "$p" 2>/dev/null || true
}

bench_rss() { awk '/^VmRSS/ {printf "%.1f", $2/1024}' "/proc/${1:-$pid}/status"; }
bench_hwm() { awk '/^VmHWM/ {printf "%.1f", $2/1024}' "/proc/${1:-$pid}/status"; }

bench_seconds() {
	local t0 t1
	t0=$(date +%s.%N)
	if ! "$@" >/dev/null 2>"$work/bench_seconds.err"; then
		echo "$0: failed: $*" >&2
		cat "$work/bench_seconds.err" >&2
		exit 1
	fi
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

bench_median() {
	sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; if (NR % 2) printf "%.3f\n", v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
