//! Many Call IDs at once (issue #18, part 6): the list a user pastes into the Call ID field,
//! and the plan that searches each ID once.
//!
//! The API takes one `callId` per request, so a list becomes one request per ID. The form
//! keeps the list as typed; validation normalises it ([`split_ids`]: separated by commas,
//! spaces, tabs or new lines, duplicates dropped, order kept) into the query's `call_id`
//! joined by commas ([`join_ids`]), which the share link and saved searches keep as it is.
//! The first ID is requested like any search; [`IdPlan`] hands out the others to the
//! result views, which send them with the same limit, retries and 401 pause as complete
//! results ([`crate::slices`]: the same [`SliceId`], [`AfterFailure`] and backoff).

use std::collections::VecDeque;

use crate::query::BatchKind;
use crate::slices::{backoff_ms, AfterFailure, SliceId, MAX_ATTEMPTS};

/// Most Call IDs one search takes: 500 requests at `maxConcurrentRequests` (default 3) is
/// already a few minutes against a slow service; more is a job for an export, not a page.
pub const MAX_IDS: usize = 500;

/// Whether `c` separates two IDs: a comma (ASCII or the full-width `，` a Chinese input
/// method types), or any white space (spaces, tabs, new lines).
fn is_separator(c: char) -> bool {
    c == ',' || c == '\u{ff0c}' || c.is_whitespace()
}

/// The IDs in `raw`, in the order typed, each once: split on commas, spaces, tabs and new
/// lines; empty pieces dropped. `"a, b\nb,,c"` → `["a", "b", "c"]`. Past [`MAX_IDS`]
/// distinct IDs the rest are counted as typed, duplicates too: the list is refused then
/// anyway, and a megabyte of pasted IDs must not cost a quadratic search per keystroke.
pub fn split_ids(raw: &str) -> Vec<&str> {
    distinct(raw.split(is_separator))
}

/// Whether `c` separates two calling numbers: a comma (`,` or `，`), a semicolon or a line
/// break. Not a space: a number may hold spaces (`+86 10 8888 6666`, as the form accepts).
fn is_number_separator(c: char) -> bool {
    matches!(c, ',' | '\u{ff0c}' | ';' | '\u{ff1b}' | '\n' | '\r' | '\t')
}

/// The calling numbers in `raw` (the Calling number field), as [`split_ids`] gives IDs but
/// split only on commas, semicolons and line breaks, each number trimmed:
/// `"+86 10 1234\n139 0000, 139 0000"` → `["+86 10 1234", "139 0000"]`.
pub fn split_numbers(raw: &str) -> Vec<&str> {
    distinct(raw.split(is_number_separator).map(str::trim))
}

/// The non-empty pieces in order, each once; past [`MAX_IDS`] distinct ones the rest are
/// kept as they come (the list is refused then anyway; no quadratic search on a huge paste).
fn distinct<'a>(pieces: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for piece in pieces.filter(|s| !s.is_empty()) {
        if out.len() > MAX_IDS || !out.contains(&piece) {
            out.push(piece);
        }
    }
    out
}

/// The normalised list as the query keeps it: the IDs joined by `,` (`""` for none).
pub fn join_ids(ids: &[&str]) -> String {
    ids.join(",")
}

/// Where one ID's search stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdState {
    /// Not requested yet (or back in line after a pause or before a retry).
    Waiting,
    /// A request is out.
    InFlight,
    /// Failed in a way waiting can fix; a retry is due after a backoff.
    Backoff,
    /// Answered: this many records came.
    Found(u64),
    /// Failed for good after this many requests; listed with *Retry*.
    Failed {
        /// Requests made.
        attempts: u32,
    },
}

/// The IDs of one batch search after the first (already answered) one, and where each
/// stands. Ids ([`SliceId`]) index [`IdPlan::ids`]; the first ID is index 0.
#[derive(Clone, Debug)]
pub struct IdPlan {
    kind: BatchKind,
    ids: Vec<String>,
    /// Per item, `(returned, counted)` when its answer counted more calls than it returned
    /// (a calling number over a busy range: the service's cap).
    capped: Vec<Option<(u64, u64)>>,
    states: Vec<IdState>,
    attempts: Vec<u32>,
    waiting: VecDeque<usize>,
}

impl IdPlan {
    /// A plan for the items of a batch of `kind` (normalised, as [`split_ids`] or
    /// [`split_numbers`] give them) whose first request already came back with
    /// `first_found` records of `first_total` counted: the rest wait, in order.
    pub fn after_first(
        kind: BatchKind,
        ids: Vec<String>,
        first_found: u64,
        first_total: Option<u64>,
    ) -> IdPlan {
        let n = ids.len();
        let mut states = vec![IdState::Waiting; n];
        if let Some(first) = states.first_mut() {
            *first = IdState::Found(first_found);
        }
        let mut capped = vec![None; n];
        if let Some(first) = capped.first_mut() {
            *first = shortfall(first_found, first_total);
        }
        IdPlan {
            kind,
            ids,
            capped,
            states,
            attempts: vec![0; n],
            waiting: (1..n).collect(),
        }
    }

