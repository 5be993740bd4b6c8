package neo4jstore

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

// nbLoad is the undirected layer nb@2020 over FLAT codes a..g, threshold 0:
//
//	a–b 5, a–c 3, b–d 4, c–d 1, d–e 6, e–f 2, f–g 0.5, and a self-link a–a 9.
func nbLoad() graphmodel.LayerLoad {
	l := graphmodel.LayerLoad{Layer: graphmodel.Layer{Name: "nb", Period: "2020", Kind: graphmodel.KindCoOccurrence, Classification: "FLAT"}}
	for _, c := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		l.AddIndustries = append(l.AddIndustries, graphmodel.Industry{Code: c, Name: "Industry " + c})
	}
	for _, k := range []struct {
		f, t string
		v    float64
	}{{"a", "b", 5}, {"c", "a", 3}, {"b", "d", 4}, {"c", "d", 1}, {"d", "e", 6}, {"e", "f", 2}, {"f", "g", 0.5}, {"a", "a", 9}} {
		l.Links = append(l.Links, graphmodel.Link{From: k.f, To: k.t, Count: 10 * k.v, Value: k.v})
	}
	return l
}

type nbWant struct {
	codes     []string
	hops      []int
	links     []string // "from-to"
	truncated bool
}

func checkNeighbourhood(t *testing.T, s *Store, q NeighbourhoodQuery, want nbWant) {
	t.Helper()
	nb, err := s.Neighbourhood(context.Background(), q)
	if err != nil {
		t.Fatalf("Neighbourhood(%+v): %v", q, err)
	}
	var got nbWant
	for _, n := range nb.Nodes {
		got.codes = append(got.codes, n.Code)
		got.hops = append(got.hops, n.Hops)
	}
	for _, l := range nb.Links {
		got.links = append(got.links, l.From+"-"+l.To)
		if l.Count != 10*l.Value {
			t.Errorf("link %s-%s: count %v, value %v; want count 10 × value", l.From, l.To, l.Count, l.Value)
		}
	}
	got.truncated = nb.Truncated
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Neighbourhood(%+v) = %+v, want %+v", q, got, want)
	}
}

func TestNeighbourhood(t *testing.T) {
	s := openEmpty(t)
	defer s.Close()
	ctx := context.Background()
	if _, err := s.LoadLayer(ctx, nbLoad()); err != nil {
		t.Fatal(err)
	}
	q := NeighbourhoodQuery{Layer: "nb", Code: "a"}
	// 1 hop: b (5) before c (3); the self-link is ignored.
	checkNeighbourhood(t, s, q, nbWant{[]string{"a", "b", "c"}, []int{0, 1, 1}, []string{"a-b", "a-c"}, false})
	// 2 hops: d through b (4) and c (1).
	q.Hops = 2
	checkNeighbourhood(t, s, q, nbWant{[]string{"a", "b", "c", "d"}, []int{0, 1, 1, 2},
		[]string{"a-b", "a-c", "b-d", "c-d"}, false})
	// 3 hops: e through d (6).
	q.Hops = 3
	checkNeighbourhood(t, s, q, nbWant{[]string{"a", "b", "c", "d", "e"}, []int{0, 1, 1, 2, 3},
		[]string{"a-b", "a-c", "b-d", "c-d", "d-e"}, false})
	// Min 3: only a–b 5, b–d 4, d–e 6 are followed and kept (a–c 3 is not above 3).
	q.Min = ptr(3)
	checkNeighbourhood(t, s, q, nbWant{[]string{"a", "b", "d", "e"}, []int{0, 1, 2, 3}, []string{"a-b", "b-d", "d-e"}, false})
	// 3 nodes at most: d does not fit.
	q = NeighbourhoodQuery{Layer: "nb", Code: "a", Hops: 2, MaxNodes: 3}
	checkNeighbourhood(t, s, q, nbWant{[]string{"a", "b", "c"}, []int{0, 1, 1}, []string{"a-b", "a-c"}, true})
	// 2 nodes: of b and c, the stronger b.
	q.MaxNodes = 2
	checkNeighbourhood(t, s, q, nbWant{[]string{"a", "b"}, []int{0, 1}, []string{"a-b"}, true})
	// g hangs on f by 0.5.
	checkNeighbourhood(t, s, NeighbourhoodQuery{Layer: "nb", Code: "g", Hops: 2},
		nbWant{[]string{"g", "f", "e"}, []int{0, 1, 2}, []string{"e-f", "f-g"}, false})

	for _, c := range []struct {
		q    NeighbourhoodQuery
		code string
	}{
		{NeighbourhoodQuery{Layer: "nb", Code: "a", Hops: 4}, graphmodel.EINVALID},
		{NeighbourhoodQuery{Layer: "nb", Code: "a", MaxNodes: -1}, graphmodel.EINVALID},
		{NeighbourhoodQuery{Layer: "nb", Code: "a", MaxNodes: MaxNodesLimit + 1}, graphmodel.ETOOLARGE},
		{NeighbourhoodQuery{Layer: "nb", Code: "zz"}, graphmodel.ENOTFOUND},
		{NeighbourhoodQuery{Layer: "nope", Code: "a"}, graphmodel.ENOTFOUND},
	} {
		if _, err := s.Neighbourhood(ctx, c.q); graphmodel.ErrorCode(err) != c.code {
			t.Errorf("Neighbourhood(%+v): %v, want %s", c.q, err, c.code)
		}
	}
}

