package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// A file shaped as FerretDB 1.24 leaves one: its metadata table and a collection table with its
// unique index on `_ferretdb_sjson->"_id"`.
func ferretFile(t *testing.T, earlierIndex bool) (string, *sql.DB) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "db.sqlite")
	db, err := sql.Open("sqlite", "file:"+file)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, q := range []string{
		`CREATE TABLE _ferretdb_collections (name TEXT, table_name TEXT, settings TEXT)`,
		`INSERT INTO _ferretdb_collections VALUES ('things', 'things_1234', '{}')`,
		`CREATE TABLE things_1234 (_ferretdb_sjson TEXT)`,
		`CREATE UNIQUE INDEX "things_1234__id_" ON "things_1234" (_ferretdb_sjson->"_id")`,
		`INSERT INTO things_1234 VALUES ('{"_id":"a","n":1}'), ('{"_id":"b","n":2}')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if earlierIndex {
		if _, err := db.Exec(`CREATE INDEX "things_1234_onescale_id" ON "things_1234" (_ferretdb_sjson->'$._id')`); err != nil {
			t.Fatal(err)
		}
	}
	return file, db
}

func indexesOf(t *testing.T, db *sql.DB) map[string]string {
	t.Helper()
	rows, err := db.Query(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'things_1234'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, q string
		if err := rows.Scan(&name, &q); err != nil {
			t.Fatal(err)
		}
		out[name] = q
	}
	return out
}

func TestIndexFileReplacesFerretDBsIDIndex(t *testing.T) {
	for _, earlier := range []bool{false, true} {
		file, db := ferretFile(t, earlier)
		if err := indexFile(context.Background(), file); err != nil {
			t.Fatal(err)
		}
		indexes := indexesOf(t, db)
		if len(indexes) != 1 || !strings.HasPrefix(indexes["things_1234_onescale_id"], "CREATE UNIQUE INDEX") {
			t.Fatalf("earlier index %v: want only a unique things_1234_onescale_id, got %v", earlier, indexes)
		}

		// A lookup by _id, as FerretDB writes it, reads the index instead of scanning the table.
		var id, parent, notused int
		var detail string
		if err := db.QueryRow(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM things_1234 WHERE _ferretdb_sjson->'$._id' = '"a"'`).
			Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(detail, "USING INDEX things_1234_onescale_id") {
			t.Fatalf("lookup by _id does not use the index: %s", detail)
		}

		// _id stays unique: a second document with a stored _id is refused by the constraint FerretDB
		// reports as a duplicate key.
		_, err := db.Exec(`INSERT INTO things_1234 VALUES ('{"_id":"a","n":3}')`)
		if err == nil || !strings.Contains(err.Error(), "UNIQUE constraint failed") {
			t.Fatalf("a duplicate _id was not refused: %v", err)
		}

		// A second pass finds nothing to do.
		if err := indexFile(context.Background(), file); err != nil {
			t.Fatal(err)
		}
		if after := indexesOf(t, db); len(after) != 1 || after["things_1234_onescale_id"] != indexes["things_1234_onescale_id"] {
			t.Fatalf("second pass changed the indexes: %v", after)
		}
	}
}
