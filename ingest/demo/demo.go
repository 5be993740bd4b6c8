// Package demo writes SYNTHETIC demo data: CSV files in the plain formats
// that package ingest reads, generated deterministically from a seed. Only
// the industry structure (NACE Rev. 2 sections and divisions) is real.
//
// The generating model:
//
//   - Regions: 36 invented regions, each with 2015 employment by division
//     drawn around stylised national weights times the multipliers of its
//     specialisation profiles (food valley, tech coast, tourism, industrial,
//     capital services, ...), and 2020 employment after national,
//     profile-specific and regional growth (see genRegional).
//   - Labour mobility: 60,000 workers observed yearly 2010–2019 (20% enter
//     late, 20% leave early). Each year a worker changes industry i with
//     probability 0.07 (scaled by a turnover multiplier), to j with
//     probability ∝ E_region(j)·a(i,j), where the affinity a is 10 inside a
//     planted knowledge domain (food 01/10/11 ↔ life sciences 21/72/75/86;
//     machinery and vehicles 26–29 ↔ ICT 58/61/62/63; tourism 55/56/79 ↔
//     culture 59/90/91/93), 3 inside a NACE section or the public sector
//     84–88, and 1 otherwise. From 2015 on, ICT 62/63 ↔ health and research
//     21/72/86 is a domain too (the emerging link).
//   - Co-patenting: 20,000 patents with 1–4 industries. The first industry
//     is drawn ∝ weight·patent intensity; each further one comes with
//     probability 0.7 from a technology domain of the first (life sciences
//     21/72/26, machinery–ICT 28/29/26/62, chemicals 20/22), else from all
//     patenting industries.
//   - Regional patents 2015: Poisson counts ∝ employment·patent intensity·
//     regional innovativeness.
//   - Regional publications 2015: Poisson counts ∝ employment·publication
//     intensity·regional science, with a planted latent domain: Quenby (tech
//     and vehicles) publishes four times its share of life-science research
//     without the jobs (see genPublications).
package demo

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/domainscope/domainscope/graphmodel"
)

// Classification is the classification name of every demo file.
const Classification = "NACE2"

// File kinds: what a demo file is, and so which ingest reader loads it.
const (
	KindIndustries          = "industries"            // code,name,parent,level
	KindSpells              = "spells"                // worker_id,period,industry,region
	KindPatents             = "patents"               // patent_id,industry
	KindEmploymentLong      = "employment-long"       // region,industry,value
	KindPatentsRegionalLong = "patents-regional-long" // region,industry,value
	KindPublicationsLong    = "publications-long"     // region,industry,value
)

// File is one written demo file and how to load it.
type File struct {
	Path           string            // written file
	Kind           string            // one of the Kind constants
	Classification string            // classification to load it as
	Layer          string            // layer name, for spells and patents
	Period         string            // layer or regional period
	Options        map[string]string // loader options, e.g. {"from-period": "2010", "to-period": "2014"}
}

// Names of the written files. Every generated file is prefixed "synthetic_";
// industries.csv holds the real NACE Rev. 2 structure.
const (
	fileIndustries = "industries.csv"
	fileSpells     = "synthetic_spells_2010_2019.csv"
	filePatents    = "synthetic_patents_2010_2019.csv"
	fileEmp2015    = "synthetic_employment_2015.csv"
	fileEmp2020    = "synthetic_employment_2020.csv"
	filePatReg2015 = "synthetic_patents_regional_2015.csv"
	filePubReg2015 = "synthetic_publications_regional_2015.csv"
	fileReadme     = "README.txt"
)

// Layer names, periods and loader options of the returned Files.
const (
	labourLayer   = "labour"
	copatentLayer = "copatent"
	patentsPeriod = "2010-2019"
	optionFrom    = "from-period"
	optionTo      = "to-period"
	optionMeasure = "measure"
)

// Random streams, one per generator.
const (
	streamRegional = 1
	streamSpells   = 2
	streamPatents  = 3
	streamPubs     = 4
)