func ptr(f float64) *float64 { return &f }

// A read that meets a switch-over is repeated and answers entirely from the
// new version.
func TestReadDuringSwitchOver(t *testing.T) {
	s := openEmpty(t)
	defer s.Close()
	ctx := context.Background()
	a, b := chainLoad("chain", 3), chainLoad("chain", 6)
	if _, err := s.LoadLayer(ctx, a); err != nil {
		t.Fatal(err)
	}
	reads := 0
	// At the first check, after the links of version a were read, version b
	// replaces a (and a's links are deleted).
	s.testHook = func(point string) error {
		if point != "read" {
			return nil
		}
		reads++
		if reads == 1 {
			s.testHook = nil
			_, err := s.LoadLayer(ctx, b)
			s.testHook = func(p string) error {
				if p == "read" {
					reads++
				}
				return nil
			}
			return err
		}
		return nil
	}
	var got []graphmodel.Link
	if err := s.Links(ctx, "chain", "p", func(l graphmodel.Link) error { got = append(got, l); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, b.Links) || reads != 2 {
		t.Errorf("Links during a switch-over: %d links after %d reads, want b's %d links after 2 reads", len(got), reads, len(b.Links))
	}

	// The same for Neighbours: c0003 has c0002 (in) on a, and c0004 (out)
	// as well on b.
	if _, err := s.LoadLayer(ctx, a); err != nil {
		t.Fatal(err)
	}
	reads = 0
	s.testHook = func(point string) error {
		if point != "read" {
			return nil
		}
		reads++
		if reads == 1 {
			s.testHook = nil
			_, err := s.LoadLayer(ctx, b)
			s.testHook = func(string) error { reads++; return nil }
			return err
		}
		return nil
	}
	ns, err := s.Neighbours(ctx, graphmodel.NeighbourQuery{Layer: "chain", Code: "c0003"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) != 2 || ns[0].Code != "c0004" || ns[1].Code != "c0002" || reads != 2 {
		t.Errorf("Neighbours during a switch-over = %+v after %d reads, want c0004 then c0002 (version b) after 2 reads", ns, reads)
	}
	s.testHook = nil

	// A read that keeps meeting switch-overs gives up with EUNAVAILABLE.
	s.testHook = func(point string) error {
		if point == "read" {
			hook := s.testHook
			s.testHook = nil
			_, err := s.LoadLayer(ctx, a)
			s.testHook = hook
			return err
		}
		return nil
	}
	_, err = s.Neighbours(ctx, graphmodel.NeighbourQuery{Layer: "chain", Code: "c0003"})
	s.testHook = nil
	if graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE || errors.Is(err, context.Canceled) {
		t.Errorf("Neighbours during endless reloads: %v, want EUNAVAILABLE", err)
	}
}
