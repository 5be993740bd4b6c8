package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// squares is a GeoJSON FeatureCollection of unit squares, one per name
// (property "rgn"), generated for the test.
func squares(names ...string) string {
	var feats []string
	for k, n := range names {
		feats = append(feats, fmt.Sprintf(`{"type":"Feature","properties":{"rgn":%q},"geometry":{"type":"Polygon","coordinates":[[[%d,0],[%d,0],[%d,1],[%d,1],[%d,0]]]}}`,
			n, k, k+1, k+1, k, k))
	}
	return `{"type":"FeatureCollection","features":[` + strings.Join(feats, ",") + `]}`
}

// TestIngestRegionsGeo loads generated boundaries for two regions of
// three (one by name, one by ID) with a feature that matches none, prints
// the match both ways, and refuses bad files (exit 2) without changing the store.
func TestIngestRegionsGeo(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "s.db")
	mustRun(t, "--store", store, "ingest", "industries", writeFile(t, dir, "ind.csv", "code,name\na,Alpha\nb,Beta\n"), "--classification", "T")
	mustRun(t, "--store", store, "ingest", "regional", writeFile(t, dir, "emp.csv", "region,industry,value\nnorth,a,10\nsouth-west,b,5\neast,a,3\n"),
		"--classification", "T", "--period", "2020")
	out := mustRun(t, "--store", store, "ingest", "regions-geo", writeFile(t, dir, "r.geojson", squares("North", "south-west", "Atlantis")), "--id-property", "rgn")
	for _, want := range []string{"loaded boundaries regions", "2 records", `matched 2 regions by "rgn"`, "features matching no region: 1: Atlantis", "regions without a shape: 1: east"} {
		if !strings.Contains(out, want) {
			t.Errorf("output %q lacks %q", out, want)
		}
	}
	before := mustRun(t, "--store", store, "info")
	for _, bad := range []struct {
		file, prop, want string
	}{
		{"region,geometry\nnorth,x\n", "rgn", "expected a GeoJSON FeatureCollection"},
		{squares("Atlantis"), "rgn", "none of the 1 features matches a region"},
		{squares("North"), "name", `no property "name"`},
	} {
		_, err := run(t, "--store", store, "ingest", "regions-geo", writeFile(t, dir, "bad.geojson", bad.file), "--id-property", bad.prop)
		checkBad(t, err, []string{bad.want})
	}
	_, err := run(t, "--store", store, "ingest", "regions-geo", writeFile(t, dir, "ok.geojson", squares("North")))
	checkBad(t, err, []string{"id-property"})
	if after := mustRun(t, "--store", store, "info"); after != before {
		t.Errorf("bad boundary files changed the store:\n%s\nthen\n%s", before, after)
	}
}
