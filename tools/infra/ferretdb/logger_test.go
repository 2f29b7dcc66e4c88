package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
)

// counted is an attribute value that records how often it is formatted.
type counted struct{ n *int }

func (c counted) LogValue() slog.Value {
	*c.n++
	return slog.StringValue("doc")
}

func TestLazyAttrsFormatsNothingForADroppedRecord(t *testing.T) {
	var out bytes.Buffer
	formatted := 0
	logger := slog.New(&lazyAttrs{inner: slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelInfo})})

	logger.With(slog.Any("args", counted{&formatted})).Debug(">>> INSERT")
	if formatted != 0 || out.Len() != 0 {
		t.Fatalf("a debug record under an info logger formatted its attributes %d times and wrote %q", formatted, out.String())
	}

	// slog's own handler formats them as soon as With is called: what the wrapper avoids.
	slog.New(slog.NewTextHandler(&bytes.Buffer{}, &slog.HandlerOptions{Level: slog.LevelInfo})).With(slog.Any("args", counted{&formatted}))
	if formatted != 1 {
		t.Fatalf("expected the plain handler to format at With, formatted %d times", formatted)
	}
}

func TestLazyAttrsWritesKeptAttributesAndGroups(t *testing.T) {
	var out bytes.Buffer
	logger := slog.New(&lazyAttrs{inner: slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelInfo})})

	logger.With("db", "m").WithGroup("stmt").With("table", "t1").Warn("slow", "ms", 7)
	line := strings.TrimSpace(out.String())
	for _, want := range []string{"level=WARN", "msg=slow", "db=m", "stmt.table=t1", "stmt.ms=7"} {
		if !strings.Contains(line, want) {
			t.Fatalf("%q lacks %q", line, want)
		}
	}
	if !logger.Enabled(context.Background(), slog.LevelInfo) || logger.Enabled(context.Background(), slog.LevelDebug) {
		t.Fatal("the wrapper must keep the inner handler's level")
	}
}
