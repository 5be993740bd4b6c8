// Package specbases compares a region's specialisation on three bases — jobs,
// technology and science — and flags where they disagree: the seeds' "match
// or mismatch between scientific and economic potential" ([001], OECD 2013,
// Innovation-driven growth in regions: comparing "technology advantages
// (using patent indicators) and scientific excellence (using publications
// data)").
//
// Every basis uses the same revealed-advantage ratio on its own counts x:
//
//	I_ru = (x_ru / x_r·) / (x_·u / x_··)
//
// for region r and unit u (an industry or a knowledge domain): the location
// quotient LQ on employment (Florence 1939), the revealed technological
// advantage RTA on patent counts (Soete 1987, Research Policy 16; OECD 2012,
// STI Outlook, Fig. 7.2) and the revealed scientific advantage RSA on
// publication counts (the bibliometric activity index, Schubert & Braun
// 1986, Scientometrics 9). I = 1 is no specialisation.
//
// Counts decide what an index may say. The OECD compares only economies with
// more than 500 patents (STI Outlook 2012, Fig. 7.2, seed [004]); here a
// region's technology or science basis is thin when its total x_r· is not
// above Params.MinTotal, and a cell is thin when x_ru < Params.MinCell
// (employment: Params.MinJobs). A thin cell keeps its index and counts but
// is never called strong.
package specbases

import (
	"fmt"
	"math"
	"strings"

	"github.com/domainscope/domainscope/graph"
)

// Kind is what a basis measures.
type Kind string

const (
	Jobs       Kind = "jobs"       // employment: LQ
	Technology Kind = "technology" // patents: RTA
	Science    Kind = "science"    // publications: RSA
)

// OECDMinPatents is the OECD's inclusion rule for RTA: only economies with
// more than 500 patents over the period (OECD 2012, STI Outlook, Fig. 7.2).
const OECDMinPatents = 500

// Params are the count rules and the strength threshold.
type Params struct {
	// MinTotal: a technology or science basis counts for a region only when
	// the region's total x_r· is more than MinTotal (OECD: 500 patents).
	MinTotal float64 `json:"min_total"`
	// MinCell: a technology or science cell is strong only with x_ru ≥ MinCell.
	MinCell float64 `json:"min_cell"`
	// MinJobs: a jobs cell is strong only with at least MinJobs jobs.
	MinJobs float64 `json:"min_jobs"`
	// Strong: an index ≥ Strong (with enough counts) is strong; < 1 is weak.
	Strong float64 `json:"strong"`
}

// Default returns MinTotal 500 (the OECD rule), MinCell 10, MinJobs 100 and
// Strong 1 (revealed advantage, the usual cut of LQ and RTA).
func Default() Params { return Params{MinTotal: OECDMinPatents, MinCell: 10, MinJobs: 100, Strong: 1} }

// Check returns the JSON name of the first parameter outside its range and
// an error saying what was expected, or "" and nil. Counts are in [0, 1e12];
// Strong is in [1, 100].
func (p Params) Check() (field string, err error) {
	for _, c := range []struct {
		field  string
		v      float64
		lo, hi float64
	}{{"min_total", p.MinTotal, 0, 1e12}, {"min_cell", p.MinCell, 0, 1e12}, {"min_jobs", p.MinJobs, 0, 1e12}, {"strong", p.Strong, 1, 100}} {
		if math.IsNaN(c.v) || c.v < c.lo || c.v > c.hi {
			return c.field, graph.Errorf("%s: expected a number from %g to %g, found %g", c.field, c.lo, c.hi, c.v)
		}
	}
	return "", nil
}

// Basis is one measure of one region: its counts by unit with the totals
// the index needs.
type Basis struct {
	Measure string `json:"measure"` // employment, patents, publications
	Kind    Kind   `json:"kind"`
	Index   string `json:"index"` // LQ, RTA, RSA
	// Counts[u] is x_ru; RegionTotal is x_r· over every industry (at least
	// Σ_u x_ru); Reference[u] is x_·u and ReferenceTotal x_··.
	Counts         []float64 `json:"-"`
	RegionTotal    float64   `json:"region_total"`
	Reference      []float64 `json:"-"`
	ReferenceTotal float64   `json:"reference_total"`
}

// Level says what a cell shows.
type Level string

const (
	Strong    Level = "strong"    // index ≥ Params.Strong with enough counts
	Moderate  Level = "moderate"  // 1 ≤ index < Params.Strong
	Weak      Level = "weak"      // index < 1 (with a region total above MinTotal for technology and science)
	Thin      Level = "thin"      // too few counts to say: see Cell.Note
	Undefined Level = "undefined" // no reference counts for the unit, or none in the region
)

// Cell is one unit on one basis.
type Cell struct {
	Kind  Kind     `json:"kind"`
	Index string   `json:"index"`
	Count float64  `json:"count"` // x_ru
	Value *float64 `json:"value"` // the index; nil when undefined
	Level Level    `json:"level"`
	Thin  bool     `json:"thin"`           // below a count rule
	Note  string   `json:"note,omitempty"` // why thin or undefined
}

// Match is how a unit's bases agree.
type Match string

const (
	// Latent: strong in technology or science, weak in jobs (LQ < 1).
	Latent Match = "latent"
	// JobsOnly: strong in jobs, weak on every knowledge basis given — jobs
	// without a knowledge base.
	JobsOnly Match = "jobs-only"
	// Matched: strong in jobs and in technology or science.
	Matched Match = "matched"
	// NoMatch: none of the above (weak everywhere, moderate, thin or undefined).
	NoMatch Match = ""
)

// Row is one unit on every basis.
type Row struct {
	Cells []Cell `json:"cells"` // in the order of the bases given
	Match Match  `json:"match"`
	Why   string `json:"why"` // the rule that gave Match, or why none applies
}

