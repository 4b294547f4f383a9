//! The supervisor's key figures for a (filtered) result: offered, answered, abandonment
//! rate with and without short abandons, service level, average speed of answer, longest
//! wait, average talk and satisfaction. One pass over the records' indices; each record's
//! outcome is decided once ([`crate::call_outcome::classify`]).
//!
//! Definitions (the KPI strip shows each beside its figure; README "The KPI strip"):
//!
//! * **Offered**: every record counted, whatever its outcome (unknown ones too).
//! * **Answered**: records whose outcome is answered.
//! * **Abandonment rate**: (abandoned + short abandons) ÷ offered. **Without short
//!   abandons**: abandoned ÷ (offered − short abandons): a caller who hangs up within
//!   `shortAbandonSeconds` is left out of both the count and the base.
//! * **Service level**: answered within `serviceLevelSeconds` ÷ (offered − short
//!   abandons). Short abandons are excluded from the denominator (the common industry
//!   choice: a caller who gave up within seconds gave the centre no chance to answer); every
//!   other call counts, so an abandoned or not-answered call lowers it. An answered call
//!   whose speed of answer cannot be measured is not counted as within the target.
//! * **Speed of answer** of an answered call: `ackBegin` − `waitBegin` (else `callBegin`);
//!   **average speed of answer (ASA)** is its mean over the answered calls that have one.
//! * **Longest wait**: the longest speed of answer of an answered call or wait of an
//!   abandoned one (`waitBegin`, else `callBegin`, to `callEnd`).
//! * **Average talk**: the mean of `callEnd` − `ackBegin` over answered calls that have both.
//! * **Satisfaction**: rated records (a non-empty `evaluationValue`) whose value is one of
//!   `satisfiedLevels` ÷ rated records; not set when `satisfiedLevels` is empty. A value is
//!   compared by its code number when both are numbers (`"05"` is `"5"`), else as text.
//!
//! Rates are kept as counts; [`ratio_text`] shows them with one decimal using integer
//! arithmetic (float formatting would cost the page about 10 KB of code).

use crate::call_outcome::{classify, Analytics, CallOutcome};
use crate::codes::code_number;
use crate::fields::{Record, RecordField};
use crate::summary::Mean;
use crate::time::call_time_ms;

/// The key figures of a set of records ([`kpis`]). Times in ms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Kpis {
    /// Records counted.
    pub offered: usize,
    /// Answered calls.
    pub answered: usize,
    /// Abandoned calls, short abandons not included.
    pub abandoned: usize,
    /// Short abandons.
    pub short_abandoned: usize,
    /// Not answered for another reason.
    pub not_answered: usize,
    /// Outcome unknown.
    pub unknown: usize,
    /// Answered calls whose speed of answer is at most `serviceLevelSeconds`.
    pub answered_within_target: usize,
    /// Mean speed of answer over the answered calls that have one, rounded.
    pub average_speed_of_answer_ms: Option<i64>,
    /// Longest speed of answer or abandoned wait.
    pub longest_wait_ms: Option<i64>,
    /// Mean talk time (`ackBegin` to `callEnd`) of answered calls, rounded.
    pub average_talk_ms: Option<i64>,
    /// Records with a non-empty `evaluationValue`.
    pub rated: usize,
    /// Rated records at a satisfied level.
    pub satisfied: usize,
    /// Whether `satisfiedLevels` names any level (else satisfaction is not set).
    pub satisfaction_set: bool,
    /// `serviceLevelSeconds` the figures were computed with.
    pub service_level_seconds: u32,
}

impl Kpis {
    /// (abandoned + short abandons, offered): the abandonment rate's parts.
    pub fn abandonment(&self) -> (usize, usize) {
        (self.abandoned + self.short_abandoned, self.offered)
    }

    /// (abandoned, offered − short abandons): the abandonment rate without short abandons.
    pub fn abandonment_without_short(&self) -> (usize, usize) {
        (self.abandoned, self.offered - self.short_abandoned)
    }

    /// (answered within the target, offered − short abandons): the service level's parts.
    pub fn service_level(&self) -> (usize, usize) {
        (
            self.answered_within_target,
            self.offered - self.short_abandoned,
        )
    }

    /// (satisfied, rated), or `None` when `satisfiedLevels` is not set.
    pub fn satisfaction(&self) -> Option<(usize, usize)> {
        self.satisfaction_set
            .then_some((self.satisfied, self.rated))
    }
}

