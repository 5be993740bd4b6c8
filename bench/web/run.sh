#!/usr/bin/env bash
# Page load and first network view of the web explorer on the real UK data
# (../shared/data): runs the Chromium end-to-end test TestExplorerUK RUNS
# times (default 5; each in a fresh browser profile, so every run is a first
# visit with nothing cached), which opens the knowledge domain of hospital
# activities (8610) at #view=domains&domain=ID, and prints for each run the
# page load, when the view started (after /meta), the API answer, the
# drawing (Cytoscape set-up, fCoSE layout) and when the frame showing the
# network was painted, all in ms after navigation; then the median and the
# maximum of the painted time, with the machine's load average before and
# after. The target (issue #14) is under 1,000 ms. Needs Chromium and Go.
#
# usage: bench/web/run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
if [ ! -d ../shared/data/uk-labour-flows ]; then
	echo "run.sh: ../shared/data/uk-labour-flows not found (see the README's 'Working with real data')" >&2
	exit 1
fi
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
go test -c -o /tmp/ds-web-bench.test ./api/web/
out=$(cd api/web && /tmp/ds-web-bench.test -test.run 'TestExplorerUK$' -test.count "$runs" -test.v 2>&1) || { echo "$out"; exit 1; }
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"
# The health domain's line (the test also logs a hypothesis's network).
lines=$(echo "$out" | grep -o 'page loaded in.*first network view drawn.*')
echo "$lines" | sed 's/^/  /'
echo "$lines" | grep -o 'painted [0-9]* ms' | awk '{print $2}' | sort -n | awk '
	{ v[NR] = $1 }
	END { if (NR == 0) { print "no measurement (is Chromium installed?)"; exit 1 }
	      printf "first network view painted: median %d ms, max %d ms over %d runs (target < 1000 ms)\n", v[int((NR + 1) / 2)], v[NR], NR }'
