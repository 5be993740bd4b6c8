package brief

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/analysis"
)

// StarsTable lays out a region's Cluster Observatory star ratings
// (analysis.Analyzer.ClusterStars): one row per cluster with its jobs, LQ,
// focus share, stars and the reason for each star.
func StarsTable(s *analysis.StarsResult) Table {
	t := s.Request.Thresholds
	kind := "knowledge domains"
	if s.Request.By == "level" {
		kind = fmt.Sprintf("industry groups at level %d", s.Request.Level)
	}
	tb := Table{Name: "stars", Heading: "Cluster stars",
		Intro: fmt.Sprintf("European Cluster Observatory star ratings of the region's %s against %d regions: one star each for size (jobs in the top %s %% of the cluster's regions), specialisation (LQ ≥ %s) and focus (share of the region's jobs in the top %s %% of all region × cluster cells).",
			kind, s.Regions, num(100*t.SizeTop), num(t.MinLQ), num(100*t.FocusTop)),
		Columns: []string{"cluster", "industries", "jobs", "LQ", "focus share %", "stars", "why each star"},
		Numeric: []bool{false, true, true, true, true, true, false}}
	for _, c := range s.Clusters {
		name := c.Label
		if s.Request.By != "level" {
			name = c.ID + " " + c.Label
		}
		tb.Rows = append(tb.Rows, []string{name, strconv.Itoa(c.Industries), num(c.Jobs), fixed(c.LQ, 2), fixed(100*c.Share, 2), strconv.Itoa(c.Stars), strings.Join(c.Reasons, "; ")})
	}
	return tb
}

// PathwaysTable lays out each knowledge domain's development pathway for a
// region (analysis.Analyzer.Pathways): the label with the rule that
// produced it and the members supporting it.
func PathwaysTable(p *analysis.PathwaysResult) Table {
	tb := Table{Name: "pathways", Heading: "Development pathways",
		Intro: fmt.Sprintf("Each knowledge domain read as a development pathway for the region by these rules — %s. Base: the members the region holds as established specialisations; generic: generic intermediaries it lacks that are linked to the base. Median relatedness density of the industries it lacks: %s.",
			strings.Join(analysis.PathwayRule, "; "), fixed(p.MedianDensity, 1)),
		Columns: []string{"domain", "members", "pathway", "why", "base", "generic members linked to the base", "gaps", "mean density of gaps"},
		Numeric: []bool{false, true, false, false, false, false, true, true}}
	names := func(xs []analysis.IndustryName) string {
		var s []string
		for _, x := range xs {
			s = append(s, label(x.Code, x.Name))
		}
		return strings.Join(s, "; ")
	}
	for _, x := range p.Pathways {
		tb.Rows = append(tb.Rows, []string{strconv.Itoa(x.Domain) + " " + x.Label, strconv.Itoa(x.Size), x.Pathway, x.Why, names(x.Base), names(x.Hubs), strconv.Itoa(x.Gaps), fixed(x.MeanGapDensity, 1)})
	}
	return tb
}

// GenericTable lists the generic intermediaries of a pathways result with
// their reach (domains touched, participation, degree).
func GenericTable(p *analysis.PathwaysResult) Table {
	tb := Table{Name: "generic", Heading: "Generic industries and their reach",
		Intro:   "Industries whose links spread evenly over most knowledge domains (" + p.GenericRule.String() + "): candidates for general-purpose technologies. Reach: the number of domains among the industry and its neighbours.",
		Columns: []string{"code", "industry", "its domain", "domains reached", "participation", "degree"},
		Numeric: []bool{false, false, true, true, true, true}}
	for _, x := range p.Reach {
		if x.Generic {
			tb.Rows = append(tb.Rows, []string{x.Code, x.Name, strconv.Itoa(x.Domain), strconv.Itoa(x.Domains), fixed(x.Participation, 2), strconv.Itoa(x.Degree)})
		}
	}
	return tb
}

// addClusters adds the region's star ratings and pathways to d, with their
// thresholds as parameters; an analysis that cannot run becomes a caveat.
func (m *Maker) addClusters(ctx context.Context, d *Document, req analysis.RegionRequest) {
	if s, err := m.Analyzer.ClusterStars(ctx, analysis.StarsRequest{RegionRequest: req}); err != nil {
		d.Caveats = append(d.Caveats, "No cluster star ratings: "+err.Error())
	} else {
		d.Tables = append(d.Tables, StarsTable(s))
		t := s.Request.Thresholds
		d.Params = append(d.Params, Param{"Cluster stars: size, specialisation, focus", fmt.Sprintf("top %s of regions, LQ ≥ %s, top %s of cells", num(t.SizeTop), num(t.MinLQ), num(t.FocusTop))})
	}
	if p, err := m.Analyzer.Pathways(ctx, analysis.PathwaysRequest{RegionRequest: req}); err != nil {
		d.Caveats = append(d.Caveats, "No development pathways: "+err.Error())
	} else {
		d.Tables = append(d.Tables, PathwaysTable(p), GenericTable(p))
		d.Caveats = append(d.Caveats, "Development pathways are descriptive labels from stated rules, not recommendations.")
	}
}
