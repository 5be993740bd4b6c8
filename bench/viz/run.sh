#!/usr/bin/env bash
# Diagram rendering against native Graphviz (issue 16), in one run.
#
# 1. The whole command `domainscope render … -o FILE.svg` (store read,
#    analysis, DOT text, worker start, layout, drawing) on a view of 200
#    industries with every link — knowledge domain 1 of the real UK labour
#    flows at resolution 0.2 (../shared/data), or, without that data, the
#    2-hop neighbourhood of a generated graph (400 industries in 8 planted
#    groups, fixed seed) — for each path domainscope offers:
#      stress layout / sfdp, drawn by the embedded go-graphviz (the default
#      Graphviz) or by native Graphviz (--graphviz native),
#    and `domainscope render --format dot` (everything but layout and
#    drawing), against native `sfdp -Tsvg` on the same view's sfdp DOT
#    (process start included). REPS rounds (default 5), each round running
#    every command once in turn (interleaved, so load changes hit all
#    alike); medians and the ratio to native sfdp. Every SVG is checked to
#    draw all the view's industries.
# 2. With the UK data, the per-layout table of bench/viz/main.go: every
#    Graphviz layout through viz.Renderer, go-graphviz in process and native
#    Graphviz on the same DOT, 50 and 200 industries.
#
# usage: bench/viz/run.sh   (REPS=5; needs Graphviz and rsvg-convert: apt-get install graphviz librsvg2-bin)
set -euo pipefail
cd "$(dirname "$0")/../.."
reps=${REPS:-5}
for tool in sfdp neato twopi dot fdp rsvg-convert; do
	if ! command -v "$tool" >/dev/null; then
		echo "run.sh: $tool is missing: apt-get install graphviz librsvg2-bin" >&2
		exit 1
	fi
done
. bench/lib.sh
bench_setup optional
go build -o "$work/" ./cmd/domainscope-graphviz
if [ "$bench_have_data" = 1 ]; then
	bench_uk_store
	view=(--domain 1 --resolution 0.2 --max-nodes 200 --backbone none)
	what="UK labour flows 2009-2018, knowledge domain 1 at resolution 0.2"
else
	# A planted-partition flow matrix: 8 groups of 50, pairs inside a group
	# move with probability 0.2, across groups 0.02 (awk's srand(1)).
	awk 'BEGIN { srand(1); n = 400; g = 8; print "from,to,count"
		for (i = 0; i < n; i++) for (j = 0; j < n; j++) if (i != j) {
			p = (i % g == j % g) ? 0.2 : 0.02
			if (rand() < p) printf "%d,%d,%d\n", 1000 + i, 1000 + j, 10 + int(200 * rand()) } }' >"$work/flows.csv"
	"$work/domainscope" --store "$work/uk.db" ingest links "$work/flows.csv" --classification GEN \
		--layer labour --period 2020 --kind flows --unknown create >/dev/null
	view=(--seeds 1000 --hops 2 --max-nodes 200 --backbone none)
	what="generated graph (../shared/data absent): 2-hop neighbourhood of 1000"
fi
render=("$work/domainscope" --store "$work/uk.db" render "${view[@]}")
"${render[@]}" --layout sfdp -o "$work/view.dot" 2>/dev/null
nodes=$(grep -c 'id="node-' "$work/view.dot")
links=$(grep -c -- ' -- ' "$work/view.dot")

names=("stress, embedded Graphviz (default)" "sfdp, embedded Graphviz" "stress, native Graphviz" "sfdp, native Graphviz" "DOT text only (--format dot)")
args=("" "--layout sfdp" "--graphviz native" "--layout sfdp --graphviz native" "--format dot")
outs=(svg svg svg svg dot)
echo "# $what: $nodes industries, $links links"
echo "# $(nproc) cores, load average before $(cut -d' ' -f1-3 /proc/loadavg); $reps interleaved rounds"
echo "# native: $(dot -V 2>&1); embedded: go-graphviz v0.2.10 (Graphviz 12.1.2, WebAssembly)"
# One untimed round: warms the file cache and go-graphviz's compilation cache.
for i in "${!names[@]}"; do
	# shellcheck disable=SC2086 # args hold several words
	"${render[@]}" ${args[$i]} -o "$work/out-$i.${outs[$i]}" 2>/dev/null
done
for _ in $(seq "$reps"); do
	for i in "${!names[@]}"; do
		# shellcheck disable=SC2086
		bench_seconds "${render[@]}" ${args[$i]} -o "$work/out-$i.${outs[$i]}" >>"$work/t-$i"
	done
	bench_seconds sfdp -Tsvg -o "$work/native.svg" "$work/view.dot" >>"$work/t-native"
done
echo "# load average after $(cut -d' ' -f1-3 /proc/loadavg)"
for f in "$work"/out-[0-3].svg "$work/native.svg"; do
	if [ "$(grep -c 'class="node"' "$f")" != "$nodes" ]; then
		echo "run.sh: $f does not draw the view's $nodes industries" >&2
		exit 1
	fi
done
native=$(bench_median <"$work/t-native")
printf "%-58s %8s %s\n" "whole command (median of $reps)" seconds "÷ native sfdp"
for i in "${!names[@]}"; do
	t=$(bench_median <"$work/t-$i")
	printf "%-58s %8s %.2f\n" "domainscope render: ${names[$i]}" "$t" "$(awk -v a="$t" -v b="$native" 'BEGIN { print a / b }')"
done
printf "%-58s %8s %.2f\n" "native sfdp -Tsvg on the same DOT" "$native" 1

if [ "$bench_have_data" = 1 ]; then
	echo
	go build -o "$work/vizbench" ./bench/viz
	"$work/vizbench" -store "$work/uk.db" -reps "$reps" -dir "$work"
fi
