package graphmodel

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// IndustriesLoad is one all-or-nothing load of a classification's industries.
// It replaces the classification's previous industries (and their dataset).
type IndustriesLoad struct {
	Provenance     Provenance
	Classification Classification
	Industries     []Industry
}

// LayerLoad is one all-or-nothing load of a layer. It replaces the layer with
// the same name and period. AddIndustries are created in the layer's
// classification in the same transaction (auto-create of unknown codes);
// every other code of Links must already exist.
type LayerLoad struct {
	Provenance    Provenance
	Layer         Layer
	Links         []Link
	AddIndustries []Industry
}

// RegionalLoad is one all-or-nothing load of regional values. It replaces the
// set with the same measure, classification and period. Regions are created
// or renamed as given.
type RegionalLoad struct {
	Provenance    Provenance
	Set           RegionalSet
	Regions       []Region
	Values        []RegionalValue
	AddIndustries []Industry
}

// Validate checks the load on its own, without stored data: a non-empty
// classification name and industry list, unique non-empty codes, levels
// within Classification.Levels (when given, else any level >= 0), parents in
// the list at a smaller level (which also rules out cycles). Errors are
// EINVALID with Field "classification" or "industries".
func (l IndustriesLoad) Validate() error {
	name := l.Classification.Name
	if name == "" {
		return FieldErrorf(EINVALID, "classification", "classification name is empty")
	}
	inds, levels := l.Industries, l.Classification.Levels
	if len(inds) == 0 {
		return FieldErrorf(EINVALID, "industries", "classification %q: no industries to load", name)
	}
	byCode := make(map[string]int, len(inds))
	for i, ind := range inds {
		if err := validIndustry(name, "industries", i, ind); err != nil {
			return err
		}
		if len(levels) > 0 && ind.Level >= len(levels) {
			return FieldErrorf(EINVALID, "industries",
				"classification %q: industry %q has level %d, but the classification has %d levels (0 to %d)",
				name, ind.Code, ind.Level, len(levels), len(levels)-1)
		}
		if j, dup := byCode[ind.Code]; dup {
			return FieldErrorf(EINVALID, "industries",
				"classification %q: industry code %q appears twice (industries %d and %d)", name, ind.Code, j+1, i+1)
		}
		byCode[ind.Code] = i
	}
	for _, ind := range inds {
		if ind.Parent == "" {
			continue
		}
		j, ok := byCode[ind.Parent]
		if !ok {
			return FieldErrorf(EINVALID, "industries",
				"classification %q: industry %q has parent %q, which is not in the list", name, ind.Code, ind.Parent)
		}
		if inds[j].Level >= ind.Level {
			return FieldErrorf(EINVALID, "industries",
				"classification %q: industry %q (level %d) has parent %q at level %d; a parent must be at a smaller level",
				name, ind.Code, ind.Level, ind.Parent, inds[j].Level)
		}
	}
	return nil
}

// validIndustry checks one industry on its own; i is its 0-based index in the
// list that field names.
func validIndustry(classification, field string, i int, ind Industry) error {
	if ind.Code == "" {
		return FieldErrorf(EINVALID, field, "classification %q: industry %d has an empty code", classification, i+1)
	}
	if ind.Classification != "" && ind.Classification != classification {
		return FieldErrorf(EINVALID, field,
			"industry %q belongs to classification %q, but is loaded into %q", ind.Code, ind.Classification, classification)
	}
	if ind.Level < 0 {
		return FieldErrorf(EINVALID, field, "classification %q: industry %q has negative level %d", classification, ind.Code, ind.Level)
	}
	return nil
}

