package api

import (
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
	"github.com/domainscope/domainscope/ingest"
)

// upload is one CSV upload to load into the store.
type upload struct {
	// Kind is what the file holds (form field "ingest"), as the CLI's
	// 'domainscope ingest KIND': industries, links, spells, patents or regional.
	Kind string
	// Path is the uploaded file, saved under the client's file name (made
	// safe) in a temporary directory removed after the load.
	Path string
	// FileName is the file name the client gave.
	FileName string
	// Fields are the other form fields: the ingest options by the CLI's
	// flag names without dashes, e.g. classification=SIC2007, pad=4, kind=flows.
	Fields map[string]string
}

// reword makes an error's message name the options as form fields and the
// file as the client knows it, not by its temporary path.
func (u upload) reword(err error) error {
	var ae *graphmodel.Error
	if !errors.As(err, &ae) {
		return err
	}
	msg := ingest.Reword(err, formWording{})
	if u.FileName != "" {
		msg = strings.ReplaceAll(msg, u.Path, u.FileName)
	}
	return &graphmodel.Error{Code: ae.Code, Message: msg, Field: ae.Field, Err: err}
}

// UploadResponse is what POST /datasets answers.
type UploadResponse struct {
	Dataset      graphmodel.Dataset `json:"dataset"`
	StoreVersion int64              `json:"store_version"`
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// upload loads a multipart CSV upload (fields: ingest, file, options) into a
// new dataset with ingest.Load, as 'domainscope ingest KIND FILE' does. It
// needs the bearer token; one upload runs at a time.
func (s *Server) upload(c *gin.Context) {
	if !s.authorized(c, "uploads") {
		return
	}
	dir, err := os.MkdirTemp("", "domainscope-upload-")
	if err != nil {
		s.fail(c, graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "cannot store the upload: no temporary directory"))
		return
	}
	defer os.RemoveAll(dir)
	u, err := s.readUpload(c.Request, dir)
	if s.failed(c, err) {
		return
	}
	opt, err := uploadOptions(u.Kind, u.Fields, UploadExpansion*s.cfg.MaxBodyBytes)
	if err != nil {
		s.fail(c, u.reword(err))
		return
	}
	ctx := c.Request.Context()
	s.uploadMu.Lock()
	ds, err := ingest.Load(ctx, s.store, u.Path, opt)
	s.uploadMu.Unlock()
	s.forgetVersion()
	if err != nil {
		s.fail(c, u.reword(err))
		return
	}
	v, err := s.version(ctx)
	if s.failed(c, err) {
		return
	}
	s.log.Info("dataset uploaded", "request_id", requestID(c), "kind", u.Kind, "dataset", ds.ID, "target", ds.Target, "records", ds.Records, "store_version", v)
	c.JSON(http.StatusCreated, UploadResponse{Dataset: ds, StoreVersion: v})
}

// readUpload streams the multipart body: the file part into dir, the other
// fields into the options.
func (s *Server) readUpload(r *http.Request, dir string) (upload, error) {
	u := upload{Fields: map[string]string{}}
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
			err = s.copyUpload(f, part)
			if cerr := f.Close(); err == nil && cerr != nil {
				return u, graphmodel.WrapError(graphmodel.EUNAVAILABLE, cerr, "cannot store the upload")
			}
			if err != nil {
				return u, err
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
				u.Fields[name] = strings.TrimSpace(string(b))
			}
		}
		part.Close()
	}
	if !slices.Contains(uploadKinds, u.Kind) {
		return u, graphmodel.FieldErrorf(graphmodel.EINVALID, "ingest", "field ingest %q: expected one of %s (what the file holds, as in 'domainscope ingest KIND')", u.Kind, strings.Join(uploadKinds, ", "))
	}
	if u.Path == "" {
		return u, graphmodel.Errorf(graphmodel.EINVALID, "field file: expected a CSV file, found none")
	}
	return u, nil
}

// copyUpload copies an uploaded file to its temporary file. A failure to
// write (a full disk, a quota) is the server's, EUNAVAILABLE; a failure to
// read is the body's (bodyError).
func (s *Server) copyUpload(dst io.Writer, src io.Reader) error {
	w := &trackedWriter{w: dst}
	if _, err := io.Copy(w, src); err != nil {
		if w.err != nil {
			return graphmodel.WrapError(graphmodel.EUNAVAILABLE, w.err, "cannot store the upload: writing the server's temporary file failed (%v)", w.err)
		}
		return s.bodyError(err)
	}
	return nil
}

// trackedWriter remembers the first error its writer returned, so that a
// copy can tell a write failure from a read failure.
type trackedWriter struct {
	w   io.Writer
	err error
}

func (t *trackedWriter) Write(p []byte) (int, error) {
	n, err := t.w.Write(p)
	if err != nil && t.err == nil {
		t.err = err
	}
	return n, err
}

// bodyError reports a body over the size limit as ETOOLARGE.
func (s *Server) bodyError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return graphmodel.Errorf(graphmodel.ETOOLARGE, "the upload is over the limit of %s", byteSize(mbe.Limit))
	}
	return graphmodel.WrapError(graphmodel.EINVALID, err, "the multipart body could not be read: it is malformed or was cut off")
}
