package api

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/domainscope/domainscope/graphmodel"
)

// Error codes of the API beyond graphmodel's: a request without the upload
// token, and uploads on a server started without one.
const (
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	EMETHOD       = "method_not_allowed" // 405, with the Allow header
)

// statusOf maps an error code to its HTTP status. It is the only place
// where codes become statuses. too_large is 413 only for a request that
// carries a body (the body is over a limit); a query asking for more than a
// limit allows (a diagram over the renderer's caps) is 422.
func statusOf(code string, hasBody bool) int {
	switch code {
	case graphmodel.EINVALID:
		return http.StatusBadRequest
	case EUNAUTHORIZED:
		return http.StatusUnauthorized
	case EFORBIDDEN:
		return http.StatusForbidden
	case EMETHOD:
		return http.StatusMethodNotAllowed
	case graphmodel.ENOTFOUND:
		return http.StatusNotFound
	case graphmodel.ECONFLICT:
		return http.StatusConflict
	case graphmodel.ETOOLARGE:
		if hasBody {
			return http.StatusRequestEntityTooLarge
		}
		return http.StatusUnprocessableEntity
	case graphmodel.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// ErrorBody is the JSON of every error response.
type ErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		// Parameter names the query parameter that is wrong, when one is.
		Parameter string `json:"parameter,omitempty"`
		RequestID string `json:"request_id,omitempty"`
	} `json:"error"`
}

// publicError returns the code and the message shown to clients. Messages
// of *graphmodel.Error are written for users; any other error (a driver's,
// the runtime's) is replaced by a generic text, and an expired request
// deadline is said in words.
func (s *Server) publicError(err error) (code, msg string) {
	var ae *graphmodel.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return graphmodel.EUNAVAILABLE, "the request took longer than the limit of " + s.cfg.Timeout.String() +
			": ask for less (fewer hops or seeds, a smaller max_nodes, fewer runs) or try again"
	case errors.Is(err, context.Canceled):
		return graphmodel.EUNAVAILABLE, "the request was cancelled"
	case errors.As(err, &ae) && ae.Message != "":
		return ae.Code, ae.Message
	case errors.As(err, &ae):
		return ae.Code, "internal error"
	}
	return graphmodel.EINTERNAL, "internal error"
}

// fail writes err as the JSON error body with its status and logs the full
// error (with its cause) for server errors.
func (s *Server) fail(c *gin.Context, err error) {
	code, msg := s.publicError(err)
	status := statusOf(code, c.Request.ContentLength != 0 || c.Request.Method == http.MethodPost)
	var body ErrorBody
	body.Error.Code, body.Error.Message, body.Error.RequestID = code, msg, requestID(c)
	if f := graphmodel.ErrorField(err); f != "" && status < 500 {
		// Inner packages name the input as the request types do; those
		// names are the query parameters' (max_nodes, resolution, weights).
		body.Error.Parameter = f
		if !strings.Contains(msg, f) {
			body.Error.Message = "parameter " + f + ": " + msg
		}
	}
	switch {
	case errors.Is(err, context.Canceled) && c.Request.Context().Err() != nil:
		s.log.Info("client went away", "request_id", body.Error.RequestID, "route", c.FullPath())
	case status >= 500:
		s.log.Warn("request failed", "request_id", body.Error.RequestID, "route", c.FullPath(), "status", status, "error", err, "cause", errors.Unwrap(err))
	}
	requestOf(c).errCode = code
	c.Header("Cache-Control", "no-store")
	if isBusy(s, err) {
		c.Header("Retry-After", "1")
	}
	c.AbortWithStatusJSON(status, body)
}
