//! The generated data: determinism, realism and the quirks a client must survive.

use std::collections::HashMap;

use cdr_core::RecordField;
use cdr_sim::dataset::{Dataset, DatasetSpec, DEFAULT_END_MS};
use serde_json::Value;

fn spec(seed: u64, records: usize) -> DatasetSpec {
    DatasetSpec {
        seed,
        records,
        ..DatasetSpec::default()
    }
}

fn rendered(ds: &Dataset) -> Vec<String> {
    (0..ds.len()).map(|i| ds.record_json(i)).collect()
}

#[test]
fn default_end_is_2026_11_28_utc() {
    // 20,785 days after 1970-01-01.
    assert_eq!(DEFAULT_END_MS, 20_785 * 86_400_000);
    let d = DatasetSpec::default();
    assert_eq!((d.seed, d.records, d.days), (1, 50_000, 30));
}

#[test]
fn same_seed_same_records_different_seed_different_records() {
    let a = Dataset::generate(&spec(7, 3_000));
    let b = Dataset::generate(&spec(7, 3_000));
    let c = Dataset::generate(&spec(8, 3_000));
    assert_eq!(a.records(), b.records());
    assert_eq!(rendered(&a), rendered(&b));
    assert_ne!(rendered(&a), rendered(&c));
    let same_ids = a
        .records()
        .iter()
        .zip(c.records())
        .filter(|(x, y)| x.call_id == y.call_id)
        .count();
    assert!(same_ids < 30, "{same_ids} identical call IDs across seeds");
}

#[test]
fn records_are_sorted_within_the_span_with_unique_ids_and_sane_times() {
    let ds = Dataset::generate(&spec(1, 20_000));
    assert_eq!(ds.len(), 20_000);
    let start = DEFAULT_END_MS - 30 * 86_400_000;
    let mut ids = std::collections::HashSet::new();
    let mut last = i64::MIN;
    for r in ds.records() {
        assert!(r.call_begin >= last);
        last = r.call_begin;
        assert!((start..DEFAULT_END_MS).contains(&r.call_begin));
        assert!(r.call_begin <= r.wait_begin);
        if let Some(ack) = r.ack_begin {
            assert!(r.wait_begin <= ack && ack <= r.call_end);
        }
        assert!(r.wait_begin <= r.call_end);
        assert_eq!(r.log_date % 86_400_000, 0);
        assert!(r.log_date <= r.call_begin && r.call_begin - r.log_date < 86_400_000);
        let (secs, counter) = r.call_id.split_once('-').expect("seconds-counter");
        assert_eq!(secs.parse::<i64>().unwrap(), r.call_begin / 1000);
        assert!(counter.parse::<u64>().is_ok());
        assert!(ids.insert(r.call_id.clone()), "duplicate {}", r.call_id);
    }
}

fn share<F: Fn(&cdr_sim::dataset::SimRecord) -> bool>(ds: &Dataset, f: F) -> f64 {
    ds.records().iter().filter(|r| f(r)).count() as f64 / ds.len() as f64
}

#[test]
fn the_data_looks_like_a_contact_center() {
    let ds = Dataset::generate(&spec(3, 30_000));
    // Mostly inbound voice, some outbound, some video and multimedia.
    let inbound = share(&ds, |r| r.call_type == 0);
    assert!((0.65..0.80).contains(&inbound), "inbound {inbound}");
    assert!(share(&ds, |r| r.call_type == 1) > 0.05);
    assert!(share(&ds, |r| r.media_type == 5) > 0.7);
    assert!(share(&ds, |r| r.media_type == 19) > 0.01);
    assert!(share(&ds, |r| r.media_type == 53) > 0.03);
    // Business-hour peaks in UTC+08:00: 10:00 is far busier than 03:00.
    let hour = |r: &cdr_sim::dataset::SimRecord| ((r.call_begin + 8 * 3_600_000) / 3_600_000) % 24;
    let at10 = share(&ds, |r| hour(r) == 10);
    let at3 = share(&ds, |r| hour(r) == 3);
    assert!(at10 > 10.0 * at3, "10h {at10} vs 3h {at3}");
    // Leave reasons: 88, 15 and 16 dominate; unknown codes exist.
    let mut reasons: HashMap<u16, usize> = HashMap::new();
    for r in ds.records() {
        *reasons.entry(r.leave_reason).or_default() += 1;
    }
    let top3 = [88, 15, 16]
        .iter()
        .map(|c| reasons.get(c).copied().unwrap_or(0))
        .sum::<usize>();
    assert!(top3 as f64 / ds.len() as f64 > 0.5);
    let documented = [
        0, 1, 2, 3, 5, 15, 16, 17, 20, 22, 23, 24, 26, 27, 49, 50, 88, 89,
    ];
    assert!(
        reasons.keys().any(|c| !documented.contains(c)),
        "no unknown leave reason"
    );
    // Satisfaction skews good ("5" best), with a few unknown values.
    let fives = share(&ds, |r| r.evaluation == Some(5));
    let ones = share(&ds, |r| r.evaluation == Some(1));
    assert!(fives > 2.0 * ones);
    assert!(ds.records().iter().any(|r| r.evaluation == Some(10)));
    // Talk time is long-tailed: a median of minutes, some calls over 15 minutes.
    let mut talk: Vec<i64> = ds
        .records()
        .iter()
        .filter_map(|r| r.ack_begin.map(|a| r.call_end - a))
        .collect();
    talk.sort_unstable();
    let median = talk[talk.len() / 2];
    assert!((60_000..300_000).contains(&median), "median talk {median}");
    assert!(*talk.last().unwrap() > 900_000);
}

