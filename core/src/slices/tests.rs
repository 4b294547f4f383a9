//! The plan against a model of the service: any cap, either end bound, any subset a capped
//! answer returns, any spread of calls. The loaded set must equal what an uncapped single
//! query would return.

use proptest::prelude::*;

use super::*;

/// A call in the model: begin time (ms) and a tag. Equal pairs are identical records.
type Call = (i64, u32);

#[derive(Clone, Copy, Debug)]
enum CapOrder {
    First,
    Last,
    Scattered(u64),
}

#[derive(Clone, Copy, Debug)]
struct Service {
    cap: usize,
    end_inclusive: bool,
    order: CapOrder,
}

impl Service {
    /// The service's answer to `beginDate = span.begin, endDate = span.end`: total and the
    /// records it returns. `calls` is sorted by time.
    fn answer(&self, calls: &[Call], span: Span) -> (u64, Vec<Call>) {
        let matches: Vec<Call> = calls
            .iter()
            .copied()
            .filter(|(t, _)| {
                *t >= span.begin && (*t < span.end || (self.end_inclusive && *t == span.end))
            })
            .collect();
        let total = matches.len() as u64;
        if matches.len() <= self.cap {
            return (total, matches);
        }
        let returned = match self.order {
            CapOrder::First => matches[..self.cap].to_vec(),
            CapOrder::Last => matches[matches.len() - self.cap..].to_vec(),
            CapOrder::Scattered(seed) => {
                // Every k-th match from a seeded offset: some arbitrary subset.
                let step = matches.len() / self.cap;
                let offset = (seed as usize) % step.max(1);
                matches
                    .iter()
                    .skip(offset)
                    .step_by(step.max(1))
                    .take(self.cap)
                    .copied()
                    .collect()
            }
        };
        (total, returned)
    }
}

struct Outcome {
    loaded: Vec<Call>,
    plan: SlicePlan,
    merge: Merge<Call>,
    requests: usize,
    /// Answers that came back short and were split.
    short: usize,
}

/// How the load plans its first slices.
#[derive(Clone, Copy, Debug)]
enum Planner {
    /// From the first answer's total only ([`SlicePlan::after_capped_answer`]).
    Even,
    /// From where the first answer's records lie too ([`SlicePlan::after_first_answer`]).
    Spread,
}

/// Runs a whole load as the app does; `fail_every` > 0 fails every n-th request once.
fn load(calls: &[Call], whole: Span, service: Service, fail_every: usize) -> Outcome {
    load_planned(calls, whole, service, fail_every, Planner::Spread)
}

fn load_planned(
    calls: &[Call],
    whole: Span,
    service: Service,
    fail_every: usize,
    planner: Planner,
) -> Outcome {
    let (total, first) = service.answer(calls, whole);
    let mut plan = match planner {
        Planner::Even => SlicePlan::after_capped_answer(whole, total, first.len() as u64),
        Planner::Spread => {
            let begins: Vec<i64> = first.iter().map(|c| c.0).collect();
            SlicePlan::after_first_answer(whole, total, first.len() as u64, &begins)
        }
    };
    let mut merge = Merge::new(&first);
    let mut loaded = first;
    let mut requests = 0;
    let mut short = 0;
    while let Some((id, span)) = plan.next_request() {
        requests += 1;
        assert!(requests < 100_000, "the plan does not terminate");
        if fail_every > 0 && requests % fail_every == 0 {
            match plan.failed(id, true, 0.5) {
                AfterFailure::RetryIn(ms) => {
                    assert!(ms >= FIRST_BACKOFF_MS);
                    plan.resume(id);
                }
                AfterFailure::GaveUp => {}
            }
            continue;
        }
        let (total, records) = service.answer(calls, span);
        match plan.answered(id, Some(total), records.len() as u64) {
            Verdict::Split(children) => {
                assert!(children.len() >= 2);
                short += 1;
            }
            Verdict::Whole | Verdict::Narrowest => {
                let mut dropped = 0;
                for record in records {
                    if !plan.keeps(id, Some(record.0)) {
                        dropped += 1;
                    } else if merge.admit(&record) {
                        loaded.push(record);
                    }
                }
                plan.note_edge_dropped(dropped);
            }
        }
    }
    Outcome {
        loaded,
        plan,
        merge,
        requests,
        short,
    }
}

