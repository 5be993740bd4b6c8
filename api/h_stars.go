package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/api/export"
	"github.com/domainscope/domainscope/clusterstars"
	"github.com/domainscope/domainscope/graphmodel"
)

// starsRoutes serve the Cluster Observatory star ratings of a region.
func (s *Server) starsRoutes() []route {
	return []route{{method: http.MethodGet, path: prefix + "/regions/:id/stars", handler: s.regionStars,
		params: join(graphParams, domainParams, regionParams, []string{"by", "level", "size_top", "min_lq", "focus_top", "format"})}}
}

// RegionStarsResponse is what /regions/{id}/stars answers.
type RegionStarsResponse struct {
	*analysis.StarsResult
	Params map[string]string `json:"params"`
}

// regionStars rates a region's domains or industry groups by size,
// specialisation and focus (analysis.ClusterStars).
func (s *Server) regionStars(c *gin.Context) {
	p := readParams(c)
	req := analysis.StarsRequest{RegionRequest: regionRequest(p, c.Param("id")), Thresholds: clusterstars.Default()}
	req.By = p.oneOf("by", "domain", "domain", "level")
	req.Level = p.int("level", 0, 0, 20)
	// The ranges are checked by ClusterStars (EINVALID naming the field);
	// here only "is it a number".
	p.anyNumbers(anyNumber{"size_top", &req.Thresholds.SizeTop}, anyNumber{"min_lq", &req.Thresholds.MinLQ}, anyNumber{"focus_top", &req.Thresholds.FocusTop})
	if field, err := req.Thresholds.Check(); err != nil {
		p.fail(graphmodel.FieldErrorf(graphmodel.EINVALID, field, "star threshold %s", err))
	}
	format := p.format(c, export.JSON, export.CSV)
	if s.failed(c, p.err) {
		return
	}
	answer(s, c, string(format), "region-stars", req, s.analyzer.ClusterStars, func(res *analysis.StarsResult) (*rep, error) {
		params := regionSetParams(res.Request.RegionRequest, analysis.DefaultEvidence(res.Request.Measure))
		params["by"], params["size_top"], params["min_lq"], params["focus_top"] = res.Request.By, fmtG(res.Request.Thresholds.SizeTop), fmtG(res.Request.Thresholds.MinLQ), fmtG(res.Request.Thresholds.FocusTop)
		if format == export.CSV {
			rows := [][]string{{"id", "label", "industries", "jobs", "lq", "share", "size_rank", "size_of", "focus_rank", "focus_of", "size", "specialisation", "focus", "stars", "reasons"}}
			for _, x := range res.Clusters {
				rows = append(rows, []string{x.ID, x.Label, strconv.Itoa(x.Industries), fmtG(x.Jobs), fmtG(x.LQ), fmtG(x.Share), strconv.Itoa(x.SizeRank), strconv.Itoa(x.SizeOf),
					strconv.Itoa(x.FocusRank), strconv.Itoa(x.FocusOf), strconv.FormatBool(x.Size), strconv.FormatBool(x.Specialisation), strconv.FormatBool(x.Focus), strconv.Itoa(x.Stars), strings.Join(x.Reasons, "; ")})
			}
			return writeCSV(rows, "stars-"+res.Region.ID+".csv")
		}
		return jsonRep(RegionStarsResponse{StarsResult: res, Params: params})
	})
}
