package web_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// TestExplorerS3 drives the Cluster stars & pathways and the Dynamics views
// in headless Chromium over the demo store. Each view must show the numbers
// of its API answer (stars, jobs, LQ, focus share and reasons of every
// cluster; each domain's pathway with its rule and base; the generic
// industries; entries, exits, AUC, slope, SE and p), the thresholds set in
// the form must reach the API and be printed, a threshold the API refuses
// and a test the data cannot support must show the API's sentence (not the
// page's error box), and axe-core must find no serious or critical
// violation on any of them.
func TestExplorerS3(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the browser end-to-end test")
	}
	pg := newPage(t, demoStore(t))
	const region = "eastvale"

	// Stars: one row per cluster, in the API's order, with its numbers.
	type cluster struct {
		ID                          string
		Jobs, LQ, Share             float64
		Stars                       int
		Size, Specialisation, Focus bool
		Reasons                     []string
	}
	type starsRes struct {
		Clusters []cluster
		Params   map[string]string
	}
	type row struct {
		ID, Jobs, LQ, Share, Stars string
		Reasons                    []string
	}
	rows := `[...document.querySelectorAll("#cl-stars tbody tr")].map((tr) => ({ id: tr.dataset.cluster, jobs: tr.cells[2].textContent, lq: tr.cells[3].textContent,
		share: tr.cells[4].textContent, stars: tr.querySelector(".stars").getAttribute("aria-label"), reasons: [...tr.querySelectorAll(".reasons li")].map((li) => li.textContent) }))`
	checkStars := func(api starsRes) {
		t.Helper()
		var got []row
		pg.eval(rows, &got)
		if len(got) != len(api.Clusters) || len(got) == 0 {
			t.Fatalf("the page rates %d clusters, the API %d", len(got), len(api.Clusters))
		}
		for i, c := range api.Clusters {
			var met []string
			for _, m := range []struct {
				name string
				ok   bool
			}{{"size", c.Size}, {"specialisation", c.Specialisation}, {"focus", c.Focus}} {
				if m.ok {
					met = append(met, m.name)
				}
			}
			stars := fmt.Sprintf("%d of 3 stars", c.Stars)
			if len(met) > 0 {
				stars += ": " + strings.Join(met, ", ")
			}
			want := row{ID: c.ID, Jobs: groupThousands(c.Jobs), LQ: strconv.FormatFloat(c.LQ, 'f', 2, 64), Share: strconv.FormatFloat(100*c.Share, 'f', 2, 64) + " %", Stars: stars, Reasons: c.Reasons}
			if fmt.Sprint(got[i]) != fmt.Sprint(want) {
				t.Errorf("cluster row %d on the page %+v; the API's %+v", i, got[i], want)
			}
		}
	}
	var stars starsRes
	pg.apiGet("/api/v1/regions/"+region+"/stars", &stars)
	pg.open("view=clusters&region="+region, "clusters")
	checkStars(stars)
	var caption, params string
	pg.eval(`document.querySelector("#cl-stars caption").textContent`, &caption)
	pg.eval(`document.querySelector("#cl-stars dl.params").textContent`, &params)
	for _, w := range []string{"size top 10.0 %", "LQ ≥ 2", "focus top 10.0 %"} {
		if !strings.Contains(caption, w) {
			t.Errorf("the stars caption %q lacks %q", caption, w)
		}
	}
	for _, w := range []string{"labour@2010-2019", "employment 2020", "resolution 1, seed 1", "LQ ≥ 2 (min_lq)"} {
		if !strings.Contains(params, w) {
			t.Errorf("the stars parameters %q lack %q", params, w)
		}
	}

	// Pathways: each domain's pathway, the rule behind it and its base.
	var pw struct {
		Pathways []struct {
			Domain  int
			Pathway string
			Why     string
			Base    []struct{ Code string }
		}
		Reach []struct {
			Code    string
			Domains int
			Generic bool
		}
		Rules []string
	}
	pg.apiGet("/api/v1/regions/"+region+"/pathways", &pw)
	var prow []struct {
		Domain, Pathway, Rule string
		Base                  []string
	}
	pg.eval(`[...document.querySelectorAll("#cl-pathways tbody tr")].map((tr) => ({ domain: tr.dataset.domainRow, pathway: tr.cells[2].textContent, rule: tr.cells[3].textContent,
		base: [...tr.cells[4].querySelectorAll("button[data-code]")].map((b) => b.dataset.code) }))`, &prow)
	if len(prow) != len(pw.Pathways) || len(prow) == 0 {
		t.Fatalf("the page shows %d pathways, the API %d", len(prow), len(pw.Pathways))
	}
	for i, x := range pw.Pathways {
		var base []string
		for _, b := range x.Base {
			base = append(base, b.Code)
		}
		g := prow[i]
		if g.Domain != strconv.Itoa(x.Domain) || g.Pathway != x.Pathway+x.Why || !strings.HasPrefix(g.Rule, x.Pathway+":") || strings.Join(g.Base, ",") != strings.Join(base, ",") {
			t.Errorf("pathway row %d on the page %+v; the API's domain %d %s (%s), base %v", i, g, x.Domain, x.Pathway, x.Why, base)
		}
	}
	var generic, pageGeneric []string
	for _, x := range pw.Reach {
		if x.Generic {
			generic = append(generic, x.Code+" "+strconv.Itoa(x.Domains))
		}
	}
	pg.eval(`[...document.querySelectorAll("#cl-reach .generic-table tbody tr")].map((tr) => tr.dataset.codeRow + " " + tr.cells[2].textContent)`, &pageGeneric)
	if len(generic) == 0 || fmt.Sprint(pageGeneric) != fmt.Sprint(generic) {
		t.Errorf("generic industries with their reach on the page %v; the API's %v", pageGeneric, generic)
	}
	// Every measure of the views explains itself in the glossary, with its formula.
	var glossary string
	pg.eval(`document.querySelector("#glossary dl").textContent`, &glossary)
	for _, w := range []string{"Cluster stars", "LQ_rc = (x_rc / x_r·) / (x_·c / x_··) ≥ min_lq (2)", "Focus share", "x_rc / x_r·", "Development pathway", "Reach",
		"Generic intermediary", "Cells at risk", "Entry", "Exit", "AUC", "P(RD_entry > RD_non-entry)", "Logistic slope", "Standard error", "p-value (Wald)"} {
		if !strings.Contains(glossary, w) {
			t.Errorf("the glossary lacks %q", w)
		}
	}
	pg.axe("clusters")

	// Thresholds set in the form go to the API and are printed.
	pg.eval(`(() => { document.getElementById("cl-lq").value = "1.5"; document.getElementById("cl-size").value = "0.25"; document.getElementById("clusters-form").requestSubmit(); return true; })()`, new(bool))
	pg.open("view=clusters&region="+region+"&size_top=0.25&min_lq=1.5", "clusters")
	var stars2 starsRes
	pg.apiGet("/api/v1/regions/"+region+"/stars?size_top=0.25&min_lq=1.5", &stars2)
	checkStars(stars2)
	pg.eval(`document.querySelector("#cl-stars caption").textContent`, &caption)
	if !strings.Contains(caption, "size top 25.0 %") || !strings.Contains(caption, "LQ ≥ 1.5") {
		t.Errorf("after setting thresholds the caption says %q", caption)
	}
	// A threshold out of range: the API's sentence, not the error box.
	pg.open("view=clusters&region="+region+"&min_lq=0", "clusters")
	var refused string
	pg.eval(`document.querySelector("#cl-stars .refusal").textContent`, &refused)
	if !strings.Contains(refused, "min_lq: expected a number in (0, 100], found 0") {
		t.Errorf("a refused threshold shows %q", refused)
	}

	// Dynamics on the demo's two employment periods: the API's numbers.
	var dy struct {
		AtRisk               int `json:"at_risk"`
		Entries, Exits, Kept int
		AUC                  float64
		Logit                struct {
			Slope   float64
			SlopeSE float64 `json:"slope_se"`
			P       float64
		}
		Verdict string
		Tested  bool
	}
	pg.apiGet("/api/v1/dynamics", &dy)
	pg.open("view=dynamics", "dynamics")
	var dd map[string]string
	pg.eval(`Object.fromEntries([...document.querySelectorAll("#dy-out dd[data-k]")].map((d) => [d.dataset.k, d.textContent]))`, &dd)
	if !dy.Tested {
		t.Fatalf("the demo's dynamics are not tested: %s", dy.Verdict)
	}
	for k, want := range map[string]string{
		"at_risk": groupThousands(float64(dy.AtRisk)), "entries": groupThousands(float64(dy.Entries)) + " (", "exits": groupThousands(float64(dy.Exits)),
		"auc": strconv.FormatFloat(dy.AUC, 'f', 3, 64) + " ", "slope": strconv.FormatFloat(dy.Logit.Slope, 'f', 4, 64) + " ",
		"se": strconv.FormatFloat(dy.Logit.SlopeSE, 'f', 4, 64), "p": pText(dy.Logit.P) + " ",
	} {
		if !strings.HasPrefix(dd[k], want) {
			t.Errorf("dynamics %s on the page %q; the API's %q", k, dd[k], want)
		}
	}
	var verdict string
	pg.eval(`document.querySelector("#dy-out .verdict").textContent`, &verdict)
	if verdict != "Result: "+dy.Verdict {
		t.Errorf("verdict on the page %q; the API's %q", verdict, dy.Verdict)
	}
	pg.axe("dynamics")

	// Patents have one period in the demo: the API's sentence says why.
	pg.open("view=dynamics&dmeasure=patents", "dynamics")
	pg.eval(`(document.querySelector("#dy-out .refusal") || {}).textContent || ""`, &refused)
	if !strings.Contains(refused, "The data cannot support this test") || !strings.Contains(refused, "dynamics needs two periods of regional values") {
		t.Errorf("dynamics with one period shows %q", refused)
	}
	pg.axe("dynamics (not supported)")
}

// pText writes a p-value as the page does: two significant digits below
// 0.001, else three decimals.
func pText(p float64) string {
	if p < 0.001 {
		return strconv.FormatFloat(p, 'g', 2, 64)
	}
	return strconv.FormatFloat(p, 'f', 3, 64)
}
