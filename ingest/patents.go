package ingest

import (
	"slices"
	"strconv"

	"github.com/domainscope/domainscope/graphmodel"
)

// PatentOptions configure ReadPatents.
type PatentOptions struct {
	// Layer describes the layer; the caller sets Name, Period and
	// Classification. Kind must be co-occurrence (set when empty).
	Layer graphmodel.Layer
	CSV   CSVOptions
	Codes CodeFormat
	// PatentCol and IndustryCol name the columns; empty means columns 1 and 2.
	PatentCol, IndustryCol string
	// Fractional selects fractional counting: a patent with k >= 2 distinct
	// industries adds 2/(k(k-1)) to each of its k(k-1)/2 pairs, so every
	// patent contributes 1 in total. This is the per-document normalisation
	// of fractional counting discussed by Perianes-Rodriguez, Waltman & van
	// Eck (2016), "Constructing bibliometric networks: A comparison between
	// full and fractional counting", J. Informetrics 10(4), 1178-1195 (their
	// co-authorship variant instead weights a pair 1/(k-1), giving each
	// industry, not each patent, a total of 1). Full counting (the default)
	// adds 1 to each pair.
	Fractional bool
	Unknown    Unknown // a row with an unknown industry is dropped under "skip"
	Known      Known
	// OnSkipped, if set, is called after a successful read with the codes
	// dropped under Unknown "skip".
	OnSkipped func([]Skip)
	// Relatedness says how Load computes relatedness; the Read functions
	// ignore it.
	Relatedness RelatednessOptions

	mode aggMode // tests: force a mode
}

// ReadPatents builds an undirected co-occurrence layer from patent records,
// one "patent_id,industry" row per patent and industry. Each pair of distinct
// industries of a patent counts (see Fractional); a patent with one industry
// contributes nothing and a repeated (patent, industry) row counts once.
// Links have From < To and Link.Count is the (possibly fractional) count.
// Rows may be in any order; like ReadSpells the file is streamed when it is
// grouped by patent and read again keeping 12 bytes per row when it is not.
func ReadPatents(path string, opt PatentOptions) (graphmodel.LayerLoad, error) {
	if err := checkPatentOptions(&opt); err != nil {
		return graphmodel.LayerLoad{}, err
	}
	return readRaw(fileInput(path, opt.CSV), opt.mode, func(src *source, mode aggMode) (graphmodel.LayerLoad, error) {
		return aggregatePatents(src, opt, mode)
	})
}

func checkPatentOptions(opt *PatentOptions) error {
	return checkRecordOptions(&opt.Layer, &opt.Unknown, graphmodel.KindCoOccurrence, "co-occurrence: patent records give a co-occurrence layer")
}

type patentAgg struct {
	fractional bool
	counts     pairCounts
	patents    int64
	multi      int64 // patents with at least two industries
}

// patent aggregates the industries of one patent (ids, any order, repeats allowed).
func (a *patentAgg) patent(inds []int32) {
	a.patents++
	if len(inds) < 2 {
		return
	}
	slices.Sort(inds)
	inds = slices.Compact(inds)
	k := len(inds)
	if k < 2 {
		return
	}
	a.multi++
	w := 1.0
	if a.fractional {
		w = 2 / (float64(k) * float64(k-1))
	}
	for i := 0; i < k; i++ {
		for j := i + 1; j < k; j++ {
			a.counts.add(inds[i], inds[j], w)
		}
	}
}

func aggregatePatents(src *source, opt PatentOptions, mode aggMode) (graphmodel.LayerLoad, error) {
	pc, err := src.colOrPos(opt.PatentCol, 0, "patent ID")
	if err != nil {
		return graphmodel.LayerLoad{}, err
	}
	ic, err := src.colOrPos(opt.IndustryCol, 1, "industry")
	if err != nil {
		return graphmodel.LayerLoad{}, err
	}
	codes := newCodeTable(src.in.name, opt.Layer.Classification, opt.Codes, opt.Unknown, opt.Known)
	a := &patentAgg{fractional: opt.Fractional}
	groups := newGrouper(mode)
	var buf, kept []int32 // grouped: the patent in flight; ungrouped: every kept row
	err = src.each(func(rec [][]byte) error {
		p := trimSpace(rec[pc])
		if len(p) == 0 {
			return src.errAt(pc, rec[pc], "a patent ID")
		}
		group, ended, err := groups.next(p)
		if err != nil {
			return err
		}
		if ended {
			a.patent(buf)
			buf = buf[:0]
		}
		ind, ok, err := codes.lookup(rec[ic], src.line(), src.header[ic])
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		a.counts.reserve(len(codes.codes))
		if mode == modeGrouped {
			buf = append(buf, ind)
		} else {
			groups.keep(group)
			kept = append(kept, ind)
		}
		return nil
	})
	if err != nil {
		return graphmodel.LayerLoad{}, err
	}
	if mode == modeGrouped && groups.pending() {
		a.patent(buf)
	}
	if mode != modeGrouped {
		groups.each(func(rows []uint32) {
			buf = buf[:0]
			for _, i := range rows {
				buf = append(buf, kept[i])
			}
			a.patent(buf)
		})
	}
	links, total := pairLinks(&a.counts, codes.codes, false)
	o := src.options()
	opt.Codes.options(o)
	o["patent_col"], o["industry_col"] = src.header[pc], src.header[ic]
	o["counting"] = "full"
	if opt.Fractional {
		o["counting"] = "fractional"
	}
	o["input_order"] = "grouped by patent"
	if mode == modeUngrouped {
		o["input_order"] = "ungrouped"
	}
	o["patents"] = strconv.FormatInt(a.patents, 10)
	o["patents_with_pairs"] = strconv.FormatInt(a.multi, 10)
	o["total_count"] = strconv.FormatFloat(total, 'g', -1, 64)
	codes.report(o)
	prov, err := src.provenance(o)
	if err != nil {
		return graphmodel.LayerLoad{}, err
	}
	if opt.OnSkipped != nil && len(codes.skipCodes) > 0 {
		opt.OnSkipped(codes.skipped())
	}
	return graphmodel.LayerLoad{Provenance: prov, Layer: opt.Layer, Links: links, AddIndustries: codes.addIndustries()}, nil
}
