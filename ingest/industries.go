package ingest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
)

// IndustriesOptions configure ReadIndustries.
type IndustriesOptions struct {
	Classification string // required
	CSV            CSVOptions
	Codes          CodeFormat
	// CodeCol, NameCol, ParentCol and LevelCol name the columns of a flat
	// file; defaults "code", "name", "parent", "level". The parent and level
	// columns are optional when absent under their default names: without a
	// parent column every industry is at the top; without a level column the
	// level is the depth in the parent tree. A given level must be the
	// parent's level + 1 (0 at the top).
	CodeCol, NameCol, ParentCol, LevelCol string
	// LevelNames names the levels of a flat file from the top (e.g. section,
	// division, group, class); default "level0", "level1", ...
	LevelNames []string
	// Levels selects the hierarchy-file shape: the columns holding names from
	// the top level down; the last is the name of the coded industry itself
	// (NameCol, ParentCol and LevelCol are then not used). Each distinct group
	// (a name under a given parent group) becomes an industry with the
	// synthesised code "G<d>-<slug of its name>", d being its 1-based depth
	// ("G1-manufacturing"); when two different groups would get the same code
	// the later one (in file order) gets "-2", "-3", ... appended. Codes are
	// therefore stable across runs on the same file. The classification's
	// level names are the Levels column names.
	Levels []string
	// EmptyGroup is the name given to an empty group cell in a hierarchy
	// file; "" (the default) makes an empty cell an error.
	EmptyGroup string
	// Duplicates handles a code listed on more than one row: "error"
	// (default), "first" (keep the first row) or "join" (keep the first row,
	// its name followed by the other rows' distinct names joined with "; ").
	Duplicates string
}

// ReadIndustries reads the industries of one classification, either a flat
// file (code, name, optional parent and level) or a hierarchy file (Levels).
// Industries are returned ordered by level, then code.
func ReadIndustries(path string, opt IndustriesOptions) (graphmodel.IndustriesLoad, error) {
	return readFile(path, opt.CSV, func() error { return checkIndustriesOptions(&opt) }, func(src *source) (graphmodel.IndustriesLoad, error) { return readIndustries(src, opt) })
}

func checkIndustriesOptions(opt *IndustriesOptions) error {
	if strings.TrimSpace(opt.Classification) == "" {
		return optionError("classification", opt.Classification, "a classification name (e.g. SIC2007, NACE2)")
	}
	if err := checkOptionNames("classification", opt.Classification, "empty_group", opt.EmptyGroup); err != nil {
		return err
	}
	if err := pick("duplicates", &opt.Duplicates, "error", "first", "join"); err != nil {
		return err
	}
	if len(opt.Levels) == 1 {
		return optionError("levels", opt.Levels[0], "at least two columns (groups from the top down, then the industry's own name)")
	}
	return nil
}

// indRow is one kept industry row.
type indRow struct {
	ind   graphmodel.Industry
	line  int
	level int // given level, -1 when not given
}

type group struct {
	code, name string
	parent     int // index of the parent group, -1 at the top
	depth      int
}

func readIndustries(src *source, opt IndustriesOptions) (graphmodel.IndustriesLoad, error) {
	o := src.options()
	opt.Codes.options(o)
	o["duplicates"] = opt.Duplicates
	cols, err := industryColumns(src, opt, o)
	if err != nil {
		return graphmodel.IndustriesLoad{}, err
	}
	r := &industryReader{src: src, opt: opt, cols: cols, byCode: map[string]int{}}
	if len(opt.Levels) > 0 {
		r.hier = &hierarchy{idx: map[string]int{}, byCode: map[string]int{}}
	}
	if err := r.read(); err != nil {
		return graphmodel.IndustriesLoad{}, err
	}
	inds, levelNames, err := r.industries(o)
	if err != nil {
		return graphmodel.IndustriesLoad{}, err
	}
	if r.dupRows > 0 {
		o["duplicate_rows"] = strconv.FormatInt(r.dupRows, 10)
	}
	sort.SliceStable(inds, func(i, j int) bool {
		if inds[i].Level != inds[j].Level {
			return inds[i].Level < inds[j].Level
		}
		return inds[i].Code < inds[j].Code
	})
	prov, err := src.provenance(o)
	if err != nil {
		return graphmodel.IndustriesLoad{}, err
	}
	return graphmodel.IndustriesLoad{
		Provenance:     prov,
		Classification: graphmodel.Classification{Name: opt.Classification, Levels: levelNames},
		Industries:     inds,
	}, nil
}

