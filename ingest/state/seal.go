package state

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
)

// seal encodes v as the state folder's files are laid out: magic, the
// gob of v, then the SHA-256 of that gob. The index (state.gob) and the
// results file (whatif.gob) are both sealed so.
func seal(magic []byte, v any) (*bytes.Buffer, error) {
	var buf bytes.Buffer
	buf.Write(magic)
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(buf.Bytes()[len(magic):])
	buf.Write(sum[:])
	return &buf, nil
}

// unseal decodes data, written by seal with magic, into v. It returns
// what is wrong ("damaged (...)", naming kind, the file's kind) or "".
func unseal(data, magic []byte, kind string, v any) (problem string) {
	if len(data) < len(magic)+sha256.Size || !bytes.Equal(data[:len(magic)], magic) {
		return "damaged (not a gainguard " + kind + " file)"
	}
	payload := data[len(magic) : len(data)-sha256.Size]
	if sum := sha256.Sum256(payload); !bytes.Equal(sum[:], data[len(data)-sha256.Size:]) {
		return "damaged (checksum mismatch)"
	}
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(v); err != nil {
		return fmt.Sprintf("damaged (%v)", err)
	}
	return ""
}
