package brief

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
)

// num formats x with 4 significant digits, thousands separated ("1,260").
func num(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	if math.Abs(x) >= 1000 {
		return thousands(int64(math.Round(x)))
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}

// fixed formats x with d decimals.
func fixed(x float64, d int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	return strconv.FormatFloat(x, 'f', d, 64)
}

// thousands writes n with commas every three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(int64(n)) + " " + many
}

// Support says what backs an opportunity: "4 specialisations, 1,260 moves".
func Support(o analysis.Opportunity) string {
	s := plural(o.Supporting, "specialisation", "specialisations")
	if o.HasCounts {
		s += ", " + plural(int(math.Round(o.Moves)), "move", "moves")
	}
	return s
}

func label(code, name string) string {
	if name == "" {
		return code
	}
	return code + " " + name
}

// Region builds the brief of a region's profile (analysis.Analyzer.Region),
// its cluster star ratings and development pathways (StarsTable,
// PathwaysTable, GenericTable), its three bases of specialisation
// (BasesTable, when patents or publications are loaded) with the diagram of analysis.Analyzer.RegionView.
func (m *Maker) Region(ctx context.Context, req analysis.RegionRequest) (*Document, error) {
	res, err := m.Analyzer.Region(ctx, req)
	if err != nil {
		return nil, err
	}
	d := RegionDocument(res)
	m.addClusters(ctx, d, req)
	m.addBases(ctx, d, req)
	d.Generated = m.now()
	d.Provenance = m.provenance(ctx, res.Provenance)
	d.Provenance = append(d.Provenance, Param{"Regional values", res.Regional.Key()})
	v, err := m.Analyzer.RegionView(ctx, analysis.RegionViewRequest{RegionRequest: req})
	m.diagram(ctx, d, v, err, "The region's specialisations (filled) and diversification opportunities (outlined), coloured by knowledge domain")
	return d, nil
}

