package analysis

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/domainscope/domainscope/graphmodel"
)

// Labels of knowledge domains. A label is "Sectors: member, member, member":
//
//   - Sectors are the domain's dominant sectors at the request's sector level
//     (by default the top-level groups, e.g. the UK SIC structure's main
//     industries). A sector name
//     that lists several activities ("Government administrative functions,
//     Education, Health") keeps only the activities its members in the
//     domain fall under: those sharing a word (compared on its first five
//     letters) with the names of the members or of their groups below the
//     sector, weighted by strength, with at least a fifth of the sector's
//     weight (the first when none matches). The one or two activities that
//     hold the most strength are named, the second only with at least a
//     fifth of the domain's. Parenthesised remarks and a leading "All
//     other" are dropped, "service activities" become "services".
//   - Members are the three most central members (two when the label would
//     exceed MaxLabelLength), by strength inside the domain, named shortly: "Other X" becomes X, a bare "Other" the
//     parent group's name, a trailing "activities", a leading
//     "Manufacture of" and "n.e.c." go, a
//     one-word name gets its short parent group ("Education: Primary" →
//     "primary education"), a long name keeps its first clause; nothing is
//     cut mid-word.
//
// Labels are unique within a result: a label that repeats an earlier
// (larger) domain's gets the next member, or else its domain number.

// MaxLabelLength is the length (in characters) above which a generated
// label names two central members instead of three.
const MaxLabelLength = 100

// labeler names the domains of one result.
type labeler struct {
	byCode map[string]graphmodel.Industry
}

func newLabeler(industries []graphmodel.Industry) *labeler {
	l := &labeler{byCode: make(map[string]graphmodel.Industry, len(industries))}
	for _, in := range industries {
		l.byCode[in.Code] = in
	}
	return l
}

// label returns the label of d; sectorNames maps its sector codes to names.
func (l *labeler) label(d *Domain) string {
	parts := l.sectorPhrases(d)
	var names []string
	for _, m := range d.Members {
		if len(names) == 3 {
			break
		}
		n := l.memberPhrase(m)
		if n == "" || containsFold(names, n) || containsFold(parts, n) {
			continue
		}
		names = append(names, n)
	}
	// A long label keeps two members.
	if len(names) == 3 && utf8.RuneCountInString(joinLabel(parts, names)) > MaxLabelLength {
		names = names[:2]
	}
	return joinLabel(parts, names)
}

func joinLabel(sectors, members []string) string {
	s := strings.Join(sectors, " & ")
	if len(members) == 0 {
		return s
	}
	if s == "" {
		return capitalise(strings.Join(members, ", "))
	}
	return s + ": " + strings.Join(members, ", ")
}

// unique makes the labels of doms (in numbering order) distinct.
func (l *labeler) unique(doms []Domain) {
	seen := map[string]bool{}
	for k := range doms {
		d := &doms[k]
		if seen[strings.ToLower(d.Label)] {
			parts := l.sectorPhrases(d)
			var names []string
			for _, m := range d.Members {
				if n := l.memberPhrase(m); n != "" && !containsFold(names, n) && !containsFold(parts, n) {
					names = append(names, n)
				}
				if len(names) > 3 && !seen[strings.ToLower(joinLabel(parts, names))] {
					break
				}
			}
			d.Label = joinLabel(parts, names)
			if seen[strings.ToLower(d.Label)] {
				d.Label += " (domain " + strconv.Itoa(d.ID) + ")"
			}
		}
		seen[strings.ToLower(d.Label)] = true
	}
}

