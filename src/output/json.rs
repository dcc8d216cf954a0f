//! One JSON object: `{"places": FeatureCollection, "events": FeatureCollection}`.

use std::io::Write;

use super::geojson::write_collection;
use super::schema::{event_feature, place_feature};
use super::{write_error, Context, IntoInner, Writer};
use crate::error::Result;
use crate::result::Summary;

/// The JSON writer.
pub struct JsonAll<W: Write> {
    out: W,
    name: String,
}

impl<W: Write> JsonAll<W> {
    /// A writer to `out`, named `name` in errors.
    pub fn new(out: W, name: &str) -> Self {
        JsonAll {
            out,
            name: name.to_string(),
        }
    }

    fn write(&mut self, ctx: &Context, summary: &Summary) -> std::io::Result<()> {
        self.out.write_all(b"{\"places\":")?;
        write_collection(
            &mut self.out,
            summary.places.iter().map(|s| place_feature(ctx.gaz, s)),
        )?;
        self.out.write_all(b",\"events\":")?;
        write_collection(
            &mut self.out,
            summary
                .events
                .iter()
                .map(|e| event_feature(ctx.gaz, e, ctx.evidence, summary)),
        )?;
        self.out.write_all(b"}\n")?;
        self.out.flush()
    }
}

impl<W: Write> Writer for JsonAll<W> {
    fn finish(&mut self, ctx: &Context, summary: &Summary) -> Result<()> {
        self.write(ctx, summary)
            .map_err(|e| write_error(&self.name, e))
    }
}

impl IntoInner for JsonAll<Vec<u8>> {
    fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }
}