// Compare computes every unit's cells and match. The first basis must be
// Kind Jobs; the others Technology or Science, all with the same number of
// units. Malformed input is an *graph.ArgumentError.
func Compare(bases []Basis, p Params) ([]Row, error) {
	if _, err := p.Check(); err != nil {
		return nil, err
	}
	if len(bases) == 0 || bases[0].Kind != Jobs {
		return nil, graph.Errorf("specialisation bases: the first basis must be jobs")
	}
	n := len(bases[0].Counts)
	for _, b := range bases {
		if b.Kind != Jobs && b.Kind != Technology && b.Kind != Science {
			return nil, graph.Errorf("specialisation bases: basis %q has kind %q, expected jobs, technology or science", b.Measure, b.Kind)
		}
		if len(b.Counts) != n || len(b.Reference) != n {
			return nil, graph.Errorf("specialisation bases: basis %q has %d counts and %d reference values, expected %d each", b.Measure, len(b.Counts), len(b.Reference), n)
		}
		for u, x := range b.Counts {
			if !(x >= 0) || math.IsInf(x, 0) || !(b.Reference[u] >= x) || math.IsInf(b.Reference[u], 0) {
				return nil, graph.Errorf("specialisation bases: basis %q unit %d has count %g and reference %g, expected finite 0 ≤ count ≤ reference", b.Measure, u, x, b.Reference[u])
			}
		}
		if !(b.RegionTotal >= 0) || !(b.ReferenceTotal >= b.RegionTotal) || math.IsInf(b.ReferenceTotal, 0) {
			return nil, graph.Errorf("specialisation bases: basis %q has region total %g and reference total %g, expected finite 0 ≤ region ≤ reference", b.Measure, b.RegionTotal, b.ReferenceTotal)
		}
	}
	rows := make([]Row, n)
	for u := range rows {
		cells := make([]Cell, len(bases))
		for k, b := range bases {
			cells[k] = cell(b, u, p)
		}
		rows[u] = Row{Cells: cells}
		rows[u].Match, rows[u].Why = match(cells, p)
	}
	return rows, nil
}

// cell computes unit u on basis b.
func cell(b Basis, u int, p Params) Cell {
	c := Cell{Kind: b.Kind, Index: b.Index, Count: b.Counts[u]}
	if b.RegionTotal > 0 && b.Reference[u] > 0 {
		v := (b.Counts[u] / b.RegionTotal) / (b.Reference[u] / b.ReferenceTotal)
		c.Value = &v
	}
	unit := "patents"
	switch b.Kind {
	case Jobs:
		unit = "jobs"
	case Science:
		unit = "publications"
	}
	if b.Kind != Jobs && !(b.RegionTotal > p.MinTotal) {
		c.Thin = true
		c.Note = fmt.Sprintf("region has %s %s in all, not more than %s", count(b.RegionTotal), unit, count(p.MinTotal))
	}
	min := p.MinCell
	if b.Kind == Jobs {
		min = p.MinJobs
	}
	if !c.Thin && c.Count < min {
		c.Thin = true
		c.Note = fmt.Sprintf("%s %s here, fewer than %s", count(c.Count), unit, count(min))
	}
	switch {
	case c.Value == nil:
		c.Level = Undefined
		if c.Note == "" {
			c.Note = fmt.Sprintf("no %s in the region or the reference", unit)
		}
	case b.Kind != Jobs && b.RegionTotal <= p.MinTotal:
		c.Level = Thin // too few in the region to say strong or weak
	case *c.Value >= p.Strong && c.Thin:
		c.Level = Thin
	case *c.Value >= p.Strong:
		c.Level = Strong
	case *c.Value < 1:
		c.Level = Weak
	default:
		c.Level = Moderate
	}
	return c
}

// match applies the rules to a unit's cells (cells[0] is jobs).
func match(cells []Cell, p Params) (Match, string) {
	jobs := cells[0]
	var strong, weak []string
	know, thin := 0, 0
	for _, c := range cells[1:] {
		know++
		switch c.Level {
		case Strong:
			strong = append(strong, fmt.Sprintf("%s %.2f on %s", c.Index, *c.Value, count(c.Count)))
		case Weak:
			w := fmt.Sprintf("%s %.2f on %s", c.Index, *c.Value, count(c.Count))
			if c.Thin {
				w += " (" + c.Note + ")"
			}
			weak = append(weak, w)
		case Thin:
			thin++
		}
	}
	lq := "LQ undefined"
	if jobs.Value != nil {
		lq = fmt.Sprintf("LQ %.2f", *jobs.Value)
	}
	switch {
	case len(strong) > 0 && jobs.Value != nil && *jobs.Value < 1:
		return Latent, fmt.Sprintf("strong in knowledge (%s ≥ %g), weak in jobs (%s < 1)", strings.Join(strong, ", "), p.Strong, lq)
	case len(strong) > 0 && jobs.Level == Strong:
		return Matched, fmt.Sprintf("strong in jobs (%s ≥ %g) and in knowledge (%s)", lq, p.Strong, strings.Join(strong, ", "))
	case jobs.Level == Strong && know > 0 && len(weak) == know:
		return JobsOnly, fmt.Sprintf("strong in jobs (%s ≥ %g), weak on every knowledge basis (%s; < 1)", lq, p.Strong, strings.Join(weak, ", "))
	case know == 0:
		return NoMatch, "no technology or science counts to compare with"
	case thin > 0:
		return NoMatch, fmt.Sprintf("%d of %d knowledge bases too thin to say", thin, know)
	}
	return NoMatch, "neither strong knowledge with weak jobs nor strong jobs with weak knowledge"
}

// count formats a count: whole numbers without decimals.
func count(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.3g", x)
}
