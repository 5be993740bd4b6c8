package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graph/community"
	"github.com/domainscope/domainscope/graphmodel"
)

// DomainsOptions choose what Domains prints.
type DomainsOptions struct {
	// Candidates prints the candidate cross-sector domains, by candidate
	// score, instead of every domain.
	Candidates bool
	// Domains is the most domains printed (0: all).
	Domains int
	// Members is the most members listed per domain (0: all).
	Members int
}

// Domains writes the knowledge domains of res: a summary line with the
// modularity and its stability over seeds, then per domain its size, jobs,
// cohesion scores, sectors and first members.
func Domains(w io.Writer, res *analysis.DomainsResult, opt DomainsOptions) error {
	doms := res.Domains
	if opt.Candidates {
		doms = res.Candidates()
	}
	if opt.Domains > 0 && opt.Domains < len(doms) {
		doms = doms[:opt.Domains]
	}
	p := &printer{w: w}
	p.printf("Knowledge domains on %s (%s), resolution %g, seed %d: %d domains, modularity %.3f",
		layersAbove(res.Provenance), res.Provenance.Classification, res.Request.Resolution, res.Request.Seed, len(res.Domains), res.Modularity)
	if res.Stability != nil {
		p.printf(" (over %d other seeds: mean %.3f, min %.3f)", res.Stability.Runs, res.Stability.MeanModularity, res.Stability.MinModularity)
	}
	p.printf("\n")
	if res.Isolated > 0 {
		p.printf("%d industries have no link above the threshold and are left out.\n", res.Isolated)
	}
	if res.Consensus != nil {
		c := res.Consensus
		p.printf("Consensus over the %d partitions (Lancichinetti & Fortunato 2012, τ = %g): %d domains", c.Partitions, c.Tau, c.Communities)
		if !c.Converged {
			p.printf(" (not converged after %d rounds)", c.Iterations)
		}
		p.printf("; each domain's consensus is the share of its members the best-matching consensus domain keeps.\n")
	}
	if res.Significance != "" && len(res.Domains) > 0 && res.Domains[0].Significance != nil {
		p.printf("Significance: internal weight vs the configuration model (× expected) and z against %d degree-preserving rewirings.\n",
			res.Domains[0].Significance.Samples)
	}
	if len(res.Generic) > 0 {
		if res.Request.ExcludeGeneric {
			p.printf("Generic intermediaries left out of detection (--exclude-generic): %s\n", genericList(res.Generic, false))
		} else {
			p.printf("Generic intermediaries (%s): %s\n", res.GenericRule.String(), genericList(res.Generic, true))
		}
	}
	if opt.Candidates {
		p.printf("Candidate cross-sector domains (score = sector mix × (1 − conductance) × √density):\n")
	}
	for _, d := range doms {
		domain(p, d, opt.Members)
	}
	return p.err
}

// genericList names generic intermediaries, with their domain when withDomain.
func genericList(gs []analysis.GenericIntermediary, withDomain bool) string {
	var parts []string
	for _, g := range gs {
		s := fmt.Sprintf("%s %s (P %.2f, %d of %d domains", g.Code, Shorten(g.Name, 40), g.Participation, g.Domains, g.Of)
		if withDomain && g.Domain > 0 {
			s += fmt.Sprintf(", in #%d", g.Domain)
		}
		parts = append(parts, s+")")
	}
	return strings.Join(parts, "; ")
}

