package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gainguard/metrics"
)

// Keeping what-if results between runs (docs/operations.md, "What the
// state folder holds"). A re-run after one new file re-scores every
// athlete, but the what-if search of a week is a pure function of what
// [SearchWhatIf] is given — the athlete's runs, lifts and params, the
// score options (cardio, food log, weigh-ins, sleep, tuning, week start)
// and the week — and of the code. [AddWhatIfsCached] looks each week up
// under two keys, SHA-256 digests of every field of those inputs (read by
// reflection, [hashValue], so that a field added later is covered without
// anyone remembering to) and of the key layout, WhatIfModelVersion and
// the search's constants. Each session and log entry is hashed once per
// athlete ([whatIfDigests]); a key hashes those digests, so a week's key
// costs a digest per input it covers, not a reflective walk of them:
//
//   - the athlete key: all of the athlete's inputs and the week. Cheap (the
//     athlete's part is hashed once), it serves every week of an athlete
//     whose inputs did not change at all.
//   - the window key, tried when the athlete key misses and the search
//     would score the candidates on the window around the week
//     ([whatIfHistory.inputs]): the params and options, the week, its
//     full-history score, and the runs, lifts, cardio, food log,
//     weigh-ins and sleep inside the window. A new file for an athlete
//     then costs a search only of the weeks whose window holds it. When
//     the search uses the whole history, the athlete key is its key.
//
// An entry under the athlete key also names its window key, which a hit
// keeps alive (the cache drops what a run did not use). The code itself
// is the cache's business: its implementation (cmd/gainguard) keeps
// results only for the build that computed them.

// WhatIfModelVersion is part of every what-if cache key. Raise it when
// the search or the scoring it uses changes what it returns, for caches
// that cannot tell builds apart.
const WhatIfModelVersion = 2 // 2: the load EWMAs restart on each training block, as in the reported scores

// WhatIfKey identifies one week's what-if search with its inputs.
type WhatIfKey [sha256.Size]byte

// WhatIfCache keeps what-if search results between runs, as bytes report
// encodes and checks. Get and Put are called concurrently. Report never
// reads or writes files itself: the caller (cmd/gainguard) keeps them in
// the incremental state.
type WhatIfCache interface {
	// Get returns the value stored under key, if any; it must not be
	// modified.
	Get(key WhatIfKey) ([]byte, bool)
	// Put stores value under key.
	Put(key WhatIfKey, value []byte)
}

// WhatIfSource is where a week's what-if came from.
type WhatIfSource int

const (
	WhatIfSearched    WhatIfSource = iota // the search ran
	WhatIfFromAthlete                     // the cache, under the athlete key
	WhatIfFromWindow                      // the cache, under the window key
)

// WhatIfCounter is implemented by a [WhatIfCache] that wants to know where
// each week's what-if came from (to count or log it): CountWhatIf is
// called once per week looked up, with the athlete (Params.Athlete) and
// the week's start, concurrently.
type WhatIfCounter interface {
	CountWhatIf(athlete string, weekStart time.Time, src WhatIfSource)
}

// AddWhatIfsCached is [AddWhatIfs] with each week's search result taken
// from cache when its inputs are there, and stored there when not. A nil
// cache searches every week. The weeks come out the same either way.
func AddWhatIfsCached(weeks []Week, runs []metrics.Run, lifts []metrics.Lift, p metrics.Params, opt ScoreOptions, from time.Time, cache WhatIfCache) {
	addWhatIfs(weeks, runs, lifts, p, opt, from, runtime.GOMAXPROCS(0), newWhatIfMemo(cache))
}

// whatIfMemo looks one athlete's weeks up in a cache before searching
// them. The athlete's inputs are hashed once, at the first search: each
// session and log entry on its own ([whatIfDigests]), so that a week's
// window key hashes only the digests of what its window holds.
type whatIfMemo struct {
	cache WhatIfCache
	count func(string, time.Time, WhatIfSource)
	hist  *whatIfHistory // the athlete's inputs, shared with the search (set by addWhatIfs)

	once    sync.Once
	keyed   bool // the inputs could be hashed
	in      whatIfDigests
	athlete [sha256.Size]byte
}

