//! The report of one run: headline, assumptions, charts, summary tables and manifest.

use crate::experiment::Experiment;
use crate::history::HistoryRow;
use crate::model::catalogue::{Cases, Catalogue, Flow, MetricKey, PenaltyPart};
use crate::model::{MonthlyColumn, PoolIdx};
use crate::output::Manifest;
use crate::plot::{
    self, Band, FanSeries, HistoryPoint, IntervalChart, IntervalRow, PlotError, Sample, Unit,
    format_count, format_euros, format_percent,
};
use crate::report::facts::ScenarioFacts;
use crate::report::html::{Card, Page, Table};
use crate::report::series::{metric_values, monthly_bands, summary_cells};
use crate::report::{Plot, Report};
use crate::stats::{Summary, summarize};

/// Utilisation from which a pool is drawn as (nearly) saturated.
const SATURATED: f64 = 0.95;

/// The report of `experiment`, a run of the scenario described by `facts`, with its manifest.
/// Charts that do not apply (no dates, no law, one stream) are left out.
pub fn run_report(
    facts: &ScenarioFacts,
    experiment: &Experiment,
    manifest: &Manifest,
) -> Result<Report, PlotError> {
    let summaries = experiment.summaries();
    let summary = |name: &str| summaries.iter().find(|(n, _)| n == name).map(|(_, s)| s);
    let settings = experiment.settings;
    let mut page = Page::new(
        &format!("Scenario {}", facts.name),
        &format!(
            "{}{}{} replications (simulated futures), seed {}",
            facts.description,
            if facts.description.is_empty() {
                ""
            } else {
                ". "
            },
            settings.replications,
            settings.seed
        ),
    );
    page.section("headline", "Headline");
    page.headline(&headline(facts, &summary, experiment));
    let draws = if facts.uncertain.is_empty() {
        "which differ only in their random draws: intake, work times, applicant behaviour"
    } else {
        "which differ in their random draws (intake, work times, applicant behaviour) and in the uncertain inputs each future draws anew (see Key assumptions)"
    };
    page.note(&format!(
        "Every number comes from {} simulated futures (replications) of the same scenario, {draws}. A mean comes with its 95% confidence interval (how precisely the simulation pins the average down; more replications narrow it). \"p5-p95\" is the range within which 90% of the futures fall (how much the future itself can vary; more replications do not narrow it).",
        settings.replications
    ));

    page.section("assumptions", "Key assumptions");
    page.facts(&assumptions(facts, experiment));
    if !facts.staffing.is_empty() {
        page.table("Staffing at the start", &staffing_table(facts));
    }
    if !facts.uncertain.is_empty() {
        page.table(
            "What we do not know: drawn anew in every future (the draws are in inputs.csv)",
            &uncertain_table(facts),
        );
    }

    let figures = figures(facts, experiment)?;
    page.section("charts", "Charts");
    for (plot, caption) in &figures {
        page.figure(plot, caption);
    }

    if let Some(table) = crate::report::budget::budget_table(experiment) {
        page.section("budget", "Budget: penalties and court costs per year");
        page.paragraph(&format!(
            "What the {} simulated futures paid in penalty payments (dwangsommen, administrative and court) and court procedural costs, per calendar year of payment. Reserve against a percentile, not the mean: p95 is exceeded in 1 future in 20. Its 95% confidence interval (distribution-free, from the order statistics) says how precisely the replications pin the p95 down; more replications narrow it. risk.csv has the same per kind, stream and month.",
            settings.replications
        ));
        page.table("", &table);
    }

    let history = history_figures(facts, experiment)?;
    if let Some((rows, charts)) = &history {
        page.section(
            "history",
            "History: published figures against the simulation",
        );
        page.paragraph(&format!(
            "{}. Each published figure (from the scenario's observed-series file) is held against the same figure in the {} simulated futures: a cross marks the published value, the dot the simulated median and the bar the range 90% of the futures fall in (p5-p95). The table gives the simulated mean with its 95% confidence interval and the error of the mean (simulated minus published) as a share of the published value; every row is also in observed_vs_simulated.csv.",
            crate::history::verdict(rows),
            settings.replications
        ));
        for (plot, caption) in charts {
            page.figure(plot, caption);
        }
        page.table("", &history_table(rows));
    }

    page.section("summary", "Key figures");
    page.table("", &summary_table(&experiment.catalogue, &summaries, true));
    page.section("manifest", "Run manifest");
    page.paragraph("What was run, with which inputs, seed and software, so that the results can be traced and reproduced (also in run.json). The wall time is the only figure that differs between otherwise identical runs.");
    page.facts(&manifest_rows(manifest));
    page.section("all-metrics", "All metrics");
    page.paragraph("Every metric of summary.csv (units: days, euro, shares as percentages). Names are explained in the README, \"Metrics\".");
    page.table("", &summary_table(&experiment.catalogue, &summaries, false));
    let html = page.finish(&format!(
        "asielsim {}: scenario {} ({}), {} replications, seed {}.",
        manifest.asielsim_version, facts.name, facts.file, settings.replications, settings.seed
    ));
    let mut plots: Vec<Plot> = figures.into_iter().map(|(plot, _)| plot).collect();
    if let Some((_, charts)) = history {
        plots.extend(charts.into_iter().map(|(plot, _)| plot));
    }
    Ok(Report { html, plots })
}

