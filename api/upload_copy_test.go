package api

import (
	"errors"
	"io"
	"strings"
	"syscall"
	"testing"

	"github.com/domainscope/domainscope/graphmodel"
)

type failingWriter struct{ err error }

func (f failingWriter) Write([]byte) (int, error) { return 0, f.err }

type failingReader struct{ err error }

func (f failingReader) Read([]byte) (int, error) { return 0, f.err }

// TestCopyUploadBlamesTheRightSide: a full temporary directory (ENOSPC on
// write) is the server's failure, 503 with a truthful message, not the
// client's "malformed or was cut off"; a body that breaks while being read is
// still the client's.
func TestCopyUploadBlamesTheRightSide(t *testing.T) {
	s := &Server{}
	err := s.copyUpload(failingWriter{syscall.ENOSPC}, strings.NewReader("from,to,count\n"))
	if graphmodel.ErrorCode(err) != graphmodel.EUNAVAILABLE || !strings.Contains(graphmodel.ErrorMessage(err), "temporary file failed") || !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("write failure: code %q, message %q", graphmodel.ErrorCode(err), graphmodel.ErrorMessage(err))
	}
	if status := statusOf(graphmodel.ErrorCode(err), true); status != 503 {
		t.Errorf("write failure answers %d, want 503", status)
	}
	err = s.copyUpload(io.Discard, failingReader{io.ErrUnexpectedEOF})
	if graphmodel.ErrorCode(err) != graphmodel.EINVALID || !strings.Contains(graphmodel.ErrorMessage(err), "cut off") {
		t.Errorf("read failure: code %q, message %q", graphmodel.ErrorCode(err), graphmodel.ErrorMessage(err))
	}
	if err := s.copyUpload(io.Discard, strings.NewReader("a,b\n")); err != nil {
		t.Errorf("good copy: %v", err)
	}
}
