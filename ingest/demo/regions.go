package demo

import "math"

// profile is a specialisation type: multipliers on the national employment
// weight of some divisions (below 1 for under-represented ones), extra
// 2015→2020 growth factors, and a patenting multiplier.
type profile struct {
	mult   map[string]float64
	growth map[string]float64
	innov  float64 // multiplier on patenting per employee
}

var profiles = map[string]profile{
	"food": {mult: map[string]float64{"01": 4, "10": 6, "11": 5, "46": 1.5, "72": 1.8, "21": 2, "75": 3, "28": 1.3}, innov: 1.2},
	"lifesci": {mult: map[string]float64{"21": 8, "72": 5, "86": 1.5, "75": 2, "20": 2, "26": 1.5, "85": 1.3},
		growth: map[string]float64{"21": 1.06, "72": 1.08}, innov: 2},
	"tech": {mult: map[string]float64{"62": 6, "63": 6, "61": 3, "58": 4, "26": 4, "72": 2, "70": 1.5, "73": 1.5, "01": 0.4},
		growth: map[string]float64{"62": 1.12, "63": 1.15}, innov: 2},
	"auto": {mult: map[string]float64{"29": 8, "28": 5, "27": 4, "25": 3, "22": 2.5, "24": 2.5, "33": 2, "26": 1.5},
		growth: map[string]float64{"29": 0.94, "24": 0.93}, innov: 1.4},
	"tourism": {mult: map[string]float64{"55": 7, "56": 3, "79": 5, "93": 3, "91": 2.5, "90": 2, "50": 1.5, "68": 1.3},
		growth: map[string]float64{"55": 0.95, "79": 0.95}, innov: 0.5},
	"capital": {mult: map[string]float64{"64": 4, "65": 4, "66": 4, "69": 2.5, "70": 3.5, "73": 2.5, "84": 2, "99": 8,
		"58": 2.5, "59": 3, "60": 3, "62": 2, "78": 1.5, "51": 2, "01": 0.1, "02": 0.2, "03": 0.3, "05": 0.1}, growth: map[string]float64{"70": 1.05, "62": 1.05}, innov: 1.3},
	"port": {mult: map[string]float64{"50": 8, "52": 4, "49": 2.5, "46": 2, "53": 1.5, "30": 3, "19": 2.5, "33": 2}, innov: 0.8},
	"mining": {mult: map[string]float64{"05": 15, "06": 10, "07": 10, "08": 5, "09": 10, "19": 4, "24": 3, "35": 2.5},
		growth: map[string]float64{"05": 0.8, "24": 0.92}, innov: 0.6},
	"rural":    {mult: map[string]float64{"01": 5, "02": 6, "03": 4, "16": 4, "10": 2, "31": 2, "23": 1.5}, innov: 0.4},
	"chemical": {mult: map[string]float64{"20": 7, "22": 4, "19": 4, "21": 3, "24": 2, "38": 1.5}, innov: 1.5},
	"creative": {mult: map[string]float64{"90": 5, "91": 3, "59": 6, "60": 4, "73": 2.5, "74": 3, "58": 2, "18": 2},
		growth: map[string]float64{"59": 1.06, "58": 1.03}, innov: 0.7},
	"textile": {mult: map[string]float64{"13": 7, "14": 7, "15": 6, "31": 3, "32": 2.5, "23": 2},
		growth: map[string]float64{"13": 0.9, "14": 0.88, "15": 0.9}, innov: 0.6},
	"university": {mult: map[string]float64{"85": 2, "72": 4, "86": 1.3, "91": 1.5, "62": 1.5}, innov: 1.8},
	"energy": {mult: map[string]float64{"35": 6, "27": 3, "28": 2, "42": 2, "36": 2, "38": 2, "71": 2},
		growth: map[string]float64{"35": 1.08, "27": 1.05}, innov: 1.2},
}

// regionSpec is one invented region: employment in 2015 (thousands) and
// specialisation profiles with strengths in (0, 1].
type regionSpec struct {
	name     string
	size     float64
	profiles []string
	strength []float64
}