// sectorPhrases names the dominant sectors of d: the activities of the
// sector names (see sectorItems) that hold at least a fifth of the
// members' internal strength, at most two, heaviest first.
func (l *labeler) sectorPhrases(d *Domain) []string {
	type item struct {
		name   string
		weight float64
	}
	var items []item
	var total float64
	for _, m := range d.Members {
		total += memberWeight(m)
	}
	for _, s := range d.Sectors {
		name := d.SectorNames[s.Sector]
		if name == "" || s.Sector == "?" {
			continue
		}
		names, weights := l.sectorItems(name, s.Sector, d)
		for k := range names {
			items = append(items, item{names[k], weights[k]})
		}
	}
	sort.SliceStable(items, func(a, b int) bool { return items[a].weight > items[b].weight })
	var out []string
	for _, it := range items {
		if len(out) == 2 || (len(out) > 0 && it.weight < 0.2*total) {
			break
		}
		if !containsFold(out, it.name) {
			out = append(out, it.name)
		}
	}
	return out
}

// memberWeight is what a member counts for in a label: its strength inside
// the domain, or a tiny weight when it has none (so it still counts).
func memberWeight(m Member) float64 {
	return max(m.Strength, 1e-9)
}

func sectorKey(s string) string {
	if s == "" {
		return "?"
	}
	return s
}

// sectorItems splits sector name (code sector) into the activities it
// lists, with the weight of d's members in the sector that fall under each:
// those with a word in common with the names of the member and its groups
// below the sector. A name of one activity, or one none of whose
// activities match, is one item with all the sector's weight.
func (l *labeler) sectorItems(name, sector string, d *Domain) ([]string, []float64) {
	name = sectorName(name)
	var items []string
	for _, it := range strings.FieldsFunc(name, func(r rune) bool { return r == ',' || r == ';' }) {
		if it = strings.TrimSpace(it); it != "" {
			items = append(items, capitalise(it))
		}
	}
	score := make([]float64, len(items))
	match := make([][]bool, len(items)) // per item: which members match
	var total, matched float64
	for k := range match {
		match[k] = make([]bool, len(d.Members))
	}
	for x, m := range d.Members {
		if sectorKey(m.Sector) != sector {
			continue
		}
		w := memberWeight(m)
		total += w
		words := l.pathWords(m.Code, sector)
		for k, it := range items {
			if sharesWord(it, words) {
				score[k] += w
				match[k][x] = true
				matched += w
			}
		}
	}
	if len(items) == 0 {
		return nil, nil
	}
	if len(items) == 1 || matched == 0 { // the first activity stands for the sector
		return items[:1], []float64{total}
	}
	var names []string
	var weights []float64
	var kept [][]bool
	for k, it := range items {
		// An activity matching the same members as an earlier one adds nothing.
		if score[k] > 0 && !slices.ContainsFunc(kept, func(b []bool) bool { return slices.Equal(b, match[k]) }) {
			names = append(names, it)
			weights = append(weights, score[k])
			kept = append(kept, match[k])
		}
	}
	return names, weights
}

// sectorName cleans a sector's name for a label: no parenthesised remarks,
// no leading "All other", "service activities" as "services", no trailing
// "activities" ("Financial and insurance activities" → "Financial and insurance").
func sectorName(s string) string {
	s = dropParens(s)
	if strings.HasPrefix(strings.ToLower(s), "all other ") {
		s = strings.TrimSpace(s[len("all other "):])
	}
	switch low := strings.ToLower(s); {
	case strings.HasSuffix(low, " service activities"):
		s = s[:len(s)-len(" service activities")] + " services"
	case strings.HasSuffix(low, " activities") && strings.Count(s, " ") > 1:
		s = s[:len(s)-len(" activities")]
	}
	return capitalise(s)
}

// pathWords returns the word stems of the names of code and its ancestors
// below sector.
func (l *labeler) pathWords(code, sector string) map[string]bool {
	words := map[string]bool{}
	in, ok := l.byCode[code]
	for steps := 0; ok && in.Code != sector && steps < 64; steps++ {
		for _, w := range stems(in.Name) {
			words[w] = true
		}
		in, ok = l.byCode[in.Parent]
	}
	return words
}

// stems are the lower-cased first five letters of the words of at least four letters.
func stems(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if utf8.RuneCountInString(w) < 4 || w == "other" || w == "activities" || w == "products" || w == "manufacture" {
			continue
		}
		if r := []rune(w); len(r) > 5 {
			w = string(r[:5])
		}
		out = append(out, w)
	}
	return out
}