/// The history section's rows and charts (one per family of figures), when the scenario names
/// published figures.
#[allow(clippy::type_complexity)]
pub(crate) fn history_figures(
    facts: &ScenarioFacts,
    experiment: &Experiment,
) -> Result<Option<(Vec<HistoryRow>, Vec<(Plot, String)>)>, PlotError> {
    if facts.observed.is_empty() {
        return Ok(None);
    }
    let rows = crate::history::compare(experiment, &facts.observed);
    let mut charts = Vec::new();
    for (idx, (family, members)) in crate::history::families(&rows).into_iter().enumerate() {
        let labels: Vec<String> = members.iter().map(|r| r.figure.period.label()).collect();
        let points: Vec<HistoryPoint<'_>> = members
            .iter()
            .zip(&labels)
            .map(|(r, label)| HistoryPoint {
                label,
                median: r.simulated.p50,
                p05: r.simulated.p05,
                p95: r.simulated.p95,
                observed: r.figure.value,
            })
            .collect();
        let unit = members[0].unit;
        let svg = plot::history_chart(family, unit_axis(unit), unit, &points)?;
        let sources: Vec<&str> = {
            let mut s: Vec<&str> = members
                .iter()
                .map(|r| r.figure.source.as_str())
                .filter(|s| !s.is_empty())
                .collect();
            s.dedup();
            s
        };
        let caption = format!(
            "{family}: published (cross) against the simulated median (dot) and p5-p95 range (bar). {}",
            if sources.is_empty() {
                "No source given.".to_string()
            } else {
                format!("Sources: {}.", sources.join("; "))
            }
        );
        charts.push((
            plot_of(&format!("history_{:02}", idx + 1), family, svg),
            caption,
        ));
    }
    Ok(Some((rows, charts)))
}

/// The axis description of a history chart in `unit`.
fn unit_axis(unit: Unit) -> &'static str {
    match unit {
        Unit::Count => "cases",
        Unit::Share => "share",
        Unit::Euro => "euro",
        Unit::Days => "days",
        Unit::Number => "value",
    }
}

/// The history table: each figure, the simulated mean with its interval and range, the error.
pub(crate) fn history_table(rows: &[HistoryRow]) -> Table {
    let header = [
        "figure",
        "period",
        "published",
        "simulated mean (95% CI)",
        "90% of futures (p5-p95)",
        "error of the mean",
        "source",
    ];
    let body = rows
        .iter()
        .map(|r| {
            let u = r.unit;
            let s = &r.simulated;
            let error = r.relative_error();
            vec![
                r.figure.family.clone(),
                r.figure.period.label(),
                u.format(r.figure.value),
                format!(
                    "{} ({} to {})",
                    u.format(s.mean),
                    u.format(s.ci95_low),
                    u.format(s.ci95_high)
                ),
                format!("{} to {}", u.format(s.p05), u.format(s.p95)),
                if error.is_finite() {
                    format!("{:+.0}%", error * 100.0)
                } else {
                    String::new()
                },
                r.figure.source.clone(),
            ]
        })
        .collect();
    Table {
        header: header.iter().map(|h| h.to_string()).collect(),
        rows: body,
        numeric: vec![false, false, true, true, true, true, false],
        marked: rows
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.within_tolerance(crate::history::TOLERANCE))
            .map(|(i, _)| i)
            .collect(),
    }
}

