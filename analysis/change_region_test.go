package analysis

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

func TestLifeCycleStage(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		lq0, lq1, g, G float64
		want           string
	}{
		{0.8, 1.2, 0.3, 0.1, StageEmerging},
		{nan, 1.5, nan, 0.1, StageEmerging}, // undefined before counts as < 1
		{1.3, 0.9, 0.0, 0.1, StageDeclining},
		{1.3, nan, -1, 0.1, StageDeclining},
		{2.0, 2.1, -0.06, 0.0, StageDeclining}, // kept, employment down 6% > 5%
		{2.0, 2.1, 0.08, 0.05, StageGrowing},   // up 8%, faster than the region's 5%
		{2.0, 1.9, 0.08, 0.10, StageMature},    // up 8%, slower than the region's 10%
		{2.0, 2.0, 0.04, -0.1, StageMature},    // up 4%, within the ±5% band
		{2.0, 2.0, -0.05, 0.0, StageMature},    // exactly −5% is not below −5%
		{0.5, 0.9, 0.5, 0.0, ""},               // never a specialisation
		{1, 1, 0.1, 0.0, StageGrowing},         // LQ exactly 1 is a specialisation
	} {
		if got := LifeCycleStage(c.lq0, c.lq1, c.g, c.G, 0.05); got != c.want {
			t.Errorf("LifeCycleStage(%v, %v, g %v, G %v) = %q, want %q", c.lq0, c.lq1, c.g, c.G, got, c.want)
		}
	}
}

// regionChangeStore has two regions and four industries in 2015 and 2020:
//
//	        2015 r1  r2    2020 r1  r2
//	A            60  40         66  40
//	B            30  70         45  70
//	C            10  90          9  90
//	D            20  10         10  20
//
// r1's LQs (x_ri·x_·· / (x_r·· x_·i)): 2015 (r1 120 of 330): A 1.65,
// B 0.825, C 0.275, D 1.8333; 2020 (r1 130 of 350): A 1.676343, B 1.053512,
// C 0.244755, D 0.897436. r1 grows by 130/120 − 1 = 8.33%.
func regionChangeStore(t *testing.T) *Analyzer {
	st := chStore(t)
	chIndustries(t, st, "T", "A", "B", "C", "D")
	ctx := context.Background()
	regions := []graphmodel.Region{{ID: "r1", Name: "Region One"}, {ID: "r2", Name: "Region Two"}}
	for period, v := range map[string][2][4]float64{"2015": {{60, 30, 10, 20}, {40, 70, 90, 10}}, "2020": {{66, 45, 9, 10}, {40, 70, 90, 20}}} {
		var vals []graphmodel.RegionalValue
		for r := range regions {
			for i, code := range []string{"A", "B", "C", "D"} {
				vals = append(vals, graphmodel.RegionalValue{Region: regions[r].ID, Industry: code, Value: v[r][i]})
			}
		}
		set := graphmodel.RegionalSet{Measure: graphmodel.MeasureEmployment, Classification: "T", Period: period}
		if _, err := st.LoadRegional(ctx, graphmodel.RegionalLoad{Set: set, Regions: regions, Values: vals}); err != nil {
			t.Fatal(err)
		}
	}
	return NewAnalyzer(st)
}

// TestRegionChangeHand: A is kept and grew 10%, faster than r1's 8.33%:
// growing; B crossed LQ 1 upwards: new, emerging; D fell below 1: lost,
// declining; C is a specialisation in neither period.
func TestRegionChangeHand(t *testing.T) {
	a := regionChangeStore(t)
	res, err := a.RegionChange(context.Background(), RegionChangeRequest{Region: "Region One"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Region.ID != "r1" || res.From.Period != "2015" || res.To.Period != "2020" || !chNear(res.RegionGrowth, 130.0/120-1, 1e-12) {
		t.Fatalf("region %s %s → %s growth %v", res.Region.ID, res.From.Period, res.To.Period, res.RegionGrowth)
	}
	want := map[string]struct {
		lq0, lq1     float64
		status, stge string
	}{
		"A": {1.65, 1.676342525, SpecKept, StageGrowing},
		"B": {0.825, 1.053511706, SpecNew, StageEmerging},
		"C": {0.275, 0.244755245, SpecNone, ""},
		"D": {1.833333333, 0.897435897, SpecLost, StageDeclining},
	}
	if len(res.Industries) != 4 {
		t.Fatalf("%d industries, want 4", len(res.Industries))
	}
	for _, c := range res.Industries {
		w := want[c.Code]
		if !chNear(*c.LQFrom, w.lq0, 1e-8) || !chNear(*c.LQTo, w.lq1, 1e-8) || !chNear(*c.DeltaLQ, w.lq1-w.lq0, 1e-8) || c.Status != w.status || c.Stage != w.stge {
			t.Errorf("%s: LQ %v → %v (%v), %s, %q; want %v → %v, %s, %q", c.Code, *c.LQFrom, *c.LQTo, *c.DeltaLQ, c.Status, c.Stage, w.lq0, w.lq1, w.status, w.stge)
		}
	}
	// Order: emerging, growing, mature, declining, then the rest.
	var order []string
	for _, c := range res.Industries {
		order = append(order, c.Code)
	}
	if strings.Join(order, "") != "BADC" {
		t.Errorf("order %v, want B A D C", order)
	}
	if res.New != 1 || res.Lost != 1 || res.Kept != 1 || res.Stages[StageGrowing] != 1 {
		t.Errorf("new %d lost %d kept %d stages %v", res.New, res.Lost, res.Kept, res.Stages)
	}
	if !strings.Contains(strings.Join(res.Rules, " "), "not a forecast") {
		t.Errorf("rules do not say the stages are descriptive: %v", res.Rules)
	}

	// Explicit periods, reversed: D becomes a new specialisation.
	rev, err := a.RegionChange(context.Background(), RegionChangeRequest{Region: "r1", From: "2020", To: "2015"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range rev.Industries {
		if c.Code == "D" && c.Stage != StageEmerging {
			t.Errorf("2020 → 2015: D is %q, want emerging", c.Stage)
		}
	}
	for _, req := range []RegionChangeRequest{
		{Region: "r1", From: "2015", To: "2015"}, {Region: "r1", Tolerance: 2}, {Region: "r1", Measure: "jobs"},
	} {
		if _, err := a.RegionChange(context.Background(), req); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
			t.Errorf("%+v: %v, want EINVALID", req, err)
		}
	}
	for _, req := range []RegionChangeRequest{{Region: "nowhere"}, {Region: "r1", From: "2010"}, {Region: "r1", Measure: graphmodel.MeasurePatents}} {
		if _, err := a.RegionChange(context.Background(), req); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
			t.Errorf("%+v: %v, want ENOTFOUND", req, err)
		}
	}
}
