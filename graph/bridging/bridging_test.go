package bridging

import (
	"context"
	"encoding/json"
	"math"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graph/internal/graphtest"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graph/centrality"

	"github.com/domainscope/domainscope/graphmodel"
)

func TestParticipationByHand(t *testing.T) {
	// Community 0 = {0,1,2,3}: 0-1 (2), 0-2 (1), 0-3 (1), 1-2 (1);
	// community 1 = {4,5}: 4-5 (1); across: 3-4 (2), 0-5 (1); node 6 isolated
	// in community 2.
	g := graphtest.New(t, 7, []graph.Edge{{I: 0, J: 1, W: 2}, {I: 0, J: 2, W: 1}, {I: 0, J: 3, W: 1}, {I: 1, J: 2, W: 1}, {I: 4, J: 5, W: 1}, {I: 3, J: 4, W: 2}, {I: 0, J: 5, W: 1}})
	comm := []int32{0, 0, 0, 0, 1, 1, 2}
	P, Z, err := Participation(g, comm)
	if err != nil {
		t.Fatal(err)
	}
	// P: node 0: k = 5, own 4, other 1 → 1 − (16+1)/25 = 8/25; nodes 1, 2
	// only own → 0; node 3: own 1, other 2 → 1 − (1+4)/9 = 4/9; node 4: own
	// 1, other 2 → 4/9; node 5: own 1, other 1 → ½; isolated node 6 → 0.
	graphtest.Check(t, "P", P, []float64{8.0 / 25, 0, 0, 4.0 / 9, 4.0 / 9, 0.5, 0}, 1e-12)
	// z: κ in community 0 = [4, 3, 2, 1], mean 2.5, population variance
	// (2.25+0.25+0.25+2.25)/4 = 1.25, sd √5/2: z = ±3/√5, ±1/√5.
	// Community 1: κ = [1, 1], sd 0 → z = 0; community 2: single node → 0.
	s5 := math.Sqrt(5)
	graphtest.Check(t, "Z", Z, []float64{3 / s5, 1 / s5, -1 / s5, -3 / s5, 0, 0, 0}, 1e-12)
}

func TestParticipationErrors(t *testing.T) {
	g := graphtest.New(t, 3, graphtest.Unit(0, 1, 1, 2))
	for _, tc := range []struct {
		g    *graph.Graph
		comm []int32
		text string
	}{
		{nil, nil, "graph is nil"},
		{g, []int32{0, 0}, "partition has 2 community ids, expected one per node (3)"},
		{g, []int32{0, -1, 0}, "node 1 has community id -1, expected 0 <= id < 3"},
		{g, []int32{0, 3, 0}, "node 1 has community id 3, expected 0 <= id < 3"},
	} {
		_, _, err := Participation(tc.g, tc.comm)
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID || !strings.Contains(err.Error(), tc.text) {
			t.Errorf("%v: error %v, want invalid containing %q", tc.comm, err, tc.text)
		}
		_, err = RankBridging(context.Background(), tc.g, tc.comm, nil, BridgingOptions{})
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID || !strings.Contains(err.Error(), tc.text) {
			t.Errorf("RankBridging %v: error %v, want invalid containing %q", tc.comm, err, tc.text)
		}
	}
	_, err := RankBridging(context.Background(), g, []int32{0, 0, 1}, []string{"a"}, BridgingOptions{})
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID || !strings.Contains(err.Error(), "1 names given, expected one per node (3)") {
		t.Errorf("names: error %v", err)
	}
	_, err = RankBridging(context.Background(), g, []int32{0, 0, 1}, nil, BridgingOptions{Top: -1})
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Errorf("top -1: error %v", err)
	}
}

func TestRole(t *testing.T) {
	// Thresholds of Guimerà & Amaral 2005 (Nature 433, Fig. 2): hub iff
	// z >= 2.5; boundaries belong to the lower role (P <= cut-off).
	for _, tc := range []struct {
		p, z float64
		want string
	}{
		{0, 0, "R1 ultra-peripheral"}, {0.05, 2.49, "R1 ultra-peripheral"},
		{0.0501, 0, "R2 peripheral"}, {0.62, -1, "R2 peripheral"},
		{0.6201, 0, "R3 non-hub connector"}, {0.80, 1, "R3 non-hub connector"},
		{0.8001, 0, "R4 non-hub kinless"},
		{0, 2.5, "R5 provincial hub"}, {0.30, 7, "R5 provincial hub"},
		{0.3001, 2.5, "R6 connector hub"}, {0.75, 3, "R6 connector hub"},
		{0.7501, 2.5, "R7 kinless hub"},
	} {
		if got := Role(tc.p, tc.z); got != tc.want {
			t.Errorf("Role(%v, %v) = %q, want %q", tc.p, tc.z, got, tc.want)
		}
	}
}

