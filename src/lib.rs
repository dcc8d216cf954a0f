//! eventmap turns news articles into maps: it finds place mentions, resolves them against a
//! bundled offline gazetteer, extracts events (what happened, where, when) and writes GeoJSON,
//! CSV and a PNG map.
//!
//! Data flows one way through the stages, each a module that takes and returns plain data:
//! [`text`] → [`recognize`] → [`resolve`] → [`roles`] → [`events`] → [`result`] → [`output`] /
//! [`render`]. [`pipeline`] runs them all, streaming.
//!
//! ```
//! use eventmap::{Document, Pipeline};
//! let pipeline = Pipeline::builder().build();
//! let doc = Document::new("a", "Russia struck Kharkiv on Tuesday, officials in Kyiv said.");
//! let result = pipeline.run(&[doc]);
//! let names: Vec<&str> = result.places.iter().map(|p| p.name.as_str()).collect();
//! assert!(names.contains(&"Kharkiv"));
//! assert!(names.contains(&"Kyiv"));
//! ```

mod binary;
mod common_words;
pub mod error;
pub mod events;
pub mod gazetteer;
pub mod geo_admin;
pub mod input;
pub mod lang;
pub mod lexicon;
mod lexicon_table;
pub mod output;
pub mod pipeline;
pub mod recognize;
#[cfg(feature = "render")]
pub mod render;
pub mod resolve;
pub mod result;
pub mod roles;
mod spill;
#[cfg(test)]
pub(crate) mod testing;
pub mod text;

pub use error::{Error, ErrorKind, Location, Result};
pub use events::{Event, EventType};
pub use gazetteer::{Gazetteer, GazetteerBuilder, Kind, Place, PlaceId};
pub use pipeline::{Pipeline, PipelineBuilder};
pub use recognize::{Mention, Recognizer};
pub use resolve::{Resolution, Resolver};
pub use result::{DocRecord, MentionRow, PlaceSummary, Reducer, RunResult, Summary};
pub use roles::Role;
pub use text::{Date, Document};
