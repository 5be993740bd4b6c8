package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/api/export"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/report"
	"github.com/domainscope/domainscope/specbases"
)

// basesParams are the query parameters of /regions/{id}/bases besides the graph's and domains'.
var basesParams = []string{"regional_period", "by", "knowledge", "knowledge_period", "min_total", "min_cell", "min_jobs", "strong", "format"}

// basesRoutes serve a region's three bases of specialisation.
func (s *Server) basesRoutes() []route {
	return []route{{method: http.MethodGet, path: prefix + "/regions/:id/bases", handler: s.regionBases,
		params: join(graphParams, domainParams, basesParams)}}
}

// regionBases answers GET /regions/{id}/bases: employment LQ, patent RTA and
// publication RSA by domain or industry, latent and jobs-only flagged
// (analysis.Bases), as JSON or CSV.
func (s *Server) regionBases(c *gin.Context) {
	p := params{c.Request.URL.Query()}
	req, err := basesRequest(p, c.Param("id"))
	var format export.Format
	if err == nil {
		format, err = negotiate(c, p, []export.Format{export.JSON, export.CSV})
	}
	if s.failed(c, err) {
		return
	}
	answer(s, c, string(format), "region-bases", req, s.analyzer.Bases, func(res *analysis.BasesResult) (*rep, error) {
		if format == export.CSV {
			t := report.BasesTable(res)
			return writeCSV(append([][]string{t.Header}, t.Rows...), "bases-"+res.Region.ID+".csv")
		}
		return jsonRep(res)
	})
}

// basesRequest reads the parameters of /regions/{id}/bases. Numbers must be
// numbers here; their ranges are checked by specbases (EINVALID naming the
// parameter), and the knowledge measures by analysis.Bases.
func basesRequest(p params, region string) (analysis.BasesRequest, error) {
	var req analysis.BasesRequest
	var err error
	if req.DomainsRequest, err = domainsRequest(p, false); err != nil {
		return req, err
	}
	req.Region = region
	req.RegionalPeriod = p.str("regional_period", "")
	req.KnowledgePeriod = p.str("knowledge_period", "")
	if req.By, err = p.oneOf("by", "domain", "domain", "industry"); err != nil {
		return req, err
	}
	for _, k := range p.list("knowledge") {
		req.Knowledge = append(req.Knowledge, graphmodel.Measure(k))
	}
	pr := specbases.Default()
	number := span{lo: -1e300, hi: 1e300}
	for _, f := range []struct {
		name string
		dst  *float64
	}{{"min_total", &pr.MinTotal}, {"min_cell", &pr.MinCell}, {"min_jobs", &pr.MinJobs}, {"strong", &pr.Strong}} {
		if *f.dst, err = p.number(f.name, *f.dst, number); err != nil {
			return req, err
		}
	}
	if field, perr := pr.Check(); perr != nil {
		return req, graphmodel.FieldErrorf(graphmodel.EINVALID, field, "parameter %s", perr)
	}
	req.Params = &pr
	return req, nil
}
