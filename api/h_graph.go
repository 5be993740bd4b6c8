package api

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/analysis"

	"github.com/domainscope/domainscope/api/export"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/viz"
	"github.com/gin-gonic/gin"
)

// subgraphRequest is a parsed /subgraph request: one of three modes.
type subgraphRequest struct {
	mode     string // "seeds", "domain" or "path"
	view     analysis.ViewRequest
	seeds    []string
	hops     int
	min      float64
	domain   int
	from, to string
}

// parseSubgraph reads and checks a subgraph request: every bad value,
// max_nodes and hops over the server's caps included, is EINVALID.
func (s *Server) parseSubgraph(p *paramReader) subgraphRequest {
	r := subgraphRequest{view: analysis.ViewRequest{GraphRequest: graphRequest(p)}}
	s.viewOptions(p, &r.view)
	var modes []string
	if p.has("seeds") {
		modes = append(modes, "seeds")
	}
	if p.has("domain") {
		modes = append(modes, "domain")
	}
	if p.has("from") || p.has("to") {
		modes = append(modes, "from and to")
	}
	if len(modes) != 1 {
		found := "none"
		if len(modes) > 1 {
			found = strings.Join(modes, " and ")
		}
		p.fail(graphmodel.Errorf(graphmodel.EINVALID, "subgraph: give exactly one of seeds (the graph around industries), domain (a knowledge domain) or from and to (the strongest path); found %s", found))
		return r
	}
	switch modes[0] {
	case "seeds":
		r.mode = "seeds"
		r.seeds = p.list("seeds")
		if len(r.seeds) > maxSeeds {
			p.fail(badParam("seeds", shorten(p.q.Get("seeds"), 40), "at most "+strconv.Itoa(maxSeeds)+" industry codes"))
		}
		r.hops = p.int("hops", 1, 1, s.cfg.MaxHops)
		r.min = p.number("min", 0, thresholdSpan)
	case "domain":
		r.mode = "domain"
		r.domain = p.int("domain", 0, 1, maxDomainID)
	default:
		r.mode = "path"
		r.from, r.to = p.str("from", ""), p.str("to", "")
		if r.from == "" || r.to == "" {
			p.fail(graphmodel.Errorf(graphmodel.EINVALID, "subgraph: a path needs both from and to (industry codes)"))
		}
	}
	for _, only := range []string{"hops", "min"} {
		if p.has(only) && r.mode != "seeds" {
			p.fail(graphmodel.Errorf(graphmodel.EINVALID, "parameter %s applies to seeds only", only))
		}
	}
	return r
}

// viewOptions reads the options of a graph view: domains, resolution, seed
// and max_nodes (at most the server's limit).
func (s *Server) viewOptions(p *paramReader, v *analysis.ViewRequest) {
	v.WithDomains = p.bool("domains", true)
	v.Resolution = p.number("resolution", 1, resolutionSpan)
	v.Seed = p.int64("seed", 1)
	before := p.err
	v.MaxNodes = p.int("max_nodes", s.cfg.MaxNodes, 1, s.cfg.MaxNodesLimit)
	if before == nil && p.err != nil {
		p.err = badParam("max_nodes", p.q.Get("max_nodes"), "a whole number from 1 to "+strconv.Itoa(s.cfg.MaxNodesLimit)+" (the limit of nodes in a view on this server)")
	}
}

// view computes the graph view of a subgraph request (cached per store version).
func (s *Server) view(ctx context.Context, r subgraphRequest) (*analysis.GraphView, error) {
	if err := s.withDefaultLayers(ctx, &r.view.GraphRequest); err != nil {
		return nil, err
	}
	key := keyOf("view", struct {
		M, From, To string
		V           analysis.ViewRequest
		S           []string
		H, D        int
		Min         float64
	}{r.mode, r.from, r.to, r.view, r.seeds, r.hops, r.domain, r.min})
	return result(ctx, s, key, func() (*analysis.GraphView, error) {
		switch r.mode {
		case "seeds":
			return s.analyzer.Neighbourhood(ctx, analysis.NeighbourhoodRequest{ViewRequest: r.view, Seeds: r.seeds, Hops: r.hops, Min: r.min})
		case "domain":
			return s.analyzer.DomainView(ctx, r.view, r.domain)
		}
		return s.analyzer.PathView(ctx, r.view, r.from, r.to)
	})
}

