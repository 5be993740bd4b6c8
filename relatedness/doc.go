// Package relatedness turns counts between industries (labour flows,
// co-occurrences such as co-patents) into revealed relatedness: the ratio of
// observed to expected counts (Neffke & Henning), association strength,
// cosine, Jaccard and product-space proximity. It works on codes and counts
// only; ingest and analysis convert to and from the store's links.
package relatedness
