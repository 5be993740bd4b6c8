#!/usr/bin/env bash
# Compares community detection on the same generated planted-partition graphs
# (10k nodes / 200k edge draws and 100k nodes / 2M, mixing 0.3 and 0.6):
# community.Detect with Leiden and with plain Louvain, igraph's
# community_multilevel and community_leiden(objective_function="modularity")
# through /usr/bin/python3 (Debian python3-igraph), and gonum's Modularize on
# the 10k graphs. Prints time, Q and the time ratio to igraph's Louvain.
#
# usage: bench/communities/run.sh   (REPS=5 runs per method by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
reps=${REPS:-5}
if ! /usr/bin/python3 -c 'import igraph' 2>/dev/null; then
	echo "run.sh: python3-igraph is missing: apt-get install python3-igraph" >&2
	exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/communities" ./bench/communities
echo "# $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $reps runs per method"
"$work/communities" -dir "$work" -reps "$reps" >"$work/go.tsv"
/usr/bin/python3 bench/communities/igraph_bench.py "$work" "$work/go.tsv" "$reps"