// newWhatIfMemo returns a memo for one athlete's searches, or nil (search
// every week) when cache is nil.
func newWhatIfMemo(cache WhatIfCache) *whatIfMemo {
	if cache == nil {
		return nil
	}
	m := &whatIfMemo{cache: cache, count: func(string, time.Time, WhatIfSource) {}}
	if c, ok := cache.(WhatIfCounter); ok {
		m.count = c.CountWhatIf
	}
	return m
}

// whatIfKeyFormat is the layout of the keys (how the inputs are hashed
// into them), part of every key: a cache that cannot tell builds apart
// then never finds an entry under a key laid out another way. Raise it
// when the layout changes.
const whatIfKeyFormat = 2

// whatIfHeader starts every key: the key layout, the search's version and
// constants.
func whatIfHeader(h hash.Hash, kind string) {
	fmt.Fprintf(h, "gainguard what-if %s keys=%d %d max=%d beam=%d gain=%g full=%t\n",
		kind, whatIfKeyFormat, WhatIfModelVersion, WhatIfMaxChanges, WhatIfBeam, whatIfMinGainPts, whatIfFullHistory)
}

// whatIfDigest is the SHA-256 of one input ([hashValue]).
type whatIfDigest = [sha256.Size]byte

// whatIfDigests are an athlete's what-if inputs hashed: the params and
// the options without their logs and body model (rest), and each element
// of the runs, the lifts and the options' Cardio, Intake, WeighIns and
// Sleep on its own (lists, in that order; nil marks a nil slice). A key
// writes rest and the lists' digests, each list with its length: the
// digests are of fixed size and each is of an unambiguous encoding of
// its element, so two keys are equal only for equal inputs (up to a
// SHA-256 collision), as when the inputs were hashed whole.
type whatIfDigests struct {
	rest  whatIfDigest
	lists [whatIfLists][]whatIfDigest
	nil   [whatIfLists]bool
}

// The lists of [whatIfDigests] and [whatIfWindowAt], in this order.
const (
	whatIfRuns = iota
	whatIfLifts
	whatIfCardio
	whatIfIntake
	whatIfWeighIns
	whatIfSleep
	whatIfLists
)

// digestInputs hashes the runs, lifts, params and options (the options
// without their derived body model); false when one cannot be hashed.
func digestInputs(runs []metrics.Run, lifts []metrics.Lift, p metrics.Params, opt ScoreOptions) (whatIfDigests, bool) {
	var d whatIfDigests
	h := sha256.New()
	for i, v := range [whatIfLists]any{runs, lifts, opt.Cardio, opt.Intake, opt.WeighIns, opt.Sleep} {
		s := reflect.ValueOf(v)
		d.nil[i] = s.IsNil()
		d.lists[i] = make([]whatIfDigest, s.Len())
		for j := range s.Len() {
			h.Reset()
			if hashValue(h, s.Index(j), 0) != nil {
				return d, false
			}
			h.Sum(d.lists[i][j][:0])
		}
	}
	opt.body = nil // derived from the rest, built by the search
	opt.Cardio, opt.Intake, opt.WeighIns, opt.Sleep = nil, nil, nil, nil
	h.Reset()
	for _, v := range []any{p, opt} {
		if hashValue(h, reflect.ValueOf(v), 0) != nil {
			return d, false
		}
	}
	h.Sum(d.rest[:0])
	return d, true
}

