package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"github.com/domainscope/domainscope/api/export"
	"github.com/domainscope/domainscope/graphmodel"
)

// gzipMin is the smallest body sent gzip-compressed (when the client accepts it).
const gzipMin = 1024

// rep is one representation of a response as the cache keeps it: the body,
// its media type and ETag, and its gzip encoding made on first demand. The
// header values are kept as the []string the header map holds, so that a
// cached answer sets them without allocating (the map shares them: nothing
// may change them in place).
type rep struct {
	body        []byte
	ctype       string
	etag        string
	disposition string

	etagValue, ctypeValue, lengthValue, dispValue []string

	gzOnce     sync.Once
	gz         []byte   // nil when compression does not pay
	gzLenValue []string // Content-Length of gz
}

// Header values shared by every response.
var (
	noCacheValue = []string{"no-cache"}
	varyValue    = []string{"Accept, Accept-Encoding"}
	gzipValue    = []string{"gzip"}
)

// newRep wraps a body; the ETag is weak because the same representation is
// also sent gzip-encoded. A body with spare capacity (a bytes.Buffer's
// doubling) is copied to its exact size: the cache keeps it for long.
func newRep(body []byte, ctype, disposition string) *rep {
	h := sha256.Sum256(body)
	r := &rep{body: compact(body), ctype: ctype, disposition: disposition, etag: `W/"` + hex.EncodeToString(h[:12]) + `"`}
	r.etagValue, r.ctypeValue, r.lengthValue = []string{r.etag}, []string{ctype}, []string{strconv.Itoa(len(r.body))}
	if disposition != "" {
		r.dispValue = []string{disposition}
	}
	return r
}

// compact returns b in a slice of the smallest allocation that holds it
// when b has more than 1/16 of spare capacity. (append sizes the new
// allocation to the allocator's size class, so cap tells what it takes.)
func compact(b []byte) []byte {
	if cap(b)-len(b) > len(b)/16 {
		return append([]byte(nil), b...)
	}
	return b
}

// size is the bytes r holds: its body, its gzip encoding if made, and its strings.
func (r *rep) size() int64 {
	return int64(cap(r.body)+cap(r.gz)+len(r.ctype)+len(r.etag)+len(r.disposition)) + 64 + repValuesSize
}

// repValuesSize is what the header values of a rep take besides the
// strings counted by size: five slices of one string (a 16-byte header
// each) and their 24-byte slice headers, and the length strings.
const repValuesSize = 5*(16+24) + 2*8

func jsonRep(v any) (*rep, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, graphmodel.WrapError(graphmodel.EINTERNAL, err, "encoding the response failed")
	}
	return newRep(b, "application/json; charset=utf-8", ""), nil
}

// gzipped returns the gzip encoding of the body (nil when it does not pay)
// and whether this call made it.
func (r *rep) gzipped() (gz []byte, made bool) {
	r.gzOnce.Do(func() {
		made = true
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		_, _ = zw.Write(r.body)
		if zw.Close() == nil && b.Len() < len(r.body) {
			r.gz = compact(b.Bytes())
			r.gzLenValue = []string{strconv.Itoa(len(r.gz))}
		}
	})
	return r.gz, made
}

// write sends r, or 304 Not Modified when If-None-Match names its ETag. It
// returns the bytes of a gzip encoding it made (for the cache's account).
func (s *Server) write(c *gin.Context, r *rep) (gzMade int64) {
	h := c.Writer.Header()
	h["Etag"] = r.etagValue
	h["Cache-Control"] = noCacheValue
	if v, ok := h["Vary"]; ok {
		h["Vary"] = append(v, varyValue[0])
	} else {
		h["Vary"] = varyValue
	}
	if etagMatch(c.Request.Header.Get("If-None-Match"), r.etag) {
		c.Status(304)
		c.Writer.WriteHeaderNow()
		return 0
	}
	if r.dispValue != nil {
		h["Content-Disposition"] = r.dispValue
	}
	body, length := r.body, r.lengthValue
	if len(body) >= gzipMin && acceptsGzip(c.Request.Header.Get("Accept-Encoding")) {
		gz, made := r.gzipped()
		if made {
			gzMade = int64(cap(gz))
		}
		if gz != nil {
			h["Content-Encoding"] = gzipValue
			body, length = gz, r.gzLenValue
		}
	}
	h["Content-Type"] = r.ctypeValue
	h["Content-Length"] = length
	c.Status(200)
	_, _ = c.Writer.Write(body)
	return gzMade
}

