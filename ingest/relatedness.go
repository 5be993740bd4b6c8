package ingest

import (
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/relatedness"
)

// Relatedness computes relatedness values for the links of a counts layer
// with relatedness.Compute; see there for the methods and their sources.
func Relatedness(kind graphmodel.LayerKind, links []graphmodel.Link, opt relatedness.Options) (out []graphmodel.Link, directed bool, threshold float64, err error) {
	if _, err := graphmodel.ParseLayerKind(string(kind)); err != nil {
		return nil, false, 0, err
	}
	in := make([]relatedness.Link, len(links))
	for i, l := range links {
		in[i] = relatedness.Link{From: l.From, To: l.To, Count: l.Count, Value: l.Value}
	}
	res, directed, threshold, err := relatedness.Compute(relatedness.Kind(kind), in, opt)
	if err != nil {
		return nil, false, 0, err
	}
	out = make([]graphmodel.Link, len(res))
	for i, l := range res {
		out[i] = graphmodel.Link{From: l.From, To: l.To, Count: l.Count, Value: l.Value}
	}
	return out, directed, threshold, nil
}
