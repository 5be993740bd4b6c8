package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/domainscope/domainscope/api"
)

// TestExplorerHypotheses drives the Hypotheses view in headless Chromium
// over the demo store: select three industries on the network of 62 (Space
// and Shift+click) and save them as a hypothesis with the upload token, see
// it listed, reopen it by its permalink in a fresh page load with its
// evidence (the API's numbers) and its network (the API's graph), edit its
// notes, meet a conflict, a write without the token and an unknown code
// (each shown, none changing anything), download its brief, save a domain
// as the draft of another, and delete it. The token stays in
// sessionStorage, never in localStorage or the URL; axe-core finds no
// serious or critical violation.
func TestExplorerHypotheses(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the browser end-to-end test (CI runs it without -race; the race step uses -short)")
	}
	const secret = "e2e-upload-s3cret"
	ctx := browser(t)
	srv := httptest.NewServer(api.New(demoStore(t), api.Config{UploadToken: secret, Logger: quiet()}).Handler())
	t.Cleanup(srv.Close)
	p := &page{t: t, ctx: ctx, srv: srv}
	type hypothesis struct {
		ID      int64
		Name    string
		Codes   []string
		Notes   string
		Author  string
		Source  string
		Version int64
		Params  struct{ Layers []string }
	}
	stored := func(id int64) (hypothesis, int) {
		t.Helper()
		res, err := http.Get(fmt.Sprintf("%s/api/v1/hypotheses/%d", srv.URL, id))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var r struct{ Hypothesis hypothesis }
		if res.StatusCode == http.StatusOK {
			if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
				t.Fatal(err)
			}
		}
		return r.Hypothesis, res.StatusCode
	}
	count := func() int {
		var r struct{ Hypotheses []hypothesis }
		p.apiGet("/api/v1/hypotheses", &r)
		return len(r.Hypotheses)
	}
	// nodeXY is the page position of node code in the network of host.
	nodeXY := func(host, code string) (float64, float64) {
		t.Helper()
		var xy []float64
		p.eval(`(() => { const h = document.querySelector("`+host+`"), c = h.querySelector(".net-canvas");
			c.scrollIntoView({ block: "center" });
			const n = h.network.cy.getElementById("`+code+`"), r = c.getBoundingClientRect();
			if (!n.length) return [];
			const q = n.renderedPosition(); return [r.left + q.x, r.top + q.y]; })()`, &xy)
		if len(xy) != 2 {
			t.Fatalf("%s has no node %s", host, code)
		}
		return xy[0], xy[1]
	}
	msg := func() string { return p.text("#hyp-msg") }

	// Select on the network of 62: the keyboard focuses 62 (the seed comes
	// first), Space selects it; Shift+click adds its two strongest neighbours.
	p.do("open 62", chromedp.Navigate(srv.URL+"/#view=industry&code=62"))
	p.until("the network of 62", readyJS("industry", "#ind-diagram"))
	var nbs []string
	p.eval(`(() => { const cy = document.querySelector("#ind-diagram").network.cy, n = cy.getElementById("62");
		return n.connectedEdges().sort((a, b) => b.data("weight") - a.data("weight")).map((e) => e.source().id() === "62" ? e.target().id() : e.source().id()).slice(0, 2); })()`, &nbs)
	if len(nbs) != 2 {
		t.Fatalf("62 has neighbours %v in its network", nbs)
	}
	p.do("focus 62 with the keyboard",
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#ind-diagram .net-canvas").focus()`),
		chromedp.KeyEvent(kb.ArrowRight))
	p.until("62 focused", `document.querySelector("#ind-diagram").dataset.focus === "62"`)
	p.do("select 62 with Space", chromedp.KeyEvent(" "))
	p.until("62 selected", `document.querySelector("#ind-diagram").dataset.picked === "62"`)
	shift := func(q *input.DispatchMouseEventParams) { q.Modifiers = 8 } // Shift (CDP modifier bits: Alt 1, Ctrl 2, Meta 4, Shift 8)
	for _, c := range nbs {
		nodeXY("#ind-diagram", c) // scrolls the network into view
		p.do("settle", chromedp.Sleep(300*time.Millisecond))
		x, y := nodeXY("#ind-diagram", c)
		p.do("Shift+click "+c, chromedp.MouseClickXY(x, y, shift))
		p.until(c+" selected", `document.querySelector("#ind-diagram").dataset.picked.split(",").includes("`+c+`")`)
	}
	want := append([]string{"62"}, nbs...)
	slices.Sort(want)
	var picked string
	p.eval(`document.querySelector("#ind-diagram").dataset.picked`, &picked)
	if picked != strings.Join(want, ",") {
		t.Fatalf("selected %q on the network; want %v", picked, want)
	}
	if s := p.text("#ind-diagram .net-pick"); !strings.Contains(s, "Selected: 3 industries") {
		t.Errorf("the selection line says %q", s)
	}

	// Save it: the form holds the codes; the token is typed once.
	p.do("save the selection",
		chromedp.Click(chromedp.CSS(`#ind-diagram .net-pick button[data-action="0"]`)))
	p.until("the hypotheses view", readyJS("hypotheses", ""))
	p.do("type the token",
		chromedp.SendKeys(chromedp.CSS(`#hyp-token`), secret),
		chromedp.Click(chromedp.CSS(`#hyp-token-form button[type=submit]`)))
	var codes string
	p.eval(`document.getElementById("hyp-codes").value`, &codes)
	if codes != strings.Join(want, ", ") || !strings.Contains(p.text("#hyp-form-origin"), "selection of 3 on the network of") {
		t.Errorf("the form holds codes %q (%s); want %v from the selection", codes, p.text("#hyp-form-origin"), want)
	}
	p.do("name and save",
		chromedp.SendKeys(chromedp.CSS(`#hyp-name`), "Digital publishing"),
		chromedp.SetValue(chromedp.CSS(`#hyp-notes`), "Ask the cluster manager.\nCheck the 2020 data."),
		chromedp.SetValue(chromedp.CSS(`#hyp-author`), "Ana"),
		chromedp.Click(chromedp.CSS(`#hyp-save`)))
	p.until("saved", `location.hash.includes("hypothesis=1") && `+readyJS("hypotheses", "#hyp-diagram"))
	h, code := stored(1)
	if code != 200 || h.Name != "Digital publishing" || strings.Join(h.Codes, ",") != strings.Join(want, ",") || h.Source != "selection" ||
		h.Author != "Ana" || h.Notes != "Ask the cluster manager.\nCheck the 2020 data." || strings.Join(h.Params.Layers, ",") != "labour@2010-2019" {
		t.Fatalf("stored %d %+v; want the selection with its name, notes, author and layers labour@2010-2019", code, h)
	}
	if s := p.text("#hyp-list"); !strings.Contains(s, "Digital publishing") || !strings.Contains(s, "Ana") {
		t.Errorf("the list shows %q", s)
	}
	var where struct{ Session, Local, URL string }
	p.eval(`({ session: sessionStorage.getItem("domainscope-upload-token") || "", local: JSON.stringify(localStorage), url: location.href })`, &where)
	if where.Session != secret || strings.Contains(where.Local, secret) || strings.Contains(where.URL, secret) {
		t.Errorf("the token is in sessionStorage %q, localStorage %q, URL %q; want sessionStorage only", where.Session, where.Local, where.URL)
	}

	// The permalink in a fresh page load: evidence and network are the API's.
	var link string
	p.eval(`document.getElementById("hyp-permalink").getAttribute("href")`, &link)
	if link != srv.URL+"/#hypothesis=1" {
		t.Errorf("permalink %q", link)
	}
	p.do("reopen by the permalink", chromedp.Navigate("about:blank"), chromedp.Navigate(link))
	p.until("the hypothesis reopened", readyJS("hypotheses", "#hyp-diagram"))
	if s := p.text("#hyp-title"); s != "Hypothesis 1: Digital publishing" {
		t.Errorf("title %q", s)
	}
	if s := p.text("#hyp-notes-shown"); s != "Ask the cluster manager.\nCheck the 2020 data." {
		t.Errorf("notes shown as %q", s)
	}
	var ev struct {
		Cohesion   map[string]float64
		Employment struct {
			Regions []struct {
				Name     string
				Jobs, LQ float64
			}
		}
		Bridges []struct{ Code string }
		Sectors []struct{ Name string }
	}
	p.apiGet("/api/v1/hypotheses/1/evidence", &ev)
	var page map[string]string
	p.eval(`Object.fromEntries([...document.querySelectorAll("#hyp-cohesion dd")].map((d) => [d.dataset.k, d.textContent]))`, &page)
	for k, v := range ev.Cohesion {
		w := fmt.Sprintf("%.3f", v)
		if k == "members" || k == "internal_links" {
			w = fmt.Sprint(v)
		}
		if k != "volume" && page[k] != w {
			t.Errorf("cohesion %s: the page shows %q, the API %s", k, page[k], w)
		}
	}
	var rows [][]string
	p.eval(`[...document.querySelectorAll("#hyp-regions tbody tr")].map((tr) => [...tr.children].map((c) => c.textContent))`, &rows)
	if len(rows) != len(ev.Employment.Regions) || len(rows) == 0 || rows[0][0] != ev.Employment.Regions[0].Name ||
		rows[0][1] != groupThousands(ev.Employment.Regions[0].Jobs) || rows[0][3] != fmt.Sprintf("%.2f", ev.Employment.Regions[0].LQ) {
		t.Errorf("employment rows %v; the API's first region %+v of %d", rows[:min(1, len(rows))], ev.Employment.Regions, len(ev.Employment.Regions))
	}
	if s := p.text("#hyp-bridges"); len(ev.Bridges) == 0 || !strings.Contains(s, ev.Bridges[0].Code) {
		t.Errorf("bridges %q; the API's first is %+v", s, ev.Bridges)
	}
	if s := p.text("#hyp-params"); !strings.Contains(s, "labour@2010-2019 (saved with the hypothesis)") {
		t.Errorf("parameters line %q", s)
	}
	if s := p.text("#hyp-change"); !strings.Contains(s, "labour@2010-2019") || !strings.Contains(s, "Cohesion") {
		t.Errorf("change table %q", s)
	}
	var g struct{ Nodes, Links []struct{} }
	p.apiGet("/api/v1/hypotheses/1/graph?format=json", &g)
	var drawn struct{ Nodes, Edges, Seeds int }
	p.eval(`(() => { const cy = document.querySelector("#hyp-diagram").network.cy; return { nodes: cy.nodes().length, edges: cy.edges().length, seeds: cy.nodes("[?seed]").length }; })()`, &drawn)
	if drawn.Nodes != len(g.Nodes) || drawn.Edges != len(g.Links) || drawn.Seeds != 3 {
		t.Errorf("the network draws %+v; the API's graph has %d nodes and %d links, 3 of them the hypothesis", drawn, len(g.Nodes), len(g.Links))
	}
	p.axe("hypotheses")

	// Edit the notes: version 2.
	p.do("edit the notes",
		chromedp.Click(chromedp.CSS(`#hyp-open button[data-hyp="edit"]`)),
		chromedp.SetValue(chromedp.CSS(`#hyp-notes`), "Met the cluster manager."),
		chromedp.Click(chromedp.CSS(`#hyp-save`)))
	p.until("the edited notes", `document.getElementById("hyp-notes-shown").textContent === "Met the cluster manager."`)
	if h, _ := stored(1); h.Notes != "Met the cluster manager." || h.Version != 2 || h.Source != "selection" {
		t.Errorf("after the edit: %+v; want the new notes, version 2, source kept", h)
	}
	// Someone else changes it meanwhile: the page's save is a conflict, shown, and changes nothing.
	req, _ := http.NewRequest(http.MethodPut, srv.URL+"/api/v1/hypotheses/1", strings.NewReader(`{"name": "Digital publishing", "codes": ["62"], "notes": "theirs", "version": 2}`))
	req.Header.Set("Authorization", "Bearer "+secret)
	req.Header.Set("Content-Type", "application/json")
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != 200 {
		t.Fatalf("the other user's PUT: %v %v", err, res)
	}
	p.do("a conflicting edit",
		chromedp.Click(chromedp.CSS(`#hyp-open button[data-hyp="edit"]`)),
		chromedp.SetValue(chromedp.CSS(`#hyp-notes`), "mine"),
		chromedp.Click(chromedp.CSS(`#hyp-save`)),
		chromedp.WaitVisible(chromedp.CSS(`#hyp-msg`)))
	if s := msg(); !strings.Contains(s, "Someone changed this hypothesis") || !strings.Contains(s, "conflict, HTTP 409") || !strings.Contains(s, "nothing was changed") {
		t.Errorf("conflict message %q", s)
	}
	if h, _ := stored(1); h.Notes != "theirs" || h.Version != 3 {
		t.Errorf("after the conflict: %+v; want the other user's notes, version 3", h)
	}
	p.do("reload after the conflict", chromedp.Click(chromedp.CSS(`#hyp-msg button`)))
	p.until("reloaded", `document.getElementById("hyp-notes-shown").textContent === "theirs"`)

	// Without the token: refused, shown, nothing changed.
	p.do("forget the token", chromedp.Click(chromedp.CSS(`#hyp-token-forget`)),
		chromedp.Click(chromedp.CSS(`#hyp-open button[data-hyp="edit"]`)),
		chromedp.SetValue(chromedp.CSS(`#hyp-notes`), "no token"),
		chromedp.Click(chromedp.CSS(`#hyp-save`)))
	p.until("the message", `document.getElementById("hyp-msg").textContent.includes("401")`)
	if s := msg(); !strings.Contains(s, "need the server's upload token") || !strings.Contains(s, "nothing was changed") {
		t.Errorf("message without the token %q", s)
	}
	if h, _ := stored(1); h.Notes != "theirs" || h.Version != 3 {
		t.Errorf("a write without the token changed the hypothesis: %+v", h)
	}
	// An unknown code: the API's message, nothing saved.
	p.do("an unknown code",
		chromedp.SendKeys(chromedp.CSS(`#hyp-token`), secret+"\n"),
		chromedp.Click(chromedp.CSS(`#hyp-cancel`)),
		chromedp.SendKeys(chromedp.CSS(`#hyp-name`), "Typo"),
		chromedp.SetValue(chromedp.CSS(`#hyp-codes`), "62 99x"),
		chromedp.Click(chromedp.CSS(`#hyp-save`)))
	p.until("the message", `document.getElementById("hyp-msg").textContent.includes("99x")`)
	if s := msg(); !strings.Contains(s, "Not saved") || !strings.Contains(s, "invalid, HTTP 400") {
		t.Errorf("message for an unknown code %q", s)
	}
	if n := count(); n != 1 {
		t.Errorf("%d hypotheses after the refused save, want 1", n)
	}

	// The brief: an HTML handout, and its tables as a CSV zip.
	var briefs []string
	p.eval(`[...document.querySelectorAll("#hyp-open .hyp-actions a[download]")].map((a) => a.getAttribute("href"))`, &briefs)
	if len(briefs) != 2 {
		t.Fatalf("brief links %v; want the HTML brief and the CSV zip", briefs)
	}
	for k, ctype := range []string{"text/html", "application/zip"} {
		res, err := http.Get(srv.URL + briefs[k])
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), ctype) {
			t.Errorf("brief %s: %d %s; want 200 %s", briefs[k], res.StatusCode, res.Header.Get("Content-Type"), ctype)
		}
	}

	// Delete after the confirmation.
	p.do("delete",
		chromedp.Click(chromedp.CSS(`#hyp-open button[data-hyp="delete"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#hyp-confirm`)),
		chromedp.Click(chromedp.CSS(`#hyp-confirm-yes`)))
	p.until("deleted", `document.getElementById("hyp-msg").textContent.startsWith("Deleted hypothesis 1") && document.body.dataset.ready === "hypotheses"`)
	if _, code := stored(1); code != 404 || count() != 0 || strings.Contains(p.text("#hyp-list"), "Digital publishing") {
		t.Errorf("after deleting: GET %d, %d listed, list %q", code, count(), p.text("#hyp-list"))
	}

	// A whole domain as the draft of a new hypothesis.
	var dom struct {
		Domain struct{ Members []struct{ Code string } }
	}
	p.apiGet("/api/v1/domains/1", &dom)
	p.do("open a domain", chromedp.Navigate(srv.URL+"/#view=domains&domain=1"))
	p.until("the domain", readyJS("domains", ""))
	p.do("save a domain", chromedp.Click(chromedp.CSS(`#dom-detail button[data-save-domain="1"]`)))
	p.until("its draft", readyJS("hypotheses", "")+` && document.getElementById("hyp-codes").value !== ""`)
	var mem []string
	for _, m := range dom.Domain.Members {
		mem = append(mem, m.Code)
	}
	p.eval(`document.getElementById("hyp-codes").value`, &codes)
	if codes != strings.Join(mem, ", ") || !strings.Contains(p.text("#hyp-form-origin"), "knowledge domain #1") {
		t.Errorf("the domain's draft holds %q (%s); want %v", codes, p.text("#hyp-form-origin"), mem)
	}
	p.axe("hypotheses (new)")
}

