//! Undo and redo of scenario edits: a bounded stack of earlier plans. Edits that share a coalescing key in a
//! row (one slider drag) make a single step.
//!
//! Invariant: undo then redo gives back the same plan; the stack never holds more than `limit` steps.

use crate::model::Scenario;

/// The edit history.
#[derive(Clone, Debug)]
pub struct History {
    past: Vec<Scenario>,
    future: Vec<Scenario>,
    /// The key of the last recorded edit: a new edit with the same key joins its step.
    last_key: Option<String>,
    /// Most steps kept. Defaults to 200.
    pub limit: usize,
}

impl Default for History {
    fn default() -> Self {
        History { past: Vec::new(), future: Vec::new(), last_key: None, limit: 200 }
    }
}

impl History {
    /// Records that the plan is about to change from `before`. `key` groups edits into one step (a slider's
    /// path while it is dragged); `None` makes a step of its own.
    pub fn record(&mut self, before: &Scenario, key: Option<&str>) {
        if key.is_some() && key == self.last_key.as_deref() {
            return;
        }
        self.last_key = key.map(String::from);
        self.past.push(before.clone());
        if self.past.len() > self.limit {
            self.past.remove(0);
        }
        self.future.clear();
    }

    /// Ends the current group: the next edit with the same key starts a new step (a slider released).
    pub fn seal(&mut self) {
        self.last_key = None;
    }

    /// The plan before the last step, given the current one; `None` when there is nothing to undo.
    pub fn undo(&mut self, current: &Scenario) -> Option<Scenario> {
        self.step(true, current)
    }

    /// The plan the last undo left, given the current one; `None` when there is nothing to redo.
    pub fn redo(&mut self, current: &Scenario) -> Option<Scenario> {
        self.step(false, current)
    }

    /// One step back (undo) or forward (redo) from `current`: the plan it leads to, `current` kept for the way
    /// back; `None` when there is no step that way.
    pub fn step(&mut self, back: bool, current: &Scenario) -> Option<Scenario> {
        let (from, to) = if back { (&mut self.past, &mut self.future) } else { (&mut self.future, &mut self.past) };
        let plan = from.pop()?;
        to.push(current.clone());
        self.last_key = None;
        Some(plan)
    }

    /// Whether undo would do something.
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// Whether redo would do something.
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(gmv: f64) -> Scenario {
        let mut sc = Scenario::default();
        sc.targets.gmv = gmv;
        sc
    }

    #[test]
    fn undo_redo_and_coalescing() {
        let mut h = History::default();
        let mut cur = plan(1.0);
        for (g, key) in [(2.0, None), (3.0, Some("slider:a")), (4.0, Some("slider:a")), (5.0, Some("slider:a"))] {
            h.record(&cur, key);
            cur = plan(g);
        }
        h.seal();
        h.record(&cur, Some("slider:a"));
        cur = plan(6.0);
        // Steps: 1 -> 2, 2 -> 5 (one drag), 5 -> 6 (a new drag).
        let mut seen = vec![];
        while let Some(prev) = h.undo(&cur) {
            cur = prev;
            seen.push(cur.targets.gmv);
        }
        assert_eq!(seen, [5.0, 2.0, 1.0]);
        assert!(!h.can_undo() && h.can_redo());
        cur = h.redo(&cur).unwrap();
        assert_eq!(cur.targets.gmv, 2.0);
        // A new edit drops the redo branch.
        h.record(&cur, None);
        assert!(!h.can_redo());
    }

    #[test]
    fn keeps_at_most_limit_steps() {
        let mut h = History { limit: 150, ..History::default() };
        let mut cur = plan(0.0);
        for i in 1..=300 {
            h.record(&cur, None);
            cur = plan(i as f64);
        }
        let mut n = 0;
        while let Some(p) = h.undo(&cur) {
            cur = p;
            n += 1;
        }
        assert_eq!(n, 150);
        assert_eq!(cur.targets.gmv, 150.0);
    }
}
