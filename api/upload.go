package api

import (
	"sort"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest"
	"github.com/domainscope/domainscope/relatedness"
)

// uploadKinds are the kinds of file an upload can hold (form field
// "ingest"), as the CLI's 'domainscope ingest KIND'.
var uploadKinds = []string{"industries", "links", "spells", "patents", "regional", "regions-geo"}

// uploadForm gathers an upload's form fields into the typed ingest options
// of its kind. The fields and their defaults are those of the CLI's flags.
type uploadForm struct {
	kind   string
	shape  string
	csv    ingest.CSVOptions
	codes  ingest.CodeFormat
	unk    ingest.Unknown
	class  string
	layer  graphmodel.Layer
	rel    ingest.RelatednessOptions
	set    graphmodel.RegionalSet
	ind    ingest.IndustriesOptions
	links  ingest.LinksOptions
	spells ingest.SpellOptions
	pats   ingest.PatentOptions
	long   ingest.RegionalLongOptions
	wide   ingest.RegionalWideOptions
	geo    ingest.BoundariesOptions
}

// formField is one form field: the kinds that take it and how it sets the form.
type formField struct {
	kinds string // space-separated upload kinds, "" for all the CSV kinds
	set   func(f *uploadForm, name, v string) error
}

func fieldText(dst func(*uploadForm) *string) func(*uploadForm, string, string) error {
	return func(f *uploadForm, _, v string) error { *dst(f) = v; return nil }
}

func fieldList(dst func(*uploadForm) *[]string) func(*uploadForm, string, string) error {
	return func(f *uploadForm, _, v string) error { *dst(f) = ingest.SplitList(v); return nil }
}

func fieldInt(dst func(*uploadForm) *int) func(*uploadForm, string, string) error {
	return func(f *uploadForm, name, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil {
			return graphmodel.FieldErrorf(graphmodel.EINVALID, name, "field %s %q: expected a whole number", name, v)
		}
		*dst(f) = n
		return nil
	}
}

func fieldBool(dst func(*uploadForm) *bool) func(*uploadForm, string, string) error {
	return func(f *uploadForm, name, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return graphmodel.FieldErrorf(graphmodel.EINVALID, name, "field %s %q: expected true or false", name, v)
		}
		*dst(f) = b
		return nil
	}
}

const layerKinds = "links spells patents"

// formFields are the upload's option fields by name.
var formFields = map[string]formField{
	"classification": {"", fieldText(func(f *uploadForm) *string { return &f.class })},
	"delimiter": {"", func(f *uploadForm, _, v string) (err error) {
		f.csv.Delimiter, err = ingest.ParseDelimiter(v)
		return err
	}},
	"pad":        {"", fieldInt(func(f *uploadForm) *int { return &f.codes.Pad })},
	"keep-punct": {"", fieldBool(func(f *uploadForm) *bool { return &f.codes.KeepPunct })},
	"unknown":    {layerKinds + " regional", func(f *uploadForm, _, v string) error { f.unk = ingest.Unknown(v); return nil }},

	"code-col":    {"industries", fieldText(func(f *uploadForm) *string { return &f.ind.CodeCol })},
	"name-col":    {"industries", fieldText(func(f *uploadForm) *string { return &f.ind.NameCol })},
	"parent-col":  {"industries", fieldText(func(f *uploadForm) *string { return &f.ind.ParentCol })},
	"level-col":   {"industries", fieldText(func(f *uploadForm) *string { return &f.ind.LevelCol })},
	"levels":      {"industries", fieldList(func(f *uploadForm) *[]string { return &f.ind.Levels })},
	"level-names": {"industries", fieldList(func(f *uploadForm) *[]string { return &f.ind.LevelNames })},
	"empty-group": {"industries", fieldText(func(f *uploadForm) *string { return &f.ind.EmptyGroup })},
	"duplicates": {"industries links", func(f *uploadForm, _, v string) error {
		f.ind.Duplicates, f.links.Duplicates = v, v
		return nil
	}},

	"layer":  {layerKinds, fieldText(func(f *uploadForm) *string { return &f.layer.Name })},
	"period": {layerKinds + " regional", fieldText(func(f *uploadForm) *string { return &f.layer.Period })},
	"kind": {"links", func(f *uploadForm, _, v string) error {
		f.layer.Kind = graphmodel.LayerKind(v)
		return nil
	}},
	"method": {layerKinds, func(f *uploadForm, _, v string) error {
		f.rel.Method = relatedness.Method(v)
		return nil
	}},
	"diagonal":   {layerKinds, fieldBool(func(f *uploadForm) *bool { return &f.rel.Diagonal })},
	"symmetrise": {layerKinds, fieldText(func(f *uploadForm) *string { return &f.rel.Symmetrise })},
	"threshold": {layerKinds, func(f *uploadForm, _, v string) (err error) {
		f.rel.Threshold, err = ingest.ParseThreshold(v)
		return err
	}},
	"floor": {layerKinds, func(f *uploadForm, name, v string) (err error) {
		f.rel.Floor, err = ingest.ParseNumber(name, v)
		return err
	}},
	"shrink": {layerKinds, fieldText(func(f *uploadForm) *string { return &f.rel.Shrinkage })},
	"prior": {layerKinds, func(f *uploadForm, name, v string) (err error) {
		f.rel.Prior, err = ingest.ParseNumber(name, v)
		return err
	}},
	"alpha": {layerKinds, func(f *uploadForm, name, v string) (err error) {
		f.rel.Alpha, err = ingest.ParseNumber(name, v)
		return err
	}},
	"from-col":    {"links", fieldText(func(f *uploadForm) *string { return &f.links.FromCol })},
	"to-col":      {"links", fieldText(func(f *uploadForm) *string { return &f.links.ToCol })},
	"self-loops":  {"links", fieldText(func(f *uploadForm) *string { return &f.links.SelfLoops })},
	"from-period": {"spells", fieldText(func(f *uploadForm) *string { return &f.spells.FromPeriod })},
	"to-period":   {"spells", fieldText(func(f *uploadForm) *string { return &f.spells.ToPeriod })},
	"stayers":     {"spells", fieldBool(func(f *uploadForm) *bool { return &f.spells.Stayers })},
	"fractional":  {"patents", fieldBool(func(f *uploadForm) *bool { return &f.pats.Fractional })},

	"value-col": {"links regional", func(f *uploadForm, _, v string) error {
		f.links.ValueCol, f.long.ValueCol = v, v
		return nil
	}},
	"measure":    {"regional", func(f *uploadForm, _, v string) error { f.set.Measure = graphmodel.Measure(v); return nil }},
	"shape":      {"regional", fieldText(func(f *uploadForm) *string { return &f.shape })},
	"region-col": {"regional", fieldText(func(f *uploadForm) *string { return &f.long.RegionCol })},
	"industry-col": {"regional", func(f *uploadForm, _, v string) error {
		f.long.IndustryCol, f.wide.IndustryCol = v, v
		return nil
	}},
	"region-cols": {"regional", fieldList(func(f *uploadForm) *[]string { return &f.wide.RegionCols })},
	"exclude":     {"regional", fieldList(func(f *uploadForm) *[]string { return &f.wide.Exclude })},

	"id-property": {"regions-geo", fieldText(func(f *uploadForm) *string { return &f.geo.IDProperty })},
}