// etagMatch reports whether an If-None-Match header names etag (weak
// comparison, RFC 9110 §13.1.2).
func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	want := strings.TrimPrefix(etag, "W/")
	for header != "" {
		var t string
		t, header, _ = strings.Cut(header, ",")
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip.
func acceptsGzip(header string) bool {
	for header != "" {
		var part string
		part, header, _ = strings.Cut(header, ",")
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.TrimSpace(name)
		if !strings.EqualFold(name, "gzip") && name != "*" {
			continue
		}
		q = strings.ReplaceAll(q, " ", "")
		if v, ok := strings.CutPrefix(q, "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil && f == 0 {
				return false
			}
		}
		return true
	}
	return false
}

// negotiate picks the response format: the format parameter when given
// (EINVALID when it is not one of allowed), else the media type of the
// Accept header with the highest q-value (RFC 9110 §12.5.1; ties in the
// header's order) that one of allowed answers, else JSON. Types with q=0
// are never chosen.
func negotiate(c *gin.Context, p params, allowed []export.Format) (export.Format, error) {
	if s := p.str("format", ""); s != "" {
		for _, f := range allowed {
			if string(f) == s {
				return f, nil
			}
		}
		names := make([]string, len(allowed))
		for i, f := range allowed {
			names[i] = string(f)
		}
		return "", badParam("format", s, "one of "+strings.Join(names, ", "))
	}
	best, bestQ := export.JSON, 0.0
	for accept := c.Request.Header.Get("Accept"); accept != ""; {
		var part string
		part, accept, _ = strings.Cut(accept, ",")
		mt, q := acceptItem(part)
		if q <= bestQ {
			continue
		}
		if f, ok := export.FormatForMediaType(mt); ok && slices.Contains(allowed, f) {
			best, bestQ = f, q
		}
	}
	return best, nil
}

// acceptItem splits one element of an Accept header into its media type
// and its q-value (1 when absent; 0 when malformed, so it is not chosen).
func acceptItem(part string) (string, float64) {
	mt, params, _ := strings.Cut(part, ";")
	q := 1.0
	for params != "" {
		var prm string
		prm, params, _ = strings.Cut(params, ";")
		k, v, ok := strings.Cut(strings.TrimSpace(prm), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || !(f >= 0 && f <= 1) {
			f = 0
		}
		q = f
	}
	return strings.TrimSpace(mt), q
}

// cached answers a GET from the response cache, or builds the response
// once for all concurrent identical requests. The cache key is the path,
// the canonical query, variant (e.g. the negotiated format) and the store
// version. A heavy build runs under the limit of concurrent heavy requests;
// every build is bounded by the request timeout even if its first caller
// goes away.
func (s *Server) cached(c *gin.Context, heavy bool, variant string, build func(ctx context.Context) (*rep, error)) {
	ctx := c.Request.Context()
	version, err := s.version(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf [256]byte
	key := cacheKey(buf[:0], c.Request.URL.Path, query(c), variant, version)
	route := c.FullPath()
	r, hit := s.responses.lookup(key)
	if !hit {
		r, hit, err = s.responses.do(ctx, string(key), version, func() (*rep, int64, error) {
			bctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.Timeout)
			defer cancel()
			if heavy {
				release, err := s.acquireHeavy(bctx)
				if err != nil {
					return nil, 0, err
				}
				defer release()
			}
			r, err := build(bctx)
			if err != nil {
				return nil, 0, err
			}
			return r, r.size(), nil
		})
	}
	s.metrics.cacheLookup(route, hit)
	if hit {
		requestOf(c).cache = "hit"
	} else {
		requestOf(c).cache = "miss"
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	if gz := s.write(c, r); gz > 0 {
		s.responses.grow(string(key), gz)
	}
}

// cacheKey appends the response cache key of a request to dst: the path,
// the canonical query, variant and the store version.
func cacheKey(dst []byte, path string, q url.Values, variant string, version int64) []byte {
	dst = append(append(dst, path...), '?')
	dst = appendCanonicalQuery(dst, q)
	dst = append(append(append(dst, '|'), variant...), "|v"...)
	return strconv.AppendInt(dst, version, 10)
}

// acquireHeavy takes a slot of the heavy-request limit, waiting at most
// HeavyWait; a full server answers errBusy.
func (s *Server) acquireHeavy(ctx context.Context) (func(), error) {
	release := func() {
		<-s.heavy
		s.metrics.heavy.Dec()
	}
	select {
	case s.heavy <- struct{}{}:
		s.metrics.heavy.Inc()
		return release, nil
	default:
	}
	if s.cfg.HeavyWait > 0 {
		wctx, cancel := context.WithTimeout(ctx, s.cfg.HeavyWait)
		defer cancel()
		select {
		case s.heavy <- struct{}{}:
			s.metrics.heavy.Inc()
			return release, nil
		case <-wctx.Done():
		}
	}
	s.metrics.rejected.Inc()
	return nil, s.errBusy
}

func isBusy(s *Server, err error) bool { return errors.Is(err, s.errBusy) }
