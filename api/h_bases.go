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
	p := readParams(c)
	req := basesRequest(p, c.Param("id"))
	format := p.format(c, export.JSON, export.CSV)
	if s.failed(c, p.err) {
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
func basesRequest(p *paramReader, region string) analysis.BasesRequest {
	var req analysis.BasesRequest
	req.DomainsRequest, req.Region = domainsRequest(p, false), region
	req.RegionalPeriod = p.str("regional_period", "")
	req.KnowledgePeriod = p.str("knowledge_period", "")
	req.By = p.oneOf("by", "domain", "domain", "industry")
	for _, k := range p.list("knowledge") {
		req.Knowledge = append(req.Knowledge, graphmodel.Measure(k))
	}
	pr := specbases.Default()
	p.anyNumbers(anyNumber{"min_total", &pr.MinTotal}, anyNumber{"min_cell", &pr.MinCell}, anyNumber{"min_jobs", &pr.MinJobs}, anyNumber{"strong", &pr.Strong})
	if field, err := pr.Check(); err != nil {
		p.fail(graphmodel.FieldErrorf(graphmodel.EINVALID, field, "parameter %s", err))
	}
	req.Params = &pr
	return req
}
