package fit

import (
	"strconv"
	"strings"

	"gainguard/ingest"

	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/typedef"
)

// The typedef String methods already give the FIT profile's lower
// snake_case names ("running", "strength_training", "bench_press"); values
// newer than the profile come out as "SportInvalid(75)", which we turn into
// "sport_75" so they stay distinct and stable.

func enumName(s, prefix string, v uint64) string {
	if strings.Contains(s, "Invalid(") {
		return prefix + "_" + strconv.FormatUint(v, 10)
	}
	return ingest.NormalizeName(s)
}

func sportName(s typedef.Sport) string {
	if s == typedef.SportInvalid {
		return ""
	}
	return enumName(s.String(), "sport", uint64(s))
}

// subSportName returns "" for generic and missing sub-sports.
func subSportName(s typedef.SubSport) string {
	if s == typedef.SubSportInvalid || s == typedef.SubSportGeneric {
		return ""
	}
	return enumName(s.String(), "sub_sport", uint64(s))
}

func categoryName(c typedef.ExerciseCategory) string {
	return enumName(c.String(), "exercise_category", uint64(c))
}

func fileTypeName(f typedef.File) string {
	return enumName(f.String(), "file_type", uint64(f))
}

// manufacturerName returns the profile name ("garmin", "wahoo_fitness") or
// the number of a manufacturer the profile does not know.
func manufacturerName(m typedef.Manufacturer) string {
	if m == typedef.ManufacturerInvalid {
		return ""
	}
	s := m.String()
	if strings.Contains(s, "Invalid(") {
		return strconv.Itoa(int(m))
	}
	return s
}

// productName returns the garmin_product name for Garmin-family devices
// ("fr965") and the product number otherwise.
func productName(m typedef.Manufacturer, p uint16) string {
	if p == basetype.Uint16Invalid {
		return ""
	}
	switch m {
	case typedef.ManufacturerGarmin, typedef.ManufacturerDynastream,
		typedef.ManufacturerDynastreamOem, typedef.ManufacturerTacx:
		if s := typedef.GarminProduct(p).String(); !strings.Contains(s, "Invalid(") {
			return s
		}
	}
	return strconv.Itoa(int(p))
}
