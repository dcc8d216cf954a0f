//! Places then events as a GeoJSON text sequence (RFC 8142: each feature after an RS byte),
//! each with its `layer` property.

use std::io::Write;

use super::geojson::write_feature;
use super::schema::{event_feature, place_feature};
use super::{write_error, Context, IntoInner, Writer};
use crate::error::Result;
use crate::result::Summary;

/// The GeoJSON text sequence writer.
pub struct GeojsonSeq<W: Write> {
    out: W,
    name: String,
}

impl<W: Write> GeojsonSeq<W> {
    /// A writer to `out`, named `name` in errors.
    pub fn new(out: W, name: &str) -> Self {
        GeojsonSeq {
            out,
            name: name.to_string(),
        }
    }

    fn write(&mut self, ctx: &Context, summary: &Summary) -> std::io::Result<()> {
        for s in &summary.places {
            self.out.write_all(&[0x1e])?;
            write_feature(&mut self.out, &place_feature(ctx.gaz, s))?;
            self.out.write_all(b"\n")?;
        }
        for e in &summary.events {
            self.out.write_all(&[0x1e])?;
            write_feature(
                &mut self.out,
                &event_feature(ctx.gaz, e, ctx.evidence, summary),
            )?;
            self.out.write_all(b"\n")?;
        }
        self.out.flush()
    }
}

impl<W: Write> Writer for GeojsonSeq<W> {
    fn finish(&mut self, ctx: &Context, summary: &Summary) -> Result<()> {
        self.write(ctx, summary)
            .map_err(|e| write_error(&self.name, e))
    }
}

impl IntoInner for GeojsonSeq<Vec<u8>> {
    fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }
}
