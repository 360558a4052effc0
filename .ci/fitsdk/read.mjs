// read.mjs decodes FIT files with Garmin's own FIT SDK (@garmin/fitsdk) and
// prints, per file, what gainguard's tests compare with their own decoder
// (ingest/fit's TestAgainstFITSDK): whether the file passes the SDK's
// integrity check, the decoder's errors, the sessions and every record's
// time and heart rate (after the SDK merges `hr` messages into records).
//
//   node .ci/fitsdk/read.mjs FILE [FILE...]
//
// It prints one JSON document: an array with one object per file:
//   {file, isFIT, integrity, errors: [string],
//    sessions: [{sport, subSport, start, timestamp, elapsed, avgHR, maxHR}],
//    records: [[unixSeconds|null, heartRate|null], ...], hrMesgs}
// Times are Unix seconds (UTC); device-relative times (before 1990) are
// given as they are. An I/O error prints to stderr and exits 1.
import { readFileSync } from 'node:fs';
import { Decoder, Stream } from '@garmin/fitsdk';

const secs = (d) => (d instanceof Date ? Math.round(d.getTime() / 1000) : d ?? null);

const out = [];
for (const file of process.argv.slice(2)) {
  const buf = readFileSync(file);
  const res = { file, isFIT: false, integrity: false, errors: [], sessions: [], records: [], hrMesgs: 0 };
  try {
    const decoder = new Decoder(Stream.fromBuffer(buf));
    res.isFIT = decoder.isFIT();
    res.integrity = res.isFIT && decoder.checkIntegrity();
    if (res.isFIT) {
      const { messages, errors } = decoder.read({ mergeHeartRates: true });
      res.errors = errors.map((e) => String(e && e.message ? e.message : e));
      res.hrMesgs = (messages.hrMesgs ?? []).length;
      for (const s of messages.sessionMesgs ?? []) {
        res.sessions.push({
          sport: s.sport ?? null, subSport: s.subSport ?? null,
          start: secs(s.startTime), timestamp: secs(s.timestamp),
          elapsed: s.totalElapsedTime ?? null,
          avgHR: s.avgHeartRate ?? null, maxHR: s.maxHeartRate ?? null,
        });
      }
      for (const r of messages.recordMesgs ?? []) {
        res.records.push([secs(r.timestamp), r.heartRate ?? null]);
      }
    }
  } catch (e) {
    res.errors.push(String(e && e.message ? e.message : e));
  }
  out.push(res);
}
process.stdout.write(JSON.stringify(out));