    /// What the batch lists.
    pub fn kind(&self) -> BatchKind {
        self.kind
    }

    /// Every ID, in order.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// The next ID to request, marked in flight; `None` when none waits.
    pub fn next_request(&mut self) -> Option<(SliceId, String)> {
        let index = self.waiting.pop_front()?;
        self.states[index] = IdState::InFlight;
        self.attempts[index] += 1;
        Some((SliceId(index), self.ids[index].clone()))
    }

    /// Records that item `id`'s answer held `found` records and counted `total`.
    pub fn answered(&mut self, id: SliceId, found: u64, total: Option<u64>) {
        if let Some(state) = self.states.get_mut(id.0) {
            *state = IdState::Found(found);
        }
        if let Some(capped) = self.capped.get_mut(id.0) {
            *capped = shortfall(found, total);
        }
    }

    /// Records a failed request, as [`SlicePlan::failed`](crate::slices::SlicePlan::failed)
    /// does for a slice: retryable failures are retried up to [`MAX_ATTEMPTS`] requests
    /// with the same backoff; others are listed at once.
    pub fn failed(&mut self, id: SliceId, retryable: bool, jitter: f64) -> AfterFailure {
        let Some(&attempts) = self.attempts.get(id.0) else {
            return AfterFailure::GaveUp;
        };
        if !retryable || attempts >= MAX_ATTEMPTS {
            self.states[id.0] = IdState::Failed { attempts };
            return AfterFailure::GaveUp;
        }
        self.states[id.0] = IdState::Backoff;
        AfterFailure::RetryIn(backoff_ms(attempts, jitter))
    }

    /// Puts an ID that waits for its retry, or whose request was stopped (a 401 pausing
    /// the load), back in line; a stopped request does not count as an attempt.
    pub fn resume(&mut self, id: SliceId) {
        let Some(state) = self.states.get_mut(id.0) else {
            return;
        };
        if matches!(state, IdState::Backoff | IdState::InFlight) {
            if *state == IdState::InFlight {
                self.attempts[id.0] = self.attempts[id.0].saturating_sub(1);
            }
            *state = IdState::Waiting;
            self.waiting.push_front(id.0);
        }
    }

    /// The user's *Retry* on a failed ID: three more retries from now.
    pub fn retry(&mut self, id: SliceId) {
        if let Some(state @ IdState::Failed { .. }) = self.states.get_mut(id.0) {
            *state = IdState::Waiting;
            self.attempts[id.0] = 0;
            self.waiting.push_back(id.0);
        }
    }

    /// Where the batch stands.
    pub fn progress(&self) -> IdProgress {
        let mut p = IdProgress {
            kind: self.kind,
            ids: self.ids.len(),
            ..IdProgress::default()
        };
        for (index, capped) in self.capped.iter().enumerate() {
            if let Some((found, total)) = *capped {
                p.capped.push((self.ids[index].clone(), found, total));
            }
        }
        for (index, state) in self.states.iter().enumerate() {
            match *state {
                IdState::Waiting | IdState::Backoff | IdState::InFlight => p.pending += 1,
                IdState::Found(0) => {
                    p.searched += 1;
                    p.empty.push(self.ids[index].clone());
                }
                IdState::Found(_) => p.searched += 1,
                IdState::Failed { attempts } => {
                    p.failed
                        .push((SliceId(index), self.ids[index].clone(), attempts))
                }
            }
        }
        p
    }
}

/// `(returned, counted)` when an answer counted more than it returned.
fn shortfall(found: u64, total: Option<u64>) -> Option<(u64, u64)> {
    total.filter(|&t| t > found).map(|t| (found, t))
}

/// A summary of an [`IdPlan`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdProgress {
    /// What the batch lists.
    pub kind: BatchKind,
    /// IDs in the batch.
    pub ids: usize,
    /// IDs answered (with records or without).
    pub searched: usize,
    /// IDs waiting, backing off or in flight.
    pub pending: usize,
    /// IDs whose answer held no record, in the order typed.
    pub empty: Vec<String>,
    /// IDs that failed: id (for *Retry*), the ID, requests made.
    pub failed: Vec<(SliceId, String, u32)>,
    /// Items whose answer the service capped: the item, records returned, calls counted.
    /// Only a calling number over a range can be: its calls past the cap are not shown.
    pub capped: Vec<(String, u64, u64)>,
}

impl Default for IdProgress {
    fn default() -> IdProgress {
        IdProgress {
            kind: BatchKind::CallIds,
            ids: 0,
            searched: 0,
            pending: 0,
            empty: Vec::new(),
            failed: Vec::new(),
            capped: Vec::new(),
        }
    }
}

impl IdProgress {
    /// Whether nothing is waiting or in flight.
    pub fn is_settled(&self) -> bool {
        self.pending == 0
    }

