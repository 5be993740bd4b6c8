package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/domainscope/domainscope/graphmodel"
)

// syncBuffer is a bytes.Buffer safe for the server's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var servingAddr = regexp.MustCompile(`on http://([0-9.:]+)/api/v1`)

// TestServeDemoUploadShutdown starts 'serve --demo' on a free port: it
// builds the empty demo store, answers the API, loads an upload through
// ingest.Load as the CLI's ingest command does, and stops gracefully when its
// context ends.
func TestServeDemoUploadShutdown(t *testing.T) {
	var errOut syncBuffer
	a := &app{out: io.Discard, errOut: &errOut, useDemo: true, storePath: filepath.Join(t.TempDir(), "demo.db")}
	a.log = slog.New(slog.NewTextHandler(&errOut, &slog.HandlerOptions{Level: slog.LevelInfo}))
	f := serveFlags{addr: "127.0.0.1:0", maxNodes: 200, maxNodesLimit: 2000, maxHops: 3, maxBodyMB: 1, heavy: 2,
		cacheMB: 16, timeout: 20 * time.Second, shutdown: 5 * time.Second, uploadToken: "tok"}
	cfg, err := f.config()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.serve(ctx, f, cfg) }()
	var addr string
	for start := time.Now(); addr == ""; time.Sleep(20 * time.Millisecond) {
		if m := servingAddr.FindStringSubmatch(errOut.String()); m != nil {
			addr = m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s", err, errOut.String())
		default:
		}
		if time.Since(start) > 30*time.Second {
			t.Fatalf("serve did not start:\n%s", errOut.String())
		}
	}
	base := "http://" + addr + "/api/v1"
	getJSON := func(url string, v any) int {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if v != nil {
			_ = json.NewDecoder(resp.Body).Decode(v)
		}
		return resp.StatusCode
	}
	var meta struct {
		StoreVersion int64 `json:"store_version"`
		Layers       []graphmodel.Layer
	}
	if code := getJSON(base+"/meta", &meta); code != 200 || meta.StoreVersion != 9 {
		t.Fatalf("meta of the demo store: %d, version %d (the demo makes 9 loads)", code, meta.StoreVersion)
	}
	if code := getJSON(base+"/subgraph?seeds=10&hops=2&max_nodes=30", nil); code != 200 {
		t.Errorf("subgraph: %d", code)
	}

	upload := func(fields map[string]string, file string) (int, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		for k, v := range fields {
			_ = mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("file", "moves.csv")
		_, _ = io.WriteString(fw, file)
		_ = mw.Close()
		req, _ := http.NewRequest(http.MethodPost, base+"/datasets", &b)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer tok")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	flows := "from,to,count\n10,11,40\n11,10,30\n10,21,25\n21,10,5\n11,21,9\n"
	code, body := upload(map[string]string{"ingest": "links", "classification": "NACE2", "layer": "api", "period": "2030", "kind": "flows"}, flows)
	if code != 201 || !strings.Contains(body, `"target":"api@2030"`) || !strings.Contains(body, `"store_version":10`) {
		t.Errorf("upload: %d %s", code, body)
	}
	if code := getJSON(base+"/industries/10/neighbours?layer=api", nil); code != 200 {
		t.Errorf("neighbours on the uploaded layer: %d", code)
	}
	// ingest.Load's checks answer bad uploads, naming the form's fields.
	code, body = upload(map[string]string{"ingest": "links", "classification": "NACE2", "layer": "api", "period": "2030", "colour": "red"}, flows)
	if code != 400 || !strings.Contains(body, "field colour is not a field of ingest links") || !strings.Contains(body, "classification") {
		t.Errorf("unknown option: %d %s", code, body)
	}
	code, body = upload(map[string]string{"ingest": "links", "classification": "NACE2"}, flows)
	if code != 400 || !strings.Contains(body, "field layer: expected a layer name") {
		t.Errorf("missing layer and period: %d %s", code, body)
	}
	code, body = upload(map[string]string{"ingest": "links", "classification": "NACE2", "layer": "api", "period": "2031"}, "from,to,count\n10,1234,4\n")
	if code != 400 || !strings.Contains(body, "moves.csv") || !strings.Contains(body, "1234") {
		t.Errorf("unknown code: %d %s", code, body)
	}
	if code := getJSON(base+"/ready", &meta); code != 200 || meta.StoreVersion != 10 {
		t.Errorf("failed uploads changed the store: version %d", meta.StoreVersion)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("graceful shutdown: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop after its context ended")
	}
	if _, err := http.Get(base + "/health"); err == nil {
		t.Error("the server still answers after shutdown")
	}
	if !strings.Contains(errOut.String(), "msg=request") || !strings.Contains(errOut.String(), "route=/api/v1/meta") {
		t.Errorf("no access log:\n%s", errOut.String())
	}
}

func TestServeConfigErrors(t *testing.T) {
	t.Setenv("DOMAINSCOPE_TIMEOUT", "soon")
	_, err := run(t, "--store", filepath.Join(t.TempDir(), "s.db"), "serve")
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID || !strings.Contains(err.Error(), `DOMAINSCOPE_TIMEOUT="soon"`) {
		t.Errorf("bad DOMAINSCOPE_TIMEOUT: %v", err)
	}
	t.Setenv("DOMAINSCOPE_TIMEOUT", "")
	_, err = run(t, "--store", filepath.Join(t.TempDir(), "s.db"), "serve", "--max-nodes-limit", "5000")
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID || !strings.Contains(err.Error(), "--max-nodes-limit 5000: expected 1 to 2000") {
		t.Errorf("--max-nodes-limit 5000: %v", err)
	}
	t.Setenv("DOMAINSCOPE_MAX_NODES", "300")
	var f serveFlags
	f.add(pflag.NewFlagSet("serve", pflag.ContinueOnError))
	if f.maxNodes != 300 {
		t.Errorf("DOMAINSCOPE_MAX_NODES=300 gave --max-nodes %d", f.maxNodes)
	}
	_, err = run(t, "--store", filepath.Join(t.TempDir(), "s.db"), "serve", "--addr", "256.0.0.1:99999", "--render=false")
	if graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE || !strings.Contains(err.Error(), "cannot listen on 256.0.0.1:99999") {
		t.Errorf("bad address: %v", err)
	}
}
