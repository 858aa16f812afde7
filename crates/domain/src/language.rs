//! The languages Panah speaks to people in.

use std::fmt;
use std::str::FromStr;

/// A language of the pages, as a BCP 47 tag: English, Dari as written in Afghanistan
/// (`fa-AF`) and Pashto as written in Afghanistan (`ps-AF`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// English.
    English,
    /// Dari (Afghan Persian).
    Dari,
    /// Pashto.
    Pashto,
}

/// The text given names no language Panah speaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a language of Panah (en, fa-AF or ps-AF)")]
pub struct LanguageError;

impl Language {
    /// Every language, in the order a switcher offers them.
    pub const ALL: [Language; 3] = [Language::English, Language::Dari, Language::Pashto];

    /// The BCP 47 tag: `en`, `fa-AF`, `ps-AF`.
    pub const fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Dari => "fa-AF",
            Language::Pashto => "ps-AF",
        }
    }

    /// Whether the language is written right to left.
    pub const fn is_right_to_left(self) -> bool {
        matches!(self, Language::Dari | Language::Pashto)
    }
}

impl FromStr for Language {
    type Err = LanguageError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Language::ALL
            .into_iter()
            .find(|language| language.tag() == s)
            .ok_or(LanguageError)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_reads_back_from_its_tag_and_nothing_else() {
        for language in Language::ALL {
            assert_eq!(language.tag().parse::<Language>(), Ok(language));
        }
        for other in ["", "fa", "FA-AF", "prs", "ps", "de"] {
            assert_eq!(other.parse::<Language>(), Err(LanguageError), "{other}");
        }
    }
}