// write writes the inputs into h: all of them when at is nil, else those
// of the window at (whose slices are nil when empty, as [whatIfWindow]
// makes them).
func (d *whatIfDigests) write(h hash.Hash, at *whatIfWindowAt) {
	h.Write(d.rest[:])
	var idx [whatIfLists][]int
	if at != nil {
		idx = [whatIfLists][]int{at.runs, at.lifts, at.cardio, at.intake, at.weighIns, at.sleep}
	}
	var buf [9]byte
	for i, ds := range d.lists {
		n, isNil := len(ds), d.nil[i]
		if at != nil {
			n, isNil = len(idx[i]), len(idx[i]) == 0
		}
		buf[0] = 0
		if isNil {
			buf[0] = 1
		}
		binary.LittleEndian.PutUint64(buf[1:], uint64(n))
		h.Write(buf[:])
		if at == nil {
			for j := range ds {
				h.Write(ds[j][:])
			}
			continue
		}
		for _, j := range idx[i] {
			h.Write(ds[j][:])
		}
	}
}

// hashAthlete hashes the inputs, and the header and every input but the
// week (the athlete key's part).
func (m *whatIfMemo) hashAthlete() {
	in, ok := digestInputs(m.hist.runs, m.hist.lifts, m.hist.p, m.hist.opt)
	if !ok {
		return // cannot be keyed safely: search every week
	}
	m.in = in
	h := sha256.New()
	whatIfHeader(h, "athlete")
	m.in.write(h, nil)
	h.Sum(m.athlete[:0])
	m.keyed = true
}

// athleteKey is the athlete key of the week starting on weekStart.
func (m *whatIfMemo) athleteKey(weekStart time.Time) WhatIfKey {
	h := sha256.New()
	h.Write(m.athlete[:])
	hashTime(h, weekStart)
	var k WhatIfKey
	h.Sum(k[:0])
	return k
}

// windowKey is the window key of the week starting on weekStart, and
// false when the search would not use the window: see
// [whatIfHistory.inputs], which the search itself calls. The memo must
// be keyed (hashAthlete).
func (m *whatIfMemo) windowKey(weekStart time.Time) (WhatIfKey, bool) {
	in, ok := m.hist.inputs(weekStart) // the search's own: its window scorer is built once
	var k WhatIfKey
	if !ok || !in.windowed {
		return k, false
	}
	h := sha256.New()
	whatIfHeader(h, "window")
	m.in.write(h, in.at)
	hashTime(h, weekStart)
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], math.Float64bits(in.base))
	h.Write(buf[:])
	h.Sum(k[:0])
	return k, true
}

// get returns the result stored under k; a value that does not decode is
// a miss (and is replaced).
func (m *whatIfMemo) get(k WhatIfKey) (whatIfEntry, bool) {
	data, ok := m.cache.Get(k)
	if !ok {
		return whatIfEntry{}, false
	}
	e, err := decodeWhatIfEntry(data)
	return e, err == nil
}

// search returns the what-if of the week starting on weekStart: from the
// cache, or from do (the search), storing what it returns. A nil memo
// just searches.
func (m *whatIfMemo) search(weekStart time.Time, do func() WhatIf) WhatIf {
	if m == nil {
		return do()
	}
	m.once.Do(m.hashAthlete)
	if !m.keyed {
		return do()
	}
	ak := m.athleteKey(weekStart)
	if e, ok := m.get(ak); ok {
		if e.window != nil {
			m.cache.Get(*e.window) // keep it for the next change to this athlete
		}
		m.count(m.hist.p.Athlete, weekStart, WhatIfFromAthlete)
		return e.w
	}
	wk, windowed := m.windowKey(weekStart)
	e, ok := whatIfEntry{}, false
	if windowed {
		e, ok = m.get(wk)
	}
	if ok {
		m.count(m.hist.p.Athlete, weekStart, WhatIfFromWindow)
	} else {
		e = whatIfEntry{w: do()}
		m.count(m.hist.p.Athlete, weekStart, WhatIfSearched)
		if windowed {
			m.cache.Put(wk, encodeWhatIfEntry(e))
		}
	}
	if windowed {
		e.window = &wk
	}
	m.cache.Put(ak, encodeWhatIfEntry(e))
	return e.w
}

// errUnhashable is returned for a value that has no stable encoding (a
// func, a channel, an unsafe pointer, a cycle).
var errUnhashable = errors.New("report: value cannot be hashed")

// maxHashDepth bounds the nesting hashValue follows (the inputs are a few
// levels deep; a cycle would exceed it).
const maxHashDepth = 32

