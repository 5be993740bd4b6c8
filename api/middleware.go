package api

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/domainscope/domainscope/api/web"
	"github.com/domainscope/domainscope/graphmodel"
)

// smallBody is the most a request other than an upload may carry.
const smallBody = 64 << 10

var (
	requestPrefix = func() string {
		b := make([]byte, 4)
		_, _ = rand.Read(b)
		return hex.EncodeToString(b)
	}()
	requestSeq atomic.Uint64
)

// recovery turns a panic into a 500 with the JSON error body; the stack
// goes to the log, never to the client.
func (s *Server) recovery(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			if r == http.ErrAbortHandler {
				panic(r)
			}
			s.fail(c, graphmodel.WrapError(graphmodel.EINTERNAL, fmt.Errorf("panic: %v\n%s", r, debug.Stack()), "internal error"))
		}
	}()
	c.Next()
}

// observe gives each request an ID (X-Request-ID, kept when the client sends
// one), counts it and its latency per route, and writes the access log.
func (s *Server) observe(c *gin.Context) {
	start := time.Now()
	r := requestOf(c)
	if v := c.Request.Header["X-Request-Id"]; len(v) > 0 { // Header.Get("X-Request-ID") would copy the key to canonicalise it
		r.id = v[0]
	}
	if r.id == "" || len(r.id) > 64 {
		var b [32]byte
		r.id = string(strconv.AppendUint(append(append(b[:0], requestPrefix...), '-'), requestSeq.Add(1), 10))
	}
	r.idValue[0] = r.id
	c.Writer.Header()["X-Request-Id"] = r.idValue[:]
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	status := c.Writer.Status()
	end := time.Now()
	d := end.Sub(start)
	s.metrics.observe(route, c.Request.Method, status, d)
	if h := s.log.Handler(); h.Enabled(c.Request.Context(), slogInfo) {
		// The record is made here rather than by Logger.LogAttrs, which
		// would look up the caller (this line, every time) at a tenth of
		// the log line's cost.
		rec := slog.NewRecord(end, slogInfo, "request", 0)
		rec.AddAttrs(strAttr("id", r.id), strAttr("method", c.Request.Method), strAttr("path", c.Request.URL.Path),
			strAttr("query", c.Request.URL.RawQuery), strAttr("route", route), intAttr("status", status),
			intAttr("bytes", c.Writer.Size()), durAttr("duration", d), strAttr("cache", r.cache),
			strAttr("error", r.errCode), strAttr("remote", c.ClientIP()))
		_ = h.Handle(c.Request.Context(), rec)
	}
}

// methodLabel is the method as metrics and messages name it: one of the
// methods of RFC 9110 and PATCH, or "other" for any made-up method, so that
// clients cannot grow the label set (each label value is a series kept for
// the life of the process).
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete,
		http.MethodConnect, http.MethodOptions, http.MethodTrace:
		return m
	}
	return "other"
}

// webAssets answers a GET or HEAD under /web/ for a file the page does not
// hold with the JSON 404 of the API (http.FileServer would answer plain text).
func (s *Server) webAssets(c *gin.Context) {
	name, ok := strings.CutPrefix(c.Request.URL.Path, web.Assets)
	if !ok || c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
		return
	}
	if name = strings.TrimSuffix(name, "/"); name == "" {
		name = "."
	}
	if _, err := fs.Stat(web.Files(), name); err != nil {
		s.fail(c, graphmodel.Errorf(graphmodel.ENOTFOUND, "no file %s in the explorer page's assets", shorten(c.Request.URL.Path, 200)))
	}
}

// cors answers browsers from the allow-list; with an empty list it does
// nothing (CORS is off).
func (s *Server) cors(c *gin.Context) {
	origin := c.GetHeader("Origin")
	if len(s.cfg.AllowOrigins) == 0 || origin == "" {
		c.Next()
		return
	}
	h := c.Writer.Header()
	h.Add("Vary", "Origin")
	any := slices.Contains(s.cfg.AllowOrigins, "*")
	if !any && !slices.Contains(s.cfg.AllowOrigins, origin) {
		if c.Request.Method == http.MethodOptions {
			c.AbortWithStatus(http.StatusNoContent) // no CORS headers: the browser refuses
			return
		}
		c.Next()
		return
	}
	if any {
		h.Set("Access-Control-Allow-Origin", "*")
	} else {
		h.Set("Access-Control-Allow-Origin", origin)
	}
	h.Set("Access-Control-Expose-Headers", "ETag, Content-Disposition, X-Request-ID, Retry-After")
	if c.Request.Method == http.MethodOptions {
		h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, If-None-Match, X-Request-ID")
		h.Set("Access-Control-Max-Age", "600")
		c.AbortWithStatus(http.StatusNoContent)
		return
	}
	c.Next()
}

// limits bounds the request body and the request's duration (the context
// is passed down to the store and the algorithms; its timer starts only
// when something waits on it, see deadlineCtx).
func (s *Server) limits(c *gin.Context) {
	limit := int64(smallBody)
	if c.Request.Method == http.MethodPost && strings.HasSuffix(c.Request.URL.Path, "/datasets") {
		limit = s.cfg.MaxBodyBytes
	}
	if c.Request.ContentLength > limit {
		s.fail(c, tooLarge(limit))
		return
	}
	if c.Request.Body != http.NoBody {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	}
	r := requestOf(c)
	r.setDeadline(time.Now().Add(s.cfg.Timeout))
	defer r.cancel()
	c.Next()
}

func tooLarge(limit int64) error {
	return graphmodel.Errorf(graphmodel.ETOOLARGE, "the request body is over the limit of %s", byteSize(limit))
}

// byteSize writes a size in bytes, KiB or MiB.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