// Write generates the demo data for seed into dir (created if missing) and
// returns the files in load order: industries first, then the layers, then
// the regional tables. A README.txt labelling the data as synthetic is
// written next to them. Existing files of the same names are replaced.
func Write(dir string, seed int64) ([]File, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, graphmodel.WrapError(graphmodel.EINVALID, err, "demo: cannot create directory %s: %v", dir, err)
	}
	reg := genRegional(newRNG(seed, streamRegional))
	spells := genSpells(newRNG(seed, streamSpells), reg)
	patents := genPatents(newRNG(seed, streamPatents))
	pubs := genPublications(newRNG(seed, streamPubs), reg.emp2015)

	path := func(name string) string { return filepath.Join(dir, name) }
	steps := []struct {
		name  string
		write func(w *bufio.Writer) error
	}{
		{fileIndustries, writeIndustries},
		{fileSpells, func(w *bufio.Writer) error { return writeSpells(w, spells) }},
		{filePatents, func(w *bufio.Writer) error { return writePatents(w, patents) }},
		{fileEmp2015, func(w *bufio.Writer) error { return writeRegional(w, reg.emp2015) }},
		{fileEmp2020, func(w *bufio.Writer) error { return writeRegional(w, reg.emp2020) }},
		{filePatReg2015, func(w *bufio.Writer) error { return writeRegional(w, reg.pat2015) }},
		{filePubReg2015, func(w *bufio.Writer) error { return writeRegional(w, pubs) }},
		{fileReadme, func(w *bufio.Writer) error { return writeReadme(w, seed) }},
	}
	for _, s := range steps {
		if err := writeFile(path(s.name), s.write); err != nil {
			return nil, err
		}
	}

	spellFile := func(from, to string) File {
		return File{Path: path(fileSpells), Kind: KindSpells, Classification: Classification, Layer: labourLayer,
			Period: from + "-" + to, Options: map[string]string{optionFrom: from, optionTo: to}}
	}
	regionalFile := func(name, kind, period, measure string) File {
		return File{Path: path(name), Kind: kind, Classification: Classification, Period: period,
			Options: map[string]string{optionMeasure: measure}}
	}
	return []File{
		{Path: path(fileIndustries), Kind: KindIndustries, Classification: Classification},
		spellFile("2010", "2014"),
		spellFile("2015", "2019"),
		spellFile("2010", "2019"),
		{Path: path(filePatents), Kind: KindPatents, Classification: Classification, Layer: copatentLayer, Period: patentsPeriod},
		regionalFile(fileEmp2015, KindEmploymentLong, "2015", string(graphmodel.MeasureEmployment)),
		regionalFile(fileEmp2020, KindEmploymentLong, "2020", string(graphmodel.MeasureEmployment)),
		regionalFile(filePatReg2015, KindPatentsRegionalLong, "2015", string(graphmodel.MeasurePatents)),
		regionalFile(filePubReg2015, KindPublicationsLong, "2015", string(graphmodel.MeasurePublications)),
	}, nil
}

