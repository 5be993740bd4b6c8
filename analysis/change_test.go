package analysis

import (
	"context"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/relatedness"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
	"github.com/domainscope/domainscope/ingest"
	"github.com/domainscope/domainscope/ingest/demo"
	"github.com/domainscope/domainscope/ingest/realdata"
)

// chStore opens an empty store in a temporary directory.
func chStore(t testing.TB) graphmodel.Store {
	t.Helper()
	st, err := sqlitestore.Open(context.Background(), filepath.Join(t.TempDir(), "change.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// chIndustries loads the codes as one-level industries named "Industry <code>".
func chIndustries(t testing.TB, st graphmodel.Store, class string, codes ...string) {
	t.Helper()
	var inds []graphmodel.Industry
	for _, c := range codes {
		inds = append(inds, graphmodel.Industry{Classification: class, Code: c, Name: "Industry " + c})
	}
	if _, err := st.LoadIndustries(context.Background(), graphmodel.IndustriesLoad{Classification: graphmodel.Classification{Name: class}, Industries: inds}); err != nil {
		t.Fatal(err)
	}
}

// chFlows loads a flows layer with ratio relatedness (mean symmetrisation,
// diagonal excluded), recording the options as the CLI does.
func chFlows(t testing.TB, st graphmodel.Store, class, name, period string, links []graphmodel.Link, threshold float64) {
	t.Helper()
	opt := relatedness.Default(relatedness.Flows)
	out, err := layerRelatedness(graphmodel.KindFlows, links, opt)
	directed := true // ratio on flows keeps one link per direction
	if err != nil {
		t.Fatal(err)
	}
	layer := graphmodel.Layer{Name: name, Period: period, Kind: graphmodel.KindFlows, Classification: class,
		Directed: directed, Method: string(opt.Method), Threshold: threshold}
	prov := graphmodel.Provenance{Source: name + "-" + period + ".csv", Options: map[string]string{
		"method": string(opt.Method), "diagonal": "false", "symmetrise": opt.Symmetrise}}
	if _, err := st.LoadLayer(context.Background(), graphmodel.LayerLoad{Provenance: prov, Layer: layer, Links: out}); err != nil {
		t.Fatal(err)
	}
}

// chGiven loads a layer of given relatedness values.
func chGiven(t testing.TB, st graphmodel.Store, class, name, period string, links []graphmodel.Link) {
	t.Helper()
	layer := graphmodel.Layer{Name: name, Period: period, Kind: graphmodel.KindRelatedness, Classification: class, Method: "given"}
	if _, err := st.LoadLayer(context.Background(), graphmodel.LayerLoad{Layer: layer, Links: links}); err != nil {
		t.Fatal(err)
	}
}

func chNear(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func chPair(t *testing.T, res *CompareResult, a, b string) PairChange {
	t.Helper()
	for _, p := range res.Pairs {
		if p.A.Code == a && p.B.Code == b {
			return p
		}
	}
	t.Fatalf("pair %s–%s not in the comparison", a, b)
	return PairChange{}
}

func TestPoissonZ(t *testing.T) {
	// c1 = 10, c2 = 30 with equal totals: p0 = 1/2, n = 40,
	// z = (30 − 20) / √(40 · ¼) = 10/√10 = 3.16228.
	z, ok := poissonZ(10, 30, 500, 500)
	if !ok || !chNear(z, math.Sqrt(10), 1e-12) {
		t.Errorf("z = %v, %v; want √10", z, ok)
	}
	// The later period has twice the moves: 10 → 20 is no change, z = 0.
	if z, _ := poissonZ(10, 20, 100, 200); !chNear(z, 0, 1e-12) {
		t.Errorf("z = %v for a change in line with the totals, want 0", z)
	}
	if _, ok := poissonZ(0, 0, 1, 1); ok {
		t.Error("n = 0 gave a z-score")
	}
}

// TestCompareLayersHand compares two hand-made periods of flows, floor 10,
// loss factor 3 (so ≥ 30 is "well above the floor"):
//
//	pair  p1 (a→b, b→a)   p2           status
//	a–b   100, 50         100, 50      kept
//	a–c   40              —            lost (40 ≥ 30)
//	a–d   12              —            not observed (12 < 30)
//	b–c   —               35           gained
//	c–d   —               15           appeared
//	e–f   20              80           kept
//
// Totals between different industries: T1 = 222, T2 = 280, p0 = 280/502 =
// 0.557769. z(a–b) = (150 − 300·p0)/√(300·p0·(1−p0)) = −2.01467;
// z(e–f) = (80 − 100·p0)/√(100·p0·(1−p0)) = 4.87728. φ = mean of the two z²
// (the median of two) / 0.454936 = 30.6051, so z_adj(e–f) = 0.88162.
// Lost a–c: z with the missing count at 9: (9 − 49·p0)/√(49·p0·(1−p0)) = −5.27265.
func TestCompareLayersHand(t *testing.T) {
	st := chStore(t)
	chIndustries(t, st, "T", "a", "b", "c", "d", "e", "f")
	p1 := []graphmodel.Link{{From: "a", To: "b", Count: 100}, {From: "b", To: "a", Count: 50}, {From: "a", To: "c", Count: 40},
		{From: "a", To: "d", Count: 12}, {From: "e", To: "f", Count: 20}, {From: "a", To: "a", Count: 500}}
	p2 := []graphmodel.Link{{From: "a", To: "b", Count: 100}, {From: "b", To: "a", Count: 50}, {From: "b", To: "c", Count: 35},
		{From: "c", To: "d", Count: 15}, {From: "e", To: "f", Count: 80}, {From: "a", To: "a", Count: 500}}
	chFlows(t, st, "T", "labour", "p1", p1, 0)
	chFlows(t, st, "T", "labour", "p2", p2, 0)
	res, err := NewAnalyzer(st).CompareLayers(context.Background(), CompareRequest{Layer: "labour", From: "p1", To: "p2"})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Summary
	if s.Kept != 2 || s.Lost != 1 || s.NotObserved != 1 || s.Gained != 1 || s.Appeared != 1 || len(res.Pairs) != 6 {
		t.Fatalf("summary %+v with %d pairs; want 2 kept, 1 each of lost, not observed, gained, appeared", s, len(res.Pairs))
	}
	if s.TotalFrom != 222 || s.TotalTo != 280 {
		t.Errorf("totals %v, %v; want 222, 280 (self-flows excluded)", s.TotalFrom, s.TotalTo)
	}
	for _, c := range []struct{ a, b, status string }{
		{"a", "b", PairKept}, {"a", "c", PairLost}, {"a", "d", PairNotObserved}, {"b", "c", PairGained}, {"c", "d", PairAppeared}, {"e", "f", PairKept},
	} {
		if p := chPair(t, res, c.a, c.b); p.Status != c.status {
			t.Errorf("%s–%s: status %s, want %s", c.a, c.b, p.Status, c.status)
		}
	}
	ab, ef, ac := chPair(t, res, "a", "b"), chPair(t, res, "e", "f"), chPair(t, res, "a", "c")
	if *ab.CountFrom != 150 || *ab.CountTo != 150 || !chNear(*ab.Z, -2.014666302, 1e-8) {
		t.Errorf("a–b: counts %v → %v, z %v; want 150 → 150, z −2.01467", *ab.CountFrom, *ab.CountTo, *ab.Z)
	}
	if !chNear(*ef.Z, 4.877284305, 1e-8) || !chNear(s.Dispersion, 30.605136324, 1e-6) || !chNear(*ef.ZAdjusted, 0.881618943, 1e-8) {
		t.Errorf("e–f: z %v, adjusted %v, φ %v; want 4.87728, 0.88162, 30.6051", *ef.Z, *ef.ZAdjusted, s.Dispersion)
	}
	if !chNear(*ef.Expected, 20*280.0/222, 1e-9) {
		t.Errorf("e–f expected %v, want 20·280/222", *ef.Expected)
	}
	if ac.CountTo != nil || ac.ValueTo != nil || ac.DeltaValue != nil || !chNear(*ac.Z, -5.272646872, 1e-8) {
		t.Errorf("a–c lost: %+v; want no later count or value, z −5.27265", ac)
	}
	if s.Significant != 0 || s.Tested != 2 {
		t.Errorf("%d significant of %d tested; want 0 of 2 after the dispersion correction", s.Significant, s.Tested)
	}
	rules := strings.Join(res.Rules, "\n")
	for _, want := range []string{"disclosure floor of 10", "missing, not zero", "at least 30", "simulated with no change"} {
		if !strings.Contains(rules, want) {
			t.Errorf("rules do not say %q:\n%s", want, rules)
		}
	}
	if len(res.Neighbourhoods) != 0 {
		t.Errorf("neighbourhoods %+v: no industry has 10 related links", res.Neighbourhoods)
	}

	// Floor 0: every count was released, a missing pair is a true 0. With
	// φ = 30.6 and Z = 1.2: a–c 40 → 0 has z = (0 − 40·p0)/√(40·p0·(1−p0)) =
	// −7.10285, adjusted −1.284: lost; a–d 12 → 0 has z −3.890, adjusted
	// −0.703: not observed.
	zero := 0.0
	res, err = NewAnalyzer(st).CompareLayers(context.Background(), CompareRequest{Layer: "labour", From: "p1", To: "p2", Floor: &zero, Z: 1.2})
	if err != nil {
		t.Fatal(err)
	}
	if p := chPair(t, res, "a", "c"); p.Status != PairLost || !chNear(*p.Z, -7.102848052, 1e-8) {
		t.Errorf("floor 0, Z 1.2: a–c %s z %v; want lost, z −7.10285", p.Status, *p.Z)
	}
	if p := chPair(t, res, "a", "d"); p.Status != PairNotObserved || !chNear(*p.ZAdjusted, -0.703227737, 1e-8) {
		t.Errorf("floor 0: a–d is %s, adjusted z %v; want not observed, −0.70323", p.Status, *p.ZAdjusted)
	}
}

func TestCompareLayersErrors(t *testing.T) {
	st := chStore(t)
	chIndustries(t, st, "T", "a", "b")
	chIndustries(t, st, "U", "a", "b")
	chFlows(t, st, "T", "labour", "p1", []graphmodel.Link{{From: "a", To: "b", Count: 10}}, 0)
	chFlows(t, st, "U", "labour", "p2", []graphmodel.Link{{From: "a", To: "b", Count: 10}}, 0)
	a := NewAnalyzer(st)
	ctx := context.Background()
	_, err := a.CompareLayers(ctx, CompareRequest{Layer: "labour", From: "p1", To: "p2"})
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID || !strings.Contains(err.Error(), "concordance") {
		t.Errorf("different classifications: %v; want EINVALID pointing to a concordance", err)
	}
	if _, err := a.CompareLayers(ctx, CompareRequest{Layer: "labour", From: "p1", To: "p9"}); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Errorf("unknown period: %v; want ENOTFOUND", err)
	}
	for _, req := range []CompareRequest{
		{Layer: "labour", From: "p1", To: "p1"}, {Layer: "labour", From: "p1"},
		{Layer: "labour", From: "p1", To: "p2", LossFactor: 0.5}, {Layer: "labour", From: "p1", To: "p2", TopK: -1},
		{Layer: "labour", From: "p1", To: "p2", Z: -1}, {Layer: "labour", From: "p1", To: "p2", Floor: chPtr(-1)},
	} {
		if _, err := a.CompareLayers(ctx, req); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
			t.Errorf("%+v: %v; want EINVALID", req, err)
		}
	}
}

// TestCompareNeighbourhoodsHand: with top-k 2, x's strongest related
// neighbours are {b, c} in p1 and {b, e} in p2: Jaccard 1/3, c left and e
// joined. y keeps {a, b}: Jaccard 1. Given values have no noise level.
func TestCompareNeighbourhoodsHand(t *testing.T) {
	st := chStore(t)
	chIndustries(t, st, "T", "a", "b", "c", "d", "e", "x", "y")
	chGiven(t, st, "T", "rel", "p1", []graphmodel.Link{{From: "b", To: "x", Value: 0.9}, {From: "c", To: "x", Value: 0.8},
		{From: "d", To: "x", Value: 0.1}, {From: "a", To: "y", Value: 0.5}, {From: "b", To: "y", Value: 0.4}, {From: "c", To: "y", Value: -0.2}})
	chGiven(t, st, "T", "rel", "p2", []graphmodel.Link{{From: "b", To: "x", Value: 0.9}, {From: "e", To: "x", Value: 0.8},
		{From: "c", To: "x", Value: 0.05}, {From: "a", To: "y", Value: 0.6}, {From: "b", To: "y", Value: 0.3}})
	res, err := NewAnalyzer(st).CompareLayers(context.Background(), CompareRequest{Layer: "rel", From: "p1", To: "p2", TopK: 2})
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]NeighbourhoodChange{}
	for _, n := range res.Neighbourhoods {
		byCode[n.Code] = n
	}
	x, y := byCode["x"], byCode["y"]
	if !chNear(x.Jaccard, 1.0/3, 1e-12) || len(x.Left) != 1 || x.Left[0].Code != "c" || len(x.Joined) != 1 || x.Joined[0].Code != "e" || x.NoiseJaccard != nil {
		t.Errorf("x: %+v; want Jaccard 1/3, c left, e joined, no noise level", x)
	}
	if y.Jaccard != 1 || len(y.Kept) != 2 {
		t.Errorf("y: %+v; want Jaccard 1 with a and b kept", y)
	}
	if len(res.Neighbourhoods) < 2 || res.Neighbourhoods[0].Code != "x" {
		t.Errorf("most changed first: %+v", res.Neighbourhoods)
	}
	// c–y (−0.2) is not related: y has 2 related links in p1. Industries with
	// fewer than MinLinks (default top-k, 2) related links in a period are
	// left out: a, c, d, e; b keeps {x, y}.
	if b, ok := byCode["b"]; !ok || b.Jaccard != 1 || len(res.Neighbourhoods) != 3 {
		t.Errorf("neighbourhoods %+v; want x, b and y", res.Neighbourhoods)
	}
	// Given values: no count statuses beyond appeared / not observed.
	if p := chPair(t, res, "d", "x"); p.Status != PairNotObserved || p.CountFrom != nil || p.Z != nil {
		t.Errorf("d–x: %+v; want not observed without counts", p)
	}
	if p := chPair(t, res, "e", "x"); p.Status != PairAppeared {
		t.Errorf("e–x: %s, want appeared", p.Status)
	}
}

// TestCompareNoiseCalibration draws two periods of flows from the same
// rates, except that industry 0 trades its partners. Without change the
// observed top-k overlap should look like the simulated no-change overlap
// (about 5% of industries below its 5th percentile), while industry 0 is
// beyond noise; count changes of other pairs are significant about as often
// as chance says.
func TestCompareNoiseCalibration(t *testing.T) {
	const n = 40
	rng := rand.New(rand.NewPCG(7, 11))
	codes := make([]string, n)
	for i := range codes {
		codes[i] = "i" + strconv.Itoa(10+i)
	}
	// Rates: industries in 4 groups of 10, strong within, weak across.
	rate := func(i, j int) float64 {
		if i/10 == j/10 {
			return 20 + 40*float64((i*7+j*3)%5)
		}
		return 2 + 3*float64((i+j)%3)
	}
	draw := func(rewire bool) []graphmodel.Link {
		var links []graphmodel.Link
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if i == j {
					continue
				}
				ri, rj := i, j
				if rewire && (i == 0 || j == 0) {
					// industry 0 behaves like a member of group 2 in the later period
					if i == 0 {
						ri = 25
					} else {
						rj = 25
					}
				}
				if c := (distuv.Poisson{Lambda: rate(ri, rj), Src: rng}).Rand(); c >= 10 {
					links = append(links, graphmodel.Link{From: codes[i], To: codes[j], Count: c})
				}
			}
		}
		return links
	}
	st := chStore(t)
	chIndustries(t, st, "T", codes...)
	chFlows(t, st, "T", "labour", "p1", draw(false), 0)
	chFlows(t, st, "T", "labour", "p2", draw(true), 0)
	res, err := NewAnalyzer(st).CompareLayers(context.Background(), CompareRequest{Layer: "labour", From: "p1", To: "p2", TopK: 5, MinLinks: 5, Resamples: 40})
	if err != nil {
		t.Fatal(err)
	}
	beyond := 0
	var zero *NeighbourhoodChange
	for i := range res.Neighbourhoods {
		nb := &res.Neighbourhoods[i]
		if nb.NoiseJaccard == nil {
			t.Fatalf("%s has no noise level: %v", nb.Code, res.Rules)
		}
		if nb.Code == codes[0] {
			zero = nb
		} else if nb.BeyondNoise {
			beyond++
		}
	}
	if zero == nil || !zero.BeyondNoise || zero.Jaccard > 0.2 {
		t.Fatalf("rewired industry: %+v; want beyond noise with Jaccard ≤ 0.2", zero)
	}
	t.Logf("%d of %d unchanged industries beyond noise; rewired: Jaccard %.2f, no-change %.2f (5th pct %.2f)",
		beyond, len(res.Neighbourhoods)-1, zero.Jaccard, *zero.NoiseJaccard, *zero.NoiseLow)
	if len(res.Neighbourhoods) < 35 || float64(beyond) > 0.15*float64(len(res.Neighbourhoods)) {
		t.Errorf("%d of %d unchanged industries beyond noise; want about 5%%, at most 15%%", beyond, len(res.Neighbourhoods))
	}
	// Pairs not touching industry 0 did not change: significant about as
	// often as chance says (Z 3: 0.27%); allow a few.
	sig := 0
	for _, p := range res.Pairs {
		if p.Status == PairKept && p.Significant && p.A.Code != codes[0] {
			sig++
		}
	}
	if sig > 3+int(res.Summary.ExpectedByChance) {
		t.Errorf("%d significant changes among unchanged pairs, %.1f expected by chance", sig, res.Summary.ExpectedByChance)
	}
}