/// The headline cards: timeliness, backlog, penalties and staffing for asylum scenarios; flow
/// figures otherwise.
/// The headline figures of a run, written for people (the report's cards, also printed by
/// `run` on the terminal).
pub fn headline_cards(facts: &ScenarioFacts, experiment: &Experiment) -> Vec<Card> {
    let summaries = experiment.summaries();
    let summary = |name: &str| summaries.iter().find(|(n, _)| n == name).map(|(_, s)| s);
    headline(facts, &summary, experiment)
}

fn headline<'a>(
    facts: &ScenarioFacts,
    summary: &impl Fn(&str) -> Option<&'a Summary>,
    experiment: &Experiment,
) -> Vec<Card> {
    let mut cards = Vec::new();
    let spread = |s: &Summary, unit: Unit| {
        format!(
            "90% of futures between {} and {}",
            unit.format(s.p05),
            unit.format(s.p95)
        )
    };
    if facts.has_law {
        if let Some(s) = summary("within_term_share") {
            cards.push(Card {
                label: "Decided within the decision term (beslistermijn)".into(),
                value: format_percent(s.mean),
                note: format!(
                    "mean over the futures; 95% CI {} to {}; {}",
                    format_percent(s.ci95_low),
                    format_percent(s.ci95_high),
                    spread(s, Unit::Share)
                ),
            });
        }
        if let Some(s) = summary("backlog_end") {
            let when = facts
                .end_date
                .as_deref()
                .map_or("at the end".to_string(), |d| format!("at the end of {d}"));
            cards.push(Card {
                label: format!("Backlog (werkvoorraad) {when}"),
                value: format!("{} cases", format_count(s.mean)),
                note: format!("mean over the futures; {}", spread(s, Unit::Count)),
            });
        }
        if let Some(s) = summary("penalty_eur_total") {
            cards.push(Card {
                label: "Penalty payments (dwangsommen), expected over the run".into(),
                value: format_euros(s.mean),
                note: format!(
                    "mean over the futures; p95 {}: 1 future in 20 pays more ({})",
                    format_euros(s.p95),
                    p95_precision(experiment, "penalty_eur_total")
                ),
            });
        }
    } else {
        for (name, label, unit) in [
            (
                "throughput_days_mean",
                "Throughput time (doorlooptijd), mean",
                Unit::Days,
            ),
            (
                "wait_days_mean",
                "Wait before the first work, mean",
                Unit::Days,
            ),
            (
                "in_system_mean",
                "Cases in the system, time average",
                Unit::Count,
            ),
        ] {
            if let Some(s) = summary(name) {
                cards.push(Card {
                    label: label.into(),
                    value: unit.format(s.mean),
                    note: format!(
                        "mean over the futures; 95% CI {} to {}",
                        format_count(s.ci95_low),
                        format_count(s.ci95_high)
                    ),
                });
            }
        }
    }
    if !facts.staffing.is_empty() {
        cards.push(Card {
            label: "Staffing at the start".into(),
            value: format!("{} FTE", format_count(facts.total_staff())),
            note: format!(
                "in {} pool{}; see Key assumptions",
                facts.staffing.len(),
                if facts.staffing.len() == 1 { "" } else { "s" }
            ),
        });
    }
    if let Some(s) = summary("total_cost_eur") {
        // Staff and reception are priced by the scenario's inputs (assumptions, marked);
        // penalties and court costs are what the simulated futures paid.
        let part = |name: &str, label: &str, priced: bool| {
            summary(name).map(|p| {
                let share = if s.mean > 0.0 {
                    format!(" ({:.0}%)", 100.0 * p.mean / s.mean)
                } else {
                    String::new()
                };
                let mark = if priced { "*" } else { "" };
                format!("{label}{mark} {}{share}", format_euros(p.mean))
            })
        };
        let parts: Vec<String> = [
            part("staff_cost_eur", "staff", true),
            part("reception_cost_eur", "reception (opvang)", true),
            part("penalty_eur_total", "penalties", false),
            part("court_costs_eur", "court costs", false),
        ]
        .into_iter()
        .flatten()
        .collect();
        // The prices themselves are in Key assumptions; the card only marks them.
        let priced = if facts.prices.is_empty() {
            String::new()
        } else {
            ". * priced by the scenario's assumptions (the prices are in Key assumptions)".into()
        };
        cards.push(Card {
            label: "Total cost, expected over the run".into(),
            value: format_euros(s.mean),
            note: format!(
                "mean over the futures: {}; p95 {}{priced}",
                parts.join(", "),
                format_euros(s.p95)
            ),
        });
    }
    cards
}

