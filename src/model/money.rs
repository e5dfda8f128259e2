//! Money: amounts in minor units with a currency, and arithmetic that never panics.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An ISO 4217-style currency code: three uppercase ASCII letters (`EUR`).
///
/// ```
/// use communs::Currency;
///
/// let eur: Currency = "EUR".parse()?;
/// assert_eq!(eur.as_str(), "EUR");
/// assert!("eur".parse::<Currency>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

/// Errors of money values and money arithmetic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// A currency code is not three uppercase ASCII letters.
    #[error("`{code}` is not a currency code (three uppercase letters, such as EUR)")]
    InvalidCurrency {
        /// The refused code.
        code: String,
    },
    /// Two amounts in different currencies were added.
    #[error("cannot add {left} and {right}: different currencies")]
    CurrencyMismatch {
        /// The currency of the left operand.
        left: Currency,
        /// The currency of the right operand.
        right: Currency,
    },
    /// The result does not fit in 64 bits of minor units.
    #[error("amount overflow in {currency}")]
    Overflow {
        /// The currency of the operation.
        currency: Currency,
    },
}

impl Currency {
    /// The euro.
    pub const EUR: Currency = Currency(*b"EUR");

    /// Validates a currency code.
    ///
    /// # Errors
    ///
    /// [`MoneyError::InvalidCurrency`] unless `code` is exactly three
    /// uppercase ASCII letters.
    pub fn new(code: &str) -> Result<Self, MoneyError> {
        match code.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Ok(Currency([a, b, c])),
            _ => Err(MoneyError::InvalidCurrency {
                code: code.to_owned(),
            }),
        }
    }

    /// The code as a string slice.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Always ASCII by construction.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, MoneyError> {
        Currency::new(s)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.as_str())
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Currency::new(&s).map_err(serde::de::Error::custom)
    }
}

/// An amount of money in minor units (cents for the euro) and its currency.
///
/// Arithmetic is checked: adding amounts of different currencies or
/// overflowing 64 bits is an error, never a panic.
///
/// ```
/// use communs::{Currency, Money};
///
/// let a = Money::new(150_00, Currency::EUR);
/// let b = Money::new(25_50, Currency::EUR);
/// assert_eq!(a.checked_add(b)?, Money::new(175_50, Currency::EUR));
/// assert_eq!(a.to_string(), "150.00 EUR");
/// assert!(Money::new(i64::MAX, Currency::EUR).checked_add(b).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// The amount in minor units (hundredths for the euro).
    pub amount: i64,
    /// The currency.
    pub currency: Currency,
}

impl Money {
    /// An amount in minor units.
    #[must_use]
    pub const fn new(amount: i64, currency: Currency) -> Self {
        Money { amount, currency }
    }

    /// Zero in `currency`.
    #[must_use]
    pub const fn zero(currency: Currency) -> Self {
        Money {
            amount: 0,
            currency,
        }
    }

    /// The sum of two amounts of the same currency.
    ///
    /// # Errors
    ///
    /// [`MoneyError::CurrencyMismatch`] for different currencies,
    /// [`MoneyError::Overflow`] when the sum does not fit in an `i64`.
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyMismatch {
                left: self.currency,
                right: other.currency,
            });
        }
        self.amount
            .checked_add(other.amount)
            .map(|amount| Money::new(amount, self.currency))
            .ok_or(MoneyError::Overflow {
                currency: self.currency,
            })
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.amount < 0 { "-" } else { "" };
        let abs = self.amount.unsigned_abs();
        write!(f, "{sign}{}.{:02} {}", abs / 100, abs % 100, self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_errors() {
        assert_eq!(Money::new(-5, Currency::EUR).to_string(), "-0.05 EUR");
        assert_eq!(
            Money::new(i64::MIN, Currency::EUR).to_string(),
            "-92233720368547758.08 EUR"
        );
        let usd = Currency::new("USD").unwrap();
        assert_eq!(
            Money::zero(usd).checked_add(Money::zero(Currency::EUR)),
            Err(MoneyError::CurrencyMismatch {
                left: usd,
                right: Currency::EUR
            })
        );
        assert!(Currency::new("EURO").is_err());
        assert!(Currency::new("ÉUR").is_err());
    }
}
