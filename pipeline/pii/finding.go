// Package pii finds personal data in field values: column-name hints in
// several languages, validated value detectors (checksums, formats) and a
// free-text scanner that returns byte spans. It is pure and allocation-frugal
// because it runs on every field of every change event.
package pii

import "slices"

// Category is a fideslang data category, e.g. "user.contact.email".
type Category string

// The fideslang categories lethe reports. See
// https://ethyca.github.io/fideslang/taxonomy/data_categories/ for the tree.
const (
	Email          Category = "user.contact.email"
	Phone          Category = "user.contact.phone_number"
	Address        Category = "user.contact.address"
	Street         Category = "user.contact.address.street"
	PostalCode     Category = "user.contact.address.postal_code"
	City           Category = "user.contact.address.city"
	Country        Category = "user.contact.address.country"
	Name           Category = "user.name"
	GivenName      Category = "user.name.first"
	FamilyName     Category = "user.name.last"
	DateOfBirth    Category = "user.demographic.date_of_birth"
	Gender         Category = "user.demographic.gender"
	BankAccount    Category = "user.financial.bank_account"
	CreditCard     Category = "user.financial.credit_card"
	Financial      Category = "user.financial"
	NationalID     Category = "user.government_id.national_identification_number"
	Passport       Category = "user.government_id.passport_number"
	DriversLicence Category = "user.government_id.drivers_license_number"
	TaxID          Category = "user.government_id.tax_identification_number"
	IPAddress      Category = "user.device.ip_address"
	DeviceID       Category = "user.device.device_id"
	PreciseGeo     Category = "user.location.precise"
	UniqueID       Category = "user.unique_id"
	Health         Category = "user.health_and_medical"
	Religion       Category = "user.demographic.religious_belief"
	Political      Category = "user.demographic.political_opinion"
	Sexual         Category = "user.sexual_orientation"
	Ethnicity      Category = "user.demographic.race_ethnicity"
	Biometric      Category = "user.biometric"
	// Criminal is data about criminal convictions and offences (Art. 10),
	// fideslang's user.criminal_history.
	Criminal Category = "user.criminal_history"
)

// categories lists every category above, in their order.
var categories = [...]Category{
	Email, Phone, Address, Street, PostalCode, City, Country,
	Name, GivenName, FamilyName, DateOfBirth, Gender,
	BankAccount, CreditCard, Financial,
	NationalID, Passport, DriversLicence, TaxID,
	IPAddress, DeviceID, PreciseGeo, UniqueID,
	Health, Religion, Political, Sexual, Ethnicity, Biometric, Criminal,
}

// Categories returns every category lethe's detectors can report. A
// policy checks its rules against them: a rule that matches none of them
// (a typo such as "user.financal") would never apply.
func Categories() []Category { return slices.Clone(categories[:]) }

// Finding is one piece of personal data found in a value. Start and End are
// byte offsets into the UTF-8 value; a finding that covers a whole short
// field has Start 0 and End len(value).
type Finding struct {
	Category Category
	Start    int
	End      int
	Score    float64 // confidence in [0,1]
	Detector string  // e.g. "email", "iban", "column_hint"
}
