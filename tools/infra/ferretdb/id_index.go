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
// document) scans the whole table. keepIDIndexes gives every collection table, instead, a unique index
// on the expression the queries use, making those lookups logarithmic instead of linear in collection
// size. The index it replaces held the same values (the two expressions read the same field), so
// uniqueness is enforced as before, by an index SQLite also reads: a duplicate _id still fails with
// SQLITE_CONSTRAINT_UNIQUE, which FerretDB reports as error 11000. One index instead of two also
// spares every insert a second index update (~20% of a 10,000-row insertMany on this backend).
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
// gets a new table under the same name, with FerretDB's index again and without ours.
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
		ours, theirs := table+"_onescale_id", table+"__id_"
		var done int
		err := db.QueryRowContext(ctx,
			`SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ? AND sql LIKE 'CREATE UNIQUE INDEX%') = 1
			    AND (SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?) = 0`,
			ours, theirs).Scan(&done)
		if err != nil {
			return err
		}
		if done == 1 {
			continue
		}
		if err := swapIDIndex(ctx, db, table, ours, theirs); err != nil {
			return err
		}
	}
	return nil
}

// swapIDIndex replaces, in one transaction, FerretDB's unique _id index (and a non-unique one of ours,
// from an earlier version of this program) with a unique index on the expression queries use.
func swapIDIndex(ctx context.Context, db *sql.DB, table, ours, theirs string) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		return err
	}
	statements := []string{
		fmt.Sprintf(`DROP INDEX IF EXISTS %q`, ours),
		fmt.Sprintf(`CREATE UNIQUE INDEX %q ON %q (_ferretdb_sjson->'$._id')`, ours, table),
		fmt.Sprintf(`DROP INDEX IF EXISTS %q`, theirs),
	}
	for _, q := range statements {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			_, _ = conn.ExecContext(context.Background(), `ROLLBACK`)
			return err
		}
	}
	_, err = conn.ExecContext(ctx, `COMMIT`)
	return err
}
