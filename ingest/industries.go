package ingest

import (
	"fmt"
	"io"
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
	if err := checkIndustriesOptions(&opt); err != nil {
		return graphmodel.IndustriesLoad{}, err
	}
	src, err := openSource(path, opt.CSV)
	if err != nil {
		return graphmodel.IndustriesLoad{}, err
	}
	defer src.close()
	return readIndustries(src, opt)
}

func checkIndustriesOptions(opt *IndustriesOptions) error {
	if strings.TrimSpace(opt.Classification) == "" {
		return optionError("classification", opt.Classification, "a classification name (e.g. SIC2007, NACE2)")
	}
	if err := checkOptionNames("Classification", opt.Classification, "EmptyGroup", opt.EmptyGroup); err != nil {
		return err
	}
	switch opt.Duplicates {
	case "":
		opt.Duplicates = "error"
	case "error", "first", "join":
	default:
		return optionError("duplicates", opt.Duplicates, "error, first or join")
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
	name := src.in.name
	def := func(v, d string) string {
		if v == "" {
			return d
		}
		return v
	}
	cc, err := src.mustCol(def(opt.CodeCol, "code"), "industry code")
	if err != nil {
		return graphmodel.IndustriesLoad{}, err
	}
	o := src.options()
	opt.Codes.options(o)
	o["code_col"] = src.header[cc]
	o["duplicates"] = opt.Duplicates

	hier := len(opt.Levels) > 0
	nc, pc, lc := -1, -1, -1
	var levelCols []int
	if hier {
		for _, l := range opt.Levels {
			i, err := src.mustCol(l, "hierarchy level")
			if err != nil {
				return graphmodel.IndustriesLoad{}, err
			}
			levelCols = append(levelCols, i)
		}
		o["levels"] = strings.Join(opt.Levels, ",")
		nc = levelCols[len(levelCols)-1] // the coded industry's own name
	} else {
		if nc, err = src.mustCol(def(opt.NameCol, "name"), "industry name"); err != nil {
			return graphmodel.IndustriesLoad{}, err
		}
		o["name_col"] = src.header[nc]
		optional := func(v, d, role string) (int, error) {
			if i := src.col(def(v, d)); i >= 0 {
				return i, nil
			}
			if v == "" || v == d {
				return -1, nil
			}
			return -1, src.missing(v, role)
		}
		if pc, err = optional(opt.ParentCol, "parent", "parent code"); err != nil {
			return graphmodel.IndustriesLoad{}, err
		}
		if lc, err = optional(opt.LevelCol, "level", "level"); err != nil {
			return graphmodel.IndustriesLoad{}, err
		}
		if pc >= 0 {
			o["parent_col"] = src.header[pc]
		}
		if lc >= 0 {
			o["level_col"] = src.header[lc]
		}
	}

	var rows []indRow
	byCode := map[string]int{} // code -> index in rows
	var groups []group
	groupIdx := map[string]int{}  // depth \x00 parent \x00 name -> group
	groupCode := map[string]int{} // code -> group
	var dupRows, emptyGroups int64
	for {
		rec, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return graphmodel.IndustriesLoad{}, err
		}
		line := src.line()
		code := opt.Codes.Normalise(string(rec[cc]))
		if code == "" {
			return graphmodel.IndustriesLoad{}, src.errAt(cc, rec[cc], "an industry code")
		}
		if err := checkName(name, line, src.header[cc], "an industry code", code); err != nil {
			return graphmodel.IndustriesLoad{}, err
		}
		indName := strings.TrimSpace(string(rec[nc]))
		if indName == "" {
			return graphmodel.IndustriesLoad{}, src.errAt(nc, rec[nc], "the industry's name")
		}
		if err := checkName(name, line, src.header[nc], "an industry name", indName); err != nil {
			return graphmodel.IndustriesLoad{}, err
		}
		if k, dup := byCode[code]; dup {
			dupRows++
			switch opt.Duplicates {
			case "first":
				continue
			case "join":
				r := &rows[k]
				if !containsName(r.ind.Name, indName) {
					r.ind.Name += "; " + indName
				}
				continue
			}
			return graphmodel.IndustriesLoad{}, invalid(&ParseError{File: name, Line: line, Column: src.header[cc], Value: string(rec[cc]),
				Expected: "each code once", Got: fmt.Sprintf("%q again (first on line %d)", code, rows[k].line),
				Fix: Fix{Field: "duplicates", Values: "first or join"}})
		}
		r := indRow{ind: graphmodel.Industry{Classification: opt.Classification, Code: code, Name: indName}, line: line, level: -1}
		if hier {
			parent := -1
			for d, col := range levelCols[:len(levelCols)-1] {
				gname := strings.TrimSpace(string(rec[col]))
				if gname == "" {
					if opt.EmptyGroup == "" {
						return graphmodel.IndustriesLoad{}, invalid(&ParseError{File: name, Line: line, Column: src.header[col], Value: "",
							Expected: "a group name", Hint: "fill the cell", Fix: Fix{Field: "empty_group", Values: "\"Unspecified\" (a name for empty group cells)"}})
					}
					gname = opt.EmptyGroup
					emptyGroups++
				}
				if err := checkName(name, line, src.header[col], "a group name", gname); err != nil {
					return graphmodel.IndustriesLoad{}, err
				}
				key := strconv.Itoa(d) + "\x00" + strconv.Itoa(parent) + "\x00" + gname
				g, ok := groupIdx[key]
				if !ok {
					g = len(groups)
					slug := graphmodel.Slug(gname)
					if slug == "" {
						slug = "group"
					}
					base := "G" + strconv.Itoa(d+1) + "-" + slug
					gc := base
					for n := 2; ; n++ {
						if _, taken := groupCode[gc]; !taken {
							break
						}
						gc = base + "-" + strconv.Itoa(n)
					}
					groupCode[gc] = g
					groupIdx[key] = g
					groups = append(groups, group{code: gc, name: gname, parent: parent, depth: d})
				}
				parent = g
			}
			r.ind.Parent = groups[parent].code
			r.ind.Level = len(levelCols) - 1
		} else {
			if pc >= 0 {
				r.ind.Parent = opt.Codes.Normalise(string(rec[pc]))
				if err := checkName(name, line, src.header[pc], "a parent code", r.ind.Parent); err != nil {
					return graphmodel.IndustriesLoad{}, err
				}
			}
			if lc >= 0 {
				t := strings.TrimSpace(string(rec[lc]))
				lv, err := strconv.Atoi(t)
				if err != nil || lv < 0 {
					return graphmodel.IndustriesLoad{}, src.errAt(lc, rec[lc], "a level: an integer >= 0 (0 is the top)")
				}
				r.level = lv
			}
		}
		byCode[code] = len(rows)
		rows = append(rows, r)
	}

	var inds []graphmodel.Industry
	var levelNames []string
	if hier {
		for _, g := range groups {
			parent := ""
			if g.parent >= 0 {
				parent = groups[g.parent].code
			}
			if k, clash := byCode[g.code]; clash {
				return graphmodel.IndustriesLoad{}, invalid(&ParseError{File: name, Line: rows[k].line, Column: src.header[cc], Value: g.code,
					Expected: "codes that differ from the synthesised group codes", Got: fmt.Sprintf("%q, the code of group %q", g.code, g.name)})
			}
			inds = append(inds, graphmodel.Industry{Classification: opt.Classification, Code: g.code, Name: g.name, Parent: parent, Level: g.depth})
		}
		for _, r := range rows {
			inds = append(inds, r.ind)
		}
		levelNames = append([]string(nil), opt.Levels...)
		o["groups"] = strconv.Itoa(len(groups))
		if emptyGroups > 0 {
			o["empty_group"] = opt.EmptyGroup
			o["empty_group_cells"] = strconv.FormatInt(emptyGroups, 10)
		}
	} else {
		maxLevel, err := resolveLevels(name, src, pc, lc, rows, byCode)
		if err != nil {
			return graphmodel.IndustriesLoad{}, err
		}
		for _, r := range rows {
			inds = append(inds, r.ind)
		}
		if len(opt.LevelNames) > 0 {
			if len(opt.LevelNames) != maxLevel+1 {
				return graphmodel.IndustriesLoad{}, optionError("level_names", strings.Join(opt.LevelNames, ","),
					fmt.Sprintf("%d names, one per level of %s", maxLevel+1, name))
			}
			levelNames = append([]string(nil), opt.LevelNames...)
		} else {
			for l := 0; l <= maxLevel; l++ {
				levelNames = append(levelNames, "level"+strconv.Itoa(l))
			}
		}
	}
	if dupRows > 0 {
		o["duplicate_rows"] = strconv.FormatInt(dupRows, 10)
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
