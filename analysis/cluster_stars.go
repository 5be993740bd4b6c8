package analysis

import (
	"context"
	"fmt"
	"sort"

	"github.com/domainscope/domainscope/clusterstars"
	"github.com/domainscope/domainscope/graphmodel"
)

// StarsRequest asks for the Cluster Observatory star ratings of one region's
// clusters: its knowledge domains (By "domain", the default) or its industry
// groups at a classification level (By "level" with Level).
type StarsRequest struct {
	RegionRequest
	By    string `json:"by"`    // "domain" or "level"
	Level int    `json:"level"` // classification level of the groups when By is "level"
	// Thresholds of the three criteria; zero fields take clusterstars.Default's.
	Thresholds clusterstars.Thresholds `json:"thresholds"`
}

// ClusterStar is one cluster of a region with its rating.
type ClusterStar struct {
	ID         string `json:"id"` // domain ID or group code
	Label      string `json:"label"`
	Industries int    `json:"industries"` // industries of the cluster with regional values
	clusterstars.Rating
}

// StarsResult rates every cluster of a region.
type StarsResult struct {
	Request    StarsRequest           `json:"request"`
	Provenance Provenance             `json:"provenance"`
	Regional   graphmodel.RegionalSet `json:"regional_set"`
	Region     graphmodel.Region      `json:"region"`
	Regions    int                    `json:"regions"` // regions compared
	// Clusters are ordered by stars, then jobs (largest first).
	Clusters []ClusterStar `json:"clusters"`
	Method   string        `json:"method"`
}

// StarsMethod states the criteria and their source.
const StarsMethod = "European Cluster Observatory star rating (Sölvell, Ketels & Lindqvist 2009; clusterobservatory.eu " +
	"'Evaluation of regional cluster strength'): one star each for size (jobs in the top size_top of the category's regions), " +
	"specialisation (LQ = (x_rc/x_r·)/(x_·c/x_··) ≥ min_lq) and focus (x_rc/x_r· in the top focus_top of all region × cluster cells)"

// ClusterStars rates a region's clusters (domains or industry groups) by
// size, specialisation and focus against every region with regional values
// (clusterstars.Rate). A threshold outside clusterstars.Ranges is EINVALID
// with its Field, checked before anything is read.
func (a *Analyzer) ClusterStars(ctx context.Context, req StarsRequest) (*StarsResult, error) {
	def := clusterstars.Default()
	if req.Thresholds.SizeTop == 0 {
		req.Thresholds.SizeTop = def.SizeTop
	}
	if req.Thresholds.MinLQ == 0 {
		req.Thresholds.MinLQ = def.MinLQ
	}
	if req.Thresholds.FocusTop == 0 {
		req.Thresholds.FocusTop = def.FocusTop
	}
	if field, err := req.Thresholds.Check(); err != nil {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, field, "star threshold %s", err)
	}
	if req.By == "" {
		req.By = "domain"
	}
	if req.By != "domain" && req.By != "level" {
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "by", "stars by %q: expected domain or level", req.By)
	}
	in, err := a.requiredRegionInputs(ctx, req.RegionRequest, "stars need a region")
	if err != nil {
		return nil, err
	}
	req.RegionRequest = in.req
	m := in.m
	ri, err := m.RegionIndex(in.reg.ID)
	if err != nil {
		return nil, err
	}
	// col[i] is the cluster of matrix column i, -1 for none.
	col := make([]int, len(m.Codes))
	var ids, labels []string
	switch req.By {
	case "domain":
		index := map[int32]int{}
		var doms []int32
		for i := range col {
			col[i] = -1
			if i < len(in.opt.Domains) && in.opt.Domains[i] >= 0 {
				d := in.opt.Domains[i]
				if _, ok := index[d]; !ok {
					index[d] = -1
					doms = append(doms, d)
				}
			}
		}
		sort.Slice(doms, func(a, b int) bool { return doms[a] < doms[b] })
		for k, d := range doms {
			index[d] = k
			ids = append(ids, fmt.Sprint(d))
			l := in.labels[int(d)]
			if l == "" {
				l = "domain " + fmt.Sprint(d)
			}
			labels = append(labels, l)
		}
		for i := range col {
			if i < len(in.opt.Domains) && in.opt.Domains[i] >= 0 {
				col[i] = index[in.opt.Domains[i]]
			}
		}
	case "level":
		industries, err := a.Store.Industries(ctx, in.snap.Classification)
		if err != nil {
			return nil, err
		}
		if req.Level < 0 {
			return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "level", "level %d: expected ≥ 0", req.Level)
		}
		groups, _ := GroupsAtLevel(m.Codes, industries, req.Level)
		names := map[string]string{}
		for _, ind := range industries {
			names[ind.Code] = ind.Name
		}
		index := map[string]int{}
		for i, g := range groups {
			k, ok := index[g]
			if !ok {
				k = len(ids)
				index[g] = k
				ids = append(ids, g)
				labels = append(labels, g+" "+names[g])
			}
			col[i] = k
		}
	}
	C := len(ids)
	if C == 0 {
		return nil, graphmodel.Errorf(graphmodel.ENOTFOUND, "region %s: no clusters to rate (no domains with regional values)", in.reg.ID)
	}
	jobs := make([][]float64, len(m.Regions))
	count := make([]int, C)
	ref := make([]float64, C)
	for r := range m.Regions {
		jobs[r] = make([]float64, C)
		for i, x := range m.Row(r) {
			if col[i] >= 0 {
				jobs[r][col[i]] += x
			}
		}
	}
	for i, c := range col {
		if c >= 0 {
			count[c]++
			ref[c] += m.Reference[i]
		}
	}
	rated, err := clusterstars.Rate(clusterstars.Input{Jobs: jobs, RegionTotal: m.RegionTotal, Reference: ref, ReferenceTotal: m.ReferenceTotal}, req.Thresholds)
	if err != nil {
		return nil, err
	}
	out := &StarsResult{Request: req, Provenance: provenanceOf(in.snap), Regional: in.set, Region: in.reg, Regions: len(m.Regions), Method: StarsMethod}
	for c := range ids {
		out.Clusters = append(out.Clusters, ClusterStar{ID: ids[c], Label: labels[c], Industries: count[c], Rating: rated[ri][c]})
	}
	sort.SliceStable(out.Clusters, func(a, b int) bool {
		x, y := out.Clusters[a], out.Clusters[b]
		if x.Stars != y.Stars {
			return x.Stars > y.Stars
		}
		return x.Jobs > y.Jobs
	})
	return out, nil
}
