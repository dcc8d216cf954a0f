//! A reader for the bundled little-endian binary layers (`data/*.bin`: basemaps, admin-1):
//! every read is bounds-checked and gives `None` at the end of the bytes, so a truncated or
//! corrupt file fails to parse instead of panicking or allocating what its counts claim.
//! Coordinates are `f32` pairs in x = longitude, y = latitude order (degrees).

use geo::Coord;

/// A cursor over bytes.
pub(crate) struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(b: &'a [u8]) -> Reader<'a> {
        Reader { b, at: 0 }
    }
    /// A cursor at byte `at` (past the end: every read gives `None`).
    pub(crate) fn at(b: &'a [u8], at: usize) -> Reader<'a> {
        Reader {
            b,
            at: at.min(b.len()),
        }
    }
    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
    pub(crate) fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    // Read by the renderer's basemap only.
    #[cfg_attr(not(feature = "render"), allow(dead_code))]
    pub(crate) fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }
    pub(crate) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    pub(crate) fn f32(&mut self) -> Option<f64> {
        Some(f64::from(f32::from_le_bytes(
            self.take(4)?.try_into().ok()?,
        )))
    }
    /// A count that cannot exceed the bytes left (so a corrupt count fails, not allocates).
    pub(crate) fn count(&mut self) -> Option<usize> {
        let n = self.u32()? as usize;
        (n <= self.b.len() - self.at).then_some(n)
    }
    /// A count, then that many (x, y) pairs.
    pub(crate) fn coords(&mut self) -> Option<Vec<Coord<f64>>> {
        let n = self.count()?;
        (0..n)
            .map(|_| {
                Some(Coord {
                    x: self.f32()?,
                    y: self.f32()?,
                })
            })
            .collect()
    }
    /// A one-byte length, then that many bytes of UTF-8 (lossy).
    pub(crate) fn name(&mut self) -> Option<String> {
        let len = usize::from(self.u8()?);
        Some(String::from_utf8_lossy(self.take(len)?).into_owned())
    }
}
