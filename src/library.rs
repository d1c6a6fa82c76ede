//! The plans kept in the browser: the autosave and the named saved scenarios, over any key-value store (the
//! app's localStorage, an in-memory map in tests).
//!
//! Invariant: nothing stored is lost silently. A corrupt entry is moved aside under `sandtable.corrupt.*`
//! and reported; a write that fails (quota, private mode) is an error for the UI to show.

use crate::model::validate::parse_scenario;
use crate::model::Scenario;
use serde::{Deserialize, Serialize};

/// Where the current plan is autosaved.
pub const AUTOSAVE_KEY: &str = "sandtable.autosave";
/// Prefix of saved scenarios: `sandtable.saved.<id>`.
pub const SAVED_PREFIX: &str = "sandtable.saved.";
/// Prefix under which corrupt entries are kept aside.
pub const CORRUPT_PREFIX: &str = "sandtable.corrupt.";

/// A key-value store of strings.
pub trait Store {
    /// Reads a key; `Err` when the store cannot be read.
    fn get(&self, key: &str) -> Result<Option<String>, String>;
    /// Writes a key; `Err` on quota or when storage is unavailable.
    fn set(&mut self, key: &str, value: &str) -> Result<(), String>;
    /// Removes a key.
    fn remove(&mut self, key: &str) -> Result<(), String>;
    /// Every key.
    fn keys(&self) -> Vec<String>;
}

/// A saved scenario as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    /// Its name in the list.
    pub name: String,
    /// Last modified, milliseconds since 1970.
    pub modified: f64,
    /// The plan.
    pub scenario: Scenario,
}

/// A line of the list of saved scenarios.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedMeta {
    /// Its id (the key after `SAVED_PREFIX`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Last modified, milliseconds since 1970.
    pub modified: f64,
}

/// Something found wrong in storage, already dealt with (moved aside), for the UI to say.
#[derive(Clone, Debug, PartialEq)]
pub struct Damaged {
    /// The key it was under.
    pub key: String,
    /// The key it was moved to.
    pub kept_as: String,
    /// Why it could not be read.
    pub reason: String,
}

fn move_aside(store: &mut dyn Store, key: &str, text: &str, reason: String, now: f64) -> Damaged {
    let kept_as = format!("{CORRUPT_PREFIX}{}.{}", key.trim_start_matches("sandtable."), now as u64);
    // If even that write fails the entry stays where it is: still not lost.
    if store.set(&kept_as, text).is_ok() {
        let _ = store.remove(key);
    }
    Damaged { key: key.to_string(), kept_as, reason }
}

/// Reads the autosaved plan: `Ok(None)` when there is none, `Err` when it was corrupt (then moved aside).
pub fn load_autosave(store: &mut dyn Store, now: f64) -> Result<Option<Scenario>, Damaged> {
    let text = match store.get(AUTOSAVE_KEY) {
        Ok(Some(t)) => t,
        Ok(None) => return Ok(None),
        Err(e) => return Err(Damaged { key: AUTOSAVE_KEY.into(), kept_as: String::new(), reason: e }),
    };
    match parse_scenario(&text) {
        Ok(sc) => Ok(Some(sc)),
        Err(e) => Err(move_aside(store, AUTOSAVE_KEY, &text, e.to_string(), now)),
    }
}

/// Autosaves the plan.
pub fn save_autosave(store: &mut dyn Store, sc: &Scenario) -> Result<(), String> {
    store.set(AUTOSAVE_KEY, &serde_json::to_string(sc).map_err(|e| e.to_string())?)
}

/// Why a saved entry could not be read.
enum ReadFail {
    /// The store itself failed to read: the entry may be fine and is left exactly where it is.
    Unreadable(String),
    /// The entry was read and is not a valid saved scenario: its text, and why.
    Corrupt(String, String),
}

fn read_saved(store: &dyn Store, id: &str) -> Result<Option<(String, Saved)>, ReadFail> {
    let key = format!("{SAVED_PREFIX}{id}");
    let Some(text) = store.get(&key).map_err(ReadFail::Unreadable)? else { return Ok(None) };
    let saved = serde_json::from_slice::<Saved>(text.as_bytes()).map_err(|e| e.to_string()).and_then(|s| {
        let errs = crate::model::validate(&s.scenario);
        if errs.is_empty() {
            Ok(s)
        } else {
            Err(errs.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))
        }
    });
    match saved {
        Ok(s) => Ok(Some((text, s))),
        Err(reason) => Err(ReadFail::Corrupt(text, reason)),
    }
}

