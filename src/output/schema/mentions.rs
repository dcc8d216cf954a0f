//! The columns of `mentions.csv` and how a mention's fields are made.

use super::super::digits::{decimal, fixed3, thousandths};
use crate::gazetteer::{Gazetteer, PlaceId};
use crate::result::{MentionRow, MentionView};

/// The columns of `mentions.csv` (one row per mention, unresolved ones with empty place
/// columns).
pub const MENTION_COLUMNS: &[&str] = &[
    "doc",
    "start",
    "end",
    "text",
    "place_id",
    "name",
    "kind",
    "lat",
    "lon",
    "confidence",
    "role",
    "sentence",
];

/// A row of `mentions.csv`.
pub fn mention_row(gaz: &Gazetteer, m: &MentionRow) -> Vec<String> {
    let mut row = Vec::with_capacity(MENTION_COLUMNS.len());
    mention_fields(gaz, &m.view(), &mut String::new(), |f| {
        row.push(f.to_string())
    });
    row
}

/// The fields of a row of `mentions.csv` ([`mention_row`]), in column order, each handed to
/// `field` as it is made: a row per mention is written, so no field is allocated (`num` is
/// the buffer numbers are formatted in).
pub fn mention_fields(gaz: &Gazetteer, m: &MentionView, num: &mut String, field: impl FnMut(&str)) {
    struct Fields<F>(F);
    impl<F: FnMut(&str)> MentionSink for Fields<F> {
        fn field(&mut self, f: &str) {
            (self.0)(f)
        }
    }
    mention_fields_to(gaz, m, num, &mut Fields(field));
}

/// Where [`mention_fields_to`] puts a row's fields.
pub(crate) trait MentionSink {
    /// The next field.
    fn field(&mut self, f: &str);

    /// A field that needs no quoting in any format (a number, a role).
    fn plain(&mut self, f: &str) {
        self.field(f);
    }

    /// A plain field of ASCII bytes (a date): a sink that writes bytes needs no UTF-8 check.
    fn plain_ascii(&mut self, f: &[u8]) {
        self.plain(std::str::from_utf8(f).unwrap_or_default());
    }

    /// A whole number (needs no quoting either).
    fn number(&mut self, n: usize) {
        self.plain(decimal(n, &mut [0; 20]));
    }

    /// The place's five fields, `place_id` to `lon`, each through [`MentionSink::field`]: a
    /// sink may instead copy what it made for the place before.
    fn place(&mut self, gaz: &Gazetteer, place: Option<PlaceId>) {
        place_fields(gaz, place, |f| self.field(f));
    }
}

/// [`mention_fields`] into a sink.
pub(crate) fn mention_fields_to(
    gaz: &Gazetteer,
    m: &MentionView,
    num: &mut String,
    sink: &mut impl MentionSink,
) {
    sink.field(m.doc);
    mention_fields_past_doc(gaz, m, num, sink);
}

/// [`mention_fields_to`] past the `doc` field (a writer of a document's rows may write its
/// id once).
pub(crate) fn mention_fields_past_doc(
    gaz: &Gazetteer,
    m: &MentionView,
    num: &mut String,
    sink: &mut impl MentionSink,
) {
    sink.number(m.start);
    sink.number(m.end);
    sink.field(m.text);
    sink.place(gaz, m.place);
    match thousandths(m.confidence) {
        Some(b) => sink.plain_ascii(&b),
        None => sink.plain(fixed3(m.confidence, num)),
    }
    sink.plain(m.role.as_str());
    sink.field(m.sentence);
}

/// The five place fields of a row of `mentions.csv` (empty when unresolved).
pub(crate) fn place_fields(gaz: &Gazetteer, place: Option<PlaceId>, mut field: impl FnMut(&str)) {
    let Some(id) = place else {
        (0..5).for_each(|_| field(""));
        return;
    };
    let p = gaz.place(id);
    field(&p.id);
    field(&p.name);
    field(p.kind.as_str());
    // Formatted per call: `mentions.csv` keeps each place's fields made once (see
    // `csv::push_mention_row`).
    field(&format!("{:.5}", p.lat));
    field(&format!("{:.5}", p.lon));
}
