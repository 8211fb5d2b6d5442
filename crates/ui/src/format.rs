//! Number formatting for people.

pub use playground_protocol::thousands;

/// Bytes in B, KB, MB or GB (powers of 1000, as storage is sold).
pub fn bytes(n: u64) -> String {
    let units = [("GB", 1e9), ("MB", 1e6), ("KB", 1e3)];
    for (unit, size) in units {
        if n as f64 >= size {
            return format!("{:.1} {unit}", n as f64 / size);
        }
    }
    format!("{n} B")
}

/// Milliseconds with a precision that suits their size.
pub fn millis(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
        assert_eq!(bytes(1_500), "1.5 KB");
        assert_eq!(bytes(12), "12 B");
        assert_eq!(millis(1234.0), "1.23 s");
        assert_eq!(millis(3.21), "3.2 ms");
    }
}
