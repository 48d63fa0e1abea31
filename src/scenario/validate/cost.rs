//! `[cost]`: what waiting costs besides staff and penalty payments (reception, opvang).

use super::{Names, Problems};
use crate::model::ReceptionCost;
use crate::scenario::file::ScenarioFile;

/// The reception cost, if the scenario gives one: a rate per day that a case of the chosen
/// streams is open (all streams when none are listed).
pub(super) fn reception(
    raw: &ScenarioFile,
    names: &Names,
    problems: &mut Problems,
) -> Option<ReceptionCost> {
    let cost = raw.cost.as_ref()?;
    let rate = cost.reception_per_day_eur;
    let valid = rate.is_finite() && rate >= 0.0;
    if !valid {
        problems.add(
            "cost.reception_per_day_eur",
            format!("must be an amount of euro per day, got {rate}"),
            "e.g. reception_per_day_eur = 100 for the cost of one place in reception per day",
        );
    }
    let mut streams = vec![cost.reception_streams.is_none(); raw.streams.len()];
    for (i, name) in cost.reception_streams.iter().flatten().enumerate() {
        match names.streams.get(name) {
            Some(&idx) if streams[idx] => problems.add(
                format!("cost.reception_streams[{i}]"),
                format!("stream \"{name}\" is listed twice"),
                "list each stream once",
            ),
            Some(&idx) => streams[idx] = true,
            None => problems.add(
                format!("cost.reception_streams[{i}]"),
                format!("there is no [[stream]] named \"{name}\""),
                "name a stream of the scenario, e.g. \"first\"",
            ),
        }
    }
    valid.then_some(ReceptionCost {
        per_day_eur: rate,
        streams,
    })
}