// chDemo builds the SYNTHETIC demo store (seed 1) through the ingest readers,
// as 'domainscope demo' does, with threshold 0.3 on the labour layers.
func chDemo(t *testing.T) graphmodel.Store {
	t.Helper()
	files, err := demo.Write(t.TempDir(), 1)
	if err != nil {
		t.Fatal(err)
	}
	st := chStore(t)
	ctx := context.Background()
	for _, f := range files {
		switch f.Kind {
		case demo.KindIndustries:
			load, err := ingest.ReadIndustries(f.Path, ingest.IndustriesOptions{Classification: f.Classification, LevelNames: []string{"section", "division"}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.LoadIndustries(ctx, load); err != nil {
				t.Fatal(err)
			}
		case demo.KindSpells:
			layer := graphmodel.Layer{Name: f.Layer, Period: f.Period, Kind: graphmodel.KindFlows, Classification: f.Classification}
			load, err := ingest.ReadSpells(f.Path, ingest.SpellOptions{Layer: layer, FromPeriod: f.Options["from-period"], ToPeriod: f.Options["to-period"]})
			if err != nil {
				t.Fatal(err)
			}
			chFlows(t, st, f.Classification, f.Layer, f.Period, load.Links, 0.3)
		case demo.KindEmploymentLong:
			set := graphmodel.RegionalSet{Measure: graphmodel.MeasureEmployment, Classification: f.Classification, Period: f.Period}
			load, err := ingest.ReadRegionalLong(f.Path, ingest.RegionalLongOptions{Set: set})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.LoadRegional(ctx, load); err != nil {
				t.Fatal(err)
			}
		}
	}
	return st
}

// TestChangeDemo: the demo plants an emerging ICT ↔ health link (62↔86,
// affinity 1 before 2015 and 10 from 2015 on, ingest/demo): the comparison
// must find it as the strongest significant increase, and it becomes
// related. Every count of the demo was released (floor 0).
func TestChangeDemo(t *testing.T) {
	st := chDemo(t)
	a := NewAnalyzer(st)
	zero := 0.0
	res, err := a.CompareLayers(context.Background(), CompareRequest{Layer: "labour", From: "2010-2014", To: "2015-2019", Floor: &zero})
	if err != nil {
		t.Fatal(err)
	}
	var up []PairChange
	for _, p := range res.Pairs {
		if p.Status == PairKept && p.Significant && *p.ZAdjusted > 0 {
			up = append(up, p)
		}
	}
	if len(up) == 0 || up[0].A.Code != "62" || up[0].B.Code != "86" {
		t.Fatalf("significant increases %+v; want 62–86 first", up)
	}
	p := up[0]
	if !(*p.CountTo > 5**p.CountFrom) || p.RelatedFrom || !p.RelatedTo {
		t.Errorf("62–86: counts %v → %v, related %v → %v; want over five times the moves, becoming related", *p.CountFrom, *p.CountTo, p.RelatedFrom, p.RelatedTo)
	}
	if len(up) > 3 {
		t.Errorf("%d significant increases; the demo plants one emerging link (62/63 ↔ 21/72/86): %+v", len(up), up)
	}

	t.Run("region change", func(t *testing.T) {
		// Brightwater Coast is a tech region: 62 grows there (demo growth
		// 1.12 regional × 1.22 national) faster than the region's total.
		rc, err := a.RegionChange(context.Background(), RegionChangeRequest{Region: "Brightwater Coast"})
		if err != nil {
			t.Fatal(err)
		}
		if rc.From.Period != "2015" || rc.To.Period != "2020" {
			t.Fatalf("periods %s → %s, want 2015 → 2020", rc.From.Period, rc.To.Period)
		}
		var ict *IndustryChange
		for i := range rc.Industries {
			if rc.Industries[i].Code == "62" {
				ict = &rc.Industries[i]
			}
		}
		if ict == nil || ict.Stage != StageGrowing || !(*ict.Growth > rc.RegionGrowth) || ict.Status != SpecKept {
			t.Fatalf("62 in Brightwater Coast: %+v; want a kept specialisation, growing faster than the region (%+.3f)", ict, rc.RegionGrowth)
		}
		total := 0
		for _, n := range rc.Stages {
			total += n
		}
		if total != rc.Kept+rc.New+rc.Lost || rc.Stages[StageEmerging] != rc.New {
			t.Errorf("stages %v for %d kept, %d new, %d lost", rc.Stages, rc.Kept, rc.New, rc.Lost)
		}
	})
}

// chUK loads the SIC 2007 structure and the two UK flow sub-periods.
func chUK(t *testing.T) graphmodel.Store {
	t.Helper()
	return chUKPeriods(t, "2009_2013", "2014_2018")
}

// chUKPeriods loads the SIC 2007 structure and the UK flows of the periods
// (file name parts such as "2009_2018") as layer labour.
func chUKPeriods(t *testing.T, periods ...string) graphmodel.Store {
	t.Helper()
	dir := realdata.Path(t, "uk-labour-flows")
	st := chStore(t)
	ctx := context.Background()
	ind, err := ingest.ReadIndustries(filepath.Join(dir, "sic2007_structure.csv"), ingest.IndustriesOptions{Classification: "SIC2007",
		CodeCol: "SIC2007", Levels: []string{"MainIndustry", "MainActivity", "SubActivity"}, Codes: ingest.CodeFormat{Pad: 4}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.LoadIndustries(ctx, ind); err != nil {
		t.Fatal(err)
	}
	known := ingest.Known{}
	for _, in := range ind.Industries {
		known[in.Code] = true
	}
	for _, p := range periods {
		layer := graphmodel.Layer{Name: "labour", Period: strings.Replace(p, "_", "-", 1), Kind: graphmodel.KindFlows, Classification: "SIC2007"}
		load, err := ingest.ReadLinks(filepath.Join(dir, "flows_sic2007_"+p+".csv"), ingest.LinksOptions{Layer: layer, Codes: ingest.CodeFormat{Pad: 4},
			Known: known, Unknown: ingest.UnknownCreate})
		if err != nil {
			t.Fatal(err)
		}
		if len(load.AddIndustries) > 0 {
			t.Fatalf("%s: codes not in the SIC 2007 structure: %v", p, load.AddIndustries)
		}
		chFlows(t, st, "SIC2007", "labour", layer.Period, load.Links, 0)
	}
	return st
}

// TestCompareUKFlows compares the UK flows 2009–2013 and 2014–2018. Counts
// below 10 were not released. The pair statuses agree with an independent
// pandas count (/usr/bin/python3, pairs summed over both directions, self
// flows dropped): 597 kept, 66 lost, 207 not observed, 39 gained, 297
// appeared; totals 49,893 and 46,992 moves between different industries.
func TestCompareUKFlows(t *testing.T) {
	st := chUK(t)
	res, err := NewAnalyzer(st).CompareLayers(context.Background(), CompareRequest{Layer: "labour", From: "2009-2013", To: "2014-2018"})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Summary
	if s.Kept != 597 || s.Lost != 66 || s.NotObserved != 207 || s.Gained != 39 || s.Appeared != 297 || s.TotalFrom != 49893 || s.TotalTo != 46992 {
		t.Errorf("summary %+v; want 597 kept, 66 lost, 207 not observed, 39 gained, 297 appeared, totals 49893 → 46992", s)
	}
	for _, p := range res.Pairs {
		if p.Status == PairLost && *p.CountFrom < 30 || p.Status == PairNotObserved && *p.CountFrom >= 30 {
			t.Errorf("%s–%s: %s with earlier count %v; the rule is ≥ 30 for lost", p.A.Code, p.B.Code, p.Status, *p.CountFrom)
		}
		if (p.Status == PairLost || p.Status == PairNotObserved) && (p.CountTo != nil || p.ValueTo != nil) {
			t.Errorf("%s–%s %s has a later count or value: missing must stay missing", p.A.Code, p.B.Code, p.Status)
		}
	}
	if s.Dispersion <= 1 {
		t.Errorf("dispersion %v: job moves are overdispersed, want > 1", s.Dispersion)
	}
	if s.Significant == 0 || float64(s.Significant) < 3*s.ExpectedByChance {
		t.Errorf("%d significant count changes, %.1f by chance; want well above chance", s.Significant, s.ExpectedByChance)
	}
	if len(res.Neighbourhoods) == 0 || res.Neighbourhoods[0].NoiseJaccard == nil {
		t.Fatalf("no neighbourhoods with a noise level: %v", res.Rules)
	}
	for i, n := range res.Neighbourhoods[:min(10, len(res.Neighbourhoods))] {
		t.Logf("%2d. %s %s: Jaccard %.2f (no-change simulations %.2f, 5th pct %.2f, beyond noise %v)", i+1, n.Code, n.Name, n.Jaccard, *n.NoiseJaccard, *n.NoiseLow, n.BeyondNoise)
	}
}
