package api

import (
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/api/export"
	"github.com/domainscope/domainscope/graphmodel"
)

// Query parameter groups shared by several routes.
var (
	graphParams  = []string{"layers", "weights", "period", "threshold"}
	domainParams = []string{"resolution", "seed"}
	bridgeParams = []string{"distance", "samples"}
	// domainEvidenceParams are those of the routes that answer domains with their evidence.
	domainEvidenceParams = []string{"runs", "sector_level", "exclude_generic", "null_samples"}
	formatParams         = []string{"format", "part", "version", "links"}
	vizParams            = []string{"layout", "clusters", "backbone", "alpha", "topk", "legend", "size", "title", "scale"}
	regionParams         = []string{"regions", "measure", "regional_period", "variety_level", "min_count", "opportunities", "min_related", "min_jobs", "significance", "min_moves", "rank_by"}
	subgraphModes        = []string{"seeds", "hops", "min", "max_nodes", "domain", "from", "to", "domains"}
)

func join(groups ...[]string) []string {
	var out []string
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// params reads the query parameters of one request as text; paramReader
// reads numbers and choices. Every parse error is EINVALID naming the
// parameter, the value found and what was expected.
type params struct{ q url.Values }

func (p params) has(name string) bool { return p.q.Get(name) != "" }

func (p params) str(name, def string) string {
	if v := strings.TrimSpace(p.q.Get(name)); v != "" {
		return v
	}
	return def
}

// list splits a comma-separated parameter (repeated parameters are joined).
func (p params) list(name string) []string {
	var out []string
	for _, v := range p.q[name] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func badParam(name, value, expected string) error {
	return graphmodel.FieldErrorf(graphmodel.EINVALID, name, "parameter %s=%q: expected %s", name, shorten(value, 40), expected)
}

// span is the documented range of a numeric parameter: api/openapi.yaml
// gives the same minimum, maximum and exclusive bounds (TestHostileRequests
// sends values just outside them).
type span struct {
	lo, hi         float64
	openLo, openHi bool
}

func (r span) contains(v float64) bool {
	return (v > r.lo || !r.openLo && v == r.lo) && (v < r.hi || !r.openHi && v == r.hi)
}

// String says the range in words: "a number from 0 to 1000", "a number above 0 and at most 1".
func (r span) String() string {
	lo, hi := "from "+analysis.FormatLimit(r.lo), "to "+analysis.FormatLimit(r.hi)
	if r.openLo {
		lo = "above " + analysis.FormatLimit(r.lo)
	}
	switch {
	case r.openLo && r.openHi:
		hi = "and below " + analysis.FormatLimit(r.hi)
	case r.openLo:
		hi = "and at most " + analysis.FormatLimit(r.hi)
	case r.openHi:
		hi = "to below " + analysis.FormatLimit(r.hi)
	}
	return "a number " + lo + " " + hi
}

// Ranges of the numeric parameters that are not whole numbers.
var (
	thresholdSpan  = span{lo: -analysis.MaxAbsThreshold, hi: analysis.MaxAbsThreshold} // threshold and min
	weightSpan     = span{lo: 0, hi: analysis.MaxLayerWeight}
	resolutionSpan = span{lo: 0, hi: analysis.MaxResolution, openLo: true}
	unitSpan       = span{lo: 0, hi: 1, openLo: true}                 // theta, noise_quantile
	toleranceSpan  = span{lo: 0, hi: 1, openLo: true, openHi: true}   // tolerance
	countSpan      = span{lo: 0, hi: 1e12}                            // min_count
	levelSpan      = span{lo: analysis.MinAlpha, hi: 1, openHi: true} // significance
	floorSpan      = span{lo: 0, hi: 1e9}
	lossFactorSpan = span{lo: 1, hi: 1e6}
	zSpan          = span{lo: 0, hi: 100, openLo: true}
	growthSpan     = span{lo: 0, hi: 100, openLo: true}
)

// paramReader reads the parameters of params as numbers and choices,
// keeping the first error as bufio.Scanner does: each read returns its
// value (the default when the parameter is absent or bad), so that a
// request parser reads one parameter a line and its caller checks err
// once. Reads after an error still parse, but only the first error is
// kept: the error answered is the first one the parameters' order meets.
type paramReader struct {
	params
	err error
}

// readParams returns a reader of c's query parameters.
func readParams(c *gin.Context) *paramReader { return &paramReader{params: params{query(c)}} }

// fail keeps err as the reader's error unless an earlier one is kept.
func (p *paramReader) fail(err error) {
	if p.err == nil {
		p.err = err
	}
}

// bad keeps the error of a bad value of parameter name and returns def.
func bad[T any](p *paramReader, name, value, expected string, def T) T {
	p.fail(badParam(name, value, expected))
	return def
}

// int reads a whole number in [lo, hi].
func (p *paramReader) int(name string, def, lo, hi int) int {
	s := p.str(name, "")
	if s == "" {
		return def
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		return bad(p, name, s, "a whole number from "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi), def)
	}
	return v
}

// int64 reads a whole number of 64 bits (a seed).
func (p *paramReader) int64(name string, def int64) int64 {
	return parsed(p, name, def, func(s string) (int64, error) { return strconv.ParseInt(s, 10, 64) }, "a whole number from -9223372036854775808 to 9223372036854775807")
}

// parsed reads a parameter with parse, def when absent; a value parse
// refuses is bad, expected saying what is.
func parsed[T any](p *paramReader, name string, def T, parse func(string) (T, error), expected string) T {
	s := p.str(name, "")
	if s == "" {
		return def
	}
	v, err := parse(s)
	if err != nil {
		return bad(p, name, s, expected, def)
	}
	return v
}

// number reads a number in r (NaN and infinities are outside every range).
func (p *paramReader) number(name string, def float64, r span) float64 {
	s := p.str(name, "")
	if s == "" {
		return def
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil && r.contains(v) {
		return v
	}
	return bad(p, name, s, r.String(), def)
}

// optNumber reads a number in r, nil when absent (or bad).
func (p *paramReader) optNumber(name string, r span) *float64 {
	if !p.has(name) {
		return nil
	}
	before := p.err
	v := p.number(name, 0, r)
	if p.err != before {
		return nil
	}
	return &v
}

func (p *paramReader) bool(name string, def bool) bool {
	return parsed(p, name, def, strconv.ParseBool, "true or false")
}

// oneOf reads a parameter that takes one of the given values.
func (p *paramReader) oneOf(name, def string, allowed ...string) string {
	s := p.str(name, def)
	if slices.Contains(allowed, s) {
		return s
	}
	return bad(p, name, s, "one of "+strings.Join(allowed, ", "), def)
}

// anyNumber is a parameter anyNumbers reads into dst, whose value is its default.
type anyNumber struct {
	name string
	dst  *float64
}

// anyNumbers reads each parameter in turn as a number of any size into its
// dst; the caller checks the ranges.
func (p *paramReader) anyNumbers(ps ...anyNumber) {
	number := span{lo: -1e300, hi: 1e300}
	for _, x := range ps {
		*x.dst = p.number(x.name, *x.dst, number)
	}
}

// format reads the answer's format among allowed (format or Accept, see negotiate).
func (p *paramReader) format(c *gin.Context, allowed ...export.Format) export.Format {
	f, err := negotiate(c, p.params, allowed)
	p.fail(err)
	return f
}

// paramSet is a set of parameter names.
func paramSet(names []string) map[string]bool {
	ok := make(map[string]bool, len(names))
	for _, a := range names {
		ok[a] = true
	}
	return ok
}

// unknownParam returns an EINVALID error naming the first parameter not in
// allowed, whose set is ok (parameters starting with "_", such as cache
// busters, are ignored).
func unknownParam(q url.Values, allowed []string, ok map[string]bool) error {
	if len(q) == 0 {
		return nil
	}
	var bad []string
	for k := range q {
		if !ok[k] && !strings.HasPrefix(k, "_") {
			bad = append(bad, k)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	list := "none"
	if len(allowed) > 0 {
		sorted := append([]string(nil), allowed...)
		sort.Strings(sorted)
		list = strings.Join(sorted, ", ")
	}
	return graphmodel.Errorf(graphmodel.EINVALID, "unknown parameter %q: this endpoint takes %s", bad[0], list)
}

// canonicalQuery encodes the parameters sorted by name, dropping empty
// values and "_" parameters, so that equal requests share a cache key.
func canonicalQuery(q url.Values) string { return string(appendCanonicalQuery(nil, q)) }

// appendCanonicalQuery appends canonicalQuery(q) to dst.
func appendCanonicalQuery(dst []byte, q url.Values) []byte {
	var arr [16]string
	keys := arr[:0]
	for k := range q {
		if !strings.HasPrefix(k, "_") {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	start := len(dst)
	for _, k := range keys {
		for _, v := range q[k] {
			if v == "" {
				continue
			}
			if len(dst) > start {
				dst = append(dst, '&')
			}
			dst = appendQueryEscape(dst, k)
			dst = append(dst, '=')
			dst = appendQueryEscape(dst, v)
		}
	}
	return dst
}

// appendQueryEscape appends url.QueryEscape(s) to dst: letters, digits and
// -_.~ as they are, space as +, every other byte as %XX.
func appendQueryEscape(dst []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9', b == '-', b == '_', b == '.', b == '~':
			dst = append(dst, b)
		case b == ' ':
			dst = append(dst, '+')
		default:
			dst = append(dst, '%', hex[b>>4], hex[b&15])
		}
	}
	return dst
}