// takes reports whether an upload of kind has the field.
func (ff formField) takes(kind string) bool {
	if ff.kinds == "" {
		return kind != "regions-geo" // GeoJSON, not CSV
	}
	return strings.Contains(" "+ff.kinds+" ", " "+kind+" ")
}

// fieldsOf lists the option fields of an upload kind, sorted.
func fieldsOf(kind string) []string {
	var names []string
	for name, ff := range formFields {
		if ff.takes(kind) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// UploadExpansion bounds the CSV text of an upload: at most this many times
// the body limit (Config.MaxBodyBytes) after gzip decompression, so that a
// small gzip bomb is refused (413) once it has expanded that far.
const UploadExpansion = 16

// uploadOptions maps the option fields of an upload of kind to its typed
// ingest options. Defaults are those of the CLI's flags; maxInput is the
// most CSV text read (ingest.CSVOptions.MaxInputBytes).
func uploadOptions(kind string, fields map[string]string, maxInput int64) (ingest.Options, error) {
	f := &uploadForm{kind: kind, shape: "long", layer: graphmodel.Layer{Kind: graphmodel.KindFlows},
		set: graphmodel.RegionalSet{Measure: graphmodel.MeasureEmployment}}
	f.csv.MaxInputBytes = maxInput
	f.wide.Exclude = []string{"Total"}
	if kind != "links" {
		f.layer.Kind = ""
	}
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		ff, ok := formFields[name]
		if !ok || !ff.takes(kind) {
			return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, name, "field %s is not a field of ingest %s: expected one of %s",
				name, kind, strings.Join(fieldsOf(kind), ", "))
		}
		if err := ff.set(f, name, fields[name]); err != nil {
			return nil, err
		}
	}
	f.layer.Classification = f.class
	switch kind {
	case "industries":
		o := f.ind
		o.Classification, o.CSV, o.Codes = f.class, f.csv, f.codes
		return o, nil
	case "links":
		o := f.links
		o.Layer, o.CSV, o.Codes, o.Unknown, o.Relatedness = f.layer, f.csv, f.codes, f.unk, f.rel
		return o, nil
	case "spells":
		o := f.spells
		o.Layer, o.CSV, o.Codes, o.Unknown, o.Relatedness = f.layer, f.csv, f.codes, f.unk, f.rel
		return o, nil
	case "patents":
		o := f.pats
		o.Layer, o.CSV, o.Codes, o.Unknown, o.Relatedness = f.layer, f.csv, f.codes, f.unk, f.rel
		return o, nil
	case "regional":
		f.set.Classification, f.set.Period = f.class, f.layer.Period
		switch f.shape {
		case "long":
			o := f.long
			o.Set, o.CSV, o.Codes, o.Unknown = f.set, f.csv, f.codes, f.unk
			return o, nil
		case "wide":
			o := f.wide
			o.Set, o.CSV, o.Codes, o.Unknown = f.set, f.csv, f.codes, f.unk
			return o, nil
		}
		return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "shape", "field shape %q: expected long or wide", f.shape)
	case "regions-geo":
		return f.geo, nil
	}
	return nil, graphmodel.FieldErrorf(graphmodel.EINVALID, "ingest", "field ingest %q: expected one of %s", kind, strings.Join(uploadKinds, ", "))
}

// formWording words ingest's options as the upload's form fields.
type formWording struct{}

func formName(field string) string { return strings.ReplaceAll(field, "_", "-") }

func (formWording) Name(field string) string { return "field " + formName(field) }
func (formWording) Fix(field, values string) string {
	return "set field " + formName(field) + " to " + values
}