fn assumptions(facts: &ScenarioFacts, experiment: &Experiment) -> Vec<(String, String)> {
    let settings = experiment.settings;
    let mut rows = vec![
        ("Scenario".to_string(), facts.name.clone()),
        ("Scenario file".to_string(), facts.file.clone()),
    ];
    if !facts.description.is_empty() {
        rows.push(("Description".into(), facts.description.clone()));
    }
    rows.push(("Simulated period".into(), facts.period()));
    rows.push((
        "Replications and seed".into(),
        format!(
            "{} replications, master seed {} (the same seed gives the same results)",
            settings.replications, settings.seed
        ),
    ));
    rows.push((
        "Routing policy (verkeerstoren)".into(),
        facts.policy.clone(),
    ));
    for (stream, how) in &facts.intake {
        rows.push((format!("Intake (instroom): {stream}"), how.clone()));
    }
    if let Some(s) =
        metric_values(experiment, MetricKey::InSystemStart(Flow::All)).map(|v| summarize(&v))
    {
        rows.push((
            "Backlog at the start".into(),
            format!("{} open cases", format_count(s.mean)),
        ));
    }
    for (what, price) in &facts.prices {
        rows.push((
            format!("Price of {what} (an assumption of the scenario)"),
            price.clone(),
        ));
    }
    rows.push((
        "Decision terms and penalties".into(),
        if facts.has_law {
            "modelled: decision terms (beslistermijn), notices of default and penalty payments (dwangsommen) as the scenario's [law] section sets them".into()
        } else {
            "not modelled in this scenario".into()
        },
    ));
    rows
}

fn staffing_table(facts: &ScenarioFacts) -> Table {
    let mut rows: Vec<Vec<String>> = facts
        .staffing
        .iter()
        .map(|(pool, fte)| vec![pool.clone(), format_count(*fte)])
        .collect();
    rows.push(vec!["total".into(), format_count(facts.total_staff())]);
    Table {
        header: vec!["pool".into(), "staff (FTE)".into()],
        rows,
        numeric: vec![false, true],
        marked: Vec::new(),
    }
}

fn uncertain_table(facts: &ScenarioFacts) -> Table {
    Table {
        header: vec!["input".into(), "sets".into(), "distribution".into()],
        rows: facts
            .uncertain
            .iter()
            .map(|(name, path, dist)| vec![name.clone(), path.clone(), dist.clone()])
            .collect(),
        numeric: vec![false, false, false],
        marked: Vec::new(),
    }
}

/// How precisely the replications pin a metric's p95 down: its distribution-free 95% interval,
/// or how many replications one needs.
fn p95_precision(experiment: &Experiment, metric: &str) -> String {
    let mut values: Vec<f64> = experiment
        .values_of(metric)
        .unwrap_or_default()
        .into_iter()
        .filter(|v| v.is_finite())
        .collect();
    values.sort_by(f64::total_cmp);
    match crate::stats::quantile_interval(&values, 0.95, 0.95) {
        Some((lo, hi)) => format!(
            "95% CI of the p95 {} to {}",
            format_euros(lo),
            format_euros(hi)
        ),
        None => format!(
            "an interval for the p95 needs {} replications",
            crate::stats::replications_for_interval(0.95, 0.95)
        ),
    }
}