/// The saved scenarios, newest first; corrupt ones are moved aside and reported.
pub fn list_saved(store: &mut dyn Store, now: f64) -> (Vec<SavedMeta>, Vec<Damaged>) {
    let mut list = Vec::new();
    let mut damaged = Vec::new();
    for key in store.keys() {
        let Some(id) = key.strip_prefix(SAVED_PREFIX) else { continue };
        match read_saved(store, id) {
            Ok(Some((_, s))) => {
                // Kept in order as it is read, newest first then by name (a sort's code would weigh in the page).
                let meta = SavedMeta { id: id.to_string(), name: s.name, modified: s.modified };
                let at = list.partition_point(|m: &SavedMeta| {
                    meta.modified.total_cmp(&m.modified).then_with(|| m.name.cmp(&meta.name)).is_le()
                });
                list.insert(at, meta);
            }
            Ok(None) => {}
            // Reported, never moved: what could not be read is not known to be damaged.
            Err(ReadFail::Unreadable(reason)) => {
                damaged.push(Damaged { key: key.clone(), kept_as: String::new(), reason })
            }
            Err(ReadFail::Corrupt(text, reason)) => damaged.push(move_aside(store, &key, &text, reason, now)),
        }
    }
    (list, damaged)
}

/// A new id: the time in base 36, made unique against the store.
fn new_id(store: &dyn Store, now: f64) -> String {
    let mut n = now.max(0.0) as u64;
    loop {
        let mut id = String::new();
        let mut x = n;
        loop {
            id.insert(0, char::from_digit((x % 36) as u32, 36).unwrap_or('0'));
            x /= 36;
            if x == 0 {
                break;
            }
        }
        if matches!(store.get(&format!("{SAVED_PREFIX}{id}")), Ok(None)) {
            return id;
        }
        n += 1;
    }
}

fn write(store: &mut dyn Store, id: &str, saved: &Saved) -> Result<(), String> {
    store.set(&format!("{SAVED_PREFIX}{id}"), &serde_json::to_string(saved).map_err(|e| e.to_string())?)
}

/// Saves `sc` under a new name; returns its id.
pub fn save_as(store: &mut dyn Store, name: &str, sc: &Scenario, now: f64) -> Result<String, String> {
    let id = new_id(store, now);
    let name: String = name.trim().chars().take(60).collect();
    write(store, &id, &Saved { name, modified: now, scenario: sc.clone() })?;
    Ok(id)
}

/// Overwrites saved scenario `id` with `sc`.
pub fn save(store: &mut dyn Store, id: &str, sc: &Scenario, now: f64) -> Result<(), String> {
    let (_, mut s) =
        read_saved(store, id).map_err(|_| "the saved scenario is damaged".to_string())?.ok_or("no such scenario")?;
    s.scenario = sc.clone();
    s.modified = now;
    write(store, id, &s)
}

/// Opens saved scenario `id`.
pub fn open(store: &dyn Store, id: &str) -> Result<Scenario, String> {
    match read_saved(store, id) {
        Ok(Some((_, s))) => Ok(s.scenario),
        Ok(None) => Err("no such scenario".into()),
        Err(ReadFail::Unreadable(reason) | ReadFail::Corrupt(_, reason)) => Err(reason),
    }
}

/// Renames saved scenario `id`.
pub fn rename(store: &mut dyn Store, id: &str, name: &str, now: f64) -> Result<(), String> {
    let (_, mut s) =
        read_saved(store, id).map_err(|_| "the saved scenario is damaged".to_string())?.ok_or("no such scenario")?;
    s.name = name.trim().chars().take(60).collect();
    s.modified = now;
    write(store, id, &s)
}

/// Copies saved scenario `id` under "name (copy)"; returns the new id.
pub fn duplicate(store: &mut dyn Store, id: &str, copy_suffix: &str, now: f64) -> Result<String, String> {
    let (_, s) =
        read_saved(store, id).map_err(|_| "the saved scenario is damaged".to_string())?.ok_or("no such scenario")?;
    save_as(store, &format!("{} {copy_suffix}", s.name), &s.scenario, now)
}

/// Deletes saved scenario `id`.
pub fn delete(store: &mut dyn Store, id: &str) -> Result<(), String> {
    store.remove(&format!("{SAVED_PREFIX}{id}"))
}

/// An in-memory store, for tests: it can refuse writes as a full localStorage does.
#[derive(Clone, Debug, Default)]
pub struct MemoryStore {
    /// The entries.
    pub map: std::collections::BTreeMap<String, String>,
    /// When set, every write fails with this message.
    pub full: Option<String>,
    /// When set, every read fails with this message.
    pub unreadable: Option<String>,
}

