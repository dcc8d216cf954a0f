//! `places.geojson` and `events.geojson`: RFC 7946 FeatureCollections, one feature per line.

use std::io::Write;

use serde::Serialize;

use super::schema::{event_feature, place_feature};
use super::{write_error, Context, IntoInner, Writer};
use crate::error::Result;
use crate::result::Summary;

/// Writes features as a FeatureCollection, one compact feature per line.
pub(crate) fn write_collection<W: Write, T: Serialize>(
    out: &mut W,
    features: impl Iterator<Item = T>,
) -> std::io::Result<()> {
    out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
    for (i, f) in features.enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        write_feature(out, &f)?;
    }
    out.write_all(b"\n]}\n")?;
    out.flush()
}

/// One feature, compact.
pub(crate) fn write_feature<W: Write, T: Serialize>(out: &mut W, f: &T) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, f).map_err(std::io::Error::other)
}

macro_rules! collection_writer {
    ($name:ident, $file:literal, $doc:literal, |$ctx:ident, $summary:ident| $features:expr) => {
        #[doc = $doc]
        pub struct $name<W: Write> {
            out: W,
            name: String,
        }

        impl<W: Write> $name<W> {
            /// A writer to `out`.
            pub fn new(out: W) -> Self {
                Self::named(out, $file)
            }

            /// A writer to `out`, named `name` in errors.
            pub fn named(out: W, name: &str) -> Self {
                $name {
                    out,
                    name: name.to_string(),
                }
            }
        }

        impl<W: Write> Writer for $name<W> {
            fn finish(&mut self, $ctx: &Context, $summary: &Summary) -> Result<()> {
                write_collection(&mut self.out, $features).map_err(|e| write_error(&self.name, e))
            }
        }

        impl IntoInner for $name<Vec<u8>> {
            fn take(&mut self) -> Vec<u8> {
                std::mem::take(&mut self.out)
            }
        }
    };
}

collection_writer!(
    PlacesGeojson,
    "places.geojson",
    "`places.geojson`: one feature per place, sorted by mentions.",
    |ctx, summary| summary.places.iter().map(|s| place_feature(ctx.gaz, s))
);

collection_writer!(
    EventsGeojson,
    "events.geojson",
    "`events.geojson`: one feature per merged event, in id order.",
    |ctx, summary| summary
        .events
        .iter()
        .map(|e| event_feature(ctx.gaz, e, ctx.evidence, summary))
);
