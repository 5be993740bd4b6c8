package graphmodel

// IndustriesLoad is one all-or-nothing load of a classification's industries.
// It replaces the classification's previous industries (and their dataset).
type IndustriesLoad struct {
	Provenance     Provenance
	Classification Classification
	Industries     []Industry
}

// LayerLoad is one all-or-nothing load of a layer. It replaces the layer with
// the same name and period. AddIndustries are created in the layer's
// classification in the same transaction (auto-create of unknown codes);
// every other code of Links must already exist.
type LayerLoad struct {
	Provenance    Provenance
	Layer         Layer
	Links         []Link
	AddIndustries []Industry
}

// RegionalLoad is one all-or-nothing load of regional values. It replaces the
// set with the same measure, classification and period. Regions are created
// or renamed as given.
type RegionalLoad struct {
	Provenance    Provenance
	Set           RegionalSet
	Regions       []Region
	Values        []RegionalValue
	AddIndustries []Industry
}
