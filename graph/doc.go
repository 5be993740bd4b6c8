// Package graph holds Graph, the immutable weighted undirected graph in
// compressed sparse row (CSR) form that every algorithm package runs on, and
// ArgumentError, the error those packages return for arguments they cannot
// work with.
//
// The algorithm packages below it (community, centrality, bridging) and the
// relatedness and variety packages know nothing of stores or industries:
// they take plain arrays and Graphs with nodes numbered 0..n-1. The analysis
// package builds Graphs from a store once per snapshot and maps nodes back to
// industry codes.
package graph