#[test]
fn some_records_miss_fields_and_some_send_numbers() {
    let ds = Dataset::generate(&spec(1, 10_000));
    let mut with_numbers = 0;
    let mut with_missing = 0;
    let mut numeric_fields = 0usize;
    let mut total_fields = 0usize;
    for i in 0..ds.len() {
        let v: Value = serde_json::from_str(&ds.record_json(i)).expect("valid JSON");
        let obj = v.as_object().unwrap();
        // callId, callBegin and vdn are always there; callId is always a string.
        assert!(obj["callId"].is_string());
        assert!(obj.contains_key("callBegin") && obj.contains_key("vdn"));
        let nums = obj.values().filter(|x| x.is_number()).count();
        numeric_fields += nums;
        total_fields += obj.len();
        if nums > 0 {
            with_numbers += 1;
        }
        let core_fields = [
            "logDate",
            "callerNo",
            "calleeNo",
            "callType",
            "mediatype",
            "waitBegin",
            "callEnd",
            "leaveReason",
        ];
        if core_fields.iter().any(|f| !obj.contains_key(*f)) {
            with_missing += 1;
        }
        // Strings stay strings where a number would lose information.
        for f in ["callerNo", "calleeNo"] {
            if let Some(x) = obj.get(f) {
                assert!(x.is_string());
            }
        }
    }
    let n = ds.len() as f64;
    assert!(
        (0.07..0.13).contains(&(with_numbers as f64 / n)),
        "numbers {with_numbers}"
    );
    assert!(
        (0.02..0.08).contains(&(with_missing as f64 / n)),
        "missing {with_missing}"
    );
    let field_share = numeric_fields as f64 / total_fields as f64;
    assert!(
        (0.03..0.08).contains(&field_share),
        "numeric field share {field_share}"
    );
    // Some records lack ackBegin (unanswered) and evaluationValue (no survey).
    assert!(ds.records().iter().any(|r| !r.has(RecordField::AckBegin)));
    assert!(ds
        .records()
        .iter()
        .any(|r| !r.has(RecordField::EvaluationValue)));
}

#[test]
fn landline_numbers_keep_their_leading_zero() {
    let ds = Dataset::generate(&spec(1, 5_000));
    assert!(ds.records().iter().any(|r| r.caller_no.starts_with('0')));
    let i = ds
        .records()
        .iter()
        .position(|r| r.caller_no.starts_with('0') && r.has(RecordField::CallerNo))
        .unwrap();
    let v: Value = serde_json::from_str(&ds.record_json(i)).unwrap();
    assert!(v["callerNo"].as_str().unwrap().starts_with('0'));
}

/// A call ID search finds exactly its record, for every record, and nothing for an ID
/// written differently (a leading zero on the counter, a wrong seconds part).
#[test]
fn every_call_id_finds_its_record_and_only_as_written() {
    let ds = Dataset::generate(&spec(3, 5_000));
    let vdns = &ds.spec().vdns;
    let search = |vdn: &str, call_id: &str| {
        let q = cdr_core::Query {
            sub_cc_no: "1".into(),
            vdn: vdn.to_string(),
            call_id: call_id.to_string(),
            ..cdr_core::Query::default()
        };
        ds.query(&q, 10)
    };
    for (i, r) in ds.records().iter().enumerate() {
        let vdn = &vdns[usize::from(r.vdn)];
        let found = search(vdn, &r.call_id);
        assert_eq!((found.total, found.indices), (1, vec![i]), "{}", r.call_id);
    }
    let r = &ds.records()[100];
    let vdn = &vdns[usize::from(r.vdn)];
    let (secs, counter) = r.call_id.split_once('-').expect("secs-counter");
    assert_eq!(search(vdn, &format!("{secs}-0{counter}")).total, 0);
    assert_eq!(search(vdn, &format!("{}-{counter}", secs.len())).total, 0);
    assert_eq!(search(vdn, counter).total, 0);
}

