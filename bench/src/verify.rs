//! After the load, the ledger must equal the levels: for a few benchmark organizations, each
//! item's quantity at each location must be the sum of its movements there. Both are read
//! through the api: the items with their levels, and every stock transaction with its lines.

use std::collections::HashMap;

use anyhow::{Context as _, bail};
use serde_json::{Value, json};

use crate::client::{Client, Session, text};
use crate::setup::Org;

const PAGE: u32 = 200;
/// Decimals of a quantity on the wire.
const SCALE: u32 = 4;
/// Mismatches listed in full; the rest are only counted.
const SHOWN: usize = 10;

const LEVELS: &str = "query($first: Int, $after: String) { items(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id stockLevels { location { id } quantity } } } } }";
const MOVEMENTS: &str = "query($first: Int, $after: String) { stockTransactions(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { lines { item { id } location { id } quantity } } } } }";

/// (item id, location id) → scaled quantity.
type Quantities = HashMap<(String, String), i128>;

pub struct Verdict {
    pub organizations: usize,
    pub levels: usize,
    pub transactions: usize,
    pub mismatches: Vec<String>,
}

impl Verdict {
    pub fn passed(&self) -> bool {
        self.mismatches.is_empty()
    }

    pub fn print(&self) {
        println!(
            "ledger: {} levels in {} organizations against {} transactions: {}",
            self.levels,
            self.organizations,
            self.transactions,
            if self.passed() { "PASS" } else { "FAIL" }
        );
        for mismatch in self.mismatches.iter().take(SHOWN) {
            println!("  {mismatch}");
        }
        if self.mismatches.len() > SHOWN {
            println!("  … and {} more", self.mismatches.len() - SHOWN);
        }
    }
}

/// Compares levels and ledger in `how_many` of `orgs`, spread over the list.
///
/// # Errors
/// When the api does not answer the reads.
pub async fn ledger(client: &Client, orgs: &[Org], how_many: usize) -> anyhow::Result<Verdict> {
    let mut verdict = Verdict {
        organizations: 0,
        levels: 0,
        transactions: 0,
        mismatches: Vec::new(),
    };
    for index in spread(orgs.len(), how_many) {
        let org = &orgs[index];
        let session = org.fresh_session(client).await?;
        let levels = levels(client, &session)
            .await
            .with_context(|| format!("reading the levels of {}", org.account.organization_id))?;
        let (sums, transactions) = movement_sums(client, &session)
            .await
            .with_context(|| format!("reading the ledger of {}", org.account.organization_id))?;
        let mut keys: Vec<_> = levels.keys().chain(sums.keys()).collect();
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            let (level, sum) = (
                levels.get(key).copied().unwrap_or(0),
                sums.get(key).copied().unwrap_or(0),
            );
            if level != sum {
                verdict.mismatches.push(format!(
                    "organization {} item {} at {}: level {}, movements add up to {}",
                    org.account.organization_id,
                    key.0,
                    key.1,
                    unscaled(level),
                    unscaled(sum)
                ));
            }
        }
        verdict.organizations += 1;
        verdict.levels += levels.len();
        verdict.transactions += transactions;
    }
    Ok(verdict)
}

/// `how_many` indices below `len`, first and last included, evenly apart.
fn spread(len: usize, how_many: usize) -> Vec<usize> {
    let how_many = how_many.min(len);
    if how_many <= 1 {
        return (0..how_many).collect();
    }
    let mut indices: Vec<usize> = (0..how_many)
        .map(|k| k * (len - 1) / (how_many - 1))
        .collect();
    indices.dedup();
    indices
}

/// Walks every page of the connection `field` answered by `query`, handing each node to `each`.
async fn each_node(
    client: &Client,
    session: &Session,
    query: &str,
    field: &str,
    mut each: impl FnMut(&Value) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut after = Value::Null;
    loop {
        let data = client
            .call(
                Some(session),
                query,
                json!({ "first": PAGE, "after": after }),
            )
            .await?;
        let page = &data[field];
        let edges = page["edges"]
            .as_array()
            .with_context(|| format!("{field} answered without edges"))?;
        for edge in edges {
            each(&edge["node"])?;
        }
        if page["pageInfo"]["hasNextPage"] != true {
            return Ok(());
        }
        after = Value::String(text(page, &["pageInfo", "endCursor"])?);
    }
}

async fn levels(client: &Client, session: &Session) -> anyhow::Result<Quantities> {
    let mut levels = Quantities::new();
    each_node(client, session, LEVELS, "items", |item| {
        let id = text(item, &["id"])?;
        for level in item["stockLevels"].as_array().into_iter().flatten() {
            let location = text(level, &["location", "id"])?;
            levels.insert(
                (id.clone(), location),
                scaled(&text(level, &["quantity"])?)?,
            );
        }
        Ok(())
    })
    .await?;
    Ok(levels)
}

/// The sum of the movements per item and location, and how many transactions there were.
async fn movement_sums(client: &Client, session: &Session) -> anyhow::Result<(Quantities, usize)> {
    let (mut sums, mut transactions) = (Quantities::new(), 0);
    each_node(
        client,
        session,
        MOVEMENTS,
        "stockTransactions",
        |transaction| {
            transactions += 1;
            for line in transaction["lines"].as_array().into_iter().flatten() {
                let key = (
                    text(line, &["item", "id"])?,
                    text(line, &["location", "id"])?,
                );
                *sums.entry(key).or_insert(0) += scaled(&text(line, &["quantity"])?)?;
            }
            Ok(())
        },
    )
    .await?;
    Ok((sums, transactions))
}

/// A decimal quantity such as `"-12.5"` as an integer of ten-thousandths.
fn scaled(quantity: &str) -> anyhow::Result<i128> {
    let (negative, digits) = match quantity.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, quantity),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let is_number = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || fraction.len() > SCALE as usize
        || !is_number(whole)
        || !is_number(fraction)
    {
        bail!("{quantity:?} is not a quantity");
    }
    let fraction = format!("{fraction:0<width$}", width = SCALE as usize);
    let value = whole.parse::<i128>()? * 10_i128.pow(SCALE) + fraction.parse::<i128>()?;
    Ok(if negative { -value } else { value })
}

fn unscaled(value: i128) -> String {
    let unit = 10_i128.pow(SCALE);
    let sign = if value < 0 { "-" } else { "" };
    let (whole, fraction) = (value.abs() / unit, value.abs() % unit);
    if fraction == 0 {
        format!("{sign}{whole}")
    } else {
        let fraction = format!("{fraction:0width$}", width = SCALE as usize);
        format!("{sign}{whole}.{}", fraction.trim_end_matches('0'))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_read_exactly() {
        assert_eq!(scaled("1000000").unwrap(), 10_000_000_000);
        assert_eq!(scaled("-12.5").unwrap(), -125_000);
        assert_eq!(scaled("0.0001").unwrap(), 1);
        assert!(scaled("1.00001").is_err());
        assert!(scaled("").is_err());
        assert!(scaled("1e3").is_err());
        assert_eq!(unscaled(-125_000), "-12.5");
        assert_eq!(unscaled(10_000_000_000), "1000000");
    }

    #[test]
    fn checked_organizations_are_spread_over_the_list() {
        assert_eq!(spread(20, 3), vec![0, 9, 19]);
        assert_eq!(spread(2, 3), vec![0, 1]);
        assert_eq!(spread(5, 1), vec![0]);
        assert_eq!(spread(0, 3), Vec::<usize>::new());
    }
}
