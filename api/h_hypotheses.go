package api

import (
	"container/list"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/domainscope/domainscope/analysis"
	"github.com/domainscope/domainscope/graphmodel"
	"github.com/gin-gonic/gin"
)

// User data over HTTP: saved domain hypotheses (/hypotheses) and the names
// users give knowledge domains (/domains/names). Reads are open; writes need
// the upload token, as uploads do. Nothing here is cached: user data can
// change without the store version changing.

// userDataRoutes are the routes of this file.
func (s *Server) userDataRoutes() []route {
	r := func(method, path string, h gin.HandlerFunc, params ...[]string) route {
		return route{method: method, path: prefix + path, params: join(params...), handler: h}
	}
	return []route{
		r(http.MethodGet, "/hypotheses", s.listHypotheses),
		r(http.MethodPost, "/hypotheses", s.createHypothesis),
		r(http.MethodGet, "/hypotheses/:id", s.getHypothesis),
		r(http.MethodPut, "/hypotheses/:id", s.updateHypothesis),
		r(http.MethodDelete, "/hypotheses/:id", s.deleteHypothesis),
		r(http.MethodGet, "/hypotheses/:id/evidence", s.hypothesisEvidence, graphParams, evidenceParams),
		r(http.MethodGet, "/hypotheses/:id/graph", s.hypothesisGraph, graphParams, domainParams, []string{"bridges", "max_nodes", "domains"}, formatParams, vizParams),
		r(http.MethodGet, "/evidence", s.codesEvidence, graphParams, evidenceParams, []string{"codes"}),
		r(http.MethodGet, "/domains/names", s.listDomainNames),
		r(http.MethodPut, "/domains/names", s.nameDomain, graphParams, domainParams),
		r(http.MethodDelete, "/domains/names/:key", s.deleteDomainName),
	}
}

var evidenceParams = []string{"sector_level", "bridges", "compare_period"}

// wireUserData gives the analyzer the user-data side of st, which the
// error-counting wrapper of the store hides.
func (s *Server) wireUserData(st graphmodel.Store) {
	s.analyzer.Hypotheses, _ = st.(graphmodel.HypothesisStore)
	s.analyzer.DomainNames, _ = st.(graphmodel.DomainNameStore)
}

// authorized checks the bearer token of a write (an upload, a hypothesis, a
// domain name) and answers 403 or 401 when it is missing or wrong.
func (s *Server) authorized(c *gin.Context, what string) bool {
	if s.cfg.UploadToken == "" {
		s.fail(c, graphmodel.Errorf(EFORBIDDEN, "%s are disabled on this server: start it with an upload token (--upload-token or DOMAINSCOPE_UPLOAD_TOKEN)", what))
		return false
	}
	tok, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(s.cfg.UploadToken)) != 1 {
		c.Header("WWW-Authenticate", `Bearer realm="domainscope"`)
		msg := what + " need the header Authorization: Bearer <upload token>"
		if ok {
			msg = "the bearer token is not the upload token"
		}
		s.fail(c, graphmodel.Errorf(EUNAUTHORIZED, "%s", msg))
		return false
	}
	return true
}

// decodeBody reads a request body holding one JSON object into v; unknown
// fields, trailing data and a body over the limit are errors.
func decodeBody(c *gin.Context, v any) error {
	if ct := c.GetHeader("Content-Type"); ct != "" && !strings.HasPrefix(strings.ToLower(ct), "application/json") {
		return graphmodel.Errorf(graphmodel.EINVALID, "expected a JSON body (Content-Type application/json), found Content-Type %q", shorten(ct, 60))
	}
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("more than one JSON value")
	}
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			err = errors.New("data after the JSON object")
		}
	}
	var tooBig *http.MaxBytesError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &tooBig):
		return tooLarge(tooBig.Limit)
	case errors.Is(err, io.EOF):
		return graphmodel.Errorf(graphmodel.EINVALID, "the request body is empty: expected a JSON object")
	}
	return graphmodel.WrapError(graphmodel.EINVALID, err, "the request body is not the JSON object expected: %s", shorten(err.Error(), 200))
}

// hypothesisID reads the path parameter id.
func hypothesisID(c *gin.Context) (int64, error) {
	v := c.Param("id")
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 1 {
		return 0, badParam("id", v, "a hypothesis id (a whole number from 1)")
	}
	return id, nil
}

