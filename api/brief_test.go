package api

import (
	"archive/zip"
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var briefExternal = regexp.MustCompile(`(?i)https?:|\ssrc=|\shref=|url\(|@import|@font-face`)

// TestBriefAPI: the region brief of the demo store is one self-contained
// HTML file with its seven tables (profile, stars, pathways); format=zip is its CSV bundle; bad input
// is a 4xx JSON error.
func TestBriefAPI(t *testing.T) {
	h := newDemoServer(t, Config{}).Handler()
	w := get(t, h, "/api/v1/brief/region/eastvale")
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("brief: %d %s %.300s", w.Code, w.Header().Get("Content-Type"), w.Body.String())
	}
	page := w.Body.String()
	if m := briefExternal.FindString(page); m != "" {
		t.Errorf("the brief refers outside itself: %q", m)
	}
	// Without a renderer the brief says there is no diagram.
	for _, want := range []string{"<h1>Eastvale</h1>", ">Specialisations<", ">Diversification opportunities<", ">Cross-clustering opportunities<", ">Most similar regions<", ">Cluster stars<", ">Development pathways<", ">Generic industries and their reach<", ">Three bases of specialisation<", ">Provenance<", "No diagram"} {
		if !strings.Contains(page, want) {
			t.Errorf("region brief lacks %q", want)
		}
	}
	w = get(t, h, "/api/v1/brief/region/eastvale?format=zip")
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/zip" || !strings.Contains(w.Header().Get("Content-Disposition"), `brief-region-eastvale.zip`) {
		t.Fatalf("zip: %d %v", w.Code, w.Header())
	}
	z, err := zip.NewReader(bytes.NewReader(w.Body.Bytes()), int64(w.Body.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
	}
	if got := strings.Join(names, ","); got != "specialisations.csv,opportunities.csv,cross_clustering.csv,peers.csv,stars.csv,pathways.csv,generic.csv,bases.csv,parameters.csv,provenance.csv" {
		t.Errorf("zip holds %s", got)
	}
	w = get(t, h, "/api/v1/brief/domain/1")
	if w.Code != 200 || !strings.Contains(w.Body.String(), ">Bridging industries<") {
		t.Errorf("domain brief: %d %.300s", w.Code, w.Body.String())
	}
	wantError(t, get(t, h, "/api/v1/brief/region/eastvale?format=pdf"), 400, "invalid", "format")
	wantError(t, get(t, h, "/api/v1/brief/region/atlantis"), 404, "not_found", "atlantis")
	wantError(t, get(t, h, "/api/v1/brief/domain/0"), 400, "invalid", "domain id")
	wantError(t, get(t, h, "/api/v1/brief/domain/999"), 404, "not_found", "no domain 999")
	wantError(t, get(t, h, "/api/v1/brief/hypothesis/1"), 404, "not_found")
}

// TestBriefHypothesisAPI: a saved hypothesis's brief holds its name, notes
// and members, on the layers saved with it.
func TestBriefHypothesisAPI(t *testing.T) {
	st := toyUserStore(t)
	u := userHarness{t: t, st: st, h: New(st, Config{UploadToken: "tok", Logger: quietLogger()}).Handler()}
	if code, _, _ := u.send(http.MethodPost, "/api/v1/hypotheses", `{"name": "Agri-bio", "codes": ["b1", "a2", "a1"], "notes": "ask the cluster", "params": {"layers": ["rel@P1"]}}`, bearer...); code != 201 {
		t.Fatalf("create: %d", code)
	}
	w := get(t, u.h, "/api/v1/brief/hypothesis/1")
	page := w.Body.String()
	// b2 is the only outside industry linked into {a1, a2, b1} (b1–b2, weight 1).
	for _, want := range []string{"Hypothesis 1: Agri-bio", "ask the cluster", "rel@P1", "<td>b2</td>", ">Members<"} {
		if !strings.Contains(page, want) {
			t.Errorf("hypothesis brief lacks %q: %d", want, w.Code)
		}
	}
}
