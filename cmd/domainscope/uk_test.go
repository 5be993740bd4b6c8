package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/ingest/realdata"
)

// ukStore builds a store with the real UK SIC 2007 structure, the 2009–2018
// labour flows and the 2015 regional employment, with the README's commands.
func ukStore(t *testing.T) string {
	t.Helper()
	d := filepath.Join(realdata.Dir(t), "uk-labour-flows")
	store := filepath.Join(t.TempDir(), "uk.db")
	mustRun(t, "--store", store, "ingest", "industries", filepath.Join(d, "sic2007_structure.csv"),
		"--classification", "SIC2007", "--code-col", "SIC2007", "--levels", "MainIndustry,MainActivity,SubActivity")
	mustRun(t, "--store", store, "ingest", "links", filepath.Join(d, "flows_sic2007_2009_2018.csv"),
		"--classification", "SIC2007", "--pad", "4", "--layer", "labour", "--period", "2009-2018", "--kind", "flows", "--floor", "10")
	mustRun(t, "--store", store, "ingest", "regional", filepath.Join(d, "employment_2015_uk_regions_wide.csv"), "--shape", "wide",
		"--classification", "SIC2007", "--period", "2015", "--industry-col", "SIC2007", "--exclude", "Industry,Total,Description", "--unknown", "skip")
	return store
}

// TestUKDomains: on the real flows, hospital activities share a domain with
// general practice, other human health and residential nursing care, and that
// domain is stable over other seeds.
func TestUKDomains(t *testing.T) {
	store := ukStore(t)
	var res struct {
		Modularity float64 `json:"modularity"`
		Domains    []struct {
			ID        int      `json:"id"`
			Stability *float64 `json:"stability"`
			Members   []struct {
				Code string `json:"code"`
			} `json:"members"`
		} `json:"domains"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "--store", store, "domains", "--runs", "8", "--format", "json")), &res); err != nil {
		t.Fatal(err)
	}
	// Leiden on this graph reaches Q ≈ 0.59 (0.41 on the raw counts, see
	// algorithms' UK test); a modularity below 0.4 would mean no real structure.
	if res.Modularity < 0.4 {
		t.Errorf("modularity %.3f, want ≥ 0.4", res.Modularity)
	}
	domainOf := map[string]int{}
	stab := map[int]float64{}
	for _, d := range res.Domains {
		for _, m := range d.Members {
			domainOf[m.Code] = d.ID
		}
		if d.Stability == nil {
			t.Fatalf("domain %d has no stability with --runs 8", d.ID)
		}
		stab[d.ID] = *d.Stability
	}
	h := domainOf["8610"]
	for _, c := range []string{"8621", "8690", "8710"} {
		if domainOf[c] != h {
			t.Errorf("%s is in domain %d, hospital activities (8610) in %d", c, domainOf[c], h)
		}
	}
	// The domain is a broad public-services domain (health, care, education,
	// public administration) that other seeds sometimes split into health and
	// education: its pair co-assignment is 0.73 over seeds 2–9 (measured), so a
	// value below 0.6 would mean it is not a stable grouping.
	if stab[h] < 0.6 {
		t.Errorf("the health domain's stability is %.2f, want ≥ 0.6", stab[h])
	}
}

// TestUKBridges: the bridging ranking is ordered, each of the top sectors
// links into other domains, and temporary employment agencies (7820), whose
// workers are placed in every sector, are among the top ten.
func TestUKBridges(t *testing.T) {
	store := ukStore(t)
	var res struct {
		Sectors []struct {
			Code     string  `json:"code"`
			Score    float64 `json:"score"`
			Connects []struct {
				Own bool `json:"own"`
			} `json:"connects"`
		} `json:"sectors"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "--store", store, "bridges", "--top", "10", "--format", "json")), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Sectors) != 10 {
		t.Fatalf("%d sectors, want 10", len(res.Sectors))
	}
	found := false
	for i, s := range res.Sectors {
		if i > 0 && s.Score > res.Sectors[i-1].Score {
			t.Errorf("sector %d (%s) scores %.3f above its predecessor", i, s.Code, s.Score)
		}
		foreign := 0
		for _, c := range s.Connects {
			if !c.Own {
				foreign++
			}
		}
		if foreign == 0 {
			t.Errorf("top bridging sector %s links into no other domain", s.Code)
		}
		found = found || s.Code == "7820"
	}
	if !found {
		t.Errorf("7820 (temporary employment agencies) not among the top 10 bridging sectors")
	}
}

