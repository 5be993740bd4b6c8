package ingest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
)

// ConcordOptions configure ReadConcorded and Load of a counts layer given in
// an old classification and mapped through a concordance table.
type ConcordOptions struct {
	// Links reads the links file: Layer.Classification is the new
	// classification, Codes normalises the old codes. Unknown and Known
	// apply to the new codes after mapping; Relatedness is used by Load.
	Links LinksOptions
	// Concordance is the path of the table old_code,new_code[,weight], read
	// with Table.
	Concordance string
	Table       ConcordanceOptions
	// Unmapped is the policy for codes of the links file that the
	// concordance does not list: "error" (default), "drop" or "keep".
	Unmapped string
}

// ReadConcorded reads a links file of counts whose codes belong to an old
// classification and maps it to the new one through the concordance (see
// Concordance.MapLinks). With a non-nil Links.Known the new codes are checked
// under Links.Unknown. The provenance options name the concordance and count
// the links before and after ("concordance_links_in", "concordance_links_out")
// and the split ones.
func ReadConcorded(path string, opt ConcordOptions) (graphmodel.LayerLoad, MapReport, error) {
	if strings.TrimSpace(opt.Concordance) == "" {
		return graphmodel.LayerLoad{}, MapReport{}, optionError("concordance", "", "the concordance table (old_code,new_code[,weight])")
	}
	if k := opt.Links.Layer.Kind; k != "" && !k.HasCounts() {
		return graphmodel.LayerLoad{}, MapReport{}, optionError("kind", string(k),
			"flows or co-occurrence: only counts can be mapped through a concordance; relatedness values are not additive")
	}
	unknown, err := opt.Links.Unknown.check()
	if err != nil {
		return graphmodel.LayerLoad{}, MapReport{}, err
	}
	if _, err := checkUnmapped(opt.Unmapped); err != nil {
		return graphmodel.LayerLoad{}, MapReport{}, err
	}
	c, err := ReadConcordance(opt.Concordance, opt.Table)
	if err != nil {
		return graphmodel.LayerLoad{}, MapReport{}, err
	}
	lo := opt.Links
	lo.Known, lo.Unknown = nil, "" // the old codes are checked by the concordance
	load, err := ReadLinks(path, lo)
	if err != nil {
		return load, MapReport{}, err
	}
	links, rep, err := c.MapLinks(load.Links, load.Layer.Directed, opt.Unmapped)
	if err != nil {
		return load, rep, err
	}
	load.Links, load.AddIndustries = links, nil
	if opt.Links.Known != nil {
		if load, err = checkMapped(load, c, opt.Links.Known, unknown); err != nil {
			return load, rep, err
		}
	}
	o := load.Provenance.Options
	o["concordance"] = c.Provenance.Source
	o["concordance_sha256"] = c.Provenance.SHA256
	o["concordance_links_in"] = strconv.Itoa(rep.In)
	o["concordance_links_out"] = strconv.Itoa(rep.Out)
	o["concordance_split_links"] = strconv.Itoa(rep.Split)
	o["unmapped"] = opt.Unmapped
	if opt.Unmapped == "" {
		o["unmapped"] = UnmappedError
	}
	if len(rep.Unmapped) > 0 {
		var codes []string
		for _, u := range rep.Unmapped {
			codes = append(codes, u.Code)
		}
		o["unmapped_codes"] = strings.Join(codes, ",")
	}
	return load, rep, nil
}

// checkMapped applies the unknown-code policy to the new codes of mapped links.
func checkMapped(load graphmodel.LayerLoad, c Concordance, known Known, unknown Unknown) (graphmodel.LayerLoad, error) {
	missing := map[string]bool{}
	for _, l := range load.Links {
		for _, code := range []string{l.From, l.To} {
			if !known[code] {
				missing[code] = true
			}
		}
	}
	if len(missing) == 0 {
		return load, nil
	}
	codes := make([]string, 0, len(missing))
	for code := range missing {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	switch unknown {
	case UnknownCreate:
		for _, code := range codes {
			load.AddIndustries = append(load.AddIndustries, graphmodel.Industry{Classification: load.Layer.Classification, Code: code, Name: code})
		}
		load.Provenance.Options["created_industries"] = strconv.Itoa(len(codes))
	case UnknownSkip:
		kept := load.Links[:0]
		for _, l := range load.Links {
			if !missing[l.From] && !missing[l.To] {
				kept = append(kept, l)
			}
		}
		load.Provenance.Options["skipped_rows"] = strconv.Itoa(len(load.Links) - len(kept))
		load.Provenance.Options["skipped_codes"] = strings.Join(codes, ",")
		load.Links = kept
	default:
		shown := codes[:min(10, len(codes))]
		return load, fixable(fmt.Sprintf("concordance %s maps to %d code(s) that are not in classification %s: %s",
			c.Provenance.Source, len(codes), load.Layer.Classification, strings.Join(shown, ", ")),
			"load the classification first", Fix{Field: "unknown", Values: "create or skip"})
	}
	return load, nil
}
