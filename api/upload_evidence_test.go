package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestUploadEvidenceOptions: the upload's fields floor, shrink, prior, alpha
// and method knowledgeflows reach ingest.Load and the dataset's provenance;
// bad values are 400 naming the field, and change nothing.
func TestUploadEvidenceOptions(t *testing.T) {
	_, st := tinyStore(t) // version 2
	h := New(st, Config{Logger: quietLogger(), UploadToken: "s3cret", MaxBodyBytes: 4 << 10}).Handler()
	base := map[string]string{"ingest": "links", "kind": "flows", "classification": "T", "layer": "labour", "period": "2021"}
	file := "from,to,count\na,b,40\nb,a,30\na,c,25\nc,a,12\nb,c,10\n"
	post := func(extra map[string]string) *testResponse {
		f := map[string]string{}
		for k, v := range base {
			f[k] = v
		}
		for k, v := range extra {
			f[k] = v
		}
		body, ct := multipartBody(t, f, file)
		return wrap(do(t, h, http.MethodPost, "/api/v1/datasets", body, "Content-Type", ct, "Authorization", "Bearer s3cret"))
	}
	for _, c := range []struct {
		fields map[string]string
		field  string
		want   string
	}{
		{map[string]string{"alpha": "1.5"}, "alpha", `field alpha "1.5": expected a false discovery rate in (0, 1)`},
		{map[string]string{"alpha": "often"}, "alpha", `field alpha "often": expected a number`},
		{map[string]string{"floor": "-10"}, "floor", `field floor "-10": expected the disclosure floor`},
		{map[string]string{"shrink": "lots"}, "shrink", `field shrink "lots": expected none or gamma-poisson`},
		{map[string]string{"prior": "2"}, "prior", "expected no prior without shrink gamma-poisson"},
		{map[string]string{"method": "knowledgeflows"}, "floor", "with method knowledgeflows"},
	} {
		w := post(c.fields)
		var body ErrorBody
		_ = json.Unmarshal(w.body, &body)
		if w.code != 400 || body.Error.Parameter != c.field || !strings.Contains(body.Error.Message, c.want) {
			t.Errorf("fields %v: %d %s, want 400 naming %s with %q", c.fields, w.code, w.body, c.field, c.want)
		}
	}
	if v, _ := st.Version(context.Background()); v != 2 {
		t.Fatalf("failed uploads changed the store version to %d", v)
	}
	w := post(map[string]string{"method": "knowledgeflows", "floor": "10", "alpha": "0.5"})
	if w.code != 201 {
		t.Fatalf("knowledgeflows upload: %d %s", w.code, w.body)
	}
	var res struct {
		Dataset struct {
			Options map[string]string `json:"options"`
		} `json:"dataset"`
	}
	if err := json.Unmarshal(w.body, &res); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"method": "knowledgeflows", "floor": "10", "alpha": "0.5", "shrink": "none"} {
		if res.Dataset.Options[k] != v {
			t.Errorf("provenance %s = %q, want %q (%v)", k, res.Dataset.Options[k], v, res.Dataset.Options)
		}
	}
	ly, err := st.Layer(context.Background(), "labour", "2021")
	if err != nil || !ly.Evidence || ly.Method != "knowledgeflows" {
		t.Errorf("uploaded layer %+v, %v: want knowledgeflows with evidence", ly, err)
	}
	// Neighbours carry each link's p and q (JSON and CSV) and the options.
	var nr NeighboursResult
	decode(t, get(t, h, "/api/v1/industries/a/neighbours?layer=labour@2021&min=-1"), &nr)
	if len(nr.Neighbours) == 0 || nr.Relatedness["method"] != "knowledgeflows" || nr.Relatedness["floor"] != "10" || !nr.Layer.Evidence {
		t.Fatalf("neighbours of a: %+v", nr)
	}
	for _, n := range nr.Neighbours {
		if n.PValue == nil || n.QValue == nil || *n.QValue > 0.5 || *n.PValue > *n.QValue {
			t.Errorf("neighbour %s: p %v q %v, want p <= q <= alpha 0.5", n.Code, n.PValue, n.QValue)
		}
	}
	csv := get(t, h, "/api/v1/industries/a/neighbours?layer=labour@2021&min=-1&format=csv").Body.String()
	if lines := strings.Split(strings.TrimSpace(csv), "\n"); !strings.HasSuffix(lines[0], ",p_value,q_value") || strings.HasSuffix(lines[1], ",,") {
		t.Errorf("neighbours CSV without p and q:\n%s", csv)
	}
}
