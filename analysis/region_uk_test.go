package analysis

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/variety"

	"github.com/domainscope/domainscope/ingest/realdata"

	"github.com/domainscope/domainscope/graphmodel"
)

// ukEmployment is the BRES 2015 table: 11 regions and the Total column.
type ukEmployment struct {
	regions []graphmodel.Region
	values  []graphmodel.RegionalValue
	total   map[string]float64
	names   map[string]string
}

func readUKEmployment(t testing.TB, path string) ukEmployment {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		t.Fatalf("%s: header: %v", path, err)
	}
	codeCol, totalCol, descCol := -1, -1, -1
	var regionCols []int
	for i, h := range header {
		switch h {
		case "SIC2007":
			codeCol = i
		case "Total":
			totalCol = i
		case "Description":
			descCol = i
		case "Industry":
		default:
			regionCols = append(regionCols, i)
		}
	}
	if codeCol < 0 || totalCol < 0 || len(regionCols) != 11 {
		t.Fatalf("%s: expected columns SIC2007, Total and 11 regions, found %q", path, header)
	}
	e := ukEmployment{total: map[string]float64{}, names: map[string]string{}}
	for _, c := range regionCols {
		e.regions = append(e.regions, graphmodel.Region{ID: graphmodel.Slug(header[c]), Name: header[c]})
	}
	num := func(rec []string, line, col int) float64 {
		v, err := strconv.ParseFloat(strings.TrimSpace(rec[col]), 64)
		if err != nil {
			t.Fatalf("%s:%d: column %s: expected a number, found %q", path, line, header[col], rec[col])
		}
		return v
	}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		code := rec[codeCol]
		if len(code) != 4 {
			t.Fatalf("%s:%d: column SIC2007: expected a 4-digit code, found %q", path, line, code)
		}
		for k, c := range regionCols {
			e.values = append(e.values, graphmodel.RegionalValue{Region: e.regions[k].ID, Industry: code, Value: num(rec, line, c)})
		}
		e.total[code] = num(rec, line, totalCol)
		if descCol >= 0 {
			e.names[code] = strings.TrimSpace(rec[descCol])
		}
	}
	return e
}

// readUKRelatedness builds the relatedness graph of the test from job moves:
// the diagonal is dropped, R_ij = F_ij F_·· / (F_i· F_·j) over the
// off-diagonal flows, R̄_ij = (R_ij + R_ji)/2 (a missing direction counts 0),
// φ_ij = (R̄−1)/(R̄+1), kept when > 0 (Neffke & Henning 2013). Codes are
// left-padded to 4 digits; nodes are all codes in code order.
func readUKRelatedness(t testing.TB, path string) ([]string, *graph.Graph) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if strings.Join(recs[0], ",") != "StartIndst,FinalIndst,Counts" {
		t.Fatalf("%s: header %q, expected StartIndst,FinalIndst,Counts", path, recs[0])
	}
	pad := func(s string) string {
		s = strings.TrimSpace(s)
		return strings.Repeat("0", max(0, 4-len(s))) + s
	}
	type pair struct{ a, b string }
	flow := map[pair]float64{}
	seen := map[string]bool{}
	out, in := map[string]float64{}, map[string]float64{}
	var total float64
	for k, rec := range recs[1:] {
		a, b := pad(rec[0]), pad(rec[1])
		c, err := strconv.ParseFloat(rec[2], 64)
		if err != nil {
			t.Fatalf("%s:%d: column Counts: expected a number, found %q", path, k+2, rec[2])
		}
		seen[a], seen[b] = true, true
		if a == b {
			continue
		}
		flow[pair{a, b}] += c
		out[a] += c
		in[b] += c
		total += c
	}
	codes := make([]string, 0, len(seen))
	for c := range seen {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	idx := map[string]int32{}
	for i, c := range codes {
		idx[c] = int32(i)
	}
	ratio := func(a, b string) float64 {
		f := flow[pair{a, b}]
		if f == 0 {
			return 0 // a missing flow (out[a] or in[b] may be 0 then)
		}
		return f * total / (out[a] * in[b])
	}
	var edges []graph.Edge
	for p := range flow {
		if rev, ok := flow[pair{p.b, p.a}]; ok && rev > 0 && p.a > p.b {
			continue // the pair is handled once, from its smaller code
		}
		r := (ratio(p.a, p.b) + ratio(p.b, p.a)) / 2 // ratio of a missing flow is 0
		if w := (r - 1) / (r + 1); w > 0 {
			edges = append(edges, graph.Edge{I: idx[p.a], J: idx[p.b], W: w})
		}
	}
	g, err := graph.NewGraph(len(codes), edges)
	if err != nil {
		t.Fatal(err)
	}
	return codes, g
}

type ukData struct {
	emp   ukEmployment
	codes []string
	g     *graph.Graph
	m     *RegionalMatrix
}

