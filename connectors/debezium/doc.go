// Package debezium decodes and encodes Debezium change events.
//
// Decoding turns a Kafka record's key and value into a pipeline.Change. Three
// wire shapes are recognised by their first byte:
//
//   - JSON from Kafka Connect's JsonConverter with schemas.enable=true:
//     {"schema":{...},"payload":{"before":...,"after":...,"source":...,"op":"c"}}
//   - schemaless JSON (schemas.enable=false): the payload at the top level;
//   - Avro in Confluent wire format (magic byte 0, 4-byte schema id, Avro
//     body), with schemas fetched from a schema registry and cached by id.
//
// Keys follow the same rules. A nil or empty value is a tombstone.
//
// Values are kept close to the wire: JSON integers become int64 (ids never go
// through float64), other JSON numbers become json.Number, strings stay
// strings. That is also what Debezium's semantic types need when the schema is
// present: io.debezium.time.ZonedTimestamp is already a string, MicroTimestamp
// and Timestamp are integers kept as int64, and Connect Decimal and bytes are
// base64 strings kept as strings. The JSON schema block is therefore checked
// to be well-formed JSON (an object or null) and skipped rather than
// interpreted, which keeps the hot path to one pass: a block whose types are
// wrong but whose payload is a valid envelope is read by its payload.
// Avro values, read by the package's own reader, come out as int64, float32,
// float64, string (decimals as scaled strings, enums), bool, []byte, nil and
// nested maps and slices, without union wrappers.
//
// A logical decoding message (op "m") carries its prefix and content in
// Change.After, since it has no row.
//
// Writing envelopes is debeziumenc's job: this package only reads them.
//
// Errors are *DecodeError values. They name the field and the problem and
// never contain a field value, so they are safe to log and to put in a
// dead-letter header.
package debezium
