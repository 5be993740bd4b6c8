package analysis

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest"
	"github.com/domainscope/domainscope/relatedness"
)

// evidenceFlows are directed flows between a, b, c, d with a self-flow of a;
// c→b is missing (knowledgeflows imputes it at the floor) and the pairs a–d
// and b–d have no flow either way (no link).
var evidenceFlows = []relatedness.Link{
	{From: "a", To: "a", Count: 100}, {From: "a", To: "b", Count: 40}, {From: "b", To: "a", Count: 30},
	{From: "a", To: "c", Count: 25}, {From: "c", To: "a", Count: 12}, {From: "b", To: "c", Count: 10},
	{From: "c", To: "d", Count: 15}, {From: "d", To: "c", Count: 20},
}

// TestSnapshotEvidenceMatchesRelatedness: a flows layer loaded through
// ingest.Load (knowledgeflows, floor 10: one value and one test per
// direction, c→b imputed at 10) reaches the snapshot, Neighbours and the
// neighbourhood view with, for each pair, the summed count and the smaller
// q-value of its two directions — the very numbers relatedness.LinkEvidence
// computes from the same counts.
func TestSnapshotEvidenceMatchesRelatedness(t *testing.T) {
	ctx := context.Background()
	st := chStore(t)
	chIndustries(t, st, "T", "a", "b", "c", "d")
	csv := "from,to,count\n"
	for _, l := range evidenceFlows {
		csv += l.From + "," + l.To + "," + strconv.FormatFloat(l.Count, 'g', -1, 64) + "\n"
	}
	p := filepath.Join(t.TempDir(), "flows.csv")
	if err := os.WriteFile(p, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	rel := ingest.RelatednessOptions{Method: relatedness.MethodKnowledgeFlows, Floor: 10}
	if _, err := ingest.Load(ctx, st, p, ingest.LinksOptions{Layer: graphmodel.Layer{Name: "labour", Period: "2020",
		Kind: graphmodel.KindFlows, Classification: "T"}, Relatedness: rel}); err != nil {
		t.Fatal(err)
	}
	// The reference: relatedness's own evidence, merged per pair.
	opt := relatedness.Options{Method: relatedness.MethodKnowledgeFlows, Floor: 10}
	out, _, _, err := relatedness.Compute(relatedness.Flows, evidenceFlows, opt)
	if err != nil {
		t.Fatal(err)
	}
	ev, err := relatedness.LinkEvidence(relatedness.Flows, evidenceFlows, opt)
	if err != nil {
		t.Fatal(err)
	}
	type pairEv struct{ count, q, p float64 }
	want := map[[2]string]*pairEv{}
	for k, l := range out {
		if l.From == l.To {
			continue
		}
		key := [2]string{min(l.From, l.To), max(l.From, l.To)}
		if w := want[key]; w != nil {
			w.count += l.Count
			w.q, w.p = min(w.q, ev[k].QValue), min(w.p, ev[k].PValue)
		} else {
			want[key] = &pairEv{l.Count, ev[k].QValue, ev[k].PValue}
		}
	}
	// b–c: b→c 10 given, c→b 10 imputed.
	if w := want[[2]string{"b", "c"}]; w == nil || w.count != 20 {
		t.Fatalf("reference b–c = %+v, want count 10 + 10 imputed", w)
	}
	thr := -1.0 // keep every link (knowledgeflows values are in (−1, 1))
	snap, err := BuildSnapshot(ctx, st, SnapshotSpec{Layers: []string{"labour"}, Threshold: &thr})
	if err != nil {
		t.Fatal(err)
	}
	l := snap.Layers[0]
	if l.Q == nil || len(l.Q) != len(l.Count) {
		t.Fatalf("snapshot layer Q = %v for %d counts", l.Q, len(l.Count))
	}
	seen := 0
	for i := 0; i < snap.Nodes(); i++ {
		for e := l.Graph.Off[i]; e < l.Graph.Off[i+1]; e++ {
			j := int(l.Graph.Adj[e])
			a, b := snap.Codes[i], snap.Codes[j]
			w := want[[2]string{min(a, b), max(a, b)}]
			if w == nil || l.Count[e] != w.count || l.Q[e] != w.q {
				t.Errorf("snapshot edge %s–%s: count %v q %v, want %+v", a, b, l.Count[e], l.Q[e], w)
			}
			seen++
		}
	}
	if seen != 2*len(want) {
		t.Errorf("snapshot has %d edge ends, want %d", seen, 2*len(want))
	}
	an := NewAnalyzer(st)
	nr, err := an.Neighbours(ctx, NeighboursRequest{Layer: "labour", Code: "c", Min: &thr})
	if err != nil {
		t.Fatal(err)
	}
	if len(nr.Neighbours) != 3 || nr.Relatedness["method"] != "knowledgeflows" || nr.Relatedness["floor"] != "10" {
		t.Errorf("neighbours of c: %+v, relatedness %v", nr.Neighbours, nr.Relatedness)
	}
	for _, n := range nr.Neighbours {
		w := want[[2]string{min("c", n.Code), max("c", n.Code)}]
		if n.QValue == nil || n.PValue == nil || n.Count != w.count || *n.QValue != w.q || *n.PValue != w.p {
			t.Errorf("neighbour %s of c: count %v p %v q %v, want %+v", n.Code, n.Count, n.PValue, n.QValue, w)
		}
	}
	v, err := an.Neighbourhood(ctx, NeighbourhoodRequest{ViewRequest: ViewRequest{GraphRequest: GraphRequest{Layers: []string{"labour"}, Threshold: &thr}},
		Seeds: []string{"c"}, Hops: 1, Min: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Links) == 0 {
		t.Fatal("no links in the neighbourhood of c")
	}
	for _, k := range v.Links {
		w := want[[2]string{min(k.Source, k.Target), max(k.Source, k.Target)}]
		if k.QValue == nil || *k.QValue != w.q || k.Count != w.count {
			t.Errorf("view link %s–%s: count %v q %v, want %+v", k.Source, k.Target, k.Count, k.QValue, w)
		}
	}
}
