package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"

	"github.com/domainscope/domainscope/analysis"

	"github.com/domainscope/domainscope/api/export"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/gin-gonic/gin"
)

// Query parameters of the change-over-time routes.
var (
	compareParams      = []string{"layer", "from", "to", "threshold", "floor", "loss_factor", "top_k", "min_links", "z", "resamples", "seed", "format"}
	evolutionParams    = []string{"layer", "periods", "threshold", "resolution", "seed", "runs", "theta", "growth", "min_size", "noise_quantile", "sector_level"}
	regionChangeParams = []string{"measure", "classification", "from", "to", "tolerance", "min_count", "format"}
)

// maxPeriods bounds the periods of one evolution request.
const maxPeriods = 50

// compareRequest reads a comparison of two periods of a layer (defaults as
// the CLI's 'compare'). The layer is left empty when not given.
func compareRequest(p params) (analysis.CompareRequest, error) {
	r := analysis.CompareRequest{Layer: p.str("layer", ""), From: p.str("from", ""), To: p.str("to", "")}
	var err error
	if r.From == "" {
		return r, badParam("from", "", "the earlier period of the layer, e.g. 2010-2014")
	}
	if r.To == "" {
		return r, badParam("to", "", "the later period of the layer, e.g. 2015-2019")
	}
	if r.From == r.To {
		return r, badParam("to", r.To, "a period other than from")
	}
	if r.Threshold, err = p.optNumber("threshold", thresholdSpan); err != nil {
		return r, err
	}
	floor, err := p.number("floor", 10, floorSpan)
	if err != nil {
		return r, err
	}
	r.Floor = &floor
	if r.LossFactor, err = p.number("loss_factor", 3, lossFactorSpan); err != nil {
		return r, err
	}
	if r.TopK, err = p.int("top_k", 10, 1, 1000); err != nil {
		return r, err
	}
	if r.MinLinks, err = p.int("min_links", 0, 0, 1000); err != nil {
		return r, err
	}
	if r.Z, err = p.number("z", 3, zSpan); err != nil {
		return r, err
	}
	if r.Resamples, err = p.int("resamples", 20, -1, 500); err != nil {
		return r, err
	}
	r.Seed, err = p.int64("seed", 1)
	return r, err
}

// CompareResponse is what /compare answers.
type CompareResponse struct {
	*analysis.CompareResult
	Params map[string]string `json:"params"`
}

func (s *Server) compare(c *gin.Context) {
	p := params{c.Request.URL.Query()}
	req, err := compareRequest(p)
	if err != nil {
		s.fail(c, err)
		return
	}
	format, err := negotiate(c, p, []export.Format{export.JSON, export.CSV})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.cached(c, true, string(format), func(ctx context.Context) (*rep, error) {
		if req.Layer == "" {
			ls, err := s.defaultLayers(ctx)
			if err != nil {
				return nil, err
			}
			req.Layer = ls[0]
		}
		res, err := result(ctx, s, keyOf("compare", req), func() (*analysis.CompareResult, error) { return s.analyzer.CompareLayers(ctx, req) })
		if err != nil {
			return nil, err
		}
		if format == export.CSV {
			return compareCSV(res)
		}
		r := res.Request
		params := map[string]string{"layer": r.Layer, "from": r.From, "to": r.To, "floor": fmtG(*r.Floor), "loss_factor": fmtG(r.LossFactor),
			"top_k": strconv.Itoa(r.TopK), "min_links": strconv.Itoa(r.MinLinks), "z": fmtG(r.Z), "resamples": strconv.Itoa(r.Resamples),
			"seed": strconv.FormatInt(r.Seed, 10)}
		if r.Threshold != nil {
			params["threshold"] = fmtG(*r.Threshold)
		}
		return jsonRep(CompareResponse{CompareResult: res, Params: params})
	})
}

func optG(p *float64) string {
	if p == nil {
		return ""
	}
	return fmtG(*p)
}

// writeCSV encodes rows as a CSV attachment named filename.
func writeCSV(rows [][]string, filename string) (*rep, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.WriteAll(rows)
	if err := w.Error(); err != nil {
		return nil, graphmodel.WrapError(graphmodel.EINTERNAL, err, "writing the CSV failed")
	}
	return newRep(b.Bytes(), "text/csv; charset=utf-8", `attachment; filename="`+filename+`"`), nil
}

// compareCSV writes one row per pair (as 'domainscope compare --format csv'),
// empty cells where a pair was not released.
func compareCSV(res *analysis.CompareResult) (*rep, error) {
	rows := [][]string{{"a", "a_name", "b", "b_name", "status", "count_from", "count_to", "value_from", "value_to",
		"related_from", "related_to", "delta_value", "z_adjusted", "significant"}}
	for _, p := range res.Pairs {
		rows = append(rows, []string{p.A.Code, p.A.Name, p.B.Code, p.B.Name, p.Status, optG(p.CountFrom), optG(p.CountTo),
			optG(p.ValueFrom), optG(p.ValueTo), strconv.FormatBool(p.RelatedFrom), strconv.FormatBool(p.RelatedTo),
			optG(p.DeltaValue), optG(p.ZAdjusted), strconv.FormatBool(p.Significant)})
	}
	return writeCSV(rows, "compare-"+res.Request.Layer+"-"+res.Request.From+"-"+res.Request.To+".csv")
}