// regionSpecs are invented names; any likeness to a real place is chance.
var regionSpecs = []regionSpec{
	{"Kingsbridge Metro", 1800, []string{"capital", "university"}, []float64{1, 0.4}},
	{"Brightwater Coast", 480, []string{"tech"}, []float64{1}},
	{"Northmoor", 260, []string{"mining", "rural"}, []float64{0.9, 0.5}},
	{"Eastvale", 350, []string{"food", "rural"}, []float64{1, 0.4}},
	{"Westmarch", 620, []string{"auto"}, []float64{1}},
	{"Southfen", 210, []string{"rural", "food"}, []float64{0.8, 0.5}},
	{"Greywater Port", 540, []string{"port", "chemical"}, []float64{1, 0.5}},
	{"Sunreach Isles", 150, []string{"tourism"}, []float64{1}},
	{"Highcombe", 190, []string{"tourism", "creative"}, []float64{0.8, 0.4}},
	{"Lowmere", 400, []string{"lifesci", "university"}, []float64{0.9, 0.6}},
	{"Corran Valley", 230, []string{"textile"}, []float64{0.8}},
	{"Ashgrove", 330, []string{"chemical"}, []float64{1}},
	{"Fellbrook", 290, []string{"auto", "energy"}, []float64{0.6, 0.5}},
	{"Ravensholt", 180, []string{"mining", "energy"}, []float64{0.7, 0.6}},
	{"Marwick Downs", 270, []string{"food", "lifesci"}, []float64{0.7, 0.4}},
	{"Orrin Bay", 220, []string{"tourism", "port"}, []float64{0.7, 0.3}},
	{"Tallis", 700, []string{"capital", "creative"}, []float64{0.4, 0.6}},
	{"Quenby", 520, []string{"tech", "auto"}, []float64{0.6, 0.5}},
	{"Elderfield", 120, []string{"rural"}, []float64{1}},
	{"Stonehaven Reach", 260, []string{"energy"}, []float64{1}},
	{"Vellmouth", 310, []string{"port", "tourism"}, []float64{0.6, 0.4}},
	{"Harrowdale", 240, []string{"food", "textile"}, []float64{0.5, 0.4}},
	{"Pennick", 280, []string{"university", "tech"}, []float64{1, 0.3}},
	{"Caldmoor", 200, []string{"mining", "chemical"}, []float64{0.5, 0.5}},
	{"Wyndham Lakes", 170, []string{"tourism"}, []float64{0.9}},
	{"Brackenridge", 450, []string{"auto"}, []float64{0.8}},
	{"Sorrel Heath", 300, []string{"lifesci", "food"}, []float64{0.6, 0.4}},
	{"Dunmore Flats", 160, []string{"rural", "energy"}, []float64{0.6, 0.4}},
	{"Mirefield", 210, []string{"textile", "creative"}, []float64{0.5, 0.3}},
	{"Ostvik", 380, []string{"tech", "creative"}, []float64{0.8, 0.4}},
	{"Thornweald", 140, []string{"rural", "tourism"}, []float64{0.7, 0.3}},
	{"Gallowmere", 260, []string{"chemical", "port"}, []float64{0.6, 0.4}},
	{"Cresthaven", 500, []string{"capital", "lifesci"}, []float64{0.3, 0.3}},
	{"Lunfield", 230, []string{"energy", "tech"}, []float64{0.5, 0.3}},
	{"Amberlee", 190, []string{"food", "tourism"}, []float64{0.6, 0.3}},
	{"Wexcombe", 250, []string{"university", "creative"}, []float64{0.5, 0.5}},
}

// nationalGrowth is a stylised 2015→2020 employment growth factor by
// division (digital and health up, 2020 tourism and culture down, coal down);
// divisions not listed keep 1.
var nationalGrowth = map[string]float64{
	"62": 1.22, "63": 1.25, "61": 0.97, "58": 0.98, "72": 1.12, "21": 1.08, "86": 1.10, "87": 1.12, "88": 1.08,
	"05": 0.70, "06": 0.85, "19": 0.92, "24": 0.95, "47": 0.98, "53": 1.03, "55": 0.85, "56": 0.88, "79": 0.75,
	"90": 0.93, "92": 0.90, "93": 0.90, "29": 0.97, "27": 1.03, "35": 1.05, "43": 1.06, "41": 1.05, "71": 1.06,
	"70": 1.08, "78": 0.94, "64": 0.96, "69": 1.04, "84": 1.03, "85": 1.04, "13": 0.95, "14": 0.93,
}

// patentIntensity is a stylised number of patents per 1,000 employees a
// year by division; divisions not listed do not patent.
var patentIntensity = map[string]float64{
	"21": 8, "20": 5, "26": 10, "27": 4, "28": 5, "29": 3, "22": 2, "72": 12, "62": 1.5, "32": 3, "30": 2.5,
	"25": 0.8, "10": 0.4, "11": 0.2, "23": 0.6, "24": 0.8, "19": 1.5, "61": 1, "63": 0.8, "71": 0.8, "13": 0.5,
	"17": 0.5, "31": 0.3, "01": 0.05, "33": 0.5, "35": 0.3, "58": 0.3, "85": 0.1, "86": 0.05, "46": 0.05,
	"09": 0.5, "06": 0.5,
}

// regional holds the generated regional tables, indexed [region][division].
type regional struct {
	emp2015, emp2020, pat2015 [][]float64
}

// multiplier returns the specialisation multiplier of region spec on division
// index d: the product over its profiles of 1 + strength·(mult − 1).
func (rs regionSpec) multiplier(d int) float64 {
	m := 1.0
	for k, p := range rs.profiles {
		if x, ok := profiles[p].mult[divisions[d].code]; ok {
			m *= 1 + rs.strength[k]*(x-1)
		}
	}
	return m
}