// indCols are the columns of an industries file; -1 when absent.
type indCols struct {
	code, name, parent, level int
	levels                    []int // hierarchy file: the name columns from the top
}

// industryColumns resolves the columns and records them in the provenance options o.
func industryColumns(src *source, opt IndustriesOptions, o map[string]string) (c indCols, err error) {
	def := func(v, d string) string {
		if v == "" {
			return d
		}
		return v
	}
	c.name, c.parent, c.level = -1, -1, -1
	if c.code, err = src.mustCol(def(opt.CodeCol, "code"), "industry code"); err != nil {
		return c, err
	}
	o["code_col"] = src.header[c.code]
	if len(opt.Levels) > 0 {
		for _, l := range opt.Levels {
			i, err := src.mustCol(l, "hierarchy level")
			if err != nil {
				return c, err
			}
			c.levels = append(c.levels, i)
		}
		o["levels"] = strings.Join(opt.Levels, ",")
		return c, nil
	}
	if c.name, err = src.mustCol(def(opt.NameCol, "name"), "industry name"); err != nil {
		return c, err
	}
	o["name_col"] = src.header[c.name]
	// The parent and level columns are optional under their default names.
	optional := func(v, d, role string) (int, error) {
		if i := src.col(def(v, d)); i >= 0 {
			return i, nil
		}
		if v == "" || v == d {
			return -1, nil
		}
		return -1, src.missing(v, role)
	}
	if c.parent, err = optional(opt.ParentCol, "parent", "parent code"); err != nil {
		return c, err
	}
	if c.level, err = optional(opt.LevelCol, "level", "level"); err != nil {
		return c, err
	}
	if c.parent >= 0 {
		o["parent_col"] = src.header[c.parent]
	}
	if c.level >= 0 {
		o["level_col"] = src.header[c.level]
	}
	return c, nil
}

// industryReader is the state of reading an industries file.
type industryReader struct {
	src     *source
	opt     IndustriesOptions
	cols    indCols
	rows    []indRow
	byCode  map[string]int // code -> index in rows
	hier    *hierarchy     // nil for a flat file
	dupRows int64
}

// hierarchy holds the groups synthesised from the name columns of a hierarchy file.
type hierarchy struct {
	groups []group
	idx    map[string]int // depth \x00 parent \x00 name -> group
	byCode map[string]int // code -> group
	empty  int64          // empty cells named EmptyGroup
}

// read reads every row into r.rows.
func (r *industryReader) read() error { return r.src.each(r.row) }