func TestRankBridgingBarbell(t *testing.T) {
	// Triangles {0,1,2} (community 0) and {3,4,5} (community 1) joined by
	// the path 2-6-3, node 6 in community 0; node 7 isolated (community 2).
	g := graphtest.New(t, 8, graphtest.Unit(0, 1, 0, 2, 1, 2, 3, 4, 3, 5, 4, 5, 2, 6, 6, 3))
	comm := []int32{0, 0, 0, 1, 1, 1, 0, 2}
	names := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	out, err := RankBridging(context.Background(), g, comm, names, BridgingOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// By hand (n = 8, percentile = (below + (equal−1)/2) / 7):
	// betweenness: 0,1,4,5,7 → 0; 2,3 → 8; 6 → 9 (see TestBetweennessByHand).
	//   pr: zeros (5) → 2/7; 8s → (5+½)/7 = 11/14; 9 → 1.
	// P: 3 → 1−(4+1)/9 = 4/9; 6 → ½; others 0 (isolated 7 too).
	//   pr: zeros (6) → 2.5/7 = 5/14; 4/9 → 6/7; ½ → 1.
	// constraint: 6 → 2·(½)² = ½; 2, 3 → 2·(⅓+⅙)² + (⅓)² = 11/18;
	//   0,1,4,5 → (½+⅙)² + (½+¼)² = 145/144; 7 isolated (lowest).
	//   1−c pr: 7 → 0; 0,1,4,5 → (1+1.5)/7 = 5/14; 2,3 → 5.5/7 = 11/14; 6 → 1.
	// score 6 = 1; 3 = (11/14 + 6/7 + 11/14)/3 = 17/21;
	// 2 = (11/14 + 5/14 + 11/14)/3 = 9/14; 0,1,4,5 = (2/7 + 5/14 + 5/14)/3 = 1/3;
	// 7 = (2/7 + 5/14 + 0)/3 = 3/14.
	wantOrder := []int32{6, 3, 2, 0, 1, 4, 5, 7}
	wantScore := map[int32]float64{6: 1, 3: 17.0 / 21, 2: 9.0 / 14, 0: 1.0 / 3, 1: 1.0 / 3, 4: 1.0 / 3, 5: 1.0 / 3, 7: 3.0 / 14}
	var order []int32
	for _, s := range out {
		order = append(order, s.Node)
		if math.Abs(s.Score-wantScore[s.Node]) > 1e-12 {
			t.Errorf("node %d: score %v, want %v (ranks %v %v %v)", s.Node, s.Score, wantScore[s.Node],
				s.BetweennessRank, s.ParticipationRank, s.BrokerageRank)
		}
		if s.Name != names[s.Node] || s.Community != comm[s.Node] {
			t.Errorf("node %d: name %q community %d", s.Node, s.Name, s.Community)
		}
	}
	if !reflect.DeepEqual(order, wantOrder) {
		t.Errorf("order %v, want %v", order, wantOrder)
	}
	top := out[0]
	if top.Betweenness != 9 || top.Participation != 0.5 || top.Constraint != 0.5 || top.EffectiveSize != 2 ||
		!top.Articulation || top.Degree != 2 || top.Strength != 2 || top.Role != "R2 peripheral" {
		t.Errorf("node 6: %+v", top)
	}
	// Node 6 splits its strength evenly: community 0 (own) first on the
	// tie by id, then community 1 through its link to d (node 3).
	wantConn := []CommunityShare{
		{Community: 0, Own: true, Share: 0.5, Weight: 1},
		{Community: 1, Share: 0.5, Weight: 1, Links: []BridgeLink{{Node: 3, Name: "d", Weight: 1}}},
	}
	if !reflect.DeepEqual(top.Connects, wantConn) {
		t.Errorf("node 6 connects %+v, want %+v", top.Connects, wantConn)
	}
	// Node 3: ⅔ to its own community, ⅓ to community 0 through g (node 6).
	if c := out[1].Connects; len(c) != 2 || !c[0].Own || math.Abs(c[1].Share-1.0/3) > 1e-15 ||
		len(c[1].Links) != 1 || c[1].Links[0].Name != "g" {
		t.Errorf("node 3 connects %+v", c)
	}
	last := out[len(out)-1]
	if !last.Isolated || last.Constraint != 0 || len(last.Connects) != 0 {
		t.Errorf("isolated node 7: %+v", last)
	}
	if _, err := json.Marshal(out); err != nil {
		t.Errorf("JSON: %v", err)
	}

	// Top keeps the best ones.
	two, err := RankBridging(context.Background(), g, comm, nil, BridgingOptions{Top: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(two) != 2 || two[0].Node != 6 || two[1].Node != 3 || two[0].Name != "" {
		t.Errorf("top 2: %+v", two)
	}
}

func TestRankBridgingLinksLimit(t *testing.T) {
	// Hub 0 in community 0 with five neighbours 1..5 in community 1 (weights
	// 1..5) and one neighbour 6 in community 0 (weight 10): the three
	// strongest links into community 1 are to 5, 4, 3; with Links = 2, to 5, 4.
	var e []graph.Edge
	for j := int32(1); j <= 5; j++ {
		e = append(e, graph.Edge{I: 0, J: j, W: float64(j)})
	}
	e = append(e, graph.Edge{I: 0, J: 6, W: 10})
	g := graphtest.New(t, 7, e)
	comm := []int32{0, 1, 1, 1, 1, 1, 0}
	for _, tc := range []struct {
		links int
		want  []int32
	}{{0, []int32{5, 4, 3}}, {2, []int32{5, 4}}, {9, []int32{5, 4, 3, 2, 1}}} {
		out, err := RankBridging(context.Background(), g, comm, nil, BridgingOptions{Links: tc.links})
		if err != nil {
			t.Fatal(err)
		}
		var hub BridgingSector
		for _, s := range out {
			if s.Node == 0 {
				hub = s
			}
		}
		// Strength 25: community 1 gets 15/25, community 0 gets 10/25.
		if len(hub.Connects) != 2 || hub.Connects[0].Community != 1 || hub.Connects[0].Share != 0.6 || hub.Connects[1].Share != 0.4 {
			t.Fatalf("hub connects %+v", hub.Connects)
		}
		var got []int32
		for _, l := range hub.Connects[0].Links {
			got = append(got, l.Node)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("links %d: %v, want %v", tc.links, got, tc.want)
		}
	}
}

func TestBrgPercentiles(t *testing.T) {
	// Sorted: 1, 2, 2, 2·(1+1e-12) (same as 2 up to 1e-9), 5 over n−1 = 4.
	// 1 → 0; the three 2s → (1+1)/4 = ½; 5 → 1.
	got := brgPercentiles([]float64{5, 2, 1, 2 * (1 + 1e-12), 2})
	graphtest.Check(t, "percentiles", got, []float64{1, 0.5, 0, 0.5, 0.5}, 0)
	// −Inf (isolated nodes' 1 − constraint) is below every finite value:
	// −Inf → 0, the two −1 → (1+½)/3 = ½, 0 → 1.
	graphtest.Check(t, "-inf", brgPercentiles([]float64{-1, math.Inf(-1), 0, -1}), []float64{0.5, 0, 1, 0.5}, 0)
	graphtest.Check(t, "one", brgPercentiles([]float64{3}), []float64{0.5}, 0)
}

func TestRankBridgingUKFlows(t *testing.T) {
	g, codes := graphtest.UKFlows(t)
	// Partition by SIC division (first two digits of the 4-digit code;
	// codes of 3 digits lost a leading zero).
	div := map[string]int32{}
	comm := make([]int32, len(codes))
	for i, c := range codes {
		c = strings.Repeat("0", max(0, 4-len(c))) + c
		d, ok := div[c[:2]]
		if !ok {
			d = int32(len(div))
			div[c[:2]] = d
		}
		comm[i] = d
	}
	out, err := RankBridging(context.Background(), g, comm, codes, BridgingOptions{Betweenness: centrality.BetweennessOptions{Normalised: true}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != g.Nodes() {
		t.Fatalf("%d sectors for %d nodes", len(out), g.Nodes())
	}
	bc := bwBetweenness(t, g, centrality.BetweennessOptions{Normalised: true})
	P, _, _ := Participation(g, comm)
	cons := Constraint(g)
	if !sort.SliceIsSorted(out, func(a, b int) bool { return out[a].Score > out[b].Score }) {
		t.Error("not sorted by score")
	}
	for _, s := range out {
		i := s.Node
		if !(s.Score >= 0 && s.Score <= 1) || !graphtest.Close(s.Betweenness, bc[i], 1e-12) || s.Participation != P[i] {
			t.Fatalf("%s: %+v (betweenness %v, P %v)", s.Name, s, bc[i], P[i])
		}
		if !s.Isolated && s.Constraint != cons[i] {
			t.Fatalf("%s: constraint %v, want %v", s.Name, s.Constraint, cons[i])
		}
		var share float64
		for k, c := range s.Connects {
			share += c.Share
			if c.Own != (c.Community == s.Community) || c.Own && len(c.Links) > 0 || len(c.Links) > 3 {
				t.Fatalf("%s: community share %+v", s.Name, c)
			}
			if k > 0 && c.Weight > s.Connects[k-1].Weight {
				t.Fatalf("%s: shares not sorted: %+v", s.Name, s.Connects)
			}
			for m, l := range c.Links {
				if comm[l.Node] != c.Community || l.Name != codes[l.Node] || g.Weight(int(i), int(l.Node)) != l.Weight ||
					m > 0 && l.Weight > c.Links[m-1].Weight {
					t.Fatalf("%s: link %+v in %+v", s.Name, l, c)
				}
			}
		}
		if !s.Isolated && math.Abs(share-1) > 1e-12 {
			t.Fatalf("%s: shares sum to %v", s.Name, share)
		}
	}
	if _, err := json.Marshal(out); err != nil {
		t.Fatalf("JSON: %v", err)
	}
	for _, s := range out[:5] {
		t.Logf("%s (division %d) score %.3f betweenness %.4f P %.2f constraint %.3f %s", s.Name, s.Community, s.Score,
			s.Betweenness, s.Participation, s.Constraint, s.Role)
	}
}
