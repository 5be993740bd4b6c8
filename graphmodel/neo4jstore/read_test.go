package neo4jstore

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

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