// HypothesisBody is what POST /hypotheses and PUT /hypotheses/{id} take.
// Classification defaults to the default layers' classification; on PUT,
// Version (when not 0) must be the stored one.
type HypothesisBody struct {
	Name           string                      `json:"name"`
	Classification string                      `json:"classification"`
	Codes          []string                    `json:"codes"`
	Source         string                      `json:"source"`
	Params         graphmodel.HypothesisParams `json:"params"`
	Notes          string                      `json:"notes"`
	Author         string                      `json:"author"`
	Version        int64                       `json:"version"`
}

// HypothesisResponse is one hypothesis with the URL of its evidence.
type HypothesisResponse struct {
	Hypothesis graphmodel.Hypothesis `json:"hypothesis"`
	Evidence   string                `json:"evidence"`
}

// HypothesesResponse is what GET /hypotheses answers.
type HypothesesResponse struct {
	Hypotheses []graphmodel.Hypothesis `json:"hypotheses"`
}

func (s *Server) hypothesisStore() (graphmodel.HypothesisStore, error) {
	if s.analyzer.Hypotheses == nil {
		return nil, graphmodel.Errorf(graphmodel.EUNAVAILABLE, "this store keeps no hypotheses")
	}
	return s.analyzer.Hypotheses, nil
}

func hypothesisResponse(h graphmodel.Hypothesis) HypothesisResponse {
	return HypothesisResponse{Hypothesis: h, Evidence: fmt.Sprintf("%s/hypotheses/%d/evidence", prefix, h.ID)}
}

// withHypotheses runs op on the hypothesis store (a write needs the upload
// token) and answers its error, if any.
func (s *Server) withHypotheses(c *gin.Context, write bool, op func(hs graphmodel.HypothesisStore) error) {
	if write && !s.authorized(c, "writes of hypotheses") {
		return
	}
	hs, err := s.hypothesisStore()
	if err == nil {
		err = op(hs)
	}
	s.failed(c, err)
}

// answerHypothesis answers h with status code.
func answerHypothesis(c *gin.Context, code int, h graphmodel.Hypothesis) {
	noStore(c)
	c.JSON(code, hypothesisResponse(h))
}

func (s *Server) listHypotheses(c *gin.Context) {
	s.withHypotheses(c, false, func(hs graphmodel.HypothesisStore) error {
		list, err := hs.Hypotheses(c.Request.Context())
		if err == nil {
			noStore(c)
			c.JSON(http.StatusOK, HypothesesResponse{Hypotheses: nonNil(list)})
		}
		return err
	})
}

// bodyHypothesis reads a hypothesis body, filling the default classification.
func (s *Server) bodyHypothesis(c *gin.Context) (graphmodel.Hypothesis, error) {
	var b HypothesisBody
	if err := decodeBody(c, &b); err != nil {
		return graphmodel.Hypothesis{}, err
	}
	if b.Classification == "" {
		cl, err := s.classification(c.Request.Context(), params{url.Values{}})
		if err != nil {
			return graphmodel.Hypothesis{}, err
		}
		b.Classification = cl
	}
	return graphmodel.Hypothesis{Name: b.Name, Classification: b.Classification, Codes: b.Codes, Source: b.Source,
		Params: b.Params, Notes: b.Notes, Author: b.Author, Version: b.Version}, nil
}

func (s *Server) createHypothesis(c *gin.Context) {
	s.withHypotheses(c, true, func(hs graphmodel.HypothesisStore) error {
		h, err := s.bodyHypothesis(c)
		if err == nil {
			h, err = hs.CreateHypothesis(c.Request.Context(), h)
		}
		if err == nil {
			s.log.Info("hypothesis created", "request_id", requestID(c), "id", h.ID)
			c.Header("Location", fmt.Sprintf("%s/hypotheses/%d", prefix, h.ID))
			answerHypothesis(c, http.StatusCreated, h)
		}
		return err
	})
}

func (s *Server) getHypothesis(c *gin.Context) {
	s.withHypotheses(c, false, func(hs graphmodel.HypothesisStore) error {
		id, err := hypothesisID(c)
		var h graphmodel.Hypothesis
		if err == nil {
			h, err = hs.Hypothesis(c.Request.Context(), id)
		}
		if err == nil {
			answerHypothesis(c, http.StatusOK, h)
		}
		return err
	})
}

