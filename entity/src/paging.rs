//! Relay pages over a keyset: `first`/`after` read forwards from a cursor, `last`/`before`
//! backwards to one. A list reads its rows in its own order, or reversed for a backward page,
//! one row more than the page to learn whether more lie beyond it.

use crate::error::{DomainError, DomainResult};

/// The largest page a client may ask for.
pub const MAX_PAGE: u64 = 200;
/// The page a client gets when it names no size.
pub const DEFAULT_PAGE: u64 = 50;

/// Which rows of a list a client asked for.
#[derive(Clone, Debug, Default)]
pub struct Window {
    pub size: u64,
    /// Rows strictly after this cursor, in the list's order.
    pub after: Option<String>,
    /// Rows strictly before this cursor.
    pub before: Option<String>,
    /// The page ends at `before` (or the list's end) rather than starting at `after`.
    pub backward: bool,
}

impl Window {
    /// From Relay's arguments: `first` or `last` (not both), each 1–200; 50 forwards when
    /// neither is given (backwards when only `before` is).
    ///
    /// # Errors
    /// `BAD_USER_INPUT` on `first` or `last`.
    pub fn new(
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> DomainResult<Self> {
        let size = |field: &'static str, n: i32| {
            u64::try_from(n)
                .ok()
                .filter(|n| (1..=MAX_PAGE).contains(n))
                .ok_or_else(|| DomainError::bad_input(field, "must be between 1 and 200"))
        };
        let (size, backward) = match (first, last) {
            (Some(_), Some(_)) => {
                return Err(DomainError::bad_input(
                    "last",
                    "cannot be given with first: page forwards or backwards",
                ));
            }
            (Some(first), None) => (size("first", first)?, false),
            (None, Some(last)) => (size("last", last)?, true),
            (None, None) => (DEFAULT_PAGE, before.is_some() && after.is_none()),
        };
        Ok(Self {
            size,
            after,
            before,
            backward,
        })
    }

    /// The first `size` rows.
    pub fn first(size: u64) -> Self {
        Self {
            size,
            ..Self::default()
        }
    }

    /// Rows to read: one more than the page.
    pub fn limit(&self) -> u64 {
        self.size + 1
    }

    /// Cuts the rows read (in reading order) to the page, in the list's order.
    pub fn finish<T>(&self, mut rows: Vec<T>) -> Page<T> {
        let more = rows.len() as u64 > self.size;
        rows.truncate(usize::try_from(self.size).unwrap_or(usize::MAX));
        if self.backward {
            rows.reverse();
            Page {
                rows,
                has_previous_page: more,
                has_next_page: self.before.is_some(),
            }
        } else {
            Page {
                rows,
                has_previous_page: self.after.is_some(),
                has_next_page: more,
            }
        }
    }
}

/// One page of a list. Whether a page lies on the side the client came from is known only
/// as "it came from a cursor" (Relay allows this).
#[derive(Debug)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub has_previous_page: bool,
    pub has_next_page: bool,
}

impl<T> Page<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            rows: self.rows.into_iter().map(f).collect(),
            has_previous_page: self.has_previous_page,
            has_next_page: self.has_next_page,
        }
    }
}

/// Reads the page of `query` that `window` asks for, newest first by the UUIDv7 column `id`
/// (ids are time-ordered, so older rows come after a cursor); a cursor is a row's id.
///
/// # Errors
/// `BAD_USER_INPUT` on a malformed cursor; on database failure.
pub(crate) async fn newest_first_by_id<E: sea_orm::EntityTrait>(
    query: sea_orm::Select<E>,
    id: E::Column,
    window: &Window,
    conn: &impl sea_orm::ConnectionTrait,
) -> DomainResult<Page<E::Model>> {
    use sea_orm::{ColumnTrait as _, QueryFilter as _, QueryOrder as _, QuerySelect as _};
    let cursor = |field: &'static str, cursor: &str| {
        uuid::Uuid::parse_str(cursor)
            .map_err(|_| DomainError::bad_input(field, "is not a cursor of this list"))
    };
    let mut query = query;
    if let Some(after) = &window.after {
        query = query.filter(id.lt(cursor("after", after)?));
    }
    if let Some(before) = &window.before {
        query = query.filter(id.gt(cursor("before", before)?));
    }
    let query = if window.backward {
        query.order_by_asc(id)
    } else {
        query.order_by_desc(id)
    };
    Ok(window.finish(query.limit(window.limit()).all(conn).await?))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_backward_page_is_the_last_rows_in_the_lists_order() {
        let window = Window::new(None, None, Some(2), Some("c".into())).unwrap();
        // Read in reverse: the rows before the cursor, nearest first.
        let page = window.finish(vec![5, 4, 3]);
        assert_eq!(page.rows, vec![4, 5]);
        assert!(page.has_previous_page);
        assert!(page.has_next_page);
        let forward = Window::new(Some(2), None, None, None)
            .unwrap()
            .finish(vec![1, 2]);
        assert_eq!(forward.rows, vec![1, 2]);
        assert!(!forward.has_previous_page && !forward.has_next_page);
        assert!(Window::new(Some(1), None, Some(1), None).is_err());
        assert!(Window::new(Some(0), None, None, None).is_err());
        assert!(Window::new(None, None, Some(201), None).is_err());
    }
}
