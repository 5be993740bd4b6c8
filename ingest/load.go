package ingest

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/relatedness"
)

// Loader is the part of a store that Load needs: the three all-or-nothing
// loads and the codes already stored (for the Unknown policy).
type Loader interface {
	graphmodel.Loader
	Industries(ctx context.Context, classification string) ([]graphmodel.Industry, error)
}

// Options say what a file holds and how to read it: one of
// IndustriesOptions, LinksOptions, SpellOptions, PatentOptions,
// RegionalLongOptions, RegionalWideOptions, ConcordOptions or
// BoundariesOptions (a GeoJSON file, not CSV).
type Options interface {
	load(ctx context.Context, l Loader, path string) (graphmodel.Dataset, error)
}

// Load is the ingest pipeline that the CLI's ingest commands, the API's
// uploads and the demo share: it checks the options, reads the file at path
// (the codes of the options' classification already in l make up Known; a
// Known given in the options is ignored), computes relatedness for a layer
// of counts (see RelatednessOptions) and loads the result into l in one
// all-or-nothing load. It returns the new dataset.
//
// Every problem of the options or the file is EINVALID and loads nothing;
// option errors carry graphmodel.Error.Field, and Reword words them for a
// CLI or an API.
func Load(ctx context.Context, l Loader, path string, opt Options) (graphmodel.Dataset, error) {
	if opt == nil {
		return graphmodel.Dataset{}, graphmodel.Errorf(graphmodel.EINVALID, "nothing to load: no options say what %s holds", path)
	}
	return opt.load(ctx, l, path)
}

func (o IndustriesOptions) load(ctx context.Context, l Loader, path string) (graphmodel.Dataset, error) {
	load, err := ReadIndustries(path, o)
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	return l.LoadIndustries(ctx, load)
}

// loadCountsLayer prepares a counts layer (the classification's known codes
// into *known), reads its file with read, then computes relatedness and loads
// it: the common path of links, spells and patents.
func loadCountsLayer(ctx context.Context, l Loader, layer graphmodel.Layer, rel RelatednessOptions, known *Known, read func() (graphmodel.LayerLoad, error)) (graphmodel.Dataset, error) {
	var err error
	if *known, err = prepareLayer(ctx, l, layer, rel); err != nil {
		return graphmodel.Dataset{}, err
	}
	load, err := read()
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	return loadLayer(ctx, l, load, rel)
}

func (o LinksOptions) load(ctx context.Context, l Loader, path string) (graphmodel.Dataset, error) {
	if err := checkLinksOptions(&o); err != nil {
		return graphmodel.Dataset{}, err
	}
	return loadCountsLayer(ctx, l, o.Layer, o.Relatedness, &o.Known, func() (graphmodel.LayerLoad, error) { return ReadLinks(path, o) })
}

func (o SpellOptions) load(ctx context.Context, l Loader, path string) (graphmodel.Dataset, error) {
	if err := checkSpellOptions(&o); err != nil {
		return graphmodel.Dataset{}, err
	}
	return loadCountsLayer(ctx, l, o.Layer, o.Relatedness, &o.Known, func() (graphmodel.LayerLoad, error) { return ReadSpells(path, o) })
}

func (o PatentOptions) load(ctx context.Context, l Loader, path string) (graphmodel.Dataset, error) {
	if err := checkPatentOptions(&o); err != nil {
		return graphmodel.Dataset{}, err
	}
	return loadCountsLayer(ctx, l, o.Layer, o.Relatedness, &o.Known, func() (graphmodel.LayerLoad, error) { return ReadPatents(path, o) })
}

func (o RegionalLongOptions) load(ctx context.Context, l Loader, path string) (graphmodel.Dataset, error) {
	return loadRegional(ctx, l, o.Set, &o.Duplicates, &o.Unknown, &o.Known, func() (graphmodel.RegionalLoad, error) { return ReadRegionalLong(path, o) })
}

func (o RegionalWideOptions) load(ctx context.Context, l Loader, path string) (graphmodel.Dataset, error) {
	return loadRegional(ctx, l, o.Set, &o.Duplicates, &o.Unknown, &o.Known, func() (graphmodel.RegionalLoad, error) { return ReadRegionalWide(path, o) })
}

