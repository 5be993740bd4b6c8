package graphmodel

import "math"

// Checks of a load that need no stored data, shared by every store so that
// they give the same errors with the same messages (graphmodel/storetest
// holds them to it).

// ValidateIndustries checks a full industry list: non-empty unique codes,
// levels within the classification's levels, parents in the list at a
// smaller level (which also rules out cycles).
func ValidateIndustries(classification string, levels []string, inds []Industry) error {
	if classification == "" {
		return Errorf(EINVALID, "classification name is empty")
	}
	if len(inds) == 0 {
		return Errorf(EINVALID, "classification %q: no industries to load", classification)
	}
	byCode := make(map[string]int, len(inds))
	for i, ind := range inds {
		if err := ValidateIndustry(classification, i, ind); err != nil {
			return err
		}
		if len(levels) > 0 && ind.Level >= len(levels) {
			return Errorf(EINVALID,
				"classification %q: industry %q has level %d, but the classification has %d levels (0 to %d)",
				classification, ind.Code, ind.Level, len(levels), len(levels)-1)
		}
		if j, dup := byCode[ind.Code]; dup {
			return Errorf(EINVALID,
				"classification %q: industry code %q appears twice (industries %d and %d)", classification, ind.Code, j+1, i+1)
		}
		byCode[ind.Code] = i
	}
	for _, ind := range inds {
		if ind.Parent == "" {
			continue
		}
		j, ok := byCode[ind.Parent]
		if !ok {
			return Errorf(EINVALID,
				"classification %q: industry %q has parent %q, which is not in the list", classification, ind.Code, ind.Parent)
		}
		if inds[j].Level >= ind.Level {
			return Errorf(EINVALID,
				"classification %q: industry %q (level %d) has parent %q at level %d; a parent must be at a smaller level",
				classification, ind.Code, ind.Level, ind.Parent, inds[j].Level)
		}
	}
	return nil
}

// ValidateIndustry checks one industry on its own; i is its 0-based index.
func ValidateIndustry(classification string, i int, ind Industry) error {
	if ind.Code == "" {
		return Errorf(EINVALID, "classification %q: industry %d has an empty code", classification, i+1)
	}
	if ind.Classification != "" && ind.Classification != classification {
		return Errorf(EINVALID,
			"industry %q belongs to classification %q, but is loaded into %q", ind.Code, ind.Classification, classification)
	}
	if ind.Level < 0 {
		return Errorf(EINVALID, "classification %q: industry %q has negative level %d", classification, ind.Code, ind.Level)
	}
	return nil
}

// ValidateLayer checks a layer's description and its links' codes and numbers.
func ValidateLayer(ly Layer, links []Link) error {
	if ly.Name == "" {
		return Errorf(EINVALID, "layer name is empty")
	}
	if ly.Period == "" {
		return Errorf(EINVALID, "layer %q: period is empty", ly.Name)
	}
	if _, err := ParseLayerKind(string(ly.Kind)); err != nil {
		return Errorf(EINVALID, "layer %q: %s", ly.Key(), ErrorMessage(err))
	}
	if ly.Classification == "" {
		return Errorf(EINVALID, "layer %q: classification is empty", ly.Key())
	}
	if !finite(ly.Threshold) {
		return Errorf(EINVALID, "layer %q: threshold is %v, expected a finite number", ly.Key(), ly.Threshold)
	}
	for i, k := range links {
		if k.From == "" || k.To == "" {
			return Errorf(EINVALID, "layer %q: link %d (%q → %q) has an empty industry code", ly.Key(), i+1, k.From, k.To)
		}
		if !finite(k.Count) || !finite(k.Value) {
			return Errorf(EINVALID,
				"layer %q: link %d (%q → %q) has count %v and value %v, expected finite numbers", ly.Key(), i+1, k.From, k.To, k.Count, k.Value)
		}
	}
	return nil
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