#[test]
fn every_record_says_the_outcome_it_was_generated_as() {
    use cdr_core::call_outcome::{classify, CallOutcome, DEFAULT_SHORT_ABANDON_SECONDS};
    let ds = Dataset::generate(&spec(5, 20_000));
    let decided = [
        RecordField::AckBegin,
        RecordField::LeaveReason,
        RecordField::WaitBegin,
        RecordField::CallEnd,
    ];
    let mut seen: HashMap<CallOutcome, usize> = HashMap::new();
    let mut checked = 0;
    for (i, r) in ds.records().iter().enumerate() {
        *seen.entry(r.outcome).or_default() += 1;
        // An abandoned or not-answered call never has an answer time; an answered one has.
        assert_eq!(
            r.ack_begin.is_some(),
            r.outcome == CallOutcome::Answered,
            "{r:?}"
        );
        // The missing-field quirk may hide what decides: only whole records are compared.
        let whole = decided
            .iter()
            .all(|&f| r.has(f) || (f == RecordField::AckBegin && r.ack_begin.is_none()));
        if !whole {
            continue;
        }
        let json = format!("{{\"results\":[{}]}}", ds.record_json(i));
        let record = &cdr_core::decode_response(&json).expect("decodes").records[0];
        let decision = classify(record, DEFAULT_SHORT_ABANDON_SECONDS);
        assert_eq!(decision.outcome, r.outcome, "{r:?} decided by {decision:?}");
        checked += 1;
    }
    assert!(checked > 18_000, "{checked}");
    // Every outcome occurs, short abandons among them, but answered calls dominate.
    let count = |o| seen.get(&o).copied().unwrap_or(0);
    for o in CallOutcome::ALL {
        assert!(count(o) > 0, "no {o:?}: {seen:?}");
    }
    assert!(count(CallOutcome::Answered) > ds.len() / 2, "{seen:?}");
    assert!(count(CallOutcome::ShortAbandon) > 50, "{seen:?}");
    assert!(
        count(CallOutcome::ShortAbandon) < count(CallOutcome::Abandoned),
        "{seen:?}"
    );
}

/// The last week of the default data (seed 1, 50,000 records over 30 days) for VDN 1, as the
/// page receives it: searched, rendered and decoded by `cdr-core`, so the figures below are
/// the ones the Summary's charts and KPI strip show for that search.
fn a_week_as_the_page_reads_it() -> Vec<cdr_core::Record> {
    let ds = Dataset::generate(&DatasetSpec::default());
    let query = cdr_core::Query {
        sub_cc_no: "1".into(),
        vdn: "1".into(),
        begin_date: Some(DEFAULT_END_MS - 7 * 86_400_000),
        end_date: Some(DEFAULT_END_MS),
        ..cdr_core::Query::default()
    };
    let found = ds.query(&query, usize::MAX);
    assert_eq!(found.total, found.indices.len());
    let json: Vec<String> = found.indices.iter().map(|&i| ds.record_json(i)).collect();
    let body = format!("{{\"results\":[{}]}}", json.join(","));
    cdr_core::decode_response(&body).expect("decodes").records
}

/// A manager's settings: ratings 4 and 5 are satisfied; the other settings' defaults
/// (short abandon within 5 s, service level within 20 s).
fn manager_settings() -> cdr_core::call_outcome::Analytics {
    cdr_core::call_outcome::Analytics {
        satisfied_levels: vec!["4".into(), "5".into()],
        ..Default::default()
    }
}

/// The charts of `records` on the vendor's clock, UTC+08:00, where the business hours are.
fn charts_of(records: &[cdr_core::Record]) -> cdr_core::charts::Charts {
    let ctx = cdr_core::table::DisplayContext {
        zone: cdr_core::Zone::from_offset(480).expect("UTC+08:00"),
        ..Default::default()
    };
    let all: Vec<usize> = (0..records.len()).collect();
    cdr_core::charts::charts(records, &all, &ctx, &manager_settings())
}

fn rate((part, whole): (usize, usize)) -> f64 {
    assert!(whole > 0, "an empty base");
    part as f64 / whole as f64
}

