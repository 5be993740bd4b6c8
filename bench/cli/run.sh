#!/usr/bin/env bash
# Times the whole `domainscope domains` command against the analysis alone,
# interleaved, RUNS times (default 5), and prints medians and their ratio:
#
#  1. a generated store of M links (default 500,000) over N industries
#     (default 10,000), fixed seed: `domains --runs 0 --null-samples 1` (the
#     cheapest analysis the command runs) vs bench/cli's `algo`, which times
#     in one process the snapshot build (read_s), Leiden alone (detect_s) and
#     Analyzer.Domains on the in-memory snapshot (analysis_s, the algorithm's
#     own time). The first command after the load builds the snapshot and
#     persists it in the store; it is timed separately, the later ones decode
#     the persisted snapshot.
#  2. the UK labour flows (../shared/data, skipped when absent): the default
#     `domainscope domains` command, wall and CPU (user+sys) time.
#
#   bench/cli/run.sh [N M]     (env RUNS)
#
# Other jobs on the machine inflate wall times: the script prints uptime's
# load, and the CPU times alongside.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-10000}
M=${2:-500000}
RUNS=${RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/domainscope" ./cmd/domainscope
go build -o "$tmp/cli" ./bench/cli
"$tmp/cli" gen -store "$tmp/big.db" -n "$N" -m "$M" -seed 1

# timed CMD...: runs CMD with output discarded and prints "wall_s cpu_s".
timed() {
	/usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" >/dev/null
	awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$tmp/time"
}
fmt='%-4s %10s %10s %8s %9s %11s %15s\n'
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

big=(domains --layers labour --runs 0 --null-samples 1 --format json)
echo "machine: $(nproc) cores; $(uptime | sed 's/.*load/load/')"
read -r first_wall first_cpu < <(timed "$tmp/domainscope" --store "$tmp/big.db" "${big[@]}")
echo "store: $M links over $N industries (seed 1); first command after the load (builds and persists the snapshot): ${first_wall} s wall, ${first_cpu} s CPU"
printf "$fmt" run cli_wall_s cli_cpu_s read_s detect_s analysis_s analysis_cpu_s
: >"$tmp/rows"
for r in $(seq "$RUNS"); do
	read -r wall cpu < <(timed "$tmp/domainscope" --store "$tmp/big.db" "${big[@]}")
	read -r read detect analysis acpu < <("$tmp/cli" algo -store "$tmp/big.db" -runs 0 -null-samples 1)
	printf "$fmt" "$r" "$wall" "$cpu" "$read" "$detect" "$analysis" "$acpu"
	echo "$wall $cpu $read $detect $analysis $acpu" >>"$tmp/rows"
done
col() { awk -v c="$1" '{ print $c }' "$tmp/rows" | median; }
cw=$(col 1) cc=$(col 2) rd=$(col 3) dt=$(col 4) an=$(col 5) ac=$(col 6)
printf "$fmt" med "$cw" "$cc" "$rd" "$dt" "$an" "$ac"
awk -v c="$cw" -v a="$an" -v cc="$cc" -v ac="$ac" -v d="$dt" 'BEGIN {
	printf "ratio whole command / analysis alone: %.2f wall, %.2f CPU (target <= 1.5); overhead %.2f s wall, %.2f s CPU; Leiden alone %.2f s\n",
		c / a, cc / ac, c - a, cc - ac, d }'

data=../shared/data/uk-labour-flows
if [ ! -d "$data" ]; then
	echo "UK: $data not found; skipped"
	exit 0
fi
ds() { "$tmp/domainscope" --store "$tmp/uk.db" "$@" >/dev/null; }
ds ingest industries "$data/sic2007_structure.csv" --classification SIC2007 \
	--code-col SIC2007 --levels MainIndustry,MainActivity,SubActivity
ds ingest links "$data/flows_sic2007_2009_2018.csv" --classification SIC2007 --pad 4 \
	--layer labour --period 2009-2018 --kind flows
ds ingest regional "$data/employment_2015_uk_regions_wide.csv" --shape wide \
	--classification SIC2007 --period 2015 --industry-col SIC2007 \
	--exclude Industry,Total,Description --unknown skip
read -r first_wall first_cpu < <(timed "$tmp/domainscope" --store "$tmp/uk.db" domains)
echo "UK labour flows 2009-2018, default 'domainscope domains' (first after the load: ${first_wall} s wall, ${first_cpu} s CPU); $(uptime | sed 's/.*load/load/')"
printf "$fmt" run cli_wall_s cli_cpu_s read_s detect_s analysis_s analysis_cpu_s
: >"$tmp/rows"
for r in $(seq "$RUNS"); do
	read -r wall cpu < <(timed "$tmp/domainscope" --store "$tmp/uk.db" domains)
	read -r read detect analysis acpu < <("$tmp/cli" algo -store "$tmp/uk.db" -runs 10 -null-samples 100)
	printf "$fmt" "$r" "$wall" "$cpu" "$read" "$detect" "$analysis" "$acpu"
	echo "$wall $cpu $read $detect $analysis $acpu" >>"$tmp/rows"
done
cw=$(col 1) cc=$(col 2) rd=$(col 3) dt=$(col 4) an=$(col 5) ac=$(col 6)
printf "$fmt" med "$cw" "$cc" "$rd" "$dt" "$an" "$ac"
echo "UK target: whole command <= 0.2 s (median wall ${cw} s, CPU ${cc} s)"