// evolutionRequest reads a domain-evolution request (defaults as the CLI's
// 'domains evolution'). The layer is left empty when not given.
func evolutionRequest(p params) (analysis.EvolutionRequest, error) {
	r := analysis.EvolutionRequest{Layer: p.str("layer", ""), Periods: p.list("periods")}
	var err error
	if len(r.Periods) < 2 || len(r.Periods) > maxPeriods {
		return r, badParam("periods", p.q.Get("periods"), fmt.Sprintf("2 to %d comma-separated periods of the layer in time order, e.g. 2010-2014,2015-2019", maxPeriods))
	}
	seen := map[string]bool{}
	for _, x := range r.Periods {
		if seen[x] {
			return r, badParam("periods", p.q.Get("periods"), "different periods (period "+x+" is given twice)")
		}
		seen[x] = true
	}
	if r.Threshold, err = p.optNumber("threshold", thresholdSpan); err != nil {
		return r, err
	}
	if r.Resolution, err = p.number("resolution", 1, resolutionSpan); err != nil {
		return r, err
	}
	if r.Seed, err = p.int64("seed", 1); err != nil {
		return r, err
	}
	if r.Runs, err = p.int("runs", defaultRuns, -1, maxRuns); err != nil {
		return r, err
	}
	if r.Theta, err = p.number("theta", 0.3, unitSpan); err != nil {
		return r, err
	}
	if r.Growth, err = p.number("growth", 0.2, growthSpan); err != nil {
		return r, err
	}
	if r.MinSize, err = p.int("min_size", 3, 1, 1000); err != nil {
		return r, err
	}
	if r.NoiseQuantile, err = p.number("noise_quantile", 0.1, unitSpan); err != nil {
		return r, err
	}
	r.SectorLevel, err = p.int("sector_level", 0, 0, 16)
	return r, err
}

func (s *Server) evolution(c *gin.Context) {
	req, err := evolutionRequest(params{c.Request.URL.Query()})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.cached(c, true, "", func(ctx context.Context) (*rep, error) {
		if req.Layer == "" {
			ls, err := s.defaultLayers(ctx)
			if err != nil {
				return nil, err
			}
			req.Layer = ls[0]
		}
		res, err := s.analyzer.DomainEvolution(ctx, req)
		if err != nil {
			return nil, err
		}
		return jsonRep(res)
	})
}

// regionChangeRequest reads a region-change request (defaults as the CLI's 'region-change').
func regionChangeRequest(p params, region string) (analysis.RegionChangeRequest, error) {
	r := analysis.RegionChangeRequest{Region: region, Classification: p.str("classification", ""), From: p.str("from", ""), To: p.str("to", "")}
	m, err := p.oneOf("measure", string(graphmodel.MeasureEmployment), string(graphmodel.MeasureEmployment), string(graphmodel.MeasurePatents))
	if err != nil {
		return r, err
	}
	r.Measure = graphmodel.Measure(m)
	if r.Tolerance, err = p.number("tolerance", 0.05, toleranceSpan); err != nil {
		return r, err
	}
	if r.MinCount, err = p.number("min_count", 0, countSpan); err != nil {
		return r, err
	}
	return r, nil
}

func (s *Server) regionChange(c *gin.Context) {
	p := params{c.Request.URL.Query()}
	req, err := regionChangeRequest(p, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	format, err := negotiate(c, p, []export.Format{export.JSON, export.CSV})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.cached(c, true, string(format), func(ctx context.Context) (*rep, error) {
		res, err := result(ctx, s, keyOf("region-change", req), func() (*analysis.RegionChangeResult, error) { return s.analyzer.RegionChange(ctx, req) })
		if err != nil {
			return nil, err
		}
		if format == export.CSV {
			rows := [][]string{{"code", "name", "lq_from", "lq_to", "delta_lq", "value_from", "value_to", "growth", "status", "stage"}}
			for _, x := range res.Industries {
				rows = append(rows, []string{x.Code, x.Name, optG(x.LQFrom), optG(x.LQTo), optG(x.DeltaLQ),
					fmtG(x.ValueFrom), fmtG(x.ValueTo), optG(x.Growth), x.Status, x.Stage})
			}
			return writeCSV(rows, "region-change-"+res.Region.ID+"-"+res.From.Period+"-"+res.To.Period+".csv")
		}
		return jsonRep(res)
	})
}
