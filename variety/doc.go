// Package variety measures how diversified an employment vector is:
// Frenken's entropy decomposition into related and unrelated variety and the
// Herfindahl–Hirschman concentration index, with the grouping helpers they
// need.
package variety
