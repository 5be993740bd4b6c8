package ingest

import (
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// TestControlCharactersInNames refuses a control character in every kind of
// name or code, with file, line, column and the character's position.
func TestControlCharactersInNames(t *testing.T) {
	ind := func(data string, opt IndustriesOptions) error {
		opt.Classification = "NACE2"
		_, err := ReadIndustries(writeFile(t, "i.csv", data), opt)
		return err
	}
	hier := IndustriesOptions{CodeCol: "code", Levels: []string{"section", "name"}}
	cases := []struct {
		err  error
		want string
	}{
		// A tab is no delimiter in a comma-separated file, but no name may hold it.
		{ind("code,name\n10,Food\tdrink\n", IndustriesOptions{}), `i.csv:2: column "name": expected an industry name without control characters, got "Food\tdrink" (U+0009 at byte 5)`},
		// A line break inside a quoted name; DEL and C1 controls too.
		{ind("code,name\n10,\"Food\ndrink\"\n", IndustriesOptions{}), `i.csv:2: column "name": expected an industry name without control characters, got "Food\ndrink" (U+000A at byte 5)`},
		{ind("code,name\n10,Food\x7f\n", IndustriesOptions{}), `(U+007F at byte 5)`},
		{ind("code,name\n10,Fo\u0085od\n", IndustriesOptions{}), `(U+0085 at byte 3)`},
		{ind("code,name\n1\t0,Food\n", IndustriesOptions{}), `i.csv:2: column "code": expected an industry code without control characters, got "1\t0" (U+0009 at byte 2)`},
		{ind("code,name,parent\nC,Manufacturing,\n10,Food,\"C\n\"\"x\"\n", IndustriesOptions{}), `i.csv:3: column "parent": expected a parent code without control characters`},
		{ind("code,section,name\n10,\"Manu\rfacturing\",Food\n", hier), `i.csv:2: column "section": expected a group name without control characters, got "Manu\rfacturing" (U+000D at byte 5)`},
		// A column name (the header is line 1).
		{ind("code,\"na\tme\"\n10,Food\n", IndustriesOptions{NameCol: "na\tme"}), `i.csv:1: column "#2": expected a column name without control characters`},
	}
	_, err := ReadLinks(writeFile(t, "l.csv", "from,to,n\n10,1\t1,3\n"), LinksOptions{Layer: flowsLayer()})
	cases = append(cases, struct {
		err  error
		want string
	}{err, `l.csv:2: column "to": expected an industry code without control characters, got "1\t1"`})
	_, err = ReadRegionalLong(writeFile(t, "r.csv", "region,industry,value\n\"North\nEast\",01,3\n"), RegionalLongOptions{Set: empSet()})
	cases = append(cases, struct {
		err  error
		want string
	}{err, `r.csv:2: column "region": expected a region name without control characters, got "North\nEast" (U+000A at byte 6)`})
	_, err = ReadRegionalWide(writeFile(t, "w.csv", "industry,\"North\tEast\",South\n01,1,2\n"), RegionalWideOptions{Set: empSet()})
	cases = append(cases, struct {
		err  error
		want string
	}{err, `w.csv:1: column "#2": expected a column name without control characters, got "North\tEast"`})
	for _, c := range cases {
		wantParseError(t, c.err, c.want)
	}

	// Names given as options.
	ly := flowsLayer()
	ly.Name = "lab\x00our"
	_, err = ReadLinks(writeFile(t, "ok.csv", "from,to,n\n10,11,3\n"), LinksOptions{Layer: ly})
	wantOption(t, err, `option layer "lab\x00our": expected a name without control characters, found U+0000 at byte 4`)
	ly = flowsLayer()
	ly.Period = "2020\n"
	_, err = ReadSpells(writeFile(t, "ok.csv", "person,industry,start,end\n1,10,2010,2011\n"), SpellOptions{Layer: ly})
	wantOption(t, err, `option period "2020\n"`)
	ly = flowsLayer()
	ly.Classification = "NACE\x002"
	_, err = ReadPatents(writeFile(t, "ok.csv", "patent,industry\n1,10\n"), PatentOptions{Layer: ly})
	wantOption(t, err, `option classification "NACE\x002"`)
	_, err = ReadIndustries(writeFile(t, "ok.csv", "code,name\n10,Food\n"), IndustriesOptions{Classification: "NA\u009bCE"})
	wantOption(t, err, `option classification "NA\u009bCE": expected a name without control characters, found U+009B at byte 3`)
	set := empSet()
	set.Period = "2015\t"
	_, err = ReadRegionalLong(writeFile(t, "ok.csv", "region,industry,value\nNorth,01,3\n"), RegionalLongOptions{Set: set})
	wantOption(t, err, `option period "2015\t"`)

	// Printable Unicode, spaces and punctuation are fine.
	if _, err := ReadIndustries(writeFile(t, "ok.csv", "code,name\n10,\"Café, crème & \"\"Brot\"\" — 食品\"\n"), IndustriesOptions{Classification: "NACE2"}); err != nil {
		t.Fatal(err)
	}
}

func wantOption(t *testing.T, err error, want string) {
	t.Helper()
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID || err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error %v (%s), want EINVALID starting %q", err, graphmodel.ErrorCode(err), want)
	}
}

// TestDuplicateHeaderNames refuses a header naming a column twice, with
// the column numbers (1-based), and accepts repeated empty names.
func TestDuplicateHeaderNames(t *testing.T) {
	_, err := ReadLinks(writeFile(t, "d.csv", "from,to,from,value\n10,11,12,3\n"), LinksOptions{Layer: flowsLayer()})
	wantParseError(t, err, `d.csv:1: expected distinct column names in the header, got "from" in columns 1 and 3; rename or remove the repeated column`)
	_, err = ReadIndustries(writeFile(t, "i.csv", "code,name,name\n10,Food,Drink\n"), IndustriesOptions{Classification: "NACE2"})
	wantParseError(t, err, `i.csv:1: expected distinct column names in the header, got "name" in columns 2 and 3`)
	// Names are compared after trimming spaces, as columns are looked up.
	_, err = ReadIndustries(writeFile(t, "i.csv", "\n\ncode,name, code ,x,code\n10,Food,1,2,3\n"), IndustriesOptions{Classification: "NACE2"})
	wantParseError(t, err, `i.csv:3: expected distinct column names in the header, got "code" in columns 1, 3 and 5`)
	if _, err := ReadIndustries(writeFile(t, "i.csv", "code,,name,\n10,,Food,\n"), IndustriesOptions{Classification: "NACE2"}); err != nil {
		t.Fatalf("repeated empty column names: %v", err)
	}
}
