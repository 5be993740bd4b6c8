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
func compareRequest(p *paramReader) analysis.CompareRequest {
	r := analysis.CompareRequest{Layer: p.str("layer", ""), From: p.str("from", ""), To: p.str("to", "")}
	switch {
	case r.From == "":
		p.fail(badParam("from", "", "the earlier period of the layer, e.g. 2010-2014"))
	case r.To == "":
		p.fail(badParam("to", "", "the later period of the layer, e.g. 2015-2019"))
	case r.From == r.To:
		p.fail(badParam("to", r.To, "a period other than from"))
	}
	r.Threshold = p.optNumber("threshold", thresholdSpan)
	floor := p.number("floor", 10, floorSpan)
	r.Floor = &floor
	r.LossFactor = p.number("loss_factor", 3, lossFactorSpan)
	r.TopK = p.int("top_k", 10, 1, 1000)
	r.MinLinks = p.int("min_links", 0, 0, 1000)
	r.Z = p.number("z", 3, zSpan)
	r.Resamples = p.int("resamples", 20, -1, 500)
	r.Seed = p.int64("seed", 1)
	return r
}

// CompareResponse is what /compare answers.
type CompareResponse struct {
	*analysis.CompareResult
	Params map[string]string `json:"params"`
}

func (s *Server) compare(c *gin.Context) {
	p := readParams(c)
	req := compareRequest(p)
	format := p.format(c, export.JSON, export.CSV)
	if s.failed(c, p.err) {
		return
	}
	s.cached(c, true, string(format), func(ctx context.Context) (*rep, error) {
		if err := s.defaultLayer(ctx, &req.Layer); err != nil {
			return nil, err
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
func evolutionRequest(p *paramReader) analysis.EvolutionRequest {
	r := analysis.EvolutionRequest{Layer: p.str("layer", ""), Periods: p.list("periods")}
	if len(r.Periods) < 2 || len(r.Periods) > maxPeriods {
		p.fail(badParam("periods", p.q.Get("periods"), fmt.Sprintf("2 to %d comma-separated periods of the layer in time order, e.g. 2010-2014,2015-2019", maxPeriods)))
	}
	seen := map[string]bool{}
	for _, x := range r.Periods {
		if seen[x] {
			p.fail(badParam("periods", p.q.Get("periods"), "different periods (period "+x+" is given twice)"))
		}
		seen[x] = true
	}
	r.Threshold = p.optNumber("threshold", thresholdSpan)
	r.Resolution = p.number("resolution", 1, resolutionSpan)
	r.Seed = p.int64("seed", 1)
	r.Runs = p.int("runs", defaultRuns, -1, maxRuns)
	r.Theta = p.number("theta", 0.3, unitSpan)
	r.Growth = p.number("growth", 0.2, growthSpan)
	r.MinSize = p.int("min_size", 3, 1, 1000)
	r.NoiseQuantile = p.number("noise_quantile", 0.1, unitSpan)
	r.SectorLevel = p.int("sector_level", 0, 0, 16)
	return r
}

func (s *Server) evolution(c *gin.Context) {
	p := readParams(c)
	req := evolutionRequest(p)
	if s.failed(c, p.err) {
		return
	}
	s.cached(c, true, "", func(ctx context.Context) (*rep, error) {
		if err := s.defaultLayer(ctx, &req.Layer); err != nil {
			return nil, err
		}
		res, err := s.analyzer.DomainEvolution(ctx, req)
		if err != nil {
			return nil, err
		}
		return jsonRep(res)
	})
}

// regionChangeRequest reads a region-change request (defaults as the CLI's 'region-change').
func regionChangeRequest(p *paramReader, region string) analysis.RegionChangeRequest {
	r := analysis.RegionChangeRequest{Region: region, Classification: p.str("classification", ""), From: p.str("from", ""), To: p.str("to", "")}
	r.Measure = p.measure()
	r.Tolerance = p.number("tolerance", 0.05, toleranceSpan)
	r.MinCount = p.number("min_count", 0, countSpan)
	return r
}

func (s *Server) regionChange(c *gin.Context) {
	p := readParams(c)
	req := regionChangeRequest(p, c.Param("id"))
	format := p.format(c, export.JSON, export.CSV)
	if s.failed(c, p.err) {
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
