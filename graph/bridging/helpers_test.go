package bridging

import (
	"context"
	"testing"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graph/centrality"
)

func bwBetweenness(t testing.TB, g *graph.Graph, opt centrality.BetweennessOptions) []float64 {
	t.Helper()
	b, err := centrality.Betweenness(context.Background(), g, opt)
	if err != nil {
		t.Fatalf("Betweenness(%+v): %v", opt, err)
	}
	if len(b) != g.Nodes() {
		t.Fatalf("Betweenness: %d values for %d nodes", len(b), g.Nodes())
	}
	return b
}
