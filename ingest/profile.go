package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // time_zone is checked against the IANA names, whatever the host has
	"unicode/utf8"
)

// ProfileFileName is the name of the athlete profile file that analyze
// picks up from an input folder. It applies to that folder and everything
// below it, so a coach keeps one per athlete folder.
const ProfileFileName = "athlete.json"

// Profile is what the athlete tells gainguard about themselves. Every field
// is optional; zero values mean "not given" and metrics applies the
// documented fallbacks (and records which ones it used).
//
// The file format is JSON with these keys:
//
//	{"name": "Alex", "sex": "male", "birth_year": 1994, "body_mass_kg": 82,
//	 "body_fat_pct": 14, "hr_max": 191, "hr_rest": 52, "lthr": 172,
//	 "training_status": "trained", "goal": "hypertrophy", "phase": "bulk",
//	 "time_zone": "Europe/Berlin", "tuning": {"order_lift_first": 0.8}}
//
// "fat_free_mass_kg" (from DXA or BIA) may replace "body_fat_pct". "tuning"
// overrides [HEUR] scoring thresholds by their snake_case names; ingest
// only checks that the values are finite numbers, and the scorer
// (report.Build) reports unknown names and applies the others.
// docs/scoring.md lists them.
type Profile struct {
	Name           string         `json:"name,omitempty"`
	Sex            Sex            `json:"sex,omitempty"`              // SexMale | SexFemale
	Age            int            `json:"age,omitempty"`              // years
	BirthYear      int            `json:"birth_year,omitempty"`       // used when Age is 0
	BodyMassKg     float64        `json:"body_mass_kg,omitempty"`     // kg
	HeightCm       float64        `json:"height_cm,omitempty"`        // cm
	BodyFatPct     float64        `json:"body_fat_pct,omitempty"`     // %
	FatFreeMassKg  float64        `json:"fat_free_mass_kg,omitempty"` // kg (DXA/BIA); used when body_fat_pct is not given
	HRMax          float64        `json:"hr_max,omitempty"`           // bpm
	HRRest         float64        `json:"hr_rest,omitempty"`          // bpm
	LTHR           float64        `json:"lthr,omitempty"`             // bpm
	TrainingStatus TrainingStatus `json:"training_status,omitempty"`  // TrainingUntrained | TrainingModerate | TrainingTrained
	Goal           Goal           `json:"goal,omitempty"`             // GoalStrength | GoalHypertrophy | GoalEndurance | GoalHybrid
	Phase          Phase          `json:"phase,omitempty"`            // PhaseBulk | PhaseMaintain | PhaseCut
	TimeZone       string         `json:"time_zone,omitempty"`        // IANA name, e.g. "Europe/Berlin"
	// Tuning overrides scoring heuristics by snake_case name
	// ("order_lift_first": 0.8). Names are validated by the scorer.
	Tuning map[string]float64 `json:"tuning,omitempty"`

	// Notes are what [ReadProfile] noticed and did not refuse: unknown
	// keys (with a did-you-mean) and cut names. Not part of the file
	// format; [Profile.Merge] keeps both sides' notes.
	Notes []string `json:"-"`
}

// IsZero reports whether p gives nothing at all.
func (p *Profile) IsZero() bool {
	return p.Name == "" && p.Sex == "" && p.Age == 0 && p.BirthYear == 0 && p.BodyMassKg == 0 &&
		p.HeightCm == 0 && p.BodyFatPct == 0 && p.FatFreeMassKg == 0 && p.HRMax == 0 && p.HRRest == 0 &&
		p.LTHR == 0 && p.TrainingStatus == "" && p.Goal == "" && p.Phase == "" && p.TimeZone == "" &&
		len(p.Tuning) == 0
}

// Sex is the athlete's sex as a profile gives it; it picks the
// sex-specific constants (HRmax formula, energy-availability thresholds,
// default body fat). "" is unknown.
type Sex string

// Sexes a profile may give.
const (
	SexMale   Sex = "male"
	SexFemale Sex = "female"
)

// Goal is what the athlete trains for; it weighs the interference rules
// (science.md R1).
type Goal string

// Goals a profile may give.
const (
	GoalStrength    Goal = "strength"
	GoalHypertrophy Goal = "hypertrophy"
	GoalEndurance   Goal = "endurance"
	GoalHybrid      Goal = "hybrid"
)

// TrainingStatus is the athlete's training background; it scales the
// interference score (science.md R1).
type TrainingStatus string

// Training statuses a profile may give.
const (
	TrainingUntrained TrainingStatus = "untrained"
	TrainingModerate  TrainingStatus = "moderate"
	TrainingTrained   TrainingStatus = "trained"
)

// Phase is the athlete's nutrition phase (science.md F2, F3).
type Phase string

// Phases a profile may give.
const (
	PhaseBulk     Phase = "bulk"
	PhaseMaintain Phase = "maintain"
	PhaseCut      Phase = "cut"
)

