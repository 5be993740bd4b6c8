"""Compute the job-flow matrix of a spells file with DuckDB and compare it
with the Go result.

usage: duckdb_flows.py SPELLS.csv GO_FLOWS.csv [RUNS]

Times one SQL query (best of RUNS, default 3, all threads): read_csv with
every column as text (industry codes keep their leading zeros), lead() of
the industry over each worker's spells ordered by period as an integer, and
a count of the changes of industry per (from, to) pair: the definition of
ingest.ReadSpells (periods in the benchmark are distinct per worker, so the
order among equal periods does not arise). Then checks every pair against
the Go output.
"""
import csv
import sys
import time

import duckdb

QUERY = """
SELECT f, t, count(*) AS n FROM (
  SELECT industry AS f,
         lead(industry) OVER (PARTITION BY worker_id ORDER BY CAST(period AS BIGINT)) AS t
  FROM read_csv(?, header = true, all_varchar = true)
) WHERE t IS NOT NULL AND f <> t GROUP BY f, t
"""


def main():
    spells, go_flows = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    con = duckdb.connect()
    best, rows = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        rows = con.execute(QUERY, [spells]).fetchall()
        best = min(best, time.perf_counter() - start)
    dk_pairs = {(f, t): int(n) for f, t, n in rows}
    with open(go_flows, newline="") as fh:
        rd = csv.reader(fh)
        next(rd)
        go_pairs = {(f, t): int(float(n)) for f, t, n in rd}
    print(f"duckdb: {len(dk_pairs)} pairs, {sum(dk_pairs.values())} moves")
    print(f"go:     {len(go_pairs)} pairs, {sum(go_pairs.values())} moves")
    same = dk_pairs == go_pairs
    print("flow matrices identical" if same else "FLOW MATRICES DIFFER")
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    print(f"duckdb_seconds={best:.3f} threads={threads} duckdb_version={duckdb.__version__}")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
