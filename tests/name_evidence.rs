//! A name is not its own evidence: a name repeated through a story does not hold its first
//! reading by its own repetitions; the other names of the story decide (sentences written for
//! this rule).

mod common;

use common::{km, resolved_points};

/// The point of every mention of `name`.
fn points_of(text: &str, name: &str) -> Vec<(f64, f64)> {
    let points: Vec<(f64, f64)> = resolved_points(text)
        .into_iter()
        .filter(|(m, _, _)| m == name)
        .map(|(_, _, p)| p)
        .collect();
    assert!(!points.is_empty(), "{name:?} not resolved in {text:?}");
    points
}

#[test]
fn the_other_names_of_the_story_decide() {
    let st_petersburg = (59.94, 30.31);
    let text = "Gay rights activists met in St. Petersburg this week. St. Petersburg police \
                detained ten people near the Kremlin-backed rally. Activists in Moscow and St. \
                Petersburg said the Russian cities had a long way to go. St. Petersburg \
                officials declined to comment.";
    for p in points_of(text, "St. Petersburg") {
        assert!(km(p, st_petersburg) < 50.0, "{p:?}");
    }
}

#[test]
fn repeated_names_keep_the_reading_their_neighbours_give() {
    for (text, name, at) in [
        (
            "The Athens City Council met on Wednesday. Athens police said the budget was in \
             line. Athens officials thanked Henderson County for its help.",
            "Athens",
            (32.20, -95.86),
        ),
        (
            "Мешканці Олександрії скаржаться на світло. В Олександрії та Кропивницькому тривала \
             тривога.",
            "Олександрії",
            (48.67, 33.12),
        ),
        (
            "В Александрии прошли обыски. Александрия и Кропивницкий остались без света.",
            "Александрии",
            (48.67, 33.12),
        ),
    ] {
        for p in points_of(text, name) {
            assert!(km(p, at) < 50.0, "{name}: {p:?}");
        }
    }
}
