//! Number formatting shared by terminal tables, messages and reports.

/// A number as a person writes it in a data file: no trailing `.0`, up to 4 decimals.
pub fn plain(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        let s = format!("{value:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Thousands separators with a fixed number of decimals: `thousands(41545.0, 0)` → `41,545`.
pub fn thousands(value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text.split_once('.').map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if value < 0.0 && text.chars().any(|c| c != '0' && c != '.') { "-" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Money on a basis: hourly figures keep cents (`$18.06`), annual figures are whole dollars (`$41,545`).
pub fn money(value: f64, hourly: bool) -> String {
    let body = thousands(value, if hourly { 2 } else { 0 });
    match body.strip_prefix('-') {
        Some(rest) => format!("-${rest}"),
        None => format!("${body}"),
    }
}

/// A number with thousands separators and a sign for positive values: `+5,100`, `-200`, `+1.3`.
pub fn signed(value: f64, decimals: usize) -> String {
    let text = thousands(value, decimals);
    if value > 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') { format!("+{text}") } else { text }
}

/// A percentage with the given decimals and a sign: `+7%`, `-1.5%`.
pub fn signed_percent(value: f64, decimals: usize) -> String {
    let sign = if value > 0.0 { "+" } else { "" };
    format!("{sign}{value:.decimals$}%")
}

/// A published percent as published: whole numbers without decimals (`+7%`), others with one (`+8.6%`).
pub fn published_percent(value: f64) -> String {
    signed_percent(value, if value.fract() == 0.0 { 0 } else { 1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(plain(45000.0), "45000");
        assert_eq!(plain(18.06), "18.06");
        assert_eq!(thousands(41545.0, 0), "41,545");
        assert_eq!(thousands(1_234_567.891, 2), "1,234,567.89");
        assert_eq!(thousands(999.0, 0), "999");
        assert_eq!(thousands(-35100.0, 0), "-35,100");
        assert_eq!(money(18.06, true), "$18.06");
        assert_eq!(money(41545.4, false), "$41,545");
        assert_eq!(money(-12.5, true), "-$12.50");
        assert_eq!(signed(5100.0, 0), "+5,100");
        assert_eq!(signed(-200.0, 0), "-200");
        assert_eq!(signed(0.0001, 1), "0.0");
        assert_eq!(signed_percent(7.0, 0), "+7%");
        assert_eq!(signed_percent(-1.25, 1), "-1.2%");
        assert_eq!(published_percent(7.0), "+7%");
        assert_eq!(published_percent(8.6), "+8.6%");
    }
}
