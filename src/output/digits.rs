//! Numbers written without the formatter: a row of `mentions.csv` per mention has three.

/// `x` as `format!("{x:.3}")` writes it, into `num`. A confidence is a whole number of
/// thousandths (the double nearest k / 1000, which rounds to k / 1000 at three places): those
/// are written from k's digits, without the float formatter; anything else goes to it.
pub(super) fn fixed3(x: f64, num: &mut String) -> &str {
    use std::fmt::Write as _;
    num.clear();
    match thousandths(x) {
        Some(b) => num.extend(b.map(char::from)),
        None => {
            let _ = write!(num, "{x:.3}");
        }
    }
    num
}

/// [`fixed3`]'s ASCII bytes for a whole number of thousandths from 0 to 1 (else `None`): a
/// sink of bytes takes them as they are.
pub(super) fn thousandths(x: f64) -> Option<[u8; 5]> {
    let k = (x * 1000.0).round();
    if !(x.is_sign_positive() && k <= 1000.0 && (k / 1000.0).to_bits() == x.to_bits()) {
        return None;
    }
    let k = k as u32;
    let d = |d: u32| b'0' + d as u8;
    Some([
        d(k / 1000),
        b'.',
        d(k / 100 % 10),
        d(k / 10 % 10),
        d(k % 10),
    ])
}

/// `n` in decimal, written into the end of `buf`.
pub(super) fn decimal(n: usize, buf: &mut [u8; 20]) -> &str {
    let i = digits(n as u64, buf);
    std::str::from_utf8(&buf[i..]).unwrap_or("")
}

/// `n` in decimal, appended to `out` (without the UTF-8 check a `&str` needs).
pub(super) fn push_decimal(n: usize, out: &mut Vec<u8>) {
    push_u64(n as u64, out);
}

/// `n` in decimal, appended to `out`.
pub(super) fn push_u64(n: u64, out: &mut Vec<u8>) {
    let mut buf = [0; 20];
    let i = digits(n, &mut buf);
    out.extend_from_slice(&buf[i..]);
}

/// The two digits of each number from 00 to 99, in order.
const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

/// Writes `n`'s digits into the end of `buf`; returns where they start. Two digits at a
/// time (half the divisions): numbers are written for every mention and report.
fn digits(mut n: u64, buf: &mut [u8; 20]) -> usize {
    let mut i = buf.len();
    while n >= 100 {
        let d = (n % 100) as usize * 2;
        n /= 100;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[d..d + 2]);
    }
    if n >= 10 {
        let d = n as usize * 2;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[d..d + 2]);
    } else {
        i -= 1;
        buf[i] = b'0' + n as u8;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Thousandths are written as the float formatter writes them, and other numbers by it.
    #[test]
    fn fixed3_is_the_formatters() {
        let mut num = String::new();
        for k in 0..=1000 {
            let x = (f64::from(k) * 0.7).round() / 1000.0;
            assert_eq!(fixed3(x, &mut num), format!("{x:.3}"));
            let y = f64::from(k) / 1000.0;
            assert_eq!(fixed3(y, &mut num), format!("{y:.3}"));
        }
        for x in [0.12345, -0.5, 1.5, 2.0, f64::NAN, -0.0, 1e-9, 0.9995] {
            assert_eq!(fixed3(x, &mut num), format!("{x:.3}"));
        }
        assert_eq!(decimal(0, &mut [0; 20]), "0");
        assert_eq!(decimal(1207, &mut [0; 20]), "1207");
        let edges = (0..=20).flat_map(|p| {
            let t = 10u64.checked_pow(p).unwrap_or(u64::MAX);
            [t.saturating_sub(1), t, t.saturating_add(1)]
        });
        for n in (0..=1000).chain(edges).chain([12345, 987654321, u64::MAX]) {
            let mut out = b"x".to_vec();
            push_u64(n, &mut out);
            assert_eq!(out, format!("x{n}").into_bytes());
        }
        for n in [0, 7, 10, 99, 1207, usize::MAX] {
            let mut out = b"x".to_vec();
            push_decimal(n, &mut out);
            assert_eq!(out, format!("x{n}").into_bytes());
        }
    }
}
