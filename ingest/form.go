package ingest

import (
	"slices"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/relatedness"
)

// A Form gathers the options of one load given as named text values — the
// CLI's flags, an upload's form fields — and builds the typed Options of its
// kind. Fields declares each option once (name, kinds, help, default), so
// the CLI and the API take the same options with the same defaults and the
// same parse errors.
type Form struct {
	kind string
	text map[string]string
	// OnProgress and MaxInputBytes are copied into the CSV options.
	OnProgress    func(read, total int64)
	MaxInputBytes int64
}

// FormKinds are the kinds of load a Form builds, as 'domainscope ingest KIND'
// (concord is 'domainscope concord'; relatedness, the options of
// 'domainscope relatedness', builds no load: see Form.Relatedness).
var FormKinds = []string{"industries", "links", "spells", "patents", "regional", "regions-geo", "concord", "relatedness"}

// A Field is one option of a Form.
type Field struct {
	Name     string // e.g. "self-loops"; errors name it with '_' ("self_loops")
	Usage    string // one line of help
	Default  string // the value when none is given
	Required bool   // the CLI marks the flag required (a load validates it anyway)
	Type     string // "string", "bool", "int", "float" or "list" (comma-separated)
	kinds    string // space-separated kinds; csvKinds for every CSV kind
	set      func(p *formValues, v string) error
}

// formValues are the parsed values of a Form, before they become Options.
type formValues struct {
	shape  string
	csv    CSVOptions
	codes  CodeFormat
	unk    Unknown
	layer  graphmodel.Layer
	rel    RelatednessOptions
	set    graphmodel.RegionalSet
	ind    IndustriesOptions
	links  LinksOptions
	spells SpellOptions
	pats   PatentOptions
	long   RegionalLongOptions
	wide   RegionalWideOptions
	geo    BoundariesOptions
	conc   ConcordOptions
}

const (
	csvKinds   = "industries links spells patents regional concord"
	layerKinds = "links spells patents concord"
	relKinds   = layerKinds + " relatedness"
)

func textField(dst func(*formValues) *string) func(*formValues, string) error {
	return func(p *formValues, v string) error { *dst(p) = v; return nil }
}

func listField(dst func(*formValues) *[]string) func(*formValues, string) error {
	return func(p *formValues, v string) error { *dst(p) = SplitList(v); return nil }
}

func whole(field string, dst func(*formValues) *int) func(*formValues, string) error {
	return parsedField(field, "a whole number", strconv.Atoi, dst)
}

func boolean(field string, dst func(*formValues) *bool) func(*formValues, string) error {
	return parsedField(field, "true or false", strconv.ParseBool, dst)
}

// parsedField sets *dst to parse of the trimmed value; an empty value leaves
// it unchanged, an unparsable one is an option error expecting expect.
func parsedField[T any](field, expect string, parse func(string) (T, error), dst func(*formValues) *T) func(*formValues, string) error {
	return func(p *formValues, v string) error {
		if v == "" {
			return nil
		}
		x, err := parse(strings.TrimSpace(v))
		if err != nil {
			return optionError(field, v, expect)
		}
		*dst(p) = x
		return nil
	}
}

func float(field string, dst func(*formValues) *float64) func(*formValues, string) (err error) {
	return func(p *formValues, v string) (err error) {
		*dst(p), err = ParseNumber(field, v)
		return err
	}
}

