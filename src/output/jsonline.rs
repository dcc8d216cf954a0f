//! Compact JSON, byte for byte as `serde_json::to_writer` writes it, for the records of
//! `eventmap extract`: serde_json escapes a string byte by byte through a table, which was
//! a tenth of `extract`'s work (the clipped sentences); this writer tests 16 bytes at a time
//! and copies runs without an escape whole.
//!
//! It covers what records hold (structs, sequences, tuples, options, strings, integers,
//! floats, booleans, unit variants); anything else (maps, bytes, enum variants with data,
//! 128-bit integers) is refused with [`Unsupported`], and the caller falls back to serde_json.

use serde::ser::{self, Serialize};

/// A value this writer does not write (the caller uses serde_json instead).
#[derive(Debug)]
pub(crate) struct Unsupported;

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not written by the fast JSON writer")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: std::fmt::Display>(_msg: T) -> Self {
        Unsupported
    }
}

/// Appends `value` as compact JSON to `out`; on [`Unsupported`], `out` holds a partial value.
pub(crate) fn write<T: Serialize + ?Sized>(
    value: &T,
    out: &mut Vec<u8>,
) -> Result<(), Unsupported> {
    value.serialize(&mut Json { out })
}

/// Whether a byte is escaped in a JSON string: controls, the quote and the backslash.
#[inline(always)]
fn escaped(b: u8) -> bool {
    // Three comparisons joined by `|`, not `||`: the block test below then vectorises.
    (b < 0x20) | (b == b'"') | (b == b'\\')
}

/// Whether any of 16 bytes is escaped: a few vector instructions.
#[inline(always)]
fn any_escaped(block: &[u8; 16]) -> bool {
    block.iter().fold(false, |a, &b| a | escaped(b))
}

/// Appends `s` as a JSON string, escaped as serde_json escapes it.
pub(crate) fn push_str(out: &mut Vec<u8>, s: &str) {
    let s = s.as_bytes();
    out.reserve(s.len() + 18);
    out.push(b'"');
    if s.len() <= 16 {
        // Most strings (keys, roles, numbers' texts, names) are short: tested and copied as
        // one padded block, with no call to copy a few bytes.
        let mut padded = [b' '; 16];
        padded[..s.len()].copy_from_slice(s);
        if !any_escaped(&padded) {
            let end = out.len() + s.len();
            out.extend_from_slice(&padded);
            out.truncate(end);
            out.push(b'"');
            return;
        }
    }
    // `run` is where the bytes not yet copied start.
    let mut run = 0;
    let mut blocks = s.chunks_exact(16);
    let mut at = 0;
    for block in blocks.by_ref() {
        if any_escaped(block.try_into().expect("16 bytes")) {
            run = escape_from(out, s, run, at, at + 16);
        }
        at += 16;
    }
    // The last bytes (and most keys, whole) tested as a block too, padded with spaces.
    let tail = blocks.remainder();
    let mut padded = [b' '; 16];
    padded[..tail.len()].copy_from_slice(tail);
    if any_escaped(&padded) {
        run = escape_from(out, s, run, at, s.len());
    }
    out.extend_from_slice(&s[run..]);
    out.push(b'"');
}

/// Escapes the bytes of `s[from..to]` that need it, copying the run before each from `run`
/// on; gives where the bytes not yet copied start.
fn escape_from(out: &mut Vec<u8>, s: &[u8], mut run: usize, from: usize, to: usize) -> usize {
    for (i, &b) in s[from..to].iter().enumerate() {
        if !escaped(b) {
            continue;
        }
        out.extend_from_slice(&s[run..from + i]);
        run = from + i + 1;
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x0C => b'f',
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let hex = [HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]];
                out.extend_from_slice(&[b'\\', b'u', b'0', b'0', hex[0], hex[1]]);
                continue;
            }
        };
        out.extend_from_slice(&[b'\\', short]);
    }
    run
}

struct Json<'a> {
    out: &'a mut Vec<u8>,
}

impl Json<'_> {
    fn unsigned(&mut self, n: u64) {
        super::digits::push_u64(n, self.out);
    }

    /// Floats as serde_json writes them (its shortest round-trip form; `null` when not
    /// finite): few per record, so serde_json itself writes them.
    fn float<F: Serialize>(&mut self, x: F) -> Result<(), Unsupported> {
        serde_json::to_writer(&mut *self.out, &x).map_err(|_| Unsupported)
    }
}

/// A struct, sequence or tuple being written: whether an element was written yet.
struct Compound<'a, 'b> {
    json: &'b mut Json<'a>,
    first: bool,
}

impl Compound<'_, '_> {
    fn comma(&mut self) {
        if !self.first {
            self.json.out.push(b',');
        }
        self.first = false;
    }
}

impl<'a, 'b> ser::Serializer for &'b mut Json<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Compound<'a, 'b>;
    type SerializeTuple = Compound<'a, 'b>;
    type SerializeTupleStruct = Compound<'a, 'b>;
    type SerializeTupleVariant = ser::Impossible<(), Unsupported>;
    type SerializeMap = ser::Impossible<(), Unsupported>;
    type SerializeStruct = Compound<'a, 'b>;
    type SerializeStructVariant = ser::Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Unsupported> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Unsupported> {
        if v < 0 {
            self.out.push(b'-');
        }
        self.unsigned(v.unsigned_abs());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Unsupported> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Unsupported> {
        self.unsigned(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Unsupported> {
        self.float(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Unsupported> {
        self.float(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        push_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        push_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result<(), Unsupported> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Unsupported> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, 'b>, Unsupported> {
        self.out.push(b'[');
        Ok(Compound {
            json: self,
            first: true,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, 'b>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'b>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, 'b>, Unsupported> {
        self.out.push(b'{');
        Ok(Compound {
            json: self,
            first: true,
        })
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.comma();
        value.serialize(&mut *self.json)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.json.out.push(b']');
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Unsupported> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Unsupported> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.comma();
        push_str(self.json.out, key);
        self.json.out.push(b':');
        value.serialize(&mut *self.json)
    }
    fn end(self) -> Result<(), Unsupported> {
        self.json.out.push(b'}');
        Ok(())
    }
}

#[cfg(test)]
mod tests;
