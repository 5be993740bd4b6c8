package demo

// NACE Rev. 2 sections and divisions with their official English names
// (Eurostat, NACE Rev. 2 statistical classification, 2008).

type section struct {
	code        string
	name        string
	first, last int // division code range, inclusive
}

var sections = []section{
	{"A", "Agriculture, forestry and fishing", 1, 3},
	{"B", "Mining and quarrying", 5, 9},
	{"C", "Manufacturing", 10, 33},
	{"D", "Electricity, gas, steam and air conditioning supply", 35, 35},
	{"E", "Water supply; sewerage, waste management and remediation activities", 36, 39},
	{"F", "Construction", 41, 43},
	{"G", "Wholesale and retail trade; repair of motor vehicles and motorcycles", 45, 47},
	{"H", "Transportation and storage", 49, 53},
	{"I", "Accommodation and food service activities", 55, 56},
	{"J", "Information and communication", 58, 63},
	{"K", "Financial and insurance activities", 64, 66},
	{"L", "Real estate activities", 68, 68},
	{"M", "Professional, scientific and technical activities", 69, 75},
	{"N", "Administrative and support service activities", 77, 82},
	{"O", "Public administration and defence; compulsory social security", 84, 84},
	{"P", "Education", 85, 85},
	{"Q", "Human health and social work activities", 86, 88},
	{"R", "Arts, entertainment and recreation", 90, 93},
	{"S", "Other service activities", 94, 96},
	{"T", "Activities of households as employers; undifferentiated goods- and services-producing activities of households for own use", 97, 98},
	{"U", "Activities of extraterritorial organisations and bodies", 99, 99},
}

// division is one NACE Rev. 2 division. weight is a stylised employment
// weight (roughly the order of magnitude of EU employment by division, in
// thousands); it shapes the synthetic data and is not itself data.
type division struct {
	code   string
	name   string
	weight float64
}

