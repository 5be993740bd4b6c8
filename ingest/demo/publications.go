package demo

import "math"

// publicationIntensity is a stylised number of scientific publications per
// 1,000 employees a year by division (research, universities and hospitals
// publish most); divisions not listed do not publish.
var publicationIntensity = map[string]float64{
	"72": 40, "85": 8, "86": 3, "21": 6, "75": 4, "26": 2, "20": 1.5, "62": 0.6, "63": 0.8, "71": 0.8,
	"01": 0.3, "10": 0.2, "27": 0.4, "28": 0.3, "29": 0.2, "35": 0.4, "61": 0.4, "91": 0.6, "84": 0.2,
}

// scienceProfiles multiply a region's publishing per employee by profile
// (universities publish most); profiles not listed keep 1.
var scienceProfiles = map[string]float64{"university": 3, "lifesci": 1.5, "capital": 1.3, "tech": 1.2}

// latentRegion, latentDivisions and latentPull plant a latent domain: Quenby
// (tech and vehicles) publishes latentPull times as much life-science
// research (21, 72, 75, 86: the life-science half of the food ↔ life-sciences
// domain) as its size and profiles predict, while its jobs in that domain
// stay below the national share (employment LQ 0.66). analysis.Bases flags
// the domain latent.
const (
	latentRegion = "Quenby"
	latentPull   = 4.0
)

var latentDivisions = map[string]bool{"21": true, "72": true, "75": true, "86": true}

// genPublications draws the 2015 publication counts
//
//	Q15[r,d] ~ Poisson(E15[r,d]/1000 · κ_d · σ_r · λ_rd · exp(0.3·z))
//
// with publication intensity κ_d, regional science multiplier σ_r (the
// product over profiles of 1 + strength·(σ_p − 1)), the planted pull
// λ_rd = latentPull for latentRegion × latentDivisions (else 1) and fresh
// standard normal z. It uses its own random stream, so the other files do
// not change.
func genPublications(r *rng, e15 [][]float64) [][]float64 {
	out := make([][]float64, len(e15))
	for ri, rs := range regionSpecs {
		sigma := 1.0
		for k, p := range rs.profiles {
			if s, ok := scienceProfiles[p]; ok {
				sigma *= 1 + rs.strength[k]*(s-1)
			}
		}
		out[ri] = make([]float64, len(divisions))
		for d, dv := range divisions {
			kappa := publicationIntensity[dv.code]
			if kappa == 0 {
				continue
			}
			pull := 1.0
			if rs.name == latentRegion && latentDivisions[dv.code] {
				pull = latentPull
			}
			out[ri][d] = float64(r.poisson(e15[ri][d] / 1000 * kappa * sigma * pull * math.Exp(0.3*r.norm())))
		}
	}
	return out
}
