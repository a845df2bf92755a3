//! Event stream messages (amazon-eventstream framing) written for tests, independently of
//! the runtime's encoder so that the two check each other.

/// A header value of each type the format has.
#[derive(Clone, Copy, Debug)]
pub enum Value<'a> {
    Bool(bool),
    Byte(i8),
    Short(i16),
    Int(i32),
    Long(i64),
    Bytes(&'a [u8]),
    Str(&'a str),
    /// Milliseconds since the epoch.
    Time(i64),
    Uuid(u128),
}

/// One message with `headers` and `payload`.
pub fn frame(headers: &[(&str, Value<'_>)], payload: &[u8]) -> Vec<u8> {
    let mut encoded = Vec::new();
    for (name, value) in headers {
        encoded.push(name.len() as u8);
        encoded.extend_from_slice(name.as_bytes());
        match *value {
            Value::Bool(b) => encoded.push(if b { 0 } else { 1 }),
            Value::Byte(n) => encoded.extend([2, n as u8]),
            Value::Short(n) => encoded.extend([&[3][..], &n.to_be_bytes()].concat()),
            Value::Int(n) => encoded.extend([&[4][..], &n.to_be_bytes()].concat()),
            Value::Long(n) => encoded.extend([&[5][..], &n.to_be_bytes()].concat()),
            Value::Bytes(b) => encoded.extend([&[6][..], &(b.len() as u16).to_be_bytes(), b].concat()),
            Value::Str(s) => encoded.extend([&[7][..], &(s.len() as u16).to_be_bytes(), s.as_bytes()].concat()),
            Value::Time(ms) => encoded.extend([&[8][..], &ms.to_be_bytes()].concat()),
            Value::Uuid(u) => encoded.extend([&[9][..], &u.to_be_bytes()].concat()),
        }
    }
    let total = 12 + encoded.len() + payload.len() + 4;
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&(total as u32).to_be_bytes());
    out.extend_from_slice(&(encoded.len() as u32).to_be_bytes());
    let prelude_crc = crc32(&out);
    out.extend_from_slice(&prelude_crc.to_be_bytes());
    out.extend_from_slice(&encoded);
    out.extend_from_slice(payload);
    let message_crc = crc32(&out);
    out.extend_from_slice(&message_crc.to_be_bytes());
    out
}

/// A message with string headers only.
pub fn event_frame(headers: &[(&str, &str)], payload: &[u8]) -> Vec<u8> {
    let headers: Vec<(&str, Value<'_>)> = headers.iter().map(|(k, v)| (*k, Value::Str(v))).collect();
    frame(&headers, payload)
}

/// An event of type `kind` with a JSON payload, as JSON protocols send them.
pub fn json_event(kind: &str, json: &str) -> Vec<u8> {
    event_frame(&[(":message-type", "event"), (":event-type", kind), (":content-type", "application/json")], json.as_bytes())
}

/// A modeled error of type `kind` in an event stream, with a JSON payload.
pub fn json_exception(kind: &str, json: &str) -> Vec<u8> {
    event_frame(&[(":message-type", "exception"), (":exception-type", kind), (":content-type", "application/json")], json.as_bytes())
}

/// CRC-32 (IEEE), bit by bit: slow and obviously right.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}
