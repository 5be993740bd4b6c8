"""Time python-igraph's betweenness on a graph file written by `centrality gen`.

usage: igraph_bc.py GRAPH DISTANCE OUT
DISTANCE is none (unweighted) or inverse (edge length 1/w). Prints the
seconds taken by Graph.betweenness alone; writes one value per line to OUT.
"""
import sys
import time

import igraph


def main():
    path, distance, out = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(path) as f:
        n, _ = map(int, f.readline().split())
        edges, lengths = [], []
        for line in f:
            i, j, w = line.split()
            edges.append((int(i), int(j)))
            lengths.append(1.0 / float(w))
    g = igraph.Graph(n=n, edges=edges)
    weights = None if distance == "none" else lengths
    start = time.perf_counter()
    bc = g.betweenness(weights=weights)
    secs = time.perf_counter() - start
    print("%.3f" % secs)
    with open(out, "w") as f:
        for x in bc:
            f.write(repr(x) + "\n")


main()