// writeFile creates path and fills it through a buffered writer.
func writeFile(path string, fill func(w *bufio.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return graphmodel.WrapError(graphmodel.EINVALID, err, "demo: cannot create %s: %v", path, err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	err = fill(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return graphmodel.WrapError(graphmodel.EINVALID, err, "demo: cannot write %s: %v", path, err)
	}
	return nil
}

// writeIndustries writes code,name,parent,level: the 21 sections (level 0)
// and 88 divisions (level 1, parent = section letter).
func writeIndustries(w *bufio.Writer) error {
	c := csv.NewWriter(w)
	if err := c.Write([]string{"code", "name", "parent", "level"}); err != nil {
		return err
	}
	for _, s := range sections {
		if err := c.Write([]string{s.code, s.name, "", "0"}); err != nil {
			return err
		}
	}
	for i, d := range divisions {
		if err := c.Write([]string{d.code, d.name, sectionOf(i), "1"}); err != nil {
			return err
		}
	}
	c.Flush()
	return c.Error()
}

// writeSpells writes worker_id,period,industry,region. No field needs CSV
// quoting (codes, digits and region names without commas or quotes), so rows
// are appended directly.
func writeSpells(w *bufio.Writer, rows []spell) error {
	return writeLines(w, "worker_id,period,industry,region\n", rows, func(buf []byte, s spell) []byte {
		buf = append(buf, 'W')
		buf = appendPadded(buf, int(s.worker), 6)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(s.year), 10)
		buf = append(buf, ',')
		buf = append(buf, divisions[s.div].code...)
		buf = append(buf, ',')
		return append(buf, regionSpecs[s.region].name...)
	})
}

// writePatents writes patent_id,industry.
func writePatents(w *bufio.Writer, rows []patentRow) error {
	return writeLines(w, "patent_id,industry\n", rows, func(buf []byte, p patentRow) []byte {
		buf = append(buf, "SYN-P"...)
		buf = appendPadded(buf, int(p.patent), 6)
		buf = append(buf, ',')
		return append(buf, divisions[p.div].code...)
	})
}

// writeLines writes header, then one line per row: the fields line appends
// to its (empty) buffer, and a newline.
func writeLines[T any](w *bufio.Writer, header string, rows []T, line func(buf []byte, row T) []byte) error {
	if _, err := w.WriteString(header); err != nil {
		return err
	}
	buf := make([]byte, 0, 64)
	for _, r := range rows {
		buf = append(line(buf[:0], r), '\n')
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// writeRegional writes region,industry,value, leaving out zero cells.
func writeRegional(w *bufio.Writer, v [][]float64) error {
	c := csv.NewWriter(w)
	if err := c.Write([]string{"region", "industry", "value"}); err != nil {
		return err
	}
	for ri, row := range v {
		for d, x := range row {
			if x == 0 {
				continue
			}
			if err := c.Write([]string{regionSpecs[ri].name, divisions[d].code, strconv.FormatFloat(x, 'f', -1, 64)}); err != nil {
				return err
			}
		}
	}
	c.Flush()
	return c.Error()
}

// appendPadded appends n in decimal, left-padded with zeros to width digits.
func appendPadded(b []byte, n, width int) []byte {
	s := strconv.Itoa(n)
	for range width - len(s) {
		b = append(b, '0')
	}
	return append(b, s...)
}

func writeReadme(w *bufio.Writer, seed int64) error {
	_, err := fmt.Fprintf(w, `SYNTHETIC DEMO DATA - generated by domainscope (package ingest/demo), seed %d.

Everything here except industries.csv is invented. The numbers do not describe
any real economy, region, worker or patent, and the region names are made up.
Do not use them for analysis or policy; they exist to demonstrate the tool.

Files (classification %s; load industries.csv first):
  %-40s code,name,parent,level   real NACE Rev. 2 sections (level 0) and 88 divisions (level 1)
  %-40s worker_id,period,industry,region   one row per worker per year 2010-2019, shuffled;
  %-40s   layer %q, periods 2010-2014, 2015-2019 and 2010-2019
  %-40s patent_id,industry   one row per patent and industry, shuffled; layer %q, period %s
  %-40s region,industry,value   employees, 2015 (zero cells left out)
  %-40s region,industry,value   employees, 2020
  %-40s region,industry,value   patent counts, 2015
  %-40s region,industry,value   scientific publication counts, 2015

Planted structure (what the demo should let you find):
  - labour mobility inside cross-sector knowledge domains: food (01, 10, 11) with life
    sciences (21, 72, 75, 86); machinery and vehicles (26-29) with ICT (58, 61, 62, 63);
    tourism (55, 56, 79) with culture (59, 90, 91, 93); plus moves within NACE sections
    and within the public sector (84-88);
  - an emerging link from 2015 on: ICT (62, 63) with health and research (21, 72, 86);
  - co-patenting inside technology domains: life sciences (21, 72, 26), machinery-ICT
    (28, 29, 26, 62), chemicals (20, 22);
  - regions with distinct profiles, e.g. Eastvale (food valley), Brightwater Coast
    (tech coast), Sunreach Isles (tourism), Westmarch (vehicles), Kingsbridge Metro
    (capital services);
  - a latent domain: Quenby (tech and vehicles) publishes four times its share
    of life-science research (21, 72, 75, 86) without the jobs ('region bases').
`, seed, Classification,
		fileIndustries, fileSpells, "", labourLayer, filePatents, copatentLayer, patentsPeriod,
		fileEmp2015, fileEmp2020, filePatReg2015, filePubReg2015)
	return err
}