func sharesWord(item string, words map[string]bool) bool {
	for _, w := range stems(item) {
		if words[w] {
			return true
		}
	}
	return false
}

// memberPhrase is a short name for member m. Its parent group's name
// helps only when that group is not the sector the label already names.
func (l *labeler) memberPhrase(m Member) string {
	in, ok := l.byCode[m.Code]
	if !ok {
		return shortMember(m.Name, "")
	}
	if in.Parent == m.Sector {
		return shortMember(in.Name, "")
	}
	return shortMember(in.Name, l.byCode[in.Parent].Name)
}

// shortMember shortens an industry name, using its parent group's name
// for names that say little alone.
func shortMember(name, parent string) string {
	n := cleanName(name)
	p := cleanName(parent)
	rest, generic := cutOther(n)
	switch {
	case generic && rest == "":
		n = p
	case generic:
		n = rest
		// "Rubber and plastic products: Other plastic" → "plastic products"
		if f := strings.Fields(firstClause(p)); !strings.ContainsAny(n, " ,;") && len(f) > 1 && !strings.EqualFold(f[len(f)-1], n) {
			n += " " + strings.ToLower(f[len(f)-1])
		}
	case !strings.ContainsAny(n, " ,;") && p != "":
		// "Education: Primary" → "Primary education"
		if first := firstClause(p); len(strings.Fields(first)) <= 2 && !strings.Contains(first, "-") {
			n += " " + strings.ToLower(first)
		}
	}
	if n == "" {
		n = cleanName(name)
	}
	// Clauses: "Office admin, business support" → "office admin & business support".
	var clauses []string
	for _, c := range strings.FieldsFunc(n, func(r rune) bool { return r == ',' || r == ';' }) {
		if c = strings.TrimSpace(c); c != "" {
			clauses = append(clauses, c)
		}
	}
	if len(clauses) > 1 {
		n = clauses[0] + " & " + strings.ToLower(clauses[1])
	}
	n = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(n, " activities"), " activity"))
	if len(n) > len("manufacture of ") && strings.EqualFold(n[:len("manufacture of ")], "manufacture of ") {
		n = n[len("manufacture of "):] // the sector says it is manufacturing
	}
	return lowerFirst(n)
}

// cleanName drops parenthesised remarks, "n.e.c."/"nec" and extra spaces.
func cleanName(s string) string {
	s = dropParens(s)
	f := strings.Fields(s)
	for len(f) > 0 {
		last := strings.ToLower(strings.Trim(f[len(f)-1], ".,;"))
		if last != "nec" && last != "n.e.c" && last != "n.e.c." {
			break
		}
		f = f[:len(f)-1]
	}
	return strings.TrimRight(strings.Join(f, " "), " ,;:-")
}

// cutOther reports whether s starts with "Other", and what follows it.
func cutOther(s string) (string, bool) {
	low := strings.ToLower(s)
	if low == "other" {
		return "", true
	}
	if strings.HasPrefix(low, "other ") {
		return strings.TrimSpace(s[len("other "):]), true
	}
	return s, false
}

func dropParens(s string) string {
	for {
		i := strings.Index(s, "(")
		if i < 0 {
			return strings.Join(strings.Fields(s), " ")
		}
		j := strings.Index(s[i:], ")")
		if j < 0 {
			return strings.Join(strings.Fields(s[:i]), " ")
		}
		s = s[:i] + " " + s[i+j+1:]
	}
}

// firstClause is s up to its first comma or semicolon.
func firstClause(s string) string {
	if i := strings.IndexAny(s, ",;"); i >= 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

// lowerFirst lower-cases the first letter unless the first word is an
// acronym (its second letter is upper case too).
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 || (len(r) > 1 && unicode.IsUpper(r[1])) {
		return s
	}
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

func capitalise(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
