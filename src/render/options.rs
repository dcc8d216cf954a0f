//! What the user chooses: canvas size, scale, title and extent.

use crate::error::{Error, Result};

/// Which part of the world to show.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Extent {
    /// Fitted to the events (or the event places, or the places).
    Auto,
    /// The whole world (Web Mercator, filling the frame).
    World,
    /// `west, south, east, north` in degrees.
    Bbox(f64, f64, f64, f64),
}

impl std::str::FromStr for Extent {
    type Err = Error;
    fn from_str(s: &str) -> Result<Extent> {
        match s {
            "auto" => Ok(Extent::Auto),
            "world" => Ok(Extent::World),
            _ => {
                let v: Vec<f64> = s
                    .split(',')
                    .map(|x| x.trim().parse::<f64>())
                    .collect::<std::result::Result<_, _>>()
                    .map_err(|_| {
                        Error::invalid(format!(
                            "--extent {s:?}: expected auto, world or W,S,E,N in degrees"
                        ))
                    })?;
                match v[..] {
                    [w, so, e, n]
                        if w < e
                            && so < n
                            && (-180.0..=180.0).contains(&w)
                            && (-180.0..=180.0).contains(&e)
                            && (-85.0..=85.0).contains(&so)
                            && (-85.0..=85.0).contains(&n) =>
                    {
                        Ok(Extent::Bbox(w, so, e, n))
                    }
                    _ => Err(Error::invalid(format!(
                        "--extent {s:?}: need W<E in [-180,180] and S<N in [-85,85]"
                    ))),
                }
            }
        }
    }
}

/// How to draw the map.
#[derive(Clone, Debug, PartialEq)]
pub struct MapOptions {
    /// Width of the layout in pixels at scale 1.
    pub width: u32,
    /// Height of the layout in pixels at scale 1.
    pub height: u32,
    /// Multiplies the whole canvas: the PNG is `width × scale` by `height × scale` pixels and
    /// every part of the layout grows with it (2.0 for print at twice the pixel density).
    pub scale: f64,
    /// Title at the top; `None` for one made from the content ("Strikes in Ukraine, 30 Dec
    /// 2023 – 2 Jan 2024").
    pub title: Option<String>,
    /// The part of the world shown.
    pub extent: Extent,
}

impl MapOptions {
    /// Checks sizes and scale, so a run can refuse bad flags before doing any work.
    pub fn validate(&self) -> Result<()> {
        if self.width < 400 || self.height < 300 || self.width > 10_000 || self.height > 10_000 {
            return Err(Error::invalid(format!(
                "map size {}x{} is out of range: --width and --height must be 400..10000 and 300..10000",
                self.width, self.height
            )));
        }
        if !(0.25..=8.0).contains(&self.scale) {
            return Err(Error::invalid(format!(
                "--scale {} is out of range 0.25..8",
                self.scale
            )));
        }
        let (w, h) = self.pixels();
        if w > 20_000 || h > 20_000 {
            return Err(Error::invalid(format!(
                "map of {w}x{h} pixels is too large: lower --scale, --width or --height"
            )));
        }
        Ok(())
    }

    /// The PNG's size in pixels: the layout size times the scale.
    pub fn pixels(&self) -> (u32, u32) {
        let px = |v: u32| (f64::from(v) * self.scale).round() as u32;
        (px(self.width), px(self.height))
    }
}

impl Default for MapOptions {
    fn default() -> Self {
        MapOptions {
            width: 1600,
            height: 1000,
            scale: 1.0,
            title: None,
            extent: Extent::Auto,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extent_parsing() {
        assert_eq!("world".parse::<Extent>().unwrap(), Extent::World);
        assert_eq!(
            "22,44,41,53".parse::<Extent>().unwrap(),
            Extent::Bbox(22.0, 44.0, 41.0, 53.0)
        );
        assert!("41,44,22,53".parse::<Extent>().is_err());
        assert!("a,b"
            .parse::<Extent>()
            .unwrap_err()
            .to_string()
            .contains("--extent"));
    }

    #[test]
    fn scale_multiplies_the_canvas() {
        let o = MapOptions {
            scale: 2.0,
            ..MapOptions::default()
        };
        assert_eq!(o.pixels(), (3200, 2000));
        assert!(MapOptions {
            width: 10,
            ..MapOptions::default()
        }
        .validate()
        .is_err());
        assert!(MapOptions {
            width: 9000,
            scale: 4.0,
            ..MapOptions::default()
        }
        .validate()
        .is_err());
    }
}
