#!/bin/sh
# Go ingest.ReadSpells versus pandas on a 10-million-row job-spells file.
#
# Generates the file once (DATA, default /tmp/domainscope-bench/spells10m.csv),
# runs the Go benchmark command (best of 3, GOMAXPROCS=1: one core, end to end
# from the file, SHA-256 included) and the pandas script (read_csv + sort +
# shift + groupby), checks that both flow matrices are identical and prints
# the speed ratio. Also runs the in-memory Go benchmark (go test -bench).
set -eu
cd "$(dirname "$0")/../.."
DATA=${DATA:-/tmp/domainscope-bench/spells10m.csv}
OUT=$(dirname "$DATA")
mkdir -p "$OUT"

go build -o "$OUT/spells" ./bench/ingest/spells
"$OUT/spells" -generate -file "$DATA"
ls -l "$DATA"

echo "== go test -bench (in memory, one core)"
go test ./ingest/ -run XXX -bench 'AggregateSpells10M' -benchtime 3x -cpu 1 -timeout 900s | grep Benchmark

echo "== Go: ingest.ReadSpells on the file, GOMAXPROCS=1"
GOMAXPROCS=1 "$OUT/spells" -file "$DATA" -links "$OUT/go_flows.csv" -runs 3 | tee "$OUT/go.txt"

echo "== pandas"
/usr/bin/python3 bench/ingest/pandas_flows.py "$DATA" "$OUT/go_flows.csv" | tee "$OUT/pandas.txt"

go_s=$(sed -n 's/.*go_seconds=\([0-9.]*\).*/\1/p' "$OUT/go.txt")
pd_s=$(sed -n 's/.*pandas_seconds=\([0-9.]*\).*/\1/p' "$OUT/pandas.txt")
awk -v g="$go_s" -v p="$pd_s" 'BEGIN { printf "Go %.3f s, pandas %.3f s: Go is %.1fx faster (target >= 3x)\n", g, p, p / g }'