// growth returns the profile-specific extra growth of division index d.
func (rs regionSpec) growth(d int) float64 {
	g := 1.0
	for k, p := range rs.profiles {
		if x, ok := profiles[p].growth[divisions[d].code]; ok {
			g *= 1 + rs.strength[k]*(x-1)
		}
	}
	return g
}

// innovation returns the region's multiplier on patenting per employee.
func (rs regionSpec) innovation() float64 {
	v := 1.0
	for k, p := range rs.profiles {
		v *= 1 + rs.strength[k]*(profiles[p].innov-1)
	}
	return v
}

// genRegional draws the regional tables:
//
//	E15[r,d] = round(1000·size_r · s[r,d] / Σ_d' s[r,d']),  s[r,d] = w_d · m_r(d) · exp(0.25·z)
//	E20[r,d] = round(E15[r,d] · g_d · h_r(d) · G_r · exp(0.05·z)),  G_r = 1.02 + 0.03·z
//	P15[r,d] ~ Poisson(E15[r,d]/1000 · π_d · ι_r · exp(0.3·z))
//
// with national weight w_d, profile multiplier m_r, national growth g_d,
// profile growth h_r, patent intensity π_d, regional innovativeness ι_r and
// fresh standard normal z for every term.
func genRegional(r *rng) regional {
	nr, nd := len(regionSpecs), len(divisions)
	out := regional{emp2015: make([][]float64, nr), emp2020: make([][]float64, nr), pat2015: make([][]float64, nr)}
	s := make([]float64, nd)
	for ri, rs := range regionSpecs {
		var tot float64
		for d := range divisions {
			s[d] = divisions[d].weight * rs.multiplier(d) * math.Exp(0.25*r.norm())
			tot += s[d]
		}
		G := 1.02 + 0.03*r.norm()
		innov := rs.innovation()
		e15, e20, p15 := make([]float64, nd), make([]float64, nd), make([]float64, nd)
		for d, dv := range divisions {
			e15[d] = math.Round(1000 * rs.size * s[d] / tot)
			g, ok := nationalGrowth[dv.code]
			if !ok {
				g = 1
			}
			e20[d] = math.Round(e15[d] * g * rs.growth(d) * G * math.Exp(0.05*r.norm()))
			if pi := patentIntensity[dv.code]; pi > 0 {
				p15[d] = float64(r.poisson(e15[d] / 1000 * pi * innov * math.Exp(0.3*r.norm())))
			}
		}
		out.emp2015[ri], out.emp2020[ri], out.pat2015[ri] = e15, e20, p15
	}
	plantEntries(out.emp2015, out.emp2020)
	return out
}

// entryPull is κ of plantEntries.
const entryPull = 1.5

// plantEntries plants the path dependence that analysis.Dynamics tests:
// in every region r, each division d that is not a 2015 specialisation
// (LQ < 1 or under 100 jobs) grows by the extra factor
//
//	E20[r,d] ← round(E20[r,d] · exp(κ · (D[r,d] − D̄) / 100)),  κ = entryPull
//
// where D[r,d] = 100 · Σ_j a_dj S_rj / Σ_j a_dj is the 2015 relatedness
// density on the labour model's affinities a (before the split year) and
// S_rj marks the region's 2015 specialisations, and D̄ is the mean of D
// over those cells. Divisions close to what a region already does gain
// jobs and cross LQ 1 more often; it draws no random numbers.
func plantEntries(e15, e20 [][]float64) {
	nr, nd := len(e15), len(divisions)
	a := affinities()[0]
	col := make([]float64, nd)
	rowTot := make([]float64, nr)
	var tot float64
	for r := range e15 {
		for d, x := range e15[r] {
			col[d] += x
			rowTot[r] += x
			tot += x
		}
	}
	spec := make([][]bool, nr)
	for r := range e15 {
		spec[r] = make([]bool, nd)
		for d, x := range e15[r] {
			spec[r][d] = col[d] > 0 && x >= 100 && x*tot >= rowTot[r]*col[d]
		}
	}
	dens := make([][]float64, nr)
	var sum float64
	var n int
	for r := range e15 {
		dens[r] = make([]float64, nd)
		for d := range e15[r] {
			if spec[r][d] {
				continue
			}
			var num, den float64
			for j := range a[d] {
				den += a[d][j]
				if spec[r][j] {
					num += a[d][j]
				}
			}
			if den > 0 {
				dens[r][d] = 100 * num / den
			}
			sum += dens[r][d]
			n++
		}
	}
	if n == 0 {
		return
	}
	mean := sum / float64(n)
	for r := range e20 {
		for d := range e20[r] {
			if !spec[r][d] {
				e20[r][d] = math.Round(e20[r][d] * math.Exp(entryPull*(dens[r][d]-mean)/100))
			}
		}
	}
}
