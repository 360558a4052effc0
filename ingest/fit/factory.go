package fit

import (
	"sync"

	"github.com/muktihari/fit/profile/factory"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"
)

// The decoder asks its factory for a field definition for every field of
// every message. The standard factory allocates a fresh FieldBase for each
// field the profile does not know, which in files full of manufacturer
// messages (a Wahoo ELEMNT writes ~10000 of them per ride) is nearly all of
// the decoder's garbage. fieldFactory gives profile definitions only for
// the messages gainguard reads (and those the decoder itself reads), and
// one reusable "unknown" FieldBase per field number for everything else:
// such fields are still decoded with the base type the file declares, just
// not interpreted, and we never look at them. The decoder only writes to an
// unknown field's BaseType, Type and Array, and sets them on each use.

// readMesgs are the messages whose fields are decoded per the profile.
var readMesgs = [...]typedef.MesgNum{
	mesgnum.FileId, mesgnum.Record, mesgnum.Session, mesgnum.Lap, mesgnum.Set,
	mesgnum.Activity, mesgnum.Sport, mesgnum.Workout, mesgnum.ExerciseTitle,
	mesgnum.WeightScale, mesgnum.Hr,
	// Read by the decoder itself to decode developer fields.
	mesgnum.DeveloperDataId, mesgnum.FieldDescription,
}

const maxReadMesg = 512 // above every mesgnum in readMesgs

type profileTables struct {
	index  [maxReadMesg]int8 // position in fields, -1 for messages we skip
	fields [len(readMesgs)][256]*proto.FieldBase
}

var tables = sync.OnceValue(func() *profileTables {
	t := new(profileTables)
	for i := range t.index {
		t.index[i] = -1
	}
	std := factory.StandardFactory()
	for i, m := range readMesgs {
		t.index[m] = int8(i)
		for num := range 256 {
			if f := std.CreateField(m, byte(num)); f.Name != factory.NameUnknown {
				t.fields[i][num] = f.FieldBase
			}
		}
	}
	return t
})

// fieldFactory implements decoder.Factory for one decode (it is not safe
// for concurrent use).
type fieldFactory struct {
	t       *profileTables
	unknown [256]*proto.FieldBase
}

func newFieldFactory() *fieldFactory { return &fieldFactory{t: tables()} }

// CreateField implements decoder.Factory.
func (f *fieldFactory) CreateField(m typedef.MesgNum, num byte) proto.Field {
	if m < maxReadMesg {
		if i := f.t.index[m]; i >= 0 {
			if fb := f.t.fields[i][num]; fb != nil {
				return proto.Field{FieldBase: fb}
			}
		}
	}
	fb := f.unknown[num]
	if fb == nil {
		fb = &proto.FieldBase{Name: factory.NameUnknown, Num: num, Scale: 1}
		f.unknown[num] = fb
	}
	return proto.Field{FieldBase: fb}
}