/// Every chart that applies, with its caption.
fn figures(
    facts: &ScenarioFacts,
    experiment: &Experiment,
) -> Result<Vec<(Plot, String)>, PlotError> {
    let n = experiment.settings.replications;
    let mut out = Vec::new();
    let bands_note = format!(
        "The line is the median of the {n} simulated futures, the dark band holds the middle half of them (p25-p75) and the light band 90% (p5-p95)."
    );
    if let Some((months, bands)) = monthly_bands(experiment, MonthlyColumn::Backlog) {
        let title = "Backlog (werkvoorraad) at each month's end";
        out.push((
            plot_of("backlog", title, plot::percentile_fan(title, "open cases", Unit::Count, &months, &[FanSeries { label: "all streams", bands: &bands }])?),
            format!("Open cases at the end of each month, all streams together. {bands_note} A rising line means intake outpaces decisions."),
        ));
        if facts.streams.len() > 1 {
            let per_stream: Vec<(String, Vec<Band>)> = facts
                .streams
                .iter()
                .enumerate()
                .filter_map(|(idx, s)| {
                    monthly_bands(experiment, MonthlyColumn::BacklogOfStream(idx as u16))
                        .map(|(_, b)| (s.clone(), b))
                })
                .collect();
            if !per_stream.is_empty() {
                let series: Vec<FanSeries<'_>> = per_stream
                    .iter()
                    .map(|(label, bands)| FanSeries { label, bands })
                    .collect();
                let title = "Backlog (werkvoorraad) per stream";
                out.push((
                    plot_of("backlog_per_stream", title, plot::percentile_fan(title, "open cases", Unit::Count, &months, &series)?),
                    "Open cases at the end of each month per case stream (first applications, subsequent applications, nareis...). Per stream, the line is the median over the simulated futures, the darker band the middle half (p25-p75) and the lighter band 90% of them (p5-p95).".to_string(),
                ));
            }
        }
    }
    if let Some((months, bands)) = monthly_bands(experiment, MonthlyColumn::Arrivals) {
        let title = "Intake (instroom): applications arriving per month";
        out.push((
            plot_of("intake", title, plot::percentile_fan(title, "cases per month", Unit::Count, &months, &[FanSeries { label: "all streams", bands: &bands }])?),
            format!("New cases per calendar month, all streams together, as the scenario's intake model draws them (history is in the forecast report). {bands_note} The width of the bands is the intake uncertainty the results carry."),
        ));
    }
    if let Some((months, bands)) = monthly_bands(experiment, MonthlyColumn::Decided) {
        let title = "Decisions (beslissingen) per month";
        out.push((
            plot_of("decisions", title, plot::percentile_fan(title, "decisions per month", Unit::Count, &months, &[FanSeries { label: "all streams", bands: &bands }])?),
            format!("Cases decided per calendar month. {bands_note} Dips in summer and at Christmas follow leave; the level follows staffing."),
        ));
    }
    if facts.has_law
        && let Some((months, bands)) = monthly_bands(experiment, MonthlyColumn::WithinTermShare)
        && bands.iter().any(Band::is_defined)
    {
        let title = "Share decided within the decision term (beslistermijn)";
        out.push((
            plot_of("within_term", title, plot::percentile_fan(title, "share of the month's decisions", Unit::Share, &months, &[FanSeries { label: "all streams", bands: &bands }])?),
            format!("Of the decisions in each month, the share taken on or before the last day of the case's decision term. {bands_note} Months without decisions are left out."),
        ));
    }
    if facts.has_law {
        let years: Vec<(String, Vec<f64>)> = experiment
            .catalogue
            .metrics()
            .iter()
            .enumerate()
            .filter_map(|(idx, def)| match def.key {
                MetricKey::Penalty {
                    part: PenaltyPart::Total,
                    year: Some(year),
                    stream: None,
                } => Some((year.to_string(), experiment.column(idx))),
                _ => None,
            })
            .collect();
        if !years.is_empty() {
            let samples: Vec<Sample<'_>> = years
                .iter()
                .map(|(label, values)| Sample { label, values })
                .collect();
            let title = "Penalty payments (dwangsommen) per calendar year";
            out.push((
                plot_of("penalties_per_year", title, plot::distribution_chart(title, "paid in the year", Unit::Euro, &samples)?),
                format!("Administrative and court penalty payments paid in each calendar year, one grey dot per simulated future ({n} per year); the shaded shape shows where the futures cluster. The black line is the median (p50), the orange line p90 (1 year in 10 is worse) and the red line p95 (1 year in 20 is worse), the figure to budget against. risk.csv has these per kind and month."),
            ));
        }
    }
    let throughput = throughput_rows(facts, experiment);
    if !throughput.is_empty() {
        let title = "Throughput time (doorlooptijd) from application to decision";
        let chart = spread_chart(
            "throughput",
            title,
            ("days", Unit::Days),
            &throughput,
            |_, _| false,
            None,
        )?;
        out.push((
            chart,
            format!("Days from application (for the backlog at the start: from lodging) to decision, for the cases decided in the run. The first rows are the mean, median and 90th percentile over all decided cases; then the mean per stream, and per location for each stream, where the scenario has several (per track: the next chart): a location that handles a faster stream does not read as faster. Each dot is the average of that figure over the {n} futures, the bar spans 90% of them (p5-p95). The simulator keeps these summaries, not every case's time."),
        ));
    }
    let tracks = track_rows(facts, experiment);
    if !tracks.is_empty() {
        let title = "Throughput time per track (spoor): median, mean and 90th percentile";
        let chart = spread_chart(
            "throughput_tracks",
            title,
            ("days", Unit::Days),
            &tracks,
            |label, _| label.ends_with("90th percentile"),
            Some("90th percentile: 1 case in 10 takes longer"),
        )?;
        out.push((
            chart,
            format!("The distribution of the days from application to decision within each track (spoor) that decided cases: its median (half the cases are decided sooner), its mean, and its 90th percentile (1 case in 10 takes longer; a long right tail is where terms are missed). Each dot averages that figure over the {n} futures; the bar spans 90% of them (p5-p95). Tracks that decided no case (switched off) are left out."),
        ));
    }
    let utilisation: Vec<(String, Summary)> = facts
        .staffing
        .iter()
        .enumerate()
        .filter_map(|(idx, (pool, _))| {
            metric_values(experiment, MetricKey::Utilisation(PoolIdx(idx as u16)))
                .map(|v| (pool.clone(), summarize(&v)))
        })
        .collect();
    if !utilisation.is_empty() {
        let title = "Utilisation (bezetting) per staff pool";
        let chart = spread_chart(
            "utilisation",
            title,
            ("share of working time busy", Unit::Share),
            &utilisation,
            |_, s| s.mean >= SATURATED,
            Some("95% or more: the pool is the bottleneck"),
        )?;
        out.push((
            chart,
            format!("Busy staff time over staff time present (working time, for pools on a working calendar), per pool; pools are named by role and location. Each dot is the mean over the {n} futures, the bar spans 90% of them. A pool near 100% is a bottleneck: its queue grows and more staff there shortens waits; a pool well below it has room."),
        ));
    }
    Ok(out)
}

