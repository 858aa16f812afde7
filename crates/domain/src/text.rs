//! Free text as Panah takes it anywhere: a referral's message, a comment, a description,
//! a note, a title. One check, so that every door and every record agree on what a text
//! may hold.

use std::fmt;

/// A rule that a field breaks: which field (its path in the request, such as
/// `person.given_name`), and what is wrong, in words that never quote the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field at fault.
    pub field: String,
    /// What is wrong with it, for people, in English.
    pub message: String,
    /// What is wrong with it as a stable snake_case code, so that a door speaking another
    /// language can say it in that language: `invalid` unless a more precise code is given.
    pub code: &'static str,
}

impl FieldProblem {
    /// The code of a problem that has no more precise one.
    pub const INVALID: &'static str = "invalid";

    /// A problem of `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldProblem {
        FieldProblem::coded(field, FieldProblem::INVALID, message)
    }

    /// A problem of `field` with its stable `code`.
    pub fn coded(
        field: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> FieldProblem {
        FieldProblem {
            field: field.into(),
            message: message.into(),
            code,
        }
    }
}

impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.field, self.message)
    }
}

/// What a text may hold besides printable characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One line: a title, a name. No control character at all.
    Line,
    /// Paragraphs: a note, a message. Line breaks and tabs, but no other control
    /// character, since an escape sequence in a stored text would reach whoever prints it
    /// and can hide text from whoever reads it.
    Paragraphs,
}

/// The rules of one free-text field: its shape, its length and whether it may be empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRule {
    /// Lines or paragraphs.
    pub shape: Shape,
    /// The most characters (Unicode scalar values) after trimming.
    pub max_chars: usize,
    /// Whether an empty text is refused (else it means "none").
    pub required: bool,
}

impl TextRule {
    /// A one-line text of 1 to `max_chars` characters.
    pub const fn line(max_chars: usize) -> TextRule {
        TextRule {
            shape: Shape::Line,
            max_chars,
            required: true,
        }
    }

    /// An optional text of paragraphs, at most `max_chars` characters.
    pub const fn paragraphs(max_chars: usize) -> TextRule {
        TextRule {
            shape: Shape::Paragraphs,
            max_chars,
            required: false,
        }
    }

    /// The same rule, refusing an empty text.
    pub const fn required(self) -> TextRule {
        TextRule {
            required: true,
            ..self
        }
    }

    /// Checks `value` of `field`: trimmed, within the length, of the shape. An empty text
    /// is `None` when the rule allows it.
    pub fn check(self, field: &str, value: &str) -> Result<Option<String>, FieldProblem> {
        let value = value.trim();
        let stray = |c: char| match self.shape {
            Shape::Line => c.is_control(),
            Shape::Paragraphs => c.is_control() && !matches!(c, '\n' | '\r' | '\t'),
        };
        let too_long = value.chars().count() > self.max_chars;
        if too_long || value.chars().any(stray) || (self.required && value.is_empty()) {
            let max = self.max_chars;
            let message = match (self.shape, self.required) {
                (Shape::Line, true) => {
                    format!("must be 1 to {max} characters without control characters")
                }
                (Shape::Line, false) => {
                    format!("must be at most {max} characters without control characters")
                }
                (Shape::Paragraphs, true) => format!(
                    "must be 1 to {max} characters, not only spaces, without control \
                     characters but line breaks and tabs"
                ),
                (Shape::Paragraphs, false) => format!(
                    "must be at most {max} characters without control characters but line \
                     breaks and tabs"
                ),
            };
            // The message states the whole rule; the code names the part that was broken,
            // so that a door can say just that.
            let code = if value.is_empty() {
                "required"
            } else if too_long {
                "too_long"
            } else {
                "control_characters"
            };
            return Err(FieldProblem::coded(field, code, message));
        }
        Ok((!value.is_empty()).then(|| value.to_owned()))
    }

    /// [`TextRule::check`] of an optional text, adding any problem to `problems`; what is
    /// kept is the trimmed text, `None` for an empty one.
    pub fn take(
        self,
        field: &str,
        value: Option<String>,
        problems: &mut Vec<FieldProblem>,
    ) -> Option<String> {
        let value = value?;
        match self.check(field, &value) {
            Ok(kept) => kept,
            Err(problem) => {
                problems.push(problem);
                let trimmed = value.trim();
                (!trimmed.is_empty()).then(|| trimmed.to_owned())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_trimmed_and_an_empty_optional_one_is_none() {
        let rule = TextRule::paragraphs(10);
        assert_eq!(rule.check("f", "  a b \n"), Ok(Some("a b".into())));
        assert_eq!(rule.check("f", "   "), Ok(None));
        assert!(rule.required().check("f", "   ").is_err());
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let rule = TextRule::paragraphs(3);
        assert_eq!(rule.check("f", "نام"), Ok(Some("نام".into())));
        assert!(rule.check("f", "نامه").is_err());
    }

    #[test]
    fn paragraphs_keep_line_breaks_and_tabs_but_no_other_control_character() {
        let rule = TextRule::paragraphs(100);
        assert!(rule.check("f", "one\r\ntwo\tthree").is_ok());
        for stray in ["\u{1b}[31m", "a\u{0}b", "a\u{7f}b", "a\u{85}b"] {
            assert!(rule.check("f", stray).is_err(), "{stray:?}");
        }
        assert!(TextRule::line(100).check("f", "one\ntwo").is_err());
    }

    #[test]
    fn a_problem_names_the_field_and_never_quotes_the_value() {
        let problem = TextRule::line(5)
            .check("title", "secret-sentinel")
            .unwrap_err();
        assert_eq!(problem.field, "title");
        assert!(!problem.message.contains("secret"));
    }

    #[test]
    fn a_problem_is_coded_by_the_part_of_the_rule_that_was_broken() {
        let rule = TextRule::line(5);
        assert_eq!(rule.check("f", " ").unwrap_err().code, "required");
        assert_eq!(rule.check("f", "abcdef").unwrap_err().code, "too_long");
        assert_eq!(
            rule.check("f", "a\u{7}b").unwrap_err().code,
            "control_characters"
        );
    }
}
