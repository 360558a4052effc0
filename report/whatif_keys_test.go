package report

import (
	"crypto/sha256"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"gainguard/metrics"
)

// whatIfInputs is one athlete's what-if inputs, as addWhatIfs gets them.
type whatIfInputs struct {
	runs  []metrics.Run
	lifts []metrics.Lift
	p     metrics.Params
	opt   ScoreOptions
}

// clone copies everything an edit below may change.
func (in whatIfInputs) clone() whatIfInputs {
	c := whatIfInputs{runs: slices.Clone(in.runs), lifts: slices.Clone(in.lifts), p: in.p, opt: in.opt}
	for i := range c.runs {
		c.runs[i].Notes = slices.Clone(c.runs[i].Notes)
	}
	c.p.Defaults, c.p.Sources = slices.Clone(in.p.Defaults), slices.Clone(in.p.Sources)
	c.opt.Cardio = slices.Clone(in.opt.Cardio)
	for i := range c.opt.Cardio {
		c.opt.Cardio[i].Notes = slices.Clone(c.opt.Cardio[i].Notes)
	}
	c.opt.Intake, c.opt.WeighIns, c.opt.Sleep = slices.Clone(in.opt.Intake), slices.Clone(in.opt.WeighIns), slices.Clone(in.opt.Sleep)
	if in.opt.RunCarbsGPerH != nil {
		c.opt.RunCarbsGPerH = map[string]float64{}
		for k, v := range in.opt.RunCarbsGPerH {
			c.opt.RunCarbsGPerH[k] = v
		}
	}
	return c
}

// whatIfKeysOf are the keys the memo gives the week: its athlete key,
// its window key (windowed false: none), and the window key's reference,
// a SHA-256 of the window's inputs hashed whole ([hashValue] over the
// runs, lifts, params and options the search reads), the week and its
// base score — what the window key must tell apart.
type whatIfKeysOf struct {
	athlete, window WhatIfKey
	windowed        bool
	ref             [sha256.Size]byte
	at              *whatIfWindowAt
}

func keysOf(t *testing.T, in whatIfInputs, weekStart time.Time) whatIfKeysOf {
	t.Helper()
	m := newWhatIfMemo(newMemWhatIfCache())
	m.hist = newWhatIfHistory(in.runs, in.lifts, in.p, in.opt)
	m.once.Do(m.hashAthlete)
	if !m.keyed {
		t.Fatal("the inputs cannot be hashed")
	}
	var k whatIfKeysOf
	k.athlete = m.athleteKey(weekStart)
	k.window, k.windowed = m.windowKey(weekStart)
	if !k.windowed {
		return k
	}
	w, _ := m.hist.inputs(weekStart)
	k.at = w.at
	h := sha256.New()
	opt := w.opt
	opt.body = nil
	for _, v := range []any{w.runs, w.lifts, in.p, opt} {
		if err := hashValue(h, reflect.ValueOf(v), 0); err != nil {
			t.Fatal(err)
		}
	}
	hashTime(h, weekStart)
	fmt.Fprintf(h, "%x", math.Float64bits(w.base))
	h.Sum(k.ref[:0])
	return k
}

// leafEdit changes one leaf of a value (a field, an element) reached
// from the root it is given (addressable).
type leafEdit struct {
	path string
	edit func(root reflect.Value)
}

