package api

import (
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

// tableOr encodes a result as JSON, or with format csv as the rows of the
// CLI's --format csv (a report table) in an attachment named filename.
func tableOr[T any](format export.Format, rows func(T) report.Table, filename string) func(T) (*rep, error) {
	return func(res T) (*rep, error) {
		if format == export.CSV {
			t := rows(res)
			return writeCSV(append([][]string{t.Header}, t.Rows...), filename)
		}
		return jsonRep(res)
	}
}

// seedLevelFormat reads seed, sector_level and format after the other
// parameters of a domain structure request.
func seedLevelFormat(c *gin.Context, p *paramReader, seed *int64, level *int) export.Format {
	*seed = p.int64("seed", 1)
	*level = p.int("sector_level", 0, 0, 16)
	return p.format(c, export.JSON, export.CSV)
}

// domainOverlap answers GET /domains/overlap: industries in several
// domains by soft membership over seeds (analysis.DomainOverlap).
func (s *Server) domainOverlap(c *gin.Context) {
	p := readParams(c)
	req := analysis.OverlapRequest{GraphRequest: graphRequest(p)}
	req.Resolution = p.number("resolution", 1, resolutionSpan)
	req.Seeds = p.int("seeds", analysis.DefaultOverlapSeeds, 1, community.MaxOverlapSeeds)
	req.MinMembership = p.number("min_membership", analysis.DefaultMinMembership, unitSpan)
	format := seedLevelFormat(c, p, &req.Seed, &req.SectorLevel)
	if s.failed(c, p.err) {
		return
	}
	answer(s, c, string(format), "domain-overlap", req, s.analyzer.DomainOverlap, tableOr(format, report.OverlapRows, "domain-overlap.csv"))
}

// domainHierarchy answers GET /domains/hierarchy: the domains at each
// resolution linked to their parent at the previous one (analysis.DomainHierarchy).
func (s *Server) domainHierarchy(c *gin.Context) {
	p := readParams(c)
	req := analysis.HierarchyRequest{GraphRequest: graphRequest(p)}
	if p.has("resolutions") {
		req.Resolutions = []float64{}
		for _, v := range p.list("resolutions") {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				p.fail(badParam("resolutions", p.q.Get("resolutions"), "comma-separated increasing numbers above 0, at most "+
					strconv.Itoa(community.MaxHierarchyLevels)))
				break
			}
			req.Resolutions = append(req.Resolutions, x)
		}
	}
	format := seedLevelFormat(c, p, &req.Seed, &req.SectorLevel)
	if s.failed(c, p.err) {
		return
	}
	answer(s, c, string(format), "domain-hierarchy", req, s.analyzer.DomainHierarchy, tableOr(format, report.HierarchyRows, "domain-hierarchy.csv"))
}