// subgraph answers the graph around seeds, of a domain, or along the
// strongest path between two industries, in any export format.
func (s *Server) subgraph(c *gin.Context) {
	p := readParams(c)
	r := s.parseSubgraph(p)
	fc := formatOptions(c, p)
	if s.failed(c, p.err) {
		return
	}
	s.cached(c, true, fc.variant(), func(ctx context.Context) (*rep, error) {
		v, err := s.view(ctx, r)
		if err != nil {
			return nil, err
		}
		return s.encodeView(ctx, v, fc, "domainscope-"+r.mode)
	})
}

// formatChoice is what a graph request asks of its encoding: the format
// (format or Accept), the CSV part, the diagram options and the export
// options.
type formatChoice struct {
	format export.Format
	part   string
	vopt   viz.Options
	eopt   export.Options
}

// variant is the part of the response cache key that the query string does
// not hold: the negotiated format and, for diagrams (the only formats with
// node links), the node links' base URL, which comes from request headers.
func (f formatChoice) variant() string {
	v := string(f.format) + "|" + f.part
	if isDiagram(f.format) {
		v += "|" + f.vopt.NodeURL
	}
	return v
}

// isDiagram reports whether f is drawn by Graphviz (the formats whose nodes link).
func isDiagram(f export.Format) bool {
	return f == export.DOT || f == export.SVG || f == export.PNG
}

// formatOptions reads the export format (format or Accept), the CSV part,
// the GEXF version (version, with format=gexf), the diagram options and
// the node links of diagrams (links, see nodeURL).
func formatOptions(c *gin.Context, p *paramReader) formatChoice {
	fc := formatChoice{format: p.format(c, export.Formats...)}
	if p.has("part") {
		if fc.format != export.CSV {
			p.fail(graphmodel.FieldErrorf(graphmodel.EINVALID, "part", "parameter part applies to format=csv only"))
		}
		fc.part = p.oneOf("part", "", export.PartNodes, export.PartEdges, export.PartParams)
	}
	if p.has("version") {
		if fc.format != export.GEXF {
			p.fail(graphmodel.FieldErrorf(graphmodel.EINVALID, "version", "parameter version applies to format=gexf only (1.3 or 1.2)"))
		}
		var err error
		fc.eopt.GEXFVersion, err = export.ParseGEXFVersion(p.q.Get("version"))
		p.fail(err)
	}
	// The diagram options are checked whatever the format, so that a bad
	// value is refused even where it would not be used.
	var err error
	fc.vopt, err = viz.ParseOptions(p.q)
	p.fail(err)
	links := p.oneOf("links", "absolute", "absolute", "relative", "none")
	if isDiagram(fc.format) {
		fc.vopt.NodeURL = nodeURL(c.Request, links) // only diagrams link their nodes
	}
	return fc
}

