// Package bridging measures how nodes connect communities: participation
// coefficient and within-module z-score with the Guimerà–Amaral roles, Burt's
// constraint and effective size, bridges and articulation points, and
// RankBridging, a composite ranking with the evidence behind each rank.
package bridging
