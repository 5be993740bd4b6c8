#!/bin/bash
# Go ingest.ReadSpells versus pandas on a 10-million-row job-spells file.
#
# Generates the file once (DATA, default /tmp/domainscope-bench/spells10m.csv),
# runs the Go benchmark command (best of 3, GOMAXPROCS=1: one core, end to end
# from the file, SHA-256 included) and the pandas script (read_csv + sort +
# shift + groupby), checks that both flow matrices are identical and prints
# the speed ratio. Also runs the in-memory Go benchmark (go test -bench).
#
# Then, side by side with DuckDB (pip duckdb in a venv, DUCKVENV, default
# /tmp/duckvenv), on the same file in random row order (SHUF, shuffled with a
# fixed random source; industry codes keep their leading zeros) and on the
# grouped file: Go (all cores) and DuckDB (all threads), each in its own
# process under /usr/bin/time for the peak RSS, flow matrices checked
# identical, ratios printed (below 1: Go is faster). ROWS=2000000 makes a
# smaller file when 10M rows take too long on a busy machine.
set -eu
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-10000000}
DATA=${DATA:-/tmp/domainscope-bench/spells$ROWS.csv}
SHUF=${SHUF:-${DATA%.csv}-shuffled.csv}
DUCKVENV=${DUCKVENV:-/tmp/duckvenv}
OUT=$(dirname "$DATA")
mkdir -p "$OUT"

go build -o "$OUT/spells" ./bench/ingest/spells
"$OUT/spells" -generate -rows "$ROWS" -file "$DATA"
if [ ! -s "$SHUF" ]; then
	{ head -n 1 "$DATA"; tail -n +2 "$DATA" | shuf --random-source=<(yes); } >"$SHUF.tmp"
	mv "$SHUF.tmp" "$SHUF"
fi
ls -l "$DATA" "$SHUF"

echo "== go test -bench (in memory, one core)"
go test ./ingest/ -run XXX -bench 'AggregateSpells10M' -benchtime 3x -cpu 1 -timeout 900s | grep Benchmark

echo "== Go: ingest.ReadSpells on the file, GOMAXPROCS=1"
GOMAXPROCS=1 "$OUT/spells" -file "$DATA" -links "$OUT/go_flows.csv" -runs 3 | tee "$OUT/go.txt"

echo "== pandas"
if /usr/bin/python3 -c 'import pandas' 2>/dev/null; then
	/usr/bin/python3 bench/ingest/pandas_flows.py "$DATA" "$OUT/go_flows.csv" | tee "$OUT/pandas.txt"
	go_s=$(sed -n 's/.*go_seconds=\([0-9.]*\).*/\1/p' "$OUT/go.txt")
	pd_s=$(sed -n 's/.*pandas_seconds=\([0-9.]*\).*/\1/p' "$OUT/pandas.txt")
	awk -v g="$go_s" -v p="$pd_s" 'BEGIN { printf "Go %.3f s, pandas %.3f s: Go is %.1fx faster (target >= 3x)\n", g, p, p / g }'
else
	echo "pandas not installed for /usr/bin/python3 (apt-get install python3-pandas): skipped"
fi

echo "== DuckDB side by side (uptime: $(uptime))"
if [ ! -x "$DUCKVENV/bin/python" ] || ! "$DUCKVENV/bin/python" -c 'import duckdb' 2>/dev/null; then
	/usr/bin/python3 -m venv --system-site-packages "$DUCKVENV"
	"$DUCKVENV/bin/pip" install -q duckdb
fi
for input in shuffled grouped; do
	f=$DATA
	[ "$input" = shuffled ] && f=$SHUF
	/usr/bin/time -f "peak_rss_kb=%M user_s=%U sys_s=%S cpu=%P" \
		"$OUT/spells" -file "$f" -links "$OUT/go_$input.csv" -runs 3 >"$OUT/go_$input.txt" 2>&1
	/usr/bin/time -f "peak_rss_kb=%M user_s=%U sys_s=%S cpu=%P" \
		"$DUCKVENV/bin/python" bench/ingest/duckdb_flows.py "$f" "$OUT/go_$input.csv" 3 >"$OUT/duck_$input.txt" 2>&1
	grep -h 'identical\|DIFFER' "$OUT/duck_$input.txt"
	g=$(sed -n 's/.*go_seconds=\([0-9.]*\).*/\1/p' "$OUT/go_$input.txt")
	d=$(sed -n 's/.*duckdb_seconds=\([0-9.]*\).*/\1/p' "$OUT/duck_$input.txt")
	gm=$(sed -n 's/.*peak_rss_kb=\([0-9]*\).*/\1/p' "$OUT/go_$input.txt")
	dm=$(sed -n 's/.*peak_rss_kb=\([0-9]*\).*/\1/p' "$OUT/duck_$input.txt")
	awk -v i="$input" -v g="$g" -v d="$d" -v gm="$gm" -v dm="$dm" 'BEGIN {
		printf "%s: Go %.3f s, %d MiB; DuckDB %.3f s, %d MiB; time ratio %.2f, memory ratio %.2f (target <= 1.0)\n",
			i, g, gm / 1024, d, dm / 1024, g / d, gm / dm }'
done
uptime
