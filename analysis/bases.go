package analysis

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/specbases"
)

// BasesRequest asks for a region's three bases of specialisation — jobs
// (employment LQ), technology (patent RTA) and science (publication RSA) —
// by knowledge domain (By "domain", the default) or by industry.
type BasesRequest struct {
	// RegionRequest selects the graph, the domains, the region and the
	// period of the employment values (RegionalPeriod); its Measure must be
	// "" or employment: jobs are always the first basis.
	RegionRequest
	By string `json:"by"` // "domain" or "industry"
	// Knowledge lists the knowledge measures to compare with jobs; nil takes
	// patents and publications. Those not loaded are reported, not an error.
	Knowledge []graphmodel.Measure `json:"knowledge,omitempty"`
	// KnowledgePeriod selects the period of the knowledge values; "" takes
	// each measure's latest.
	KnowledgePeriod string `json:"knowledge_period,omitempty"`
	// Params are the count rules and the strength threshold; nil takes
	// specbases.Default.
	Params *specbases.Params `json:"params,omitempty"`
}

// BasisInfo is one basis of a bases result, in column order.
type BasisInfo struct {
	specbases.Basis
	Period  string `json:"period"`
	Regions int    `json:"regions"` // regions with values: the reference
	// Thin is true when the region's total is too small for the basis to
	// count (technology and science: not more than Params.MinTotal).
	Thin bool   `json:"thin"`
	Note string `json:"note,omitempty"`
}

// MissingBasis is a knowledge measure asked for but not loaded.
type MissingBasis struct {
	Measure graphmodel.Measure `json:"measure"`
	Kind    specbases.Kind     `json:"kind"`
	Reason  string             `json:"reason"`
}

// BasesUnit is one domain or industry on every basis.
type BasesUnit struct {
	ID         string   `json:"id"` // domain ID or industry code
	Label      string   `json:"label"`
	Industries int      `json:"industries"` // industries in the unit (1 by industry)
	Domain     int      `json:"domain"`     // by industry: the industry's domain (0: none)
	Codes      []string `json:"codes"`      // the industries summed
	specbases.Row
}

// BasesResult compares a region's bases of specialisation.
type BasesResult struct {
	Request    BasesRequest      `json:"request"`
	Params     specbases.Params  `json:"params"`
	Provenance Provenance        `json:"provenance"`
	Region     graphmodel.Region `json:"region"`
	Bases      []BasisInfo       `json:"bases"`   // jobs first, then the knowledge bases loaded
	Missing    []MissingBasis    `json:"missing"` // knowledge bases asked for but not loaded
	// Units are ordered latent, jobs-only, matched, then the rest; within
	// each by the strongest index that decided it, the rest by LQ.
	Units  []BasesUnit             `json:"units"`
	Counts map[specbases.Match]int `json:"counts"` // units per match ("" is none)
	Method string                  `json:"method"`
}

// BasesMethod states the formula, the rules and their sources.
const BasesMethod = "Revealed advantage on each basis, I_ru = (x_ru/x_r·)/(x_·u/x_··) over every region with values: " +
	"employment LQ (Florence 1939), patent RTA (Soete 1987; OECD 2012 STI Outlook Fig. 7.2, which keeps economies with more than 500 patents), " +
	"publication RSA (activity index, Schubert & Braun 1986). Strong: index ≥ strong with at least min_cell patents or publications " +
	"(min_jobs jobs) and, for technology and science, a region total above min_total; weak: index < 1. " +
	"Latent: strong in technology or science, LQ < 1; jobs-only: strong in jobs, weak on every knowledge basis; matched: strong in both " +
	"(seeds [001]: \"the match or mismatch between scientific and economic potential in a region\")."

// knowledgeKind returns the basis kind and index name of a knowledge measure.
func knowledgeKind(m graphmodel.Measure) (specbases.Kind, string) {
	if m == graphmodel.MeasurePublications {
		return specbases.Science, "RSA"
	}
	return specbases.Technology, "RTA"
}

