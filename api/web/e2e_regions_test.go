package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/ingest"
)

// squaresGeoJSON generates the boundaries of the test: a unit square per
// region ID, in rows of six (no boundaries are downloaded).
func squaresGeoJSON(ids []string) string {
	var feats []string
	for k, id := range ids {
		x, y := k%6, -(k / 6)
		feats = append(feats, fmt.Sprintf(`{"type":"Feature","properties":{"code":%q},"geometry":{"type":"Polygon","coordinates":[[[%d,%d],[%d,%d],[%d,%d],[%d,%d],[%d,%d]]]}}`,
			id, x, y, x+1, y, x+1, y+1, x, y+1, x, y))
	}
	return `{"type":"FeatureCollection","features":[` + strings.Join(feats, ",") + `]}`
}

// TestExplorerCompareAndMap drives the Compare and Map views in headless
// Chromium over the demo store: two regions side by side with their
// partners and their sum, the map as tiles (no boundaries), then with
// generated boundaries for all regions but one (drawn as a tile). The page
// must show what the API answers, the map's labels must be at least 12 px,
// and axe-core must find no serious or critical violation.
func TestExplorerCompareAndMap(t *testing.T) {
	st := demoStore(t)
	pg := newPage(t, st)
	apiGet, evalJS, open, axe := pg.apiGet, pg.eval, pg.open, pg.axe

	var regions struct {
		Regions []struct{ ID, Name string }
	}
	apiGet("/api/v1/regions", &regions)
	a, b := regions.Regions[0], regions.Regions[1]

	// Compare: the page's totals and partners are the API's.
	var cmp struct {
		Regions []struct {
			Total       float64
			Established int
		}
	}
	apiGet("/api/v1/regions/compare?regions="+a.ID+","+b.ID, &cmp)
	var pr struct {
		Partners []struct{ Region struct{ Name string } }
	}
	apiGet("/api/v1/regions/"+a.ID+"/partners?top=5&explain=3", &pr)
	open("view=compare&cmp="+a.ID+","+b.ID+"&together=1", "compare")
	var page struct {
		Rows     [][]string `json:"rows"`
		Partners []string   `json:"partners"`
		Together string     `json:"together"`
	}
	evalJS(`(() => ({
		rows: [...document.querySelectorAll("#cmp-summary table:first-of-type tbody tr")].map((tr) => [...tr.children].map((c) => c.textContent)),
		partners: [...document.querySelectorAll("#cmp-partners tbody th")].map((th) => th.textContent),
		together: (document.querySelector("#cmp-together h2") || {}).textContent || "" }))()`, &page)
	if len(page.Rows) != 2 || page.Rows[0][0] != a.Name || page.Rows[1][0] != b.Name ||
		page.Rows[0][1] != groupThousands(cmp.Regions[0].Total) || page.Rows[1][4] != fmt.Sprint(cmp.Regions[1].Established) {
		t.Errorf("compare rows %v; API totals %v, established %v", page.Rows, cmp.Regions[0].Total, cmp.Regions[1].Established)
	}
	if len(page.Partners) != len(pr.Partners) || len(pr.Partners) == 0 || page.Partners[0] != pr.Partners[0].Region.Name {
		t.Errorf("partners on the page %v, API %v", page.Partners, pr.Partners)
	}
	if !strings.Contains(page.Together, a.Name+" + "+b.Name) {
		t.Errorf("together heading %q, want %q", page.Together, a.Name+" + "+b.Name)
	}
	axe("compare")

	// The map as tiles: one tile and one table row per region, in the API's order of values.
	var m struct {
		Regions []struct {
			Region struct{ ID string }
			Value  *float64
		}
	}
	apiGet("/api/v1/map?measure=specialisations", &m)
	open("view=map&mm=specialisations", "map")
	var mp struct {
		Tiles, Shapes, Rows int
		MinFont             float64
		Title               string
	}
	mapState := `(() => { const svg = document.querySelector("#map-out svg"), k = svg.clientWidth / svg.viewBox.baseVal.width;
		return { tiles: svg.querySelectorAll(".map-tiles > g").length, shapes: svg.querySelectorAll(".map-shapes path").length,
			rows: document.querySelectorAll("#map-out .map-table tbody tr").length,
			minFont: Math.min(...[...svg.querySelectorAll("text")].map((x) => parseFloat(getComputedStyle(x).fontSize) * k)),
			title: svg.querySelector("title").textContent }; })()`
	evalJS(mapState, &mp)
	if mp.Tiles != len(m.Regions) || mp.Shapes != 0 || mp.Rows != len(m.Regions) || mp.Title != "Map: established specialisations" {
		t.Errorf("tile map: %+v, want %d tiles and rows", mp, len(m.Regions))
	}
	if mp.MinFont < 11.5 {
		t.Errorf("the map's smallest text is %.1f px, want at least 12", mp.MinFont)
	}
	axe("map (tiles)")

	// Generated boundaries for every region but the last: shapes and one tile.
	var ids []string
	for _, r := range regions.Regions[:len(regions.Regions)-1] {
		ids = append(ids, r.ID)
	}
	path := filepath.Join(t.TempDir(), "regions.geojson")
	if err := os.WriteFile(path, []byte(squaresGeoJSON(ids)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Load(context.Background(), st, path, ingest.BoundariesOptions{IDProperty: "code"}); err != nil {
		t.Fatal(err)
	}
	open("view=map&mm=lq&mi=10", "map")
	evalJS(mapState, &mp)
	if mp.Shapes != len(ids) || mp.Tiles != 1 || mp.Rows != len(regions.Regions) || !strings.HasPrefix(mp.Title, "Map: LQ of 10") {
		t.Errorf("boundary map: %+v, want %d shapes, 1 tile", mp, len(ids))
	}
	if mp.MinFont < 11.5 {
		t.Errorf("the map's smallest text is %.1f px, want at least 12", mp.MinFont)
	}
	axe("map (boundaries)")
}

// groupThousands writes a whole number as the page does (en-GB: 12,345).
func groupThousands(x float64) string {
	s := fmt.Sprintf("%.0f", x)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
