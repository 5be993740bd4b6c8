package api

import (
	"context"

	"github.com/domainscope/domainscope/analysis"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/gin-gonic/gin"
)

// compareGraphParams are the query parameters of /compare/graph.
var compareGraphParams = []string{"layer", "from", "to", "threshold", "floor", "loss_factor", "top_k", "min_links", "z", "resamples", "seed", "code", "max_nodes"}

// compareGraph answers the diagram of a comparison of two periods
// (analysis.Analyzer.ChangeView): one industry's pairs, or the most
// changed pairs, with gained and lost links marked, in any export format.
func (s *Server) compareGraph(c *gin.Context) {
	p := readParams(c)
	req := compareRequest(p)
	code := p.str("code", "")
	maxNodes := p.int("max_nodes", analysis.DefaultMaxNodes, 1, analysis.MaxNodesLimit)
	fc := formatOptions(c, p)
	if s.failed(c, p.err) {
		return
	}
	s.cached(c, true, fc.variant(), func(ctx context.Context) (*rep, error) {
		if err := s.defaultLayer(ctx, &req.Layer); err != nil {
			return nil, err
		}
		key := keyOf("changeview", struct {
			R    analysis.CompareRequest
			Code string
			Max  int
		}{req, code, maxNodes})
		v, err := result(ctx, s, key, func() (*analysis.GraphView, error) { return s.analyzer.ChangeView(ctx, req, code, maxNodes) })
		if err != nil {
			return nil, err
		}
		name := "domainscope-change-" + graphmodel.Slug(req.Layer)
		if code != "" {
			name += "-" + graphmodel.Slug(code)
		}
		return s.encodeView(ctx, v, fc, name)
	})
}
