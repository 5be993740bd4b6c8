package web_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// TestExplorerStructure drives the Domain structure view in headless
// Chromium over the demo store: the industries in several domains must be
// the API's, in its order, each membership with its share and runs; the
// hierarchy tree must hold every domain of every resolution under its
// parent, with the members it shares and its weight share; a resolution
// list the API refuses must show the API's sentence; a domain opened from
// the tree opens the Domains view at its resolution; axe-core must find no
// serious or critical violation.
func TestExplorerStructure(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the browser end-to-end test")
	}
	pg := newPage(t, demoStore(t))
	var ov struct {
		Request     struct{ Seeds int }
		MultiDomain int `json:"multi_domain"`
		Industries  []struct {
			Code        string
			Memberships []struct {
				Label string
				Runs  int
				Share float64
			}
		}
	}
	pg.apiGet("/api/v1/domains/overlap?seeds=10&min_membership=0.3", &ov)
	pg.open("view=structure&oseeds=10&omin=0.3", "structure")
	var rows []struct {
		Code        string
		Memberships []string
	}
	pg.eval(`[...document.querySelectorAll("#st-overlap .overlap-table tbody tr")].map((tr) => ({ code: tr.dataset.codeRow,
		memberships: [...tr.querySelectorAll(".membership")].map((m) => m.textContent) }))`, &rows)
	if ov.MultiDomain == 0 || len(rows) != ov.MultiDomain {
		t.Fatalf("the page lists %d industries in several domains, the API %d", len(rows), ov.MultiDomain)
	}
	for i, in := range ov.Industries[:ov.MultiDomain] {
		var want []string
		for _, m := range in.Memberships {
			want = append(want, fmt.Sprintf("%s %s (%d of %d runs)", m.Label, strconv.FormatFloat(m.Share, 'f', 2, 64), m.Runs, ov.Request.Seeds))
		}
		if rows[i].Code != in.Code || fmt.Sprint(rows[i].Memberships) != fmt.Sprint(want) {
			t.Errorf("row %d on the page %+v; the API's %s %v", i, rows[i], in.Code, want)
		}
	}

	var h struct {
		Levels []struct {
			Resolution float64
			Domains    []struct {
				ID, Parent, Shared, Size int
				WeightShare              float64 `json:"weight_share"`
			}
		}
	}
	pg.apiGet("/api/v1/domains/hierarchy", &h)
	// Every tree node: its level, its ID, its parent's ID (from the
	// enclosing node) and its explanation.
	var nodes []struct {
		Level, ID, Parent, Explain string
	}
	pg.eval(`[...document.querySelectorAll("#st-hierarchy li[data-level]")].map((li) => { const up = li.parentElement.closest("li[data-level]");
		const ex = li.querySelector(":scope > .explain"); return { level: li.dataset.level, id: li.dataset.domainId, parent: up ? up.dataset.domainId : "0", explain: ex ? ex.textContent : "" }; })`, &nodes)
	want := map[string]string{}
	total := 0
	for k, lv := range h.Levels {
		for _, d := range lv.Domains {
			total++
			ex := ""
			if k > 0 {
				ex = fmt.Sprintf("%d of %d members from its parent, weight share %s", d.Shared, d.Size, strconv.FormatFloat(d.WeightShare, 'f', 2, 64))
				if d.Shared < d.Size {
					ex += " — not nested"
				}
			}
			want[fmt.Sprint(k, " ", d.ID)] = fmt.Sprint(d.Parent, " ", ex)
		}
	}
	if len(h.Levels) != 4 || len(nodes) != total {
		t.Fatalf("the tree has %d nodes, the API %d domains over %d resolutions", len(nodes), total, len(h.Levels))
	}
	for _, n := range nodes {
		if got := n.Parent + " " + n.Explain; want[n.Level+" "+n.ID] != got {
			t.Errorf("level %s domain %s on the page: parent and explanation %q; the API's %q", n.Level, n.ID, got, want[n.Level+" "+n.ID])
		}
	}
	pg.axe("structure")

	// A domain of the second resolution opens the Domains view at it.
	gamma := strconv.FormatFloat(h.Levels[1].Resolution, 'f', -1, 64)
	var clicked bool
	pg.eval(`(() => { const b = document.querySelector('#st-hierarchy button[data-gamma="`+gamma+`"]'); if (!b) return false; b.click(); return true; })()`, &clicked)
	if !clicked {
		t.Fatalf("no domain button at resolution %s", gamma)
	}
	pg.eval(`new Promise((ok) => { const t0 = Date.now(); (function wait() { if (document.body.dataset.ready === "domains" || Date.now() - t0 > 20000) ok(true); else setTimeout(wait, 100); })(); })`, &clicked)
	var hash string
	pg.eval(`decodeURIComponent(location.hash)`, &hash)
	if !strings.Contains(hash, "view=domains") || !strings.Contains(hash, "resolution="+gamma) || !strings.Contains(hash, "domain=") {
		t.Errorf("after opening a domain of the tree the page is at %s", hash)
	}

	// A resolution list the API refuses: its sentence, not the error box.
	pg.open("view=structure&ores=2,1", "structure")
	var refusal string
	pg.eval(`document.querySelector("#st-hierarchy .refusal") ? document.querySelector("#st-hierarchy .refusal").textContent : ""`, &refusal)
	if !strings.Contains(refusal, "increasing") {
		t.Errorf("refused resolutions: the page shows %q", refusal)
	}
}
