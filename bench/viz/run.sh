#!/usr/bin/env bash
# Times Graphviz diagrams of the real UK labour flows (../shared/data): a
# 50-node and a 200-node knowledge-domain diagram (and the 200 nodes with
# every link), laid out with sfdp, neato, twopi, dot and fdp by
#   - viz.Renderer (go-graphviz v0.2.10 in the render worker process),
#   - go-graphviz called directly in process,
#   - native Graphviz (Debian graphviz: sfdp, neato, ... -Tsvg, process start included),
# all on the same DOT text, in one run. Prints median times and ratios, the
# PNG time (rsvg-convert) and the rate of cached renders.
#
# usage: bench/viz/run.sh   (REPS=5 runs per measurement by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
reps=${REPS:-5}
data=../shared/data/uk-labour-flows
for tool in sfdp neato twopi dot fdp rsvg-convert; do
	if ! command -v "$tool" >/dev/null; then
		echo "run.sh: $tool is missing: apt-get install graphviz librsvg2-bin" >&2
		exit 1
	fi
done
if [ ! -d "$data" ]; then
	echo "run.sh: $data not found (see the README's 'Working with real data')" >&2
	exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/domainscope" ./cmd/domainscope
go build -o "$work/vizbench" ./bench/viz
ds() { "$work/domainscope" --store "$work/uk.db" "$@" >/dev/null; }
ds ingest industries "$data/sic2007_structure.csv" --classification SIC2007 \
	--code-col SIC2007 --levels MainIndustry,MainActivity,SubActivity
ds ingest links "$data/flows_sic2007_2009_2018.csv" --classification SIC2007 --pad 4 \
	--layer labour --period 2009-2018 --kind flows
ds ingest regional "$data/employment_2015_uk_regions_wide.csv" --shape wide \
	--classification SIC2007 --period 2015 --industry-col SIC2007 \
	--exclude Industry,Total,Description --unknown skip
echo "# $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $reps runs per measurement"
echo "# native: $(dot -V 2>&1); go-graphviz v0.2.10 (Graphviz 12.1.2, WebAssembly)"
"$work/vizbench" -store "$work/uk.db" -reps "$reps" -dir "$work"