/// "Satisfaction by wait band" tells a story: callers answered within 20 s are mostly
/// satisfied, callers answered after 3 minutes mostly are not, and the long-wait band holds
/// enough rated calls for the chart to compare it.
#[test]
fn satisfaction_falls_as_the_wait_before_an_answer_grows() {
    use cdr_core::charts::MIN_BASE;
    let charts = charts_of(&a_week_as_the_page_reads_it());
    let bands = charts.wait_bands;
    let within_20s = (
        bands[0].satisfied + bands[1].satisfied,
        bands[0].rated + bands[1].rated,
    );
    let after_3min = (bands[4].satisfied, bands[4].rated);
    assert!(after_3min.1 >= 2 * MIN_BASE, "rated after 3 min: {bands:?}");
    let (quick, slow) = (rate(within_20s), rate(after_3min));
    assert!(quick > 0.75, "satisfied within 20 s: {quick:.3} {bands:?}");
    assert!(slow < 0.35, "satisfied after 3 min: {slow:.3} {bands:?}");
    // Each band is less satisfied than the one before it, from 20 s on.
    for b in 2..bands.len() {
        let (before, here) = (bands[b - 1], bands[b]);
        assert!(
            here.satisfied * before.rated < before.satisfied * here.rated,
            "band {b} as satisfied as band {}: {bands:?}",
            b - 1
        );
    }
    // The chart's one-line summary names the longest wait as the least satisfied band.
    let (lowest, highest) = charts.satisfaction_range().expect("set and rated");
    assert_eq!(lowest.at, bands.len() - 1, "{bands:?}");
    assert!(highest.at <= 1, "{bands:?}");
}

/// Busy hours queue longer and lose more callers than quiet ones: over the hours the
/// center is staffed (08:00–21:00 UTC+08:00; at night most calls find no agent, which is
/// another story), the busiest quarter of the weekday × hour cells has a higher abandonment
/// rate, a lower service level and a longer average speed of answer than the quietest
/// quarter, each by the KPI strip's definitions.
#[test]
fn busy_hours_wait_longer_and_abandon_more() {
    use cdr_core::time::call_time_ms;
    let records = a_week_as_the_page_reads_it();
    let charts = charts_of(&records);
    let mut staffed: Vec<_> = charts
        .cells()
        .filter(|(c, _)| (8..21).contains(&c.hour))
        .collect();
    staffed.sort_by_key(|(_, t)| t.calls);
    let quarter = staffed.len() / 4;
    let sum = |cells: &[(cdr_core::charts::CellRef, &cdr_core::charts::Tally)]| {
        let mut all = cdr_core::charts::Tally::default();
        for (_, t) in cells {
            all.calls += t.calls;
            all.abandoned += t.abandoned;
            all.short_abandoned += t.short_abandoned;
            all.answered_within_target += t.answered_within_target;
        }
        all
    };
    let quiet = sum(&staffed[..quarter]);
    let busy = sum(&staffed[staffed.len() - quarter..]);
    assert!(
        busy.calls > 3 * quiet.calls,
        "busy {busy:?} quiet {quiet:?}"
    );
    let (busy_abandon, quiet_abandon) = (rate(busy.abandonment()), rate(quiet.abandonment()));
    assert!(
        busy_abandon > 2.0 * quiet_abandon && busy_abandon > 0.05,
        "abandonment busy {busy_abandon:.3} quiet {quiet_abandon:.3}"
    );
    let (busy_sl, quiet_sl) = (rate(busy.service_level()), rate(quiet.service_level()));
    assert!(
        busy_sl + 0.15 < quiet_sl,
        "service level busy {busy_sl:.3} quiet {quiet_sl:.3}"
    );

    // Average speed of answer of the calls in each set of cells, by the KPI strip.
    let cell_of = |r: &cdr_core::Record| {
        let local = r.get(RecordField::CallBegin).and_then(call_time_ms)? + 8 * 3_600_000;
        // 1970-01-01 was a Thursday (weekday 3 counting from Monday, as the grid does).
        let weekday = (local.div_euclid(86_400_000) + 3).rem_euclid(7) as usize;
        let hour = (local.rem_euclid(86_400_000) / 3_600_000) as usize;
        Some((weekday, hour))
    };
    let asa = |cells: &[(cdr_core::charts::CellRef, &cdr_core::charts::Tally)]| {
        let keys: std::collections::HashSet<(usize, usize)> =
            cells.iter().map(|(c, _)| (c.weekday, c.hour)).collect();
        let indices: Vec<usize> = (0..records.len())
            .filter(|&i| cell_of(&records[i]).is_some_and(|k| keys.contains(&k)))
            .collect();
        let kpis = cdr_core::kpi::kpis(&records, &indices, &manager_settings());
        assert_eq!(kpis.offered, sum(cells).calls, "the grid's cells");
        kpis.average_speed_of_answer_ms.expect("answered calls")
    };
    let (busy_asa, quiet_asa) = (
        asa(&staffed[staffed.len() - quarter..]),
        asa(&staffed[..quarter]),
    );
    assert!(
        busy_asa * 2 > quiet_asa * 3,
        "average speed of answer busy {busy_asa} ms, quiet {quiet_asa} ms"
    );
}