/// Throughput-time rows: all cases (mean, p50, p90), then the mean per stream, track and
/// location when the metrics have them.
fn throughput_rows(facts: &ScenarioFacts, experiment: &Experiment) -> Vec<(String, Summary)> {
    let mut rows = Vec::new();
    let mut push = |label: String, key: MetricKey| {
        if let Some(values) = metric_values(experiment, key) {
            let s = summarize(&values);
            if s.n > 0 {
                rows.push((label, s));
            }
        }
    };
    push(
        "all cases: mean".into(),
        MetricKey::ThroughputDaysMean(Cases::All),
    );
    push(
        "all cases: median (p50)".into(),
        MetricKey::ThroughputDaysP50(None),
    );
    push(
        "all cases: 90th percentile".into(),
        MetricKey::ThroughputDaysP90(None),
    );
    type Kind<'a> = (&'a str, &'a [String], fn(u16) -> Cases);
    let kinds: [Kind<'_>; 2] = [
        ("stream", &facts.streams, Cases::Stream),
        ("location", &facts.locations, Cases::Location),
    ];
    let per_stream = facts.streams.len() > 1;
    for (kind, names, cases) in kinds {
        if names.len() > 1 {
            for (idx, name) in names.iter().enumerate() {
                if kind == "location" && per_stream {
                    // Per stream at each location: a location that handles a fast stream
                    // would otherwise read as fast.
                    for (s, stream) in facts.streams.iter().enumerate() {
                        push(
                            format!("location {name}, {stream}: mean"),
                            MetricKey::ThroughputDaysMeanAt {
                                location: idx as u16,
                                stream: s as u16,
                            },
                        );
                    }
                } else {
                    push(
                        format!("{kind} {name}: mean"),
                        MetricKey::ThroughputDaysMean(cases(idx as u16)),
                    );
                }
            }
        }
    }
    rows
}

/// Per track: the median, mean and 90th percentile of the throughput time, where the metrics
/// have them (scenarios with several tracks).
fn track_rows(facts: &ScenarioFacts, experiment: &Experiment) -> Vec<(String, Summary)> {
    let mut rows = Vec::new();
    if facts.tracks.len() < 2 {
        return rows;
    }
    for (idx, name) in facts.tracks.iter().enumerate() {
        let t = idx as u16;
        for (what, key) in [
            ("median", MetricKey::ThroughputDaysP50(Some(t))),
            ("mean", MetricKey::ThroughputDaysMean(Cases::Track(t))),
            ("90th percentile", MetricKey::ThroughputDaysP90(Some(t))),
        ] {
            if let Some(values) = metric_values(experiment, key) {
                let s = summarize(&values);
                if s.n > 0 {
                    rows.push((format!("{name}: {what}"), s));
                }
            }
        }
    }
    rows
}

