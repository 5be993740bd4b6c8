"""Compute the job-flow matrix of a spells file with pandas and compare it
with the Go result.

usage: pandas_flows.py SPELLS.csv GO_FLOWS.csv

Times read_csv + sort (worker, period) + shift + groupby size: the same
definition as ingest.ReadSpells (a move is a change of industry between
consecutive spells of a worker ordered by period; stable among equal
periods). Then checks the totals and every pair against the Go output.
"""
import sys
import time

import pandas as pd


def pandas_flows(path):
    df = pd.read_csv(path, dtype={"worker_id": "int64", "period": "int64", "industry": "category"})
    df = df.sort_values(["worker_id", "period"], kind="stable")
    ind = df["industry"].cat.codes.to_numpy()
    wk = df["worker_id"].to_numpy()
    prev_ind = pd.Series(ind).shift()
    prev_wk = pd.Series(wk).shift()
    move = (pd.Series(wk) == prev_wk) & (pd.Series(ind) != prev_ind)
    moves = pd.DataFrame({"from": prev_ind[move].astype("int64"), "to": pd.Series(ind)[move]})
    flows = moves.groupby(["from", "to"]).size()
    cats = df["industry"].cat.categories
    return len(df), flows, cats


def main():
    spells, go_flows = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    rows, flows, cats = pandas_flows(spells)
    seconds = time.perf_counter() - start
    pd_pairs = {(cats[f], cats[t]): int(n) for (f, t), n in flows.items()}
    go = pd.read_csv(go_flows, dtype={"from": str, "to": str, "count": "int64"})
    go_pairs = {(f, t): int(n) for f, t, n in zip(go["from"], go["to"], go["count"])}
    print(f"pandas: {rows} rows, {len(pd_pairs)} pairs, {sum(pd_pairs.values())} moves")
    print(f"go:     {len(go_pairs)} pairs, {sum(go_pairs.values())} moves")
    same = pd_pairs == go_pairs
    print("flow matrices identical" if same else "FLOW MATRICES DIFFER")
    print(f"pandas_seconds={seconds:.3f} rows={rows} pandas_version={pd.__version__}")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