/// The key figures of the records at `indices` (indices out of range are skipped), one
/// pass, under `analytics`' settings (see the module documentation for each definition).
pub fn kpis(records: &[Record], indices: &[usize], analytics: &Analytics) -> Kpis {
    let target_ms = i64::from(analytics.service_level_seconds) * 1000;
    let levels = SatisfiedLevels::new(analytics);
    let mut k = Kpis {
        satisfaction_set: levels.is_set(),
        service_level_seconds: analytics.service_level_seconds,
        ..Kpis::default()
    };
    let mut speed = Mean::default();
    let mut talk = Mean::default();
    let mut longest: Option<i64> = None;
    let mut longer = |ms: Option<i64>| {
        if let Some(ms) = ms {
            longest = Some(longest.map_or(ms, |l| l.max(ms)));
        }
    };
    for r in indices.iter().filter_map(|&i| records.get(i)) {
        k.offered += 1;
        let time = |f| r.get(f).and_then(call_time_ms);
        let decision = classify(r, analytics.short_abandon_seconds);
        match decision.outcome {
            CallOutcome::Answered => {
                k.answered += 1;
                let ack = decision.answer_ms;
                let asa = speed_of_answer_ms(r, ack);
                if asa.is_some_and(|ms| ms <= target_ms) {
                    k.answered_within_target += 1;
                }
                speed.add(asa);
                longer(asa);
                talk.add(
                    ack.zip(time(RecordField::CallEnd))
                        .and_then(|(a, e)| (e >= a).then_some(e - a)),
                );
            }
            CallOutcome::Abandoned => {
                k.abandoned += 1;
                longer(decision.abandon_wait_ms);
            }
            CallOutcome::ShortAbandon => {
                k.short_abandoned += 1;
                longer(decision.abandon_wait_ms);
            }
            CallOutcome::NotAnswered => k.not_answered += 1,
            CallOutcome::Unknown => k.unknown += 1,
        }
        if let Some(v) = rating(r) {
            k.rated += 1;
            if levels.contains(v) {
                k.satisfied += 1;
            }
        }
    }
    k.average_speed_of_answer_ms = speed.get();
    k.average_talk_ms = talk.get();
    k.longest_wait_ms = longest;
    k
}

/// `satisfiedLevels`, ready to compare ratings with: by code number when both are numbers
/// (`"05"` is `"5"`), else as trimmed text.
pub(crate) struct SatisfiedLevels<'a>(Vec<(Option<u32>, &'a str)>);

impl<'a> SatisfiedLevels<'a> {
    pub(crate) fn new(analytics: &'a Analytics) -> Self {
        SatisfiedLevels(
            analytics
                .satisfied_levels
                .iter()
                .map(|l| (code_number(l), l.trim()))
                .collect(),
        )
    }

    /// Whether any level is set (else satisfaction is not set).
    pub(crate) fn is_set(&self) -> bool {
        !self.0.is_empty()
    }

    /// Whether a (trimmed) rating is one of the levels.
    pub(crate) fn contains(&self, rating: &str) -> bool {
        let n = code_number(rating);
        self.0.iter().any(|&(ln, lt)| match (n, ln) {
            (Some(a), Some(b)) => a == b,
            _ => lt == rating,
        })
    }
}

