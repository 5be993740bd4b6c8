// Package dynamics holds the statistics that test whether a start-of-period
// score predicted a later binary event (such as a region gaining a
// specialisation): the area under the ROC curve from the Mann–Whitney U
// statistic and a one-predictor logistic regression fitted by iteratively
// reweighted least squares.
package dynamics

import (
	"fmt"
	"math"
	"sort"
)

// ArgumentError reports input the statistics cannot use.
type ArgumentError struct{ Msg string }

func (e *ArgumentError) Error() string { return e.Msg }

func argErrorf(format string, args ...any) error {
	return &ArgumentError{Msg: fmt.Sprintf(format, args...)}
}

// AUC returns the area under the ROC curve of score x for event y,
//
//	AUC = (R₁ − n₁(n₁+1)/2) / (n₁ n₀)
//
// with R₁ the sum of the mid-ranks of the n₁ events among all n₁+n₀ cells:
// the probability that a random event scores higher than a random non-event,
// ties counting one half (Mann & Whitney 1947; Hanley & McNeil 1982,
// Radiology 143). It needs at least one event and one non-event.
func AUC(x []float64, y []bool) (float64, error) {
	if len(x) != len(y) {
		return 0, argErrorf("AUC: %d scores for %d outcomes", len(x), len(y))
	}
	idx := make([]int, len(x))
	for i := range idx {
		if math.IsNaN(x[i]) || math.IsInf(x[i], 0) {
			return 0, argErrorf("AUC: score %d is %v: expected a finite number", i, x[i])
		}
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	var r1, n1 float64
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && x[idx[j]] == x[idx[i]] {
			j++
		}
		mid := float64(i+j+1) / 2 // ranks i+1..j
		for k := i; k < j; k++ {
			if y[idx[k]] {
				r1 += mid
				n1++
			}
		}
		i = j
	}
	n0 := float64(len(x)) - n1
	if n1 == 0 || n0 == 0 {
		return 0, argErrorf("AUC: needs both outcomes; found %g events and %g non-events", n1, n0)
	}
	return (r1 - n1*(n1+1)/2) / (n1 * n0), nil
}

// Logit is a fitted logistic regression P(y) = 1/(1+exp(−(b₀ + b₁x))).
type Logit struct {
	Intercept   float64 `json:"intercept"`
	Slope       float64 `json:"slope"`
	InterceptSE float64 `json:"intercept_se"`
	SlopeSE     float64 `json:"slope_se"`
	// Z is Slope/SlopeSE and P its two-sided normal p-value (Wald test).
	Z          float64 `json:"z"`
	P          float64 `json:"p"`
	Iterations int     `json:"iterations"`
}

// maxIter bounds the IRLS iterations; tol is the change of the
// log-likelihood that stops them.
const (
	maxIter = 100
	tol     = 1e-12
)

// FitLogit fits y on x by maximum likelihood with iteratively reweighted
// least squares (Newton–Raphson on the logistic log-likelihood): with
// p_i = σ(b₀+b₁x_i) and w_i = p_i(1−p_i), each step solves
// (XᵀWX) Δ = Xᵀ(y − p). The standard errors are the square roots of the
// diagonal of the inverse Fisher information (XᵀWX)⁻¹ at the estimate
// (McCullagh & Nelder 1989, Generalized Linear Models, ch. 4). It fails on
// a constant x, on one outcome only, and when the outcomes are perfectly
// separated by x (the estimate does not exist).
func FitLogit(x []float64, y []bool) (Logit, error) {
	if len(x) != len(y) {
		return Logit{}, argErrorf("logit: %d predictors for %d outcomes", len(x), len(y))
	}
	var n1 float64
	for i := range x {
		if math.IsNaN(x[i]) || math.IsInf(x[i], 0) {
			return Logit{}, argErrorf("logit: predictor %d is %v: expected a finite number", i, x[i])
		}
		if y[i] {
			n1++
		}
	}
	n := float64(len(x))
	if n1 == 0 || n1 == n {
		return Logit{}, argErrorf("logit: needs both outcomes; found %g events among %g cells", n1, n)
	}
	constant := true
	for i := range x {
		if x[i] != x[0] {
			constant = false
			break
		}
	}
	if constant {
		return Logit{}, argErrorf("logit: the predictor is constant (%g): no slope can be estimated", x[0])
	}
	if separated(x, y) {
		return Logit{}, argErrorf("logit: the predictor separates the outcomes perfectly: the estimate does not exist")
	}
	b0, b1 := math.Log(n1/(n-n1)), 0.0
	ll := math.Inf(-1)
	var a, b, c float64 // XᵀWX = [[a b] [b c]]
	it := 0
	for it = 1; it <= maxIter; it++ {
		var g0, g1 float64
		a, b, c = 0, 0, 0
		for i := range x {
			p := 1 / (1 + math.Exp(-(b0 + b1*x[i])))
			w := p * (1 - p)
			r := -p
			if y[i] {
				r = 1 - p
			}
			g0 += r
			g1 += r * x[i]
			a += w
			b += w * x[i]
			c += w * x[i] * x[i]
		}
		det := a*c - b*b
		if !(det > 0) {
			return Logit{}, argErrorf("logit: the information matrix is singular")
		}
		b0 += (c*g0 - b*g1) / det
		b1 += (a*g1 - b*g0) / det
		next := logLik(x, y, b0, b1)
		if math.Abs(next-ll) < tol*(1+math.Abs(next)) {
			ll = next
			break
		}
		ll = next
	}
	if it > maxIter {
		return Logit{}, argErrorf("logit: no convergence in %d iterations", maxIter)
	}
	// Information at the final estimate.
	a, b, c = 0, 0, 0
	for i := range x {
		p := 1 / (1 + math.Exp(-(b0 + b1*x[i])))
		w := p * (1 - p)
		a += w
		b += w * x[i]
		c += w * x[i] * x[i]
	}
	det := a*c - b*b
	l := Logit{Intercept: b0, Slope: b1, InterceptSE: math.Sqrt(c / det), SlopeSE: math.Sqrt(a / det), Iterations: it}
	l.Z = l.Slope / l.SlopeSE
	l.P = math.Erfc(math.Abs(l.Z) / math.Sqrt2)
	return l, nil
}

func logLik(x []float64, y []bool, b0, b1 float64) float64 {
	var s float64
	for i := range x {
		eta := b0 + b1*x[i]
		// log σ(η) = −log(1+e^−η); log(1−σ(η)) = −log(1+e^η)
		if y[i] {
			s -= softplus(-eta)
		} else {
			s -= softplus(eta)
		}
	}
	return s
}

func softplus(t float64) float64 {
	if t > 30 {
		return t
	}
	return math.Log1p(math.Exp(t))
}

// separated reports whether some threshold on x splits the events from
// the non-events completely (in either direction).
func separated(x []float64, y []bool) bool {
	min1, max1 := math.Inf(1), math.Inf(-1)
	min0, max0 := math.Inf(1), math.Inf(-1)
	for i := range x {
		if y[i] {
			min1, max1 = math.Min(min1, x[i]), math.Max(max1, x[i])
		} else {
			min0, max0 = math.Min(min0, x[i]), math.Max(max0, x[i])
		}
	}
	return max0 < min1 || max1 < min0
}
