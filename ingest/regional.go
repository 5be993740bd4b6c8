package ingest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
)

// RegionalLongOptions configure ReadRegionalLong.
type RegionalLongOptions struct {
	Set   graphmodel.RegionalSet // measure, classification and period; the measure must be valid
	CSV   CSVOptions
	Codes CodeFormat
	// RegionCol (default "region") holds the region's name; its ID is
	// graphmodel.Slug(name) unless RegionIDCol names a column of given IDs.
	RegionCol, RegionIDCol string
	IndustryCol            string // default "industry"
	ValueCol               string // default "value"
	// Duplicates handles a (region, industry) pair listed twice: "error" (default) or "sum".
	Duplicates string
	Unknown    Unknown
	Known      Known
	// OnSkipped, if set, is called after a successful read with the codes
	// dropped under Unknown "skip".
	OnSkipped func([]Skip)
}

// RegionalWideOptions configure ReadRegionalWide.
type RegionalWideOptions struct {
	Set   graphmodel.RegionalSet
	CSV   CSVOptions
	Codes CodeFormat
	// IndustryCol holds the industry code; default "industry" when present,
	// else the first column.
	IndustryCol string
	// RegionCols lists the region columns; when empty, every column but the
	// industry column, the Exclude columns (names absent from the header are
	// ignored) and columns with an empty name is a region. A region's name is
	// its column name and its ID graphmodel.Slug(name).
	RegionCols []string
	Exclude    []string
	Duplicates string // an industry on two rows: "error" (default) or "sum"
	Unknown    Unknown
	Known      Known
	OnSkipped  func([]Skip)
}

// ReadRegionalLong reads regional values in long form, one
// "region,industry,value" row per cell. Values are finite and >= 0 (zeros are
// kept). Regions are returned in order of first appearance, values sorted by
// region, then industry.
func ReadRegionalLong(path string, opt RegionalLongOptions) (graphmodel.RegionalLoad, error) {
	return readFile(path, opt.CSV, func() error { return checkRegional(opt.Set, &opt.Duplicates, &opt.Unknown) }, func(src *source) (graphmodel.RegionalLoad, error) { return readRegionalLong(src, opt) })
}

// ReadRegionalWide reads regional values in wide form: one row per industry,
// one column per region. Values are finite and >= 0 (zeros are kept).
func ReadRegionalWide(path string, opt RegionalWideOptions) (graphmodel.RegionalLoad, error) {
	return readFile(path, opt.CSV, func() error { return checkRegional(opt.Set, &opt.Duplicates, &opt.Unknown) }, func(src *source) (graphmodel.RegionalLoad, error) { return readRegionalWide(src, opt) })
}

func checkRegional(set graphmodel.RegionalSet, dups *string, unknown *Unknown) error {
	if _, err := graphmodel.ParseMeasure(string(set.Measure)); err != nil {
		return err
	}
	if err := checkOptionNames("classification", set.Classification, "period", set.Period); err != nil {
		return err
	}
	if err := pick("duplicates", dups, "error", "sum"); err != nil {
		return err
	}
	return unknown.set()
}

// cells accumulates regional values keyed by (region, industry).
type cells struct {
	index  map[uint64]int
	values []graphmodel.RegionalValue
	lines  []int
	keys   []uint64
}

func (c *cells) add(region, industry int32, v float64, line int, sum bool) (firstLine int, dup bool) {
	key := uint64(uint32(region))<<32 | uint64(uint32(industry))
	if i, ok := c.index[key]; ok {
		if !sum {
			return c.lines[i], true
		}
		c.values[i].Value += v
		return 0, false
	}
	c.index[key] = len(c.values)
	c.values = append(c.values, graphmodel.RegionalValue{Value: v})
	c.lines = append(c.lines, line)
	c.keys = append(c.keys, key)
	return 0, false
}

func (c *cells) result(regions []graphmodel.Region, codes *codeTable) []graphmodel.RegionalValue {
	for i, k := range c.keys {
		c.values[i].Region = regions[k>>32].ID
		c.values[i].Industry = codes.codes[uint32(k)]
	}
	sort.Slice(c.values, func(i, j int) bool {
		a, b := c.values[i], c.values[j]
		if a.Region != b.Region {
			return a.Region < b.Region
		}
		return a.Industry < b.Industry
	})
	return c.values
}

