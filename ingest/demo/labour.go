package demo

// Parameters of the labour-mobility model (see the package comment).
const (
	numWorkers  = 60000
	firstYear   = 2010
	splitYear   = 2015 // first year of the second half of the decade
	lastYear    = 2019
	baseMove    = 0.07  // yearly probability of changing industry before the churn multiplier
	regionMove  = 0.015 // yearly probability of changing region
	affNoise    = 1.0   // affinity of unrelated divisions
	affSection  = 3.0   // affinity within a sector group
	affDomain   = 10.0  // affinity within a planted cross-sector knowledge domain
	entrantRate = 0.2   // share of workers entering after 2010; the same share leaves before 2019
)

// sectorGroups are the usual within-sector links: every NACE section, plus
// the public sector 84–88 which spans sections O, P and Q.
var sectorGroups = [][]string{{"84", "85", "86", "87", "88"}}

// labourDomains are the planted cross-sector knowledge domains.
var labourDomains = [][]string{
	{"10", "11", "01", "21", "72", "86", "75"},       // food ↔ life sciences
	{"28", "29", "27", "26", "62", "63", "61", "58"}, // machinery/vehicles ↔ ICT
	{"55", "56", "79", "90", "91", "59", "93"},       // tourism ↔ culture
}

// emergingFrom × emergingTo get affDomain only from splitYear on: the
// emerging ICT ↔ health link.
var (
	emergingFrom = []string{"62", "63"}
	emergingTo   = []string{"86", "21", "72"}
)

// churn multiplies baseMove for high- and low-turnover divisions.
var churn = map[string]float64{
	"56": 1.8, "55": 1.6, "78": 2, "47": 1.4, "81": 1.4, "97": 1.2, "84": 0.5, "85": 0.6, "99": 0.5,
}

// affinities returns the two affinity matrices, before and from splitYear:
// a[i][j] = affDomain within a planted domain, else affSection within a
// section or sector group, else affNoise; a[i][i] = 0.
func affinities() [2][][]float64 {
	nd := len(divisions)
	var a [2][][]float64
	for h := range a {
		a[h] = make([][]float64, nd)
		for i := range a[h] {
			a[h][i] = make([]float64, nd)
			for j := range a[h][i] {
				if i == j {
					continue
				}
				a[h][i][j] = affNoise
				if sectionOf(i) == sectionOf(j) {
					a[h][i][j] = affSection
				}
			}
		}
	}
	set := func(h int, group []string, v float64) {
		for _, i := range idx(group...) {
			for _, j := range idx(group...) {
				if i != j {
					a[h][i][j] = max(a[h][i][j], v)
				}
			}
		}
	}
	for h := range a {
		for _, g := range sectorGroups {
			set(h, g, affSection)
		}
		for _, g := range labourDomains {
			set(h, g, affDomain)
		}
	}
	for _, i := range idx(emergingFrom...) {
		for _, j := range idx(emergingTo...) {
			a[1][i][j] = affDomain
			a[1][j][i] = affDomain
		}
	}
	return a
}

// spell is one generated row: worker, year, division index, region index.
type spell struct {
	worker int32
	year   int16
	div    uint8
	region uint8
}

// genSpells simulates the workers year by year. Each year a worker changes
// region with probability regionMove (destination ∝ regional employment) and
// changes industry from i with probability baseMove·churn_i, to j with
// probability ∝ E[r][j]·a_h[i][j], E being the region's employment in 2015
// (2020 from splitYear on) and a_h the affinity of the half-decade.
func genSpells(r *rng, reg regional) []spell {
	aff := affinities()
	nr, nd := len(regionSpecs), len(divisions)
	regTot := make([]float64, nr)
	for ri := range regTot {
		for _, v := range reg.emp2015[ri] {
			regTot[ri] += v
		}
	}
	regionDraw := newSampler(regTot)
	emp := func(y int) [][]float64 {
		if y >= splitYear {
			return reg.emp2020
		}
		return reg.emp2015
	}
	pMove := make([]float64, nd)
	for d, dv := range divisions {
		c, ok := churn[dv.code]
		if !ok {
			c = 1
		}
		pMove[d] = baseMove * c
	}
	var initial [2][]sampler // first industry of a worker, by half-decade and region
	for ri := range nr {
		initial[0] = append(initial[0], newSampler(reg.emp2015[ri]))
		initial[1] = append(initial[1], newSampler(reg.emp2020[ri]))
	}
	var dest sampler
	w := make([]float64, nd)
	years := lastYear - firstYear + 1
	out := make([]spell, 0, numWorkers*years)
	for wk := range numWorkers {
		start, end := firstYear, lastYear
		if r.float64() < entrantRate {
			start = firstYear + 1 + r.intn(years-1)
		}
		if r.float64() < entrantRate && start < lastYear {
			end = start + r.intn(lastYear-start)
		}
		ri := regionDraw.draw(r)
		d := initial[half(start)][ri].draw(r)
		for y := start; y <= end; y++ {
			if y > start {
				if r.float64() < regionMove {
					ri = regionDraw.draw(r)
				}
				if r.float64() < pMove[d] {
					e, a := emp(y)[ri], aff[half(y)][d]
					for j := range w {
						w[j] = e[j] * a[j]
					}
					dest.fill(w)
					if dest.total() > 0 {
						d = dest.draw(r)
					}
				}
			}
			out = append(out, spell{worker: int32(wk), year: int16(y), div: uint8(d), region: uint8(ri)})
		}
	}
	r.shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// half returns 0 for years before splitYear and 1 from it on.
func half(y int) int {
	if y >= splitYear {
		return 1
	}
	return 0
}
