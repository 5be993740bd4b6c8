// Package analysis answers domainscope's questions from a store: knowledge
// domains and cross-sector candidates, bridging sectors, neighbourhoods and
// other graph views, regional profiles (specialisation, variety, relatedness
// density, opportunities, cross-clustering, peers), comparisons of periods
// and the evolution of domains.
//
// It is the only place the CLI, the HTTP API, the diagrams and the web page
// get results from, so they never disagree. An Analyzer reads a store once
// per (layers, period, threshold) and store version into an immutable
// Snapshot of CSR graphs, cached, and runs the pure algorithm packages
// (graph/community, graph/centrality, graph/bridging, relatedness, variety)
// on it; nothing queries the store link by link.
package analysis
