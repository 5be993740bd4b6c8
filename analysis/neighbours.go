package analysis

import (
	"context"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
)

// NeighboursRequest asks for the industries most related to one on a layer.
type NeighboursRequest struct {
	// Layer is a layer name or "name@period"; Period may name the period
	// instead (both, differing, is EINVALID); neither selects the layer's DefaultPeriod.
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
	// Neighbours come from Store.Neighbours (both directions merged, by value), with qualified names;
	// on a layer with evidence each has its p- and q-value.
	Neighbours []graphmodel.Neighbour `json:"neighbours"`
	// Relatedness holds how the layer's values and evidence were computed, from its dataset's
	// provenance (method, diagonal, symmetrise, floor, shrink, prior, prior_source, alpha, tests),
	// the keys that were recorded.
	Relatedness map[string]string `json:"relatedness,omitempty"`
}

// relatednessKeys are the provenance options that say how a layer's values
// and evidence were computed (ingest.ApplyRelatedness).
var relatednessKeys = []string{"method", "diagonal", "symmetrise", "floor", "shrink", "prior", "prior_source", "alpha", "tests"}

// layerRelatednessOptions returns the relatedness options recorded in the
// provenance of the dataset that loaded l (nil when none are).
func layerRelatednessOptions(ctx context.Context, s graphmodel.Reader, l graphmodel.Layer) (map[string]string, error) {
	ds, err := s.Datasets(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		if d.ID != l.Dataset {
			continue
		}
		var out map[string]string
		for _, k := range relatednessKeys {
			if v, ok := d.Options[k]; ok {
				if out == nil {
					out = map[string]string{}
				}
				out[k] = v
			}
		}
		return out, nil
	}
	return nil, nil
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
		if period != "" && period != req.Period {
			return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "period", "layer %s and period %s name two periods: give one", req.Layer, req.Period)
		}
		period = req.Period
	}
	l, err := ResolveLayer(ctx, a.Store, name, period)
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
	rel, err := layerRelatednessOptions(ctx, a.Store, l)
	if err != nil {
		return nil, err
	}
	return &NeighboursResult{Industry: in, QualifiedName: names[in.Code], Layer: l, Neighbours: ns, Relatedness: rel}, nil
}