// loadRegional checks a regional set and its options, sets the known codes
// of its classification, then reads and loads it.
func loadRegional(ctx context.Context, l Loader, set graphmodel.RegionalSet, dups *string, unknown *Unknown, knownCodes *Known, read func() (graphmodel.RegionalLoad, error)) (graphmodel.Dataset, error) {
	if err := checkSet(set); err != nil {
		return graphmodel.Dataset{}, err
	}
	if err := checkRegional(set, dups, unknown); err != nil {
		return graphmodel.Dataset{}, err
	}
	var err error
	if *knownCodes, err = known(ctx, l, set.Classification); err != nil {
		return graphmodel.Dataset{}, err
	}
	load, err := read()
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	return l.LoadRegional(ctx, load)
}

func (o ConcordOptions) load(ctx context.Context, l Loader, path string) (graphmodel.Dataset, error) {
	var err error
	if o.Links.Known, err = prepareLayer(ctx, l, o.Links.Layer, o.Links.Relatedness); err != nil {
		return graphmodel.Dataset{}, err
	}
	load, _, err := ReadConcorded(path, o)
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	return loadLayer(ctx, l, load, o.Links.Relatedness)
}

// prepareLayer checks the layer's names and relatedness options (before
// the file is read) and returns the codes already stored.
func prepareLayer(ctx context.Context, l Loader, layer graphmodel.Layer, rel RelatednessOptions) (Known, error) {
	if err := checkLayer(layer); err != nil {
		return nil, err
	}
	if _, err := rel.options(layer.Kind); err != nil {
		return nil, err
	}
	return known(ctx, l, layer.Classification)
}

// known returns the codes already stored for a classification (empty, not
// nil, when it is new).
func known(ctx context.Context, l Loader, classification string) (Known, error) {
	inds, err := l.Industries(ctx, classification)
	if graphmodel.ErrorCode(err) == graphmodel.ENOTFOUND {
		return Known{}, nil
	}
	if err != nil {
		return nil, err
	}
	k := make(Known, len(inds))
	for _, in := range inds {
		k[in.Code] = true
	}
	return k, nil
}

// checkLayer checks the names of a layer that Load is to create.
func checkLayer(l graphmodel.Layer) error {
	if strings.TrimSpace(l.Classification) == "" {
		return optionError("classification", l.Classification, "the classification of the codes, e.g. SIC2007, NACE2")
	}
	if l.Name == "" || strings.ContainsAny(l.Name, "@/ ") {
		return optionError("layer", l.Name, "a layer name without '@', '/' or spaces, e.g. labour")
	}
	if strings.TrimSpace(l.Period) == "" {
		return optionError("period", l.Period, "the period of the layer, e.g. 2009-2018")
	}
	if _, err := graphmodel.ParseLayerKind(string(l.Kind)); err != nil && l.Kind != "" {
		return optionError("kind", string(l.Kind), "flows, co-occurrence or relatedness")
	}
	return nil
}

// checkSet checks the names of a set of regional values that Load is to create.
func checkSet(s graphmodel.RegionalSet) error {
	if strings.TrimSpace(s.Classification) == "" {
		return optionError("classification", s.Classification, "the classification of the codes, e.g. SIC2007, NACE2")
	}
	if strings.TrimSpace(s.Period) == "" {
		return optionError("period", s.Period, "the period of the values, e.g. 2015")
	}
	if _, err := graphmodel.ParseMeasure(string(s.Measure)); err != nil {
		return optionError("measure", string(s.Measure), "employment, patents or publications")
	}
	return nil
}

// RelatednessOptions say how Load turns the counts of a layer (flows,
// co-occurrence) into relatedness values with relatedness.Compute, and the
// evidence every link keeps (relatedness.LinkEvidence: the Poisson p-value
// of its count given the margins and its Benjamini–Hochberg q-value over
// every pair the layer could link). A layer of given relatedness values keeps
// its values (method "given") and has no evidence.
type RelatednessOptions struct {
	// Method is one of relatedness's methods; "" is the kind's default
	// (ratio for flows, association for co-occurrence). knowledgeflows
	// (flows only) reproduces the Knowledge Flows project's published UK
	// values and needs Floor.
	Method relatedness.Method
	// Diagonal includes within-industry counts in the totals.
	Diagonal bool
	// Symmetrise is for ratio on flows: "mean" (the default, also "") or "none".
	Symmetrise string
	// Threshold, when set, replaces the method's threshold: a link is
	// related when its value is above it.
	Threshold *float64
	// Floor is the disclosure floor of the counts (10 for the UK flows):
	// counts below it were not released, so an absent pair is censored to
	// [0, Floor), not 0. 0 (default): no floor. Must be finite and >= 0.
	Floor float64
	// Shrinkage is "" or "none" (default: the raw ratio) or
	// "gamma-poisson" (ratio and association: the empirical-Bayes posterior
	// mean of the ratio, relatedness.FitGammaPrior).
	Shrinkage string
	// Prior is gamma-poisson's prior strength a; 0 fits it to the data.
	Prior float64
	// Alpha, when > 0, keeps only the links whose q-value is at most Alpha
	// (Benjamini–Hochberg false discovery rate); it must be in (0, 1).
	Alpha float64
}