// row reads one row: its code and name, a duplicate by the Duplicates
// policy, its groups (hierarchy file) or its parent and level (flat file).
func (r *industryReader) row(rec [][]byte) error {
	src, c, line := r.src, r.cols, r.src.line()
	code := r.opt.Codes.Normalise(string(rec[c.code]))
	if code == "" {
		return src.errAt(c.code, rec[c.code], "an industry code")
	}
	if err := checkName(src.in.name, line, src.header[c.code], "an industry code", code); err != nil {
		return err
	}
	nc := c.name
	if r.hier != nil {
		nc = c.levels[len(c.levels)-1]
	}
	indName := strings.TrimSpace(string(rec[nc]))
	if indName == "" {
		return src.errAt(nc, rec[nc], "the industry's name")
	}
	if err := checkName(src.in.name, line, src.header[nc], "an industry name", indName); err != nil {
		return err
	}
	if k, dup := r.byCode[code]; dup {
		r.dupRows++
		switch r.opt.Duplicates {
		case "first":
			return nil
		case "join":
			if ind := &r.rows[k].ind; !containsName(ind.Name, indName) {
				ind.Name += "; " + indName
			}
			return nil
		}
		return invalid(&ParseError{File: src.in.name, Line: line, Column: src.header[c.code], Value: string(rec[c.code]),
			Expected: "each code once", Got: fmt.Sprintf("%q again (first on line %d)", code, r.rows[k].line),
			Fix: Fix{Field: "duplicates", Values: "first or join"}})
	}
	ir := indRow{ind: graphmodel.Industry{Classification: r.opt.Classification, Code: code, Name: indName}, line: line, level: -1}
	if r.hier != nil {
		parent, err := r.hier.place(src, rec, c.levels[:len(c.levels)-1], r.opt.EmptyGroup)
		if err != nil {
			return err
		}
		ir.ind.Parent = r.hier.groups[parent].code
		ir.ind.Level = len(c.levels) - 1
	} else {
		if c.parent >= 0 {
			ir.ind.Parent = r.opt.Codes.Normalise(string(rec[c.parent]))
			if err := checkName(src.in.name, line, src.header[c.parent], "a parent code", ir.ind.Parent); err != nil {
				return err
			}
		}
		if c.level >= 0 {
			lv, err := strconv.Atoi(strings.TrimSpace(string(rec[c.level])))
			if err != nil || lv < 0 {
				return src.errAt(c.level, rec[c.level], "a level: an integer >= 0 (0 is the top)")
			}
			ir.level = lv
		}
	}
	r.byCode[code] = len(r.rows)
	r.rows = append(r.rows, ir)
	return nil
}

// place finds or creates the groups named by a row's group columns, from
// the top, and returns the deepest.
func (h *hierarchy) place(src *source, rec [][]byte, cols []int, emptyGroup string) (int, error) {
	parent := -1
	for d, col := range cols {
		gname := strings.TrimSpace(string(rec[col]))
		if gname == "" {
			if emptyGroup == "" {
				return 0, invalid(&ParseError{File: src.in.name, Line: src.line(), Column: src.header[col], Value: "",
					Expected: "a group name", Hint: "fill the cell", Fix: Fix{Field: "empty_group", Values: "\"Unspecified\" (a name for empty group cells)"}})
			}
			gname = emptyGroup
			h.empty++
		}
		if err := checkName(src.in.name, src.line(), src.header[col], "a group name", gname); err != nil {
			return 0, err
		}
		key := strconv.Itoa(d) + "\x00" + strconv.Itoa(parent) + "\x00" + gname
		g, ok := h.idx[key]
		if !ok {
			g = len(h.groups)
			h.idx[key] = g
			gc := h.newCode(d, gname)
			h.byCode[gc] = g
			h.groups = append(h.groups, group{code: gc, name: gname, parent: parent, depth: d})
		}
		parent = g
	}
	return parent, nil
}

// newCode synthesises the code of a new group at depth d: "G<d+1>-<slug>",
// with "-2", "-3", ... appended when another group has it.
func (h *hierarchy) newCode(d int, name string) string {
	slug := graphmodel.Slug(name)
	if slug == "" {
		slug = "group"
	}
	base := "G" + strconv.Itoa(d+1) + "-" + slug
	gc := base
	for n := 2; ; n++ {
		if _, taken := h.byCode[gc]; !taken {
			return gc
		}
		gc = base + "-" + strconv.Itoa(n)
	}
}