// RegionDocument lays out a region's profile.
func RegionDocument(res *analysis.RegionResult) *Document {
	p := res.RegionalProfile
	q := strings.ToUpper(p.Quotient)
	unit := "jobs"
	if res.Request.Measure == graphmodel.MeasurePatents {
		unit = "patents"
	}
	d := &Document{Kind: "region", Title: p.Region.Name, Subtitle: fmt.Sprintf("Regional brief: specialisations, diversification and cross-clustering opportunities (%s, %s)", p.Measure, p.Period)}
	d.Key = []KeyNumber{
		{"Total " + unit, num(p.Total)},
		{"Share of all " + unit, fixed(100*p.Share, 2) + " %"},
		{"Established specialisations", thousands(int64(p.Established))},
		{"Flagged (thin) specialisations", thousands(int64(p.Flagged))},
		{"Related / unrelated variety (bits)", fixed(p.Variety.Related, 2) + " / " + fixed(p.Variety.Unrelated, 2)},
		{"HHI concentration", fixed(p.HHI, 4)},
	}
	if c := p.Complexity; c != nil {
		d.Key = append(d.Key, KeyNumber{"Economic complexity (ECI)", fmt.Sprintf("%s (rank %d of %d)", fixed(c.ECI, 2), c.ECIRank, c.Regions)})
	}
	spec := Table{Name: "specialisations", Heading: "Specialisations", Intro: fmt.Sprintf("Industries with %s ≥ 1: established ones (at least %s %s and significant at α = %s) first, then flagged ones.", q, num(p.Evidence.MinValue), unit, num(p.Evidence.Alpha)),
		Columns: []string{"code", "industry", unit, q, q + " lower bound", "p-value", "regions specialised", "domain", "confidence"},
		Numeric: []bool{false, false, true, true, true, true, true, true, false}}
	for _, s := range p.Specialisations {
		conf := "established"
		if !s.Established {
			conf = "flagged: " + s.Flag
		}
		dom := ""
		if s.Domain >= 0 {
			dom = strconv.Itoa(s.Domain)
		}
		spec.Rows = append(spec.Rows, []string{s.Code, s.Name, num(s.Value), fixed(s.LQ, 2), fixed(s.LQLower, 2), fmt.Sprintf("%.2g", s.PValue), strconv.Itoa(s.Regions), dom, conf})
	}
	opp := Table{Name: "opportunities", Heading: "Diversification opportunities", Intro: fmt.Sprintf("Industries the region is not specialised in, by relatedness density (ranked by %s); each needs at least %d supporting specialisations. %d more had too little support.", p.Evidence.RankBy, p.Evidence.MinSupport, p.ThinOpportunities),
		Columns: []string{"code", "industry", unit, q, "density", "density lower bound", "support", "related specialisations"},
		Numeric: []bool{false, false, true, true, true, true, false, false}}
	for _, o := range p.Opportunities {
		var rel []string
		for i, r := range o.Related {
			if i == 3 {
				rel = append(rel, "…")
				break
			}
			rel = append(rel, label(r.Code, r.Name))
		}
		opp.Rows = append(opp.Rows, []string{o.Code, o.Name, num(o.Value), fixed(o.LQ, 2), fixed(o.Density, 1), fixed(o.DensityLower, 1), Support(o), strings.Join(rel, "; ")})
	}
	dom := func(id int) string {
		if l, ok := res.DomainLabels[id]; ok {
			return fmt.Sprintf("%d %s", id, l)
		}
		return strconv.Itoa(id)
	}
	cross := Table{Name: "cross_clustering", Heading: "Cross-clustering opportunities", Intro: "Pairs of knowledge domains in which the region's specialisations are related to each other, with the industries bridging them.",
		Columns: []string{"domain A", "domain B", "specialised in A", "specialised in B", "relatedness", "links", "bridging industries"},
		Numeric: []bool{false, false, true, true, true, true, false}}
	for _, c := range p.CrossClustering {
		var br []string
		for _, b := range c.Bridges {
			br = append(br, label(b.Code, b.Name))
		}
		cross.Rows = append(cross.Rows, []string{dom(c.DomainA), dom(c.DomainB), strconv.Itoa(c.SpecialisedA), strconv.Itoa(c.SpecialisedB), fixed(c.Relatedness, 2), strconv.Itoa(c.Links), strings.Join(br, "; ")})
	}
	peers := Table{Name: "peers", Heading: "Most similar regions", Intro: "Regions with the most similar set of specialisations (Jaccard similarity).",
		Columns: []string{"region", "Jaccard", "shared specialisations"}, Numeric: []bool{false, true, true}}
	for i, pr := range p.Peers {
		if i == 10 {
			break
		}
		peers.Rows = append(peers.Rows, []string{pr.Region.Name, fixed(pr.Jaccard, 3), strconv.Itoa(pr.Shared)})
	}
	d.Tables = []Table{spec, opp, cross, peers}
	r := res.Request
	d.Params = []Param{
		{"Layers", layerParam(res.Provenance)},
		{"Regional values", fmt.Sprintf("%s %s", res.Regional.Measure, res.Regional.Period)},
		{"Least " + unit + " of an established specialisation", num(p.Evidence.MinValue)},
		{"Significance α", num(p.Evidence.Alpha)},
		{"Least supporting specialisations", strconv.Itoa(p.Evidence.MinSupport)},
		{"Least moves on supporting links", num(p.Evidence.MinMoves)},
		{"Domains: resolution, seed", fmt.Sprintf("%s, %d", num(r.Resolution), r.Seed)},
		{"Variety grouped by", p.VarietyGroups},
	}
	if p.Flagged > 0 {
		d.Caveats = append(d.Caveats, fmt.Sprintf("%d of the %d specialisations are flagged as thin (too few %s or not significant): treat them as hints, not established strengths.", p.Flagged, len(p.Specialisations), unit))
	}
	if p.Bandwagon {
		d.Caveats = append(d.Caveats, fmt.Sprintf("%s of the specialisations are shared by most regions: the profile says little that is distinctive.", fixed(100*p.CommonShare, 0)+" %"))
	}
	if c := p.Complexity; c != nil && c.Regions < 20 {
		d.Caveats = append(d.Caveats, fmt.Sprintf("Economic complexity is computed from only %d regions: the ECI and its rank are unstable with so few regions and should not be read as a ranking.", c.Regions))
	}
	d.Caveats = append(d.Caveats, p.Warnings...)
	d.Caveats = append(d.Caveats, "Relatedness measures what industries have in common (here: labour flows or co-patents), not causation; opportunities are places to look, not recommendations.")
	return d
}