fn truth(calls: &[Call], whole: Span, service: Service) -> Vec<Call> {
    let uncapped = Service {
        cap: usize::MAX,
        ..service
    };
    let mut all = uncapped.answer(calls, whole).1;
    all.sort();
    all
}

fn assert_partition(plan: &SlicePlan) {
    let whole = plan.whole();
    let leaves = plan.leaves();
    let mut at = whole.begin;
    for (_, span, _) in &leaves {
        assert_eq!(span.begin, at, "slices overlap or leave a gap");
        assert!(
            span.width() >= MIN_SLICE_WIDTH_MS.min(whole.width()),
            "slice {span:?} narrower than the minimum"
        );
        at = span.end;
    }
    assert_eq!(at, whole.end, "slices do not reach the end");
}

fn service_strategy() -> impl Strategy<Value = Service> {
    (
        1usize..60,
        any::<bool>(),
        prop_oneof![
            Just(CapOrder::First),
            Just(CapOrder::Last),
            any::<u64>().prop_map(CapOrder::Scattered)
        ],
    )
        .prop_map(|(cap, end_inclusive, order)| Service {
            cap,
            end_inclusive,
            order,
        })
}

/// Calls spread evenly, bunched into a few busy seconds, or all at one instant; with
/// identical records (one callId may carry several records, and identical ones exist).
fn calls_strategy(whole: Span) -> impl Strategy<Value = Vec<Call>> {
    let width = whole.width().max(1);
    let anywhere = (0..=width, 0u32..4).prop_map(move |(t, tag)| (whole.begin + t, tag));
    let busy_second = (0..=width / 2, 0..1_000i64, 0u32..4)
        .prop_map(move |(sec, ms, tag)| (whole.begin + (sec + ms).min(width), tag));
    prop::collection::vec(prop_oneof![anywhere, busy_second], 0..1_500).prop_map(|mut v| {
        v.sort();
        v
    })
}

