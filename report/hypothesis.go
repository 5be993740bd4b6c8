package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
)

// Hypotheses is one row per saved hypothesis: ID, name, classification,
// number of codes, source, author, last update and version.
func Hypotheses(hs []graphmodel.Hypothesis) Table {
	t := Table{Header: []string{"ID", "NAME", "CLASSIFICATION", "CODES", "SOURCE", "AUTHOR", "UPDATED", "VERSION"}}
	for _, h := range hs {
		t.Add(strconv.FormatInt(h.ID, 10), Shorten(h.Name, 50), h.Classification, strconv.Itoa(len(h.Codes)), h.Source,
			Shorten(h.Author, 30), h.UpdatedAt.Format(time.DateTime), strconv.FormatInt(h.Version, 10))
	}
	return t
}

// HypothesisParams words the saved parameters of a hypothesis:
// "layers labour@2009-2018, threshold 0, resolution 1, seed 1, domain 3".
func HypothesisParams(p graphmodel.HypothesisParams) string {
	var parts []string
	if len(p.Layers) > 0 {
		parts = append(parts, "layers "+strings.Join(p.Layers, " + "))
	}
	if p.Threshold != nil {
		parts = append(parts, "threshold "+strconv.FormatFloat(*p.Threshold, 'g', -1, 64))
	}
	if p.Resolution != nil {
		parts = append(parts, "resolution "+strconv.FormatFloat(*p.Resolution, 'g', -1, 64))
	}
	if p.Seed != nil {
		parts = append(parts, "seed "+strconv.FormatInt(*p.Seed, 10))
	}
	if p.Domain != nil {
		parts = append(parts, "domain "+strconv.Itoa(*p.Domain))
	}
	if len(parts) == 0 {
		return "none saved"
	}
	return strings.Join(parts, ", ")
}

// Hypothesis writes a saved hypothesis: name, codes, parameters, author,
// times and notes.
func Hypothesis(w io.Writer, h graphmodel.Hypothesis) error {
	p := &printer{w: w}
	p.printf("Hypothesis %d: %s\n", h.ID, h.Name)
	p.printf("  %s of %s (from %s): %s\n", graphmodel.Plural(len(h.Codes), "industry", "industries"), h.Classification, h.Source,
		strings.Join(h.Codes, ", "))
	p.printf("  parameters: %s\n", HypothesisParams(h.Params))
	author := h.Author
	if author == "" {
		author = "(no author)"
	}
	p.printf("  %s; created %s, updated %s (version %d)\n", author, h.CreatedAt.Format(time.DateTime+" MST"),
		h.UpdatedAt.Format(time.DateTime+" MST"), h.Version)
	if h.Notes != "" {
		p.printf("  notes:\n")
		for _, line := range strings.Split(strings.TrimRight(h.Notes, "\n"), "\n") {
			p.printf("    %s\n", line)
		}
	}
	return p.err
}