// leafEdits lists an edit of every exported leaf of type t: a number
// changed, a string extended, a bool flipped, a time moved by a second, a
// location replaced, a slice or map given another element, an array's
// first element edited.
func leafEdits(t reflect.Type) []leafEdit {
	var out []leafEdit
	var walk func(t reflect.Type, path string, get func(reflect.Value) reflect.Value)
	add := func(path string, get func(reflect.Value) reflect.Value, f func(reflect.Value)) {
		out = append(out, leafEdit{path, func(root reflect.Value) { f(get(root)) }})
	}
	walk = func(t reflect.Type, path string, get func(reflect.Value) reflect.Value) {
		switch t {
		case reflect.TypeFor[time.Time]():
			add(path, get, func(v reflect.Value) { v.Set(reflect.ValueOf(v.Interface().(time.Time).Add(time.Second))) })
			return
		case reflect.TypeFor[*time.Location]():
			add(path, get, func(v reflect.Value) { v.Set(reflect.ValueOf(time.FixedZone("edited", 7*3600))) })
			return
		}
		switch t.Kind() {
		case reflect.Struct:
			for i := range t.NumField() {
				if f := t.Field(i); f.IsExported() {
					walk(f.Type, path+"."+f.Name, func(v reflect.Value) reflect.Value { return get(v).Field(i) })
				}
			}
		case reflect.Array:
			walk(t.Elem(), path+"[0]", func(v reflect.Value) reflect.Value { return get(v).Index(0) })
		case reflect.Slice:
			add(path+"+", get, func(v reflect.Value) { v.Set(reflect.Append(v, reflect.Zero(t.Elem()))) })
		case reflect.Map:
			add(path+"+", get, func(v reflect.Value) {
				if v.IsNil() {
					v.Set(reflect.MakeMap(t))
				}
				v.SetMapIndex(reflect.ValueOf("edited").Convert(t.Key()), reflect.Zero(t.Elem()))
			})
		case reflect.Float32, reflect.Float64:
			add(path, get, func(v reflect.Value) {
				if math.IsNaN(v.Float()) {
					v.SetFloat(1)
				} else {
					v.SetFloat(v.Float() + 1)
				}
			})
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			add(path, get, func(v reflect.Value) { v.SetInt(v.Int() + 1) })
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			add(path, get, func(v reflect.Value) { v.SetUint(v.Uint() + 1) })
		case reflect.String:
			add(path, get, func(v reflect.Value) { v.SetString(v.String() + "x") })
		case reflect.Bool:
			add(path, get, func(v reflect.Value) { v.SetBool(!v.Bool()) })
		default:
			panic("leafEdits: no edit for " + path + " of kind " + t.Kind().String())
		}
	}
	walk(t, "", func(v reflect.Value) reflect.Value { return v })
	return out
}

// windowedHistory returns a random history and a week of it whose
// search uses the window, with inputs of every kind inside the window
// and outside it.
func windowedHistory(t *testing.T) (whatIfInputs, time.Time) {
	t.Helper()
	rng := rand.New(rand.NewPCG(5, 16))
	for range 50 {
		runs, lifts, opt := randomHistory(rng)
		in := whatIfInputs{runs: runs, lifts: lifts, p: scoreParams("trained", "female", "strength"), opt: opt}
		in.opt.RunCarbsGPerH = map[string]float64{runs[0].ActivityID: 30}
		weeks := Score(in.runs, in.lifts, in.p, in.opt)
		for i := len(weeks) - 1; i >= len(weeks)-3 && i >= 0; i-- {
			ws := weeks[i].WeekStart
			k := keysOf(t, in, ws)
			if !k.windowed {
				continue
			}
			at := k.at
			ok := true
			for i, idx := range [][]int{at.runs, at.lifts, at.cardio, at.intake, at.weighIns, at.sleep} {
				n := []int{len(runs), len(lifts), len(opt.Cardio), len(opt.Intake), len(opt.WeighIns), len(opt.Sleep)}[i]
				ok = ok && len(idx) > 0 && len(idx) < n
			}
			if ok {
				return in, ws
			}
		}
	}
	t.Fatal("no random history with a windowed week and inputs of every kind in and outside its window")
	return whatIfInputs{}, time.Time{}
}

