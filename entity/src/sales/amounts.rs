//! Money on sales documents: currencies, percentages and line amounts exact to the
//! currency's minor unit. Quantities, prices and percentages are scaled by 10⁴ like the
//! ledger's; an amount is rounded half away from zero once, where it is computed.

use crate::error::{DomainError, DomainResult};
use crate::types::{Money, SCALE};

/// 100 %, scaled.
pub const HUNDRED_PERCENT: i64 = 100 * 10_i64.pow(SCALE);

/// An ISO 4217 code as stored: three letters, upper case.
///
/// # Errors
/// `BAD_USER_INPUT` on `currency`.
pub fn currency_code(text: &str) -> DomainResult<String> {
    let code = text.trim().to_ascii_uppercase();
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(DomainError::bad_input(
            "currency",
            "must be an ISO 4217 code such as EUR or USD",
        ));
    }
    Ok(code)
}

/// Digits after the decimal point in the currency's minor unit (ISO 4217's exponent).
pub fn minor_digits(currency: &str) -> u32 {
    const NONE: [&str; 16] = [
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
        "VUV", "XAF", "XOF",
    ];
    const THREE: [&str; 7] = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
    if NONE.contains(&currency) || currency == "XPF" {
        0
    } else if THREE.contains(&currency) {
        3
    } else {
        2
    }
}

/// A percentage from 0 to 100 (scaled).
///
/// # Errors
/// `BAD_USER_INPUT` on `field`.
pub fn percent(field: &'static str, scaled: i64) -> DomainResult<i64> {
    if (0..=HUNDRED_PERCENT).contains(&scaled) {
        Ok(scaled)
    } else {
        Err(DomainError::bad_input(field, "must be between 0 and 100"))
    }
}

/// `n / d` rounded half away from zero (`d > 0`).
fn round_div(n: i128, d: i128) -> i128 {
    let half = d / 2;
    if n >= 0 {
        (n + half) / d
    } else {
        (n - half) / d
    }
}

/// The scaled value of one minor unit (a cent: 100).
fn minor_unit(currency: &str) -> i128 {
    10_i128.pow(SCALE.saturating_sub(minor_digits(currency)))
}

/// A line's amount before tax: quantity × unit price less the discount, to the minor unit.
/// `None` beyond what a line may be worth.
pub fn line_net(currency: &str, quantity: i64, unit_price: i64, discount: i64) -> Option<i64> {
    let scale = 10_i128.pow(SCALE);
    let raw =
        i128::from(quantity) * i128::from(unit_price) * i128::from(HUNDRED_PERCENT - discount);
    let unit = minor_unit(currency);
    let net = round_div(raw, scale * i128::from(HUNDRED_PERCENT) * unit) * unit;
    let max = i128::from(crate::types::MAX_LINE_VALUE_WHOLE) * scale;
    (net.abs() <= max)
        .then(|| i64::try_from(net).ok())
        .flatten()
}

/// The tax on `net` at `rate`, to the minor unit.
pub fn tax(currency: &str, net: i64, rate: i64) -> i64 {
    let unit = minor_unit(currency);
    let tax = round_div(
        i128::from(net) * i128::from(rate),
        i128::from(HUNDRED_PERCENT) * unit,
    ) * unit;
    i64::try_from(tax).unwrap_or(i64::MAX)
}

/// `amount × part / whole`, to the minor unit: a share of a line's amount. Shares of
/// consecutive parts, taken as differences of these, add up to the amount exactly.
pub fn prorate(currency: &str, amount: i64, part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        return 0;
    }
    let unit = minor_unit(currency);
    let share = round_div(
        i128::from(amount) * i128::from(part),
        i128::from(whole) * unit,
    ) * unit;
    i64::try_from(share).unwrap_or(i64::MAX)
}

/// What one unit sells for after the discount (to the ledger's precision): the price the
/// sales analytics count.
pub fn net_unit_price(unit_price: i64, discount: i64) -> Money {
    let net = round_div(
        i128::from(unit_price) * i128::from(HUNDRED_PERCENT - discount),
        i128::from(HUNDRED_PERCENT),
    );
    Money::from_scaled(i64::try_from(net).unwrap_or(i64::MAX))
}

/// An amount as printed: exactly the currency's decimals (`1234.50`).
pub fn format_amount(currency: &str, scaled: i64) -> String {
    let digits = minor_digits(currency);
    let unit = minor_unit(currency);
    let minor = round_div(i128::from(scaled), unit);
    let sign = if minor < 0 { "-" } else { "" };
    let minor = minor.unsigned_abs();
    if digits == 0 {
        return format!("{sign}{minor}");
    }
    let base = 10_u128.pow(digits);
    format!(
        "{sign}{}.{:0width$}",
        minor / base,
        minor % base,
        width = digits as usize
    )
}

/// A percentage as printed: `20`, `7.5`.
pub fn format_percent(scaled: i64) -> String {
    crate::types::Qty::from_scaled(scaled).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q: i64 = 10_000;

    #[test]
    fn lines_round_once_to_the_cent_half_away_from_zero() {
        // 3 × 19.99 less 15 % = 50.9745 → 50.97
        assert_eq!(line_net("EUR", 3 * Q, 19_9900, 15 * Q), Some(50_9700));
        // 1 × 0.125 → 0.13 (half away from zero)
        assert_eq!(line_net("USD", Q, 1250, 0), Some(1300));
        // yen have no minor unit: 3 × 333.5 = 1000.5 → 1001
        assert_eq!(line_net("JPY", 3 * Q, 333_5000, 0), Some(1001_0000));
        // dinars keep three decimals
        assert_eq!(line_net("KWD", Q, 1_2345, 0), Some(1_2350));
    }

    #[test]
    fn tax_is_rounded_on_the_net_amount() {
        // 20 % of 50.97 = 10.194 → 10.19; 7 % of 10.07 = 0.7049 → 0.70
        assert_eq!(tax("EUR", 50_9700, 20 * Q), 10_1900);
        assert_eq!(tax("EUR", 10_0700, 7 * Q), 7000);
        assert_eq!(tax("EUR", 10_0700, 0), 0);
    }

    #[test]
    fn shares_of_a_line_add_up_to_it() {
        // 0.38 for 3 units, credited one at a time: 0.13, 0.12, 0.13.
        let shares: Vec<i64> = (0..3)
            .map(|c| prorate("USD", 3800, c + 1, 3) - prorate("USD", 3800, c, 3))
            .collect();
        assert_eq!(shares, vec![1300, 1200, 1300]);
        assert_eq!(shares.iter().sum::<i64>(), 3800);
    }

    #[test]
    fn amounts_print_with_the_currency_decimals() {
        assert_eq!(format_amount("EUR", 1234_5000), "1234.50");
        assert_eq!(format_amount("JPY", 1001_0000), "1001");
        assert_eq!(format_amount("KWD", 1_2350), "1.235");
        assert_eq!(format_amount("EUR", -5000), "-0.50");
        assert_eq!(net_unit_price(19_9900, 15 * Q), Money::from_scaled(16_9915));
    }

    #[test]
    fn currencies_and_percentages_are_checked() {
        assert_eq!(currency_code(" eur ").ok(), Some("EUR".to_owned()));
        assert!(currency_code("EURO").is_err());
        assert!(currency_code("E1R").is_err());
        assert!(percent("discountPercent", 101 * Q).is_err());
        assert!(percent("discountPercent", -1).is_err());
    }
}
