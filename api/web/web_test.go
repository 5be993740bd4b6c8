package web

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
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

// TestPageAssets checks that index.html names only assets that are embedded
// and that the page uses no third-party script.
func TestPageAssets(t *testing.T) {
	page := read(t, "index.html")
	for _, ref := range []string{`href="/web/style.css"`, `src="/web/app.js"`} {
		if !strings.Contains(page, ref) {
			t.Errorf("index.html lacks %s", ref)
		}
	}
	if strings.Contains(page, "http://") || strings.Contains(page, "https://") || strings.Count(page, "<script") != 1 {
		t.Errorf("index.html loads something besides /web/app.js")
	}
	for _, f := range []string{"style.css", "app.js"} {
		if read(t, f) == "" {
			t.Errorf("%s is empty", f)
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