// Domain builds the brief of one knowledge domain (analysis.Analyzer.Domains)
// with its bridges from analysis.Analyzer.Hypothesis on its members and the
// diagram of analysis.Analyzer.DomainView.
func (m *Maker) Domain(ctx context.Context, req analysis.DomainsRequest, id int) (*Document, error) {
	res, err := m.Analyzer.Domains(ctx, req)
	if err != nil {
		return nil, err
	}
	var dom *analysis.Domain
	for i := range res.Domains {
		if res.Domains[i].ID == id {
			dom = &res.Domains[i]
		}
	}
	if dom == nil {
		return nil, graphmodel.Errorf(graphmodel.ENOTFOUND, "no domain %d: the partition has domains 1 to %d", id, len(res.Domains))
	}
	codes := make([]string, len(dom.Members))
	for i, mb := range dom.Members {
		codes[i] = mb.Code
	}
	ev, err := m.Analyzer.Hypothesis(ctx, analysis.HypothesisRequest{GraphRequest: req.GraphRequest, Codes: codes, SectorLevel: req.SectorLevel})
	if err != nil {
		return nil, err
	}
	d := DomainDocument(res, dom, ev)
	d.Generated = m.now()
	d.Provenance = m.provenance(ctx, res.Provenance)
	v, err := m.Analyzer.DomainView(ctx, analysis.ViewRequest{GraphRequest: req.GraphRequest, WithDomains: true, Resolution: req.Resolution, Seed: req.Seed}, id)
	m.diagram(ctx, d, v, err, "The members of domain "+strconv.Itoa(id)+" and their links")
	return d, nil
}

// DomainDocument lays out a domain with the evidence of its members.
func DomainDocument(res *analysis.DomainsResult, dom *analysis.Domain, ev *analysis.HypothesisEvidence) *Document {
	d := &Document{Kind: "domain", Title: fmt.Sprintf("Domain %d: %s", dom.ID, dom.Label), Subtitle: "Knowledge domain brief: members, sectors spanned, bridging industries"}
	d.Key = []KeyNumber{
		{"Members", thousands(int64(dom.Size))},
		{"Sectors spanned", thousands(int64(len(dom.Sectors)))},
		{"Sector mix (0–1)", fixed(dom.SectorMix, 2)},
		{"Link density", fixed(dom.Density, 3)},
		{"Conductance", fixed(dom.Conductance, 3)},
		{"Candidate score", fixed(dom.CandidateScore, 3)},
	}
	if dom.Employment != nil {
		d.Key = append(d.Key, KeyNumber{"Employment", num(*dom.Employment)})
	}
	mem := Table{Name: "members", Heading: "Members", Intro: "Industries of the domain by the strength of their links inside it.",
		Columns: []string{"code", "industry", "sector", "strength inside"}, Numeric: []bool{false, false, false, true}}
	for _, mb := range dom.Members {
		mem.Rows = append(mem.Rows, []string{mb.Code, mb.Name, mb.Sector, fixed(mb.Strength, 3)})
	}
	sec := Table{Name: "sectors", Heading: "Sectors spanned", Intro: "The traditional sectors of the members.",
		Columns: []string{"sector", "name", "members", "share"}, Numeric: []bool{false, false, true, true}}
	for _, s := range dom.Sectors {
		sec.Rows = append(sec.Rows, []string{s.Sector, dom.SectorNames[s.Sector], strconv.Itoa(s.Members), fixed(100*s.Share, 1) + " %"})
	}
	d.Tables = []Table{mem, sec, bridgeTable(ev)}
	if t, ok := employmentTable(ev); ok {
		d.Tables = append(d.Tables, t)
	}
	r := res.Request
	d.Params = []Param{{"Layers", layerParam(res.Provenance)}, {"Resolution", num(r.Resolution)}, {"Seed", strconv.FormatInt(r.Seed, 10)}, {"Sector level", strconv.Itoa(r.SectorLevel)}, {"Modularity of the partition", fixed(res.Modularity, 3)}}
	d.Caveats = append(d.Caveats, "Domains come from community detection (Leiden) on the relatedness graph: another resolution or seed can split or merge them; check the stability before naming one.")
	if dom.Size < 3 {
		d.Caveats = append(d.Caveats, "The domain has fewer than 3 members: too small to be a cross-sector candidate.")
	}
	return d
}

