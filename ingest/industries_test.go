package ingest

import (
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest/realdata"
)

func byCodeMap(inds []graphmodel.Industry) map[string]graphmodel.Industry {
	m := map[string]graphmodel.Industry{}
	for _, in := range inds {
		m[in.Code] = in
	}
	return m
}

func TestReadIndustriesSIC2007Hierarchy(t *testing.T) {
	path := realdata.Path(t, "uk-labour-flows/sic2007_structure.csv")
	load, err := ReadIndustries(path, IndustriesOptions{Classification: "SIC2007", CodeCol: "SIC2007",
		Levels: []string{"MainIndustry", "MainActivity", "SubActivity"}})
	if err != nil {
		t.Fatal(err)
	}
	// pandas on the file: 638 rows with 638 distinct SIC2007 codes and 18
	// distinct MainIndustry strings, but two of them are "Business services"
	// and "Business services " (trailing space): names are trimmed, so 17 groups.
	perLevel := map[int]int{}
	for _, in := range load.Industries {
		perLevel[in.Level]++
		if in.Classification != "SIC2007" {
			t.Fatalf("industry %+v", in)
		}
	}
	if perLevel[2] != 638 || perLevel[0] != 17 {
		t.Fatalf("per level %v: want 638 classes and 17 main industries", perLevel)
	}
	// The file separates rows with empty lines: 1,269 lines, 638 data rows.
	if load.Provenance.Rows != 638 {
		t.Fatalf("rows %d, want 638", load.Provenance.Rows)
	}
	m := byCodeMap(load.Industries)
	h := m["8610"]
	if h.Name != "Hospital activities" || h.Level != 2 {
		t.Fatalf("8610 = %+v", h)
	}
	parent := m[h.Parent]
	grand := m[parent.Parent]
	if parent.Name != "Human health activities" || parent.Level != 1 || parent.Code != "G2-human-health-activities" {
		t.Fatalf("parent of 8610 = %+v", parent)
	}
	if grand.Name != "Government administrative functions, Education, Health" || grand.Level != 0 || grand.Parent != "" ||
		grand.Code != "G1-government-administrative-functions-education-health" {
		t.Fatalf("grandparent of 8610 = %+v", grand)
	}
	if got := strings.Join(load.Classification.Levels, ","); got != "MainIndustry,MainActivity,SubActivity" {
		t.Fatalf("levels %q", got)
	}
	// Every parent exists one level up.
	for _, in := range load.Industries {
		if in.Level == 0 {
			continue
		}
		p, ok := m[in.Parent]
		if !ok || p.Level != in.Level-1 {
			t.Fatalf("%+v: parent %+v", in, p)
		}
	}
	// Codes are stable across runs.
	again, err := ReadIndustries(path, IndustriesOptions{Classification: "SIC2007", CodeCol: "SIC2007",
		Levels: []string{"MainIndustry", "MainActivity", "SubActivity"}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range again.Industries {
		if again.Industries[i] != load.Industries[i] {
			t.Fatalf("run 2 differs: %+v vs %+v", again.Industries[i], load.Industries[i])
		}
	}
}

func TestReadIndustriesSIC2003(t *testing.T) {
	path := realdata.Path(t, "uk-labour-flows/sic2003_structure.csv")
	opt := IndustriesOptions{Classification: "SIC2003", CodeCol: "Id", Codes: CodeFormat{Pad: 4},
		Levels: []string{"MainIndustry", "MainActivity", "SubActivity"}}
	// The file lists some codes twice (e.g. 1010 on lines 18 and 19) and has
	// empty MainIndustry cells; both are errors unless handled.
	_, err := ReadIndustries(path, opt)
	wantParseError(t, err, `column "Id": expected each code once, got "1010" again (first on line 18)`)
	opt.Duplicates = "join"
	_, err = ReadIndustries(path, opt)
	wantParseError(t, err, `column "MainIndustry": expected a group name, got ""`)
	opt.EmptyGroup = "Unspecified"
	load, err := ReadIndustries(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	// pandas: 564 rows, 512 distinct Id; 23 distinct non-empty MainIndustry plus "Unspecified".
	perLevel := map[int]int{}
	for _, in := range load.Industries {
		perLevel[in.Level]++
	}
	if perLevel[2] != 512 || perLevel[0] != 24 || load.Provenance.Rows != 564 {
		t.Fatalf("per level %v, rows %d: want 512 classes, 24 main industries, 564 rows", perLevel, load.Provenance.Rows)
	}
	m := byCodeMap(load.Industries)
	// Id 111 padded to 0111; 1010 joins the names of its two rows.
	if m["0111"].Name != "Growing of cereals and other crops n.e.c." {
		t.Fatalf("0111 = %+v", m["0111"])
	}
	if m["1010"].Name != "Deep coal mines Open cast coal working; Manufacture of solid fuel" {
		t.Fatalf("1010 = %+v", m["1010"])
	}
	// pandas: 564 - 512 = 52 repeated rows; among the first rows of each Id,
	// 27 have an empty MainIndustry and none an empty MainActivity.
	if load.Provenance.Options["duplicate_rows"] != "52" || load.Provenance.Options["empty_group_cells"] != "27" {
		t.Fatalf("options %v", load.Provenance.Options)
	}
	// "Manufacture of Textiles & Textile Products" sits under two main
	// industries: two groups, the second code suffixed.
	var textiles []graphmodel.Industry
	for _, in := range load.Industries {
		if in.Name == "Manufacture of Textiles & Textile Products" {
			textiles = append(textiles, in)
		}
	}
	if len(textiles) != 2 || textiles[0].Parent == textiles[1].Parent {
		t.Fatalf("textile groups %+v", textiles)
	}
	codes := []string{textiles[0].Code, textiles[1].Code}
	if !(codes[0] == "G2-manufacture-of-textiles-textile-products" && codes[1] == "G2-manufacture-of-textiles-textile-products-2" ||
		codes[1] == "G2-manufacture-of-textiles-textile-products" && codes[0] == "G2-manufacture-of-textiles-textile-products-2") {
		t.Fatalf("textile group codes %q", codes)
	}
}

func TestReadIndustriesFlat(t *testing.T) {
	data := "code,name,parent\nA,Agriculture,\n01,Crop and animal production,A\n01.1,Growing of non-perennial crops,01\n01.11,Growing of cereals,01.1\nB,Mining,\n"
	load, err := ReadIndustries(writeFile(t, "nace.csv", data), IndustriesOptions{Classification: "NACE2",
		LevelNames: []string{"section", "division", "group", "class"}})
	if err != nil {
		t.Fatal(err)
	}
	m := byCodeMap(load.Industries)
	want := map[string]graphmodel.Industry{
		"A":    {Classification: "NACE2", Code: "A", Name: "Agriculture", Level: 0},
		"01":   {Classification: "NACE2", Code: "01", Name: "Crop and animal production", Parent: "A", Level: 1},
		"011":  {Classification: "NACE2", Code: "011", Name: "Growing of non-perennial crops", Parent: "01", Level: 2},
		"0111": {Classification: "NACE2", Code: "0111", Name: "Growing of cereals", Parent: "011", Level: 3},
		"B":    {Classification: "NACE2", Code: "B", Name: "Mining", Level: 0},
	}
	if len(m) != len(want) {
		t.Fatalf("industries %+v", load.Industries)
	}
	for c, w := range want {
		if m[c] != w {
			t.Fatalf("%s = %+v, want %+v", c, m[c], w)
		}
	}
	if strings.Join(load.Classification.Levels, ",") != "section,division,group,class" {
		t.Fatalf("levels %v", load.Classification.Levels)
	}
	// Ordered by level, then code.
	if load.Industries[0].Code != "A" || load.Industries[1].Code != "B" || load.Industries[4].Code != "0111" {
		t.Fatalf("order %+v", load.Industries)
	}
	// Without a parent column everything is at the top.
	load, err = ReadIndustries(writeFile(t, "f.csv", "code,name\nX,x\nY,y\n"), IndustriesOptions{Classification: "C"})
	if err != nil || load.Industries[1].Level != 0 || strings.Join(load.Classification.Levels, ",") != "level0" {
		t.Fatalf("%+v %v", load, err)
	}
}

func TestReadIndustriesErrors(t *testing.T) {
	cases := []struct {
		data string
		opt  IndustriesOptions
		want string
	}{
		{"code,name,parent\nA,a,\nB,b,Z\n", IndustriesOptions{}, `i.csv:3: column "parent": expected the code of an industry listed in this file (or empty at the top level), got "Z"`},
		{"code,name,parent\nA,a,B\nB,b,A\n", IndustriesOptions{}, `i.csv:2: column "parent": expected a parent chain that reaches the top level, got a cycle through "A"`},
		{"code,name,parent,level\nA,a,,0\nB,b,A,2\n", IndustriesOptions{}, `i.csv:3: column "level": expected level 1 (one below its parent "A"), got "2"`},
		{"code,name,level\nA,a,x\n", IndustriesOptions{}, `i.csv:2: column "level": expected a level: an integer >= 0 (0 is the top), got "x"`},
		{"code,name\nA,a\nA,b\n", IndustriesOptions{}, `i.csv:3: column "code": expected each code once, got "A" again (first on line 2); use option duplicates first or join`},
		{"code,name\nA,\n", IndustriesOptions{}, `i.csv:2: column "name": expected the industry's name, got ""`},
		{"code,title\nA,a\n", IndustriesOptions{}, `i.csv:1: column "name": expected a column "name" (industry name) in the header, got header ["code", "title"]`},
		{"code,name\nA,a\n", IndustriesOptions{ParentCol: "up"}, `i.csv:1: column "up": expected a column "up" (parent code) in the header`},
		{"code,name\n", IndustriesOptions{}, `i.csv:2: expected data rows after the header, got none`},
		{"", IndustriesOptions{}, `i.csv:1: expected a header line naming the columns, got an empty file`},
		{"\n\n", IndustriesOptions{}, `i.csv:1: expected a header line naming the columns, got an empty file`},
		{"a,b,code\nX,x1,1\n", IndustriesOptions{Levels: []string{"a", "b"}, Codes: CodeFormat{KeepPunct: true}}, ``},
		{"a,b,code\nX,,1\n", IndustriesOptions{Levels: []string{"a", "b"}}, `i.csv:2: column "b": expected the industry's name, got ""`},
		{"a,b,code\nX,x,G1-x\n", IndustriesOptions{Levels: []string{"a", "b"}, Codes: CodeFormat{KeepPunct: true}}, `i.csv:2: column "code": expected codes that differ from the synthesised group codes, got "G1-x", the code of group "X"`},
	}
	for _, c := range cases {
		c.opt.Classification = "C"
		_, err := ReadIndustries(writeFile(t, "i.csv", c.data), c.opt)
		if c.want == "" {
			if err != nil {
				t.Fatalf("%q: %v", c.data, err)
			}
			continue
		}
		wantParseError(t, err, c.want)
	}
	_, err := ReadIndustries(writeFile(t, "i.csv", "code,name\nA,a\n"), IndustriesOptions{})
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID || graphmodel.ErrorField(err) != "classification" || !strings.Contains(err.Error(), "expected a classification name") {
		t.Fatalf("missing classification: %v", err)
	}
}

// FuzzReadIndustries: never panics; on success codes are unique, parents
// exist one level up and levels fit the classification's level names.
func FuzzReadIndustries(f *testing.F) {
	f.Add("code,name,parent\nA,a,\nB,b,A\n", false)
	f.Add("code,name,parent,level\nA,a,,0\nB,b,A,1\n", false)
	f.Add("top,mid,name,code\nX,Y,z,1\nX,W,w,2\n", true)
	f.Fuzz(func(t *testing.T, data string, hier bool) {
		opt := IndustriesOptions{Classification: "F", Duplicates: "join", EmptyGroup: "?"}
		if hier {
			opt.Levels = []string{"top", "mid", "name"}
		}
		src, err := readerSource("f.csv", strings.NewReader(data), opt.CSV)
		if err != nil {
			return
		}
		if err := checkIndustriesOptions(&opt); err != nil {
			t.Fatal(err)
		}
		load, err := readIndustries(src, opt)
		if err != nil {
			if graphmodel.ErrorCode(err) != graphmodel.EINVALID {
				t.Fatalf("code %s: %v", graphmodel.ErrorCode(err), err)
			}
			return
		}
		m := map[string]graphmodel.Industry{}
		for _, in := range load.Industries {
			if in.Code == "" || in.Name == "" {
				t.Fatalf("empty code or name: %+v", in)
			}
			if _, dup := m[in.Code]; dup {
				t.Fatalf("code %q twice", in.Code)
			}
			m[in.Code] = in
			if in.Level >= len(load.Classification.Levels) {
				t.Fatalf("level %d beyond %v", in.Level, load.Classification.Levels)
			}
		}
		for _, in := range load.Industries {
			if in.Parent == "" {
				if in.Level != 0 {
					t.Fatalf("top industry at level %d: %+v", in.Level, in)
				}
				continue
			}
			if p, ok := m[in.Parent]; !ok || p.Level != in.Level-1 {
				t.Fatalf("%+v has parent %+v", in, p)
			}
		}
	})
}