func domain(p *printer, d analysis.Domain, members int) {
	p.printf("\n#%d %s — %d industries", d.ID, d.Label, d.Size)
	if d.Employment != nil {
		p.printf(", %s jobs", graphmodel.FormatCount(*d.Employment))
	}
	p.printf("\n   density %.2f, avg relatedness %.2f, conductance %.2f, sector mix %.2f, candidate score %.3f",
		d.Density, d.AvgRelatedness, d.Conductance, d.SectorMix, d.CandidateScore)
	if d.Stability != nil {
		p.printf(", stability %.2f", *d.Stability)
	}
	if d.Consensus != nil {
		p.printf(", consensus %.2f", d.Consensus.Share)
	}
	if s := d.Significance; s != nil {
		z := "z undefined (the rewirings never changed it)"
		if s.Z != nil {
			z = fmt.Sprintf("z %.1f", *s.Z)
		}
		p.printf("\n   internal weight %.3g = %.3g× the configuration model's %.3g; %s, p %s", s.InternalWeight, s.Ratio, s.Expected, z, PValue(s.P, s.Samples))
	}
	p.printf("\n")
	if u := d.UserName; u != nil {
		p.printf("   named by a user (Jaccard %.2f with the members it was named for); generated label: %s\n", u.Jaccard, u.GeneratedLabel)
	}
	var secs []string
	for _, s := range d.Sectors {
		name := d.SectorNames[s.Sector]
		if name == "" {
			name = s.Sector
		}
		secs = append(secs, fmt.Sprintf("%s %d", Shorten(name, 40), s.Members))
	}
	p.printf("   sectors: %s\n", strings.Join(secs, "; "))
	n := len(d.Members)
	if members > 0 && members < n {
		n = members
	}
	for _, m := range d.Members[:n] {
		p.printf("   %-6s %s\n", m.Code, Shorten(m.Name, 70))
	}
	if n < len(d.Members) {
		p.printf("   … and %d more\n", len(d.Members)-n)
	}
}

// PValue formats an empirical p-value of samples draws: at its floor
// 1/(samples+1) it is a bound, "≤ 0.0099".
func PValue(p float64, samples int) string {
	if samples > 0 && p <= 1/float64(samples+1)+1e-12 {
		return "≤ " + strconv.FormatFloat(p, 'g', 2, 64)
	}
	return strconv.FormatFloat(p, 'g', 2, 64)
}

// DomainMembers is one row per member of each domain: domain, label, code,
// name, sector, strength and stability (empty when not measured).
func DomainMembers(doms []analysis.Domain) Table {
	t := Table{Header: []string{"domain", "label", "code", "name", "sector", "strength", "stability"}}
	for _, d := range doms {
		for _, m := range d.Members {
			t.Add(strconv.Itoa(d.ID), d.Label, m.Code, m.Name, m.Sector, Float(m.Strength), optional(m.Stability, "%.3f", ""))
		}
	}
	return t
}

// Sweep is one row per resolution of a sweep: the number of domains, of
// domains with at least 3 industries, the largest domain and the modularity.
func Sweep(pts []community.ResolutionPoint) Table {
	t := Table{Header: []string{"RESOLUTION", "DOMAINS", "DOMAINS≥3", "LARGEST", "MODULARITY"}}
	for _, s := range pts {
		t.Add(strconv.FormatFloat(s.Resolution, 'g', -1, 64), strconv.Itoa(s.Communities), strconv.Itoa(s.NonTrivial),
			strconv.Itoa(s.Largest), fmt.Sprintf("%.4f", s.Modularity))
	}
	return t
}

// layers names the layers of a result: "labour@2009-2018 + copatent@2010-2019".
// layersAbove names the layers with the threshold each used:
// "labour@2009-2018 (links > 0)"; the thresholds are left out when unknown.
func layersAbove(p analysis.Provenance) string {
	var keys []string
	for i, l := range p.Layers {
		k := l.Key()
		if i < len(p.Thresholds) {
			k += fmt.Sprintf(" (links > %g)", p.Thresholds[i])
		}
		keys = append(keys, k)
	}
	return strings.Join(keys, " + ")
}

func layers(p analysis.Provenance) string {
	var keys []string
	for _, l := range p.Layers {
		keys = append(keys, l.Key())
	}
	return strings.Join(keys, " + ")
}

// optional formats *x with format, or returns none when x is nil.
func optional(x *float64, format, none string) string {
	if x == nil {
		return none
	}
	return fmt.Sprintf(format, *x)
}
