package demo

import (
	"math"
	"math/bits"
)

// rng is xoshiro256** (Blackman & Vigna, "Scrambled linear pseudorandom
// number generators", ACM TOMS 47(4), 2021) seeded with splitmix64. It is
// implemented here, not taken from math/rand, so that the demo files stay
// byte-identical for a seed across Go releases.
type rng struct{ s [4]uint64 }

// newRNG returns a generator for seed and stream; each output file uses its
// own stream so that changing one generator does not change the others.
func newRNG(seed int64, stream uint64) *rng {
	x := uint64(seed) ^ (stream * 0x9e3779b97f4a7c15)
	r := &rng{}
	for i := range r.s {
		x += 0x9e3779b97f4a7c15
		z := x
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb
		r.s[i] = z ^ (z >> 31)
	}
	return r
}

func (r *rng) uint64() uint64 {
	s := &r.s
	out := bits.RotateLeft64(s[1]*5, 7) * 9
	t := s[1] << 17
	s[2] ^= s[0]
	s[3] ^= s[1]
	s[1] ^= s[2]
	s[0] ^= s[3]
	s[2] ^= t
	s[3] = bits.RotateLeft64(s[3], 45)
	return out
}

// float64 returns a uniform number in [0, 1).
func (r *rng) float64() float64 { return float64(r.uint64()>>11) / (1 << 53) }

// intn returns a uniform integer in [0, n) by Lemire's multiply-shift with
// rejection (Lemire, "Fast random integer generation in an interval", 2019).
func (r *rng) intn(n int) int {
	un := uint64(n)
	hi, lo := bits.Mul64(r.uint64(), un)
	if lo < un {
		thresh := -un % un
		for lo < thresh {
			hi, lo = bits.Mul64(r.uint64(), un)
		}
	}
	return int(hi)
}

// norm returns a standard normal deviate (Box–Muller transform).
func (r *rng) norm() float64 {
	u := 1 - r.float64() // (0, 1]
	v := r.float64()
	return math.Sqrt(-2*math.Log(u)) * math.Cos(2*math.Pi*v)
}

// poisson returns a Poisson(lambda) deviate: Knuth's product method below
// 30, else the normal approximation N(lambda, lambda) rounded and clipped at 0.
func (r *rng) poisson(lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda < 30 {
		l := math.Exp(-lambda)
		k, p := 0, r.float64()
		for p > l {
			k++
			p *= r.float64()
		}
		return k
	}
	return max(0, int(math.Round(lambda+math.Sqrt(lambda)*r.norm())))
}

// shuffle permutes n items with the Fisher–Yates shuffle.
func (r *rng) shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		swap(i, r.intn(i+1))
	}
}

// sampler draws an index with probability proportional to its weight.
type sampler struct{ cum []float64 }

func newSampler(w []float64) sampler {
	c := make([]float64, len(w))
	var s float64
	for i, x := range w {
		s += max(x, 0)
		c[i] = s
	}
	return sampler{cum: c}
}

// fill rebuilds the sampler in place from w, reusing its storage.
func (s *sampler) fill(w []float64) {
	if cap(s.cum) < len(w) {
		s.cum = make([]float64, len(w))
	}
	s.cum = s.cum[:len(w)]
	var t float64
	for i, x := range w {
		t += max(x, 0)
		s.cum[i] = t
	}
}

func (s sampler) total() float64 { return s.cum[len(s.cum)-1] }

func (s sampler) draw(r *rng) int {
	x := r.float64() * s.total()
	lo, hi := 0, len(s.cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if s.cum[m] > x {
			hi = m
		} else {
			lo = m + 1
		}
	}
	for lo > 0 && s.cum[lo] == s.cum[lo-1] { // x rounded up to the total: skip zero weights
		lo--
	}
	return lo
}
