//! Taking stock at the end of each calendar month, for the monthly series.

use crate::engine::MINUTES_PER_DAY;
use crate::model::Activity;
use crate::model::world::World;

impl World<'_> {
    /// Closes the month in progress: its flows were counted as they happened; here the stocks
    /// (backlog in total, past term, per stream and per step) are counted.
    pub(crate) fn close_month(&mut self) {
        if self.monthly.is_none() {
            return;
        }
        if let Some(dates) = self.network.dates {
            let date = dates.date_of(self.today());
            let midnight = self.now.minutes().is_multiple_of(MINUTES_PER_DAY);
            if midnight && date.month() == 1 && date.day() == 1 && self.today() > 0 {
                self.year_end_backlog
                    .push((date.year() - 1, self.cases.len() as u64));
                if self.network.reception.is_some() {
                    let minutes = self.reception_minutes_until(self.now);
                    self.year_end_reception.push((date.year() - 1, minutes));
                }
            }
        }
        let stocks = self.stocks();
        if let Some(monthly) = &mut self.monthly {
            monthly.close_month(&stocks);
        }
    }

    /// The stocks at a month's end, in the order of the catalogue's monthly columns after the
    /// flow columns: backlog, past term, per stream (with several), per step.
    fn stocks(&self) -> Vec<f64> {
        let network = self.network;
        let today = self.today();
        let n_streams = network.streams.len();
        let stocks = self
            .stocks
            .as_ref()
            .expect("a run with a monthly series counts its stocks");
        let past_term = stocks.past_term(today);
        let per_stream = stocks.per_stream();
        let per_step = stocks.per_step();
        let mut out = vec![self.cases.len() as f64, past_term as f64];
        if n_streams > 1 {
            out.extend(per_stream.iter().map(|&n| n as f64));
        }
        out.extend(
            network
                .steps
                .iter()
                .zip(per_step)
                .filter(|(s, _)| !matches!(s.activity, Activity::Instant))
                .map(|(_, &n)| n as f64),
        );
        out
    }
}
