//! One page of a list.

/// Up to a page of items, and whether more follow. The door turns the position of the
/// last item into whatever cursor it hands out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items, at most the limit asked for.
    pub items: Vec<T>,
    /// Whether there are more after the last item.
    pub more: bool,
}

impl<T> Page<T> {
    /// The page of `rows` fetched with one more than `limit`: the extra one only tells
    /// that there is a next page.
    pub(crate) fn of(mut rows: Vec<T>, limit: u32) -> Page<T> {
        let more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        Page { items: rows, more }
    }

    /// The same page with each item turned into another.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            more: self.more,
        }
    }
}
