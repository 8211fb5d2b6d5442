//! One memory budget for the tab's engine: DataFusion's working memory for a query, plus
//! what the engine holds outside it (the stored Parquet files, an import waiting for its
//! name, the result rows kept for the page). A query that would take the total past the
//! budget fails with a message instead of growing until the browser kills the tab; wasm
//! memory never shrinks, so it must not grow there in the first place.

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use datafusion::common::{resources_datafusion_err, Result};
use datafusion::execution::memory_pool::{GreedyMemoryPool, MemoryLimit, MemoryPool, MemoryReservation};

/// Everything the engine may hold at once. A wasm32 instance can address 4 GiB; copies
/// on the way in and out (a file read, a result serialised for the page) and the
/// allocator's slack need the rest.
pub const MEMORY_BUDGET: usize = 2 << 30;

/// Bytes held outside DataFusion's pool, shared by the warehouse and its pool.
#[derive(Debug, Clone, Default)]
pub(crate) struct Held(Arc<AtomicUsize>);

impl Held {
    pub(crate) fn set(&self, bytes: usize) {
        self.0.store(bytes, Ordering::Relaxed);
    }

    pub(crate) fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }
}

/// DataFusion's greedy pool (at most `query_limit` for one query), which also refuses to
/// grow past [`MEMORY_BUDGET`] counting what is held outside it, and remembers its peak.
#[derive(Debug)]
pub(crate) struct BudgetPool {
    inner: GreedyMemoryPool,
    held: Held,
    budget: usize,
    peak: AtomicUsize,
}

impl BudgetPool {
    pub(crate) fn new(query_limit: usize, budget: usize, held: Held) -> Self {
        Self { inner: GreedyMemoryPool::new(query_limit), held, budget, peak: AtomicUsize::new(0) }
    }

    /// The query limit and the budget, for a warehouse that replaces this one's.
    pub(crate) fn limits(&self) -> (usize, usize) {
        let query_limit = match self.inner.memory_limit() {
            MemoryLimit::Finite(n) => n,
            _ => self.budget,
        };
        (query_limit, self.budget)
    }

    /// The most the pool held since the last call; starts the next count.
    pub(crate) fn take_peak(&self) -> usize {
        self.peak.swap(self.inner.reserved(), Ordering::Relaxed)
    }

    fn note_peak(&self) {
        self.peak.fetch_max(self.inner.reserved(), Ordering::Relaxed);
    }
}

impl fmt::Display for BudgetPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BudgetPool(held outside: {}, {})", self.held.get(), self.inner)
    }
}

impl MemoryPool for BudgetPool {
    fn name(&self) -> &str {
        "budget"
    }

    fn grow(&self, reservation: &MemoryReservation, additional: usize) {
        self.inner.grow(reservation, additional);
        self.note_peak();
    }

    fn shrink(&self, reservation: &MemoryReservation, shrink: usize) {
        self.inner.shrink(reservation, shrink);
    }

    fn try_grow(&self, reservation: &MemoryReservation, additional: usize) -> Result<()> {
        let held = self.held.get();
        let total = held + self.inner.reserved() + additional;
        if total > self.budget {
            return Err(resources_datafusion_err!(
                "this query needs more memory than the tab has left: {} held by the warehouse and {} by the query so \
                 far, {} more asked, past the engine's budget of {}. Filter on ds to read fewer days, or ask for fewer \
                 rows",
                size(held),
                size(self.inner.reserved()),
                size(additional),
                size(self.budget)
            ));
        }
        self.inner.try_grow(reservation, additional)?;
        self.note_peak();
        Ok(())
    }

    fn reserved(&self) -> usize {
        self.inner.reserved()
    }

    fn memory_limit(&self) -> MemoryLimit {
        self.inner.memory_limit()
    }
}

impl super::Warehouse {
    /// A query's error; running out of memory also says what the warehouse held, since
    /// an operator that catches the pool's refusal (a sort, which cannot spill here)
    /// reports its own words instead.
    pub(crate) fn query_error(&self, e: &datafusion::error::DataFusionError) -> playground_protocol::EngineError {
        let mut error = crate::error::to_engine_error(e);
        let exhausted = matches!(e.find_root(), datafusion::error::DataFusionError::ResourcesExhausted(_));
        if exhausted && !error.message.contains("held by the warehouse") {
            error.message = format!(
                "{}\nThe query ran out of memory with {} held by the warehouse, of the engine's budget of {}. Filter on \
                 ds to read fewer days, or ask for fewer rows",
                error.message,
                size(self.held.get()),
                size(self.pool.limits().1)
            );
        }
        error
    }
}

/// Bytes in the unit a person reads best.
fn size(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.1} GB", b as f64 / f64::from(1u32 << 30)),
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / f64::from(1u32 << 20)),
        b => format!("{:.1} KB", b as f64 / 1024.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::execution::memory_pool::MemoryConsumer;

    #[test]
    fn what_is_held_outside_leaves_less_for_a_query() {
        let held = Held::default();
        let pool: Arc<dyn MemoryPool> = Arc::new(BudgetPool::new(MEMORY_BUDGET, MEMORY_BUDGET, held.clone()));
        let r = MemoryConsumer::new("test").register(&pool);
        r.try_grow(MEMORY_BUDGET / 2).unwrap();
        held.set(MEMORY_BUDGET / 2);
        let e = r.try_grow(1 << 20).unwrap_err().to_string();
        assert!(e.contains("1.0 GB held by the warehouse and 1.0 GB by the query so far, 1.0 MB more asked"), "{e}");
        held.set(0);
        r.try_grow(1 << 20).unwrap();
    }

    #[test]
    fn remembers_the_peak_until_asked() {
        let pool = Arc::new(BudgetPool::new(MEMORY_BUDGET, MEMORY_BUDGET, Held::default()));
        let dyn_pool: Arc<dyn MemoryPool> = pool.clone();
        let r = MemoryConsumer::new("test").register(&dyn_pool);
        r.try_grow(5000).unwrap();
        r.shrink(4000);
        assert_eq!(pool.take_peak(), 5000);
        assert_eq!(pool.take_peak(), 1000);
    }
}
