package realdata

import (
	"encoding/csv"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
)

// Flow is one row of a UK labour-flows file: Count moves from industry From to To.
type Flow struct {
	From, To string
	Count    float64
}

// UKFlows reads uk-labour-flows/FILE (header StartIndst,FinalIndst,Counts,
// codes as written) or skips the test when it is absent; a malformed file
// fails the test naming file, line and column.
func UKFlows(t testing.TB, file string) []Flow {
	t.Helper()
	p := Path(t, "uk-labour-flows", file)
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		t.Fatalf("%s: reading the header: %v", p, err)
	}
	if strings.Join(header, ",") != "StartIndst,FinalIndst,Counts" {
		t.Fatalf("%s: header %q, want StartIndst,FinalIndst,Counts", p, header)
	}
	var flows []Flow
	for {
		row, err := r.Read()
		if err == io.EOF {
			return flows
		}
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		c, err := strconv.ParseFloat(row[2], 64)
		if err != nil {
			line, _ := r.FieldPos(2)
			t.Fatalf("%s:%d: column Counts: expected a number, found %q", p, line, row[2])
		}
		flows = append(flows, Flow{row[0], row[1], c})
	}
}