// Evidence writes the evidence of a set of industries recomputed on the
// current data: cohesion against the configuration model, sectors,
// members, bridges into it, employment by region and the change between
// periods.
func Evidence(w io.Writer, ev *analysis.HypothesisEvidence) error {
	p := &printer{w: w}
	c := ev.Cohesion
	p.printf("Evidence on %s (%s, store version %d)\n", layers(ev.Provenance), ev.Provenance.Classification, ev.Provenance.StoreVersion)
	if len(ev.Unknown) > 0 {
		p.printf("  not industries of %s (left out): %s\n", ev.Provenance.Classification, graphmodel.QuoteCodes(ev.Unknown))
	}
	p.printf("  cohesion: %d of %d industries linked; %d links inside, weight %s vs %s expected (configuration model): ratio %.2f\n",
		c.Members, len(ev.Members), c.InternalLinks, Float(c.InternalWeight), Float(c.ExpectedWeight), c.WeightRatio)
	p.printf("  density %.2f, conductance %.2f, modularity term %.4f\n", c.Density, c.Conductance, c.Modularity)
	var secs []string
	for _, s := range ev.Sectors {
		name := s.Name
		if name == "" {
			name = s.Sector
		}
		secs = append(secs, fmt.Sprintf("%s %d", Shorten(name, 40), s.Members))
	}
	p.printf("  sectors spanned (%d): %s\n", len(ev.Sectors), strings.Join(secs, "; "))
	p.printf("\nMembers (weight of links inside / all links)\n")
	t := Table{Header: []string{"CODE", "NAME", "SECTOR", "INSIDE", "STRENGTH"}}
	for _, m := range ev.Members {
		if !m.InGraph {
			t.Add(m.Code, Shorten(m.Name, 50), Shorten(m.Sector, 24), "-", "no links")
			continue
		}
		t.Add(m.Code, Shorten(m.Name, 50), Shorten(m.Sector, 24), Float(m.Inside), Float(m.Strength))
	}
	p.table(t)
	if len(ev.Bridges) > 0 {
		p.printf("\nBridges into it (outside industries with the most link weight into the set)\n")
		t := Table{Header: []string{"CODE", "NAME", "LINKS", "WEIGHT", "SHARE"}}
		for _, b := range ev.Bridges {
			t.Add(b.Code, Shorten(b.Name, 50), strconv.Itoa(b.Links), Float(b.Weight), fmt.Sprintf("%.0f%%", 100*b.Share))
		}
		p.table(t)
	}
	if e := ev.Employment; e != nil {
		p.printf("\nEmployment %s: %s jobs", e.Set.Period, graphmodel.FormatCount(e.Jobs))
		for _, pe := range e.Periods {
			if pe.Period != e.Set.Period {
				p.printf("; %s: %s", pe.Period, graphmodel.FormatCount(pe.Jobs))
			}
		}
		p.printf("\n")
		t := Table{Header: []string{"REGION", "JOBS", "SHARE", "LQ"}}
		for _, r := range e.Regions {
			name := r.Name
			if name == "" {
				name = r.Region
			}
			t.Add(Shorten(name, 40), graphmodel.FormatCount(r.Jobs), fmt.Sprintf("%.1f%%", 100*r.Share), fmt.Sprintf("%.2f", r.LQ))
		}
		p.table(t)
	}
	if ch := ev.Change; ch != nil {
		p.printf("\nChange %s → %s: weight ratio %.2f → %.2f, density %.2f → %.2f, conductance %.2f → %.2f\n",
			strings.Join(ch.Earlier, " + "), strings.Join(ch.Later, " + "), ch.EarlierValues.WeightRatio, ch.LaterValues.WeightRatio,
			ch.EarlierValues.Density, ch.LaterValues.Density, ch.EarlierValues.Conductance, ch.LaterValues.Conductance)
	}
	return p.err
}

// EvidenceMembers is one row per member of the evidence: code, name,
// sector, weight inside, strength and whether it is in the graph.
func EvidenceMembers(ev *analysis.HypothesisEvidence) Table {
	t := Table{Header: []string{"code", "name", "sector", "inside", "strength", "in_graph"}}
	for _, m := range ev.Members {
		t.Add(m.Code, m.Name, m.Sector, Float(m.Inside), Float(m.Strength), strconv.FormatBool(m.InGraph))
	}
	return t
}

// DomainNameRows is one domain name as a DomainNames table.
func DomainNameRows(n graphmodel.DomainName) Table { return DomainNames([]graphmodel.DomainName{n}) }

// DomainName writes one domain name as a DomainNames table.
func DomainName(w io.Writer, n graphmodel.DomainName) error { return DomainNameRows(n).WriteText(w) }

// DomainNames is one row per stored domain name: key, name,
// classification, layers, number of members and last update.
func DomainNames(ns []graphmodel.DomainName) Table {
	t := Table{Header: []string{"KEY", "NAME", "CLASSIFICATION", "LAYERS", "MEMBERS", "UPDATED"}}
	for _, n := range ns {
		t.Add(n.Key, Shorten(n.Name, 50), n.Classification, strings.Join(n.Layers, " + "), strconv.Itoa(len(n.Codes)),
			n.UpdatedAt.Format(time.DateTime))
	}
	return t
}
