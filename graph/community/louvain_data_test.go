package community

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/domainscope/domainscope/graph"

	"github.com/domainscope/domainscope/ingest/realdata"

	"gonum.org/v1/gonum/graph/community"
)

// lvReadPairs reads a CSV of (code, code, value) rows with the given header
// and separator into an undirected graph over the codes in order of first
// appearance. Rows with equal codes or keep(value) false are dropped;
// weight(value) is the edge weight, and repeated pairs add up.
func lvReadPairs(t *testing.T, path string, sep rune, header []string, keep func(float64) bool, weight func(float64) float64) (*graph.Graph, []string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = sep
	r.FieldsPerRecord = len(header)
	head, err := r.Read()
	if err != nil {
		t.Fatalf("%s: reading header: %v", path, err)
	}
	for i, h := range header {
		if head[i] != h {
			t.Fatalf("%s line 1: column %d is %q, expected %q", path, i+1, head[i], h)
		}
	}
	index := map[string]int32{}
	var codes []string
	id := func(code string) int32 {
		if i, ok := index[code]; ok {
			return i
		}
		index[code] = int32(len(codes))
		codes = append(codes, code)
		return index[code]
	}
	var edges []graph.Edge
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		v, err := strconv.ParseFloat(rec[2], 64)
		if err != nil {
			t.Fatalf("%s line %d column %s: expected a number, found %q", path, line, header[2], rec[2])
		}
		i, j := id(rec[0]), id(rec[1])
		if i != j && keep(v) {
			edges = append(edges, graph.Edge{I: i, J: j, W: weight(v)})
		}
	}
	g, err := graph.NewGraph(len(codes), edges)
	if err != nil {
		t.Fatal(err)
	}
	return g, codes
}

func TestLouvainUKLabourFlows(t *testing.T) {
	path := filepath.Join(realdata.Dir(t), "uk-labour-flows", "flows_sic2007_2009_2018.csv")
	// Job moves between industries, both directions summed, moves within an
	// industry dropped.
	g, codes := lvReadPairs(t, path, ',', []string{"StartIndst", "FinalIndst", "Counts"},
		func(float64) bool { return true }, func(v float64) float64 { return v })
	t.Logf("%d industries, %d undirected links", len(codes), g.Edges())
	gg := lvGonum(g)
	var ours, theirs float64
	const seeds = 10
	for seed := int64(0); seed < seeds; seed++ {
		opt := DefaultOptions()
		opt.Seed = seed
		p := lvRun(t, g, opt)
		lvCheckPartition(t, g, p, 1)
		if bad := lvDisconnected(g, p.Community); bad > 0 {
			t.Errorf("seed %d: %d disconnected communities", seed, bad)
		}
		if oracle := community.Q(gg, lvGonumCommunities(p.Community), 1); math.Abs(oracle-p.Modularity) > 1e-9 {
			t.Errorf("seed %d: Q %v, gonum's Q of the same partition %v", seed, p.Modularity, oracle)
		}
		ours += p.Modularity / seeds
		r := community.Modularize(gg, 1, rand.NewPCG(uint64(seed), 5))
		theirs += community.Q(gg, r.Communities(), 1) / seeds
	}
	t.Logf("mean Q over %d seeds: ours %.5f, gonum Modularize %.5f", seeds, ours, theirs)
	if ours < theirs-0.002 {
		t.Errorf("mean Q %.5f below gonum's %.5f", ours, theirs)
	}
}

func TestLouvainMultiplexHungary(t *testing.T) {
	dir := filepath.Join(realdata.Dir(t), "hungary-relatedness")
	// Two layers over the same 268 NACE groups: skill relatedness (labour
	// flows) and input–output relatedness, positive values as weights.
	positive := func(v float64) bool { return v > 0 }
	ident := func(v float64) float64 { return v }
	skill, codesS := lvReadPairs(t, filepath.Join(dir, "skill_relatedness_nace3_2015_2017.csv"), ';',
		[]string{"ind1", "ind2", "sr_norm", "skill_related"}, positive, ident)
	io, codesIO := lvReadPairs(t, filepath.Join(dir, "io_relatedness_nace3_2015_2017.csv"), ';',
		[]string{"ind1", "ind2", "io_norm", "io_related"}, positive, ident)
	if len(codesS) != len(codesIO) {
		t.Fatalf("layers have %d and %d industries", len(codesS), len(codesIO))
	}
	for i := range codesS {
		if codesS[i] != codesIO[i] {
			t.Fatalf("industry %d is %s in one layer and %s in the other", i, codesS[i], codesIO[i])
		}
	}
	layers := []*graph.Graph{skill, io}
	union := lvUnion(t, skill, io)
	for seed := int64(0); seed < 5; seed++ {
		opt := DefaultOptions()
		opt.Seed = seed
		p, err := Detect(context.Background(), layers, []float64{1, 0.5}, opt)
		if err != nil {
			t.Fatal(err)
		}
		if want := Modularity(skill, p.Community, 1) + 0.5*Modularity(io, p.Community, 1); math.Abs(want-p.Modularity) > 1e-12 {
			t.Errorf("seed %d: quality %v, Q_skill + 0.5 Q_io = %v", seed, p.Modularity, want)
		}
		if bad := lvDisconnected(union, p.Community); bad > 0 {
			t.Errorf("seed %d: %d communities disconnected in the union graph", seed, bad)
		}
		// The joint partition must score at least as well on the joint
		// quality as the best single-layer partition does.
		for l, g := range layers {
			single := lvRun(t, g, opt)
			if q := Modularity(skill, single.Community, 1) + 0.5*Modularity(io, single.Community, 1); q > p.Modularity+1e-3 {
				t.Errorf("seed %d: layer %d's own partition scores %v on the joint quality, above the joint partition's %v", seed, l, q, p.Modularity)
			}
		}
		if seed == 0 {
			t.Logf("%d industries: K = %d, Q_mux = %.4f", len(codesS), p.K, p.Modularity)
		}
	}
}
