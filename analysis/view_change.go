package analysis

import (
	"context"
	"fmt"
	"strconv"

	"github.com/domainscope/domainscope/graphmodel"
)

// Changes of a ViewLink in a ChangeView.
const (
	LinkGained    = "gained"    // pair gained (PairGained)
	LinkLost      = "lost"      // pair lost (PairLost)
	LinkIncreased = "increased" // kept pair, significantly more than expected
	LinkDecreased = "decreased" // kept pair, significantly fewer than expected
)

// linkChange is the ViewLink change of a pair: gained or lost by status,
// increased or decreased for a kept pair whose count change is significant
// (sign of ZAdjusted), "" otherwise (unchanged beyond noise, or a pair
// that appeared or was not observed: too small to call).
func linkChange(p PairChange) string {
	switch {
	case p.Status == PairGained:
		return LinkGained
	case p.Status == PairLost:
		return LinkLost
	case p.Status == PairKept && p.Significant && p.ZAdjusted != nil && *p.ZAdjusted > 0:
		return LinkIncreased
	case p.Status == PairKept && p.Significant && p.ZAdjusted != nil && *p.ZAdjusted < 0:
		return LinkDecreased
	}
	return ""
}

// ChangeView draws a comparison of two periods (CompareLayers) as a graph.
// With code, it is the industry and every pair of it released in either
// period, most changed first; without code, the most changed pairs
// (gained, lost, significantly increased or decreased) in CompareLayers'
// order until maxNodes industries (0: DefaultMaxNodes). Each link carries
// its Change; Weight is the later relatedness (the earlier one for a lost
// pair) and Count the matching count.
func (a *Analyzer) ChangeView(ctx context.Context, req CompareRequest, code string, maxNodes int) (*GraphView, error) {
	vr := ViewRequest{MaxNodes: maxNodes}
	if err := vr.checkMax(); err != nil {
		return nil, err
	}
	maxNodes = vr.MaxNodes
	res, err := a.CompareLayers(ctx, req)
	if err != nil {
		return nil, err
	}
	var pairs []PairChange
	for _, p := range res.Pairs {
		if code != "" && p.A.Code != code && p.B.Code != code {
			continue
		}
		if code == "" && linkChange(p) == "" {
			continue
		}
		pairs = append(pairs, p)
	}
	if code != "" && len(pairs) == 0 {
		return nil, graphmodel.Errorf(graphmodel.ENOTFOUND, "industry %q has no released pair in %s or %s", code, res.From.Key(), res.To.Key())
	}
	pos := map[string]int{}
	var nodes []IndustryName
	add := func(n IndustryName) {
		if _, ok := pos[n.Code]; !ok {
			pos[n.Code] = len(nodes)
			nodes = append(nodes, n)
		}
	}
	truncated := false
	if code != "" {
		if pairs[0].A.Code == code {
			add(pairs[0].A)
		} else {
			add(pairs[0].B)
		}
	}
	layer := fmt.Sprintf("%s@%s→%s", res.Request.Layer, res.Request.From, res.Request.To)
	var links []ViewLink
	for _, p := range pairs {
		need := 0
		for _, c := range []string{p.A.Code, p.B.Code} {
			if _, ok := pos[c]; !ok {
				need++
			}
		}
		if len(nodes)+need > maxNodes {
			truncated = true
			continue
		}
		add(p.A)
		add(p.B)
		l := ViewLink{Source: p.A.Code, Target: p.B.Code, Layer: layer, Change: linkChange(p)}
		if pos[l.Source] > pos[l.Target] {
			l.Source, l.Target = l.Target, l.Source
		}
		value, count := p.ValueTo, p.CountTo
		if p.Status == PairLost || p.Status == PairNotObserved {
			value, count = p.ValueFrom, p.CountFrom
		}
		if value != nil {
			l.Weight = *value
		}
		if count != nil {
			l.Count = *count
		}
		links = append(links, l)
	}
	codes := make([]string, len(nodes))
	for k, n := range nodes {
		codes[k] = n.Code
	}
	industries, err := a.Store.Industries(ctx, res.To.Classification)
	if err != nil {
		return nil, err
	}
	sectors, names := sectorsAt(industries, codes, 0)
	v := &GraphView{Links: links, Truncated: truncated, Params: map[string]string{
		"layer": req.Layer, "from": req.From, "to": req.To, "max_nodes": strconv.Itoa(maxNodes)}}
	v.Provenance = Provenance{StoreVersion: res.StoreVersion, Classification: res.To.Classification,
		Layers: []graphmodel.Layer{res.From, res.To}, Thresholds: []float64{res.ThresholdFrom, res.ThresholdTo}}
	for k, n := range nodes {
		vn := ViewNode{ID: n.Code, Label: names[n.Code], Sector: sectors[k], Seed: n.Code == code}
		if vn.Label == "" {
			vn.Label = n.Name
		}
		vn.SectorName = names[vn.Sector]
		if code != "" && !vn.Seed {
			vn.Hops = 1
		}
		v.Nodes = append(v.Nodes, vn)
	}
	if code != "" {
		v.Params["code"] = code
		v.Title = fmt.Sprintf("How the links of %s changed on %s, %s to %s", code, res.Request.Layer, res.Request.From, res.Request.To)
	} else {
		v.Title = fmt.Sprintf("Most changed links on %s, %s to %s", res.Request.Layer, res.Request.From, res.Request.To)
	}
	return v, nil
}