/// A dot-and-whisker chart of figures over the futures: per row the mean, and a bar over
/// p5-p95; rows for which `emphasis` holds are drawn in the emphasis colour.
fn spread_chart(
    name: &str,
    title: &str,
    (axis_label, unit): (&str, Unit),
    rows: &[(String, Summary)],
    emphasis: impl Fn(&str, &Summary) -> bool,
    emphasis_label: Option<&str>,
) -> Result<Plot, PlotError> {
    let rows: Vec<IntervalRow<'_>> = rows
        .iter()
        .map(|(label, s)| IntervalRow {
            label,
            value: s.mean,
            low: s.p05,
            high: s.p95,
            emphasis: emphasis(label, s),
        })
        .collect();
    let chart = IntervalChart {
        title,
        axis_label,
        unit,
        value_label: "mean over the futures",
        interval_label: "p5-p95 over the futures",
        emphasis_label,
        reference: None,
    };
    Ok(plot_of(name, title, plot::interval_chart(&chart, &rows)?))
}

fn plot_of(name: &str, title: &str, svg: String) -> Plot {
    Plot {
        name: name.to_string(),
        title: title.to_string(),
        svg,
    }
}

/// The key metrics, in table order (those a run has).
const KEY_METRICS: [&str; 14] = [
    "within_term_share",
    "decided",
    "backlog_end",
    "past_term_end",
    "penalty_eur_total",
    "penalty_eur_accrued_open",
    "notices",
    "court_cases",
    "arrived",
    "completed",
    "throughput_days_mean",
    "throughput_days_p90",
    "wait_days_mean",
    "staff_cost_eur",
];

/// The summary table: the key metrics with their meanings from the catalogue, or every metric.
fn summary_table(catalogue: &Catalogue, summaries: &[(String, Summary)], key_only: bool) -> Table {
    let mut rows = Vec::new();
    let mut push = |name: &str, meaning: Option<&str>, s: &Summary| {
        let unit = catalogue.unit_of(name);
        let mut row = vec![name.to_string()];
        if let Some(meaning) = meaning {
            row.push(meaning.to_string());
        }
        row.extend(summary_cells(unit, s));
        row.push(s.n.to_string());
        rows.push(row);
    };
    if key_only {
        for name in KEY_METRICS {
            if let (Some((_, s)), Some(def)) = (
                summaries.iter().find(|(n, _)| n == name),
                catalogue.get(name),
            ) {
                push(name, Some(&def.meaning), s);
            }
        }
    } else {
        for (name, s) in summaries {
            push(name, None, s);
        }
    }
    let mut header = vec!["metric".to_string()];
    let mut numeric = vec![false];
    if key_only {
        header.push("meaning".into());
        numeric.push(false);
    }
    header.extend(["mean", "95% CI", "p5", "p50", "p95", "replications"].map(String::from));
    numeric.extend([true; 6]);
    Table {
        header,
        rows,
        numeric,
        marked: Vec::new(),
    }
}

/// The manifest as label-value rows, sorted by field name.
pub(crate) fn manifest_rows(manifest: &impl serde::Serialize) -> Vec<(String, String)> {
    match serde_json::to_value(manifest) {
        Ok(serde_json::Value::Object(map)) => map
            .into_iter()
            .map(|(key, value)| {
                let text = match value {
                    serde_json::Value::String(s) => s,
                    // Numbers for people: seconds to a tenth, counts with separators; the seed
                    // and hashes as they are (they are names, not amounts).
                    serde_json::Value::Number(n) if key == "wall_time_seconds" => {
                        format!("{:.1} s", n.as_f64().unwrap_or(f64::NAN))
                    }
                    serde_json::Value::Number(n) if key != "seed" => {
                        format_count(n.as_f64().unwrap_or(f64::NAN))
                    }
                    serde_json::Value::Array(items) => items
                        .iter()
                        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                        .collect::<Vec<_>>()
                        .join("; "),
                    other => other.to_string(),
                };
                (key, text)
            })
            .collect(),
        _ => Vec::new(),
    }
}