func readRegionalLong(src *source, opt RegionalLongOptions) (graphmodel.RegionalLoad, error) {
	def := func(v, d string) string {
		if v == "" {
			return d
		}
		return v
	}
	rc, err := src.mustCol(def(opt.RegionCol, "region"), "region name")
	if err != nil {
		return graphmodel.RegionalLoad{}, err
	}
	ic, err := src.mustCol(def(opt.IndustryCol, "industry"), "industry code")
	if err != nil {
		return graphmodel.RegionalLoad{}, err
	}
	vc, err := src.mustCol(def(opt.ValueCol, "value"), "value")
	if err != nil {
		return graphmodel.RegionalLoad{}, err
	}
	idc := -1
	if opt.RegionIDCol != "" {
		if idc, err = src.mustCol(opt.RegionIDCol, "region ID"); err != nil {
			return graphmodel.RegionalLoad{}, err
		}
	}
	name := src.in.name
	codes := newCodeTable(name, opt.Set.Classification, opt.Codes, opt.Unknown, opt.Known)
	var regions []graphmodel.Region
	regionLine := []int{}
	byID := map[string]int32{}
	byRaw := map[string]int32{} // raw id+name text -> region, to skip re-checks
	c := &cells{index: map[uint64]int{}}
	err = src.each(func(rec [][]byte) error {
		line := src.line()
		raw := string(rec[rc])
		if idc >= 0 {
			raw = string(rec[idc]) + "\x00" + raw
		}
		r, ok := byRaw[raw]
		if !ok {
			rname := strings.TrimSpace(string(rec[rc]))
			if err := src.named(rc, rec[rc], rname, "a region name"); err != nil {
				return err
			}
			id := graphmodel.Slug(rname)
			idCol := rc
			if idc >= 0 {
				id, idCol = strings.TrimSpace(string(rec[idc])), idc
			}
			if id == "" {
				return src.errAt(idCol, rec[idCol], "a region ID (or a name with letters or digits)")
			}
			if err := checkName(name, line, src.header[idCol], "a region ID", id); err != nil {
				return err
			}
			if k, seen := byID[id]; seen {
				if regions[k].Name != rname {
					return invalid(&ParseError{File: name, Line: line, Column: src.header[rc], Value: rname,
						Expected: fmt.Sprintf("one name for region ID %q", id), Got: fmt.Sprintf("%q (line %d has %q)", rname, regionLine[k], regions[k].Name)})
				}
				r = k
			} else {
				r = int32(len(regions))
				byID[id] = r
				regions = append(regions, graphmodel.Region{ID: id, Name: rname})
				regionLine = append(regionLine, line)
			}
			byRaw[raw] = r
		}
		ind, ok, err := codes.lookup(rec[ic], line, src.header[ic])
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		v, err := src.count(vc, rec[vc])
		if err != nil {
			return err
		}
		if first, dup := c.add(r, ind, v, line, opt.Duplicates == "sum"); dup {
			return invalid(&ParseError{File: name, Line: line, Column: src.header[ic], Value: string(rec[ic]),
				Expected: "each (region, industry) pair once",
				Got:      fmt.Sprintf("%q in %q again (first on line %d)", codes.codes[ind], regions[r].Name, first),
				Fix:      Fix{Field: "duplicates", Values: "sum to add them up"}})
		}
		return nil
	})
	if err != nil {
		return graphmodel.RegionalLoad{}, err
	}
	o := regionalOptions(src, opt.Codes, "long", ic, opt.Duplicates)
	o["region_col"] = src.header[rc]
	o["value_col"] = src.header[vc]
	if idc >= 0 {
		o["region_id_col"] = src.header[idc]
	}
	return finishRegional(src, opt.Set, regions, c, codes, o, opt.OnSkipped)
}

// regionalOptions starts the provenance options of a regional file of the
// shape ("long" or "wide") with its industry column ic.
func regionalOptions(src *source, codes CodeFormat, shape string, ic int, duplicates string) map[string]string {
	o := src.options()
	codes.options(o)
	o["shape"] = shape
	o["industry_col"] = src.header[ic]
	o["duplicates"] = duplicates
	return o
}