// validAdded checks the industries a layer or regional load adds, each on
// its own (their parents are checked against the store by the load).
func validAdded(classification string, add []Industry) error {
	for i, ind := range add {
		if err := validIndustry(classification, "add_industries", i, ind); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks the load on its own, without stored data: the layer's
// name, period, kind, classification and finite threshold; every link has
// two non-empty codes and finite Count and Value, and PValue and QValue in
// [0, 1] on a layer with Evidence (0 otherwise); no pair appears twice (on
// an undirected layer, a→b and b→a are one pair); every added industry is
// valid on its own. Errors are EINVALID with Field "layer", "period", "kind",
// "classification", "threshold", "evidence" (on a layer without counts),
// "links" or "add_industries".
func (l LayerLoad) Validate() error {
	ly := l.Layer
	if ly.Name == "" {
		return FieldErrorf(EINVALID, "layer", "layer name is empty")
	}
	if ly.Period == "" {
		return FieldErrorf(EINVALID, "period", "layer %q: period is empty", ly.Name)
	}
	if _, err := ParseLayerKind(string(ly.Kind)); err != nil {
		return FieldErrorf(EINVALID, "kind", "layer %q: %s", ly.Key(), ErrorMessage(err))
	}
	if ly.Classification == "" {
		return FieldErrorf(EINVALID, "classification", "layer %q: classification is empty", ly.Key())
	}
	if !finite(ly.Threshold) {
		return FieldErrorf(EINVALID, "threshold", "layer %q: threshold is %v, expected a finite number", ly.Key(), ly.Threshold)
	}
	if ly.Evidence && !ly.Kind.HasCounts() {
		return FieldErrorf(EINVALID, "evidence", "layer %q: a %s layer has no counts, so its links cannot carry evidence", ly.Key(), ly.Kind)
	}
	type pair struct{ from, to string }
	seen := make(map[pair]int, len(l.Links))
	for i, k := range l.Links {
		if k.From == "" || k.To == "" {
			return FieldErrorf(EINVALID, "links", "layer %q: link %d (%q → %q) has an empty industry code", ly.Key(), i+1, k.From, k.To)
		}
		if !finite(k.Count) || !finite(k.Value) {
			return FieldErrorf(EINVALID, "links",
				"layer %q: link %d (%q → %q) has count %v and value %v, expected finite numbers", ly.Key(), i+1, k.From, k.To, k.Count, k.Value)
		}
		if ly.Evidence && !(k.PValue >= 0 && k.PValue <= 1 && k.QValue >= 0 && k.QValue <= 1) {
			return FieldErrorf(EINVALID, "links",
				"layer %q: link %d (%q → %q) has p-value %v and q-value %v, expected numbers in [0, 1]", ly.Key(), i+1, k.From, k.To, k.PValue, k.QValue)
		}
		if !ly.Evidence && (k.PValue != 0 || k.QValue != 0) {
			return FieldErrorf(EINVALID, "links",
				"layer %q: link %d (%q → %q) has a p-value or q-value but the layer has no evidence (set Layer.Evidence)", ly.Key(), i+1, k.From, k.To)
		}
		c := ly.canonical(k)
		p := pair{c.From, c.To}
		if j, dup := seen[p]; dup {
			how := "twice"
			if !ly.Directed && l.Links[j].From != k.From {
				how = "in both directions of an undirected layer"
			}
			return FieldErrorf(EINVALID, "links",
				"layer %q: the pair %q, %q appears %s (links %d and %d)", ly.Key(), l.Links[j].From, l.Links[j].To, how, j+1, i+1)
		}
		seen[p] = i
	}
	return validAdded(ly.Classification, l.AddIndustries)
}

// canonical returns k as the layer stores it: on an undirected layer with
// From <= To.
func (ly Layer) canonical(k Link) Link {
	if !ly.Directed && k.From > k.To {
		k.From, k.To = k.To, k.From
	}
	return k
}

// CanonicalLinks returns the links as the layer stores them, in input order:
// on an undirected layer each pair turned to From <= To.
func (l LayerLoad) CanonicalLinks() []Link {
	out := make([]Link, len(l.Links))
	for i, k := range l.Links {
		out[i] = l.Layer.canonical(k)
	}
	return out
}

// CheckCodes returns EINVALID (Field "links") naming how many codes of the
// links are not industries of the layer's classification, and the smallest
// of them, when isIndustry (stored or added by this load) rejects any.
func (l LayerLoad) CheckCodes(isIndustry func(code string) bool) error {
	missing := map[string]bool{}
	for _, k := range l.Links {
		for _, c := range [2]string{k.From, k.To} {
			if !isIndustry(c) {
				missing[c] = true
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	codes := sortedKeys(missing)
	return FieldErrorf(EINVALID, "links", "layer %q: links name codes that are not industries of classification %q (%s): %s",
		l.Layer.Key(), l.Layer.Classification, Plural(len(codes), "code", "codes"), QuoteCodes(codes))
}

// Validate checks the load on its own, without stored data: a known measure,
// non-empty classification and period, unique non-empty region ids, values
// with non-empty region and industry and a finite value ≥ 0 (every measure
// counts: jobs, patents, publications), each cell (region,
// industry) once, and every added industry valid on its own. Errors are
// EINVALID with Field "measure", "classification", "period", "regions",
// "values" or "add_industries".
func (l RegionalLoad) Validate() error {
	set := l.Set
	key := set.Key()
	if _, err := ParseMeasure(string(set.Measure)); err != nil {
		return FieldErrorf(EINVALID, "measure", "regional set %q: %s", key, ErrorMessage(err))
	}
	if set.Classification == "" || set.Period == "" {
		field := "period"
		if set.Classification == "" {
			field = "classification"
		}
		return FieldErrorf(EINVALID, field, "regional set %q: classification and period must not be empty", key)
	}
	regions := map[string]bool{}
	for i, r := range l.Regions {
		if r.ID == "" {
			return FieldErrorf(EINVALID, "regions", "regional set %q: region %d (%q) has an empty id", key, i+1, r.Name)
		}
		if regions[r.ID] {
			return FieldErrorf(EINVALID, "regions", "regional set %q: region id %q appears twice", key, r.ID)
		}
		regions[r.ID] = true
	}
	type cell struct{ region, industry string }
	cells := make(map[cell]int, len(l.Values))
	for i, v := range l.Values {
		if v.Region == "" || v.Industry == "" {
			return FieldErrorf(EINVALID, "values",
				"regional set %q: value %d has an empty region (%q) or industry (%q)", key, i+1, v.Region, v.Industry)
		}
		if !finite(v.Value) || v.Value < 0 {
			return FieldErrorf(EINVALID, "values",
				"regional set %q: value %d (region %q, industry %q) is %v, expected a finite count ≥ 0", key, i+1, v.Region, v.Industry, v.Value)
		}
		c := cell{v.Region, v.Industry}
		if j, dup := cells[c]; dup {
			return FieldErrorf(EINVALID, "values",
				"regional set %q: region %q, industry %q appears twice (values %d and %d)", key, v.Region, v.Industry, j+1, i+1)
		}
		cells[c] = i
	}
	return validAdded(set.Classification, l.AddIndustries)
}

// CheckCodes returns EINVALID (Field "values") naming the industries of the
// values that isIndustry (stored or added by this load) rejects, or else the
// regions that are neither in l.Regions nor accepted by isStoredRegion.
func (l RegionalLoad) CheckCodes(isIndustry, isStoredRegion func(string) bool) error {
	inLoad := make(map[string]bool, len(l.Regions))
	for _, r := range l.Regions {
		inLoad[r.ID] = true
	}
	badInd, badReg := map[string]bool{}, map[string]bool{}
	for _, v := range l.Values {
		if !isIndustry(v.Industry) {
			badInd[v.Industry] = true
		}
		if !inLoad[v.Region] && !isStoredRegion(v.Region) {
			badReg[v.Region] = true
		}
	}
	key := l.Set.Key()
	if len(badInd) > 0 {
		codes := sortedKeys(badInd)
		return FieldErrorf(EINVALID, "values", "regional set %q: values name codes that are not industries of classification %q (%s): %s",
			key, l.Set.Classification, Plural(len(codes), "code", "codes"), QuoteCodes(codes))
	}
	if len(badReg) > 0 {
		ids := sortedKeys(badReg)
		return FieldErrorf(EINVALID, "values", "regional set %q: values name regions that are neither in the load nor stored (%s): %s",
			key, Plural(len(ids), "region", "regions"), QuoteCodes(ids))
	}
	return nil
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// StoredClassification is what a layer or regional load needs to know of its
// classification in the store, for NewIndustries.
type StoredClassification struct {
	Exists bool            // the classification is stored
	Codes  map[string]bool // its stored codes
	Names  []string        // the names of every stored classification, for messages
}

// NewIndustries returns the industries of l.AddIndustries that st lacks (the
// first of repeated codes), in input order. It is EINVALID (Field
// "classification") when the classification is not stored and the load adds
// no industries, and EINVALID (Field "add_industries") when an added
// industry's parent is neither stored nor added.
func (l LayerLoad) NewIndustries(st StoredClassification) ([]Industry, error) {
	return newIndustries(fmt.Sprintf("layer %q", l.Layer.Key()), l.Layer.Classification, l.AddIndustries, st)
}

// NewIndustries is LayerLoad.NewIndustries for a regional load.
func (l RegionalLoad) NewIndustries(st StoredClassification) ([]Industry, error) {
	return newIndustries(fmt.Sprintf("regional set %q", l.Set.Key()), l.Set.Classification, l.AddIndustries, st)
}

func newIndustries(user, class string, add []Industry, st StoredClassification) ([]Industry, error) {
	if !st.Exists && len(add) == 0 {
		names := slices.Sorted(slices.Values(st.Names))
		return nil, FieldErrorf(EINVALID, "classification",
			"%s: unknown classification %q (classifications: %s); load its industries first or let the load create them",
			user, class, ListOrNone(names))
	}
	var out []Industry
	staged := map[string]bool{}
	for _, ind := range add {
		if st.Codes[ind.Code] || staged[ind.Code] {
			continue
		}
		staged[ind.Code] = true
		out = append(out, ind)
	}
	for _, ind := range out {
		if ind.Parent != "" && !st.Codes[ind.Parent] && !staged[ind.Parent] {
			return nil, FieldErrorf(EINVALID, "add_industries",
				"%s: industry %q of classification %q has parent %q, which does not exist", user, ind.Code, class, ind.Parent)
		}
	}
	return out, nil
}

// IndustryUse is a stored use of an industry code that keeps the code from
// being dropped: by a layer or a regional set.
type IndustryUse struct {
	Code string
	User string // as messages name it: `layer "name@period"` or `regional set "key"`
}

// CheckRemovals returns ECONFLICT (Field "industries") when a code of uses is
// missing from l.Industries: the load would drop an industry still in use.
// The message counts the codes and users and names the first user (by
// name) with up to five of its codes. uses may list kept codes too.
func (l IndustriesLoad) CheckRemovals(uses []IndustryUse) error {
	keep := make(map[string]bool, len(l.Industries))
	for _, ind := range l.Industries {
		keep[ind.Code] = true
	}
	var dropped []IndustryUse
	for _, u := range uses {
		if !keep[u.Code] {
			dropped = append(dropped, u)
		}
	}
	if len(dropped) == 0 {
		return nil
	}
	slices.SortFunc(dropped, func(a, b IndustryUse) int {
		return cmp.Or(cmp.Compare(a.User, b.User), cmp.Compare(a.Code, b.Code))
	})
	codes, users := map[string]bool{}, map[string]bool{}
	var named []string
	for _, u := range dropped {
		if u.User == dropped[0].User && len(named) < maxNamed && !slices.Contains(named, fmt.Sprintf("%q", u.Code)) {
			named = append(named, fmt.Sprintf("%q", u.Code))
		}
		codes[u.Code] = true
		users[u.User] = true
	}
	return FieldErrorf(ECONFLICT, "industries",
		"cannot replace classification %q: codes missing from the new list are still in use (%s, by %s), e.g. %s uses %s; keep those codes or reload their users first",
		l.Classification.Name, Plural(len(codes), "code", "codes"), Plural(len(users), "layer or regional set", "layers or regional sets"),
		dropped[0].User, strings.Join(named, ", "))
}
