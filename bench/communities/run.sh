#!/usr/bin/env bash
# Community detection against the fastest peers (issue #16).
#
#   bench/communities/run.sh [GRAPHS]      (default GRAPHS=lfr100k)
#
# Installs networkit from PyPI into a venv made with
# `/usr/bin/python3 -m venv --system-site-packages` (so that Debian's
# python3-igraph, installed with apt-get when missing, is seen too),
# generates the graphs with fixed seeds (LFR 100k nodes / ~2M edges, μ 0.5,
# with networkit's generator; a degree-corrected SBM of 1M nodes / 10M edge
# draws, μ 0.5, with the Go program) and runs compare.py: domainscope's
# Leiden (the default `domains` path) and Louvain, networkit's PLM (2
# threads) and ParallelLeiden and, up to 3M edges, igraph's Leiden,
# interleaved, each partition's modularity computed by one function. GRAPHS
# is a comma-separated list of lfr100k and sbm1m (the SBM takes a few
# minutes per method on 2 cores).
#
# Environment: REPS (runs per method, default 5), BENCH_CACHE (venv and
# generated graphs, default ~/.cache/domainscope-bench), THREADS (networkit
# threads, default 2).
#
#   bench/communities/run.sh planted
#
# runs the older comparison on planted-partition graphs (Leiden, Louvain,
# gonum's Modularize, igraph's multilevel and Leiden; igraph_bench.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
reps=${REPS:-5}
cache=${BENCH_CACHE:-$HOME/.cache/domainscope-bench}
mkdir -p "$cache"
if ! /usr/bin/python3 -c 'import igraph' 2>/dev/null; then
	echo "run.sh: installing python3-igraph" >&2
	{ apt-get update -qq && apt-get install -y -qq python3-igraph; } >&2 ||
		echo "run.sh: could not install python3-igraph; its rows are left out" >&2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/communities" ./bench/communities
echo "# $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $reps runs per method"

if [ "${1:-}" = planted ]; then
	"$work/communities" planted -dir "$work" -reps "$reps" >"$work/go.tsv"
	/usr/bin/python3 bench/communities/igraph_bench.py "$work" "$work/go.tsv" "$reps"
	exit
fi

venv=$cache/venv
if ! "$venv/bin/python" -c 'import networkit, numpy' 2>/dev/null; then
	/usr/bin/python3 -m venv --system-site-packages "$venv"
	"$venv/bin/pip" install -q 'networkit==11.*' numpy
fi
echo "# networkit $("$venv/bin/python" -c 'import networkit; print(networkit.__version__)')," \
	"igraph $(/usr/bin/python3 -c 'import igraph; print(igraph.__version__)' 2>/dev/null || echo absent)," \
	"$(go version | cut -d' ' -f3)"
"$venv/bin/python" bench/communities/compare.py --go "$work/communities" --work "$cache/graphs" \
	--reps "$reps" --graphs "${1:-lfr100k}" --threads "${THREADS:-2}"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