// fields lists every option; a name may appear for disjoint kinds with its
// own help (the first entry that takes a kind wins).
var fields = []Field{
	// Concord reads old codes, then loads in --classification.
	{Name: "pad", kinds: "concord", Type: "int", Usage: "left-pad all-digit codes of FILE (old codes) to this width", set: whole("pad", func(p *formValues) *int { return &p.codes.Pad })},
	{Name: "unknown", kinds: "concord", Default: "error", Usage: "mapped codes not in --classification: error, create or skip", set: func(p *formValues, v string) error { p.unk = Unknown(v); return nil }},
	{Name: "classification", kinds: "concord", Usage: "classification the mapped layer is loaded in (not needed with --output)", set: textField(func(p *formValues) *string { return &p.layer.Classification })},

	{Name: "classification", kinds: csvKinds, Required: true, Usage: "classification of the codes, e.g. SIC2007, NACE2", set: textField(func(p *formValues) *string { return &p.layer.Classification })},
	{Name: "delimiter", kinds: csvKinds, Usage: `field delimiter: ",", ";", "tab" (default: detected from the header)`, set: func(p *formValues, v string) (err error) {
		p.csv.Delimiter, err = ParseDelimiter(v)
		return err
	}},
	{Name: "pad", kinds: csvKinds, Type: "int", Usage: "left-pad all-digit codes with zeros to this width (\"111\" → \"0111\" with --pad 4)", set: whole("pad", func(p *formValues) *int { return &p.codes.Pad })},
	{Name: "keep-punct", kinds: csvKinds, Type: "bool", Usage: "keep '.', '-', '/' and spaces inside codes (default: removed, \"01.11\" → \"0111\")", set: boolean("keep_punct", func(p *formValues) *bool { return &p.codes.KeepPunct })},
	{Name: "unknown", kinds: "links spells patents regional", Default: "error", Usage: "codes not in the classification: error, create (auto-create the industry) or skip (drop the row)", set: func(p *formValues, v string) error { p.unk = Unknown(v); return nil }},

	{Name: "code-col", kinds: "industries", Default: "code", Usage: "column holding the industry code", set: textField(func(p *formValues) *string { return &p.ind.CodeCol })},
	{Name: "name-col", kinds: "industries", Default: "name", Usage: "column holding the industry name", set: textField(func(p *formValues) *string { return &p.ind.NameCol })},
	{Name: "parent-col", kinds: "industries", Default: "parent", Usage: "column holding the parent's code (optional)", set: textField(func(p *formValues) *string { return &p.ind.ParentCol })},
	{Name: "level-col", kinds: "industries", Default: "level", Usage: "column holding the level (optional)", set: textField(func(p *formValues) *string { return &p.ind.LevelCol })},
	{Name: "levels", kinds: "industries", Type: "list", Usage: "hierarchy file: name columns from the top level down; the last names the coded industry", set: listField(func(p *formValues) *[]string { return &p.ind.Levels })},
	{Name: "level-names", kinds: "industries", Type: "list", Usage: "names of the levels from the top, e.g. section,division,group,class", set: listField(func(p *formValues) *[]string { return &p.ind.LevelNames })},
	{Name: "empty-group", kinds: "industries", Usage: "hierarchy file: name for an empty group cell (default: an empty cell is an error)", set: textField(func(p *formValues) *string { return &p.ind.EmptyGroup })},
	{Name: "duplicates", kinds: "industries", Default: "error", Usage: "a code listed twice: error, first (keep the first row) or join (join the names)", set: textField(func(p *formValues) *string { return &p.ind.Duplicates })},
	{Name: "duplicates", kinds: "links", Default: "error", Usage: "a pair listed twice: error, sum (counts) or mean (relatedness)", set: textField(func(p *formValues) *string { return &p.links.Duplicates })},
	{Name: "duplicates", kinds: "concord", Default: "error", Usage: "a pair listed twice in FILE: error or sum", set: textField(func(p *formValues) *string { return &p.links.Duplicates })},

	{Name: "layer", kinds: "relatedness", Required: true, Usage: "layer name", set: textField(func(p *formValues) *string { return &p.layer.Name })},
	{Name: "period", kinds: "relatedness", Usage: "period (default: the layer's latest)", set: textField(func(p *formValues) *string { return &p.layer.Period })},
	{Name: "layer", kinds: layerKinds, Required: true, Usage: "layer name, e.g. labour, copatent, io", set: textField(func(p *formValues) *string { return &p.layer.Name })},
	{Name: "period", kinds: layerKinds, Required: true, Usage: "period of the layer, e.g. 2009-2018", set: textField(func(p *formValues) *string { return &p.layer.Period })},
	{Name: "period", kinds: "regional", Required: true, Usage: "period of the values, e.g. 2015", set: textField(func(p *formValues) *string { return &p.layer.Period })},
	{Name: "kind", kinds: "links concord", Default: "flows", Usage: "layer kind: flows (directed counts), co-occurrence (undirected counts), relatedness (given values)", set: func(p *formValues, v string) error {
		p.layer.Kind = graphmodel.LayerKind(v)
		return nil
	}},
	{Name: "method", kinds: relKinds, Usage: "relatedness method: ratio, association, cosine, jaccard, proximity, knowledgeflows (the Turing Knowledge Flows UK procedure; flows, needs --floor) (default: ratio for flows, association for co-occurrence)", set: func(p *formValues, v string) error {
		p.rel.Method = relatedness.Method(v)
		return nil
	}},
	{Name: "floor", kinds: relKinds, Type: "float", Usage: "disclosure floor of the counts: counts below it were not released, absent pairs are censored below it (10 for the UK flows; 0: none)", set: float("floor", func(p *formValues) *float64 { return &p.rel.Floor })},
	{Name: "shrink", kinds: relKinds, Default: "none", Usage: "ratio, association: none, or gamma-poisson (empirical-Bayes posterior mean of the ratio, pulling ratios on few counts towards 1)", set: textField(func(p *formValues) *string { return &p.rel.Shrinkage })},
	{Name: "prior", kinds: relKinds, Type: "float", Usage: "gamma-poisson prior strength a (0: fitted to the data)", set: float("prior", func(p *formValues) *float64 { return &p.rel.Prior })},
	{Name: "alpha", kinds: relKinds, Type: "float", Usage: "keep only links with a Benjamini–Hochberg q-value <= alpha, in (0, 1) (0: keep every link)", set: float("alpha", func(p *formValues) *float64 { return &p.rel.Alpha })},
	{Name: "diagonal", kinds: relKinds, Type: "bool", Usage: "ratio: include within-industry counts (the diagonal) in the totals", set: boolean("diagonal", func(p *formValues) *bool { return &p.rel.Diagonal })},
	{Name: "symmetrise", kinds: relKinds, Default: "mean", Usage: "ratio on flows: mean (of both directions) or none", set: textField(func(p *formValues) *string { return &p.rel.Symmetrise })},
	{Name: "threshold", kinds: relKinds, Type: "float", Usage: "a link is related when its value is above this (default: the method's, 0 for the normalised ratio)", set: func(p *formValues, v string) (err error) {
		p.rel.Threshold, err = ParseThreshold(v)
		return err
	}},

	{Name: "from-col", kinds: "links concord", Usage: "column of the source industry (default: the first)", set: textField(func(p *formValues) *string { return &p.links.FromCol })},
	{Name: "to-col", kinds: "links concord", Usage: "column of the target industry (default: the second)", set: textField(func(p *formValues) *string { return &p.links.ToCol })},
	{Name: "value-col", kinds: "links concord", Usage: "column of the count or value (default: the third)", set: textField(func(p *formValues) *string { return &p.links.ValueCol })},
	{Name: "self-loops", kinds: "links concord", Usage: "links from an industry to itself: keep, drop or error (default: keep for flows, error otherwise)", set: textField(func(p *formValues) *string { return &p.links.SelfLoops })},

	{Name: "from-period", kinds: "spells", Usage: "first period to use (inclusive)", set: textField(func(p *formValues) *string { return &p.spells.FromPeriod })},
	{Name: "to-period", kinds: "spells", Usage: "last period to use (inclusive)", set: textField(func(p *formValues) *string { return &p.spells.ToPeriod })},
	{Name: "stayers", kinds: "spells", Type: "bool", Usage: "count consecutive spells in the same industry on the diagonal", set: boolean("stayers", func(p *formValues) *bool { return &p.spells.Stayers })},
	{Name: "fractional", kinds: "patents", Type: "bool", Usage: "fractional counting: each patent contributes 1 in total, split over its industry pairs", set: boolean("fractional", func(p *formValues) *bool { return &p.pats.Fractional })},

	{Name: "measure", kinds: "regional", Default: "employment", Usage: "what the values count: employment, patents or publications", set: func(p *formValues, v string) error {
		p.set.Measure = graphmodel.Measure(v)
		return nil
	}},
	{Name: "shape", kinds: "regional", Default: "long", Usage: "long (region,industry,value) or wide (one column per region)", set: textField(func(p *formValues) *string { return &p.shape })},
	{Name: "region-col", kinds: "regional", Usage: "long: column of the region (default: region)", set: textField(func(p *formValues) *string { return &p.long.RegionCol })},
	{Name: "industry-col", kinds: "regional", Usage: "column of the industry code (default: industry)", set: func(p *formValues, v string) error {
		p.long.IndustryCol, p.wide.IndustryCol = v, v
		return nil
	}},
	{Name: "value-col", kinds: "regional", Usage: "long: column of the value (default: value)", set: textField(func(p *formValues) *string { return &p.long.ValueCol })},
	{Name: "region-cols", kinds: "regional", Type: "list", Usage: "wide: comma-separated region columns (default: all but the industry column and --exclude)", set: listField(func(p *formValues) *[]string { return &p.wide.RegionCols })},
	{Name: "exclude", kinds: "regional", Type: "list", Default: "Total", Usage: "wide: comma-separated columns that are not regions", set: listField(func(p *formValues) *[]string { return &p.wide.Exclude })},

	{Name: "id-property", kinds: "regions-geo", Required: true, Usage: "feature property holding the region ID or name (required)", set: textField(func(p *formValues) *string { return &p.geo.IDProperty })},

	{Name: "concordance", kinds: "concord", Usage: "concordance table: old_code,new_code[,weight]", set: textField(func(p *formValues) *string { return &p.conc.Concordance })},
	{Name: "old-col", kinds: "concord", Usage: "concordance: column of the old code (default: the first)", set: textField(func(p *formValues) *string { return &p.conc.Table.OldCol })},
	{Name: "new-col", kinds: "concord", Usage: "concordance: column of the new code (default: the second)", set: textField(func(p *formValues) *string { return &p.conc.Table.NewCol })},
	{Name: "weight-col", kinds: "concord", Usage: `concordance: column of the weight (default: the third if any; "none": no weights)`, set: textField(func(p *formValues) *string { return &p.conc.Table.WeightCol })},
	{Name: "old-pad", kinds: "concord", Type: "int", Usage: "concordance: left-pad all-digit old codes to this width", set: whole("old_pad", func(p *formValues) *int { return &p.conc.Table.OldCodes.Pad })},
	{Name: "new-pad", kinds: "concord", Type: "int", Usage: "concordance: left-pad all-digit new codes to this width", set: whole("new_pad", func(p *formValues) *int { return &p.conc.Table.NewCodes.Pad })},
	{Name: "concordance-delimiter", kinds: "concord", Usage: `concordance: field delimiter ",", ";" or "tab" (default: detected)`, set: func(p *formValues, v string) (err error) {
		if p.conc.Table.CSV.Delimiter, err = ParseDelimiter(v); err != nil {
			return optionError("concordance_delimiter", v, `",", ";" or "tab"`)
		}
		return nil
	}},
	{Name: "split", kinds: "concord", Default: "error", Usage: "without weights, an old code with several new codes: error, equal or first", set: textField(func(p *formValues) *string { return &p.conc.Table.Split })},
	{Name: "tolerance", kinds: "concord", Type: "float", Default: "0.001", Usage: "how far the weights of an old code may sum from 1", set: float("tolerance", func(p *formValues) *float64 { return &p.conc.Table.Tolerance })},
	{Name: "unmapped", kinds: "concord", Default: "error", Usage: "codes of FILE not in the concordance: error, drop or keep (unchanged)", set: textField(func(p *formValues) *string { return &p.conc.Unmapped })},
}

