package main

import (
	"encoding/json"
	"testing"
)

// TestUKRegionCompare compares London and the South East on the real UK data
// and checks the comparison against the two single-region profiles: totals,
// the shared and unique established specialisations, and the sum of both
// as one region (--region twice). Bad input exits 2 (5 regions) or 3 (unknown).
func TestUKRegionCompare(t *testing.T) {
	store := ukStore(t)
	type profile struct {
		Region struct {
			ID string `json:"id"`
		} `json:"region"`
		Total           float64 `json:"total"`
		Specialisations []struct {
			Code        string `json:"code"`
			Established bool   `json:"established"`
		} `json:"specialisations"`
	}
	established := func(p profile) map[string]bool {
		out := map[string]bool{}
		for _, s := range p.Specialisations {
			if s.Established {
				out[s.Code] = true
			}
		}
		return out
	}
	var lon, se, sum profile
	for _, x := range []struct {
		p    *profile
		args []string
	}{{&lon, []string{"region", "London"}}, {&se, []string{"region", "South East"}},
		{&sum, []string{"region", "--region", "London", "--region", "South East"}}} {
		if err := json.Unmarshal([]byte(mustRun(t, append(append([]string{"--store", store}, x.args...), "--format", "json")...)), x.p); err != nil {
			t.Fatal(err)
		}
	}
	if sum.Total != lon.Total+se.Total || sum.Region.ID != lon.Region.ID+"+"+se.Region.ID {
		t.Errorf("London + South East: %s, total %v; want %v", sum.Region.ID, sum.Total, lon.Total+se.Total)
	}

	var cmp struct {
		Regions []struct {
			Total  float64 `json:"total"`
			Unique []struct {
				Code string `json:"code"`
			} `json:"unique"`
			Established int `json:"established"`
		} `json:"regions"`
		Shared []struct {
			Code string `json:"code"`
		} `json:"shared"`
		Jaccard [][]float64 `json:"jaccard"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "--store", store, "region", "compare", "London", "South East", "--format", "json")), &cmp); err != nil {
		t.Fatal(err)
	}
	sl, ss := established(lon), established(se)
	shared := 0
	for c := range sl {
		if ss[c] {
			shared++
		}
	}
	if len(cmp.Regions) != 2 || cmp.Regions[0].Total != lon.Total || cmp.Regions[1].Total != se.Total {
		t.Fatalf("compare: %+v", cmp.Regions)
	}
	if len(cmp.Shared) != shared || len(cmp.Regions[0].Unique) != len(sl)-shared || len(cmp.Regions[1].Unique) != len(ss)-shared {
		t.Errorf("shared %d, unique %d and %d; from the profiles: %d, %d, %d", len(cmp.Shared), len(cmp.Regions[0].Unique),
			len(cmp.Regions[1].Unique), shared, len(sl)-shared, len(ss)-shared)
	}
	for _, s := range cmp.Shared {
		if !sl[s.Code] || !ss[s.Code] {
			t.Errorf("shared %s is not established in both", s.Code)
		}
	}
	if want := float64(shared) / float64(len(sl)+len(ss)-shared); cmp.Jaccard[0][1] != want {
		t.Errorf("Jaccard %v, want %v", cmp.Jaccard[0][1], want)
	}

	var pr struct {
		Partners []struct {
			Region struct {
				ID string `json:"id"`
			} `json:"region"`
			Complementarity float64 `json:"complementarity"`
		} `json:"partners"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "--store", store, "region", "partners", "London", "--top", "0", "--format", "json")), &pr); err != nil {
		t.Fatal(err)
	}
	if len(pr.Partners) != 10 { // the 11 regions but London
		t.Errorf("%d partners, want the 10 other regions", len(pr.Partners))
	}
	for k, p := range pr.Partners {
		if p.Region.ID == lon.Region.ID || p.Complementarity <= 0 || p.Complementarity > 100 || k > 0 && p.Complementarity > pr.Partners[k-1].Complementarity {
			t.Errorf("partner %d: %+v", k, p)
		}
	}

	_, err := run(t, "--store", store, "region", "compare", "London", "Wales", "Scotland", "East", "North East")
	checkBad(t, err, []string{"2 to 4 regions", "found 5"})
	if _, err := run(t, "--store", store, "region", "compare", "London", "Atlantis"); exitCode(err) != 3 {
		t.Errorf("unknown region: %v (exit %d), want exit 3", err, exitCode(err))
	}
	_, err = run(t, "--store", store, "region")
	checkBad(t, err, []string{"no region"})
}