fn case_strategy() -> impl Strategy<Value = (Span, Vec<Call>, Service)> {
    (0i64..2_000_000_000_000, 1i64..(8 * 86_400_000)).prop_flat_map(|(begin, width)| {
        let whole = Span {
            begin,
            end: begin + width,
        };
        (Just(whole), calls_strategy(whole), service_strategy())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn loads_every_call_once_whatever_the_service(
        (whole, calls, service) in case_strategy(),
        fail_every in prop_oneof![Just(0usize), 2usize..7],
        planner in prop_oneof![Just(Planner::Even), Just(Planner::Spread)],
    ) {
        let expected = truth(&calls, whole, service);
        let outcome = load_planned(&calls, whole, service, fail_every, planner);
        assert_partition(&outcome.plan);
        let progress = outcome.plan.progress();
        prop_assert!(progress.is_settled());
        prop_assert!(progress.failed.is_empty(), "one failure per slice is retried");
        let mut loaded = outcome.loaded.clone();
        loaded.sort();
        if progress.narrowest.is_empty() {
            prop_assert!(progress.is_complete());
            prop_assert_eq!(&loaded, &expected, "lost or doubled records");
            prop_assert_eq!(progress.proven_count(), expected.len() as u64);
            prop_assert_eq!(outcome.merge.unmatched(), 0);
        } else {
            // A second that holds more calls than the cap: what is loaded is still
            // a subset of the truth, nothing doubled, and the slice says by how much.
            for (span, total, returned) in &progress.narrowest {
                prop_assert!(span.width() < 2 * MIN_SLICE_WIDTH_MS);
                prop_assert!(total > returned);
            }
            let mut rest = expected.clone();
            for call in &loaded {
                let at = rest.iter().position(|c| c == call);
                prop_assert!(at.is_some(), "loaded a record the service does not have");
                if let Some(at) = at {
                    rest.remove(at);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    /// A call at every ms: every slice edge holds calls, which an end-inclusive service
    /// returns in two slices.
    #[test]
    fn calls_on_every_slice_edge_are_loaded_once(
        width in 2_000i64..30_000,
        per_ms in 1u32..3,
        service in service_strategy(),
    ) {
        let whole = Span { begin: 1_700_000_000_000, end: 1_700_000_000_000 + width };
        let calls: Vec<Call> = (0..=width)
            .flat_map(|t| (0..per_ms).map(move |tag| (whole.begin + t, tag)))
            .collect();
        let service = Service { cap: service.cap * 40, ..service };
        let expected = truth(&calls, whole, service);
        let outcome = load(&calls, whole, service, 0);
        let progress = outcome.plan.progress();
        assert_partition(&outcome.plan);
        if progress.is_complete() {
            let mut loaded = outcome.loaded.clone();
            loaded.sort();
            prop_assert_eq!(loaded, expected);
            prop_assert_eq!(progress.proven_count(), outcome.loaded.len() as u64);
        }
    }
}

#[test]
fn ten_thousand_calls_in_one_second_end_in_a_reported_narrowest_slice() {
    let whole = Span {
        begin: 1_700_000_000_000,
        end: 1_700_000_000_000 + 7 * 86_400_000,
    };
    let busy = whole.begin + 3 * 86_400_000;
    let mut calls: Vec<Call> = (0..10_000).map(|i| (busy + i % 1000, i as u32)).collect();
    calls.extend((0..3_000).map(|i| (whole.begin + i * 200_000, 0)));
    calls.sort();
    let service = Service {
        cap: 5_000,
        end_inclusive: false,
        order: CapOrder::First,
    };
    let outcome = load(&calls, whole, service, 0);
    let progress = outcome.plan.progress();
    assert!(progress.is_settled());
    // The busy second may straddle slices; the part that still exceeds the cap ends short.
    assert!(!progress.narrowest.is_empty() && progress.narrowest.len() <= 2);
    let mut total_short = 0;
    let mut returned_short = 0;
    for (span, total, returned) in &progress.narrowest {
        assert!(span.width() >= MIN_SLICE_WIDTH_MS && span.width() < 2 * MIN_SLICE_WIDTH_MS);
        assert!(
            span.begin > busy - 2 * MIN_SLICE_WIDTH_MS && span.end < busy + 3 * MIN_SLICE_WIDTH_MS
        );
        total_short += total;
        returned_short += returned;
    }
    assert!(total_short > 5_000 && total_short <= 10_000);
    // Only what the short slices could not return is missing, and it is counted.
    let missing = total_short - returned_short;
    assert_eq!(outcome.loaded.len() as u64, 13_000 - missing);
    assert!(outcome.requests < 200, "{} requests", outcome.requests);
    assert_partition(&outcome.plan);
}

#[test]
fn a_week_of_66_640_calls_takes_few_requests() {
    // The demo's Last 7 days: a daily rhythm, capped at 5,000.
    let day = 86_400_000i64;
    let whole = Span {
        begin: 1_795_219_200_000,
        end: 1_795_219_200_000 + 7 * day,
    };
    let mut calls: Vec<Call> = (0..66_640i64)
        .map(|i| {
            // Office hours carry most calls.
            let d = i % 7;
            let within = (i * 7_919) % (10 * 3_600_000);
            (whole.begin + d * day + 8 * 3_600_000 + within, 0)
        })
        .collect();
    calls.sort();
    let service = Service {
        cap: 5_000,
        end_inclusive: true,
        order: CapOrder::Last,
    };
    let outcome = load(&calls, whole, service, 0);
    let progress = outcome.plan.progress();
    assert!(progress.is_complete());
    assert_eq!(outcome.loaded.len(), 66_640);
    assert_eq!(progress.proven_count(), 66_640);
    // 17 planned slices, the busiest split again: far fewer than one per hour.
    assert!(outcome.requests < 60, "{} requests", outcome.requests);
}

#[test]
fn failures_back_off_exponentially_then_give_up() {
    let whole = Span {
        begin: 0,
        end: 10_000_000,
    };
    let mut plan = SlicePlan::after_capped_answer(whole, 10, 5);
    let (id, _) = plan.next_request().expect("a slice");
    let mut waits = Vec::new();
    while let AfterFailure::RetryIn(ms) = plan.failed(id, true, 0.0) {
        waits.push(ms);
        plan.resume(id);
        let (again, _) = plan.next_request().expect("the retried slice comes first");
        assert_eq!(again, id);
    }
    assert_eq!(waits, vec![500, 1_000, 2_000]);
    assert_eq!(plan.state(id), Some(SliceState::Failed { attempts: 4 }));
    assert_eq!(plan.progress().failed.len(), 1);
    // The user's Retry: three more retries.
    plan.retry(id);
    assert!(plan.progress().failed.is_empty());
    while plan.next_request().is_some_and(|(next, _)| next != id) {}
    assert_eq!(plan.failed(id, true, 0.99), AfterFailure::RetryIn(995));
}

#[test]
fn a_failure_a_retry_cannot_fix_is_listed_at_once() {
    let mut plan = SlicePlan::after_capped_answer(
        Span {
            begin: 0,
            end: 10_000_000,
        },
        10,
        5,
    );
    let (id, _) = plan.next_request().expect("a slice");
    assert_eq!(plan.failed(id, false, 0.0), AfterFailure::GaveUp);
    assert_eq!(plan.state(id), Some(SliceState::Failed { attempts: 1 }));
}

#[test]
fn a_stopped_request_is_resumed_without_counting_an_attempt() {
    let mut plan = SlicePlan::after_capped_answer(
        Span {
            begin: 0,
            end: 10_000_000,
        },
        10,
        5,
    );
    let (id, _) = plan.next_request().expect("a slice");
    plan.resume(id); // a 401 paused the load
    let (again, _) = plan.next_request().expect("back in line first");
    assert_eq!(again, id);
    assert_eq!(plan.failed(id, true, 0.0), AfterFailure::RetryIn(500));
}

#[test]
fn split_covers_the_range_with_near_equal_parts() {
    let span = Span { begin: 10, end: 20 };
    let parts = span.split(3);
    assert_eq!(
        parts,
        vec![
            Span { begin: 10, end: 13 },
            Span { begin: 13, end: 16 },
            Span { begin: 16, end: 20 }
        ]
    );
    assert_eq!(span.split(50).len(), 10, "never narrower than 1 ms");
}

/// A range as wide as `i64` ms allows (a crafted link, a corrupt saved search) is planned
/// without overflow, which in wasm would kill the page, and still covered exactly once.
#[test]
fn the_widest_ranges_plan_without_overflow() {
    let widest = [
        Span {
            begin: i64::MIN,
            end: i64::MAX,
        },
        Span {
            begin: i64::MIN / 2,
            end: i64::MAX / 2,
        },
        Span {
            begin: 0,
            end: i64::MAX,
        },
        Span {
            begin: i64::MIN,
            end: 0,
        },
    ];
    for whole in widest {
        for parts in [2, 3, 2_048, 100_000] {
            let spans = whole.split(parts);
            assert_eq!(spans.first().map(|s| s.begin), Some(whole.begin));
            assert_eq!(spans.last().map(|s| s.end), Some(whole.end));
            assert!(spans
                .windows(2)
                .all(|w| w[0].end == w[1].begin && w[0].begin < w[0].end));
        }
        let begins = [whole.begin, whole.begin / 2 + whole.end / 2, whole.end - 1];
        for plan in [
            SlicePlan::after_capped_answer(whole, 1_000_000, 5_000),
            SlicePlan::after_first_answer(whole, 1_000_000, 3, &begins),
            SlicePlan::after_first_answer(whole, 1_000_000, 2, &[whole.begin, whole.begin + 1]),
        ] {
            assert_partition(&plan);
        }
    }
}

/// Calls over 7 days from 2026-11-21 00:00 UTC with the simulator's profile (`cdr-sim
/// --days 7`): office-hour peaks at UTC+08:00, weekends at 40 %. Deterministic.
fn bunched_week(count: usize) -> (Span, Vec<Call>) {
    const HOUR_WEIGHT: [u64; 24] = [
        3, 2, 1, 1, 1, 2, 4, 10, 35, 80, 100, 95, 60, 55, 85, 95, 90, 75, 45, 30, 22, 15, 9, 5,
    ];
    let day = 86_400_000i64;
    let whole = Span {
        begin: 1_795_219_200_000,
        end: 1_795_219_200_000 + 7 * day,
    };
    let mut state = 0x5EED_u64;
    let mut next = move || {
        // SplitMix64.
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut calls = Vec::with_capacity(count);
    while calls.len() < count {
        let t = whole.begin + (next() % whole.width() as u64) as i64;
        let local = t + 8 * 3_600_000;
        let hour = (local.rem_euclid(day) / 3_600_000) as usize;
        let weekday = (local.div_euclid(day) + 4).rem_euclid(7);
        let mut weight = HOUR_WEIGHT[hour] * 10;
        if weekday == 0 || weekday == 6 {
            weight = weight * 4 / 10;
        }
        if next() % 1_000 < weight {
            calls.push((t, (next() % 4) as u32));
        }
    }
    calls.sort();
    (whole, calls)
}

#[test]
fn a_bunched_week_sampled_by_the_first_answer_comes_back_whole_slice_by_slice() {
    // 100,000 calls bunched in office hours; the service returns an arbitrary 5,000.
    let (whole, calls) = bunched_week(100_000);
    let service = Service {
        cap: 5_000,
        end_inclusive: true,
        order: CapOrder::Scattered(7),
    };
    let even = load_planned(&calls, whole, service, 0, Planner::Even);
    let spread = load_planned(&calls, whole, service, 0, Planner::Spread);
    for outcome in [&even, &spread] {
        assert!(outcome.plan.progress().is_complete());
        assert_eq!(outcome.loaded.len(), 100_000);
    }
    // Equal widths: the busy hours' slices come back short and are asked again.
    assert!(even.short >= 5, "{} short", even.short);
    // Cut where the sample says calls are: none short, about a request per 4,000 calls.
    assert_eq!(spread.short, 0, "{} short", spread.short);
    assert!(spread.requests <= 30, "{} requests", spread.requests);
    assert!(spread.requests * 3 <= even.requests * 2);
}

#[test]
fn records_that_stop_short_of_the_end_are_every_call_up_to_there() {
    // A service that returns the first 5,000 by time: they are every call up to the last
    // of them, so that part is cut exactly, and the rest is planned from what is left.
    let day = 86_400_000i64;
    let whole = Span {
        begin: 1_795_219_200_000,
        end: 1_795_219_200_000 + 7 * day,
    };
    // A busy first 4 hours (4,800 calls), then 9,000 a day.
    let hour = 3_600_000i64;
    let mut calls: Vec<Call> = (0..4_800i64)
        .map(|i| (whole.begin + i * (4 * hour / 4_800), 0))
        .chain((0..61_500i64).map(|i| (whole.begin + 4 * hour + i * (164 * hour / 61_500), 1)))
        .collect();
    calls.sort();
    let service = Service {
        cap: 5_000,
        end_inclusive: false,
        order: CapOrder::First,
    };
    let (total, first) = service.answer(&calls, whole);
    let begins: Vec<i64> = first.iter().map(|c| c.0).collect();
    let plan = SlicePlan::after_first_answer(whole, total, 5_000, &begins);
    // The first slice holds the planned 4,000 of the cap (3.3 hours), not an even plan's
    // 9.9 hours of 7,000 calls.
    let (_, first_slice, _) = plan.leaves()[0];
    let held = calls.iter().filter(|c| first_slice.contains(c.0)).count();
    assert!(
        (3_900..=4_000).contains(&held),
        "{held} calls in {first_slice:?}"
    );
    let even = load_planned(&calls, whole, service, 0, Planner::Even);
    let spread = load(&calls, whole, service, 0);
    assert!(even.short >= 1, "{} short", even.short);
    assert_eq!(spread.short, 0, "{} short", spread.short);
    assert!(spread.plan.progress().is_complete());
    assert_eq!(spread.loaded.len(), 66_300);
    assert_partition(&spread.plan);
}

#[test]
#[ignore = "prints the planners' requests on a bunched week: cargo test -- --ignored --nocapture"]
fn planners_on_a_bunched_week() {
    for count in [100_000, 300_000] {
        let (whole, calls) = bunched_week(count);
        for order in [CapOrder::First, CapOrder::Last, CapOrder::Scattered(7)] {
            for planner in [Planner::Even, Planner::Spread] {
                let service = Service {
                    cap: 5_000,
                    end_inclusive: true,
                    order,
                };
                let o = load_planned(&calls, whole, service, 0, planner);
                let kept = o.plan.leaves().len();
                println!(
                    "{count} {order:?} {planner:?}: {} requests, {} short, {kept} kept",
                    o.requests, o.short
                );
            }
        }
    }
}
