package web_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// TestExplorerBases drives the region view's "three bases of
// specialisation" section in headless Chromium over the demo store: for
// Quenby (whose life-science publications the demo plants, ingest/demo
// genPublications) every domain row must show the API's match, LQ, RTA and
// RSA with their counts and thin marks, in the API's order with the latent
// domain first, and axe-core must find no serious or critical violation.
func TestExplorerBases(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the browser end-to-end test")
	}
	pg := newPage(t, demoStore(t))
	var api struct {
		Bases []struct{ Index, Measure string }
		Units []struct {
			ID, Match string
			Cells     []struct {
				Value *float64
				Count float64
				Thin  bool
			}
		}
	}
	pg.apiGet("/api/v1/regions/quenby/bases", &api)
	pg.open("view=region&region=quenby", "region")
	pg.until("the bases table", `document.querySelectorAll("#reg-bases table.bases tbody tr").length > 0`)
	var rows []struct {
		Unit, Match string
		Cells       []string
	}
	pg.eval(`[...document.querySelectorAll("#reg-bases table.bases tbody tr")].map((tr) => ({ unit: tr.dataset.unit, match: tr.dataset.match,
		cells: [...tr.querySelectorAll("td.num")].map((td) => td.textContent.trim()) }))`, &rows)
	if len(rows) != len(api.Units) || len(api.Units) == 0 || len(api.Bases) != 3 {
		t.Fatalf("the page shows %d domains, the API %d (bases %d)", len(rows), len(api.Units), len(api.Bases))
	}
	if api.Units[0].Match != "latent" || rows[0].Match != "latent" {
		t.Errorf("first row %+v, API %+v: want the planted latent domain first", rows[0], api.Units[0])
	}
	for i, u := range api.Units {
		var want []string
		for _, c := range u.Cells {
			v := "–"
			if c.Value != nil {
				v = strconv.FormatFloat(*c.Value, 'f', 2, 64)
			}
			s := fmt.Sprintf("%s (%s)", v, groupThousands(c.Count))
			if c.Thin {
				s += " thin"
			}
			want = append(want, s)
		}
		if rows[i].Unit != u.ID || rows[i].Match != u.Match || strings.Join(rows[i].Cells, "|") != strings.Join(want, "|") {
			t.Errorf("row %d on the page %+v; the API's %s %q %v", i, rows[i], u.ID, u.Match, want)
		}
	}
	text := pg.text("#reg-bases")
	for _, w := range []string{"science: RSA from publications 2015", "in a region with more than 500", "1 latent, "} {
		if !strings.Contains(text, w) {
			t.Errorf("the bases section lacks %q:\n%s", w, text)
		}
	}
	pg.axe("region")
}
