package analysis

import (
	"context"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
)

// NeighboursRequest asks for the industries most related to one on a layer.
type NeighboursRequest struct {
	// Layer is a layer name or "name@period"; Period, when given, wins over the one after @.
	Layer  string   `json:"layer"`
	Period string   `json:"period,omitempty"`
	Code   string   `json:"code"`
	Min    *float64 `json:"min,omitempty"` // only links with a value above this (nil: the layer's threshold)
	Top    int      `json:"top"`           // at most this many (0: all)
}

// NeighboursResult is an industry's strongest related neighbours on a layer.
type NeighboursResult struct {
	Industry graphmodel.Industry `json:"industry"`
	// QualifiedName prefixes a name that says little alone with its parent's ("Human health activities: Other").
	QualifiedName string           `json:"qualified_name"`
	Layer         graphmodel.Layer `json:"layer"`
	// Neighbours come from Store.Neighbours (both directions merged, by value), with qualified names.
	Neighbours []graphmodel.Neighbour `json:"neighbours"`
}

// Neighbours lists the industries most related to req.Code on a layer, the
// strongest first, named by their qualified names.
func (a *Analyzer) Neighbours(ctx context.Context, req NeighboursRequest) (*NeighboursResult, error) {
	if req.Top < 0 {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "top", "top %d: expected 0 (all) or more", req.Top)
	}
	if err := checkThreshold("min", req.Min); err != nil {
		return nil, err
	}
	name, period, _ := strings.Cut(req.Layer, "@")
	if req.Period != "" {
		period = req.Period
	}
	l, err := a.Store.Layer(ctx, name, period)
	if err != nil {
		return nil, err
	}
	in, err := a.Store.Industry(ctx, l.Classification, req.Code)
	if err != nil {
		return nil, err
	}
	ns, err := a.Store.Neighbours(ctx, graphmodel.NeighbourQuery{Layer: l.Name, Period: l.Period, Code: in.Code, Min: req.Min, Top: req.Top})
	if err != nil {
		return nil, err
	}
	all, err := a.Store.Industries(ctx, l.Classification)
	if err != nil {
		return nil, err
	}
	names := graphmodel.QualifiedNames(all)
	for i := range ns {
		ns[i].Name = names[ns[i].Code]
	}
	if ns == nil {
		ns = []graphmodel.Neighbour{}
	}
	return &NeighboursResult{Industry: in, QualifiedName: names[in.Code], Layer: l, Neighbours: ns}, nil
}
