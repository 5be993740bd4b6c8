package web

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

// TestMount checks what "/" and /web/ answer: the page to browsers, the
// JSON index to other clients, the assets with their media types.
func TestMount(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	Mount(e, func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"openapi": "/api/v1/openapi.json"}) })
	get := func(path, accept string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		return w
	}
	for _, c := range []struct {
		path, accept string
		status       int
		ctype, body  string
	}{
		// Chromium's Accept header for a page.
		{"/", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", 200, "text/html", `<script src="/web/app.js">`},
		{"/", "", 200, "application/json", `"openapi":"/api/v1/openapi.json"`},
		{"/", "application/json", 200, "application/json", `"openapi"`},
		{"/web/app.js", "", 200, "text/javascript", `"/api/v1"`},
		{"/web/style.css", "", 200, "text/css", "font"},
		{"/web/missing.js", "", 404, "text/plain", "not found"},
	} {
		w := get(c.path, c.accept)
		if w.Code != c.status || !strings.HasPrefix(w.Header().Get("Content-Type"), c.ctype) || !strings.Contains(w.Body.String(), c.body) {
			t.Errorf("GET %s (Accept %q): %d %q, want %d %s containing %q; body starts %.120q",
				c.path, c.accept, w.Code, w.Header().Get("Content-Type"), c.status, c.ctype, c.body, w.Body.String())
		}
	}
}

// TestPageAssets checks that index.html loads only embedded assets (no
// CDN, nothing over the network) and that every vendored third-party file
// is listed, pinned, in vendor/VERSIONS with its licence beside it.
func TestPageAssets(t *testing.T) {
	page := read(t, "index.html")
	if strings.Contains(page, "http://") || strings.Contains(page, "https://") {
		t.Errorf("index.html refers to something outside the binary")
	}
	srcs := regexp.MustCompile(`<script src="/web/([^"]+)"></script>`).FindAllStringSubmatch(page, -1)
	if n := strings.Count(page, "<script"); n != len(srcs) || n == 0 {
		t.Errorf("index.html has %d scripts, %d of them under /web/", n, len(srcs))
	}
	for _, want := range []string{"vendor/cytoscape.min.js", "network.js", "glossary.js", "app.js"} {
		found := false
		for _, m := range srcs {
			found = found || m[1] == want
		}
		if !found {
			t.Errorf("index.html does not load /web/%s", want)
		}
	}
	for _, m := range srcs {
		if read(t, m[1]) == "" {
			t.Errorf("%s is empty", m[1])
		}
	}
	if !strings.Contains(page, `href="/web/style.css"`) || read(t, "style.css") == "" {
		t.Errorf("index.html lacks the embedded style.css")
	}
	// VERSIONS: "package version licence file" for every vendored file.
	listed := map[string]bool{}
	for _, line := range strings.Split(read(t, "vendor/VERSIONS"), "\n") {
		f := strings.Fields(line)
		if len(f) != 4 || strings.HasPrefix(line, "#") {
			continue
		}
		if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(f[1]) {
			t.Errorf("vendor/VERSIONS: %s is not pinned to a version: %q", f[0], f[1])
		}
		if !strings.HasPrefix(f[3], "../") {
			listed[f[3]] = true
			if !strings.Contains(read(t, "vendor/"+f[0]+".LICENSE"), "Permission is hereby granted") {
				t.Errorf("vendor/%s.LICENSE is not the MIT licence the package declares (%s)", f[0], f[2])
			}
		}
	}
	entries, err := fs.ReadDir(Files(), "vendor")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".js") && !listed[e.Name()] {
			t.Errorf("vendor/%s is not listed in vendor/VERSIONS", e.Name())
		}
	}
	for _, m := range srcs {
		if strings.HasPrefix(m[1], "vendor/") && !listed[strings.TrimPrefix(m[1], "vendor/")] {
			t.Errorf("index.html loads %s, which vendor/VERSIONS does not list", m[1])
		}
	}
}

func read(t *testing.T, name string) string {
	t.Helper()
	b, err := fs.ReadFile(Files(), name)
	if err != nil {
		t.Fatalf("embedded %s: %v", name, err)
	}
	return string(b)
}
