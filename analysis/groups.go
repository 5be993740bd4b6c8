package analysis

import "github.com/domainscope/domainscope/graphmodel"

// GroupsAtLevel labels each code with its ancestor at a classification level
// (0 is the top), walking Parent links of industries. A code at that level or
// above is its own group; a code that is not among industries, or whose
// parent chain breaks before the level, is also its own group and is listed
// in unknown.
func GroupsAtLevel(codes []string, industries []graphmodel.Industry, level int) (groups, unknown []string) {
	byCode := make(map[string]graphmodel.Industry, len(industries))
	for _, ind := range industries {
		byCode[ind.Code] = ind
	}
	groups = make([]string, len(codes))
	for i, c := range codes {
		ind, ok := byCode[c]
		if !ok {
			groups[i] = c
			unknown = append(unknown, c)
			continue
		}
		// At most len(industries) steps: a cycle in Parent cannot loop forever.
		for steps := 0; ind.Level > level && steps <= len(industries); steps++ {
			p, ok := byCode[ind.Parent]
			if !ok || ind.Parent == "" {
				break
			}
			ind = p
		}
		if ind.Level > level {
			groups[i] = c
			unknown = append(unknown, c)
			continue
		}
		groups[i] = ind.Code
	}
	return groups, unknown
}
