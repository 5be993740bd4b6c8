package api

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/domainscope/domainscope/graphmodel"
)

// RunOptions are the settings of Run.
type RunOptions struct {
	Addr     string        // listen address host:port
	Timeout  time.Duration // a request's limit (Config.Timeout); reads and writes get 30 s more
	Shutdown time.Duration // how long running requests may finish once ctx ends
	Logger   *slog.Logger
	Started  func(net.Addr) // called once listening, with the address (nil: nothing)
}

// Run serves h on opt.Addr until ctx ends, then shuts down gracefully:
// running requests get opt.Shutdown to finish. Listening or serving failures
// are EUNAVAILABLE; a clean shutdown returns nil.
func Run(ctx context.Context, h http.Handler, opt RunOptions) error {
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       opt.Timeout + 30*time.Second,
		WriteTimeout:      opt.Timeout + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(opt.Logger.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", opt.Addr)
	if err != nil {
		return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "cannot listen on %s: %v", opt.Addr, err)
	}
	if opt.Started != nil {
		opt.Started(ln.Addr())
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case err := <-served:
		return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "the server stopped: %v", err)
	case <-ctx.Done():
	}
	opt.Logger.Info("shutting down: waiting for running requests", "timeout", opt.Shutdown)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), opt.Shutdown)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "requests still running after the shutdown timeout %s were cut off", opt.Shutdown)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return graphmodel.WrapError(graphmodel.EUNAVAILABLE, err, "the server stopped: %v", err)
	}
	opt.Logger.Info("stopped")
	return nil
}