// ParseThreshold reads a threshold given as text: nil for "", else a finite number.
func ParseThreshold(s string) (*float64, error) {
	if s == "" {
		return nil, nil
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return nil, optionError("threshold", s, "a number")
	}
	return &v, nil
}

// ParseNumber reads the number of option field given as text: 0 for "",
// else a finite number (its range is checked with the other options).
func ParseNumber(field, s string) (float64, error) {
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, optionError(field, s, "a number")
	}
	return v, nil
}

// choice returns option v when it is one of values, values[0] (the default)
// when v is empty, and an option error listing values ("a, b or c")
// otherwise.
func choice[S ~string](field string, v S, values ...S) (S, error) {
	if v == "" {
		return values[0], nil
	}
	if slices.Contains(values, v) {
		return v, nil
	}
	list := string(values[0])
	for i, x := range values[1:] {
		if i == len(values)-2 {
			list += " or "
		} else {
			list += ", "
		}
		list += string(x)
	}
	return "", optionError(field, string(v), list)
}

// pick sets *v to choice(field, *v, values...); on error *v is unchanged.
func pick[S ~string](field string, v *S, values ...S) error {
	c, err := choice(field, *v, values...)
	if err != nil {
		return err
	}
	*v = c
	return nil
}

// fmtNumber formats an option number for errors and the provenance.
func fmtNumber(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// options checks o and returns the relatedness options for a layer kind.
func (o RelatednessOptions) options(kind graphmodel.LayerKind) (relatedness.Options, error) {
	opt := relatedness.Default(relatedness.Kind(kind))
	if o.Method != "" {
		m, err := relatedness.ParseMethod(string(o.Method))
		if err != nil {
			return opt, optionError("method", string(o.Method), "one of ratio, association, cosine, jaccard, proximity, knowledgeflows")
		}
		opt.Method = m
	}
	opt.Diagonal = o.Diagonal
	var err error
	if opt.Symmetrise, err = choice("symmetrise", o.Symmetrise, relatedness.SymmetriseMean, relatedness.SymmetriseNone); err != nil {
		return opt, err
	}
	if math.IsNaN(o.Floor) || math.IsInf(o.Floor, 0) || o.Floor < 0 {
		return opt, optionError("floor", fmtNumber(o.Floor), "the disclosure floor of the counts, a number >= 0 (10 for the UK flows; 0: none)")
	}
	opt.Floor = o.Floor
	if !(o.Alpha == 0 || o.Alpha > 0 && o.Alpha < 1) {
		return opt, optionError("alpha", fmtNumber(o.Alpha), "a false discovery rate in (0, 1), e.g. 0.05 (0: keep every link)")
	}
	opt.Alpha = o.Alpha
	if opt.Shrinkage, err = choice("shrink", o.Shrinkage, relatedness.ShrinkNone, relatedness.ShrinkGammaPoisson); err != nil {
		return opt, err
	}
	if math.IsNaN(o.Prior) || math.IsInf(o.Prior, 0) || o.Prior < 0 {
		return opt, optionError("prior", fmtNumber(o.Prior), "the gamma-poisson prior strength a, a number >= 0 (0: fitted to the data)")
	}
	if o.Prior > 0 && opt.Shrinkage != relatedness.ShrinkGammaPoisson {
		return opt, optionError("prior", fmtNumber(o.Prior), "no prior without shrink gamma-poisson")
	}
	opt.Prior = o.Prior
	switch {
	case !kind.HasCounts():
		return opt, nil
	case opt.Method == relatedness.MethodKnowledgeFlows && kind != graphmodel.KindFlows:
		return opt, optionError("method", string(opt.Method), "a method for "+string(kind)+" counts: knowledgeflows applies to flows")
	case opt.Method == relatedness.MethodKnowledgeFlows && opt.Floor <= 0:
		return opt, optionError("floor", fmtNumber(opt.Floor), "the disclosure floor with method knowledgeflows, which imputes missing reverse flows at it (10 for the UK flows)")
	case opt.Shrinkage == relatedness.ShrinkGammaPoisson && opt.Method != relatedness.MethodRatio && opt.Method != relatedness.MethodAssociation:
		return opt, optionError("shrink", opt.Shrinkage, "none: gamma-poisson shrinks the ratio and association methods, not "+string(opt.Method))
	}
	if opt.Method == relatedness.MethodKnowledgeFlows {
		// One value per direction with the diagonal in the totals.
		opt.Symmetrise, opt.Diagonal = relatedness.SymmetriseNone, true
	}
	return opt, nil
}

// ApplyRelatedness computes the relatedness values of a counts layer with
// Relatedness and gives every link its evidence (PValue, QValue; the layer's
// Evidence), keeping only the links with q <= Alpha when Alpha > 0; a
// relatedness layer keeps its given values (method "given"). Every option is
// recorded in the provenance: method, diagonal, symmetrise, threshold, floor,
// shrink, prior (the a used, and prior_source "fitted" or "given"), alpha and
// tests (the m of the Benjamini–Hochberg adjustment).
func ApplyRelatedness(load graphmodel.LayerLoad, o RelatednessOptions) (graphmodel.LayerLoad, error) {
	if load.Provenance.Options == nil {
		load.Provenance.Options = map[string]string{}
	}
	po := load.Provenance.Options
	if !load.Layer.Kind.HasCounts() {
		load.Layer.Method = "given"
		load.Layer.Threshold = 0
		if o.Threshold != nil {
			load.Layer.Threshold = *o.Threshold
		}
		po["threshold"] = fmtThreshold(load.Layer.Threshold)
		return load, nil
	}
	opt, err := o.options(load.Layer.Kind)
	if err != nil {
		return load, err
	}
	kind := relatedness.Kind(load.Layer.Kind)
	in := make([]relatedness.Link, len(load.Links))
	for i, l := range load.Links {
		in[i] = relatedness.Link{From: l.From, To: l.To, Count: l.Count, Value: l.Value}
	}
	all := opt // every link; the significance filter is applied below, with the evidence
	all.Alpha = 0
	source := "given"
	if all.Shrinkage == relatedness.ShrinkGammaPoisson && all.Prior == 0 {
		if all.Prior, err = relatedness.ShrinkagePrior(kind, in, all); err != nil {
			return load, err
		}
		source = "fitted"
	}
	out, directed, threshold, err := relatedness.Compute(kind, in, all)
	if err != nil {
		return load, err
	}
	ev, err := relatedness.LinkEvidence(kind, in, all)
	if err != nil {
		return load, err
	}
	links := make([]graphmodel.Link, 0, len(out))
	for k, l := range out {
		e := ev[k]
		if e.From != l.From || e.To != l.To {
			return load, graphmodel.Errorf(graphmodel.EINTERNAL, "relatedness: evidence %d is for %s→%s, link %d is %s→%s", k, e.From, e.To, k, l.From, l.To)
		}
		if opt.Alpha > 0 && e.QValue > opt.Alpha {
			continue
		}
		links = append(links, graphmodel.Link{From: l.From, To: l.To, Count: l.Count, Value: l.Value, PValue: e.PValue, QValue: e.QValue})
	}
	load.Links = links
	load.Layer.Directed = directed
	load.Layer.Method = string(opt.Method)
	load.Layer.Evidence = true
	load.Layer.Threshold = threshold
	if o.Threshold != nil {
		load.Layer.Threshold = *o.Threshold
	}
	po["method"] = string(opt.Method)
	po["diagonal"] = strconv.FormatBool(opt.Diagonal)
	po["symmetrise"] = opt.Symmetrise
	po["threshold"] = fmtThreshold(load.Layer.Threshold)
	po["floor"] = fmtNumber(opt.Floor)
	po["shrink"] = opt.Shrinkage
	delete(po, "prior")
	delete(po, "prior_source")
	if opt.Shrinkage == relatedness.ShrinkGammaPoisson {
		po["prior"] = fmt.Sprintf("%.4g", all.Prior)
		po["prior_source"] = source
	}
	po["alpha"] = fmtNumber(opt.Alpha)
	if len(ev) > 0 {
		po["tests"] = strconv.Itoa(ev[0].Tests)
	}
	return load, nil
}

// fmtThreshold formats a threshold for the provenance (4 significant digits).
func fmtThreshold(v float64) string { return fmt.Sprintf("%.4g", v) }

// loadLayer computes relatedness and loads the layer.
func loadLayer(ctx context.Context, l interface {
	LoadLayer(context.Context, graphmodel.LayerLoad) (graphmodel.Dataset, error)
}, load graphmodel.LayerLoad, o RelatednessOptions) (graphmodel.Dataset, error) {
	load, err := ApplyRelatedness(load, o)
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	return l.LoadLayer(ctx, load)
}

// ParseDelimiter reads a delimiter given as text: "" (detect it), ",", ";"
// or "tab" (also "\t").
func ParseDelimiter(s string) (rune, error) {
	switch s {
	case "":
		return 0, nil
	case ",", ";":
		return rune(s[0]), nil
	case "tab", "\\t", "\t":
		return '\t', nil
	}
	return 0, optionError("delimiter", s, `",", ";" or "tab"`)
}

// Recomputer is what Recompute needs of a store: a layer, its counts and
// provenance, and the load that replaces it.
type Recomputer interface {
	Layer(ctx context.Context, name, period string) (graphmodel.Layer, error)
	Links(ctx context.Context, name, period string, fn func(graphmodel.Link) error) error
	Datasets(ctx context.Context) ([]graphmodel.Dataset, error)
	LoadLayer(ctx context.Context, l graphmodel.LayerLoad) (graphmodel.Dataset, error)
}

// Recompute computes the relatedness of a stored counts layer again with o
// (ApplyRelatedness) and loads it in its place, keeping its counts and the
// provenance of its file; period "" is the layer's latest. A layer of given
// values, of flows stored merged over both directions (a method that is
// not ratio), or loaded with knowledgeflows or a significance filter is
// EINVALID: its stored counts are not the file's.
func Recompute(ctx context.Context, st Recomputer, name, period string, o RelatednessOptions) (graphmodel.Dataset, error) {
	l, err := st.Layer(ctx, name, period)
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	if !l.Kind.HasCounts() {
		return graphmodel.Dataset{}, graphmodel.Errorf(graphmodel.EINVALID, "layer %s holds given relatedness values, not counts: nothing to recompute", l.Key())
	}
	if l.Kind == graphmodel.KindFlows && !l.Directed {
		return graphmodel.Dataset{}, graphmodel.Errorf(graphmodel.EINVALID,
			"layer %s stores flows merged over both directions (method %s): load it again from its file to change the method", l.Key(), l.Method)
	}
	if _, err := o.options(l.Kind); err != nil {
		return graphmodel.Dataset{}, err
	}
	var links []graphmodel.Link
	err = st.Links(ctx, l.Name, l.Period, func(k graphmodel.Link) error {
		links = append(links, graphmodel.Link{From: k.From, To: k.To, Count: k.Count})
		return nil
	})
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	dss, err := st.Datasets(ctx)
	if err != nil {
		return graphmodel.Dataset{}, err
	}
	load := graphmodel.LayerLoad{Layer: l, Links: links}
	for _, d := range dss {
		if d.ID == l.Dataset {
			load.Provenance = d.Provenance
		}
	}
	// Imputed reverse flows (knowledgeflows) and links dropped by the
	// significance filter are not the file's counts.
	if po := load.Provenance.Options; po["method"] == string(relatedness.MethodKnowledgeFlows) || po["alpha"] != "" && po["alpha"] != "0" {
		return graphmodel.Dataset{}, graphmodel.Errorf(graphmodel.EINVALID,
			"layer %s was loaded with method %s and alpha %s: its stored counts are not the file's (imputed reverse flows or links dropped as not significant); load it again from its file",
			l.Key(), po["method"], po["alpha"])
	}
	load.Layer.Directed = l.Kind.Directed()
	return loadLayer(ctx, st, load, o)
}
