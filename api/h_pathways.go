package api

import (
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/api/export"
	"github.com/gin-gonic/gin"
)

// regionPathways answers GET /regions/{id}/pathways: the reach of every
// industry and each domain's development pathway for the region.
func (s *Server) regionPathways(c *gin.Context) {
	p := readParams(c)
	req := analysis.PathwaysRequest{RegionRequest: regionRequest(p, c.Param("id"))}
	req.Domain = p.int("domain", 0, 0, 1000000)
	format := p.format(c, export.JSON, export.CSV)
	if s.failed(c, p.err) {
		return
	}
	answer(s, c, string(format), "pathways", req, s.analyzer.Pathways, func(res *analysis.PathwaysResult) (*rep, error) {
		if format == export.CSV {
			rows := [][]string{{"domain", "label", "pathway", "size", "base", "gaps", "mean_gap_density", "why"}}
			for _, x := range res.Pathways {
				var base []string
				for _, b := range x.Base {
					base = append(base, b.Code)
				}
				rows = append(rows, []string{strconv.Itoa(x.Domain), x.Label, x.Pathway, strconv.Itoa(x.Size), strings.Join(base, " "),
					strconv.Itoa(x.Gaps), fmtG(x.MeanGapDensity), x.Why})
			}
			return writeCSV(rows, "pathways-"+res.Region.ID+".csv")
		}
		return jsonRep(res)
	})
}
