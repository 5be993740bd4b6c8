package analysis

import (
	"math"
	"sort"

	"github.com/domainscope/domainscope/graphmodel"
)

// RegionalMatrix holds one measure (employment or patents) for regions ×
// industries, with the columns aligned to the nodes of a graph.
//
// Column i < Nodes is node i of the graph (Codes[i] is its code). The columns
// from Nodes on are industries that have values but no node in the graph, in
// code order. They count in the region totals x_r· and in the reference
// totals x_·i and x_··: a location quotient compares an industry with the
// whole regional economy, not only with the industries that happen to be in
// the graph. Graph measures (density, opportunities, cross clustering) use the
// first Nodes columns only.
type RegionalMatrix struct {
	Regions []graphmodel.Region
	Codes   []string
	Nodes   int
	// X holds the values region-major: X[r*len(Codes)+i] is x_ri.
	X []float64
	// RegionTotal[r] is x_r· = Σ_i x_ri over every column.
	RegionTotal []float64
	// Reference[i] is x_·i, the reference value of column i: Σ_r x_ri unless
	// SetReference gave another (e.g. a national Total column).
	Reference []float64
	// ReferenceTotal is x_·· = Σ_i x_·i (with SetReference: the sum of every
	// value given, industries without a column included).
	ReferenceTotal float64

	column map[string]int
	region map[string]int
}

// NewRegionalMatrix builds a matrix from regional values. codes are the
// graph's node codes in node order (nil for a matrix without a graph);
// industries of values that are not among them become extra columns after
// them. Every value's region must be one of regions. Values must be finite
// and ≥ 0, and a (region, industry) pair may appear only once; anything else
// is EINVALID, naming the value by its index.
func NewRegionalMatrix(values []graphmodel.RegionalValue, regions []graphmodel.Region, codes []string) (*RegionalMatrix, error) {
	if len(regions) == 0 {
		return nil, graphmodel.Errorf(graphmodel.EINVALID, "regional matrix: no regions given")
	}
	m := &RegionalMatrix{
		Regions: append([]graphmodel.Region(nil), regions...),
		Nodes:   len(codes),
		column:  make(map[string]int, len(codes)),
		region:  make(map[string]int, len(regions)),
	}
	for r, reg := range regions {
		if reg.ID == "" {
			return nil, graphmodel.Errorf(graphmodel.EINVALID, "regional matrix: region %d (%q) has an empty ID", r, reg.Name)
		}
		if _, dup := m.region[reg.ID]; dup {
			return nil, graphmodel.Errorf(graphmodel.EINVALID, "regional matrix: region ID %q is given twice", reg.ID)
		}
		m.region[reg.ID] = r
	}
	for i, c := range codes {
		if c == "" {
			return nil, graphmodel.Errorf(graphmodel.EINVALID, "regional matrix: node %d has an empty industry code", i)
		}
		if _, dup := m.column[c]; dup {
			return nil, graphmodel.Errorf(graphmodel.EINVALID, "regional matrix: industry code %q is given for two nodes", c)
		}
		m.column[c] = i
	}
	var extra []string
	for k, v := range values {
		if v.Industry == "" {
			return nil, graphmodel.Errorf(graphmodel.EINVALID, "regional value %d (region %q): empty industry code", k, v.Region)
		}
		if _, ok := m.region[v.Region]; !ok {
			return nil, graphmodel.Errorf(graphmodel.EINVALID,
				"regional value %d (industry %q): region %q is not among the %d regions given", k, v.Industry, v.Region, len(regions))
		}
		if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) || v.Value < 0 {
			return nil, graphmodel.Errorf(graphmodel.EINVALID,
				"regional value %d (region %q, industry %q): expected a finite number >= 0, found %v", k, v.Region, v.Industry, v.Value)
		}
		if _, ok := m.column[v.Industry]; !ok {
			m.column[v.Industry] = -1 // placeholder until the extra columns are sorted
			extra = append(extra, v.Industry)
		}
	}
	sort.Strings(extra)
	m.Codes = make([]string, 0, len(codes)+len(extra))
	m.Codes = append(append(m.Codes, codes...), extra...)
	for i, c := range extra {
		m.column[c] = len(codes) + i
	}
	nc := len(m.Codes)
	m.X = make([]float64, len(regions)*nc)
	seen := make([]bool, len(m.X))
	for k, v := range values {
		at := m.region[v.Region]*nc + m.column[v.Industry]
		if seen[at] {
			return nil, graphmodel.Errorf(graphmodel.EINVALID,
				"regional value %d: a second value for region %q, industry %q", k, v.Region, v.Industry)
		}
		seen[at] = true
		m.X[at] = v.Value
	}
	m.RegionTotal = make([]float64, len(regions))
	m.Reference = make([]float64, nc)
	for r := range regions {
		for i, x := range m.X[r*nc : (r+1)*nc] {
			m.RegionTotal[r] += x
			m.Reference[i] += x
		}
		m.ReferenceTotal += m.RegionTotal[r]
	}
	return m, nil
}