func bridgeTable(ev *analysis.HypothesisEvidence) Table {
	t := Table{Name: "bridges", Heading: "Bridging industries", Intro: "Industries outside the set with the most link weight into it.",
		Columns: []string{"code", "industry", "sector", "links into the set", "weight", "share of its links"}, Numeric: []bool{false, false, false, true, true, true}}
	for _, b := range ev.Bridges {
		t.Rows = append(t.Rows, []string{b.Code, b.Name, b.Sector, strconv.Itoa(b.Links), fixed(b.Weight, 3), fixed(100*b.Share, 1) + " %"})
	}
	return t
}

func employmentTable(ev *analysis.HypothesisEvidence) (Table, bool) {
	if ev.Employment == nil {
		return Table{}, false
	}
	t := Table{Name: "employment_by_region", Heading: "Employment by region", Intro: fmt.Sprintf("Jobs in the set's industries per region (%s).", ev.Employment.Set.Key()),
		Columns: []string{"region", "jobs", "share of the region's jobs", "LQ"}, Numeric: []bool{false, true, true, true}}
	for _, r := range ev.Employment.Regions {
		t.Rows = append(t.Rows, []string{r.Name, num(r.Jobs), fixed(100*r.Share, 2) + " %", fixed(r.LQ, 2)})
	}
	return t, true
}

// Hypothesis builds the brief of a saved hypothesis or a set of codes from
// its evidence (analysis.Analyzer.Hypothesis), with the diagram of the
// set's industries and the outside industries linked most into it
// (analysis.Analyzer.HypothesisView, the web page's network of it).
func (m *Maker) Hypothesis(ctx context.Context, req analysis.HypothesisRequest) (*Document, error) {
	ev, err := m.Analyzer.Hypothesis(ctx, req)
	if err != nil {
		return nil, err
	}
	d := HypothesisDocument(ev)
	d.Generated = m.now()
	d.Provenance = m.provenance(ctx, ev.Provenance)
	if !slices.ContainsFunc(ev.Members, func(mb analysis.EvidenceMember) bool { return mb.InGraph }) {
		d.DiagramNote = "No diagram: none of the industries has a link in the selected layers."
		return d, nil
	}
	// ev.Request holds the layers the evidence used (a hypothesis's saved ones).
	v, err := m.Analyzer.HypothesisView(ctx, analysis.HypothesisViewRequest{HypothesisRequest: ev.Request,
		View: analysis.ViewRequest{WithDomains: true, Resolution: 1, Seed: 1}})
	m.diagram(ctx, d, v, err, "The industries of the hypothesis (bold), the industries linked most into it, and their links")
	return d, nil
}

