package api

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/domainscope/domainscope/analysis"
)

// graphed is a pointer to an analysis request: every one embeds
// analysis.GraphRequest.
type graphed[R any] interface {
	*R
	Graph() *analysis.GraphRequest
}

// compute returns run's result for req with the server's default layers
// filled in, computed once per (name, request, store version).
func compute[R any, PR graphed[R], T any](ctx context.Context, s *Server, name string, req R, run func(context.Context, R) (T, error)) (T, error) {
	if err := s.withDefaultLayers(ctx, PR(&req).Graph()); err != nil {
		var zero T
		return zero, err
	}
	return result(ctx, s, keyOf(name, req), func() (T, error) { return run(ctx, req) })
}

// answer serves run's result for req (a heavy request, cached per URL and
// variant), encoded by encode.
func answer[R any, PR graphed[R], T any](s *Server, c *gin.Context, variant, name string, req R, run func(context.Context, R) (T, error), encode func(T) (*rep, error)) {
	s.cached(c, true, variant, func(ctx context.Context) (*rep, error) {
		res, err := compute[R, PR](ctx, s, name, req, run)
		if err != nil {
			return nil, err
		}
		return encode(res)
	})
}

// failed answers err, if any, and reports whether it did.
func (s *Server) failed(c *gin.Context, err error) bool {
	if err != nil {
		s.fail(c, err)
	}
	return err != nil
}
