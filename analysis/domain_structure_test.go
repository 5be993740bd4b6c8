package analysis

import (
	"context"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// checkOverlap checks the bookkeeping of an overlap result: home first,
// shares = runs/seeds, memberships beyond home at least the minimum, the
// domains' sizes and guests, the multi-domain industries first.
func checkOverlap(t *testing.T, res *OverlapResult) {
	t.Helper()
	size := map[int]int{}
	guests := map[int]int{}
	multi := 0
	for k, in := range res.Industries {
		if len(in.Memberships) == 0 || !in.Memberships[0].Home {
			t.Fatalf("%s: memberships %+v, want its home first", in.Code, in.Memberships)
		}
		size[in.Memberships[0].Domain]++
		for j, m := range in.Memberships {
			if m.Share != float64(m.Runs)/float64(res.Request.Seeds) {
				t.Errorf("%s in #%d: share %v of %d runs in %d seeds", in.Code, m.Domain, m.Share, m.Runs, res.Request.Seeds)
			}
			if j > 0 && (m.Home || m.Share < res.Request.MinMembership) {
				t.Errorf("%s in #%d: share %v below the minimum %v, or a second home", in.Code, m.Domain, m.Share, res.Request.MinMembership)
			}
			if j > 0 {
				guests[m.Domain]++
			}
			if m.Label != res.Domains[m.Domain-1].Label {
				t.Errorf("%s: membership label %q, domain #%d is %q", in.Code, m.Label, m.Domain, res.Domains[m.Domain-1].Label)
			}
		}
		if len(in.Memberships) > 1 {
			multi++
			if k >= res.MultiDomain {
				t.Errorf("multi-domain %s at position %d after the first %d", in.Code, k, res.MultiDomain)
			}
		}
	}
	if multi != res.MultiDomain || len(res.Multi()) != multi {
		t.Errorf("%d industries in several domains, result says %d", multi, res.MultiDomain)
	}
	for _, d := range res.Domains {
		if d.Size != size[d.ID] || d.Guests != guests[d.ID] {
			t.Errorf("domain #%d: size %d guests %d, counted %d and %d", d.ID, d.Size, d.Guests, size[d.ID], guests[d.ID])
		}
	}
}

// TestDomainOverlapDemo: with one seed the overlap is the domains of
// Domains with the same seed (the consensus of one partition is itself,
// and each community is its own core's host); with 20 the bridging industries of the
// demo's planted domains appear in several.
func TestDomainOverlapDemo(t *testing.T) {
	ctx := context.Background()
	an := NewAnalyzer(chDemo(t))
	g := GraphRequest{Layers: []string{DemoLayer}}
	one, err := an.DomainOverlap(ctx, OverlapRequest{GraphRequest: g, Seed: 1, Seeds: 1})
	if err != nil {
		t.Fatal(err)
	}
	checkOverlap(t, one)
	if one.MultiDomain != 0 || one.Request.MinMembership != DefaultMinMembership {
		t.Errorf("one seed: %d industries in several domains, minimum %v", one.MultiDomain, one.Request.MinMembership)
	}
	dres, err := an.Domains(ctx, DomainsRequest{GraphRequest: g, Resolution: 1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(dres.Domains) != len(one.Domains) {
		t.Fatalf("%d domains, overlap with one seed %d", len(dres.Domains), len(one.Domains))
	}
	home := map[string]int{}
	for _, in := range one.Industries {
		home[in.Code] = in.Memberships[0].Domain
	}
	for _, d := range dres.Domains {
		if one.Domains[d.ID-1].Label != d.Label || one.Domains[d.ID-1].Size != d.Size {
			t.Errorf("domain #%d %q (%d), overlap #%d %q (%d)", d.ID, d.Label, d.Size, d.ID, one.Domains[d.ID-1].Label, one.Domains[d.ID-1].Size)
		}
		for _, m := range d.Members {
			if home[m.Code] != d.ID {
				t.Errorf("%s: domain #%d, overlap home #%d", m.Code, d.ID, home[m.Code])
			}
		}
	}

	res, err := an.DomainOverlap(ctx, OverlapRequest{GraphRequest: g, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Request.Seeds != DefaultOverlapSeeds {
		t.Errorf("seeds %d, want the default %d", res.Request.Seeds, DefaultOverlapSeeds)
	}
	checkOverlap(t, res)
	if res.MultiDomain == 0 {
		t.Errorf("no industry in several domains over %d seeds", res.Request.Seeds)
	}
	for _, in := range res.Multi() {
		var parts []string
		for _, m := range in.Memberships {
			parts = append(parts, m.Label+" "+formatShare(m.Share))
		}
		t.Logf("%s %s: %s", in.Code, in.Name, strings.Join(parts, "; "))
	}
	// A higher minimum keeps a subset of the memberships.
	hi, err := an.DomainOverlap(ctx, OverlapRequest{GraphRequest: g, Seed: 1, MinMembership: 0.45})
	if err != nil {
		t.Fatal(err)
	}
	if hi.MultiDomain > res.MultiDomain {
		t.Errorf("minimum 0.45: %d multi-domain industries, more than %d at 0.2", hi.MultiDomain, res.MultiDomain)
	}

	for _, bad := range []struct {
		req   OverlapRequest
		field string
	}{
		{OverlapRequest{GraphRequest: g, Seeds: -1}, "seeds"},
		{OverlapRequest{GraphRequest: g, Seeds: 201}, "seeds"},
		{OverlapRequest{GraphRequest: g, MinMembership: 1.5}, "min_membership"},
		{OverlapRequest{GraphRequest: g, MinMembership: -0.1}, "min_membership"},
		{OverlapRequest{GraphRequest: g, MinMembership: math.NaN()}, "min_membership"},
		{OverlapRequest{GraphRequest: g, Resolution: -1}, "resolution"},
		{OverlapRequest{GraphRequest: g, SectorLevel: 17}, "sector_level"},
	} {
		_, err := an.DomainOverlap(ctx, bad.req)
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID || graphmodel.ErrorField(err) != bad.field {
			t.Errorf("%+v: %v (field %q), want EINVALID on %s", bad.req, err, graphmodel.ErrorField(err), bad.field)
		}
	}
}

func formatShare(x float64) string { return FormatLimit(math.Round(x*100) / 100) }

// TestDomainHierarchyDemo: every level is the partition Domains gives at
// its resolution with the same seed, and every link's counts add up.
func TestDomainHierarchyDemo(t *testing.T) {
	ctx := context.Background()
	an := NewAnalyzer(chDemo(t))
	g := GraphRequest{Layers: []string{DemoLayer}}
	res, err := an.DomainHierarchy(ctx, HierarchyRequest{GraphRequest: g, Resolutions: []float64{0.5, 1, 2, 4}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Levels) != 4 {
		t.Fatalf("%d levels, want 4", len(res.Levels))
	}
	for k, lv := range res.Levels {
		dres, err := an.Domains(ctx, DomainsRequest{GraphRequest: g, Resolution: lv.Resolution, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(lv.Domains) != len(dres.Domains) || math.Abs(lv.Modularity-dres.Modularity) > 1e-12 {
			t.Errorf("γ = %v: %d domains Q %v; Domains gives %d, Q %v", lv.Resolution, len(lv.Domains), lv.Modularity, len(dres.Domains), dres.Modularity)
			continue
		}
		notNested := 0
		for i, d := range lv.Domains {
			if d.Label != dres.Domains[i].Label || d.Size != dres.Domains[i].Size {
				t.Errorf("γ = %v #%d: %q (%d), Domains has %q (%d)", lv.Resolution, d.ID, d.Label, d.Size, dres.Domains[i].Label, dres.Domains[i].Size)
			}
			if k == 0 {
				if d.Parent != 0 {
					t.Errorf("first level #%d has parent %d", d.ID, d.Parent)
				}
				continue
			}
			if d.Parent < 1 || d.Parent > len(res.Levels[k-1].Domains) || d.Shared < 1 || d.Shared > d.Size ||
				d.MemberShare != float64(d.Shared)/float64(d.Size) || !(d.WeightShare > 0 && d.WeightShare <= 1) {
				t.Errorf("γ = %v #%d: parent %d, %d of %d shared, shares %v %v", lv.Resolution, d.ID, d.Parent, d.Shared, d.Size, d.MemberShare, d.WeightShare)
			}
			if d.MemberShare < 1 {
				notNested++
			}
		}
		if notNested != lv.NotNested {
			t.Errorf("γ = %v: %d not nested, result says %d", lv.Resolution, notNested, lv.NotNested)
		}
		if k > 0 && len(lv.Domains) < len(res.Levels[k-1].Domains) {
			t.Logf("γ = %v has fewer domains (%d) than γ = %v (%d)", lv.Resolution, len(lv.Domains), res.Levels[k-1].Resolution, len(res.Levels[k-1].Domains))
		}
	}
	def, err := an.DomainHierarchy(ctx, HierarchyRequest{GraphRequest: g, Seed: 1})
	if err != nil || len(def.Levels) != len(DefaultHierarchyResolutions) {
		t.Fatalf("default resolutions: %v", err)
	}
	for _, rs := range [][]float64{{}, {1, 0.5}, {1, 1}, {0}, {-1}, {2000}, {1, 2, 3, 4, 5, 6, 7, 8, 9}} {
		_, err := an.DomainHierarchy(ctx, HierarchyRequest{GraphRequest: g, Resolutions: rs})
		if graphmodel.ErrorCode(err) != graphmodel.EINVALID || graphmodel.ErrorField(err) != "resolutions" {
			t.Errorf("resolutions %v: %v, want EINVALID on resolutions", rs, err)
		}
	}
}

// TestDomainStructureUKFlows: the overlapping domains and the hierarchy of
// the UK labour flows 2009–2018 (skipped without ../shared/data).
func TestDomainStructureUKFlows(t *testing.T) {
	st := chUKPeriods(t, "2009_2018")
	ctx := context.Background()
	an := NewAnalyzer(st)
	g := GraphRequest{Layers: []string{"labour"}}
	ov, err := an.DomainOverlap(ctx, OverlapRequest{GraphRequest: g, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	checkOverlap(t, ov)
	t.Logf("%d industries, %d consensus domains, %d in several domains (seeds %d, minimum %v; consensus %d rounds, converged %v)",
		len(ov.Industries), len(ov.Domains), ov.MultiDomain, ov.Request.Seeds, ov.Request.MinMembership, ov.Consensus.Iterations, ov.Consensus.Converged)
	if ov.MultiDomain == 0 {
		t.Error("no UK industry in several domains")
	}
	for _, in := range ov.Multi() {
		var parts []string
		for _, m := range in.Memberships {
			parts = append(parts, "#"+FormatLimit(float64(m.Domain))+" "+m.Label+" "+formatShare(m.Share))
		}
		t.Logf("%s %s: %s", in.Code, in.Name, strings.Join(parts, "; "))
	}
	h, err := an.DomainHierarchy(ctx, HierarchyRequest{GraphRequest: g, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for k, lv := range h.Levels {
		t.Logf("γ = %v: %d domains, Q = %.4f, %d not nested", lv.Resolution, len(lv.Domains), lv.Modularity, lv.NotNested)
		if k > 0 && len(lv.Domains) < len(h.Levels[k-1].Domains) {
			t.Errorf("γ = %v: %d domains, fewer than %d at γ = %v", lv.Resolution, len(lv.Domains), len(h.Levels[k-1].Domains), h.Levels[k-1].Resolution)
		}
	}
	// The splits of the first level's domains as γ goes from 0.5 to 1.
	for _, d := range h.Levels[0].Domains {
		kids := h.Children(0, d.ID)
		if len(kids) < 2 {
			continue
		}
		sort.Slice(kids, func(a, b int) bool { return kids[a].Size > kids[b].Size })
		var parts []string
		for _, c := range kids {
			parts = append(parts, c.Label+" ("+FormatLimit(float64(c.Shared))+"/"+FormatLimit(float64(c.Size))+")")
		}
		t.Logf("γ 0.5 #%d %s (%d) → %s", d.ID, d.Label, d.Size, strings.Join(parts, " | "))
	}
}
