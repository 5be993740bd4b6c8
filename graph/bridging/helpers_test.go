package bridging

import (
	"context"
	"encoding/csv"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graph/centrality"
	"github.com/domainscope/domainscope/ingest/realdata"
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

func bwCheck(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if !bwClose(got[i], want[i], tol) {
			t.Errorf("%s: node %d = %.15g, want %.15g", what, i, got[i], want[i])
		}
	}
}

// bwClose reports whether a and b agree to within tol, relative to max(1, |b|).
func bwClose(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*max(1, math.Abs(b))
}

// bwUKFlows reads the UK labour flows 2009–2018 as an undirected graph whose
// edge {i,j} weighs the moves i→j plus j→i (moves within an industry dropped).
// It returns the graph and the industry code of every node (sorted codes).
func bwUKFlows(t testing.TB) (*graph.Graph, []string) {
	t.Helper()
	p := filepath.Join(realdata.Dir(t), "uk-labour-flows", "flows_sic2007_2009_2018.csv")
	f, err := os.Open(p)
	if err != nil {
		t.Skipf("../shared/data not found: %v", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	if strings.Join(header, ",") != "StartIndst,FinalIndst,Counts" {
		t.Fatalf("%s: header %v, want StartIndst,FinalIndst,Counts", p, header)
	}
	type rec struct {
		a, b string
		c    float64
	}
	var recs []rec
	idx := map[string]int32{}
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		c, err := strconv.ParseFloat(row[2], 64)
		if err != nil {
			line, _ := r.FieldPos(2)
			t.Fatalf("%s:%d: column Counts: expected a number, found %q", p, line, row[2])
		}
		recs = append(recs, rec{row[0], row[1], c})
		idx[row[0]], idx[row[1]] = 0, 0
	}
	codes := make([]string, 0, len(idx))
	for c := range idx {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for i, c := range codes {
		idx[c] = int32(i)
	}
	edges := make([]graph.Edge, 0, len(recs))
	for _, x := range recs {
		edges = append(edges, graph.Edge{I: idx[x.a], J: idx[x.b], W: x.c})
	}
	return bwGraph(t, len(codes), edges), codes
}

// bwUnit returns unit-weight edges for the pairs given as i0, j0, i1, j1, ...
func bwUnit(pairs ...int32) []graph.Edge {
	e := make([]graph.Edge, 0, len(pairs)/2)
	for k := 0; k+1 < len(pairs); k += 2 {
		e = append(e, graph.Edge{I: pairs[k], J: pairs[k+1], W: 1})
	}
	return e
}
