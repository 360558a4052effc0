package metrics

import (
	"fmt"
	"slices"

	"gainguard/ingest"
)

// Modalities of endurance sessions (science.md R2). The scores weigh each
// session by its modality's factor (report.Tuning).
const (
	ModalityRunning = "running"
	ModalityCycling = "cycling"
	ModalityRowing  = "rowing" // rowing, elliptical, paddling, skiing, stair climbing
	ModalityWalking = "walking"
	ModalitySwim    = "swimming"
)

// Compendium-style METs for the cardio modalities when a session has no
// device calories (Ainsworth 2011, "general" entries) [HEUR]: the running
// distance model (1 kcal/kg/km) does not hold for them.
var cardioMET = map[string]float64{
	ModalityCycling: 7.0,
	ModalityRowing:  6.0,
	ModalityWalking: 3.5,
	ModalitySwim:    7.0,
}

// CardioMET returns the MET a session of the modality (not running) is
// costed at when it has no device calories.
func CardioMET(modality string) float64 {
	if met, ok := cardioMET[modality]; ok {
		return met
	}
	return cardioMET[ModalityRowing]
}

// ModalityOf maps a normalized sport and sub-sport to a modality: running
// for runs, else cycling, rowing (rowing, elliptical and other machines,
// paddling, skiing), walking (walking, hiking) or swimming.
func ModalityOf(sport, subSport string) string {
	switch subSport {
	case "indoor_cycling", "spin", "virtual_ride":
		return ModalityCycling
	case "elliptical", "indoor_rowing", "stair_climbing":
		return ModalityRowing
	}
	switch sport {
	case "cycling", "biking", "ride", "e_biking", "virtual_ride":
		return ModalityCycling
	case "walking", "walk", "hiking", "hike":
		return ModalityWalking
	case "swimming", "swim":
		return ModalitySwim
	case "running", "run", "trail_running", "treadmill_running", "virtual_run", "jogging", "":
		return ModalityRunning
	}
	return ModalityRowing
}

// Cardio returns the metrics of every KindCardio activity of one athlete
// (rides, rows, walks, swims), as [Run] values with Sport kept, computed
// like runs ([RunFacts]: durations, heart rate, TRIMP, class, timing to
// lifts) except the energy: device calories when recorded, else minutes
// × the modality's MET (not the running distance model). Output order is
// by Start, then id. lifts are the athlete's lifts from [Analyze].
func Cardio(acts []ingest.Activity, p Params, lifts []Lift) []Run {
	out := cardioFacts(acts, p)
	placeSessions(nil, out, lifts, true)
	return out
}

// cardioFacts is [Cardio] without the timing.
func cardioFacts(acts []ingest.Activity, p Params) []Run {
	var out []Run
	for i := range acts {
		a := &acts[i]
		if a.Kind != ingest.KindCardio {
			continue
		}
		r := runFacts(a, p)
		if r.KcalSource != KcalDevice {
			met := CardioMET(ModalityOf(a.Sport, a.SubSport))
			r.NetKcal, r.KcalSource, r.KcalDisagree = METKcal(r.TimerS/60, met, massKg(p)), KcalMET, false
			r.Notes = append(r.Notes, fmt.Sprintf("%s: energy = minutes × %.1f MET (no device calories)", a.Sport, met))
		}
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b Run) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		switch {
		case a.ActivityID < b.ActivityID:
			return -1
		case a.ActivityID > b.ActivityID:
			return 1
		}
		return 0
	})
	return out
}
