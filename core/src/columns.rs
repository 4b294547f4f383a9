//! Column preferences: which columns the table shows, in which order, saved as JSON (in
//! the browser's local storage) and edited one step at a time.

use serde_json::Value;

use crate::table::Column;

/// The columns as a JSON array of their [keys](Column::key), e.g. `["callId","begin"]`.
pub fn columns_to_json(cols: &[Column]) -> String {
    let keys: Vec<&str> = cols.iter().map(|c| c.key()).collect();
    serde_json::to_string(&keys).unwrap_or_else(|_| "[]".to_string())
}

/// Reads [`columns_to_json`] output leniently: unknown keys, non-strings and repeats are
/// dropped. `None` when the text is not a JSON array or no column is left, so the caller
/// falls back to its default rather than showing an empty table.
pub fn columns_from_json(text: &str) -> Option<Vec<Column>> {
    let Value::Array(items) = serde_json::from_str::<Value>(text).ok()? else {
        return None;
    };
    let mut cols = Vec::with_capacity(Column::ALL.len());
    for c in items
        .iter()
        .filter_map(Value::as_str)
        .filter_map(Column::from_key)
    {
        if !cols.contains(&c) {
            cols.push(c);
        }
    }
    (!cols.is_empty()).then_some(cols)
}

/// Moves a shown column `delta` places (negative: left), stopping at either end. Does
/// nothing when the column is not shown.
pub fn move_column(cols: &mut Vec<Column>, column: Column, delta: isize) {
    let Some(from) = cols.iter().position(|&c| c == column) else {
        return;
    };
    let last = cols.len().saturating_sub(1);
    let to = if delta < 0 {
        from.saturating_sub(delta.unsigned_abs())
    } else {
        from.saturating_add(delta.unsigned_abs()).min(last)
    };
    if to != from {
        let c = cols.remove(from);
        cols.insert(to, c);
    }
}

/// Hides a shown column (unless it is the only one left: a table needs a column) or shows
/// a hidden one, placed right after the nearest shown column that precedes it in
/// [`Column::ALL`] order (first when none does), so it comes back where it belongs.
pub fn toggle_column(cols: &mut Vec<Column>, column: Column) {
    if let Some(i) = cols.iter().position(|&c| c == column) {
        if cols.len() > 1 {
            cols.remove(i);
        }
        return;
    }
    let rank = |c: Column| Column::ALL.iter().position(|&a| a == c);
    let mine = rank(column);
    let at = cols
        .iter()
        .enumerate()
        .filter(|(_, &c)| rank(c) < mine)
        .max_by_key(|(_, &c)| rank(c))
        .map_or(0, |(i, _)| i + 1);
    cols.insert(at, column);
}

#[cfg(test)]
mod tests {
    use super::*;
    use Column::*;

    #[test]
    fn preferences_round_trip_through_json() {
        let cols = vec![Begin, CallId, Satisfaction];
        let json = columns_to_json(&cols);
        assert_eq!(json, r#"["begin","callId","satisfaction"]"#);
        assert_eq!(columns_from_json(&json), Some(cols));
        assert_eq!(
            columns_from_json(&columns_to_json(&Column::ALL)),
            Some(Column::ALL.to_vec())
        );
    }

    #[test]
    fn stale_or_broken_preferences_fall_back() {
        assert_eq!(
            columns_from_json(r#"["begin","gone",3,null,"begin","vdn"]"#),
            Some(vec![Begin, Vdn])
        );
        assert_eq!(columns_from_json("[]"), None);
        assert_eq!(columns_from_json(r#"["gone"]"#), None);
        assert_eq!(columns_from_json(r#"{"begin":1}"#), None);
        assert_eq!(columns_from_json("not json"), None);
        assert_eq!(columns_from_json(""), None);
    }

    #[test]
    fn moving_goes_one_step_and_stops_at_the_ends() {
        let mut cols = vec![CallId, Begin, End];
        move_column(&mut cols, Begin, -1);
        assert_eq!(cols, [Begin, CallId, End]);
        move_column(&mut cols, Begin, -1);
        assert_eq!(cols, [Begin, CallId, End]);
        move_column(&mut cols, Begin, 1);
        assert_eq!(cols, [CallId, Begin, End]);
        move_column(&mut cols, End, 1);
        assert_eq!(cols, [CallId, Begin, End]);
        move_column(&mut cols, CallId, isize::MAX);
        assert_eq!(cols, [Begin, End, CallId]);
        move_column(&mut cols, CallId, isize::MIN);
        assert_eq!(cols, [CallId, Begin, End]);
        move_column(&mut cols, Vdn, 1);
        assert_eq!(cols, [CallId, Begin, End]);
    }

    #[test]
    fn toggling_hides_and_restores_in_place() {
        let mut cols = Column::ALL.to_vec();
        toggle_column(&mut cols, Duration);
        assert!(!cols.contains(&Duration));
        toggle_column(&mut cols, Duration);
        assert_eq!(cols, Column::ALL);

        // After reordering, a column comes back after its predecessor in default order.
        let mut cols = vec![Vdn, CallId, End];
        toggle_column(&mut cols, Begin);
        assert_eq!(cols, [Vdn, CallId, Begin, End]);
        let mut cols = vec![Vdn, Begin];
        toggle_column(&mut cols, CallId);
        assert_eq!(cols, [CallId, Vdn, Begin]);
    }

    #[test]
    fn the_last_column_cannot_be_hidden() {
        let mut cols = vec![CallId];
        toggle_column(&mut cols, CallId);
        assert_eq!(cols, [CallId]);
        let mut cols = Vec::new();
        toggle_column(&mut cols, Vdn);
        assert_eq!(cols, [Vdn]);
    }
}