    /// Whether every item was answered in full (none failed, none capped).
    pub fn is_complete(&self) -> bool {
        self.is_settled() && self.failed.is_empty() && self.capped.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(ids: &[&str]) -> IdPlan {
        IdPlan::after_first(
            BatchKind::CallIds,
            ids.iter().map(|s| s.to_string()).collect(),
            2,
            Some(2),
        )
    }

    #[test]
    fn splits_on_commas_spaces_tabs_and_new_lines_keeping_order_once() {
        assert_eq!(
            split_ids(" a, b\nb,,c\td\r\ne，f "),
            ["a", "b", "c", "d", "e", "f"]
        );
        assert_eq!(split_ids("1669464198-17002955"), ["1669464198-17002955"]);
        assert!(split_ids(" ,\n\t ").is_empty());
        assert_eq!(split_ids("z y z x y"), ["z", "y", "x"]);
        assert_eq!(join_ids(&split_ids("b\na\nb")), "b,a");
    }

    #[test]
    fn a_calling_number_whose_answer_was_capped_is_listed_and_leaves_the_batch_partial() {
        let numbers = vec!["139".to_string(), "138".to_string(), "137".to_string()];
        // The first number's answer: 5,000 returned of 6,210 counted.
        let mut p = IdPlan::after_first(BatchKind::CallerNos, numbers, 5_000, Some(6_210));
        while let Some((id, _)) = p.next_request() {
            p.answered(id, 12, Some(12));
        }
        let end = p.progress();
        assert_eq!(end.kind, BatchKind::CallerNos);
        assert!(end.is_settled());
        assert_eq!(end.capped, [("139".to_string(), 5_000, 6_210)]);
        assert!(!end.is_complete(), "calls past the cap are missing");
        // Asked again (Retry) and whole this time: complete.
        let mut again = IdPlan::after_first(BatchKind::CallerNos, vec!["139".into()], 3, Some(3));
        again.answered(SliceId(0), 3, Some(3));
        assert!(again.progress().is_complete());
    }

    #[test]
    fn numbers_split_on_commas_semicolons_and_line_breaks_but_keep_their_spaces() {
        assert_eq!(
            split_numbers(" +86 10 1234 ;139 0000\n\r\n139 0000，(212) 555；1\t2 "),
            ["+86 10 1234", "139 0000", "(212) 555", "1", "2"]
        );
        assert!(split_numbers(" ; ,\n ").is_empty());
        assert_eq!(split_numbers("139 0000 0000"), ["139 0000 0000"]);
    }

    #[test]
    fn hands_out_every_id_after_the_first_once_in_order() {
        let mut p = plan(&["a", "b", "c"]);
        assert_eq!(p.next_request(), Some((SliceId(1), "b".into())));
        assert_eq!(p.next_request(), Some((SliceId(2), "c".into())));
        assert_eq!(p.next_request(), None);
        let mid = p.progress();
        assert_eq!((mid.searched, mid.pending), (1, 2));
        assert!(!mid.is_settled());
        p.answered(SliceId(1), 0, Some(0));
        p.answered(SliceId(2), 5, None);
        let end = p.progress();
        assert!(end.is_complete());
        assert_eq!(end.searched, 3);
        assert_eq!(end.empty, ["b"]);
    }

    #[test]
    fn a_single_id_is_settled_at_once() {
        let mut p = plan(&["a"]);
        assert_eq!(p.next_request(), None);
        assert!(p.progress().is_complete());
    }

    #[test]
    fn retryable_failures_back_off_then_fail_and_retry_starts_over() {
        let mut p = plan(&["a", "b"]);
        let mut waits = Vec::new();
        loop {
            let (id, _) = p.next_request().expect("b waits");
            match p.failed(id, true, 0.0) {
                AfterFailure::RetryIn(ms) => {
                    waits.push(ms);
                    p.resume(id);
                }
                AfterFailure::GaveUp => break,
            }
        }
        assert_eq!(waits, [500, 1000, 2000]);
        let failed = p.progress();
        assert_eq!(failed.failed, [(SliceId(1), "b".to_string(), MAX_ATTEMPTS)]);
        assert!(failed.is_settled() && !failed.is_complete());
        p.retry(SliceId(1));
        assert_eq!(p.next_request(), Some((SliceId(1), "b".into())));
        p.answered(SliceId(1), 1, Some(1));
        assert!(p.progress().is_complete());
    }

    #[test]
    fn a_failure_waiting_cannot_fix_is_listed_at_once() {
        let mut p = plan(&["a", "b"]);
        let (id, _) = p.next_request().expect("b");
        assert_eq!(p.failed(id, false, 0.5), AfterFailure::GaveUp);
        assert_eq!(p.progress().failed, [(id, "b".to_string(), 1)]);
    }

    #[test]
    fn a_stopped_request_goes_back_first_without_counting() {
        let mut p = plan(&["a", "b", "c"]);
        let (b, _) = p.next_request().expect("b");
        p.resume(b); // a 401 paused the load
        assert_eq!(p.next_request(), Some((b, "b".into())));
        // Still four requests before it is listed: the stopped one did not count.
        let mut attempts = 1;
        while let AfterFailure::RetryIn(_) = p.failed(b, true, 0.0) {
            p.resume(b);
            p.next_request();
            attempts += 1;
        }
        assert_eq!(attempts, MAX_ATTEMPTS);
    }
}
