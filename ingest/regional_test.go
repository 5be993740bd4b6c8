package ingest

import (
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest/realdata"
)

func empSet() graphmodel.RegionalSet {
	return graphmodel.RegionalSet{Measure: graphmodel.MeasureEmployment, Classification: "SIC2007", Period: "2015"}
}

// sic2007Known reads the SIC 2007 classes as the CLI would find them stored.
func sic2007Known(t *testing.T) Known {
	load, err := ReadIndustries(realdata.Path(t, "uk-labour-flows/sic2007_structure.csv"), IndustriesOptions{Classification: "SIC2007",
		CodeCol: "SIC2007", Levels: []string{"MainIndustry", "MainActivity", "SubActivity"}})
	if err != nil {
		t.Fatal(err)
	}
	k := Known{}
	for _, in := range load.Industries {
		k[in.Code] = true
	}
	return k
}

func TestReadRegionalWideUKEmployment(t *testing.T) {
	path := realdata.Path(t, "uk-labour-flows/employment_2015_uk_regions_wide.csv")
	known := sic2007Known(t)
	opt := RegionalWideOptions{Set: empSet(), IndustryCol: "SIC2007", Exclude: []string{"Total", "Industry", "Description"}, Known: known}
	_, err := ReadRegionalWide(path, opt)
	// Row 2 is "0100 : DEFRA/Scottish Executive Agricultural Data", not a SIC 2007 class.
	wantParseError(t, err, `employment_2015_uk_regions_wide.csv:2: column "SIC2007": expected a code of classification "SIC2007", got "0100"`)

	opt.Unknown = UnknownSkip
	var skips []Skip
	opt.OnSkipped = func(s []Skip) { skips = s }
	load, err := ReadRegionalWide(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(skips) != 1 || skips[0] != (Skip{Code: "0100", Rows: 1, FirstLine: 2}) {
		t.Fatalf("skips %+v", skips)
	}
	if load.Provenance.Options["skipped_codes"] != "0100" || load.Provenance.Options["skipped_rows"] != "1" {
		t.Fatalf("options %v", load.Provenance.Options)
	}
	if len(load.Regions) != 11 {
		t.Fatalf("regions %+v: want 11", load.Regions)
	}
	if load.Regions[0] != (graphmodel.Region{ID: "east", Name: "East"}) ||
		load.Regions[10] != (graphmodel.Region{ID: "yorkshire-and-the-humber", Name: "Yorkshire and The Humber"}) {
		t.Fatalf("regions %+v", load.Regions)
	}
	// 616 data rows, one skipped: 615 industries × 11 regions.
	if load.Provenance.Rows != 616 || len(load.Values) != 615*11 {
		t.Fatalf("rows %d, values %d; want 616 and 6765", load.Provenance.Rows, len(load.Values))
	}
	// Line 3 is the 0111 row, all zeros; the "Total" column is not a region.
	sum := map[string]float64{}
	for _, v := range load.Values {
		sum[v.Industry] += v.Value
		if v.Region == "total" {
			t.Fatal("Total taken as a region")
		}
	}
	if sum["0111"] != 0 {
		t.Fatalf("0111 total %v, want 0", sum["0111"])
	}
	// The file's own check: each row's 11 regional values add up to its Total column.
	raw := rowTotals(t, path)
	for code, total := range raw {
		if code == "0100" {
			continue
		}
		if d := sum[code] - total; d > 1e-6 || d < -1e-6 {
			t.Fatalf("%s: regions add up to %v, Total column says %v", code, sum[code], total)
		}
	}
}

// rowTotals reads the Total column per SIC2007 code with the links reader's
// number parser, independently of ReadRegionalWide.
func rowTotals(t *testing.T, path string) map[string]float64 {
	src, err := openSource(path, CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.close()
	tc, cc := src.col("Total"), src.col("SIC2007")
	out := map[string]float64{}
	for {
		rec, err := src.next()
		if err != nil {
			break
		}
		v, _ := number(rec[tc])
		out[string(rec[cc])] = v
	}
	return out
}

func TestReadRegionalLong(t *testing.T) {
	data := "region,industry,value\nNorth East,01.11,5\nLondon,0111,7\nNorth East,0112,0\nnorth-east,0113,1\n"
	_, err := ReadRegionalLong(writeFile(t, "r.csv", data), RegionalLongOptions{Set: empSet()})
	wantParseError(t, err, `r.csv:5: column "region": expected one name for region ID "north-east", got "north-east" (line 2 has "North East")`)
	data = data[:strings.LastIndex(data[:len(data)-1], "\n")+1]
	load, err := ReadRegionalLong(writeFile(t, "r.csv", data), RegionalLongOptions{Set: empSet()})
	if err != nil {
		t.Fatal(err)
	}
	want := []graphmodel.RegionalValue{{Region: "london", Industry: "0111", Value: 7}, {Region: "north-east", Industry: "0111", Value: 5},
		{Region: "north-east", Industry: "0112", Value: 0}}
	if len(load.Values) != 3 {
		t.Fatalf("values %+v", load.Values)
	}
	for i := range want {
		if load.Values[i] != want[i] {
			t.Fatalf("values %+v, want %+v", load.Values, want)
		}
	}
	if len(load.Regions) != 2 || load.Regions[0] != (graphmodel.Region{ID: "north-east", Name: "North East"}) {
		t.Fatalf("regions %+v", load.Regions)
	}
	// Given region IDs.
	load, err = ReadRegionalLong(writeFile(t, "r.csv", "nuts,name,ind,emp\nUKC,North East,0111,3\n"),
		RegionalLongOptions{Set: empSet(), RegionIDCol: "nuts", RegionCol: "name", IndustryCol: "ind", ValueCol: "emp"})
	if err != nil || load.Regions[0] != (graphmodel.Region{ID: "UKC", Name: "North East"}) || load.Values[0].Region != "UKC" {
		t.Fatalf("%+v, %v", load, err)
	}
}

func TestReadRegionalErrors(t *testing.T) {
	long := []struct{ data, want string }{
		{"region,industry,value\nA,01,-1\n", `r.csv:2: column "value": expected a non-negative number, got "-1"`},
		{"region,industry,value\nA,01,1\nA,01,2\n", `r.csv:3: column "industry": expected each (region, industry) pair once, got "01" in "A" again (first on line 2); use option duplicates sum`},
		{"region,industry,value\n,01,1\n", `r.csv:2: column "region": expected a region name, got ""`},
		{"region,industry\nA,01\n", `r.csv:1: column "value": expected a column "value" (value) in the header, got header ["region", "industry"]`},
	}
	for _, c := range long {
		_, err := ReadRegionalLong(writeFile(t, "r.csv", c.data), RegionalLongOptions{Set: empSet()})
		wantParseError(t, err, c.want)
	}
	load, err := ReadRegionalLong(writeFile(t, "r.csv", "region,industry,value\nA,01,1\nA,01,2\n"), RegionalLongOptions{Set: empSet(), Duplicates: "sum"})
	if err != nil || load.Values[0].Value != 3 {
		t.Fatalf("sum: %+v, %v", load.Values, err)
	}
	wide := []struct {
		data string
		opt  RegionalWideOptions
		want string
	}{
		{"industry,North,South\n01,1,x\n", RegionalWideOptions{}, `r.csv:2: column "South": expected a non-negative number, got "x"`},
		{"industry,North,north\n01,1,2\n", RegionalWideOptions{}, `r.csv:1: column "north": expected region columns with distinct IDs, got "north", which has the same ID "north" as column "North"`},
		{"industry,Total\n01,1\n", RegionalWideOptions{Exclude: []string{"Total"}}, `r.csv:1: expected at least one region column besides the industry column "industry", got header ["industry", "Total"]`},
		{"industry,A\n01,1\n01,2\n", RegionalWideOptions{}, `r.csv:3: column "industry": expected each industry on one row, got "01" again (first on line 2)`},
		{"industry,A\n01,1\n", RegionalWideOptions{RegionCols: []string{"B"}}, `r.csv:1: column "B": expected a column "B" (region) in the header`},
	}
	for _, c := range wide {
		c.opt.Set = empSet()
		_, err := ReadRegionalWide(writeFile(t, "r.csv", c.data), c.opt)
		wantParseError(t, err, c.want)
	}
	_, err = ReadRegionalWide(writeFile(t, "r.csv", "industry,A\n01,1\n"), RegionalWideOptions{Set: graphmodel.RegionalSet{Measure: "people"}})
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID {
		t.Fatalf("bad measure: %v", err)
	}
}

func checkRegionalLoad(t *testing.T, load graphmodel.RegionalLoad) {
	ids := map[string]bool{}
	for _, r := range load.Regions {
		if r.ID == "" || ids[r.ID] {
			t.Fatalf("bad or repeated region %+v", r)
		}
		ids[r.ID] = true
	}
	seen := map[[2]string]bool{}
	for _, v := range load.Values {
		if !ids[v.Region] || v.Industry == "" || !(v.Value >= 0) || seen[[2]string{v.Region, v.Industry}] {
			t.Fatalf("bad value %+v", v)
		}
		seen[[2]string{v.Region, v.Industry}] = true
	}
}

func FuzzRegionalLong(f *testing.F) {
	f.Add("region,industry,value\nA,01,1\nB,01,2\n", false)
	f.Add("region;industry;value\nA;01;1\nA;01;2\n", true)
	f.Fuzz(func(t *testing.T, data string, sum bool) {
		opt := RegionalLongOptions{Set: empSet()}
		if sum {
			opt.Duplicates = "sum"
		}
		if err := checkRegional(opt.Set, &opt.Duplicates, &opt.Unknown); err != nil {
			t.Fatal(err)
		}
		src, err := readerSource("f.csv", strings.NewReader(data), opt.CSV)
		if err != nil {
			return
		}
		load, err := readRegionalLong(src, opt)
		if err != nil {
			if graphmodel.ErrorCode(err) != graphmodel.EINVALID {
				t.Fatalf("code %s: %v", graphmodel.ErrorCode(err), err)
			}
			return
		}
		checkRegionalLoad(t, load)
	})
}

func FuzzRegionalWide(f *testing.F) {
	f.Add("industry,North,South,Total\n01,1,2,3\n02,0,0,0\n", false)
	f.Add("code;A;B\n01;1;2\n01;1;2\n", true)
	f.Fuzz(func(t *testing.T, data string, sum bool) {
		opt := RegionalWideOptions{Set: empSet(), Exclude: []string{"Total"}}
		if sum {
			opt.Duplicates = "sum"
		}
		if err := checkRegional(opt.Set, &opt.Duplicates, &opt.Unknown); err != nil {
			t.Fatal(err)
		}
		src, err := readerSource("f.csv", strings.NewReader(data), opt.CSV)
		if err != nil {
			return
		}
		load, err := readRegionalWide(src, opt)
		if err != nil {
			if graphmodel.ErrorCode(err) != graphmodel.EINVALID {
				t.Fatalf("code %s: %v", graphmodel.ErrorCode(err), err)
			}
			return
		}
		checkRegionalLoad(t, load)
	})
}