/// A record's rating: its `evaluationValue`, trimmed, when not empty.
pub(crate) fn rating(r: &Record) -> Option<&str> {
    r.get(RecordField::EvaluationValue)
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// An answered call's speed of answer, ms: `answer_ms` (its `ackBegin`) − `waitBegin`
/// (else `callBegin`); `None` when a time is missing or the span is negative.
pub(crate) fn speed_of_answer_ms(r: &Record, answer_ms: Option<i64>) -> Option<i64> {
    let time = |f| r.get(f).and_then(call_time_ms);
    let from = time(RecordField::WaitBegin).or_else(|| time(RecordField::CallBegin))?;
    answer_ms.filter(|&a| a >= from).map(|a| a - from)
}

/// `part` of `whole` as a percentage with one decimal, rounded half up (`"83.3%"`);
/// `None` when `whole` is 0 (no rate to show). Integer arithmetic only.
pub fn ratio_text((part, whole): (usize, usize)) -> Option<String> {
    let tenths = part
        .saturating_mul(1000)
        .saturating_add(whole / 2)
        .checked_div(whole)?;
    Some(format!("{}.{}%", tenths / 10, tenths % 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-20 08:00:00 UTC.
    const T: i64 = 1_795_132_800_000;

    fn at(s: i64) -> String {
        (T + s * 1000).to_string()
    }

    /// A call waiting from T (`waitBegin`), answered `ack` seconds later or not, ending at
    /// `end` seconds, with a leave reason and maybe a rating.
    fn call(ack: Option<i64>, end: i64, reason: &str, rating: Option<&str>) -> Record {
        Record::builder()
            .call_begin(&at(0))
            .wait_begin(&at(0))
            .with(RecordField::AckBegin, ack.map(at).as_deref())
            .call_end(&at(end))
            .leave_reason(reason)
            .with(RecordField::EvaluationValue, rating)
            .build()
    }

    /// Ten calls whose figures are worked out by hand below.
    fn fixture() -> Vec<Record> {
        vec![
            // 0: answered after 10 s, talked 100 s, rated 5.
            call(Some(10), 110, "88", Some("5")),
            // 1: answered after 20 s (exactly the target), talked 60 s, rated "05".
            call(Some(20), 80, "16", Some("05")),
            // 2: answered after 30 s (over), talked 30 s, rated 3.
            call(Some(30), 60, "88", Some("3")),
            // 3: answered after 5 s, talked 200 s, not rated.
            call(Some(5), 205, "15", None),
            // 4: abandoned after 60 s (89).
            call(None, 60, "89", None),
            // 5: abandoned after 45 s (15).
            call(None, 45, "15", None),
            // 6: short abandon after 3 s.
            call(None, 3, "89", None),
            // 7: short abandon after 5 s (at the limit).
            call(None, 5, "89", None),
            // 8: no agent on duty.
            call(None, 8, "3", Some("1")),
            // 9: unknown (undocumented reason), rated with a text value.
            call(None, 8, "99", Some("good")),
        ]
    }

    fn defaults(levels: &[&str]) -> Analytics {
        Analytics {
            satisfied_levels: levels.iter().map(|s| s.to_string()).collect(),
            ..Analytics::default()
        }
    }

    #[test]
    fn the_figures_of_a_small_set_worked_out_by_hand() {
        let records = fixture();
        let all: Vec<usize> = (0..records.len()).collect();
        let k = kpis(&records, &all, &defaults(&["4", "5"]));
        assert_eq!(k.offered, 10);
        assert_eq!(k.answered, 4);
        assert_eq!((k.abandoned, k.short_abandoned), (2, 2));
        assert_eq!((k.not_answered, k.unknown), (1, 1));
        // Abandonment: (2 + 2) / 10 = 40.0 %; without short ones: 2 / (10 - 2) = 25.0 %.
        assert_eq!(ratio_text(k.abandonment()).as_deref(), Some("40.0%"));
        assert_eq!(
            ratio_text(k.abandonment_without_short()).as_deref(),
            Some("25.0%")
        );
        // Service level, 20 s: calls 0, 1, 3 answered within 20 s (1 exactly at it): 3 of
        // 10 - 2 short abandons = 3 / 8 = 37.5 %.
        assert_eq!(k.answered_within_target, 3);
        assert_eq!(k.service_level(), (3, 8));
        assert_eq!(ratio_text(k.service_level()).as_deref(), Some("37.5%"));
        // ASA: (10 + 20 + 30 + 5) / 4 = 16.25 s, rounded to the ms.
        assert_eq!(k.average_speed_of_answer_ms, Some(16_250));
        // Longest wait: the 60 s abandon beats the 30 s answer.
        assert_eq!(k.longest_wait_ms, Some(60_000));
        // Talk: (100 + 60 + 30 + 200) / 4 = 97.5 s.
        assert_eq!(k.average_talk_ms, Some(97_500));
        // Rated: 0, 1, 2, 8, 9 = 5; satisfied at 4 or 5: 0 and 1 ("05" is 5) = 2 / 5 = 40 %.
        assert_eq!(k.satisfaction(), Some((2, 5)));
        assert_eq!(ratio_text((2, 5)).as_deref(), Some("40.0%"));
    }

    #[test]
    fn settings_change_the_figures() {
        let records = fixture();
        let all: Vec<usize> = (0..records.len()).collect();
        // A 30 s target and no short abandons: 4 of 10 answered within it.
        let k = kpis(
            &records,
            &all,
            &Analytics {
                short_abandon_seconds: 0,
                service_level_seconds: 30,
                satisfied_levels: vec!["good".into()],
            },
        );
        assert_eq!((k.abandoned, k.short_abandoned), (4, 0));
        assert_eq!(k.service_level(), (4, 10));
        assert_eq!(
            ratio_text(k.abandonment_without_short()).as_deref(),
            Some("40.0%")
        );
        // Text levels match as text.
        assert_eq!(k.satisfaction(), Some((1, 5)));
        // No levels: satisfaction is not set.
        assert_eq!(kpis(&records, &all, &defaults(&[])).satisfaction(), None);
    }

    #[test]
    fn only_the_given_indices_count_and_empty_sets_have_no_rates() {
        let records = fixture();
        // Calls 2 and 6, plus an index out of range.
        let k = kpis(&records, &[2, 6, 99], &defaults(&["5"]));
        assert_eq!((k.offered, k.answered, k.short_abandoned), (2, 1, 1));
        // The 30 s answer misses the 20 s target: 0 / (2 - 1).
        assert_eq!(ratio_text(k.service_level()).as_deref(), Some("0.0%"));
        assert_eq!(k.longest_wait_ms, Some(30_000));
        let none = kpis(&records, &[], &defaults(&["5"]));
        assert_eq!(none.offered, 0);
        assert_eq!(ratio_text(none.abandonment()), None);
        assert_eq!(ratio_text(none.service_level()), None);
        assert_eq!(none.average_speed_of_answer_ms, None);
        assert_eq!(none.longest_wait_ms, None);
        assert_eq!(none.satisfaction().and_then(ratio_text), None);
    }

    #[test]
    fn ratios_round_half_up_to_one_decimal() {
        assert_eq!(ratio_text((1, 3)).as_deref(), Some("33.3%"));
        assert_eq!(ratio_text((2, 3)).as_deref(), Some("66.7%"));
        assert_eq!(ratio_text((1, 8)).as_deref(), Some("12.5%"));
        assert_eq!(ratio_text((5, 5)).as_deref(), Some("100.0%"));
        assert_eq!(ratio_text((0, 0)), None);
    }
}
