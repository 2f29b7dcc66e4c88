package main

import (
	"context"
	"log/slog"
)

// lazyAttrs wraps a handler so that the attributes given to Logger.With are kept as they are and
// formatted only when a record is written. FerretDB 1.24 derives a logger from every SQL statement's
// arguments (the whole document, for an insert) before it runs the statement, to log it at debug
// level; slog's own handlers format such attributes at once, even when the record is then dropped
// for its level. That formatting was about an eighth of FerretDB's time in a bulk insert.
type lazyAttrs struct {
	inner slog.Handler
	attrs []slog.Attr
}

func (h *lazyAttrs) Enabled(ctx context.Context, level slog.Level) bool {
	return h.inner.Enabled(ctx, level)
}

func (h *lazyAttrs) Handle(ctx context.Context, r slog.Record) error {
	return h.resolved().Handle(ctx, r)
}

func (h *lazyAttrs) WithAttrs(attrs []slog.Attr) slog.Handler {
	kept := make([]slog.Attr, 0, len(h.attrs)+len(attrs))
	return &lazyAttrs{inner: h.inner, attrs: append(append(kept, h.attrs...), attrs...)}
}

// WithGroup applies the attributes kept so far first: they belong outside the group.
func (h *lazyAttrs) WithGroup(name string) slog.Handler {
	return &lazyAttrs{inner: h.resolved().WithGroup(name)}
}

func (h *lazyAttrs) resolved() slog.Handler {
	if len(h.attrs) == 0 {
		return h.inner
	}
	return h.inner.WithAttrs(h.attrs)
}
