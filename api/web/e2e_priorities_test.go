package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestExplorerPriorities drives the Priorities view in headless Chromium
// over the demo store: the Piedmont example must show, for every old
// cluster, the new priorities it maps into with the API's carried share and
// ratio, in the API's order, and the unmapped and predecessor-less lists;
// sets typed into the form must reach the API, and a set it refuses must
// show its sentence and field (not the page's error box); axe-core must find
// no serious or critical violation.
func TestExplorerPriorities(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the browser end-to-end test")
	}
	pg := newPage(t, demoStore(t))
	type link struct {
		New, Old      string
		Carry, Ratio  float64
		ReverseCarry  float64 `json:"reverse_carry"`
		Shared        []string
		Maps          bool
		Share, Weight float64
	}
	type group struct {
		Name  string
		Links []link
	}
	var api struct {
		Old, New      []group
		Unmapped      []string
		NoPredecessor []string `json:"no_predecessor"`
	}
	res, err := http.Post(pg.srv.URL+"/api/v1/priorities/compare?example=piedmont", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.NewDecoder(res.Body).Decode(&api); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %v", res.StatusCode, err)
	}
	res.Body.Close()

	pg.open("view=priorities&pex=piedmont", "priorities")
	// Rows of the first table: [old group (first row of each group only), new, shared, carried, ratio].
	var rows [][]string
	pg.eval(`[...document.querySelectorAll("#prio-result table")[0].tBodies[0].rows].map((tr) => [...tr.cells].map((c) => c.textContent))`, &rows)
	var want [][]string
	for _, g := range api.Old {
		for k, l := range g.Links {
			shared := strings.Join(l.Shared, " ")
			if shared == "" {
				shared = "—"
			}
			r := []string{l.New, shared, fmt.Sprintf("%.0f %%", 100*l.Carry), fmt.Sprintf("%.2f", l.Ratio)}
			if k == 0 {
				r = append([]string{g.Name}, r...)
			}
			want = append(want, r)
		}
		if len(g.Links) == 0 {
			want = append(want, []string{g.Name, "maps nowhere"})
		}
	}
	if fmt.Sprint(rows) != fmt.Sprint(want) || len(rows) < 12 {
		t.Errorf("the page's old-group table\n%v\nthe API's\n%v", rows, want)
	}
	var old string
	pg.eval(`document.getElementById("prio-old").value`, &old)
	if !strings.Contains(old, "Mechatronics and advanced production systems,28") {
		t.Errorf("the example's old set is not in the form: %.200s", old)
	}
	var cells int
	pg.eval(`document.querySelectorAll(".prio-matrix tbody tr").length`, &cells)
	if cells != len(api.Old) {
		t.Errorf("the matrix has %d rows, the API %d old groups", cells, len(api.Old))
	}
	var csvHead string
	pg.eval(`(async () => { const r = await fetch("/api/v1/priorities/compare?example=piedmont&format=csv", { method: "POST" }); return (await r.text()).split("\n")[0]; })()`, &csvHead)
	var button string
	pg.eval(`[...document.querySelectorAll("#prio-result button")].map((b) => b.textContent).join()`, &button)
	if csvHead != "old,new,shared,weight,share,carry,reverse_carry,ratio,maps" || button != "Download the pairs (CSV)" {
		t.Errorf("CSV header %q, download button %q", csvHead, button)
	}
	pg.axe("priorities")

	// Own sets, one with a code the classification lacks: the API's sentence and field.
	typeSets := func(oldCSV, newCSV string) {
		t.Helper()
		pg.do("typing sets", chromedp.Evaluate[chromedp.Void](`document.getElementById("prio-example").value = "";
			document.getElementById("prio-old").value = `+jsString(oldCSV)+`;
			document.getElementById("prio-new").value = `+jsString(newCSV)+`;
			document.getElementById("prio-form").requestSubmit();`))
	}
	typeSets("group,code\nFood,10\nFood,11\nMining,05\n", "group,code\nLife sciences,21\nLife sciences,zz\n")
	pg.until("the refusal", `document.querySelector("#prio-result .refusal")`)
	if txt := pg.text("#prio-result"); !strings.Contains(txt, `code "zz" is not an industry`) || !strings.Contains(txt, "new.groups[0].codes") {
		t.Errorf("the refusal reads %q", txt)
	}
	typeSets("group,code\nFood,10\nFood,11\nMining,05\n", "group,code\nLife sciences,21\nLife sciences,72\n")
	pg.until("the comparison of own sets", `document.querySelector("#prio-result h2") && document.querySelector("#prio-result h2").textContent.includes("old → new")`)
	if txt := pg.text("#prio-result dl"); !strings.Contains(txt, "Mining") {
		t.Errorf("mining (05) should map nowhere: %q", txt)
	}
}
