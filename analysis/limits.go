package analysis

import (
	"math"
	"strconv"

	"github.com/domainscope/domainscope/graphmodel"
)

// Ranges of the numeric inputs of the analyses. Outside them sums of link
// weights overflow float64 (a threshold of −1e308 shifts every weight by
// 1e308; see SnapshotLayer) or the value means nothing; the analyses refuse
// them with EINVALID naming the input (graphmodel.Error.Field).
const (
	// MaxAbsThreshold bounds |threshold| and |min|, in units of link values.
	MaxAbsThreshold = 1e6
	// MaxLayerWeight bounds a layer's weight ω_l in a multiplex analysis (weights are >= 0).
	MaxLayerWeight = 1e3
	// MaxResolution bounds the resolution γ (> 0); at γ = 1000 every industry of
	// the real graphs is already its own domain.
	MaxResolution = 1e3
)

// FormatLimit writes a bound plainly: 1000000, not 1e+06.
func FormatLimit(x float64) string {
	if math.Abs(x) < 1e15 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// checkThreshold refuses a threshold (or a min) that is not finite or beyond ±MaxAbsThreshold.
func checkThreshold(field string, t *float64) error {
	if t == nil {
		return nil
	}
	if !(math.Abs(*t) <= MaxAbsThreshold) {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, field, "%s %v: expected a number from -%s to %s",
			field, *t, FormatLimit(MaxAbsThreshold), FormatLimit(MaxAbsThreshold))
	}
	return nil
}

// checkResolution refuses a resolution γ outside (0, MaxResolution].
func checkResolution(g float64) error {
	if !(g > 0 && g <= MaxResolution) {
		return graphmodel.FieldErrorf(graphmodel.EINVALID, "resolution", "resolution %v: expected a number above 0 and at most %s (larger gives more, smaller domains)",
			g, FormatLimit(MaxResolution))
	}
	return nil
}
