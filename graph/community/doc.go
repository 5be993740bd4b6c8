// Package community finds communities (knowledge domains) in a Graph:
// Leiden and Louvain modularity maximisation on one graph or several layers
// (Detect), modularity, the stability of a partition over seeds, a sweep over
// resolutions, overlapping communities by soft membership over seeds
// (Overlapping), the hierarchy of communities across resolutions
// (ResolutionHierarchy), descriptive statistics of communities (density, conductance,
// sector mix) and planted-partition test graphs. Every function's doc gives
// its formula and source.
package community