// hashValue writes an unambiguous encoding of v into h: every field of a
// struct (unexported ones too), every element of a slice or array, a map
// in sorted key order, a pointer's target (or a nil mark); times as their
// instant and zone ([hashTime]), locations by name. Floats are written by
// their bits, so NaN, −0 and every distinct value differ.
func hashValue(h hash.Hash, v reflect.Value, depth int) error {
	if depth > maxHashDepth {
		return errUnhashable
	}
	var buf [8]byte
	u64 := func(x uint64) {
		binary.LittleEndian.PutUint64(buf[:], x)
		h.Write(buf[:])
	}
	str := func(s string) {
		u64(uint64(len(s)))
		h.Write([]byte(s))
	}
	if !v.IsValid() {
		h.Write([]byte{0})
		return nil
	}
	switch v.Type() {
	case reflect.TypeFor[time.Time]():
		if !v.CanInterface() {
			return errUnhashable // an unexported time field: none in the inputs today
		}
		hashTime(h, v.Interface().(time.Time))
		return nil
	case reflect.TypeFor[*time.Location]():
		if v.IsNil() {
			h.Write([]byte{0})
			return nil
		}
		if !v.CanInterface() {
			return errUnhashable
		}
		h.Write([]byte{1})
		// Its name, and its rules: the zones and transitions (what the
		// zone database or TZ said when it was loaded), not its lookup
		// cache. String makes time.Local load itself first.
		str(v.Interface().(*time.Location).String())
		loc := v.Elem()
		for i := range loc.NumField() {
			if name := loc.Type().Field(i).Name; !strings.HasPrefix(name, "cache") {
				str(name)
				if err := hashValue(h, loc.Field(i), depth+1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			h.Write([]byte{1})
		} else {
			h.Write([]byte{0})
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		u64(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u64(v.Uint())
	case reflect.Float32, reflect.Float64:
		u64(math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		u64(math.Float64bits(real(c)))
		u64(math.Float64bits(imag(c)))
	case reflect.String:
		str(v.String())
	case reflect.Slice:
		if v.IsNil() {
			h.Write([]byte{0})
			return nil
		}
		h.Write([]byte{1})
		fallthrough
	case reflect.Array:
		u64(uint64(v.Len()))
		for i := range v.Len() {
			if err := hashValue(h, v.Index(i), depth+1); err != nil {
				return err
			}
		}
	case reflect.Struct:
		t := v.Type()
		str(t.String())
		for i := range v.NumField() {
			str(t.Field(i).Name)
			if err := hashValue(h, v.Field(i), depth+1); err != nil {
				return err
			}
		}
	case reflect.Pointer:
		if v.IsNil() {
			h.Write([]byte{0})
			return nil
		}
		h.Write([]byte{1})
		return hashValue(h, v.Elem(), depth+1)
	case reflect.Interface:
		if v.IsNil() {
			h.Write([]byte{0})
			return nil
		}
		h.Write([]byte{1})
		str(v.Elem().Type().String())
		return hashValue(h, v.Elem(), depth+1)
	case reflect.Map:
		if v.IsNil() {
			h.Write([]byte{0})
			return nil
		}
		h.Write([]byte{1})
		// Each entry encoded on its own, the entries sorted by their
		// encoding: independent of the map's iteration order.
		entries := make([][]byte, 0, v.Len())
		for it := v.MapRange(); it.Next(); {
			e := sha256.New()
			if err := hashValue(e, it.Key(), depth+1); err != nil {
				return err
			}
			if err := hashValue(e, it.Value(), depth+1); err != nil {
				return err
			}
			entries = append(entries, e.Sum(nil))
		}
		slices.SortFunc(entries, bytes.Compare)
		u64(uint64(len(entries)))
		for _, e := range entries {
			h.Write(e)
		}
	default: // func, chan, unsafe pointer
		return errUnhashable
	}
	return nil
}

// hashTime writes t's instant, its zone's name and offset at t, and
// whether it is the zero time.
func hashTime(h hash.Hash, t time.Time) {
	var buf [8 * 3]byte
	name, off := t.Zone()
	binary.LittleEndian.PutUint64(buf[0:], uint64(t.Unix()))
	binary.LittleEndian.PutUint64(buf[8:], uint64(t.Nanosecond()))
	binary.LittleEndian.PutUint64(buf[16:], uint64(off))
	h.Write(buf[:])
	// Then "%d:%s%d:%s%t" of the name, the location's name and IsZero,
	// appended without fmt (the inputs hold several times per session).
	loc := t.Location().String()
	var sb [64]byte
	b := strconv.AppendInt(sb[:0], int64(len(name)), 10)
	b = append(b, ':')
	b = append(b, name...)
	b = strconv.AppendInt(b, int64(len(loc)), 10)
	b = append(b, ':')
	b = append(b, loc...)
	b = strconv.AppendBool(b, t.IsZero())
	h.Write(b)
}

// whatIfEntry is a cached search result; under an athlete key, window
// is the week's window key (nil when the search uses the whole history).
type whatIfEntry struct {
	w      WhatIf
	window *WhatIfKey
}

// whatIfEncoding is the first byte of an encoded [whatIfEntry].
const whatIfEncoding = 1

// encodeWhatIfEntry encodes e.
func encodeWhatIfEntry(e whatIfEntry) []byte {
	w := e.w
	b := []byte{whatIfEncoding}
	if e.window != nil {
		b = append(b, 1)
		b = append(b, e.window[:]...)
	} else {
		b = append(b, 0)
	}
	b = binary.AppendUvarint(b, math.Float64bits(w.Score))
	b = binary.AppendUvarint(b, uint64(len(w.Band)))
	b = append(b, w.Band...)
	b = binary.AppendUvarint(b, uint64(len(w.Changes)))
	for _, c := range w.Changes {
		b = binary.AppendUvarint(b, uint64(len(c)))
		b = append(b, c...)
	}
	b = binary.AppendVarint(b, int64(w.Sessions))
	b = binary.AppendUvarint(b, math.Float64bits(w.Cost))
	b = binary.AppendVarint(b, int64(w.Tried))
	return b
}

// errWhatIfEncoding is the error of a damaged encoded entry.
var errWhatIfEncoding = errors.New("report: damaged what-if cache entry")

// decodeWhatIfEntry decodes what [encodeWhatIfEntry] encoded; anything
// else (another encoding version, short, trailing bytes) is an error.
func decodeWhatIfEntry(data []byte) (whatIfEntry, error) {
	var e whatIfEntry
	if len(data) < 2 || data[0] != whatIfEncoding || data[1] > 1 {
		return e, errWhatIfEncoding
	}
	d := data[2:]
	if data[1] == 1 {
		if len(d) < len(WhatIfKey{}) {
			return e, errWhatIfEncoding
		}
		var k WhatIfKey
		d = d[copy(k[:], d):]
		e.window = &k
	}
	bad := false
	uv := func() uint64 {
		v, n := binary.Uvarint(d)
		if n <= 0 {
			bad = true
			return 0
		}
		d = d[n:]
		return v
	}
	sv := func() int64 {
		v, n := binary.Varint(d)
		if n <= 0 {
			bad = true
			return 0
		}
		d = d[n:]
		return v
	}
	str := func() string {
		n := uv()
		if bad || n > uint64(len(d)) {
			bad = true
			return ""
		}
		s := string(d[:n])
		d = d[n:]
		return s
	}
	w := &e.w
	w.Score = math.Float64frombits(uv())
	w.Band = str()
	n := uv()
	if n > uint64(len(d)) { // every change takes at least a byte
		return whatIfEntry{}, errWhatIfEncoding
	}
	for range n {
		w.Changes = append(w.Changes, str())
	}
	w.Sessions = int(sv())
	w.Cost = math.Float64frombits(uv())
	w.Tried = int(sv())
	if bad || len(d) != 0 {
		return whatIfEntry{}, errWhatIfEncoding
	}
	return e, nil
}
