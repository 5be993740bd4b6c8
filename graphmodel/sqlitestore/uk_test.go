package sqlitestore

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/ingest/realdata"

	"github.com/domainscope/domainscope/graphmodel"
)

// ukFlowsLoad reads flows_sic2007_2009_2018.csv (StartIndst,FinalIndst,Counts)
// into a directed flows layer with Value = Count, codes left-padded to 4
// digits and every code auto-created in classification SIC2007.
func ukFlowsLoad(t testing.TB) graphmodel.LayerLoad {
	t.Helper()
	path := filepath.Join(realdata.Dir(t), "uk-labour-flows", "flows_sic2007_2009_2018.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("../shared/data not found: %v", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		t.Fatalf("%s: reading the header: %v", path, err)
	}
	if strings.Join(header, ",") != "StartIndst,FinalIndst,Counts" {
		t.Fatalf("%s: header %q, want StartIndst,FinalIndst,Counts", path, header)
	}
	l := graphmodel.LayerLoad{
		Provenance: graphmodel.Provenance{Source: path},
		Layer: graphmodel.Layer{Name: "labour", Period: "2009-2018", Kind: graphmodel.KindFlows, Classification: "SIC2007",
			Directed: true, Method: "", Threshold: 0},
	}
	seen := map[string]bool{}
	pad := func(line int, col, s string) string {
		if _, err := strconv.Atoi(s); err != nil || len(s) > 4 {
			t.Fatalf("%s:%d: column %s: want an industry code of up to 4 digits, found %q", path, line, col, s)
		}
		code := strings.Repeat("0", 4-len(s)) + s
		if !seen[code] {
			seen[code] = true
			l.AddIndustries = append(l.AddIndustries, graphmodel.Industry{Code: code, Name: "SIC " + code})
		}
		return code
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		line, _ := r.FieldPos(0)
		n, err := strconv.ParseFloat(rec[2], 64)
		if err != nil {
			t.Fatalf("%s:%d: column Counts: want a number, found %q", path, line, rec[2])
		}
		l.Links = append(l.Links, graphmodel.Link{From: pad(line, "StartIndst", rec[0]), To: pad(line, "FinalIndst", rec[1]), Count: n, Value: n})
	}
	l.Provenance.Rows = int64(len(l.Links))
	return l
}

func TestUKFlows(t *testing.T) {
	l := ukFlowsLoad(t)
	s := openTemp(t)
	defer s.Close()
	ctx := context.Background()
	if _, err := s.LoadLayer(ctx, l); err != nil {
		t.Fatal(err)
	}
	ly, err := s.Layer(ctx, "labour", "")
	if err != nil {
		t.Fatal(err)
	}
	// The file has 3,523 data rows (the last line has no newline) over 439
	// distinct codes, all pairs distinct (checked with Python's csv module).
	if ly.Links != 3523 || ly.Nodes != 439 {
		t.Errorf("layer = %+v, want 3523 links and 439 nodes", ly)
	}
	got, err := s.Neighbours(ctx, graphmodel.NeighbourQuery{Layer: "labour", Code: "8610", Top: 5})
	if err != nil {
		t.Fatal(err)
	}
	// Rows of the file touching 8610 (hospital activities), by the larger
	// direction; the self-flow 8610,8610,15390 is not a neighbour:
	//   8610,8690,1403 + 8690,8610,1360 → 8690 other human health, 2763, max 1403
	//   7820,8610,1001 + 8610,7820,791  → 7820 temporary employment agencies, 1792, max 1001
	//   8710,8610,442  + 8610,8710,389  → 8710 residential nursing care, 831, max 442
	//   8610,8621,409  + 8621,8610,300  → 8621 general medical practice, 709, max 409
	//   8520,8610,401  + 8610,8520,301  → 8520 primary education, 702, max 401
	want := []struct {
		code         string
		count, value float64
	}{{"8690", 2763, 1403}, {"7820", 1792, 1001}, {"8710", 831, 442}, {"8621", 709, 409}, {"8520", 702, 401}}
	if len(got) != len(want) {
		t.Fatalf("got %d neighbours, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Code != w.code || g.Count != w.count || g.Value != w.value || g.Direction != "both" {
			t.Errorf("neighbour %d = %s count %v value %v %s, want %s count %v value %v both",
				i+1, g.Code, g.Count, g.Value, g.Direction, w.code, w.count, w.value)
		}
	}
	// Codes below 1000 were left-padded: 0111 (growing of cereals) exists.
	if _, err := s.Industry(ctx, "SIC2007", "0111"); err != nil {
		t.Errorf("industry 0111: %v", err)
	}
	all, err := s.Neighbours(ctx, graphmodel.NeighbourQuery{Layer: "labour", Code: "8610"})
	if err != nil {
		t.Fatal(err)
	}
	// 79 distinct other industries share a row with 8610 (Python count).
	if len(all) != 79 {
		t.Errorf("8610 has %d neighbours, want 79", len(all))
	}
}

func BenchmarkNeighboursUK(b *testing.B) {
	l := ukFlowsLoad(b)
	s := openTemp(b)
	defer s.Close()
	ctx := context.Background()
	if _, err := s.LoadLayer(ctx, l); err != nil {
		b.Fatal(err)
	}
	q := graphmodel.NeighbourQuery{Layer: "labour", Code: "8610", Top: 20}
	b.ResetTimer()
	for b.Loop() {
		if n, err := s.Neighbours(ctx, q); err != nil || len(n) != 20 {
			b.Fatal(len(n), err)
		}
	}
}

func BenchmarkNeighbours100k(b *testing.B) {
	s := openTemp(b)
	defer s.Close()
	ctx := context.Background()
	// 100k links over 2000 industries: each industry has about 100 links.
	if _, err := s.LoadLayer(ctx, bigLoad("big", 100_000)); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		code := fmt.Sprintf("%04d", i%2000)
		i++
		if _, err := s.Neighbours(ctx, graphmodel.NeighbourQuery{Layer: "big", Code: code, Min: new(float64), Top: 20}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadLayer1M loads a layer of one million links (into a store
// that already holds it, so every iteration also deletes the previous one)
// and reports links/s.
func BenchmarkLoadLayer1M(b *testing.B) {
	s := openTemp(b)
	defer s.Close()
	ctx := context.Background()
	l := bigLoad("big", 1_000_000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.LoadLayer(ctx, l); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(l.Links))*float64(b.N)/b.Elapsed().Seconds(), "links/s")
}

// BenchmarkLinks1M streams a layer of one million links.
func BenchmarkLinks1M(b *testing.B) {
	s := openTemp(b)
	defer s.Close()
	ctx := context.Background()
	l := bigLoad("big", 1_000_000)
	if _, err := s.LoadLayer(ctx, l); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		n := 0
		if err := s.Links(ctx, "big", "p", func(graphmodel.Link) error { n++; return nil }); err != nil || n != len(l.Links) {
			b.Fatal(n, err)
		}
	}
	b.ReportMetric(float64(len(l.Links))*float64(b.N)/b.Elapsed().Seconds(), "links/s")
}
