//! The summary's statistics and the manager's charts from the compact keys
//! ([`FacetKeys::summary`], [`FacetKeys::charts`]): the same figures as
//! [`crate::summary::summarize`] and [`crate::charts::charts`] (tests hold them equal), in
//! one pass over integers, so a chip click with the Summary open does not parse a time.
//!
//! The charts need each record's hour on the display zone's clock: [`HourIndex`] keeps, per
//! record, the id of its hour (the wall-clock hour at one offset, cut at a change of offset:
//! [`crate::summary::hour_start`]) and, per hour, its start and its weekday × hour cell. It is
//! made from the begin times the keys keep, so a change of zone re-reads no record.

use super::{ms_of, Facet, FacetKeys, Figures, OVERSIZE};
use crate::call_outcome::{Analytics, CallOutcome};
use crate::charts::{charts, series, wait_band, Charts, HourCache, Tally};
use crate::fields::Record;
use crate::summary::{value_of, Counted, FxMap, Mean, Summary};
use crate::table::DisplayContext;
use crate::zone::Zone;

/// "No plausible `callBegin`" in [`FacetKeys`]' begin times.
pub(super) const NO_BEGIN: i64 = i64::MIN;

/// "No hour" (no plausible `callBegin`) in [`HourIndex`]'s ids.
const NO_HOUR: u32 = u32::MAX;

/// Each record's hour on one zone's clock (see the [module notes](self)).
#[derive(Clone, Debug, Default)]
pub(super) struct HourIndex {
    zone: Zone,
    /// Per record: the id of its hour in `hours`, or [`NO_HOUR`].
    of_record: Vec<u32>,
    /// Per hour id: its start, end and cell.
    hours: Vec<HourCache>,
    /// Hour start (epoch ms) → id.
    lookup: FxMap<i64, u32>,
    /// The id of the last hour a record fell in: records mostly come in time order, so
    /// most skip the zone lookups and the map.
    last: Option<u32>,
}

impl HourIndex {
    pub(super) fn new(zone: Zone) -> HourIndex {
        HourIndex {
            zone,
            ..HourIndex::default()
        }
    }

    pub(super) fn zone(&self) -> &Zone {
        &self.zone
    }

    /// Adds the next record's hour, from its `callBegin` (epoch ms).
    pub(super) fn push(&mut self, begin: Option<i64>) {
        let id = match begin {
            None => NO_HOUR,
            Some(ms) => self.id_of(ms),
        };
        self.of_record.push(id);
    }

    fn id_of(&mut self, ms: i64) -> u32 {
        if let Some(id) = self.last {
            if let Some(h) = self.hours.get(id as usize) {
                if h.start <= ms && ms < h.end {
                    return id;
                }
            }
        }
        let hour = HourCache::of(ms, &self.zone);
        let next = u32::try_from(self.hours.len()).unwrap_or(NO_HOUR);
        let id = *self.lookup.entry(hour.start).or_insert(next);
        if id == next {
            self.hours.push(hour);
        }
        self.last = Some(id);
        id
    }

    /// The hour of record `i`, if it has one.
    fn of(&self, i: usize) -> Option<(u32, &HourCache)> {
        let id = *self.of_record.get(i)?;
        self.hours.get(id as usize).map(|h| (id, h))
    }
}

