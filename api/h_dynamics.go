package api

import (
	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/api/export"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/gin-gonic/gin"
)

var dynamicsParams = []string{"measure", "from", "to", "min_count", "min_jobs", "significance", "min_entries", "top", "format"}

// dynamicsRequest reads a dynamics request (defaults as the CLI's 'dynamics').
func dynamicsRequest(p params) (analysis.DynamicsRequest, error) {
	var r analysis.DynamicsRequest
	var err error
	if r.GraphRequest, err = graphRequest(p); err != nil {
		return r, err
	}
	m, err := p.oneOf("measure", string(graphmodel.MeasureEmployment), string(graphmodel.MeasureEmployment), string(graphmodel.MeasurePatents))
	if err != nil {
		return r, err
	}
	r.Measure = graphmodel.Measure(m)
	r.From, r.To = p.str("from", ""), p.str("to", "")
	if r.MinCount, err = p.number("min_count", 0, countSpan); err != nil {
		return r, err
	}
	if p.has("min_jobs") {
		if r.MinJobs, err = p.optNumber("min_jobs", countSpan); err != nil {
			return r, err
		}
	}
	if r.Alpha, err = p.number("significance", analysis.DefaultAlpha, levelSpan); err != nil {
		return r, err
	}
	if r.MinEntries, err = p.int("min_entries", analysis.DefaultMinEntries, 2, 1000000); err != nil {
		return r, err
	}
	if r.Top, err = p.int("top", 20, -1, 100000); err != nil {
		return r, err
	}
	return r, nil
}

// dynamics answers GET /dynamics: entries and exits of specialisations
// between two periods and whether relatedness density predicted entry.
func (s *Server) dynamics(c *gin.Context) {
	p := params{c.Request.URL.Query()}
	req, err := dynamicsRequest(p)
	var format export.Format
	if err == nil {
		format, err = negotiate(c, p, []export.Format{export.JSON, export.CSV})
	}
	if s.failed(c, err) {
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
