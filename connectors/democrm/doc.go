// Package democrm simulates a legacy customer CRM that emits Debezium change
// events, for demos, tests and benchmarks of lethe.
//
// The CRM has the shared demo schema (customers, contacts, addresses, orders,
// tickets, consents in PostgreSQL schema "public", topics
// "<prefix>.public.<table>" keyed by primary key) and the mess of a system
// that has lived through several migrations and five country offices
// (de-DE, fr-FR, nl-NL, pl-PL, en-GB): local names, streets and postal codes;
// phone numbers in every format people type; birth dates as strings in mixed
// layouts; upper-case e-mails; half-filled fields; valid IBANs, card numbers
// and national IDs (Steuer-ID, NIR, BSN, PESEL, NINO) next to masked cards;
// consents with withdrawals; and free-text ticket notes in the customer's
// language that mention names, phone numbers, e-mails and IBANs inside
// sentences, with order numbers and amounts as distractors.
//
// Every Event carries Truth: the personal data the generator planted in it,
// so tests can check that none of it reaches a sanitized topic. The sequence
// is deterministic for a seed.
package democrm