impl FacetKeys {
    /// The summary of the records at `indices` ([`crate::summary::summarize`], the same
    /// figures): one pass over the keys, reading a record only for a span over 49 days.
    /// `records` are those the keys were made from; indices without a key are skipped.
    pub fn summary(&self, records: &[Record], indices: &[usize], ctx: &DisplayContext) -> Summary {
        // Satisfaction, call type, media type: per value id, its records.
        let mut per_value = [Facet::Satisfaction, Facet::CallType, Facet::MediaType]
            .map(|f| (f.index(), vec![0usize; self.dictionaries[f.index()].len()]));
        let (mut count, mut wait, mut talk) = (0, Mean::default(), Mean::default());
        for &i in indices {
            let Some(k) = self.keys.get(i) else { continue };
            count += 1;
            for (facet, counts) in &mut per_value {
                if let Some(n) = counts.get_mut(k.values[*facet] as usize) {
                    *n += 1;
                }
            }
            let exact = |v: u32, pick: fn(Figures) -> Option<i64>| {
                if v == OVERSIZE {
                    records
                        .get(i)
                        .and_then(|r| pick(Figures::of(r, self.short_abandon_seconds)))
                } else {
                    ms_of(v)
                }
            };
            wait.add(exact(k.wait_ms, |f| f.wait_ms));
            talk.add(exact(k.talk_ms, |f| f.talk_ms));
        }
        let [satisfaction, call_types, media_types] = per_value.map(|(facet, counts)| {
            self.dictionaries[facet]
                .iter()
                .zip(counts)
                .filter(|&(_, n)| n > 0)
                .map(|(v, n)| (value_of(Some(v)), n))
                .collect()
        });
        Counted {
            count,
            satisfaction,
            call_types,
            media_types,
            avg_wait_ms: wait.get(),
            avg_talk_ms: talk.get(),
        }
        .labelled(ctx)
    }

    /// The charts' figures of the records at `indices` ([`crate::charts::charts`], the same
    /// figures): one pass over the keys and hours, reading a record only for a span over 49
    /// days. With another `shortAbandonSeconds` or zone than the keys', the figures are
    /// computed from the records.
    pub fn charts(
        &self,
        records: &[Record],
        indices: &[usize],
        ctx: &DisplayContext,
        analytics: &Analytics,
    ) -> Charts {
        if analytics.short_abandon_seconds != self.short_abandon_seconds
            || ctx.zone != self.hours.zone
        {
            return charts(records, indices, ctx, analytics);
        }
        let ratings = self.ratings(analytics);
        let target_ms = i64::from(analytics.service_level_seconds) * 1000;
        let mut out = Charts {
            satisfaction_set: !analytics.satisfied_levels.is_empty(),
            service_level_seconds: analytics.service_level_seconds,
            ..Charts::default()
        };
        let mut per_hour = vec![Tally::default(); self.hours.hours.len()];
        let mut span: Option<(i64, i64)> = None;
        for &i in indices {
            let Some(k) = self.keys.get(i) else { continue };
            let outcome = CallOutcome::ALL
                .get(usize::from(k.outcome))
                .copied()
                .unwrap_or(CallOutcome::Unknown);
            let speed = match outcome {
                CallOutcome::Answered if k.wait_ms == OVERSIZE => records
                    .get(i)
                    .and_then(|r| Figures::of(r, self.short_abandon_seconds).wait_ms),
                CallOutcome::Answered => ms_of(k.wait_ms),
                _ => None,
            };
            let within = speed.is_some_and(|ms| ms <= target_ms);
            out.total.add(outcome, within);
            if let Some(ms) = speed {
                let band = &mut out.wait_bands[wait_band(ms)];
                band.answered += 1;
                let rating = ratings
                    .get(k.values[Facet::Satisfaction.index()] as usize)
                    .copied()
                    .flatten();
                if let Some(satisfied) = rating {
                    band.rated += 1;
                    band.satisfied += usize::from(satisfied);
                }
            }
            let (Some((id, hour)), Some(&begin)) = (self.hours.of(i), self.begin_ms.get(i)) else {
                out.untimed += 1;
                continue;
            };
            span = Some(span.map_or((begin, begin), |(lo, hi)| (lo.min(begin), hi.max(begin))));
            if let Some(t) = per_hour.get_mut(id as usize) {
                t.add(outcome, within);
            }
            out.week[hour.cell.weekday][hour.cell.hour].add(outcome, within);
        }
        if let Some(span) = span {
            let hours = self
                .hours
                .hours
                .iter()
                .zip(&per_hour)
                .filter(|(_, t)| t.calls > 0)
                .map(|(h, t)| (h.start, t));
            (out.bucket, out.series) = series(span, hours, &self.hours.zone);
        }
        out
    }
}
