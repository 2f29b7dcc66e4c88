package main

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

// FerretDB 1.24's SQLite backend looks documents up by `_ferretdb_sjson->'$._id'`, while the unique
// index it creates for `_id` is on `_ferretdb_sjson->"_id"`. SQLite only uses an expression index
// whose expression matches the query's, so every lookup by _id (every find, update and delete of one
// document) scans the whole table. keepIDIndexes adds, to every collection table, an index on the
// expression the queries use, making those lookups logarithmic instead of linear in collection size.
func keepIDIndexes(ctx context.Context, dataDir string) {
	ticker := time.NewTicker(500 * time.Millisecond)
	defer ticker.Stop()
	for {
		files, _ := filepath.Glob(filepath.Join(dataDir, "*.sqlite"))
		for _, file := range files {
			if err := indexFile(ctx, file); err != nil && ctx.Err() == nil {
				log.Printf("ferretdb: _id index upkeep of %s: %v", filepath.Base(file), err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// indexFile asks SQLite which collection tables lack the index on every pass rather than remembering
// what it indexed: a collection dropped and created again (a day partition of the hot event store)
// gets a new table under the same name, without the index.
func indexFile(ctx context.Context, file string) error {
	if _, err := os.Stat(file); err != nil {
		return nil // dropped meanwhile
	}
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM _ferretdb_collections`)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil
		}
		return err
	}
	var tables []string
	for rows.Next() {
		var table string
		if err := rows.Scan(&table); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, table)
	}
	rows.Close()
	for _, table := range tables {
		var present int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?`, table+"_onescale_id").Scan(&present); err != nil {
			return err
		}
		if present > 0 {
			continue
		}
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, table+"_onescale_id", table)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}
