package analysis

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

func pset(name string, groups ...graphmodel.PriorityGroup) graphmodel.PrioritySet {
	return graphmodel.PrioritySet{Name: name, Groups: groups}
}

func pgroup(name string, codes ...string) graphmodel.PriorityGroup {
	return graphmodel.PriorityGroup{Name: name, Codes: codes}
}

// TestComparePrioritiesHand compares two small sets on hypStore's rel@P1:
// a1–a2 1, a2–b1 2, a1–b1 1, b1–b2 1, b2–c1 3, so k(a1) = 2, k(a2) = 3,
// k(b1) = 4, k(b2) = 4, k(c1) = 3 and 2m = 16. Section C has no link.
func TestComparePrioritiesHand(t *testing.T) {
	_, an := hypStore(t)
	req := PrioritiesRequest{GraphRequest: GraphRequest{Layers: []string{"rel@P1"}},
		Old: pset("old", pgroup("X", "a1", "a2"), pgroup("Y", "b2"), pgroup("Z", "C")),
		New: pset("new", pgroup("P", "a2", "b1"), pgroup("Q", "c1"), pgroup("R", "B"))}
	res, err := an.ComparePriorities(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 16 || res.MinRatio != DefaultMinRatio {
		t.Errorf("2m %v min ratio %v, want 16 and the default", res.Total, res.MinRatio)
	}
	type want struct {
		old, new             string
		shared               []string
		w, share, carry, rev float64
		ratio                float64
		maps                 bool
	}
	// Pairs with a shared code or weight, each old group's by carry:
	wants := []want{
		// X→P: W = a1–a2 1 + a1–b1 1 + a2–b1 2 = 4 over vol(X) = 5: share 0.8;
		// carry: a2 whole (3) + a1's links into P (2) = 5/5; reverse: a2 whole
		// (3) + b1's links into X (2 + 1) = 6 over vol(P) = 7; ratio 4·16/35.
		// Maps: a2 is shared.
		{"X", "P", []string{"a2"}, 4, 0.8, 1, 6.0 / 7, 64.0 / 35, true},
		// Y→Q: W = b2–c1 3 over vol(Y) = 4: share = carry 0.75, reverse 3/3,
		// ratio 3·16/(4·3) = 4 ≥ 2: maps.
		{"Y", "Q", []string{}, 3, 0.75, 0.75, 1, 4, true},
		// Y→P: W = b2–b1 1: share = carry 0.25, reverse 1/7, ratio 16/28 < 2.
		{"Y", "P", []string{}, 1, 0.25, 0.25, 1.0 / 7, 4.0 / 7, false},
	}
	if len(res.Pairs) != len(wants) {
		t.Fatalf("%d pairs, want %d: %+v", len(res.Pairs), len(wants), res.Pairs)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-12 }
	for k, w := range wants {
		p := res.Pairs[k]
		if p.Old != w.old || p.New != w.new || !reflect.DeepEqual(p.Shared, w.shared) || !near(p.Weight, w.w) || !near(p.Share, w.share) ||
			!near(p.Carry, w.carry) || !near(p.ReverseCarry, w.rev) || !near(p.Ratio, w.ratio) || p.Maps != w.maps {
			t.Errorf("pair %d = %+v, want %+v", k, p, w)
		}
	}
	// Z (section C, no links) maps nowhere; R (section B) has no predecessor.
	if !reflect.DeepEqual(res.Unmapped, []string{"Z"}) || !reflect.DeepEqual(res.NoPredecessor, []string{"R"}) {
		t.Errorf("unmapped %v, no predecessor %v; want [Z] and [R]", res.Unmapped, res.NoPredecessor)
	}
	if res.Old[0].Main != "P" || res.Old[1].Main != "Q" || res.New[0].Main != "X" || res.New[1].Main != "Y" {
		t.Errorf("main links: %q %q / %q %q", res.Old[0].Main, res.Old[1].Main, res.New[0].Main, res.New[1].Main)
	}
	// vol(X) = k(a1) + k(a2) = 5; Z's only code has no link.
	if res.Old[0].Volume != 5 || !reflect.DeepEqual(res.Old[2].NoLinks, []string{"C"}) {
		t.Errorf("X volume %v, Z without links %v", res.Old[0].Volume, res.Old[2].NoLinks)
	}
	// A higher bar drops nothing that shares a code, and Y→Q (ratio 4) at 4.5.
	req.MinRatio = 4.5
	res, err = an.ComparePriorities(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Unmapped, []string{"Y", "Z"}) || res.Old[0].Main != "P" {
		t.Errorf("min ratio 4.5: unmapped %v, X main %q", res.Unmapped, res.Old[0].Main)
	}
}

func TestComparePrioritiesBadInput(t *testing.T) {
	_, an := hypStore(t)
	good := pset("new", pgroup("P", "a2", "b1"))
	for _, tc := range []struct {
		name  string
		req   PrioritiesRequest
		field string
	}{
		{"empty group", PrioritiesRequest{Old: pset("old", pgroup("X")), New: good}, "old.groups[0].codes"},
		{"no groups", PrioritiesRequest{Old: pset("old"), New: good}, "old.groups"},
		{"duplicate group names", PrioritiesRequest{Old: pset("old", pgroup("X", "a1"), pgroup("x", "a2")), New: good}, "old.groups[1].name"},
		{"unknown code", PrioritiesRequest{Old: pset("old", pgroup("X", "a1")), New: pset("new", pgroup("P", "a2"), pgroup("Q", "zz"))}, "new.groups[1].codes"},
		{"min ratio", PrioritiesRequest{Old: pset("old", pgroup("X", "a1")), New: good, MinRatio: -1}, "min_ratio"},
		{"old and region", PrioritiesRequest{Old: pset("old", pgroup("X", "a1")), New: good, Region: &RegionRequest{Region: "R1"}}, "old"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.req.Layers = []string{"rel@P1"}
			_, err := an.ComparePriorities(context.Background(), tc.req)
			if graphmodel.ErrorCode(err) != graphmodel.EINVALID || graphmodel.ErrorField(err) != tc.field {
				t.Errorf("error %v (field %q), want EINVALID on %s", err, graphmodel.ErrorField(err), tc.field)
			}
		})
	}
}

