"""Times igraph's Louvain (community_multilevel) and Leiden (modularity
objective, default 2 iterations) on the edge lists written by the Go program,
checks the Q of the Go membership with igraph's modularity, and prints the
comparison table: median time over REPS runs, mean Q, K of the first run,
and time relative to igraph's Louvain.

usage: igraph_bench.py DIR GO_RESULTS.tsv REPS
"""
import os
import random
import statistics
import sys
import time

import igraph as ig


def load(path):
    edges, weights = [], []
    n = 0
    with open(path) as f:
        for line in f:
            i, j, w = line.split()
            i, j = int(i), int(j)
            edges.append((i, j))
            weights.append(float(w))
            n = max(n, i + 1, j + 1)
    return edges, weights, n


def main():
    d, go_tsv, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rows = []
    with open(go_tsv) as f:
        for line in f:
            name, n, m, method, sec, q, k = line.rstrip("\n").split("\t")
            rows.append((name, int(n), int(m), method, float(sec), float(q), int(k)))
    names = list(dict.fromkeys(r[0] for r in rows))
    for name in names:
        nodes = next(r[1] for r in rows if r[0] == name)
        edges, weights, n = load(os.path.join(d, name + ".edges"))
        g = ig.Graph(n=nodes, edges=edges)
        g.es["weight"] = weights
        memb = [int(x) for x in open(os.path.join(d, name + ".louvain.memb"))]
        q_check = g.modularity(memb, weights="weight")
        print(f"# {name}: igraph's modularity of the go-leiden membership (seed 1): {q_check:.6f}")
        for method in ("igraph-multilevel", "igraph-leiden"):
            secs, qs, k0 = [], [], None
            for rep in range(1, reps + 1):
                random.seed(rep)
                ig.set_random_number_generator(random)
                t0 = time.perf_counter()
                if method == "igraph-multilevel":
                    c = g.community_multilevel(weights="weight")
                else:
                    c = g.community_leiden(objective_function="modularity", weights="weight")
                secs.append(time.perf_counter() - t0)
                qs.append(g.modularity(c.membership, weights="weight"))
                if k0 is None:
                    k0 = len(c)
            rows.append((name, nodes, g.ecount(), method, statistics.median(secs), statistics.mean(qs), k0))
    print(f"{'graph':<16} {'nodes':>7} {'edges':>8} {'method':<20} {'time s':>8} {'Q':>10} {'K':>6} {'time/igraph-louvain':>20}")
    for name in names:
        base = next(r[4] for r in rows if r[0] == name and r[3] == "igraph-multilevel")
        for r in rows:
            if r[0] == name:
                print(f"{r[0]:<16} {r[1]:>7} {r[2]:>8} {r[3]:<20} {r[4]:>8.3f} {r[5]:>10.6f} {r[6]:>6} {r[4] / base:>20.2f}")


if __name__ == "__main__":
    main()
