// Command ferretdb runs FerretDB v1 with its SQLite backend on a loopback address.
//
// It embeds the FerretDB library rather than building upstream's cmd/ferretdb, whose
// version check panics when built outside FerretDB's own repository.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	dataDir := flag.String("data-dir", "", "existing directory for the SQLite files")
	flag.Parse()
	if *dataDir == "" {
		fmt.Fprintln(os.Stderr, "ferretdb: --data-dir is required")
		os.Exit(2)
	}
	if err := os.MkdirAll(*dataDir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Handler:  "sqlite",
		// WAL (FerretDB's default) with synchronous=NORMAL: a commit is durable against a crash of
		// this process and loses at most the last moments of commits on a power cut, the promise of
		// MongoDB's default journal (flushed every 100 ms). It halves the cost of every single
		// statement write.
		// temp_store=MEMORY: each statement of a multi-statement transaction (every insert of a
		// bulk insert) keeps a statement journal to undo that statement alone; in memory instead of a
		// temporary file, it costs no write system calls. It plays no part in crash recovery (the WAL
		// does), and SQLite builds no large temporary tables here: FerretDB filters in its own
		// process and has SQLite order only by its record id, an index.
		// wal_autocheckpoint=10000 pages (~40 MB of WAL per database, 10× SQLite's default): a
		// checkpoint copies each changed page back once however often it changed since the last one,
		// so fewer, larger checkpoints copy the pages every insert touches (the right edge of the
		// `_id` index, the table's last pages) far fewer times.
		// FerretDB keeps its other defaults (busy_timeout, journal_mode, auto_vacuum).
		SQLiteURL: "file:" + *dataDir + "/?_pragma=synchronous(normal)&_pragma=temp_store(memory)&_pragma=wal_autocheckpoint(10000)",
		// FerretDB's default (slog.Default) at its default level, without formatting dropped records.
		Logger: slog.New(&lazyAttrs{inner: slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})}),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Println("ferretdb: listening on", *listen)
	go keepIDIndexes(ctx, *dataDir)
	f.Run(ctx)
}
