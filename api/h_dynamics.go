package api

import (
	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/api/export"
	"github.com/gin-gonic/gin"
)

var dynamicsParams = []string{"measure", "from", "to", "min_count", "min_jobs", "significance", "min_entries", "top", "format"}

// dynamicsRequest reads a dynamics request (defaults as the CLI's 'dynamics').
func dynamicsRequest(p *paramReader) analysis.DynamicsRequest {
	r := analysis.DynamicsRequest{GraphRequest: graphRequest(p)}
	r.Measure = p.measure()
	r.From, r.To = p.str("from", ""), p.str("to", "")
	r.MinCount = p.number("min_count", 0, countSpan)
	r.MinJobs = p.optNumber("min_jobs", countSpan)
	r.Alpha = p.number("significance", analysis.DefaultAlpha, levelSpan)
	r.MinEntries = p.int("min_entries", analysis.DefaultMinEntries, 2, 1000000)
	r.Top = p.int("top", 20, -1, 100000)
	return r
}

// dynamics answers GET /dynamics: entries and exits of specialisations
// between two periods and whether relatedness density predicted entry.
func (s *Server) dynamics(c *gin.Context) {
	p := readParams(c)
	req := dynamicsRequest(p)
	format := p.format(c, export.JSON, export.CSV)
	if s.failed(c, p.err) {
		return
	}
	answer(s, c, string(format), "dynamics", req, s.analyzer.Dynamics, func(res *analysis.DynamicsResult) (*rep, error) {
		if format == export.CSV {
			rows := [][]string{{"change", "region", "code", "name", "density_from", "lq_from", "lq_to"}}
			add := func(kind string, cells []analysis.DynamicsCell) {
				for _, x := range cells {
					rows = append(rows, []string{kind, x.Region, x.Code, x.Name, fmtG(x.DensityFrom), fmtG(x.LQFrom), fmtG(x.LQTo)})
				}
			}
			add("entry", res.EntryList)
			add("exit", res.ExitList)
			return writeCSV(rows, "dynamics-"+res.From.Period+"-"+res.To.Period+".csv")
		}
		return jsonRep(res)
	})
}
