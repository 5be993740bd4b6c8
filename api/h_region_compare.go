package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/domainscope/domainscope/analysis"
)

// regionSetRoutes are the analyses of several regions: comparison and partners.
func (s *Server) regionSetRoutes() []route {
	g := func(path string, h gin.HandlerFunc, params ...[]string) route {
		return route{method: http.MethodGet, path: prefix + path, params: join(params...), handler: h}
	}
	return []route{
		g("/regions/compare", s.compareRegions, graphParams, domainParams, regionParams),
		g("/regions/:id/partners", s.regionPartners, graphParams, domainParams, regionParams, []string{"top", "explain"}),
		g("/map", s.regionMap, graphParams, domainParams, mapRegionParams(), mapParams),
	}
}

// regionSetParams lists the parameters of a multi-region answer.
func regionSetParams(req analysis.RegionRequest, ev analysis.Evidence) map[string]string {
	params := domainsParams(req.DomainsRequest)
	params["measure"] = string(req.Measure)
	if req.RegionalPeriod != "" {
		params["regional_period"] = req.RegionalPeriod
	}
	params["min_jobs"], params["significance"], params["min_related"] = fmtG(ev.MinValue), fmtG(ev.Alpha), strconv.Itoa(ev.MinSupport)
	params["min_moves"], params["rank_by"] = fmtG(ev.MinMoves), ev.RankBy
	return params
}

// RegionCompareResponse is what /regions/compare answers.
type RegionCompareResponse struct {
	*analysis.RegionCompareResult
	Params map[string]string `json:"params"`
}

// compareRegions puts the regions of regions=a,b[,c,d] side by side.
func (s *Server) compareRegions(c *gin.Context) {
	p := readParams(c)
	rr := regionRequest(p, "")
	if s.failed(c, p.err) {
		return
	}
	req := analysis.RegionCompareRequest{RegionRequest: rr, Compare: rr.Regions}
	req.Regions = nil
	answer(s, c, "", "region-compare", req, s.analyzer.CompareRegions, func(res *analysis.RegionCompareResult) (*rep, error) {
		return jsonRep(RegionCompareResponse{RegionCompareResult: res, Params: regionSetParams(res.Request.RegionRequest, res.Evidence)})
	})
}

// RegionPartnersResponse is what /regions/{id}/partners answers.
type RegionPartnersResponse struct {
	*analysis.PartnersResult
	Params map[string]string `json:"params"`
}

// regionPartners ranks the partner regions of a region by complementarity.
func (s *Server) regionPartners(c *gin.Context) {
	p := readParams(c)
	req := analysis.PartnersRequest{RegionRequest: regionRequest(p, c.Param("id"))}
	req.Top = p.int("top", 10, 1, 1000)
	req.Explain = p.int("explain", 5, 1, 50)
	if s.failed(c, p.err) {
		return
	}
	answer(s, c, "", "region-partners", req, s.analyzer.Partners, func(res *analysis.PartnersResult) (*rep, error) {
		return jsonRep(RegionPartnersResponse{PartnersResult: res, Params: regionSetParams(res.Request.RegionRequest, res.Evidence)})
	})
}
