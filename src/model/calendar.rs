//! The calendar of one plan year: days per month, `MM-DD` dates and ISO weeks, with no allocation after construction.

/// True for a Gregorian leap year.
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `year` (365 or 366).
pub fn days_in_year(year: i32) -> usize {
    if is_leap(year) {
        366
    } else {
        365
    }
}

/// Days of month `month` (1..=12) in `year`.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Day of the week of `year-month-day`, 0 = Monday .. 6 = Sunday (Sakamoto's method).
pub fn weekday(year: i32, month: u32, day: u32) -> u32 {
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if month < 3 { year - 1 } else { year };
    let m = (month as usize).clamp(1, 12);
    let sun0 = (y + y / 4 - y / 100 + y / 400 + T[m - 1] + day as i32).rem_euclid(7);
    ((sun0 + 6) % 7) as u32
}

/// The ISO week number (1..=53) of `year-month-day`, and the ISO year it belongs to.
pub fn iso_week(year: i32, month: u32, day: u32) -> (i32, u32) {
    let doy = day_of_year(year, month, day) as i32 + 1; // 1-based
    let wd = weekday(year, month, day) as i32 + 1; // 1 = Monday
    let week = (doy - wd + 10) / 7;
    if week < 1 {
        let prev = year - 1;
        (prev, weeks_in_iso_year(prev))
    } else if week as u32 > weeks_in_iso_year(year) {
        (year + 1, 1)
    } else {
        (year, week as u32)
    }
}

/// 52 or 53: the number of ISO weeks of `year`.
pub fn weeks_in_iso_year(year: i32) -> u32 {
    let jan1 = weekday(year, 1, 1); // 0 = Monday
    if jan1 == 3 || (jan1 == 2 && is_leap(year)) {
        53
    } else {
        52
    }
}

/// Zero-based day of the year of a valid date.
pub fn day_of_year(year: i32, month: u32, day: u32) -> usize {
    (1..month).map(|m| days_in_month(year, m) as usize).sum::<usize>() + day as usize - 1
}

/// Parses `MM-DD` strictly into a zero-based day of `year`; `None` when it is not a date of that year.
pub fn parse_mm_dd(s: &str, year: i32) -> Option<usize> {
    let b = s.as_bytes();
    if b.len() != 5 || b[2] != b'-' || ![0, 1, 3, 4].iter().all(|&i| b[i].is_ascii_digit()) {
        return None;
    }
    let month = u32::from(b[0] - b'0') * 10 + u32::from(b[1] - b'0');
    let day = u32::from(b[3] - b'0') * 10 + u32::from(b[4] - b'0');
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(day_of_year(year, month, day))
}

/// Formats a zero-based day of `year` as `MM-DD`.
pub fn mm_dd(year: i32, doy: usize) -> String {
    let (m, d) = month_day(year, doy);
    format!("{m:02}-{d:02}")
}

/// The month (1..=12) and day of a zero-based day of `year`.
pub fn month_day(year: i32, doy: usize) -> (u32, u32) {
    let mut rest = doy as u32;
    for m in 1..=12 {
        let n = days_in_month(year, m);
        if rest < n {
            return (m, rest + 1);
        }
        rest -= n;
    }
    (12, 31)
}

/// The day-level calendar of one year: month of each day, month lengths, and the ISO weeks that meet the year.
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    /// The year.
    pub year: i32,
    /// Days in the year.
    pub days: usize,
    /// Month index (0..12) of each day.
    pub month_of_day: Vec<u8>,
    /// Days of each month.
    pub month_len: [u32; 12],
    /// Index into `weeks` of each day.
    pub week_of_day: Vec<u16>,
    /// Each week that meets the year: its ISO number and first day (zero-based).
    pub weeks: Vec<(u32, usize)>,
}

impl Calendar {
    /// Builds the calendar of `year`.
    pub fn new(year: i32) -> Self {
        let mut c = Calendar::default();
        c.set_year(year);
        c
    }

    /// The step of a day's position in the year, `t_d = d * t_step = d / (D - 1)` (MODEL.md §1); 0 in a
    /// one-day year.
    pub fn t_step(&self) -> f64 {
        if self.days > 1 {
            1.0 / (self.days as f64 - 1.0)
        } else {
            0.0
        }
    }

    /// Rebuilds for `year`, reusing the buffers; a no-op when the year is unchanged.
    pub fn set_year(&mut self, year: i32) {
        if year == self.year && self.days > 0 {
            return;
        }
        self.year = year;
        self.days = days_in_year(year);
        self.month_of_day.clear();
        self.week_of_day.clear();
        self.weeks.clear();
        for m in 0..12u32 {
            let n = days_in_month(year, m + 1);
            self.month_len[m as usize] = n;
            for day in 1..=n {
                self.month_of_day.push(m as u8);
                let d = self.month_of_day.len() - 1;
                if d == 0 || weekday(year, m + 1, day) == 0 {
                    self.weeks.push((iso_week(year, m + 1, day).1, d));
                }
                self.week_of_day.push((self.weeks.len() - 1) as u16);
            }
        }
    }
}
