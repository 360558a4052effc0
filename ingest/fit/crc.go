package fit

import (
	"bytes"
	"encoding/binary"
	"io"
	"slices"
)

// The FIT CRC (CRC-16/ARC: reflected polynomial 0xA001, initial value 0)
// by slicing-by-8 tables: about 8× the speed of the library's nibble
// tables, which the decoder runs over every byte it reads when it verifies
// checksums (docs/performance.md). TestCRCMatchesLibrary holds it equal.
var crcTables = func() (t [8][256]uint16) {
	for i := range 256 {
		c := uint16(i)
		for range 8 {
			if c&1 != 0 {
				c = c>>1 ^ 0xA001
			} else {
				c >>= 1
			}
		}
		t[0][i] = c
	}
	for i := range 256 {
		c := t[0][i]
		for k := 1; k < 8; k++ {
			c = t[0][c&0xFF] ^ c>>8
			t[k][i] = c
		}
	}
	return t
}()

// fastCRC continues the FIT CRC c over b.
func fastCRC(c uint16, b []byte) uint16 {
	t := &crcTables
	for len(b) >= 8 {
		x := binary.LittleEndian.Uint64(b)
		lo := uint32(x) ^ uint32(c)
		hi := uint32(x >> 32)
		c = t[7][lo&0xFF] ^ t[6][lo>>8&0xFF] ^ t[5][lo>>16&0xFF] ^ t[4][lo>>24] ^
			t[3][hi&0xFF] ^ t[2][hi>>8&0xFF] ^ t[1][hi>>16&0xFF] ^ t[0][hi>>24]
		b = b[8:]
	}
	for _, x := range b {
		c = t[0][byte(c)^x] ^ c>>8
	}
	return c
}

// libraryChecksumsOK reports whether data is one or more complete FIT
// files, back to back and nothing after, whose checksums all pass as
// github.com/muktihari/fit verifies them: a 14-byte header's CRC when it
// is not zero, and the CRC after the data, computed over the 12-byte
// header and the data, or over the data alone after a 14-byte header. It
// also returns each FIT file's data size and CRC, in order.
//
// When it holds, the decoder's checksum verification cannot fail on data
// whose messages end where the headers say, so Decode may switch the
// verification off (see decodeChecked).
func libraryChecksumsOK(data []byte) (files []sequence, ok bool) {
	for pos := 0; pos < len(data); {
		hsize := int(data[pos])
		if (hsize != 12 && hsize != 14) || pos+hsize > len(data) || string(data[pos+8:pos+12]) != ".FIT" {
			return nil, false
		}
		size := int(binary.LittleEndian.Uint32(data[pos+4 : pos+8]))
		end := pos + hsize + size
		if size == 0 || end < pos || end+2 > len(data) {
			return nil, false
		}
		var c uint16
		if hsize == 14 {
			if stored := binary.LittleEndian.Uint16(data[pos+12 : pos+14]); stored != 0 && stored != fastCRC(0, data[pos:pos+12]) {
				return nil, false
			}
			c = fastCRC(0, data[pos+14:end])
		} else {
			c = fastCRC(0, data[pos:end])
		}
		if c != binary.LittleEndian.Uint16(data[end:end+2]) {
			return nil, false
		}
		files = append(files, sequence{headerSize: byte(hsize), dataSize: uint32(size), crc: c})
		pos = end + 2
	}
	return files, len(files) > 0
}

// sequence is one FIT file of a chain: its header's size and data size,
// and the CRC after its data.
type sequence struct {
	headerSize byte
	dataSize   uint32
	crc        uint16
}

// decodeChecked is decodeStream(rs, size, false) (checksums verified by
// the decoder), with the same result but cheaper when data (rs's bytes,
// when they are in memory) passes [libraryChecksumsOK]: it then decodes
// with the decoder's verification off, and keeps that result only when the
// decoder read the same FIT files (header sizes, data sizes, CRCs) without
// error. That proves it read each file's CRC where the header puts it: the
// decoder reads a file's messages until it has read at least the data
// size, so a message running past the end would shift every later read
// forward, and the decoder, having read as many headers, data sizes and
// CRCs as data holds, would have run out of bytes. The decoder's own
// verification would then have checked the very bytes libraryChecksumsOK
// checked, and passed. Otherwise it decodes again the usual way. Before
// the decoder reads such a file, decodeRaw tries to decode its record
// messages from the bytes and only the rest with the decoder
// (rawrecord.go), with the same result.
func decodeChecked(data []byte, rs io.ReadSeeker, start, size int64) *collector {
	if data != nil && fastChecksums {
		if want, ok := libraryChecksumsOK(data); ok {
			if fastRecords {
				if res, _ := decodeRaw(data, want, size); res != nil {
					return res
				}
			}
			res := decodeStream(bytes.NewReader(data), size, true)
			if res.err == nil && res.readErr == nil && slices.Equal(res.seqs, want) {
				return res
			}
			res.release()
			if _, err := rs.Seek(start, io.SeekStart); err != nil {
				res = &collector{readErr: err}
				return res
			}
		}
	}
	return decodeStream(rs, size, false)
}

// fastChecksums is switched off by the test that holds decodeChecked equal
// to decoding with the decoder's own checksum verification.
var fastChecksums = true