// Allowed values of the enumerated profile fields.
var (
	Sexes            = []Sex{SexMale, SexFemale}
	Goals            = []Goal{GoalStrength, GoalHypertrophy, GoalEndurance, GoalHybrid}
	TrainingStatuses = []TrainingStatus{TrainingUntrained, TrainingModerate, TrainingTrained}
	Phases           = []Phase{PhaseBulk, PhaseMaintain, PhaseCut}
)

// MaxProfileBytes caps the size of a profile file: a profile is a few
// hundred bytes; anything over this is refused before it is read.
const MaxProfileBytes = 1 << 20

// MaxNameBytes caps every name that comes from a file (a profile's name,
// activity and exercise names): longer names are cut at a character
// boundary to this many bytes and the cut is noted (docs/operations.md,
// "Caps"). The cap keeps one hostile string from being copied into every
// row of every table.
const MaxNameBytes = 128

// CapString returns s cut to at most max bytes at a character boundary,
// and whether it was cut.
func CapString(s string, max int) (string, bool) {
	if len(s) <= max {
		return s, false
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut], true
}

// ReadProfile decodes a profile from r and validates it.
//
// The profile is never thrown away for a key it does not know: every
// known key is applied, and each unknown key ("hr_mx") is recorded in
// Profile.Notes with a did-you-mean ("hr_max"), for the caller to report.
// A known key with a value of the wrong type or out of range is an error
// naming the key and the value. A UTF-8 byte order mark is skipped; a name
// over [MaxNameBytes] is cut, with a note.
func ReadProfile(r io.Reader) (Profile, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxProfileBytes+1))
	if err != nil {
		return Profile{}, fmt.Errorf("profile: %w", err)
	}
	if len(data) > MaxProfileBytes {
		return Profile{}, fmt.Errorf("profile: larger than %d KiB: not a profile", MaxProfileBytes>>10)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return Profile{}, fmt.Errorf("profile: %w", err)
	}
	if raw == nil {
		return Profile{}, errors.New("profile: want a JSON object, got null")
	}
	var p Profile
	fields := profileFields(&p)
	for _, k := range slices.Sorted(maps.Keys(raw)) {
		dst, ok := fields[k]
		if !ok {
			p.Notes = append(p.Notes, UnknownKeyNote("", k, slices.Sorted(maps.Keys(fields))))
			continue
		}
		if err := json.Unmarshal(raw[k], dst); err != nil {
			return Profile{}, fmt.Errorf("profile: %s %s: %s", k, quoteCut(string(raw[k])), typeProblem(err))
		}
	}
	if name, cut := CapString(p.Name, MaxNameBytes); cut {
		p.Notes = append(p.Notes, fmt.Sprintf("name is %d bytes long: cut to its first %d (names are capped at %d bytes)",
			len(p.Name), len(name), MaxNameBytes))
		p.Name = name
	}
	return p, p.Validate()
}

// typeProblem says what is wrong with a value json could not decode.
func typeProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("is a JSON %s, want %s", te.Value, te.Type)
	}
	return err.Error()
}

// quoteCut quotes a value for an error message, cut to 40 bytes.
func quoteCut(s string) string {
	if c, cut := CapString(s, 40); cut {
		return strconv.Quote(c) + "…"
	}
	return strconv.Quote(s)
}

// profileFields maps each JSON key of a profile to its field in p.
func profileFields(p *Profile) map[string]any {
	m := map[string]any{}
	v := reflect.ValueOf(p).Elem()
	for i := range v.NumField() {
		tag, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		if tag != "" && tag != "-" {
			m[tag] = v.Field(i).Addr().Interface()
		}
	}
	return m
}

// ProfileKeys returns the keys a profile file may hold, sorted.
func ProfileKeys() []string {
	var p Profile
	return slices.Sorted(maps.Keys(profileFields(&p)))
}