func (f Field) takes(kind string) bool { return slices.Contains(strings.Fields(f.kinds), kind) }

// Fields returns the options a load of kind takes, in a stable order.
func Fields(kind string) []Field {
	var out []Field
	for _, f := range fields {
		if f.takes(kind) && !slices.ContainsFunc(out, func(g Field) bool { return g.Name == f.Name }) {
			out = append(out, f)
		}
	}
	return out
}

// FieldNames returns the names of Fields(kind), sorted.
func FieldNames(kind string) []string {
	var names []string
	for _, f := range Fields(kind) {
		names = append(names, f.Name)
	}
	slices.Sort(names)
	return names
}

// NewForm returns an empty form of one of FormKinds.
func NewForm(kind string) (*Form, error) {
	if !slices.Contains(FormKinds, kind) {
		return nil, optionError("ingest", kind, "one of "+strings.Join(FormKinds, ", "))
	}
	return &Form{kind: kind, text: map[string]string{}}, nil
}

// Kind returns the form's kind.
func (f *Form) Kind() string { return f.kind }

// Value returns the text of option name: the value given, else its default.
func (f *Form) Value(name string) string {
	if v, ok := f.text[name]; ok {
		return v
	}
	for _, fd := range Fields(f.kind) {
		if fd.Name == name {
			return fd.Default
		}
	}
	return ""
}

