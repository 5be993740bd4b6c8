// Package report renders analysis results as plain text for terminals and
// handouts: the aligned tables, the one-line explanations ("related to …",
// "links to …") and the CSV rows that the domainscope command prints for
// knowledge domains, bridging sectors, region profiles and change over time.
//
// Every function takes a result of package analysis and writes text; none
// computes anything. JSON output is the result itself, encoded by the caller.
// Numbers with thousands separators come from graphmodel.FormatCount, names
// are cut to a column's width with Shorten.
package report
