package api

import (
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
)

// mapParams are /map's own parameters beside the graph, domain and region
// ones: measure is the map measure, regional_measure the regional values
// (employment or patents; "measure" on the region endpoints).
var mapParams = []string{"measure", "regional_measure", "industry", "domain"}

// mapRegionParams are the region parameters /map shares.
func mapRegionParams() []string {
	var out []string
	for _, p := range regionParams {
		if p != "measure" && p != "regions" {
			out = append(out, p)
		}
	}
	return out
}

// MapResponse is what /map answers.
type MapResponse struct {
	*analysis.MapResult
	Params map[string]string `json:"params"`
}

// regionMap answers the choropleth data of one measure.
func (s *Server) regionMap(c *gin.Context) {
	q := query(c)
	rq := url.Values{}
	for k, v := range q {
		switch k {
		case "measure", "industry", "domain":
		case "regional_measure":
			rq["measure"] = v
		default:
			rq[k] = v
		}
	}
	rp := &paramReader{params: params{rq}}
	rr := regionRequest(rp, "")
	if graphmodel.ErrorField(rp.err) == "measure" {
		rp.err = graphmodel.FieldErrorf(graphmodel.EINVALID, "regional_measure", "parameter regional_measure=%q: expected employment or patents", q.Get("regional_measure"))
	}
	if s.failed(c, rp.err) {
		return
	}
	rr.Regions = nil
	p := &paramReader{params: params{q}}
	req := analysis.MapRequest{RegionRequest: rr, Industry: p.str("industry", "")}
	req.Value = p.oneOf("measure", analysis.MapLQ, analysis.MapMeasures...)
	if p.has("domain") {
		d := p.int("domain", 0, 0, 1<<30)
		req.Domain = &d
	}
	if s.failed(c, p.err) {
		return
	}
	answer(s, c, "", "map", req, s.analyzer.Map, func(res *analysis.MapResult) (*rep, error) {
		params := regionSetParams(res.Request.RegionRequest, res.Evidence)
		params["regional_measure"] = params["measure"]
		params["measure"] = res.Request.Value
		if req.Industry != "" {
			params["industry"] = req.Industry
		}
		if req.Domain != nil {
			params["domain"] = strings.TrimSpace(fmtG(float64(*req.Domain)))
		}
		return jsonRep(MapResponse{MapResult: res, Params: params})
	})
}