func loadUK(t testing.TB) ukData {
	t.Helper()
	dir := filepath.Join(realdata.Dir(t), "uk-labour-flows")
	var d ukData
	d.emp = readUKEmployment(t, filepath.Join(dir, "employment_2015_uk_regions_wide.csv"))
	d.codes, d.g = readUKRelatedness(t, filepath.Join(dir, "flows_sic2007_2009_2018.csv"))
	m, err := NewRegionalMatrix(d.emp.values, d.emp.regions, d.codes)
	if err != nil {
		t.Fatal(err)
	}
	d.m = m
	return d
}

func TestRegionalProfileUK(t *testing.T) {
	d := loadUK(t)
	m, g := d.m, d.g
	// 439 industries in the flows, all of them in the employment table of 616.
	if g.Nodes() != 439 || m.Nodes != 439 || len(m.Codes) != 616 || len(m.Regions) != 11 {
		t.Fatalf("nodes %d, matrix %d nodes of %d codes, %d regions; want 439, 616, 11", g.Nodes(), m.Nodes, len(m.Codes), len(m.Regions))
	}
	// The regions sum to the Total column (checked with pandas: 0 rows differ),
	// so a Total reference gives the same LQs as the sum of the regions.
	mt, err := NewRegionalMatrix(d.emp.values, d.emp.regions, d.codes)
	if err != nil {
		t.Fatal(err)
	}
	if err := mt.SetReference(d.emp.total); err != nil {
		t.Fatal(err)
	}
	lqs := make([][]float64, len(m.Regions))
	for r := range lqs {
		lqs[r] = m.LQ(r)
		for i, v := range mt.LQ(r) {
			if math.IsNaN(v) != math.IsNaN(lqs[r][i]) || !math.IsNaN(v) && math.Abs(v-lqs[r][i]) > 1e-9*v {
				t.Fatalf("%s %s: LQ %v with the Total column, %v with the sum of regions", m.Regions[r].ID, m.Codes[i], v, lqs[r][i])
			}
		}
	}
	// Identity: Σ_r (x_r·/x_··) LQ_ri = Σ_r x_ri / x_·i = 1 for every industry with employment.
	defined := 0
	for i := range m.Codes {
		if m.Reference[i] == 0 {
			continue
		}
		defined++
		var s float64
		for r := range lqs {
			s += m.RegionTotal[r] / m.ReferenceTotal * lqs[r][i]
		}
		if math.Abs(s-1) > 1e-9 {
			t.Errorf("%s: size-weighted mean LQ %v, want 1", m.Codes[i], s)
		}
	}
	if defined < 500 {
		t.Errorf("only %d industries with employment", defined)
	}

	lon, err := m.RegionIndex("london")
	if err != nil {
		t.Fatal(err)
	}
	// London's LQs, checked with pandas on the same file
	// ((X/X.sum()) / (X.sum(axis=1)/X.values.sum())): 6419 banks 2.0629767768460523,
	// 6630 fund management 4.152055606219555; 168 industries with LQ ≥ 1, 12 of them in 64xx/66xx.
	col := func(code string) int {
		i, ok := m.Column(code)
		if !ok {
			t.Fatalf("no column %s", code)
		}
		return i
	}
	for code, want := range map[string]float64{"6419": 2.0629767768460523, "6630": 4.152055606219555} {
		if got := lqs[lon][col(code)]; math.Abs(got-want) > 1e-12*want {
			t.Errorf("London LQ %s = %v, pandas %v", code, got, want)
		}
	}

	p, err := RegionProfile(m, g, "london", ProfileOptions{
		Measure: graphmodel.MeasureEmployment, Period: "2015", Names: d.emp.names,
		Groups: variety.GroupsByPrefix(m.Codes, 2), GroupsBy: "division",
		Domains: ukDivisionDomains(d.codes),
	})
	if err != nil {
		t.Fatal(err)
	}
	fin := 0
	for _, s := range p.Specialisations {
		if s.LQ < 1 {
			t.Errorf("specialisation %s with LQ %v < 1", s.Code, s.LQ)
		}
		if strings.HasPrefix(s.Code, "64") || strings.HasPrefix(s.Code, "66") {
			fin++
		}
	}
	if len(p.Specialisations) != 168 || fin != 12 {
		t.Errorf("London: %d specialisations, %d in 64xx/66xx; pandas: 168 and 12", len(p.Specialisations), fin)
	}
	// Shares sum to 1 over the regions: London's share is 4,891,820 / 28,523,100.
	if want := 4891820.0 / 28523100; math.Abs(p.Share-want) > 1e-12 || p.Total != 4891820 {
		t.Errorf("London total %v share %v, want 4891820 and %v", p.Total, p.Share, want)
	}
	// Entropy decomposition for every region by SIC division.
	for r := range m.Regions {
		v, err := variety.EntropyDecomposition(m.Row(r), variety.GroupsByPrefix(m.Codes, 2))
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(v.Unrelated+v.Related-v.Entropy) > 1e-12 || v.Related <= 0 || v.Unrelated <= 0 {
			t.Errorf("%s: UV %v + RV %v vs H %v", m.Regions[r].ID, v.Unrelated, v.Related, v.Entropy)
		}
	}
	// Opportunities: LQ < 1, by density, explained by specialised neighbours
	// whose links sum to the support.
	if len(p.Opportunities) != 20 {
		t.Fatalf("%d opportunities, want the default 20", len(p.Opportunities))
	}
	// The same ranking computed with numpy from the same files (dense φ
	// matrix, RD = 100·φM/φ1, sorted by RD, then φM, then code):
	// 6511, 5222, 4763, 1520, 2041; the graph had 1395 edges.
	if g.Edges() != 1395 {
		t.Errorf("relatedness graph has %d edges, numpy 1395", g.Edges())
	}
	for k, want := range []string{"6511", "5222", "4763", "1520", "2041"} {
		if got := p.Opportunities[k].Code; got != want {
			t.Errorf("London opportunity %d = %s, numpy %s", k+1, got, want)
		}
	}
	for k, o := range p.Opportunities {
		if o.LQ >= 1 || o.Density <= 0 || o.Density > 100 || len(o.Related) == 0 {
			t.Errorf("opportunity %+v", o)
		}
		if k > 0 && o.Density > p.Opportunities[k-1].Density {
			t.Errorf("opportunities out of order at %d", k)
		}
		for _, rel := range o.Related {
			if rel.LQ < 1 || g.Weight(o.Node, rel.Node) != rel.Relatedness {
				t.Errorf("%s explained by %+v", o.Code, rel)
			}
		}
	}
	t.Logf("London, 2015: %d jobs, %d specialisations; H %.3f = UV %.3f + RV %.3f bits by division; HHI %.4f; common share %.2f",
		int(p.Total), len(p.Specialisations), p.Variety.Entropy, p.Variety.Unrelated, p.Variety.Related, p.HHI, p.CommonShare)
	for _, o := range p.Opportunities[:5] {
		var why []string
		for _, rel := range o.Related[:min(3, len(o.Related))] {
			why = append(why, fmt.Sprintf("%s %s (φ %.2f, LQ %.2f)", rel.Code, rel.Name, rel.Relatedness, rel.LQ))
		}
		t.Logf("  opportunity %s %-45.45s RD %5.1f support %.2f LQ %.2f jobs %6.0f  via %s",
			o.Code, o.Name, o.Density, o.Support, o.LQ, o.Value, strings.Join(why, "; "))
	}
	for _, c := range p.CrossClustering[:min(3, len(p.CrossClustering))] {
		t.Logf("  cross clustering: divisions %02d × %02d, %d links, relatedness %.2f, top bridge %s %s",
			c.DomainA, c.DomainB, c.Links, c.Relatedness, c.Bridges[0].Code, c.Bridges[0].Name)
	}
	for _, peer := range p.Peers[:3] {
		t.Logf("  peer %s: Jaccard %.3f, cosine LQ %.3f, cosine share %.3f", peer.Region.Name, peer.Jaccard, peer.CosineLQ, peer.CosineShare)
	}
	if len(p.CrossClustering) == 0 || len(p.Peers) != 10 {
		t.Errorf("%d cross-clustering pairs, %d peers", len(p.CrossClustering), len(p.Peers))
	}

	// Every region's profile encodes as JSON.
	for _, reg := range m.Regions {
		p, err := RegionProfile(m, g, reg.ID, ProfileOptions{Names: d.emp.names, Domains: ukDivisionDomains(d.codes)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := json.Marshal(p); err != nil {
			t.Fatalf("%s: %v", reg.ID, err)
		}
		t.Logf("%-25s %3d specialisations, common share %.2f, bandwagon %v", reg.Name, len(p.Specialisations), p.CommonShare, p.Bandwagon)
	}
}

// ukDivisionDomains partitions the graph's nodes by SIC division (the first
// two digits), a classification-based stand-in for detected domains.
func ukDivisionDomains(codes []string) []int32 {
	out := make([]int32, len(codes))
	for i, c := range codes {
		v, _ := strconv.Atoi(c[:2])
		out[i] = int32(v)
	}
	return out
}

// BenchmarkRegionProfileUK times one region's full profile on the UK data
// (439-node graph, 616 industries, 11 regions).
func BenchmarkRegionProfileUK(b *testing.B) {
	d := loadUK(b)
	dom := ukDivisionDomains(d.codes)
	groups := variety.GroupsByPrefix(d.m.Codes, 2)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		reg := d.m.Regions[i%len(d.m.Regions)].ID
		if _, err := RegionProfile(d.m, d.g, reg, ProfileOptions{Names: d.emp.names, Domains: dom, Groups: groups}); err != nil {
			b.Fatal(err)
		}
	}
}