// TestUKRegionLondon: London is specialised in central banking (BRES 2015:
// 4,000 of the UK's jobs in 6411 are in London; LQ > 5), and every
// opportunity is an industry London is not (established) specialised in,
// supported by at least two established specialisations and 50 moves, in
// the order of the lower bound of density.
func TestUKRegionLondon(t *testing.T) {
	store := ukStore(t)
	var res struct {
		Region struct {
			ID string `json:"id"`
		} `json:"region"`
		Specialisations []struct {
			Code        string  `json:"code"`
			LQ          float64 `json:"lq"`
			Established bool    `json:"established"`
		} `json:"specialisations"`
		Opportunities []struct {
			Code         string  `json:"code"`
			LQ           float64 `json:"lq"`
			Density      float64 `json:"density"`
			DensityLower float64 `json:"density_lower"`
			Supporting   int     `json:"supporting"`
			Moves        float64 `json:"moves"`
			Related      []struct {
				Code string  `json:"code"`
				LQ   float64 `json:"lq"`
			} `json:"related"`
		} `json:"opportunities"`
		Variety struct {
			Entropy, Unrelated, Related float64
		} `json:"variety"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "--store", store, "region", "London", "--format", "json")), &res); err != nil {
		t.Fatal(err)
	}
	if res.Region.ID != "london" {
		t.Fatalf("region %q, want london", res.Region.ID)
	}
	lq := map[string]float64{}
	for _, s := range res.Specialisations {
		lq[s.Code] = s.LQ
	}
	if lq["6411"] < 5 {
		t.Errorf("LQ of central banking in London = %.2f, want > 5", lq["6411"])
	}
	if len(res.Opportunities) == 0 {
		t.Fatal("no opportunities")
	}
	flagged := map[string]bool{}
	for _, s := range res.Specialisations {
		flagged[s.Code] = !s.Established
	}
	for i, o := range res.Opportunities {
		// An opportunity is not an established specialisation: LQ < 1, or a
		// flagged cell; it rests on at least 2 of them (the default support).
		if (o.LQ >= 1 && !flagged[o.Code]) || len(o.Related) < 2 || o.Supporting < 2 || o.Moves < 50 {
			t.Errorf("opportunity %s: LQ %.2f, %d related specialisations, %d supporting, %g moves", o.Code, o.LQ, len(o.Related), o.Supporting, o.Moves)
		}
		for _, r := range o.Related {
			if r.LQ < 1 || flagged[r.Code] {
				t.Errorf("opportunity %s explained by %s with LQ %.2f (flagged %v)", o.Code, r.Code, r.LQ, flagged[r.Code])
			}
		}
		if i > 0 && o.DensityLower > res.Opportunities[i-1].DensityLower {
			t.Errorf("opportunities not ordered by the lower bound of density at %d", i)
		}
	}
	if d := res.Variety.Entropy - res.Variety.Unrelated - res.Variety.Related; d > 1e-9 || d < -1e-9 {
		t.Errorf("entropy %.6f ≠ UV %.6f + RV %.6f", res.Variety.Entropy, res.Variety.Unrelated, res.Variety.Related)
	}
}

// TestUKDomainEvidence: on the real flows every domain has a readable
// label (no cut names, all distinct), the domains of ≥ 7 industries are
// far above the null model, and the generic intermediaries include
// temporary employment agencies (7820), head offices (7010) and cleaning
// (8121), which --exclude-generic leaves out of every domain.
func TestUKDomainEvidence(t *testing.T) {
	store := ukStore(t)
	type domains struct {
		Domains []struct {
			ID           int    `json:"id"`
			Label        string `json:"label"`
			Size         int    `json:"size"`
			Significance *struct {
				Ratio float64  `json:"ratio"`
				Z     *float64 `json:"z"`
				P     float64  `json:"p"`
			} `json:"significance"`
			Consensus *struct {
				Share float64 `json:"share"`
			} `json:"consensus"`
			Members []struct {
				Code string `json:"code"`
			} `json:"members"`
		} `json:"domains"`
		Generic []struct {
			Code string `json:"code"`
		} `json:"generic"`
	}
	var res domains
	if err := json.Unmarshal([]byte(mustRun(t, "--store", store, "domains", "--runs", "4", "--format", "json")), &res); err != nil {
		t.Fatal(err)
	}
	labelOf := map[string]string{}
	seen := map[string]bool{}
	for _, d := range res.Domains {
		if d.Label == "" || strings.Contains(d.Label, "…") || seen[d.Label] {
			t.Errorf("domain %d: label %q empty, cut or repeated", d.ID, d.Label)
		}
		seen[d.Label] = true
		for _, m := range d.Members {
			labelOf[m.Code] = d.Label
		}
		s := d.Significance
		if s == nil || d.Consensus == nil {
			t.Fatalf("domain %d: significance %v, consensus %v", d.ID, s, d.Consensus)
		}
		// Measured: the smallest z among domains of ≥ 7 industries is 16.8
		// (100 rewirings); below 3 a domain would be no better than chance.
		if d.Size >= 7 && (s.Z == nil || *s.Z < 3 || s.Ratio < 2 || s.P > 0.01) {
			t.Errorf("domain %d (%s): ratio %.2f, z %v, p %.3f; want ratio ≥ 2, z ≥ 3, p ≤ 0.01", d.ID, d.Label, s.Ratio, s.Z, s.P)
		}
	}
	// Labels name what the domains hold (measured labels in the comments).
	for code, want := range map[string]string{
		"2120": "pharmaceutical", // Business services: natural sciences & engineering, pharmaceutical preparations, …
		"1013": "food",           // Manufacture food & Business services: …, meat & poultry meat production
		"4941": "Transportation", // Transportation and Storage & Motor vehicle repair: road freight transport, …
		"8610": "Education",      // Education & Other services: primary education, … (health shares this domain)
	} {
		if !strings.Contains(labelOf[code], want) {
			t.Errorf("the domain of %s is labelled %q, want it to mention %q", code, labelOf[code], want)
		}
	}
	generic := map[string]bool{}
	for _, g := range res.Generic {
		generic[g.Code] = true
	}
	for _, c := range []string{"7820", "7010", "8121"} {
		if !generic[c] {
			t.Errorf("%s is not flagged as a generic intermediary (flagged: %v)", c, generic)
		}
	}
	var ex domains
	if err := json.Unmarshal([]byte(mustRun(t, "--store", store, "domains", "--runs", "0", "--exclude-generic", "--format", "json")), &ex); err != nil {
		t.Fatal(err)
	}
	if len(ex.Generic) != len(res.Generic) {
		t.Errorf("excluded %d, flagged %d", len(ex.Generic), len(res.Generic))
	}
	for _, d := range ex.Domains {
		for _, m := range d.Members {
			if generic[m.Code] {
				t.Errorf("excluded %s is in domain %d", m.Code, d.ID)
			}
		}
	}
	text := mustRun(t, "--store", store, "bridges", "--top", "5")
	if !strings.Contains(text, "7820 Temporary employment agencies — participation") || !strings.Contains(text, "Generic intermediaries, flagged apart") {
		t.Errorf("bridges text lists no generic intermediaries:\n%s", text)
	}
}
