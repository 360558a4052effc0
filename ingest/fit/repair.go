package fit

import (
	"encoding/binary"

	"github.com/muktihari/fit/profile/basetype"
)

// This file holds the two places where gainguard reads FIT files as
// Garmin's FIT SDK does rather than as github.com/muktihari/fit does: base
// type bytes written without their endian bit, and file checksums of files
// whose 14-byte header has a zero CRC. Both are only used after the
// library's first decode reported an error, so well-formed files pay
// nothing for them.

// canonicalBaseType maps a base type number (the low 5 bits of a field
// definition's base type byte) to the full base type byte. The FIT SDK
// masks the byte with 0x1F (FIT.BaseTypeMask in @garmin/fitsdk's
// decoder), so a writer that leaves out bit 7, the "endian ability" bit
// (e.g. 0x0C for uint32z, 0x8C), still decodes there.
var canonicalBaseType = [...]basetype.BaseType{
	basetype.Enum, basetype.Sint8, basetype.Uint8, basetype.Sint16, basetype.Uint16,
	basetype.Sint32, basetype.Uint32, basetype.String, basetype.Float32, basetype.Float64,
	basetype.Uint8z, basetype.Uint16z, basetype.Uint32z, basetype.Byte, basetype.Sint64,
	basetype.Uint64, basetype.Uint64z,
}

// FIT record header bits.
const (
	hdrCompressed = 0x80
	hdrDefinition = 0x40
	hdrDevData    = 0x20
	hdrLocalMask  = 0x0F
)

// normalizeBaseTypes returns data with every field definition's base type
// byte that lacks its endian bit (or carries stray bits 5–6) set to the
// base type the FIT SDK reads it as, and how many it changed. It walks the
// records of every chained FIT file in data; it stops at the first
// structure it cannot follow (the decoder then reports that damage as
// usual). data is not modified: a changed copy is returned when needed.
func normalizeBaseTypes(data []byte) ([]byte, int) {
	out := data
	changed := 0
	for pos := 0; pos < len(data); {
		hsize := int(data[pos])
		if (hsize != 12 && hsize != 14) || pos+hsize > len(data) {
			break
		}
		dataSize := int(binary.LittleEndian.Uint32(data[pos+4 : pos+8]))
		end := pos + hsize + dataSize
		if dataSize <= 0 || end > len(data) {
			end = len(data)
		}
		var sizes [16]int // data message size per local message number; -1: no definition
		for i := range sizes {
			sizes[i] = -1
		}
		p := pos + hsize
		for p < end {
			h := data[p]
			p++
			switch {
			case h&hdrCompressed != 0:
				n := sizes[(h>>5)&0x03]
				if n < 0 {
					return out, changed
				}
				p += n
			case h&hdrDefinition != 0:
				if p+5 > end {
					return out, changed
				}
				nfields := int(data[p+4])
				q := p + 5
				size := 0
				for f := 0; f < nfields; f++ {
					if q+3 > end {
						return out, changed
					}
					bt := data[q+2]
					size += int(data[q+1])
					if !basetype.BaseType(bt).Valid() && int(bt&0x1F) < len(canonicalBaseType) {
						if changed == 0 {
							out = append([]byte(nil), data...)
						}
						out[q+2] = byte(canonicalBaseType[bt&0x1F])
						changed++
					}
					q += 3
				}
				if h&hdrDevData != 0 {
					if q+1 > end {
						return out, changed
					}
					ndev := int(data[q])
					q++
					for f := 0; f < ndev; f++ {
						if q+3 > end {
							return out, changed
						}
						size += int(data[q+1])
						q += 3
					}
				}
				sizes[h&hdrLocalMask] = size
				p = q
			default:
				n := sizes[h&hdrLocalMask]
				if n < 0 {
					return out, changed
				}
				p += n
			}
		}
		pos = end + 2 // file CRC
	}
	return out, changed
}

// checksumsOK reports whether every complete FIT file in data (chained
// files included) carries the checksums the FIT protocol asks for, checked
// as the FIT SDK checks them: a 14-byte header's CRC when it is not zero
// (zero means "not computed", which the protocol allows), and the file
// CRC over the header and the data. A file cut short is not a checksum
// problem (the decoder reports it as truncated), so it counts as OK here.
func checksumsOK(data []byte) bool {
	for pos := 0; pos < len(data); {
		hsize := int(data[pos])
		if (hsize != 12 && hsize != 14) || pos+hsize > len(data) {
			return true
		}
		if string(data[pos+8:pos+12]) != ".FIT" {
			return true
		}
		if hsize == 14 {
			if stored := binary.LittleEndian.Uint16(data[pos+12 : pos+14]); stored != 0 && stored != crc(data[pos:pos+12]) {
				return false
			}
		}
		end := pos + hsize + int(binary.LittleEndian.Uint32(data[pos+4:pos+8]))
		if end+2 > len(data) || end < pos+hsize {
			return true
		}
		stored := binary.LittleEndian.Uint16(data[end : end+2])
		if stored != crc(data[pos:end]) {
			return false
		}
		pos = end + 2
	}
	return true
}

func crc(b []byte) uint16 { return fastCRC(0, b) }
