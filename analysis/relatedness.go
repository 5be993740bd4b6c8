package analysis

import (
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/relatedness"
)

// layerRelatedness recomputes relatedness values from the counts of a
// layer's links with relatedness.Compute.
func layerRelatedness(kind graphmodel.LayerKind, links []graphmodel.Link, opt relatedness.Options) ([]graphmodel.Link, error) {
	in := make([]relatedness.Link, len(links))
	for i, l := range links {
		in[i] = relatedness.Link{From: l.From, To: l.To, Count: l.Count, Value: l.Value}
	}
	res, _, _, err := relatedness.Compute(relatedness.Kind(kind), in, opt)
	if err != nil {
		return nil, err
	}
	out := make([]graphmodel.Link, len(res))
	for i, l := range res {
		out[i] = graphmodel.Link{From: l.From, To: l.To, Count: l.Count, Value: l.Value}
	}
	return out, nil
}