// nodeURL is the link template of diagram nodes: with links=absolute (the
// default) an absolute URL of /industries/{code}, so that links still work
// in a saved SVG file, its scheme and host taken from X-Forwarded-Proto and
// X-Forwarded-Host when a proxy set them, else from the request (http or
// https, and Host); with links=relative the path alone; with links=none no
// links. A host that is not a plain host name or address[:port] gives the
// path alone.
func nodeURL(r *http.Request, links string) string {
	path := prefix + "/industries/{code}"
	switch links {
	case "none":
		return ""
	case "relative":
		return path
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if fp := firstForwarded(r.Header.Get("X-Forwarded-Proto")); fp == "http" || fp == "https" {
		scheme = fp
	}
	host := r.Host
	if fh := firstForwarded(r.Header.Get("X-Forwarded-Host")); fh != "" {
		host = fh
	}
	if !plainHost(host) {
		return path
	}
	return scheme + "://" + host + path
}

// firstForwarded is the first of a comma-separated forwarded header's
// values (the client-facing one), lower-cased and trimmed.
func firstForwarded(h string) string {
	first, _, _ := strings.Cut(h, ",")
	return strings.ToLower(strings.TrimSpace(first))
}

// plainHost reports whether h is a host name, IPv4 or bracketed IPv6
// address with an optional port, and nothing else.
func plainHost(h string) bool {
	if h == "" || len(h) > 255 {
		return false
	}
	for _, r := range h {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune(".-:[]", r):
		default:
			return false
		}
	}
	return true
}

// encodeView writes a view in a format: the exports of package export, or
// a diagram through package viz.
func (s *Server) encodeView(ctx context.Context, v *analysis.GraphView, fc formatChoice, name string) (*rep, error) {
	f, part, opt := fc.format, fc.part, fc.vopt
	attach := func(ext string) string { return `attachment; filename="` + name + "." + ext + `"` }
	switch f {
	case export.DOT:
		b, err := viz.DOT(v, opt)
		s.countRender(f, err)
		if err != nil {
			return nil, err
		}
		return newRep(b, f.ContentType(), attach(f.Extension())), nil
	case export.SVG, export.PNG:
		if s.cfg.Renderer == nil {
			return nil, graphmodel.Errorf(graphmodel.EUNAVAILABLE, "format=%s: diagram rendering is off on this server; format=dot gives the Graphviz source", f)
		}
		b, err := s.cfg.Renderer.Render(ctx, v, string(f), opt)
		s.countRender(f, err)
		if err != nil {
			return nil, err
		}
		disp := ""
		if f == export.PNG {
			disp = attach("png")
		}
		return newRep(b, f.ContentType(), disp), nil
	case export.CSV:
		if part != "" {
			var b bytes.Buffer
			if err := export.CSVPart(&b, v, part); err != nil {
				return nil, err
			}
			return newRep(b.Bytes(), "text/csv; charset=utf-8", `attachment; filename="`+name+"-"+part+`.csv"`), nil
		}
	}
	b, err := export.WriteOptions(v, f, fc.eopt)
	if err != nil {
		return nil, graphmodel.WrapError(graphmodel.EINTERNAL, err, "writing the %s export failed", f)
	}
	disp := ""
	if f == export.GEXF || f == export.GraphML || f == export.CSV {
		disp = attach(f.Extension())
	}
	return newRep(b, f.ContentType(), disp), nil
}

func (s *Server) countRender(f export.Format, err error) {
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	s.metrics.renders.WithLabelValues(string(f), outcome).Inc()
}

// shorten cuts s to at most n runes, marking the cut with an ellipsis.
func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// regionGraph answers the picture of a region (analysis.Analyzer.RegionView):
// its specialisations and top diversification opportunities with the links
// among them, in any export format.
func (s *Server) regionGraph(c *gin.Context) {
	p := readParams(c)
	rr := regionRequest(p, c.Param("id"))
	req := analysis.RegionViewRequest{RegionRequest: rr}
	req.Specialisations = p.int("specialisations", analysis.DefaultRegionSpecialisations, 1, analysis.MaxRegionViewNodes)
	req.Shown = p.int("shown", analysis.DefaultRegionOpportunities, 0, analysis.MaxRegionViewNodes)
	fc := formatOptions(c, p)
	if s.failed(c, p.err) {
		return
	}
	s.cached(c, true, fc.variant(), func(ctx context.Context) (*rep, error) {
		v, err := compute(ctx, s, "regionview", req, s.analyzer.RegionView)
		if err != nil {
			return nil, err
		}
		return s.encodeView(ctx, v, fc, "domainscope-region-"+graphmodel.Slug(rr.Region))
	})
}
