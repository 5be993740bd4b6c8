package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestUploadInputLimits sends gzip bombs small enough for the body limit:
// the CSV text is cut off at UploadExpansion times the body limit, a
// quoted field at ingest.MaxFieldBytes, both as 413 naming the limit, and
// nothing is loaded.
func TestUploadInputLimits(t *testing.T) {
	_, st := tinyStore(t)
	h := New(st, Config{Logger: quietLogger(), UploadToken: "s3cret", MaxBodyBytes: 128 << 10}).Handler()
	zip := func(s string) string {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		_, _ = zw.Write([]byte(s))
		_ = zw.Close()
		return b.String()
	}
	fields := map[string]string{"ingest": "links", "kind": "flows", "classification": "T", "layer": "labour", "period": "2021", "duplicates": "sum"}
	// 400,000 valid rows: 2.4 MB of text, over 16 × 128 KiB = 2 MiB, in a
	// gzip of about 4 KB.
	rows := zip("from,to,count\n" + strings.Repeat("a,b,1\n", 400_000))
	// A quoted field that never closes: 2 MB of short lines, over the field
	// limit before the input limit.
	quoted := zip("from,to,count\na,b,\"" + strings.Repeat("x\n", 1_000_000))
	for _, c := range []struct{ file, want string }{
		{rows, `flows 2021.csv: expected at most 2 MiB of CSV text after gzip decompression (the input limit), got more`},
		{quoted, `flows 2021.csv:2: column \"count\": expected a field of at most 1 MiB (the field limit), got a longer one`},
	} {
		if len(c.file) > 16<<10 {
			t.Fatalf("the bomb is %d bytes, too large for the body limit", len(c.file))
		}
		body, ct := multipartBody(t, fields, c.file)
		w := wrap(do(t, h, http.MethodPost, "/api/v1/datasets", body, "Content-Type", ct, "Authorization", "Bearer s3cret"))
		var eb ErrorBody
		_ = json.Unmarshal(w.body, &eb)
		if w.code != 413 || eb.Error.Code != "too_large" || !strings.Contains(string(w.body), c.want) {
			t.Errorf("%d %s, want 413 too_large with %s", w.code, w.body, c.want)
		}
	}
	if v, _ := st.Version(context.Background()); v != 2 {
		t.Errorf("a refused upload changed the store version to %d", v)
	}
}
