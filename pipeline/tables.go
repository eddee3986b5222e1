package pipeline

import (
	"slices"
	"strings"

	"github.com/lethe-cdc/lethe/pipeline/jsonw"
	"github.com/lethe-cdc/lethe/pipeline/policy"
)

// tableState is what a lane caches per source table, so the hot path does
// no string building: the table's names, its policy rules and its columns
// in the order they are written.
type tableState struct {
	schema, table, qualified string
	rules                    map[string]policy.ColumnRule
	cols                     columnList // row images
	keyCols                  columnList // record keys
}

// columnList is a table's column names, sorted (the order they are written
// in), with their renderings as JSON object keys.
type columnList struct {
	names []string
	keys  [][]byte // each name as a JSON object key, `"name":`
}

// of returns the row's column names sorted. Rows of one table nearly always
// have the same columns, so the list is only rebuilt when a row differs.
func (cl *columnList) of(row Row) []string {
	if len(cl.names) == len(row) {
		same := true
		for _, c := range cl.names {
			if _, ok := row[c]; !ok {
				same = false
				break
			}
		}
		if same {
			return cl.names
		}
	}
	// Column names are copied: they may point into a record the cache
	// must not keep alive.
	cl.names = cl.names[:0:0]
	for c := range row {
		cl.names = append(cl.names, strings.Clone(c))
	}
	slices.Sort(cl.names)
	cl.keys = make([][]byte, len(cl.names))
	for i, c := range cl.names {
		cl.keys[i] = append(jsonw.AppendString(nil, c), ':')
	}
	return cl.names
}

// table returns the lane's state of schema.table.
func (l *lane) table(schema, table string) *tableState {
	if ts, ok := l.tables[[2]string{schema, table}]; ok {
		return ts
	}
	ts := &tableState{schema: strings.Clone(schema), table: strings.Clone(table), qualified: schema + "." + table}
	for key := range l.cfg.Policy.Columns {
		col := key[strings.LastIndexByte(key, '.')+1:]
		if rule, ok := l.cfg.Policy.Column(schema, table, col); ok {
			if ts.rules == nil {
				ts.rules = map[string]policy.ColumnRule{}
			}
			ts.rules[col] = rule
		}
	}
	l.tables[[2]string{ts.schema, ts.table}] = ts
	return ts
}