func (s *Server) updateHypothesis(c *gin.Context) {
	s.withHypotheses(c, true, func(hs graphmodel.HypothesisStore) error {
		id, err := hypothesisID(c)
		var h graphmodel.Hypothesis
		if err == nil {
			h, err = s.bodyHypothesis(c)
		}
		if err == nil {
			h.ID = id
			h, err = hs.UpdateHypothesis(c.Request.Context(), h)
		}
		if err == nil {
			answerHypothesis(c, http.StatusOK, h)
		}
		return err
	})
}

func (s *Server) deleteHypothesis(c *gin.Context) {
	s.withHypotheses(c, true, func(hs graphmodel.HypothesisStore) error {
		id, err := hypothesisID(c)
		if err == nil {
			err = hs.DeleteHypothesis(c.Request.Context(), id)
		}
		if err == nil {
			c.Status(http.StatusNoContent)
		}
		return err
	})
}

// hypothesisEvidence recomputes a saved hypothesis's evidence on the graph
// the query selects (default: the layers saved with it, else the server's
// default layers).
func (s *Server) hypothesisEvidence(c *gin.Context) {
	id, err := hypothesisID(c)
	if s.failed(c, err) {
		return
	}
	s.evidence(c, id)
}

// hypothesisGraph answers the network of a hypothesis
// (analysis.Analyzer.HypothesisView) on the layers its evidence uses, in
// any export format. Not cached: a hypothesis can change without the store
// version changing.
func (s *Server) hypothesisGraph(c *gin.Context) {
	id, err := hypothesisID(c)
	if s.failed(c, err) {
		return
	}
	p := readParams(c)
	req := analysis.HypothesisViewRequest{HypothesisRequest: analysis.HypothesisRequest{ID: id, GraphRequest: graphRequest(p)}}
	req.Bridges = p.int("bridges", 10, 1, analysis.MaxEvidenceBridges)
	s.viewOptions(p, &req.View)
	fc := formatOptions(c, p)
	err = p.err
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.Timeout)
	defer cancel()
	var r *rep
	if err == nil {
		err = s.heavyHypothesis(ctx, &req.HypothesisRequest, func() error {
			v, err := s.analyzer.HypothesisView(ctx, req)
			if err == nil {
				r, err = s.encodeView(ctx, v, fc, "domainscope-hypothesis-"+strconv.FormatInt(id, 10))
			}
			return err
		})
	}
	if s.failed(c, err) {
		return
	}
	s.write(c, r)
}

// codesEvidence computes the evidence of industries not saved as a
// hypothesis (a selection on the network), on the query's layers.
func (s *Server) codesEvidence(c *gin.Context) {
	s.evidence(c, 0)
}

// evidenceRequest reads the query of an evidence request (evidenceParams
// and the graph) for hypothesis id, or for the query's codes when id is 0.
func evidenceRequest(p *paramReader, id int64) analysis.HypothesisRequest {
	req := analysis.HypothesisRequest{ID: id, ComparePeriod: p.str("compare_period", ""), GraphRequest: graphRequest(p)}
	req.SectorLevel = p.int("sector_level", 0, 0, 16)
	req.Bridges = p.int("bridges", 10, 1, analysis.MaxEvidenceBridges)
	if id == 0 {
		if req.Codes = p.list("codes"); len(req.Codes) == 0 {
			p.fail(badParam("codes", p.q.Get("codes"), "comma-separated industry codes"))
		}
	}
	return req
}

// hypothesisLayers gives req the server's default layers unless it names
// layers or is a stored hypothesis saved with layers (the analysis then
// takes those, analysis.HypothesisRequest).
func (s *Server) hypothesisLayers(ctx context.Context, req *analysis.HypothesisRequest) error {
	if req.ID != 0 && len(req.Layers) == 0 && s.analyzer.Hypotheses != nil {
		h, err := s.analyzer.Hypotheses.Hypothesis(ctx, req.ID)
		if err != nil {
			return err
		}
		if len(h.Params.Layers) > 0 {
			return nil
		}
	}
	return s.withDefaultLayers(ctx, &req.GraphRequest)
}

