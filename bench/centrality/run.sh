#!/usr/bin/env bash
# Times centrality.Betweenness and python-igraph's Graph.betweenness on the
# very same generated graph files, in one run, and prints times, ratios and
# the largest difference between the two results.
#
#   bench/centrality/run.sh [N M]      (default 5000 100000)
#
# Then the sampled estimator (Brandes & Pich 2007 source sampling, bound
# SampledBetweennessError): its time and peak memory on a generated
# G(SAMPLED_N, SAMPLED_M) (default 1,000,000 / 10,000,000) with SAMPLES
# sources (default 50), and on G(N, M) its largest error against the exact
# values over 5 seeds with K_ERR sources (default 500) beside the bound
# (normalised values, δ = 0.1). SAMPLED_N=0 skips the large run.
#
# Needs Go and /usr/bin/python3 with python3-igraph (Debian). igraph runs on
# one core; Betweenness uses GOMAXPROCS workers (and is also timed on one).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-5000}
M=${2:-100000}
PY=/usr/bin/python3
if ! $PY -c 'import igraph' 2>/dev/null; then
  echo "python3-igraph not found for $PY: apt-get install python3-igraph" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/centrality" ./bench/centrality
"$tmp/centrality" gen -n "$N" -m "$M" -seed 1 -out "$tmp/g.txt"
echo "graph: G($N, $M), weights uniform in [0.05, 1); cores: $(nproc); igraph $($PY -c 'import igraph; print(igraph.__version__)')"
printf '%-11s %10s %10s %10s %10s %14s\n' case go_s go_1core_s igraph_s ratio max_rel_diff
for d in none inverse; do
  read -r go_s workers < <("$tmp/centrality" run -in "$tmp/g.txt" -distance "$d" -out "$tmp/go_$d.txt")
  read -r go1_s _ < <("$tmp/centrality" run -in "$tmp/g.txt" -distance "$d" -workers 1)
  ig_s=$($PY bench/centrality/igraph_bc.py "$tmp/g.txt" "$d" "$tmp/ig_$d.txt")
  diff=$($PY - "$tmp/go_$d.txt" "$tmp/ig_$d.txt" <<'PY'
import sys
a = [float(x) for x in open(sys.argv[1])]
b = [float(x) for x in open(sys.argv[2])]
assert len(a) == len(b), (len(a), len(b))
print("%.2e" % max(abs(x - y) / max(1.0, abs(y)) for x, y in zip(a, b)))
PY
)
  label=$([ "$d" = none ] && echo unweighted || echo "weighted")
  ratio=$(awk -v a="$ig_s" -v b="$go_s" 'BEGIN { printf "%.2f", a / b }')
  printf '%-11s %10s %10s %10s %9sx %14s\n' "$label" "$go_s" "$go1_s" "$ig_s" "$ratio" "$diff"
done
echo "ratio = igraph time / Go time (GOMAXPROCS=$workers workers); > 1 means Go is faster."

SAMPLED_N=${SAMPLED_N:-1000000}
SAMPLED_M=${SAMPLED_M:-10000000}
SAMPLES=${SAMPLES:-50}
K_ERR=${K_ERR:-500}
echo
echo "sampled betweenness (normalised; bound: SampledBetweennessError at delta 0.1); $(uptime | sed 's/.*load/load/')"
row='%-32s %8s %9s %8s %9s %10s %12s %10s\n'
printf "$row" graph samples build_s bc_s bc_cpu_s peak_MiB max_err bound
read -r n m k runs worst mean eps < <("$tmp/centrality" error -n "$N" -m "$M" -samples "$K_ERR" -runs 5)
printf "$row" "G($n, $m), 5 seeds vs exact" "$k" - - - - "$worst" "$eps"
if [ "$SAMPLED_N" != 0 ]; then
  for d in none inverse; do
    read -r n m k build bc cpu rss eps < <("$tmp/centrality" sampled -n "$SAMPLED_N" -m "$SAMPLED_M" -samples "$SAMPLES" -distance "$d")
    printf "$row" "G($n, $m) $d" "$k" "$build" "$bc" "$cpu" "$rss" - "$eps"
  done
fi
