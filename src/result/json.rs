//! How records' values are written in JSON: ids as numbers, roles, types and dates as their
//! text forms.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::events::dates::PartialDate;
use crate::events::{EventFamily, EventType};
use crate::gazetteer::PlaceId;
use crate::roles::Role;
use crate::text::Date;

impl Serialize for PlaceId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.0)
    }
}

impl<'de> Deserialize<'de> for PlaceId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<PlaceId, D::Error> {
        u32::deserialize(d).map(PlaceId)
    }
}

impl Serialize for Role {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Role {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Role, D::Error> {
        let s = String::deserialize(d)?;
        [Role::Event, Role::Actor, Role::Mention]
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown role {s:?}")))
    }
}

impl Serialize for EventType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EventType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<EventType, D::Error> {
        let s = String::deserialize(d)?;
        EventType::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown event type {s:?}")))
    }
}

impl Serialize for EventFamily {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EventFamily {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<EventFamily, D::Error> {
        let s = String::deserialize(d)?;
        EventType::ALL
            .iter()
            .map(|t| t.family())
            .find(|f| f.as_str() == s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown event family {s:?}")))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse_iso(&s).ok_or_else(|| serde::de::Error::custom(format!("not a date: {s:?}")))
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<PartialDate, D::Error> {
        let s = String::deserialize(d)?;
        let bad = || serde::de::Error::custom(format!("not a date: {s:?}"));
        match s.strip_prefix("--") {
            Some(md) => {
                let (m, day) = md.split_once('-').ok_or_else(bad)?;
                let (m, day) = (
                    m.parse().map_err(|_| bad())?,
                    day.parse().map_err(|_| bad())?,
                );
                Date::new(2000, m, day).ok_or_else(bad)?;
                Ok(PartialDate::MonthDay(m, day))
            }
            None => Date::parse_iso(&s).map(PartialDate::Day).ok_or_else(bad),
        }
    }
}
