// Package relatedness turns counts between industries (labour flows,
// co-occurrences such as co-patents) into revealed relatedness: the ratio of
// observed to expected counts (Neffke & Henning), association strength,
// cosine, Jaccard, product-space proximity and the published Knowledge Flows
// procedure. It also gives each link its evidence (Poisson p-value,
// Benjamini–Hochberg q-value, with disclosure-floor censoring) and shrinks
// ratios that rest on few counts (empirical-Bayes Gamma–Poisson). It works on
// codes and counts only; ingest and analysis convert to and from the store's
// links. README.md records what these give on the UK labour flows.
package relatedness
