package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/api/export"
	"github.com/domainscope/domainscope/graph/community"
	"github.com/domainscope/domainscope/report"
)

// domainStructureRoutes serve the overlapping domains and the domain
// hierarchy across resolutions.
func (s *Server) domainStructureRoutes() []route {
	return []route{
		{method: http.MethodGet, path: prefix + "/domains/overlap", handler: s.domainOverlap,
			params: join(graphParams, domainParams, []string{"seeds", "min_membership", "sector_level", "format"})},
		{method: http.MethodGet, path: prefix + "/domains/hierarchy", handler: s.domainHierarchy,
			params: join(graphParams, []string{"resolutions", "seed", "sector_level", "format"})},
	}
}

// tableCSV answers a report table as a CSV attachment (the rows of the CLI's --format csv).
func tableCSV(t report.Table, filename string) (*rep, error) {
	return writeCSV(append([][]string{t.Header}, t.Rows...), filename)
}

// domainOverlap answers GET /domains/overlap: industries in several
// domains by soft membership over seeds (analysis.DomainOverlap).
func (s *Server) domainOverlap(c *gin.Context) {
	p := params{c.Request.URL.Query()}
	var req analysis.OverlapRequest
	var err error
	req.GraphRequest, err = graphRequest(p)
	if err == nil {
		req.Resolution, err = p.number("resolution", 1, resolutionSpan)
	}
	if err == nil {
		req.Seed, err = p.int64("seed", 1)
	}
	if err == nil {
		req.Seeds, err = p.int("seeds", analysis.DefaultOverlapSeeds, 1, community.MaxOverlapSeeds)
	}
	if err == nil {
		req.MinMembership, err = p.number("min_membership", analysis.DefaultMinMembership, unitSpan)
	}
	if err == nil {
		req.SectorLevel, err = p.int("sector_level", 0, 0, 16)
	}
	var format export.Format
	if err == nil {
		format, err = negotiate(c, p, []export.Format{export.JSON, export.CSV})
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.cached(c, true, string(format), func(ctx context.Context) (*rep, error) {
		if err := s.withDefaultLayers(ctx, &req.GraphRequest); err != nil {
			return nil, err
		}
		res, err := result(ctx, s, keyOf("domain-overlap", req), func() (*analysis.OverlapResult, error) { return s.analyzer.DomainOverlap(ctx, req) })
		if err != nil {
			return nil, err
		}
		if format == export.CSV {
			return tableCSV(report.OverlapRows(res), "domain-overlap.csv")
		}
		return jsonRep(res)
	})
}

// domainHierarchy answers GET /domains/hierarchy: the domains at each
// resolution linked to their parent at the previous one (analysis.DomainHierarchy).
func (s *Server) domainHierarchy(c *gin.Context) {
	p := params{c.Request.URL.Query()}
	var req analysis.HierarchyRequest
	var err error
	req.GraphRequest, err = graphRequest(p)
	if err == nil && p.has("resolutions") {
		req.Resolutions = []float64{}
		for _, v := range p.list("resolutions") {
			x, perr := strconv.ParseFloat(v, 64)
			if perr != nil {
				err = badParam("resolutions", p.q.Get("resolutions"), "comma-separated increasing numbers above 0, at most "+
					strconv.Itoa(community.MaxHierarchyLevels))
				break
			}
			req.Resolutions = append(req.Resolutions, x)
		}
	}
	if err == nil {
		req.Seed, err = p.int64("seed", 1)
	}
	if err == nil {
		req.SectorLevel, err = p.int("sector_level", 0, 0, 16)
	}
	var format export.Format
	if err == nil {
		format, err = negotiate(c, p, []export.Format{export.JSON, export.CSV})
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.cached(c, true, string(format), func(ctx context.Context) (*rep, error) {
		if err := s.withDefaultLayers(ctx, &req.GraphRequest); err != nil {
			return nil, err
		}
		res, err := result(ctx, s, keyOf("domain-hierarchy", req), func() (*analysis.HierarchyResult, error) { return s.analyzer.DomainHierarchy(ctx, req) })
		if err != nil {
			return nil, err
		}
		if format == export.CSV {
			return tableCSV(report.HierarchyRows(res), "domain-hierarchy.csv")
		}
		return jsonRep(res)
	})
}
