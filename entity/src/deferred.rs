//! Rows a transaction writes but never reads back — ledger movements, outbox events, the
//! audit entry — ride with the commit: on PostgreSQL as one statement (each insert a
//! data-modifying CTE), so a stock movement costs no round trip per table; on SQLite one by
//! one, as the statements cost nothing to send there.

use sea_orm::sea_query::{InsertStatement, PostgresQueryBuilder, Values};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, Statement};

use crate::error::DomainResult;

/// Runs `inserts` in `txn`, in order.
pub(crate) async fn execute(
    txn: &DatabaseTransaction,
    inserts: Vec<InsertStatement>,
) -> DomainResult<()> {
    if inserts.is_empty() {
        return Ok(());
    }
    if txn.get_database_backend() != DbBackend::Postgres {
        for insert in &inserts {
            txn.execute(insert).await?;
        }
        return Ok(());
    }
    let (sql, values) = combined(&inserts);
    txn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        sql,
        values.0,
    ))
    .await?;
    Ok(())
}

/// `WITH i0 AS (insert), i1 AS (insert) insert`, with each insert's `$n` placeholders moved
/// past those of the inserts before it.
fn combined(inserts: &[InsertStatement]) -> (String, Values) {
    let mut sql = String::new();
    let mut values = Vec::new();
    let last = inserts.len() - 1;
    for (i, insert) in inserts.iter().enumerate() {
        let (text, Values(own)) = insert.build(PostgresQueryBuilder);
        let text = renumbered(&text, values.len());
        values.extend(own);
        match i {
            0 if last == 0 => sql.push_str(&text),
            0 => sql.push_str(&format!("WITH i0 AS ({text})")),
            i if i == last => sql.push_str(&format!(" {text}")),
            i => sql.push_str(&format!(", i{i} AS ({text})")),
        }
    }
    (sql, Values(values))
}

/// `sql` with every placeholder `$n` as `$(n + offset)`. Built statements carry every value as
/// a placeholder, so a `$` followed by digits is always one.
fn renumbered(sql: &str, offset: usize) -> String {
    if offset == 0 {
        return sql.to_owned();
    }
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        out.push(c);
        if c != '$' {
            continue;
        }
        let mut digits = String::new();
        while let Some((_, d)) = chars.peek().copied().filter(|(_, d)| d.is_ascii_digit()) {
            digits.push(d);
            chars.next();
        }
        match digits.parse::<usize>() {
            Ok(n) => out.push_str(&(n + offset).to_string()),
            Err(_) => out.push_str(&digits),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use sea_orm::sea_query::{Alias, Query};

    use super::*;

    fn insert(table: &str, a: i64, b: &str) -> InsertStatement {
        Query::insert()
            .into_table(Alias::new(table))
            .columns([Alias::new("a"), Alias::new("b")])
            .values_panic([a.into(), b.into()])
            .to_owned()
    }

    #[test]
    fn inserts_become_one_statement_with_their_placeholders_in_sequence() {
        let (sql, values) = combined(&[insert("x", 1, "p"), insert("y", 2, "q$1")]);
        assert_eq!(
            sql,
            r#"WITH i0 AS (INSERT INTO "x" ("a", "b") VALUES ($1, $2)) INSERT INTO "y" ("a", "b") VALUES ($3, $4)"#
        );
        assert_eq!(values.0.len(), 4);
        assert_eq!(values.0[3], "q$1".into(), "values are not rewritten");
        let (one, _) = combined(&[insert("x", 1, "p")]);
        assert_eq!(one, r#"INSERT INTO "x" ("a", "b") VALUES ($1, $2)"#);
    }

    #[test]
    fn placeholders_past_nine_are_renumbered_whole() {
        assert_eq!(renumbered("($9, $10, $11)", 3), "($12, $13, $14)");
        assert_eq!(renumbered("a $ b", 3), "a $ b");
    }
}