// do runs browser actions, failing the test with the page's state.
func (p *page) do(what string, acts ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, acts...); err != nil {
		state, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`location.hash + " | ready=" + document.body.dataset.ready + " | error: " + document.getElementById("error").textContent + " | message: " + ((document.getElementById("hyp-msg") || {}).textContent || "") + " | notes: " + ((document.getElementById("hyp-notes-shown") || {}).textContent || "")`))
		p.t.Fatalf("%s: %v (page: %s)", what, err, state)
	}
}

// text is the rendered text of the first element sel matches ("" for none).
func (p *page) text(sel string) string {
	p.t.Helper()
	var s string
	p.eval(`(document.querySelector(`+jsString(sel)+`) || {}).innerText || ""`, &s)
	return s
}

// readyJS is true when the page has rendered view (and the network in host,
// unless host is "").
func readyJS(view, host string) string {
	js := `document.body.dataset.ready === "` + view + `"`
	if host != "" {
		js += ` && !!document.querySelector("` + host + `[data-nodes] .net-canvas canvas")`
	}
	return js
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// until waits (at most 25 s) for a JavaScript expression to be true,
// evaluating it every 100 ms.
func (p *page) until(what, expr string) {
	p.t.Helper()
	deadline := time.Now().Add(25 * time.Second)
	for {
		var ok bool
		ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
		res, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](`!!(`+expr+`)`))
		cancel()
		if err == nil && json.Unmarshal(res, &ok) == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			var state string
			p.eval(`location.hash + " | ready=" + document.body.dataset.ready + " | error: " + document.getElementById("error").textContent + " | message: " + ((document.getElementById("hyp-msg") || {}).textContent || "")`, &state)
			p.t.Fatalf("%s: %s still false after 25 s (%v; page: %s)", what, expr, err, state)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
