package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest/realdata"
)

// ukRegion is the part of `region --format json` the evidence tests read.
type ukRegion struct {
	Provenance struct {
		Layers []struct {
			Name   string `json:"name"`
			Period string `json:"period"`
		} `json:"layers"`
	} `json:"provenance"`
	Evidence struct {
		MinValue   float64 `json:"min_value"`
		Alpha      float64 `json:"alpha"`
		MinSupport int     `json:"min_support"`
		MinMoves   float64 `json:"min_moves"`
	} `json:"evidence"`
	Specialisations []struct {
		Code        string  `json:"code"`
		LQ          float64 `json:"lq"`
		Value       float64 `json:"value"`
		PValue      float64 `json:"p_value"`
		LQLower     float64 `json:"lq_lower"`
		Established bool    `json:"established"`
		Flag        string  `json:"flag"`
	} `json:"specialisations"`
	Opportunities []struct {
		Code         string  `json:"code"`
		Density      float64 `json:"density"`
		DensityLower float64 `json:"density_lower"`
		Supporting   int     `json:"supporting"`
		Moves        float64 `json:"moves"`
		Quadrant     string  `json:"quadrant"`
	} `json:"opportunities"`
	Complexity *struct {
		ECI     float64 `json:"eci"`
		ECIRank int     `json:"eci_rank"`
		Regions int     `json:"regions"`
	} `json:"complexity"`
}

func ukRegionJSON(t *testing.T, store, region string, extra ...string) ukRegion {
	t.Helper()
	var res ukRegion
	args := append([]string{"--store", store, "region", region, "--opportunities", "15", "--format", "json"}, extra...)
	if err := json.Unmarshal([]byte(mustRun(t, args...)), &res); err != nil {
		t.Fatal(err)
	}
	return res
}

// TestUKRegionEvidence: on the real UK data (flows 2009–2018, employment
// 2015) the North East's coke ovens (1910: 10 jobs, LQ 27) and wild-growing
// products (0230: 10 jobs, LQ 13.5) are flagged, not its top
// specialisations; every established specialisation has ≥ 100 jobs and a
// Poisson p ≤ 0.05; London's motor vehicles (2910, 15th before: 2
// specialisations, a banking flow of 12 moves and 128 through temporary
// agencies, 95% lower bound of density 17.0) is not among its top 15
// opportunities (33rd measured); every ranked opportunity rests on ≥ 2 established
// specialisations and ≥ 50 moves; both regions carry their complexity.
func TestUKRegionEvidence(t *testing.T) {
	store := ukStore(t)
	ne := ukRegionJSON(t, store, "North East")
	if ne.Evidence.MinValue != 100 || ne.Evidence.Alpha != 0.05 || ne.Evidence.MinSupport != 2 || ne.Evidence.MinMoves != 50 {
		t.Errorf("default evidence %+v, want 100 jobs, α 0.05, 2 specialisations, 50 moves", ne.Evidence)
	}
	seenFlagged := false
	pos := map[string]int{}
	for i, s := range ne.Specialisations {
		pos[s.Code] = i
		if s.Established {
			if seenFlagged {
				t.Errorf("established %s listed after a flagged one", s.Code)
			}
			if s.Value < 100 || s.PValue > 0.05 || s.LQ < 1 || s.LQLower > s.LQ {
				t.Errorf("established %s: %g jobs, p %g, LQ %.2f (lower %.2f)", s.Code, s.Value, s.PValue, s.LQ, s.LQLower)
			}
		} else {
			seenFlagged = true
			if s.Flag == "" {
				t.Errorf("%s is not established but has no flag", s.Code)
			}
		}
	}
	for _, c := range []string{"1910", "0230"} {
		i, ok := pos[c]
		if !ok {
			t.Fatalf("%s missing from the North East's LQ ≥ 1 list", c)
		}
		s := ne.Specialisations[i]
		if s.Established || !strings.HasPrefix(s.Flag, "small: 10 jobs") || i < 15 {
			t.Errorf("%s: established %v, flag %q, position %d; want flagged as small and not in the top 15", c, s.Established, s.Flag, i)
		}
	}
	// Measured: the North East's first established specialisation is 0891
	// (1,000 jobs, LQ 20.5); it was second behind 1910 before the evidence.
	if ne.Specialisations[0].Code != "0891" {
		t.Errorf("North East's top specialisation %s, want 0891", ne.Specialisations[0].Code)
	}

	london := ukRegionJSON(t, store, "London")
	if len(london.Opportunities) != 15 {
		t.Fatalf("%d London opportunities, want 15", len(london.Opportunities))
	}
	for i, o := range london.Opportunities {
		if o.Code == "2910" {
			t.Errorf("%s ranked %d in London's opportunities", o.Code, i+1)
		}
		if o.Supporting < 2 || o.Moves < 50 || o.DensityLower > o.Density || o.Quadrant == "" {
			t.Errorf("opportunity %s: %d specialisations, %g moves, density %.1f lower %.1f, quadrant %q", o.Code, o.Supporting, o.Moves, o.Density, o.DensityLower, o.Quadrant)
		}
	}
	// ECI on the 11 regions: London is last (see complexity/README.md for
	// why), the North East among the first three (0.61 on LQ ≥ 1 alone).
	if london.Complexity == nil || ne.Complexity == nil {
		t.Fatal("no complexity in the profile")
	}
	if london.Complexity.Regions != 11 || london.Complexity.ECIRank != 11 || ne.Complexity.ECIRank > 3 {
		t.Errorf("ECI ranks: London %d of %d, North East %d", london.Complexity.ECIRank, london.Complexity.Regions, ne.Complexity.ECIRank)
	}

	// Tighter evidence asks for more support: no opportunity on fewer than 500 moves.
	strict := ukRegionJSON(t, store, "London", "--min-moves", "500", "--min-related", "4")
	for _, o := range strict.Opportunities {
		if o.Supporting < 4 || o.Moves < 500 {
			t.Errorf("with 4 specialisations and 500 moves required: %s has %d and %g", o.Code, o.Supporting, o.Moves)
		}
	}

	// Bad thresholds are usage errors naming the flag; nothing is written.
	for _, bad := range [][]string{{"--significance", "0"}, {"--significance", "1"}, {"--min-jobs", "-1"}, {"--min-moves", "-1"}, {"--rank-by", "luck"}} {
		args := append([]string{"--store", store, "region", "London"}, bad...)
		if _, err := run(t, args...); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
			t.Errorf("%v: %v, want EINVALID", bad, err)
		}
	}
}