// Bases compares a region's specialisation in jobs, technology and science
// by domain or industry (specbases.Compare). Bad parameters, an unknown or
// repeated knowledge measure, a Measure other than employment, or several
// regions are EINVALID with their Field, checked before anything is read; an
// unknown region is ENOTFOUND with Field "region". Knowledge measures that
// are not loaded are listed in Missing with what to load.
func (a *Analyzer) Bases(ctx context.Context, req BasesRequest) (*BasesResult, error) {
	params := specbases.Default()
	if req.Params != nil {
		params = *req.Params
	}
	if field, err := params.Check(); err != nil {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, field, "bases: %s", err)
	}
	req.Params = &params
	if req.By == "" {
		req.By = "domain"
	}
	if req.By != "domain" && req.By != "industry" {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "by", "bases by %q: expected domain or industry", req.By)
	}
	if req.Measure != "" && req.Measure != graphmodel.MeasureEmployment {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "measure", "bases: measure %q: jobs (employment) are always the first basis; name patents or publications in knowledge", req.Measure)
	}
	req.Measure = graphmodel.MeasureEmployment
	if req.Knowledge == nil {
		req.Knowledge = []graphmodel.Measure{graphmodel.MeasurePatents, graphmodel.MeasurePublications}
	}
	seen := map[graphmodel.Measure]bool{}
	for _, m := range req.Knowledge {
		if _, err := graphmodel.ParseMeasure(string(m)); err != nil {
			return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "knowledge", "bases: %s", graphmodel.ErrorMessage(err))
		}
		if m == graphmodel.MeasureEmployment || seen[m] {
			return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "knowledge", "bases: knowledge measure %q: expected patents and/or publications, each once", m)
		}
		seen[m] = true
	}
	if len(req.Regions) > 0 {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "regions", "bases compare one region; sums of regions are not supported here")
	}
	if req.Region == "" {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "region", "bases need a region")
	}
	all, err := a.Store.Regions(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := findRegion(all, req.Region); err != nil {
		return nil, graphmodel.FieldErrorf(graphmodel.ENOTFOUND, "region", "%s", graphmodel.ErrorMessage(err))
	}
	snap, err := a.Snapshot(ctx, req.GraphRequest)
	if err != nil {
		return nil, err
	}
	sets, err := a.Store.RegionalSets(ctx)
	if err != nil {
		return nil, err
	}
	// The knowledge sets: KnowledgePeriod, else each measure's latest.
	out := &BasesResult{Params: params, Region: graphmodel.Region{}, Missing: []MissingBasis{},
		Units: []BasesUnit{}, Counts: map[specbases.Match]int{}, Method: BasesMethod}
	var found []graphmodel.RegionalSet
	for _, meas := range req.Knowledge {
		set, err := latestSet(sets, meas, snap.Classification, req.KnowledgePeriod)
		if err != nil {
			if graphmodel.ErrorCode(err) != graphmodel.ENOTFOUND {
				return nil, err
			}
			kind, _ := knowledgeKind(meas)
			reason := fmt.Sprintf("none are loaded for classification %s", snap.Classification)
			if req.KnowledgePeriod != "" {
				reason = graphmodel.ErrorMessage(err)
			}
			out.Missing = append(out.Missing, MissingBasis{Measure: meas, Kind: kind,
				Reason: fmt.Sprintf("%s needs %s counts by region and industry (measure %s): %s", kind, strings.TrimSuffix(string(meas), "s"), meas, reason)})
			continue
		}
		found = append(found, set)
	}
	// Jobs: RegionalPeriod, else the latest period a knowledge set has too,
	// else the latest.
	if req.RegionalPeriod == "" {
		for _, set := range found {
			if e, err := latestSet(sets, graphmodel.MeasureEmployment, snap.Classification, set.Period); err == nil && e.Period > req.RegionalPeriod {
				req.RegionalPeriod = e.Period
			}
		}
	}
	in, err := a.regionInputs(ctx, req.RegionRequest)
	if err != nil {
		return nil, err
	}
	req.RegionRequest = in.req
	snap = in.snap
	out.Request, out.Provenance, out.Region = req, provenanceOf(snap), in.reg
	type basis struct {
		info BasisInfo
		m    *RegionalMatrix
		r    int // the region's row, -1 when it has no values
	}
	er, err := in.m.RegionIndex(in.reg.ID)
	if err != nil {
		return nil, err
	}
	bases := []basis{{info: BasisInfo{Basis: specbases.Basis{Measure: string(graphmodel.MeasureEmployment), Kind: specbases.Jobs, Index: "LQ"},
		Period: in.set.Period, Regions: len(in.m.Regions)}, m: in.m, r: er}}
	for _, set := range found {
		kind, index := knowledgeKind(set.Measure)
		values, err := a.Store.RegionalValues(ctx, set)
		if err != nil {
			return nil, err
		}
		regions := regionsWithValues(all, values)
		if len(regions) == 0 {
			out.Missing = append(out.Missing, MissingBasis{Measure: set.Measure, Kind: kind, Reason: fmt.Sprintf("%s needs %s counts by region and industry: the set %s has no values", kind, strings.TrimSuffix(string(set.Measure), "s"), set.Key())})
			continue
		}
		m, err := NewRegionalMatrix(values, regions, snap.Codes)
		if err != nil {
			return nil, err
		}
		r, rerr := m.RegionIndex(in.reg.ID)
		if rerr != nil {
			r = -1
		}
		bases = append(bases, basis{info: BasisInfo{Basis: specbases.Basis{Measure: string(set.Measure), Kind: kind, Index: index},
			Period: set.Period, Regions: len(regions)}, m: m, r: r})
	}
	// Units: the codes each one sums.
	type unit struct {
		id, label string
		codes     []string
		domain    int
	}
	var units []unit
	nodeDomain := func(i int) int {
		if i < len(in.opt.Domains) && in.opt.Domains[i] >= 0 {
			return int(in.opt.Domains[i])
		}
		return 0
	}
	switch req.By {
	case "domain":
		index := map[int]int{}
		for i, c := range snap.Codes {
			d := nodeDomain(i)
			if d <= 0 {
				continue
			}
			k, ok := index[d]
			if !ok {
				k = len(units)
				index[d] = k
				l := in.labels[d]
				if l == "" {
					l = "domain " + fmt.Sprint(d)
				}
				units = append(units, unit{id: fmt.Sprint(d), label: l, domain: d})
			}
			units[k].codes = append(units[k].codes, c)
		}
		sort.Slice(units, func(i, j int) bool { return units[i].domain < units[j].domain })
	case "industry":
		industries, err := a.Store.Industries(ctx, snap.Classification)
		if err != nil {
			return nil, err
		}
		names := make(map[string]string, len(industries))
		for _, ind := range industries {
			names[ind.Code] = ind.Name
		}
		seenCode := map[string]bool{}
		var extra []string
		for _, b := range bases {
			for i, c := range b.m.Codes {
				if !seenCode[c] {
					seenCode[c] = true
					if i >= b.m.Nodes {
						extra = append(extra, c)
					}
				}
			}
		}
		sort.Strings(extra)
		codes := append(append([]string(nil), snap.Codes...), extra...)
		for i, c := range codes {
			d := 0
			if i < len(snap.Codes) {
				d = nodeDomain(i)
			}
			units = append(units, unit{id: c, label: strings.TrimSpace(c + " " + names[c]), codes: []string{c}, domain: d})
		}
	}
	if len(units) == 0 {
		return nil, graphmodel.Errorf(graphmodel.ENOTFOUND, "region %s: no %ss to compare (no domains with regional values)", in.reg.ID, req.By)
	}
	// Sum each basis over the units' codes.
	input := make([]specbases.Basis, len(bases))
	for k := range bases {
		b := &bases[k]
		sb := b.info.Basis
		sb.Counts, sb.Reference = make([]float64, len(units)), make([]float64, len(units))
		sb.ReferenceTotal = b.m.ReferenceTotal
		if b.r >= 0 {
			sb.RegionTotal = b.m.RegionTotal[b.r]
		}
		for u, un := range units {
			for _, c := range un.codes {
				col, ok := b.m.Column(c)
				if !ok {
					continue
				}
				sb.Reference[u] += b.m.Reference[col]
				if b.r >= 0 {
					sb.Counts[u] += b.m.Row(b.r)[col]
				}
			}
		}
		input[k] = sb
		b.info.RegionTotal, b.info.ReferenceTotal = sb.RegionTotal, sb.ReferenceTotal
		if sb.Kind != specbases.Jobs && !(sb.RegionTotal > params.MinTotal) {
			b.info.Thin = true
			b.info.Note = fmt.Sprintf("%s has %s %s in all, not more than the minimum %s: its %s values are shown but none counts as strong or weak",
				in.reg.Name, graphmodel.FormatCount(sb.RegionTotal), sb.Measure, graphmodel.FormatCount(params.MinTotal), sb.Index)
		}
		out.Bases = append(out.Bases, b.info)
	}
	rows, err := specbases.Compare(input, params)
	if err != nil {
		return nil, err
	}
	for u, un := range units {
		out.Units = append(out.Units, BasesUnit{ID: un.id, Label: un.label, Industries: len(un.codes), Domain: un.domain, Codes: un.codes, Row: rows[u]})
		out.Counts[rows[u].Match]++
	}
	rank := map[specbases.Match]int{specbases.Latent: 0, specbases.JobsOnly: 1, specbases.Matched: 2, specbases.NoMatch: 3}
	key := func(x BasesUnit) float64 {
		v := math.Inf(-1)
		if x.Match == specbases.Latent {
			for _, c := range x.Cells[1:] {
				if c.Level == specbases.Strong && *c.Value > v {
					v = *c.Value
				}
			}
		} else if c := x.Cells[0]; c.Value != nil {
			v = *c.Value
		}
		return v
	}
	sort.SliceStable(out.Units, func(i, j int) bool {
		x, y := out.Units[i], out.Units[j]
		if rank[x.Match] != rank[y.Match] {
			return rank[x.Match] < rank[y.Match]
		}
		return key(x) > key(y)
	})
	return out, nil
}
