package api

import (
	"net/url"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

func reader(raw string) *paramReader {
	q, err := url.ParseQuery(raw)
	if err != nil {
		panic(err)
	}
	return &paramReader{params: params{q}}
}

// A reader returns each good value, the default for a bad or absent one,
// and keeps the first error only.
func TestParamReaderKeepsFirstError(t *testing.T) {
	p := reader("top=7&runs=x&seed=y&theta=2&domains=maybe&distance=far&min=0.5")
	if got := p.int("top", 10, 1, 1000); got != 7 {
		t.Errorf("top = %d, want 7", got)
	}
	if p.err != nil {
		t.Fatalf("a good value set err: %v", p.err)
	}
	if got := p.int("runs", 10, 0, 100); got != 10 { // bad: the default
		t.Errorf("runs = %d, want the default 10", got)
	}
	first := p.err
	if graphmodel.ErrorField(first) != "runs" || graphmodel.ErrorCode(first) != graphmodel.EINVALID {
		t.Fatalf("err = %v, want EINVALID naming runs", first)
	}
	// Later bad values return their defaults and leave the first error.
	if got := p.int64("seed", 1); got != 1 {
		t.Errorf("seed = %d, want the default 1", got)
	}
	if got := p.number("theta", 0.3, unitSpan); got != 0.3 { // 2 is outside (0, 1]
		t.Errorf("theta = %g, want the default 0.3", got)
	}
	if got := p.bool("domains", true); !got {
		t.Errorf("domains = false, want the default true")
	}
	if got := p.oneOf("distance", "inverse", "inverse", "neglog"); got != "inverse" {
		t.Errorf("distance = %q, want the default inverse", got)
	}
	if got := p.optNumber("min", thresholdSpan); got == nil || *got != 0.5 {
		t.Errorf("min = %v, want 0.5", got)
	}
	if got := p.optNumber("threshold", thresholdSpan); got != nil {
		t.Errorf("absent threshold = %v, want nil", *got)
	}
	if p.err != first {
		t.Errorf("err = %v, want the first error %v", p.err, first)
	}
	want := `parameter runs="x": expected a whole number from 0 to 100`
	if e, ok := first.(*graphmodel.Error); !ok || e.Message != want {
		t.Errorf("message = %v, want %q", first, want)
	}
}

// A bad value of each kind is the first error when it comes first.
func TestParamReaderBadValues(t *testing.T) {
	for _, c := range []struct {
		query, want string
		read        func(p *paramReader)
	}{
		{"seed=1.5", `parameter seed="1.5": expected a whole number from -9223372036854775808 to 9223372036854775807`, func(p *paramReader) { p.int64("seed", 1) }},
		{"z=0", `parameter z="0": expected a number above 0 and at most 100`, func(p *paramReader) { p.number("z", 3, zSpan) }},
		{"min=NaN", `parameter min="NaN": expected a number from -1000000 to 1000000`, func(p *paramReader) { p.optNumber("min", thresholdSpan) }},
		{"domains=2", `parameter domains="2": expected true or false`, func(p *paramReader) { p.bool("domains", true) }},
		{"by=x", `parameter by="x": expected one of domain, industry`, func(p *paramReader) { p.oneOf("by", "domain", "domain", "industry") }},
	} {
		p := reader(c.query)
		c.read(p)
		if e, ok := p.err.(*graphmodel.Error); !ok || e.Message != c.want {
			t.Errorf("%s: err = %v, want %q", c.query, p.err, c.want)
		}
	}
}