func finishRegional(src *source, set graphmodel.RegionalSet, regions []graphmodel.Region, c *cells, codes *codeTable,
	o map[string]string, onSkipped func([]Skip)) (graphmodel.RegionalLoad, error) {
	values := c.result(regions, codes)
	codes.report(o)
	prov, err := src.provenance(o)
	if err != nil {
		return graphmodel.RegionalLoad{}, err
	}
	if onSkipped != nil && len(codes.skipCodes) > 0 {
		onSkipped(codes.skipped())
	}
	return graphmodel.RegionalLoad{Provenance: prov, Set: set, Regions: regions, Values: values, AddIndustries: codes.addIndustries()}, nil
}

func readRegionalWide(src *source, opt RegionalWideOptions) (graphmodel.RegionalLoad, error) {
	name := src.in.name
	var ic int
	var err error
	switch {
	case opt.IndustryCol != "":
		if ic, err = src.mustCol(opt.IndustryCol, "industry code"); err != nil {
			return graphmodel.RegionalLoad{}, err
		}
	case src.col("industry") >= 0:
		ic = src.col("industry")
	default:
		ic = 0
	}
	var cols []int
	if len(opt.RegionCols) > 0 {
		for _, rcName := range opt.RegionCols {
			i, err := src.mustCol(rcName, "region")
			if err != nil {
				return graphmodel.RegionalLoad{}, err
			}
			cols = append(cols, i)
		}
	} else {
		excluded := map[int]bool{ic: true}
		for _, x := range opt.Exclude {
			if i := src.col(x); i >= 0 {
				excluded[i] = true
			}
		}
		for i, h := range src.header {
			if !excluded[i] && h != "" {
				cols = append(cols, i)
			}
		}
	}
	if len(cols) == 0 {
		return graphmodel.RegionalLoad{}, invalid(&ParseError{File: name, Line: src.headerLine(),
			Expected: "at least one region column besides the industry column " + strconv.Quote(src.header[ic]), Got: "header " + src.headerList()})
	}
	var regions []graphmodel.Region
	byID := map[string]int{}
	names := make([]string, len(cols))
	for k, i := range cols {
		if i == ic {
			return graphmodel.RegionalLoad{}, optionError("region_cols", src.header[i], "region columns other than the industry column")
		}
		id := graphmodel.Slug(src.header[i])
		if id == "" {
			return graphmodel.RegionalLoad{}, invalid(&ParseError{File: name, Line: src.headerLine(), Column: src.header[i], Value: src.header[i],
				Expected: "a region name with letters or digits"})
		}
		if j, dup := byID[id]; dup {
			return graphmodel.RegionalLoad{}, invalid(&ParseError{File: name, Line: src.headerLine(), Column: src.header[i], Value: src.header[i],
				Expected: "region columns with distinct IDs", Got: fmt.Sprintf("%q, which has the same ID %q as column %q", src.header[i], id, src.header[cols[j]])})
		}
		byID[id] = k
		names[k] = src.header[i]
		regions = append(regions, graphmodel.Region{ID: id, Name: src.header[i]})
	}
	codes := newCodeTable(name, opt.Set.Classification, opt.Codes, opt.Unknown, opt.Known)
	c := &cells{index: map[uint64]int{}}
	err = src.each(func(rec [][]byte) error {
		line := src.line()
		ind, ok, err := codes.lookup(rec[ic], line, src.header[ic])
		if err != nil || !ok {
			return err
		}
		for k, i := range cols {
			v, err := src.count(i, rec[i])
			if err != nil {
				return err
			}
			if first, dup := c.add(int32(k), ind, v, line, opt.Duplicates == "sum"); dup {
				return invalid(&ParseError{File: name, Line: line, Column: src.header[ic], Value: string(rec[ic]),
					Expected: "each industry on one row", Got: fmt.Sprintf("%q again (first on line %d)", codes.codes[ind], first),
					Fix: Fix{Field: "duplicates", Values: "sum to add the rows up"}})
			}
		}
		return nil
	})
	if err != nil {
		return graphmodel.RegionalLoad{}, err
	}
	o := regionalOptions(src, opt.Codes, "wide", ic, opt.Duplicates)
	o["region_cols"] = strings.Join(names, ",")
	return finishRegional(src, opt.Set, regions, c, codes, o, opt.OnSkipped)
}