// SetReference replaces the reference totals x_·i by given values, code →
// value (e.g. a national Total column). Columns without a given value get 0
// (their LQ is undefined); x_·· becomes the sum of all given values, codes
// without a column included. Values must be finite and ≥ 0 (EINVALID).
func (m *RegionalMatrix) SetReference(ref map[string]float64) error {
	refs := make([]float64, len(m.Codes))
	var total float64
	for code, v := range ref {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return graphmodel.Errorf(graphmodel.EINVALID, "reference value of industry %q: expected a finite number >= 0, found %v", code, v)
		}
		total += v
		if i, ok := m.column[code]; ok {
			refs[i] = v
		}
	}
	if !(total > 0) {
		return graphmodel.Errorf(graphmodel.EINVALID, "reference totals: expected a positive sum, found %v over %d industries", total, len(ref))
	}
	m.Reference, m.ReferenceTotal = refs, total
	return nil
}

// RegionIndex returns the row of a region by ID (ENOTFOUND if unknown).
func (m *RegionalMatrix) RegionIndex(id string) (int, error) {
	r, ok := m.region[id]
	if !ok {
		return -1, graphmodel.Errorf(graphmodel.ENOTFOUND, "unknown region %q: the regional values have %d regions", id, len(m.Regions))
	}
	return r, nil
}

// Column returns the column of an industry code.
func (m *RegionalMatrix) Column(code string) (int, bool) {
	i, ok := m.column[code]
	return i, ok
}

// Row returns region r's values x_r·, one per column (a view into X).
func (m *RegionalMatrix) Row(r int) []float64 {
	nc := len(m.Codes)
	return m.X[r*nc : (r+1)*nc : (r+1)*nc]
}

// LQ returns region r's location quotient for every column,
//
//	LQ_ri = (x_ri / x_r·) / (x_·i / x_··)
//
// (Florence 1939; Isard 1960, Methods of Regional Analysis), computed as
// x_ri·x_·· / (x_r·· x_·i). It is NaN (undefined) when x_r· = 0 or x_·i = 0.
// The weighted mean over regions, Σ_r (x_r·/x_··) LQ_ri, is 1 when the
// reference is the sum of the regions.
func (m *RegionalMatrix) LQ(r int) []float64 {
	row := m.Row(r)
	out := make([]float64, len(row))
	for i, x := range row {
		den := m.RegionTotal[r] * m.Reference[i]
		if den > 0 {
			out[i] = x * m.ReferenceTotal / den
		} else {
			out[i] = math.NaN()
		}
	}
	return out
}

// RTA returns region r's revealed technological advantage from patent
// counts, the same ratio as LQ,
//
//	RTA_ri = (x_ri / x_r·) / (x_·i / x_··)
//
// (Soete 1987, Research Policy 16; OECD 2012, Patent Statistics Manual /
// Science, Technology and Industry Scoreboard), with a minimum-count rule: a
// region with fewer than minCount patents in total has too few to reveal an
// advantage, and every RTA of it is NaN (undefined, not 0).
func (m *RegionalMatrix) RTA(r int, minCount float64) []float64 {
	if m.RegionTotal[r] < minCount {
		out := make([]float64, len(m.Codes))
		for i := range out {
			out[i] = math.NaN()
		}
		return out
	}
	return m.LQ(r)
}

// Specialised returns M_i = 1 (true) where lq_i ≥ 1 and false elsewhere,
// NaN included (Hidalgo et al. 2007, Science 317; Balland et al. 2019,
// Regional Studies 53(9)).
func Specialised(lq []float64) []bool {
	out := make([]bool, len(lq))
	for i, v := range lq {
		out[i] = v >= 1
	}
	return out
}
