// Package centrality computes Brandes betweenness on a Graph, exact or
// sampled with a Hoeffding error bound, unweighted or with link weights
// turned into lengths.
package centrality
