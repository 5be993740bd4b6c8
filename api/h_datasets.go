package api

import (
	"context"
	"crypto/subtle"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/domainscope/domainscope/graphmodel"
)

// Upload is one CSV upload to load into the store.
type Upload struct {
	// Kind is what the file holds (form field "ingest"), as the CLI's
	// 'domainscope ingest KIND': industries, links, spells, patents or regional.
	Kind string
	// Path is the uploaded file, saved under the client's file name (made
	// safe) in a temporary directory removed after the load.
	Path string
	// FileName is the file name the client gave.
	FileName string
	// Options are the other form fields: the ingest command's flags by name
	// without dashes, e.g. classification=SIC2007, pad=4, kind=flows.
	Options map[string]string
}

// Uploader loads an upload with the same validation and all-or-nothing
// rule as the CLI, and returns the new dataset.
type Uploader func(ctx context.Context, u Upload) (graphmodel.Dataset, error)

// UploadKinds are the kinds of file an upload can hold.
var UploadKinds = []string{"industries", "links", "spells", "patents", "regional"}

// UploadResponse is what POST /datasets answers.
type UploadResponse struct {
	Dataset      graphmodel.Dataset `json:"dataset"`
	StoreVersion int64              `json:"store_version"`
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// upload loads a multipart CSV upload (fields: ingest, file, options) into a
// new dataset. It needs the bearer token; one upload runs at a time.
func (s *Server) upload(c *gin.Context) {
	if s.cfg.UploadToken == "" || s.cfg.Upload == nil {
		s.fail(c, graphmodel.Errorf(EFORBIDDEN, "uploads are disabled on this server: start it with an upload token (--upload-token or DOMAINSCOPE_UPLOAD_TOKEN)"))
		return
	}
	tok, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), []byte(s.cfg.UploadToken)) != 1 {
		c.Header("WWW-Authenticate", `Bearer realm="domainscope"`)
		msg := "uploads need the header Authorization: Bearer <upload token>"
		if ok {
			msg = "the bearer token is not the upload token"
		}
		s.fail(c, graphmodel.Errorf(EUNAUTHORIZED, "%s", msg))
		return
	}
	dir, err := os.MkdirTemp("", "domainscope-upload-")
	if err != nil {
		s.fail(c, graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "cannot store the upload: no temporary directory"))
		return
	}
	defer os.RemoveAll(dir)
	u, err := s.readUpload(c.Request, dir)
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	s.uploadMu.Lock()
	ds, err := s.cfg.Upload(ctx, u)
	s.uploadMu.Unlock()
	s.forgetVersion()
	if err != nil {
		// Messages name the file as the client knows it, not the temporary path.
		var ae *graphmodel.Error
		if errors.As(err, &ae) && u.FileName != "" {
			err = &graphmodel.Error{Code: ae.Code, Message: strings.ReplaceAll(ae.Message, u.Path, u.FileName), Err: err}
		}
		s.fail(c, err)
		return
	}
	v, err := s.version(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.log.Info("dataset uploaded", "request_id", c.GetString(ctxRequestID), "kind", u.Kind, "dataset", ds.ID, "target", ds.Target, "records", ds.Records, "store_version", v)
	c.JSON(http.StatusCreated, UploadResponse{Dataset: ds, StoreVersion: v})
}

// readUpload streams the multipart body: the file part into dir, the other
// fields into the options.
func (s *Server) readUpload(r *http.Request, dir string) (Upload, error) {
	u := Upload{Options: map[string]string{}}
	mr, err := r.MultipartReader()
	if err != nil {
		return u, graphmodel.Errorf(graphmodel.EINVALID, "expected a multipart/form-data body with the fields ingest and file (and ingest options), found Content-Type %q", r.Header.Get("Content-Type"))
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return u, s.bodyError(err)
		}
		name := part.FormName()
		switch {
		case name == "file":
			if u.Path != "" {
				return u, graphmodel.Errorf(graphmodel.EINVALID, "field file: expected one file, found several")
			}
			u.FileName = filepath.Base(part.FileName())
			fn := unsafeName.ReplaceAllString(u.FileName, "_")
			if fn == "" || fn == "." || fn == ".." || fn == "_" {
				fn = "upload.csv"
			}
			u.Path = filepath.Join(dir, fn)
			f, err := os.Create(u.Path)
			if err != nil {
				return u, graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "cannot store the upload")
			}
			_, err = io.Copy(f, part)
			if cerr := f.Close(); err == nil && cerr != nil {
				return u, graphmodel.WrapError(graphmodel.EUNAVAILABLE, cerr, "cannot store the upload")
			}
			if err != nil {
				return u, s.bodyError(err)
			}
		case name != "":
			b, err := io.ReadAll(io.LimitReader(part, 4097))
			if err != nil {
				return u, s.bodyError(err)
			}
			if len(b) > 4096 {
				return u, graphmodel.Errorf(graphmodel.EINVALID, "field %s: expected a value of at most 4096 bytes", name)
			}
			if name == "ingest" {
				u.Kind = strings.TrimSpace(string(b))
			} else {
				u.Options[name] = strings.TrimSpace(string(b))
			}
		}
		part.Close()
	}
	if !slices.Contains(UploadKinds, u.Kind) {
		return u, graphmodel.Errorf(graphmodel.EINVALID, "field ingest %q: expected one of %s (what the file holds, as in 'domainscope ingest KIND')", u.Kind, strings.Join(UploadKinds, ", "))
	}
	if u.Path == "" {
		return u, graphmodel.Errorf(graphmodel.EINVALID, "field file: expected a CSV file, found none")
	}
	return u, nil
}

// bodyError reports a body over the size limit as ETOOLARGE.
func (s *Server) bodyError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return graphmodel.Errorf(graphmodel.ETOOLARGE, "the upload is over the limit of %s", byteSize(mbe.Limit))
	}
	return graphmodel.WrapError(graphmodel.EINVALID, err, "the multipart body could not be read: it is malformed or was cut off")
}