// TestWhatIfKeysFollowInputs: every input a week's what-if depends on
// changes its key. For every field of every kind of input — a run, a
// lift, a cardio session, a food-log day, a weigh-in, a night of sleep,
// the window's first and last and their neighbours outside it; the
// params; the options —, one field of every session and log entry, and
// the week itself: the athlete key changes, and the window key
// changes exactly when the inputs of the window hashed whole do (the
// reference: a change outside the window keeps the window key, so its
// cached what-if still serves). Equal inputs give equal keys.
func TestWhatIfKeysFollowInputs(t *testing.T) {
	base, ws := windowedHistory(t)
	k0 := keysOf(t, base, ws)
	if again := keysOf(t, base.clone(), ws); again.athlete != k0.athlete || again.window != k0.window || !again.windowed {
		t.Fatal("equal inputs, different keys")
	}
	type target struct {
		name string
		typ  reflect.Type
		root func(in *whatIfInputs) reflect.Value // the value edited
	}
	// Each kind of input: how many the history holds, where the window's
	// lie, and element i's value (addressable) in in.
	type list struct {
		name string
		n    int
		at   []int
		get  func(in *whatIfInputs, i int) reflect.Value
	}
	at := k0.at
	lists := []list{
		{"run", len(base.runs), at.runs, func(in *whatIfInputs, i int) reflect.Value { return reflect.ValueOf(&in.runs[i]).Elem() }},
		{"lift", len(base.lifts), at.lifts, func(in *whatIfInputs, i int) reflect.Value { return reflect.ValueOf(&in.lifts[i]).Elem() }},
		{"cardio", len(base.opt.Cardio), at.cardio, func(in *whatIfInputs, i int) reflect.Value { return reflect.ValueOf(&in.opt.Cardio[i]).Elem() }},
		{"food log", len(base.opt.Intake), at.intake, func(in *whatIfInputs, i int) reflect.Value { return reflect.ValueOf(&in.opt.Intake[i]).Elem() }},
		{"weigh-in", len(base.opt.WeighIns), at.weighIns, func(in *whatIfInputs, i int) reflect.Value { return reflect.ValueOf(&in.opt.WeighIns[i]).Elem() }},
		{"sleep", len(base.opt.Sleep), at.sleep, func(in *whatIfInputs, i int) reflect.Value { return reflect.ValueOf(&in.opt.Sleep[i]).Elem() }},
	}
	var targets []target
	for _, l := range lists {
		// Every field of the window's first and last, and of the
		// neighbours just outside it.
		ends := []int{l.at[0], l.at[len(l.at)-1], l.at[0] - 1, l.at[len(l.at)-1] + 1}
		var typ reflect.Type
		for _, i := range ends {
			if i < 0 || i >= l.n {
				continue
			}
			where := "outside"
			if slices.Contains(l.at, i) {
				where = "inside"
			}
			typ = l.get(&base, i).Type()
			targets = append(targets, target{fmt.Sprintf("%s[%d] %s the window", l.name, i, where), typ,
				func(in *whatIfInputs) reflect.Value { return l.get(in, i) }})
		}
		// One field of every element.
		first := leafEdits(typ)[0]
		for i := range l.n {
			name := fmt.Sprintf("%s[%d]%s", l.name, i, first.path)
			in := base.clone()
			first.edit(l.get(&in, i))
			if k := keysOf(t, in, ws); k.athlete == k0.athlete {
				t.Errorf("%s changed: the same athlete key", name)
			} else if k.windowed && (k.window == k0.window) != (k.ref == k0.ref) {
				t.Errorf("%s changed: window key kept %t, the window's inputs kept %t", name, k.window == k0.window, k.ref == k0.ref)
			}
		}
	}
	compared, kept := 0, 0
	for _, tg := range targets {
		for _, e := range leafEdits(tg.typ) {
			name := tg.name + e.path
			in := base.clone()
			e.edit(tg.root(&in))
			k := keysOf(t, in, ws)
			if k.athlete == k0.athlete {
				t.Errorf("%s changed: the same athlete key", name)
			}
			if !k.windowed {
				continue // the week is searched on its whole history: the athlete key alone serves
			}
			compared++
			refSame, keySame := k.ref == k0.ref, k.window == k0.window
			switch {
			case keySame && !refSame:
				t.Errorf("%s changed the window's inputs but not the window key (a stale what-if would be served)", name)
			case !keySame && refSame:
				t.Errorf("%s changed nothing in the window but its key (the cached what-if is lost)", name)
			case keySame:
				kept++
			}
		}
	}
	// The week itself.
	if k := keysOf(t, base, ws.AddDate(0, 0, -7)); k.athlete == k0.athlete || k.windowed && k.window == k0.window {
		t.Error("another week, the same key")
	}
	t.Logf("%d edits compared on the window, %d kept its key", compared, kept)
	if compared < 200 || kept < 50 || kept == compared {
		t.Errorf("%d edits compared on the window, %d kept its key: the test no longer exercises both sides", compared, kept)
	}
}