// Set gives option name its text value; Options parses it. It reports
// whether the kind takes the option.
func (f *Form) Set(name, value string) bool {
	if !slices.ContainsFunc(Fields(f.kind), func(g Field) bool { return g.Name == name }) {
		return false
	}
	f.text[name] = value
	return true
}

// Relatedness parses the relatedness options given.
func (f *Form) Relatedness() (RelatednessOptions, error) {
	p, err := f.parse()
	return p.rel, err
}

func (f *Form) parse() (*formValues, error) {
	p := &formValues{set: graphmodel.RegionalSet{Measure: graphmodel.MeasureEmployment}}
	for _, fd := range Fields(f.kind) {
		v, ok := f.text[fd.Name]
		if !ok {
			v = fd.Default
		}
		if err := fd.set(p, v); err != nil {
			return p, err
		}
	}
	p.csv.OnProgress, p.csv.MaxInputBytes = f.OnProgress, f.MaxInputBytes
	return p, nil
}

// Options parses the values given (a missing one takes its Default) and
// returns the typed options of the form's kind. A value that does not parse
// is an EINVALID error naming its option; the rest is checked by Load.
func (f *Form) Options() (Options, error) {
	p, err := f.parse()
	if err != nil {
		return nil, err
	}
	switch f.kind {
	case "industries":
		o := p.ind
		o.Classification, o.CSV, o.Codes = p.layer.Classification, p.csv, p.codes
		return o, nil
	case "links":
		o := p.links
		o.Layer, o.CSV, o.Codes, o.Unknown, o.Relatedness = p.layer, p.csv, p.codes, p.unk, p.rel
		return o, nil
	case "spells":
		o := p.spells
		o.Layer, o.CSV, o.Codes, o.Unknown, o.Relatedness = p.layer, p.csv, p.codes, p.unk, p.rel
		return o, nil
	case "patents":
		o := p.pats
		o.Layer, o.CSV, o.Codes, o.Unknown, o.Relatedness = p.layer, p.csv, p.codes, p.unk, p.rel
		return o, nil
	case "concord":
		o := p.conc
		o.Links = p.links
		o.Links.Layer, o.Links.CSV, o.Links.Codes, o.Links.Unknown, o.Links.Relatedness = p.layer, p.csv, p.codes, p.unk, p.rel
		return o, nil
	case "regional":
		p.set.Classification, p.set.Period = p.layer.Classification, p.layer.Period
		switch p.shape {
		case "long":
			o := p.long
			o.Set, o.CSV, o.Codes, o.Unknown = p.set, p.csv, p.codes, p.unk
			return o, nil
		case "wide":
			o := p.wide
			o.Set, o.CSV, o.Codes, o.Unknown = p.set, p.csv, p.codes, p.unk
			return o, nil
		}
		return nil, optionError("shape", p.shape, "long or wide")
	case "regions-geo":
		return p.geo, nil
	}
	return nil, optionError("ingest", f.kind, "a kind of load")
}
