package analysis

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
)

// HypothesisViewRequest asks for the network of a stored hypothesis or of
// codes: the set and graph of HypothesisRequest (a stored hypothesis
// without layers on its saved ones, as its evidence), drawn with View's
// domains, resolution, seed and node limit; View.GraphRequest is not used.
type HypothesisViewRequest struct {
	HypothesisRequest
	View ViewRequest `json:"view"`
}

// HypothesisView returns the network of a hypothesis: its industries that
// have a link in the selected layers (the view's seeds), then the
// req.Bridges outside industries with the most link weight into it (the
// evidence's bridges, same order), and every link among them. Members come
// first when more than View.MaxNodes qualify (Truncated). Outcomes as
// Hypothesis, and EINVALID (Field "codes") when none of the set's
// industries has a link in the layers.
func (a *Analyzer) HypothesisView(ctx context.Context, req HypothesisViewRequest) (*GraphView, error) {
	hr := req.HypothesisRequest
	h, codes, err := a.hypothesisSet(ctx, &hr)
	if err != nil {
		return nil, err
	}
	view := req.View
	view.GraphRequest = hr.GraphRequest
	b, err := a.viewBase(ctx, &view)
	if err != nil {
		return nil, err
	}
	if err := sameClassification(h, b.snap); err != nil {
		return nil, err
	}
	in := inSet(b.snap, codes)
	var nodes []int
	seeds := map[int]bool{}
	for i, ok := range in {
		if ok {
			nodes = append(nodes, i)
			seeds[i] = true
		}
	}
	if len(nodes) == 0 {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "codes", "none of the industries %s has a link in %s",
			graphmodel.QuoteCodes(codes), provLayerKeys(b.snap))
	}
	members := len(nodes)
	for _, br := range bridgesInto(b.snap, b.union, in, hr.Bridges) {
		i, _ := b.snap.Index(br.Code)
		nodes = append(nodes, i)
	}
	v := b.buildAtMost(nodes, view.MaxNodes, seeds)
	what := "industries " + strings.Join(codes, ", ")
	v.Params = map[string]string{"bridges": strconv.Itoa(hr.Bridges), "max_nodes": strconv.Itoa(view.MaxNodes)}
	if h != nil {
		what = fmt.Sprintf("hypothesis %d %q", h.ID, h.Name)
		v.Params["hypothesis"] = strconv.FormatInt(h.ID, 10)
	} else {
		v.Params["codes"] = strings.Join(codes, ",")
	}
	v.Title = fmt.Sprintf("%s: %d industr%s and the %d linked most into it, on %s", what, members, pluralY(members), len(nodes)-members, provLayerKeys(b.snap))
	addGraphParams(v.Params, view)
	return v, nil
}

func pluralY(n int) string {
	if n == 1 {
		return "y"
	}
	return "ies"
}
