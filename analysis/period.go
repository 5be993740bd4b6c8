package analysis

import (
	"context"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
)

// PeriodSpan returns the first and last year of a period written "YYYY" or
// "YYYY-YYYY" (ok false for any other form).
func PeriodSpan(period string) (from, to int, ok bool) {
	a, b, two := strings.Cut(strings.TrimSpace(period), "-")
	from, err := strconv.Atoi(strings.TrimSpace(a))
	if err != nil {
		return 0, 0, false
	}
	to = from
	if two {
		if to, err = strconv.Atoi(strings.TrimSpace(b)); err != nil || to < from {
			return 0, 0, false
		}
	}
	return from, to, true
}

// DefaultPeriod returns the period a layer name given without "@" means
// among the periods of that name: the pooled, longest one (the most years;
// "2009-2018" over "2014-2018"), then the one that ends latest, then the
// greatest by text; periods that are not years count as the shortest. It is
// never "whatever was loaded last", so loading a sub-period does not change
// the answers to questions that named no period. ok is false when the name
// has no period.
func DefaultPeriod(periods []string) (period string, ok bool) {
	best, bestLen, bestEnd := "", -1, 0
	for _, p := range periods {
		n, end := 0, 0
		if from, to, yes := PeriodSpan(p); yes {
			n, end = to-from+1, to
		}
		if !ok || n > bestLen || n == bestLen && (end > bestEnd || end == bestEnd && p > best) {
			best, bestLen, bestEnd, ok = p, n, end, true
		}
	}
	return best, ok
}

// ResolveLayer returns the layer name@period; an empty period selects the
// layer's DefaultPeriod. Unknown names and periods are ENOTFOUND from the
// store, naming what exists.
func ResolveLayer(ctx context.Context, st graphmodel.Reader, name, period string) (graphmodel.Layer, error) {
	if period != "" {
		return st.Layer(ctx, name, period)
	}
	all, err := st.Layers(ctx)
	if err != nil {
		return graphmodel.Layer{}, err
	}
	var periods []string
	for _, l := range all {
		if l.Name == name {
			periods = append(periods, l.Period)
		}
	}
	p, ok := DefaultPeriod(periods)
	if !ok {
		return st.Layer(ctx, name, "") // ENOTFOUND naming the layers
	}
	return st.Layer(ctx, name, p)
}

// FirstClassification returns the classification of the first of g's
// layers: the layer as named (name@period), else at g.Period, else the
// store's choice for a name alone (graphmodel.Reader.Layer).
func (g GraphRequest) FirstClassification(ctx context.Context, st graphmodel.Reader) (string, error) {
	name, period, _ := strings.Cut(g.Layers[0], "@")
	if period == "" {
		period = g.Period
	}
	l, err := st.Layer(ctx, name, period)
	if err != nil {
		return "", err
	}
	return l.Classification, nil
}
