// Command domainscope maps how industries are related through the people and
// knowledge they share: it ingests links and regional data into a store,
// finds knowledge domains and bridging sectors, profiles regions, compares
// periods, draws diagrams and serves the HTTP API and web page. It only
// parses flags, wires the packages together and prints; every result comes
// from package analysis.
package main
