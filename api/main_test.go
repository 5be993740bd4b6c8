package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/graphmodel/sqlitestore"
)

// demoPath is the demo store built once by TestMain.
var demoPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "domainscope-api-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	demoPath = filepath.Join(dir, "demo.db")
	if err := buildDemoStore(context.Background(), demoPath); err != nil {
		fmt.Fprintln(os.Stderr, "building the demo store:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// openStore opens a store file for one test.
func openStore(t testing.TB, path string) *sqlitestore.Store {
	t.Helper()
	st, err := sqlitestore.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// quietLogger discards logs below errors.
func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError}))
}

// newDemoServer serves the demo store with cfg.
func newDemoServer(t testing.TB, cfg Config) *Server {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = quietLogger()
	}
	return New(openStore(t, demoPath), cfg)
}

// get runs one request through h; header pairs are name, value.
func get(t testing.TB, h http.Handler, url string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	return do(t, h, http.MethodGet, url, nil, header...)
}

func do(t testing.TB, h http.Handler, method, url string, body io.Reader, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, url, body)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// decode unmarshals a 200 JSON response into v.
func decode(t testing.TB, w *httptest.ResponseRecorder, v any) {
	t.Helper()
	if w.Code != http.StatusOK {
		t.Fatalf("status %d, want 200: %s", w.Code, w.Body.String())
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q, want JSON", ct)
	}
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		t.Fatalf("response does not decode: %v\n%s", err, w.Body.String())
	}
}

// wantError checks an error response: status, code, and that the message
// contains every fragment.
func wantError(t testing.TB, w *httptest.ResponseRecorder, status int, code string, fragments ...string) {
	t.Helper()
	if w.Code != status {
		t.Errorf("status %d, want %d: %s", w.Code, status, w.Body.String())
		return
	}
	var e ErrorBody
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
		t.Errorf("error body does not decode: %v: %s", err, w.Body.String())
		return
	}
	if e.Error.Code != code {
		t.Errorf("error code %q, want %q (%s)", e.Error.Code, code, e.Error.Message)
	}
	for _, f := range fragments {
		if !strings.Contains(e.Error.Message, f) {
			t.Errorf("error message %q lacks %q", e.Error.Message, f)
		}
	}
}

var _ = graphmodel.EINVALID