// HypothesisDocument lays out the evidence of a hypothesis.
func HypothesisDocument(ev *analysis.HypothesisEvidence) *Document {
	d := &Document{Kind: "hypothesis", Title: "Hypothesis", Subtitle: "Domain hypothesis brief: its evidence recomputed on the current data"}
	if h := ev.Hypothesis; h != nil {
		d.Title = fmt.Sprintf("Hypothesis %d: %s", h.ID, h.Name)
		if h.Author != "" {
			d.Subtitle += " · by " + h.Author
		}
	}
	c := ev.Cohesion
	d.Key = []KeyNumber{
		{"Industries (in the graph)", thousands(int64(c.Members))},
		{"Sectors spanned", thousands(int64(len(ev.Sectors)))},
		{"Internal links", thousands(int64(c.InternalLinks))},
		{"Weight inside / expected", fixed(c.WeightRatio, 2)},
		{"Link density", fixed(c.Density, 3)},
		{"Conductance", fixed(c.Conductance, 3)},
	}
	if ev.Employment != nil {
		d.Key = append(d.Key, KeyNumber{"Jobs", num(ev.Employment.Jobs)})
	}
	mem := Table{Name: "members", Heading: "Members", Intro: "The industries of the hypothesis by the weight of their links to the other members.",
		Columns: []string{"code", "industry", "sector", "weight inside", "strength", "in the graph"}, Numeric: []bool{false, false, false, true, true, false}}
	for _, mb := range ev.Members {
		in := "yes"
		if !mb.InGraph {
			in = "no link"
		}
		mem.Rows = append(mem.Rows, []string{mb.Code, mb.Name, mb.Sector, fixed(mb.Inside, 3), fixed(mb.Strength, 3), in})
	}
	sec := Table{Name: "sectors", Heading: "Sectors spanned", Intro: "The traditional sectors of the members.",
		Columns: []string{"sector", "name", "members", "share"}, Numeric: []bool{false, false, true, true}}
	for _, s := range ev.Sectors {
		sec.Rows = append(sec.Rows, []string{s.Sector, s.Name, strconv.Itoa(s.Members), fixed(100*s.Share, 1) + " %"})
	}
	d.Tables = []Table{mem, sec, bridgeTable(ev)}
	if t, ok := employmentTable(ev); ok {
		d.Tables = append(d.Tables, t)
	}
	if ch := ev.Change; ch != nil {
		d.Tables = append(d.Tables, Table{Name: "change", Heading: "Change between periods", Intro: fmt.Sprintf("Cohesion on %s against %s.", strings.Join(ch.Later, ", "), strings.Join(ch.Earlier, ", ")),
			Columns: []string{"measure", "earlier", "later", "change"}, Numeric: []bool{false, true, true, true},
			Rows: [][]string{
				{"weight inside / expected", fixed(ch.EarlierValues.WeightRatio, 2), fixed(ch.LaterValues.WeightRatio, 2), fixed(ch.WeightRatioChange, 2)},
				{"link density", fixed(ch.EarlierValues.Density, 3), fixed(ch.LaterValues.Density, 3), fixed(ch.DensityChange, 3)},
				{"conductance", fixed(ch.EarlierValues.Conductance, 3), fixed(ch.LaterValues.Conductance, 3), fixed(ch.ConductanceChange, 3)},
			}})
	}
	d.Params = []Param{{"Layers", layerParam(ev.Provenance)}, {"Sector level", strconv.Itoa(ev.Request.SectorLevel)}, {"Bridges listed", strconv.Itoa(ev.Request.Bridges)}}
	if h := ev.Hypothesis; h != nil {
		d.Params = append(d.Params, Param{"Source", h.Source}, Param{"Saved", h.CreatedAt.Format("2006-01-02 15:04 UTC")}, Param{"Updated", h.UpdatedAt.Format("2006-01-02 15:04 UTC")})
		if h.Notes != "" {
			d.Params = append(d.Params, Param{"Notes", h.Notes})
		}
	}
	if len(ev.Unknown) > 0 {
		d.Caveats = append(d.Caveats, "Codes that are not industries of the classification (left out): "+strings.Join(ev.Unknown, ", ")+".")
	}
	if c.Members < 3 {
		d.Caveats = append(d.Caveats, "Fewer than 3 industries are in the graph: cohesion measures are fragile.")
	}
	d.Caveats = append(d.Caveats, "A weight ratio above 1 means the set keeps more of its link weight inside than a random graph with the same strengths would (Newman 2006); it is not proof of a domain.")
	return d
}