// TestRegionPrioritiesHand: R1 holds a1 (10 jobs) and b2 (30) of 100 jobs:
// LQ (10/40)/(10/100) = 2.5 and (30/40)/(30/100) = 2.5, established with
// min_jobs 0 and significance 0.5. The domains of rel@P1 are {a1, a2, b1}
// (1) and {b2, c1} (2), so the old set is "domain 1…" = {a1} and
// "domain 2…" = {b2}.
func TestRegionPrioritiesHand(t *testing.T) {
	_, an := hypStore(t)
	zero := 0.0
	rreq := RegionRequest{Region: "R1", MinJobs: &zero, Alpha: 0.5}
	req := PrioritiesRequest{GraphRequest: GraphRequest{Layers: []string{"rel@P1"}}, Region: &rreq,
		New: pset("s3", pgroup("Agri", "a1", "a2"), pgroup("Plastics", "c1"), pgroup("Bio", "b1"))}
	res, err := an.ComparePriorities(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Region == nil || res.Region.ID != "R1" || res.Regional == nil || res.Regional.Period != "2015" {
		t.Fatalf("region %+v set %+v", res.Region, res.Regional)
	}
	if len(res.Old) != 2 || len(res.Old[0].Members) != 1 || res.Old[0].Members[0].Code != "a1" || res.Old[1].Members[0].Code != "b2" ||
		!strings.HasPrefix(res.Old[0].Name, "domain 1: ") || !strings.HasPrefix(res.Old[1].Name, "domain 2: ") {
		t.Fatalf("old groups %+v: want domain 1 {a1}, domain 2 {b2}", res.Old)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-12 }
	links := map[string]PriorityLink{}
	for _, l := range res.Pairs {
		links[l.Old[:8]+">"+l.New] = l
	}
	for _, w := range []struct {
		key          string
		share, ratio float64
		maps         bool
	}{
		{"domain 1>Agri", 0.5, 1.6, true},    // W = a1–a2 1 of k(a1) = 2; ratio 1·16/(2·5); a1 shared
		{"domain 1>Bio", 0.5, 2, true},       // W = a1–b1 1; ratio 1·16/(2·4) = 2, at the minimum
		{"domain 2>Plastics", 0.75, 4, true}, // W = b2–c1 3 of 4; ratio 3·16/(4·3)
		{"domain 2>Bio", 0.25, 1, false},     // W = b2–b1 1; ratio 1·16/(4·4)
	} {
		l, ok := links[w.key]
		if !ok || !near(l.Share, w.share) || !near(l.Ratio, w.ratio) || l.Maps != w.maps {
			t.Errorf("%s = %+v (found %v), want share %v ratio %v maps %v", w.key, l, ok, w.share, w.ratio, w.maps)
		}
	}
	if len(res.NoPredecessor) != 0 || len(res.Unmapped) != 0 {
		t.Errorf("no predecessor %v, unmapped %v: want none", res.NoPredecessor, res.Unmapped)
	}
	// Above ratio 2, Bio's only link (from domain 1) no longer counts: it lacks a base.
	req.MinRatio = 2.5
	if res, err = an.ComparePriorities(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.NoPredecessor, []string{"Bio"}) {
		t.Errorf("min ratio 2.5: no predecessor %v, want [Bio]", res.NoPredecessor)
	}
}
