package api

import (
	"bytes"
	"context"
	"net/http"
	"strconv"

	"github.com/domainscope/domainscope/brief"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/gin-gonic/gin"
)

// The workshop brief over HTTP: /brief/{region|domain|hypothesis}/{id}
// answers one self-contained HTML file (package brief), or with
// format=zip the CSV bundle of its tables. Briefs are not cached: a
// hypothesis can change without the store version changing, and a brief
// is asked for rarely.

func (s *Server) briefRoutes() []route {
	g := func(path string, h gin.HandlerFunc, params ...[]string) route {
		return route{method: http.MethodGet, path: prefix + path, params: join(append(params, []string{"format"})...), handler: h}
	}
	return []route{
		g("/brief/region/:id", s.briefRegion, graphParams, domainParams, regionParams),
		g("/brief/domain/:id", s.briefDomain, graphParams, domainParams, []string{"sector_level"}),
		g("/brief/hypothesis/:id", s.briefHypothesis, graphParams, evidenceParams),
	}
}

// briefFormat reads format: html (default) or zip.
func briefFormat(p params) (string, error) {
	f := p.str("format", "html")
	if f != "html" && f != "zip" {
		return "", badParam("format", f, "html or zip")
	}
	return f, nil
}

// sendBrief builds a brief under the heavy-request limit and writes it.
func (s *Server) sendBrief(c *gin.Context, name string, build func(ctx context.Context, m *brief.Maker) (*brief.Document, error)) {
	f, err := briefFormat(params{query(c)})
	if s.failed(c, err) {
		return
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.Timeout)
	defer cancel()
	release, err := s.acquireHeavy(ctx)
	if s.failed(c, err) {
		return
	}
	m := &brief.Maker{Analyzer: s.analyzer}
	if s.cfg.Renderer != nil {
		m.Renderer = s.cfg.Renderer
	}
	doc, err := build(ctx, m)
	release()
	if s.failed(c, err) {
		return
	}
	var b bytes.Buffer
	ctype, disp := "text/html; charset=utf-8", `inline; filename="`+name+`.html"`
	if f == "zip" {
		err = doc.WriteZip(&b)
		ctype, disp = "application/zip", `attachment; filename="`+name+`.zip"`
	} else {
		err = doc.WriteHTML(&b)
	}
	if err != nil {
		s.fail(c, graphmodel.WrapError(graphmodel.EINTERNAL, err, "writing the brief failed"))
		return
	}
	noStore(c)
	c.Header("Content-Disposition", disp)
	c.Data(http.StatusOK, ctype, b.Bytes())
}

func (s *Server) briefRegion(c *gin.Context) {
	p := readParams(c)
	req := regionRequest(p, c.Param("id"))
	if s.failed(c, p.err) {
		return
	}
	s.sendBrief(c, "brief-region-"+graphmodel.Slug(c.Param("id")), func(ctx context.Context, m *brief.Maker) (*brief.Document, error) {
		if err := s.withDefaultLayers(ctx, &req.GraphRequest); err != nil {
			return nil, err
		}
		return m.Region(ctx, req)
	})
}

func (s *Server) briefDomain(c *gin.Context) {
	p := readParams(c)
	req := domainsRequest(p, false)
	req.SectorLevel = p.int("sector_level", 0, 0, 16)
	if s.failed(c, p.err) {
		return
	}
	id, err := domainID(c)
	if s.failed(c, err) {
		return
	}
	s.sendBrief(c, "brief-domain-"+strconv.Itoa(id), func(ctx context.Context, m *brief.Maker) (*brief.Document, error) {
		if err := s.withDefaultLayers(ctx, &req.GraphRequest); err != nil {
			return nil, err
		}
		return m.Domain(ctx, req, id)
	})
}

func (s *Server) briefHypothesis(c *gin.Context) {
	id, err := hypothesisID(c)
	if s.failed(c, err) {
		return
	}
	p := readParams(c)
	req := evidenceRequest(p, id)
	if s.failed(c, p.err) {
		return
	}
	s.sendBrief(c, "brief-hypothesis-"+strconv.FormatInt(id, 10), func(ctx context.Context, m *brief.Maker) (*brief.Document, error) {
		if err := s.hypothesisLayers(ctx, &req); err != nil {
			return nil, err
		}
		return m.Hypothesis(ctx, req)
	})
}
