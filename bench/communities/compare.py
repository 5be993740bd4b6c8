"""Compares domainscope's Leiden (the default `domains` path) and Louvain with
networkit's PLM (2 threads), networkit's ParallelLeiden and, on the smaller
graphs, igraph's Leiden, on an LFR benchmark graph (networkit's generator)
and a degree-corrected SBM (the Go program's generator), all with fixed
seeds.

The runs are interleaved (rep 1 of every method, then rep 2, ...) so that a
change in the machine's load hits every method alike. Each method's time is
its own algorithm call on a graph already in memory. The modularity of every
partition is computed by the one function `modularity` below from the edge
list, never taken from a tool. The table gives the median time, the mean and
minimum Q, K of the first run, and time / networkit PLM's median time.

usage: compare.py --go BIN --work DIR [--reps R] [--graphs lfr100k,sbm1m]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

# Nothing here draws: block matplotlib so that networkit and igraph do not
# load a Debian matplotlib built for another numpy than the venv's.
sys.modules["matplotlib"] = None

import numpy as np  # noqa: E402
import networkit as nk  # noqa: E402

GRAPHS = {
    # n, average degree 40, maximum degree 400 (exponent 2), community sizes
    # 50..1000 (exponent 1), mixing μ 0.5: about 2.0M edges.
    "lfr100k": dict(kind="lfr", n=100_000, avg=40, maxdeg=400, dexp=2.0,
                    cmin=50, cmax=1000, cexp=1.0, mu=0.5, seed=16),
    # 1M nodes in 1000 blocks, 10M edge draws, μ 0.5, Pareto propensities.
    "sbm1m": dict(kind="dcsbm", n=1_000_000, blocks=1000, m=10_000_000, mu=0.5, seed=16),
}


def generate(name, spec, work, gobin):
    path = os.path.join(work, name + ".edges")
    if os.path.exists(path):
        return path
    t0 = time.perf_counter()
    if spec["kind"] == "lfr":
        nk.setNumberOfThreads(1)
        nk.setSeed(spec["seed"], False)
        gen = nk.generators.LFRGenerator(spec["n"])
        gen.generatePowerlawDegreeSequence(spec["avg"], spec["maxdeg"], -spec["dexp"])
        gen.generatePowerlawCommunitySizeSequence(spec["cmin"], spec["cmax"], -spec["cexp"])
        gen.setMu(spec["mu"])
        g = gen.generate()
        nk.graphio.writeGraph(g, path + ".tmp", nk.Format.EdgeListSpaceZero)
    else:
        subprocess.run([gobin, "dcsbm", "-n", str(spec["n"]), "-blocks", str(spec["blocks"]),
                        "-m", str(spec["m"]), "-mu", str(spec["mu"]), "-seed", str(spec["seed"]),
                        "-o", path + ".tmp"], check=True)
    os.rename(path + ".tmp", path)
    print(f"# generated {name} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return path


def load_edges(path):
    """Returns (i, j, w) arrays, one entry per undirected edge."""
    with open(path) as f:
        cols = len(f.readline().split())
    a = np.fromfile(path, sep=" ").reshape(-1, cols)
    w = a[:, 2] if cols == 3 else np.ones(len(a))
    return a[:, 0].astype(np.int64), a[:, 1].astype(np.int64), w


def modularity(ei, ej, w, memb):
    """Q = Σ_c [in_c/2m − (tot_c/2m)²] (Newman & Girvan 2004) of the
    partition memb (node -> id) for the undirected edges (ei, ej, w)."""
    memb = np.asarray(memb, dtype=np.int64)
    ci, cj = memb[ei], memb[ej]
    k = int(memb.max()) + 1
    m2 = 2 * w.sum()
    inside = 2 * w[ci == cj].sum()
    tot = np.bincount(ci, weights=w, minlength=k) + np.bincount(cj, weights=w, minlength=k)
    return inside / m2 - float(((tot / m2) ** 2).sum())


class GoServer:
    def __init__(self, gobin, edges, work):
        self.p = subprocess.Popen([gobin, "serve", "-edges", edges], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        ready = self.p.stdout.readline().split()
        if not ready or ready[0] != "ready":
            raise RuntimeError("go server did not start")
        self.out = os.path.join(work, "go.memb")

    def run(self, method, seed):
        self.p.stdin.write(f"{method} {seed} {self.out}\n")
        self.p.stdin.flush()
        sec, k, disconnected = self.p.stdout.readline().split()
        memb = np.fromfile(self.out, dtype="<i4")
        return float(sec), memb, int(disconnected)

    def close(self):
        self.p.stdin.close()
        self.p.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--go", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--graphs", default="lfr100k")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--igraph-max-edges", type=int, default=3_000_000)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    try:
        import igraph as ig
    except ImportError:
        ig = None
        print("# igraph not found (apt-get install python3-igraph): its rows are left out", file=sys.stderr)
    rows = []
    for name in a.graphs.split(","):
        spec = GRAPHS[name]
        path = generate(name, spec, a.work, a.go)
        ei, ej, w = load_edges(path)
        n = int(max(ei.max(), ej.max())) + 1
        nk.setNumberOfThreads(a.threads)
        G = nk.graphio.EdgeListReader(" ", 0).read(path)
        igG = None
        if ig is not None and len(ei) <= a.igraph_max_edges:
            igG = ig.Graph(n=n, edges=np.column_stack([ei, ej]).tolist())
            igG.es["weight"] = w.tolist()
        go = GoServer(a.go, path, a.work)
        res = {}

        def add(method, sec, memb, bad=0):
            r = res.setdefault(method, dict(secs=[], qs=[], k=None, bad=0))
            r["secs"].append(sec)
            r["qs"].append(modularity(ei, ej, w, memb))
            if r["k"] is None:
                r["k"] = len(np.unique(memb))
            r["bad"] += bad

        for rep in range(1, a.reps + 1):
            for method in ("leiden", "louvain"):
                sec, memb, bad = go.run(method, rep)
                add("domainscope-" + method, sec, memb, bad)
            nk.setSeed(rep, True)
            plm = nk.community.PLM(G, refine=False)
            t0 = time.perf_counter()
            plm.run()
            add("networkit-PLM", time.perf_counter() - t0, plm.getPartition().getVector())
            pl = nk.community.ParallelLeiden(G)
            t0 = time.perf_counter()
            pl.run()
            add("networkit-ParallelLeiden", time.perf_counter() - t0, pl.getPartition().getVector())
            if igG is not None:
                import random
                random.seed(rep)
                ig.set_random_number_generator(random)
                t0 = time.perf_counter()
                c = igG.community_leiden(objective_function="modularity", weights="weight", n_iterations=2)
                add("igraph-Leiden", time.perf_counter() - t0, c.membership)
        go.close()
        base = statistics.median(res["networkit-PLM"]["secs"])
        for method, r in res.items():
            rows.append((name, n, len(ei), method, statistics.median(r["secs"]), statistics.mean(r["qs"]),
                         min(r["qs"]), r["k"], r["bad"], statistics.median(r["secs"]) / base))
    print(f"{'graph':<8} {'nodes':>8} {'edges':>9} {'method':<26} {'median s':>9} {'mean Q':>8} {'min Q':>8} "
          f"{'K':>6} {'disconn.':>8} {'time/PLM':>8}")
    for r in rows:
        bad = "-" if not r[3].startswith("domainscope-leiden") else str(r[8])
        print(f"{r[0]:<8} {r[1]:>8} {r[2]:>9} {r[3]:<26} {r[4]:>9.3f} {r[5]:>8.5f} {r[6]:>8.5f} {r[7]:>6} "
              f"{bad:>8} {r[9]:>8.2f}")


if __name__ == "__main__":
    main()