var divisions = []division{
	{"01", "Crop and animal production, hunting and related service activities", 8000},
	{"02", "Forestry and logging", 500},
	{"03", "Fishing and aquaculture", 200},
	{"05", "Mining of coal and lignite", 200},
	{"06", "Extraction of crude petroleum and natural gas", 80},
	{"07", "Mining of metal ores", 60},
	{"08", "Other mining and quarrying", 250},
	{"09", "Mining support service activities", 60},
	{"10", "Manufacture of food products", 4300},
	{"11", "Manufacture of beverages", 450},
	{"12", "Manufacture of tobacco products", 50},
	{"13", "Manufacture of textiles", 550},
	{"14", "Manufacture of wearing apparel", 900},
	{"15", "Manufacture of leather and related products", 400},
	{"16", "Manufacture of wood and of products of wood and cork, except furniture; manufacture of articles of straw and plaiting materials", 900},
	{"17", "Manufacture of paper and paper products", 600},
	{"18", "Printing and reproduction of recorded media", 650},
	{"19", "Manufacture of coke and refined petroleum products", 120},
	{"20", "Manufacture of chemicals and chemical products", 1100},
	{"21", "Manufacture of basic pharmaceutical products and pharmaceutical preparations", 600},
	{"22", "Manufacture of rubber and plastic products", 1600},
	{"23", "Manufacture of other non-metallic mineral products", 1200},
	{"24", "Manufacture of basic metals", 950},
	{"25", "Manufacture of fabricated metal products, except machinery and equipment", 3400},
	{"26", "Manufacture of computer, electronic and optical products", 1000},
	{"27", "Manufacture of electrical equipment", 1400},
	{"28", "Manufacture of machinery and equipment n.e.c.", 2900},
	{"29", "Manufacture of motor vehicles, trailers and semi-trailers", 2400},
	{"30", "Manufacture of other transport equipment", 700},
	{"31", "Manufacture of furniture", 900},
	{"32", "Other manufacturing", 900},
	{"33", "Repair and installation of machinery and equipment", 1100},
	{"35", "Electricity, gas, steam and air conditioning supply", 1100},
	{"36", "Water collection, treatment and supply", 450},
	{"37", "Sewerage", 200},
	{"38", "Waste collection, treatment and disposal activities; materials recovery", 900},
	{"39", "Remediation activities and other waste management services", 60},
	{"41", "Construction of buildings", 4000},
	{"42", "Civil engineering", 1500},
	{"43", "Specialised construction activities", 8000},
	{"45", "Wholesale and retail trade and repair of motor vehicles and motorcycles", 3000},
	{"46", "Wholesale trade, except of motor vehicles and motorcycles", 8000},
	{"47", "Retail trade, except of motor vehicles and motorcycles", 15000},
	{"49", "Land transport and transport via pipelines", 6500},
	{"50", "Water transport", 250},
	{"51", "Air transport", 400},
	{"52", "Warehousing and support activities for transportation", 3000},
	{"53", "Postal and courier activities", 1600},
	{"55", "Accommodation", 2700},
	{"56", "Food and beverage service activities", 7500},
	{"58", "Publishing activities", 700},
	{"59", "Motion picture, video and television programme production, sound recording and music publishing activities", 450},
	{"60", "Programming and broadcasting activities", 300},
	{"61", "Telecommunications", 900},
	{"62", "Computer programming, consultancy and related activities", 3500},
	{"63", "Information service activities", 500},
	{"64", "Financial service activities, except insurance and pension funding", 3000},
	{"65", "Insurance, reinsurance and pension funding, except compulsory social security", 900},
	{"66", "Activities auxiliary to financial services and insurance activities", 1200},
	{"68", "Real estate activities", 1800},
	{"69", "Legal and accounting activities", 3500},
	{"70", "Activities of head offices; management consultancy activities", 2000},
	{"71", "Architectural and engineering activities; technical testing and analysis", 3000},
	{"72", "Scientific research and development", 1000},
	{"73", "Advertising and market research", 1100},
	{"74", "Other professional, scientific and technical activities", 1200},
	{"75", "Veterinary activities", 250},
	{"77", "Rental and leasing activities", 700},
	{"78", "Employment activities", 3500},
	{"79", "Travel agency, tour operator and other reservation service and related activities", 500},
	{"80", "Security and investigation activities", 1200},
	{"81", "Services to buildings and landscape activities", 4500},
	{"82", "Office administrative, office support and other business support activities", 2500},
	{"84", "Public administration and defence; compulsory social security", 13000},
	{"85", "Education", 14000},
	{"86", "Human health activities", 12000},
	{"87", "Residential care activities", 4000},
	{"88", "Social work activities without accommodation", 6000},
	{"90", "Creative, arts and entertainment activities", 700},
	{"91", "Libraries, archives, museums and other cultural activities", 500},
	{"92", "Gambling and betting activities", 450},
	{"93", "Sports activities and amusement and recreation activities", 1300},
	{"94", "Activities of membership organisations", 2000},
	{"95", "Repair of computers and personal and household goods", 400},
	{"96", "Other personal service activities", 2800},
	{"97", "Activities of households as employers of domestic personnel", 1500},
	{"98", "Undifferentiated goods- and services-producing activities of private households for own use", 30},
	{"99", "Activities of extraterritorial organisations and bodies", 100},
}

// divIndex maps a division code to its index in divisions.
var divIndex = func() map[string]int {
	m := make(map[string]int, len(divisions))
	for i, d := range divisions {
		m[d.code] = i
	}
	return m
}()

// sectionOf returns the section letter of division index i.
func sectionOf(i int) string {
	n := int(divisions[i].code[0]-'0')*10 + int(divisions[i].code[1]-'0')
	for _, s := range sections {
		if n >= s.first && n <= s.last {
			return s.code
		}
	}
	panic("demo: division " + divisions[i].code + " has no section")
}

// idx returns the indices of the given division codes; it panics on an
// unknown code, which is a programming error in this package's tables.
func idx(codes ...string) []int {
	out := make([]int, len(codes))
	for k, c := range codes {
		i, ok := divIndex[c]
		if !ok {
			panic("demo: unknown division " + c)
		}
		out[k] = i
	}
	return out
}
