package metrics

// Context multiplier C of the interference score (science.md R1 and
// section 6; [HEUR], direction from Petré 2021 and Huiberts 2024).
const (
	StatusTrained   = 1.2
	StatusModerate  = 1.0
	StatusUntrained = 0.7
	SexMale         = 1.0
	SexFemale       = 0.8
	SexUnknown      = 0.9 // section 6: sex missing → 0.9
)

// Multiplier returns C = training-status factor × sex factor: trained 1.2,
// moderate 1.0, untrained 0.7 (anything else: 1.0) times male 1.0, female
// 0.8, unknown 0.9 (science.md R1, section 6).
func Multiplier(p Params) float64 {
	s := StatusModerate
	switch p.TrainingStatus {
	case "trained":
		s = StatusTrained
	case "untrained":
		s = StatusUntrained
	}
	switch p.Sex {
	case "male":
		return s * SexMale
	case "female":
		return s * SexFemale
	}
	return s * SexUnknown
}