// industries returns the industries read and the level names: the groups
// and the coded industries of a hierarchy file, or the rows of a flat file
// with their levels resolved.
func (r *industryReader) industries(o map[string]string) ([]graphmodel.Industry, []string, error) {
	var inds []graphmodel.Industry
	if h := r.hier; h != nil {
		for _, g := range h.groups {
			parent := ""
			if g.parent >= 0 {
				parent = h.groups[g.parent].code
			}
			if k, clash := r.byCode[g.code]; clash {
				return nil, nil, invalid(&ParseError{File: r.src.in.name, Line: r.rows[k].line, Column: r.src.header[r.cols.code], Value: g.code,
					Expected: "codes that differ from the synthesised group codes", Got: fmt.Sprintf("%q, the code of group %q", g.code, g.name)})
			}
			inds = append(inds, graphmodel.Industry{Classification: r.opt.Classification, Code: g.code, Name: g.name, Parent: parent, Level: g.depth})
		}
		for _, row := range r.rows {
			inds = append(inds, row.ind)
		}
		o["groups"] = strconv.Itoa(len(h.groups))
		if h.empty > 0 {
			o["empty_group"] = r.opt.EmptyGroup
			o["empty_group_cells"] = strconv.FormatInt(h.empty, 10)
		}
		return inds, append([]string(nil), r.opt.Levels...), nil
	}
	name := r.src.in.name
	maxLevel, err := resolveLevels(name, r.src, r.cols.parent, r.cols.level, r.rows, r.byCode)
	if err != nil {
		return nil, nil, err
	}
	for _, row := range r.rows {
		inds = append(inds, row.ind)
	}
	if len(r.opt.LevelNames) > 0 {
		if len(r.opt.LevelNames) != maxLevel+1 {
			return nil, nil, optionError("level_names", strings.Join(r.opt.LevelNames, ","),
				fmt.Sprintf("%d names, one per level of %s", maxLevel+1, name))
		}
		return inds, append([]string(nil), r.opt.LevelNames...), nil
	}
	var levelNames []string
	for l := 0; l <= maxLevel; l++ {
		levelNames = append(levelNames, "level"+strconv.Itoa(l))
	}
	return inds, levelNames, nil
}

func containsName(joined, name string) bool {
	for _, n := range strings.Split(joined, "; ") {
		if n == name {
			return true
		}
	}
	return false
}

// resolveLevels checks that parents exist and form a tree, and sets each
// industry's level (its depth, or the given level, which must agree).
func resolveLevels(name string, src *source, pc, lc int, rows []indRow, byCode map[string]int) (int, error) {
	depth := make([]int, len(rows))
	for i := range depth {
		depth[i] = -1
	}
	const visiting = -2
	walk := func(i int) (int, error) {
		// Iterative over the parent chain to bound the stack on deep chains.
		var chain []int
		j := i
		for depth[j] < 0 {
			if depth[j] == visiting {
				r := rows[j]
				return 0, invalid(&ParseError{File: name, Line: r.line, Column: src.header[pc], Value: r.ind.Parent,
					Expected: "a parent chain that reaches the top level", Got: fmt.Sprintf("a cycle through %q", r.ind.Code)})
			}
			depth[j] = visiting
			chain = append(chain, j)
			p := rows[j].ind.Parent
			if p == "" {
				break
			}
			k, ok := byCode[p]
			if !ok {
				r := rows[j]
				return 0, invalid(&ParseError{File: name, Line: r.line, Column: src.header[pc], Value: p,
					Expected: "the code of an industry listed in this file (or empty at the top level)"})
			}
			j = k
		}
		d := -1 // depth of the first resolved ancestor above the chain
		last := chain[len(chain)-1]
		if rows[last].ind.Parent != "" {
			d = depth[byCode[rows[last].ind.Parent]]
		}
		for c := len(chain) - 1; c >= 0; c-- {
			d++
			depth[chain[c]] = d
		}
		return depth[i], nil
	}
	maxLevel := 0
	for i := range rows {
		if depth[i] < 0 {
			if _, err := walk(i); err != nil {
				return 0, err
			}
		}
	}
	for i := range rows {
		r := &rows[i]
		if lc >= 0 && r.level != depth[i] {
			exp := "level 0 (the industry has no parent)"
			if r.ind.Parent != "" {
				exp = fmt.Sprintf("level %d (one below its parent %q)", depth[i], r.ind.Parent)
			}
			return 0, invalid(&ParseError{File: name, Line: r.line, Column: src.header[lc], Value: strconv.Itoa(r.level), Expected: exp})
		}
		r.ind.Level = depth[i]
		if depth[i] > maxLevel {
			maxLevel = depth[i]
		}
	}
	return maxLevel, nil
}
