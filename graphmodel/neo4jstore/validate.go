package neo4jstore

// The checks of a load that need no stored data. They give the same errors,
// with the same messages, as the embedded store (graphmodel/sqlitestore),
// which the conformance suite graphmodel/storetest holds both to.

import (
	"cmp"
	"math"
	"slices"

	"github.com/domainscope/domainscope/graphmodel"
)

// maxNamed is how many offending codes an error message lists.
const maxNamed = 5

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// canonLink is a link with undirected pairs ordered From < To.
type canonLink struct {
	from, to     string
	count, value float64
	i            int // index in the input, for messages
}

// canonLinks orders the pairs of undirected layers (From < To), sorts the
// links by (From, To) and checks that every code is known and every pair
// appears once. Unknown codes and repeated pairs are EINVALID.
func canonLinks(ly graphmodel.Layer, in []graphmodel.Link, known func(code string) bool) ([]canonLink, error) {
	key := ly.Key()
	out := make([]canonLink, len(in))
	missing := map[string]bool{}
	for i, k := range in {
		from, to := k.From, k.To
		if !ly.Directed && from > to {
			from, to = to, from
		}
		if !known(from) {
			missing[from] = true
		}
		if !known(to) {
			missing[to] = true
		}
		out[i] = canonLink{from: from, to: to, count: k.Count, value: k.Value, i: i}
	}
	if len(missing) > 0 {
		codes := sortedKeys(missing)
		return nil, graphmodel.Errorf(graphmodel.EINVALID,
			"layer %q: links name codes that are not industries of classification %q (%s): %s",
			key, ly.Classification, graphmodel.Plural(len(codes), "code", "codes"), graphmodel.QuoteCodes(codes))
	}
	slices.SortFunc(out, func(a, b canonLink) int { return cmp.Or(cmp.Compare(a.from, b.from), cmp.Compare(a.to, b.to)) })
	for j := 1; j < len(out); j++ {
		if out[j].from == out[j-1].from && out[j].to == out[j-1].to {
			a, b := in[out[j-1].i], in[out[j].i]
			first, second := min(out[j-1].i, out[j].i), max(out[j-1].i, out[j].i)
			how := "twice"
			if !ly.Directed && a.From != b.From {
				how = "in both directions of an undirected layer"
			}
			return nil, graphmodel.Errorf(graphmodel.EINVALID,
				"layer %q: the pair %q, %q appears %s (links %d and %d)", key, a.From, a.To, how, first+1, second+1)
		}
	}
	return out, nil
}

// validateRegional checks a regional load on its own: measure, set, unique
// region ids and unique finite cells.
func validateRegional(l graphmodel.RegionalLoad) error {
	set := l.Set
	key := set.Key()
	if _, err := graphmodel.ParseMeasure(string(set.Measure)); err != nil {
		return graphmodel.Errorf(graphmodel.EINVALID, "regional set %q: %s", key, graphmodel.ErrorMessage(err))
	}
	if set.Classification == "" || set.Period == "" {
		return graphmodel.Errorf(graphmodel.EINVALID, "regional set %q: classification and period must not be empty", key)
	}
	regions := map[string]bool{}
	for i, r := range l.Regions {
		if r.ID == "" {
			return graphmodel.Errorf(graphmodel.EINVALID, "regional set %q: region %d (%q) has an empty id", key, i+1, r.Name)
		}
		if regions[r.ID] {
			return graphmodel.Errorf(graphmodel.EINVALID, "regional set %q: region id %q appears twice", key, r.ID)
		}
		regions[r.ID] = true
	}
	type cell struct{ region, industry string }
	cells := make(map[cell]int, len(l.Values))
	for i, v := range l.Values {
		if v.Region == "" || v.Industry == "" {
			return graphmodel.Errorf(graphmodel.EINVALID,
				"regional set %q: value %d has an empty region (%q) or industry (%q)", key, i+1, v.Region, v.Industry)
		}
		if !finite(v.Value) {
			return graphmodel.Errorf(graphmodel.EINVALID,
				"regional set %q: value %d (region %q, industry %q) is %v, expected a finite number", key, i+1, v.Region, v.Industry, v.Value)
		}
		c := cell{v.Region, v.Industry}
		if j, dup := cells[c]; dup {
			return graphmodel.Errorf(graphmodel.EINVALID,
				"regional set %q: region %q, industry %q appears twice (values %d and %d)", key, v.Region, v.Industry, j+1, i+1)
		}
		cells[c] = i
	}
	return nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
