package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/analysis"
)

// membership writes "#3 Label 0.35 (7/20)".
func membership(m analysis.OverlapMembership, seeds int, labelWidth int) string {
	return fmt.Sprintf("#%d %s %.2f (%d/%d)", m.Domain, Shorten(m.Label, labelWidth), m.Share, m.Runs, seeds)
}

// Overlap writes the overlapping domains: the method, the domains with
// their own members and guests, then the industries in several domains
// (at most top; 0: all) with each membership and its runs.
func Overlap(w io.Writer, res *analysis.OverlapResult, top int) error {
	p := &printer{w: w}
	r := res.Request
	p.printf("Overlapping knowledge domains on %s (%s), resolution %g, seeds %d–%d: %d domains; %d of %d industries belong to several (membership ≥ %g)\n",
		layersAbove(res.Provenance), res.Provenance.Classification, r.Resolution, r.Seed, r.Seed+int64(r.Seeds)-1,
		len(res.Domains), res.MultiDomain, len(res.Industries), r.MinMembership)
	rules(p, []string{res.Method})
	if !res.Consensus.Converged {
		p.printf("The consensus did not converge after %d rounds.\n", res.Consensus.Iterations)
	}
	t := Table{Header: []string{"DOMAIN", "MEMBERS", "GUESTS", "LABEL"}}
	for _, d := range res.Domains {
		t.Add(strconv.Itoa(d.ID), strconv.Itoa(d.Size), strconv.Itoa(d.Guests), d.Label)
	}
	p.table(t)
	multi := res.Multi()
	if top > 0 && top < len(multi) {
		multi = multi[:top]
	}
	p.printf("\nIndustries in several domains (membership = share of the %d runs in which it sits with the domain's core; home first)\n", r.Seeds)
	if len(multi) == 0 {
		p.printf("  none at this minimum membership\n")
		return p.err
	}
	m := Table{Header: []string{"CODE", "NAME", "MEMBERSHIPS"}}
	for _, in := range multi {
		var parts []string
		for _, x := range in.Memberships {
			parts = append(parts, membership(x, r.Seeds, 40))
		}
		m.Add(in.Code, Shorten(in.Name, 40), strings.Join(parts, "; "))
	}
	p.table(m)
	if n := res.MultiDomain - len(multi); n > 0 {
		p.printf("… and %d more (--top 0 lists all)\n", n)
	}
	return p.err
}

// OverlapRows is one row per membership: every industry's home and its
// other domains.
func OverlapRows(res *analysis.OverlapResult) Table {
	t := Table{Header: []string{"code", "name", "domain", "label", "home", "runs", "seeds", "share"}}
	for _, in := range res.Industries {
		for _, m := range in.Memberships {
			t.Add(in.Code, in.Name, strconv.Itoa(m.Domain), m.Label, strconv.FormatBool(m.Home), strconv.Itoa(m.Runs),
				strconv.Itoa(res.Request.Seeds), strconv.FormatFloat(m.Share, 'g', 6, 64))
		}
	}
	return t
}

// Hierarchy writes the domains across resolutions as an indented tree:
// each domain of the first resolution, under it the domains of the next
// resolution whose parent it is, with the members they share and the
// parent's share of their strength.
func Hierarchy(w io.Writer, res *analysis.HierarchyResult) error {
	p := &printer{w: w}
	var gs []string
	for _, lv := range res.Levels {
		gs = append(gs, fmt.Sprintf("γ %g: %d domains (Q %.3f, %d not nested)", lv.Resolution, len(lv.Domains), lv.Modularity, lv.NotNested))
	}
	p.printf("Domain hierarchy on %s (%s), seed %d: %s\n", layersAbove(res.Provenance), res.Provenance.Classification,
		res.Request.Seed, strings.Join(gs, "; "))
	rules(p, []string{res.Rule, "each line: γ #id (size) label; below the first level: shared members/size and the parent's share of its strength; * marks a split that is not nested"})
	var walk func(k, id int, indent string)
	walk = func(k, id int, indent string) {
		for _, c := range res.Children(k, id) {
			mark := ""
			if c.MemberShare < 1 {
				mark = " *"
			}
			p.printf("%sγ %g #%d (%d) %s — %d/%d shared, weight share %.2f%s\n", indent, res.Levels[k+1].Resolution, c.ID, c.Size,
				c.Label, c.Shared, c.Size, c.WeightShare, mark)
			walk(k+1, c.ID, indent+"  ")
		}
	}
	if len(res.Levels) == 0 {
		return p.err
	}
	for _, d := range res.Levels[0].Domains {
		p.printf("γ %g #%d (%d) %s\n", res.Levels[0].Resolution, d.ID, d.Size, d.Label)
		walk(0, d.ID, "  ")
	}
	return p.err
}

// HierarchyRows is one row per domain and resolution with its parent.
func HierarchyRows(res *analysis.HierarchyResult) Table {
	t := Table{Header: []string{"resolution", "domain", "label", "size", "parent_resolution", "parent", "shared", "member_share", "weight_share"}}
	for k, lv := range res.Levels {
		for _, d := range lv.Domains {
			pr, parent := "", ""
			if k > 0 {
				pr, parent = strconv.FormatFloat(res.Levels[k-1].Resolution, 'g', -1, 64), strconv.Itoa(d.Parent)
			}
			t.Add(strconv.FormatFloat(lv.Resolution, 'g', -1, 64), strconv.Itoa(d.ID), d.Label, strconv.Itoa(d.Size), pr, parent,
				strconv.Itoa(d.Shared), strconv.FormatFloat(d.MemberShare, 'g', 6, 64), strconv.FormatFloat(d.WeightShare, 'g', 6, 64))
		}
	}
	return t
}
