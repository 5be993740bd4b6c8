package api

import (
	"context"

	"github.com/domainscope/domainscope/analysis"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/gin-gonic/gin"
)

// RegionsResponse is what /regions answers.
type RegionsResponse struct {
	Regions      []graphmodel.Region      `json:"regions"`
	RegionalSets []graphmodel.RegionalSet `json:"regional_sets"`
	StoreVersion int64                    `json:"store_version"`
}

func (s *Server) regions(c *gin.Context) {
	s.cached(c, false, "", func(ctx context.Context) (*rep, error) {
		var out RegionsResponse
		var err error
		if out.Regions, err = s.store.Regions(ctx); err != nil {
			return nil, err
		}
		if out.RegionalSets, err = s.store.RegionalSets(ctx); err != nil {
			return nil, err
		}
		if out.StoreVersion, err = s.version(ctx); err != nil {
			return nil, err
		}
		if out.Regions == nil {
			out.Regions = []graphmodel.Region{}
		}
		if out.RegionalSets == nil {
			out.RegionalSets = []graphmodel.RegionalSet{}
		}
		return jsonRep(out)
	})
}

// regionRequest reads a regional profile request (defaults as the CLI's).
func regionRequest(p *paramReader, region string) analysis.RegionRequest {
	r := analysis.RegionRequest{DomainsRequest: domainsRequest(p, false), Region: region}
	// regions=a,b sums them with the path's region into one functional region.
	r.Regions = p.list("regions")
	r.Measure = p.measure()
	r.RegionalPeriod = p.str("regional_period", "")
	r.VarietyLevel = p.int("variety_level", 0, -1, 16)
	r.MinCount = p.number("min_count", 0, countSpan)
	r.Opportunities = p.int("opportunities", 20, 1, maxRegionTop)
	r.MinRelated = p.int("min_related", analysis.DefaultMinSupport, 0, 1000)
	r.MinJobs = p.optNumber("min_jobs", countSpan)
	r.Alpha = p.number("significance", analysis.DefaultAlpha, levelSpan)
	moves := p.number("min_moves", analysis.DefaultMinMoves, countSpan)
	r.MinMoves = &moves
	r.RankBy = p.oneOf("rank_by", analysis.RankDensityLower, analysis.RankDensityLower, analysis.RankDensity)
	return r
}

// measure reads the regional measure: employment (default) or patents.
func (p *paramReader) measure() graphmodel.Measure {
	return graphmodel.Measure(p.oneOf("measure", string(graphmodel.MeasureEmployment), string(graphmodel.MeasureEmployment), string(graphmodel.MeasurePatents)))
}

// RegionPart is what the parts of a regional profile answer: the region,
// what it was computed from, and one section of the profile.
type RegionPart struct {
	Region     graphmodel.Region      `json:"region"`
	Measure    string                 `json:"measure"`
	Period     string                 `json:"period"`
	Quotient   string                 `json:"quotient"`
	Regional   graphmodel.RegionalSet `json:"regional_set"`
	Provenance analysis.Provenance    `json:"provenance"`
	// Evidence holds the thresholds the specialisations and opportunities used.
	Evidence analysis.Evidence `json:"evidence"`
	Params   map[string]string `json:"params"`
}

// RegionQuadrant is what /regions/{id}/quadrant answers: the data of the
// relatedness-density × complexity scatter plot (Balland et al. 2019) of
// every industry the region lacks, with the region's complexity and the
// cuts between the quadrants.
type RegionQuadrant struct {
	RegionPart
	Complexity *analysis.RegionComplexity `json:"complexity"`
	Points     []analysis.QuadrantPoint   `json:"points"`
}

// RegionOpportunities is what /regions/{id}/opportunities answers: the
// industries the region could diversify into, by relatedness density.
type RegionOpportunities struct {
	RegionPart
	Opportunities []analysis.Opportunity `json:"opportunities"`
}

// RegionCrossClustering is what /regions/{id}/cross-clustering answers: the
// region's presence in each knowledge domain and the pairs of domains whose
// specialisations are related.
type RegionCrossClustering struct {
	RegionPart
	DomainLabels    map[int]string             `json:"domain_labels"`
	Domains         []analysis.DomainPresence  `json:"domains"`
	CrossClustering []analysis.CrossClustering `json:"cross_clustering"`
}

// RegionPeers is what /regions/{id}/peers answers: the other regions, most
// similar specialisation portfolio first.
type RegionPeers struct {
	RegionPart
	Peers []analysis.Peer `json:"peers"`
}

// RegionProfileResponse is what /regions/{id}/profile answers.
type RegionProfileResponse struct {
	*analysis.RegionResult
	Params map[string]string `json:"params"`
}

// regionPart answers one part of a region's profile; the profile is
// computed once per parameters and store version for all parts.
func (s *Server) regionPart(part string) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := readParams(c)
		req := regionRequest(p, c.Param("id"))
		if s.failed(c, p.err) {
			return
		}
		answer(s, c, "", "region", req, s.analyzer.Region, func(res *analysis.RegionResult) (*rep, error) {
			params := regionSetParams(res.Request, res.Evidence)
			if part == "profile" {
				return jsonRep(RegionProfileResponse{RegionResult: res, Params: params})
			}
			out := RegionPart{Region: res.Region, Measure: res.Measure, Period: res.Period, Quotient: res.Quotient,
				Regional: res.Regional, Provenance: res.Provenance, Evidence: res.Evidence, Params: params}
			switch part {
			case "quadrant":
				return jsonRep(RegionQuadrant{out, res.Complexity, nonNil(res.Quadrant())})
			case "opportunities":
				return jsonRep(RegionOpportunities{out, nonNil(res.Opportunities)})
			case "cross-clustering":
				return jsonRep(RegionCrossClustering{out, res.DomainLabels, nonNil(res.Domains), nonNil(res.CrossClustering)})
			}
			return jsonRep(RegionPeers{out, nonNil(res.Peers)})
		})
	}
}

func nonNil[T any](x []T) []T {
	if x == nil {
		return []T{}
	}
	return x
}