impl Store for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, String> {
        if let Some(e) = &self.unreadable {
            return Err(e.clone());
        }
        Ok(self.map.get(key).cloned())
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        match &self.full {
            Some(e) => Err(e.clone()),
            None => {
                self.map.insert(key.to_string(), value.to_string());
                Ok(())
            }
        }
    }
    fn remove(&mut self, key: &str) -> Result<(), String> {
        self.map.remove(key);
        Ok(())
    }
    fn keys(&self) -> Vec<String> {
        self.map.keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autosave_round_trip_and_corruption_kept_aside() {
        let mut s = MemoryStore::default();
        assert_eq!(load_autosave(&mut s, 1.0), Ok(None));
        let sc = Scenario { name: "mine".into(), ..Scenario::default() };
        save_autosave(&mut s, &sc).unwrap();
        assert_eq!(load_autosave(&mut s, 2.0), Ok(Some(sc)));
        s.map.insert(AUTOSAVE_KEY.into(), "{not json".into());
        let d = load_autosave(&mut s, 3.0).unwrap_err();
        assert_eq!(d.kept_as, "sandtable.corrupt.autosave.3");
        assert_eq!(s.map.get("sandtable.corrupt.autosave.3").map(String::as_str), Some("{not json"));
        assert!(!s.map.contains_key(AUTOSAVE_KEY));
    }

    #[test]
    fn a_full_store_is_an_error_not_a_loss() {
        let mut s = MemoryStore { full: Some("QuotaExceededError".into()), ..MemoryStore::default() };
        assert_eq!(save_autosave(&mut s, &Scenario::default()), Err("QuotaExceededError".into()));
        s.map.insert(AUTOSAVE_KEY.into(), "garbage".into());
        // Cannot move it aside: it stays where it was.
        assert!(load_autosave(&mut s, 1.0).is_err());
        assert_eq!(s.map.get(AUTOSAVE_KEY).map(String::as_str), Some("garbage"));
    }

    #[test]
    fn saved_scenarios() {
        let mut s = MemoryStore::default();
        let sc = Scenario::default();
        let a = save_as(&mut s, "  Base  ", &sc, 1000.0).unwrap();
        let b = save_as(&mut s, "Stretch", &sc, 2000.0).unwrap();
        assert_ne!(a, b);
        rename(&mut s, &a, "Base 2027", 3000.0).unwrap();
        let c = duplicate(&mut s, &b, "(copy)", 4000.0).unwrap();
        let (list, damaged) = list_saved(&mut s, 5000.0);
        assert!(damaged.is_empty());
        let names: Vec<&str> = list.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["Stretch (copy)", "Base 2027", "Stretch"]);
        assert_eq!(open(&s, &c).unwrap(), sc);
        let mut changed = sc.clone();
        changed.year = 2027;
        save(&mut s, &a, &changed, 6000.0).unwrap();
        assert_eq!(open(&s, &a).unwrap().year, 2027);
        delete(&mut s, &b).unwrap();
        assert_eq!(list_saved(&mut s, 7000.0).0.len(), 2);
        assert!(open(&s, &b).is_err());
        // A damaged entry is moved aside and reported, the others stay.
        s.map.insert(format!("{SAVED_PREFIX}zz"), "{\"name\": 1}".into());
        let (list, damaged) = list_saved(&mut s, 8000.0);
        assert_eq!(list.len(), 2);
        assert_eq!(damaged.len(), 1);
        assert_eq!(s.map.get(&damaged[0].kept_as).map(String::as_str), Some("{\"name\": 1}"));
    }

    #[test]
    fn a_read_error_never_deletes_a_saved_plan() {
        let mut s = MemoryStore::default();
        let id = save_as(&mut s, "Plan", &Scenario::default(), 1000.0).unwrap();
        let before = s.map.clone();
        s.unreadable = Some("SecurityError".into());
        let (list, damaged) = list_saved(&mut s, 2000.0);
        assert!(list.is_empty());
        assert_eq!(damaged.len(), 1);
        assert_eq!(damaged[0].reason, "SecurityError");
        assert_eq!(damaged[0].kept_as, "");
        // Nothing moved, nothing removed: the plan is there when reads work again.
        assert_eq!(s.map, before);
        s.unreadable = None;
        assert_eq!(open(&s, &id).unwrap(), Scenario::default());
    }
}