// TestUKDefaultPeriod: with the 2014–2018 flows loaded after 2009–2018,
// commands that name no period still use the pooled 2009–2018 layer and say
// so; labour@2014-2018 selects the sub-period in every command; a period
// that does not exist is an error.
func TestUKDefaultPeriod(t *testing.T) {
	store := ukStore(t)
	d := filepath.Join(realdata.Dir(t), "uk-labour-flows")
	mustRun(t, "--store", store, "ingest", "links", filepath.Join(d, "flows_sic2007_2014_2018.csv"),
		"--classification", "SIC2007", "--pad", "4", "--layer", "labour", "--period", "2014-2018", "--kind", "flows")

	out := mustRun(t, "--store", store, "neighbours", "8610", "--top", "3")
	if !strings.Contains(out, "neighbours on labour 2009-2018") || !strings.Contains(out, "8690") {
		t.Errorf("neighbours without a period:\n%s", out)
	}
	out = mustRun(t, "--store", store, "neighbours", "8610", "--layer", "labour@2014-2018", "--top", "3")
	if !strings.Contains(out, "neighbours on labour 2014-2018") {
		t.Errorf("neighbours --layer labour@2014-2018:\n%s", out)
	}
	if _, err := run(t, "--store", store, "neighbours", "8610", "--layer", "labour@2014-2018", "--period", "2009-2018"); graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Errorf("two periods: %v, want EINVALID", err)
	}
	if _, err := run(t, "--store", store, "neighbours", "8610", "--layer", "labour@1999"); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Errorf("labour@1999: %v, want ENOTFOUND", err)
	}
	if out := mustRun(t, "--store", store, "domains", "--runs", "0"); !strings.HasPrefix(out, "Knowledge domains on labour@2009-2018 (links > 0)") {
		t.Errorf("domains without a period: %.120s", out)
	}
	if out := mustRun(t, "--store", store, "domains", "--runs", "0", "--layers", "labour@2014-2018"); !strings.HasPrefix(out, "Knowledge domains on labour@2014-2018") {
		t.Errorf("domains on labour@2014-2018: %.120s", out)
	}
	res := ukRegionJSON(t, store, "London")
	if len(res.Provenance.Layers) != 1 || res.Provenance.Layers[0].Period != "2009-2018" {
		t.Errorf("region London without a period used %+v, want labour 2009-2018", res.Provenance.Layers)
	}
	res = ukRegionJSON(t, store, "London", "--layers", "labour@2014-2018")
	if res.Provenance.Layers[0].Period != "2014-2018" {
		t.Errorf("region London on labour@2014-2018 used %+v", res.Provenance.Layers)
	}
	if _, err := run(t, "--store", store, "region", "London", "--layers", "labour@1999"); graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
		t.Errorf("region on labour@1999: %v, want ENOTFOUND", err)
	}
}