// heavyHypothesis gives req its layers (hypothesisLayers) and runs f under
// the limit of heavy requests.
func (s *Server) heavyHypothesis(ctx context.Context, req *analysis.HypothesisRequest, f func() error) error {
	if err := s.hypothesisLayers(ctx, req); err != nil {
		return err
	}
	release, err := s.acquireHeavy(ctx)
	if err != nil {
		return err
	}
	defer release()
	return f()
}

// evidence answers the evidence of hypothesis id, or else of the query's codes.
func (s *Server) evidence(c *gin.Context, id int64) {
	p := readParams(c)
	req := evidenceRequest(p, id)
	if s.failed(c, p.err) {
		return
	}
	ctx := c.Request.Context()
	var ev *analysis.HypothesisEvidence
	err := s.heavyHypothesis(ctx, &req, func() (err error) {
		ev, err = s.analyzer.Hypothesis(ctx, req)
		return err
	})
	if s.failed(c, err) {
		return
	}
	noStore(c)
	c.JSON(http.StatusOK, ev)
}

// DomainNameBody is what PUT /domains/names takes: the name and either the
// ID of a domain in the run the query parameters give, or member codes on
// the query's layers.
type DomainNameBody struct {
	Name   string   `json:"name"`
	Domain int      `json:"domain"`
	Codes  []string `json:"codes"`
}

// DomainNamesResponse is what GET /domains/names answers.
type DomainNamesResponse struct {
	Names []graphmodel.DomainName `json:"names"`
}

// DomainNameResponse is what PUT /domains/names answers.
type DomainNameResponse struct {
	Name graphmodel.DomainName `json:"name"`
}

func (s *Server) listDomainNames(c *gin.Context) {
	if s.analyzer.DomainNames == nil {
		s.fail(c, graphmodel.Errorf(graphmodel.EUNAVAILABLE, "this store keeps no domain names"))
		return
	}
	names, err := s.analyzer.DomainNames.DomainNames(c.Request.Context())
	if s.failed(c, err) {
		return
	}
	if names == nil {
		names = []graphmodel.DomainName{}
	}
	noStore(c)
	c.JSON(http.StatusOK, DomainNamesResponse{Names: names})
}

func (s *Server) nameDomain(c *gin.Context) {
	if !s.authorized(c, "writes of domain names") {
		return
	}
	p := readParams(c)
	req := domainsRequest(p, false)
	if s.failed(c, p.err) {
		return
	}
	var b DomainNameBody
	if s.failed(c, decodeBody(c, &b)) {
		return
	}
	ctx := c.Request.Context()
	if s.failed(c, s.withDefaultLayers(ctx, &req.GraphRequest)) {
		return
	}
	release, err := s.acquireHeavy(ctx)
	if s.failed(c, err) {
		return
	}
	n, err := s.analyzer.NameDomain(ctx, analysis.DomainNameRequest{DomainsRequest: req, Domain: b.Domain, Codes: b.Codes, Name: b.Name})
	release()
	if s.failed(c, err) {
		return
	}
	s.forgetResults()
	noStore(c)
	c.JSON(http.StatusOK, DomainNameResponse{Name: n})
}

func (s *Server) deleteDomainName(c *gin.Context) {
	if !s.authorized(c, "writes of domain names") {
		return
	}
	if s.analyzer.DomainNames == nil {
		s.fail(c, graphmodel.Errorf(graphmodel.EUNAVAILABLE, "this store keeps no domain names"))
		return
	}
	if s.failed(c, s.analyzer.DomainNames.DeleteDomainName(c.Request.Context(), c.Param("key"))) {
		return
	}
	s.forgetResults()
	c.Status(http.StatusNoContent)
}

// forgetResults drops the cached responses and results, whose domain labels
// a changed name makes stale (the store version does not change). A name
// changed by another process shows after the next load or restart.
func (s *Server) forgetResults() {
	s.responses.clear()
	s.results.clear()
}

// clear drops every entry (computations under way finish and are kept).
func (c *cache[V]) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ll = list.New()
	c.entries = map[string]*list.Element{}
	c.used = 0
}

func noStore(c *gin.Context) { c.Header("Cache-Control", "no-store") }