// UnknownKeyNote is the sentence recorded for a key that is not one of
// known: `unknown key "hr_mx" ignored (did you mean "hr_max"?)`. within
// names the object ("tuning") when it is not the profile itself.
func UnknownKeyNote(within, key string, known []string) string {
	what := "unknown key"
	if within != "" {
		what = "unknown " + within + " key"
	}
	note := fmt.Sprintf("%s %s ignored", what, quoteCut(key))
	if s := Suggest(key, known); s != "" {
		note += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return note
}

// Suggest returns the name in known closest to key by edit distance
// (case-insensitive; "-" and " " count as "_"), or "" when none is close:
// at most 2 edits, or a third of key's length for long keys.
func Suggest(key string, known []string) string {
	norm := func(s string) string {
		return strings.NewReplacer("-", "_", " ", "_").Replace(strings.ToLower(s))
	}
	k := norm(key)
	if len(k) > 64 {
		return ""
	}
	best, bestD := "", max(2, len(k)/3)+1
	for _, c := range known {
		if d := editDistance(k, norm(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// checkEnum checks that v, when given, is one of allowed (any case).
func checkEnum[T ~string](field string, v T, allowed []T) error {
	if v == "" {
		return nil
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		if strings.EqualFold(string(v), string(a)) {
			return nil
		}
		names[i] = string(a)
	}
	return fmt.Errorf("profile: %s %s is not one of %s", field, quoteCut(string(v)), strings.Join(names, ", "))
}

// lower is v in lower case.
func lower[T ~string](v T) T { return T(strings.ToLower(string(v))) }

// Validate checks enumerated fields and physiological ranges.
func (p *Profile) Validate() error {
	p.Sex, p.Goal = lower(p.Sex), lower(p.Goal)
	if tz := strings.TrimSpace(p.TimeZone); tz != "" {
		// The same check as --tz: an unknown zone is an error, not UTC.
		if _, err := time.LoadLocation(tz); err != nil {
			return fmt.Errorf("profile: time_zone %s is not a known IANA time zone (e.g. \"Europe/Berlin\")", quoteCut(tz))
		}
	}
	p.TrainingStatus, p.Phase = lower(p.TrainingStatus), lower(p.Phase)
	for _, c := range []error{
		checkEnum("sex", p.Sex, Sexes),
		checkEnum("goal", p.Goal, Goals),
		checkEnum("training_status", p.TrainingStatus, TrainingStatuses),
		checkEnum("phase", p.Phase, Phases),
	} {
		if c != nil {
			return c
		}
	}
	rng := func(field string, v, lo, hi float64) error {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("profile: %s %g is not a finite number", field, v)
		}
		if v != 0 && (v < lo || v > hi) {
			return fmt.Errorf("profile: %s %g is outside %g–%g", field, v, lo, hi)
		}
		return nil
	}
	for _, c := range []error{
		rng("age", float64(p.Age), 10, 100),
		rng("birth_year", float64(p.BirthYear), 1900, 2100),
		rng("body_mass_kg", p.BodyMassKg, 25, 300),
		rng("height_cm", p.HeightCm, 100, 250),
		rng("body_fat_pct", p.BodyFatPct, 2, 70),
		rng("fat_free_mass_kg", p.FatFreeMassKg, 15, 200),
		rng("hr_max", p.HRMax, 100, 240),
		rng("hr_rest", p.HRRest, 25, 120),
		rng("lthr", p.LTHR, 80, 230),
	} {
		if c != nil {
			return c
		}
	}
	if p.HRMax != 0 && p.HRRest != 0 && p.HRRest >= p.HRMax {
		return fmt.Errorf("profile: hr_rest %g must be below hr_max %g", p.HRRest, p.HRMax)
	}
	if p.FatFreeMassKg != 0 && p.BodyMassKg != 0 && p.FatFreeMassKg >= p.BodyMassKg {
		return fmt.Errorf("profile: fat_free_mass_kg %g must be below body_mass_kg %g", p.FatFreeMassKg, p.BodyMassKg)
	}
	for _, k := range slices.Sorted(maps.Keys(p.Tuning)) {
		if v := p.Tuning[k]; math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("profile: tuning %q: %g is not a finite number", k, v)
		}
	}
	return nil
}

// Merge returns p with every non-zero field of o laid over it (flags over file).
func (p Profile) Merge(o Profile) Profile {
	if o.Name != "" {
		p.Name = o.Name
	}
	if o.Sex != "" {
		p.Sex = o.Sex
	}
	if o.Age != 0 {
		p.Age = o.Age
	}
	if o.BirthYear != 0 {
		p.BirthYear = o.BirthYear
	}
	if o.BodyMassKg != 0 {
		p.BodyMassKg = o.BodyMassKg
	}
	if o.HeightCm != 0 {
		p.HeightCm = o.HeightCm
	}
	if o.BodyFatPct != 0 {
		p.BodyFatPct = o.BodyFatPct
	}
	if o.FatFreeMassKg != 0 {
		p.FatFreeMassKg = o.FatFreeMassKg
	}
	if o.HRMax != 0 {
		p.HRMax = o.HRMax
	}
	if o.HRRest != 0 {
		p.HRRest = o.HRRest
	}
	if o.LTHR != 0 {
		p.LTHR = o.LTHR
	}
	if o.TrainingStatus != "" {
		p.TrainingStatus = o.TrainingStatus
	}
	if o.Goal != "" {
		p.Goal = o.Goal
	}
	if o.Phase != "" {
		p.Phase = o.Phase
	}
	if o.TimeZone != "" {
		p.TimeZone = o.TimeZone
	}
	if len(o.Notes) > 0 {
		p.Notes = append(slices.Clip(p.Notes), o.Notes...)
	}
	// Tuning merges key by key; p's map is copied, never written through.
	if len(o.Tuning) > 0 {
		t := maps.Clone(p.Tuning)
		if t == nil {
			t = map[string]float64{}
		}
		maps.Copy(t, o.Tuning)
		p.Tuning = t
	}
	return p
}
