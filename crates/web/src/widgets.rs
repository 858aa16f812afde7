//! What a template needs to draw a form's inputs, each with its label, hint, the value as
//! typed and its problem in the page's language — built here, drawn by the macros of
//! `templates/macros.html`, so that every input of every form is labelled, described and
//! marked invalid the same way.

use std::collections::HashMap;

use crate::form::Fields;
use crate::ui::Ui;

/// The problems of a form, by field, in the page's language.
pub(crate) type Problems = HashMap<&'static str, String>;

/// A text input or a text area.
#[derive(Debug, Clone)]
pub(crate) struct Input {
    /// Its id, unique in the page.
    pub(crate) id: String,
    /// The field's name in the form.
    pub(crate) name: &'static str,
    /// Its label.
    pub(crate) label: String,
    /// What is typed in it.
    pub(crate) value: String,
    /// A hint under the label.
    pub(crate) hint: Option<String>,
    /// What is wrong with it.
    pub(crate) problem: Option<String>,
    /// `text`, `tel`, `search` or `textarea`.
    pub(crate) kind: &'static str,
    /// `auto` for text in any script, `ltr` for codes, numbers and dates.
    pub(crate) dir: &'static str,
    /// The virtual keyboard a phone offers (`numeric`, `decimal`, `tel`), if any.
    pub(crate) inputmode: Option<&'static str>,
    /// Whether the form needs it (said in the label; the server checks it).
    pub(crate) required: bool,
    /// How the label says that it is required, in the page's language.
    pub(crate) required_word: String,
}

impl Input {
    /// The same input, required.
    pub(crate) fn required(self) -> Input {
        Input {
            required: true,
            ..self
        }
    }

    /// The same input, with the hint `text`.
    pub(crate) fn hint(self, text: String) -> Input {
        Input {
            hint: Some(text),
            ..self
        }
    }

    /// The same input, for a number, a code or a phone number: left to right in every
    /// language, with the keyboard `inputmode`.
    pub(crate) fn ltr(self, inputmode: Option<&'static str>) -> Input {
        Input {
            dir: "ltr",
            inputmode,
            ..self
        }
    }

    /// The same input as `kind` (`tel`, `textarea` …).
    pub(crate) fn kind(self, kind: &'static str) -> Input {
        Input { kind, ..self }
    }

    /// The ids of its hint and problem, for `aria-describedby`.
    pub(crate) fn described_by(&self) -> String {
        described_by(&self.id, self.hint.is_some(), self.problem.is_some())
    }
}

/// One option of a select, or one box of a group of checkboxes or radio buttons.
#[derive(Debug, Clone)]
pub(crate) struct Choice {
    /// The value sent.
    pub(crate) value: String,
    /// What it says.
    pub(crate) label: String,
    /// Whether it is chosen.
    pub(crate) chosen: bool,
}

/// Options of a select under one heading (none: not grouped).
#[derive(Debug, Clone)]
pub(crate) struct Group {
    /// The heading.
    pub(crate) label: Option<String>,
    /// The options.
    pub(crate) choices: Vec<Choice>,
}

/// A select.
#[derive(Debug, Clone)]
pub(crate) struct Select {
    /// Its id, unique in the page.
    pub(crate) id: String,
    /// The field's name in the form.
    pub(crate) name: &'static str,
    /// Its label.
    pub(crate) label: String,
    /// The option that chooses nothing, first, if the field may be left empty or must be
    /// chosen on purpose.
    pub(crate) empty: Option<String>,
    /// Its options.
    pub(crate) groups: Vec<Group>,
    /// A hint under the label.
    pub(crate) hint: Option<String>,
    /// What is wrong with it.
    pub(crate) problem: Option<String>,
    /// Whether the form needs it.
    pub(crate) required: bool,
    /// How the label says that it is required, in the page's language.
    pub(crate) required_word: String,
}

impl Select {
    /// The same select, required.
    pub(crate) fn required(self) -> Select {
        Select {
            required: true,
            ..self
        }
    }

    /// The same select, with the hint `text`.
    pub(crate) fn hint(self, text: String) -> Select {
        Select {
            hint: Some(text),
            ..self
        }
    }

    /// The same select, with a first option choosing nothing that says `text`.
    pub(crate) fn empty(self, text: String) -> Select {
        Select {
            empty: Some(text),
            ..self
        }
    }

    /// The ids of its hint and problem, for `aria-describedby`.
    pub(crate) fn described_by(&self) -> String {
        described_by(&self.id, self.hint.is_some(), self.problem.is_some())
    }
}

/// A group of checkboxes (several may be ticked) or radio buttons (one), in a fieldset.
#[derive(Debug, Clone)]
pub(crate) struct Checks {
    /// The id of the fieldset; each box's id adds its value.
    pub(crate) id: String,
    /// The field's name in the form.
    pub(crate) name: &'static str,
    /// The fieldset's legend.
    pub(crate) legend: String,
    /// `checkbox` or `radio`.
    pub(crate) kind: &'static str,
    /// The boxes.
    pub(crate) choices: Vec<Choice>,
    /// A hint under the legend.
    pub(crate) hint: Option<String>,
    /// What is wrong with it.
    pub(crate) problem: Option<String>,
    /// Whether the form needs a box ticked.
    pub(crate) required: bool,
    /// How the legend says that it is required, in the page's language.
    pub(crate) required_word: String,
}

impl Checks {
    /// The same group, required.
    pub(crate) fn required(self) -> Checks {
        Checks {
            required: true,
            ..self
        }
    }

    /// The same group, with the hint `text`.
    pub(crate) fn hint(self, text: String) -> Checks {
        Checks {
            hint: Some(text),
            ..self
        }
    }

    /// The ids of its hint and problem, for `aria-describedby`.
    pub(crate) fn described_by(&self) -> String {
        described_by(&self.id, self.hint.is_some(), self.problem.is_some())
    }
}

fn described_by(id: &str, hint: bool, problem: bool) -> String {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if problem {
        ids.push(format!("{id}-problem"));
    }
    ids.join(" ")
}

/// The inputs of one form of a page: their values from what was sent (or the form's
/// defaults), their problems, and ids prefixed so that several forms share a page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FormView<'a> {
    ui: &'a Ui,
    fields: &'a Fields,
    problems: &'a Problems,
    prefix: &'static str,
}

impl<'a> FormView<'a> {
    pub(crate) fn new(
        ui: &'a Ui,
        fields: &'a Fields,
        problems: &'a Problems,
        prefix: &'static str,
    ) -> FormView<'a> {
        FormView {
            ui,
            fields,
            problems,
            prefix,
        }
    }

    /// The id of the input `name`.
    pub(crate) fn id(&self, name: &str) -> String {
        format!("{}-{}", self.prefix, name.replace(['.', '_'], "-"))
    }

    fn problem(&self, name: &str) -> Option<String> {
        self.problems.get(name).cloned()
    }

    /// A one-line text input labelled by the message `label`.
    pub(crate) fn text(&self, name: &'static str, label: &str) -> Input {
        Input {
            id: self.id(name),
            name,
            label: self.ui.t(label),
            value: self.fields.get(name).to_owned(),
            hint: None,
            problem: self.problem(name),
            kind: "text",
            dir: "auto",
            inputmode: None,
            required: false,
            required_word: self.ui.t("field-required"),
        }
    }

    /// A date input: either calendar, left to right, with the hint that says so.
    pub(crate) fn date(&self, name: &'static str, label: &str) -> Input {
        self.text(name, label)
            .ltr(Some("numeric"))
            .hint(self.ui.t("date-hint"))
    }

    /// A text area.
    pub(crate) fn area(&self, name: &'static str, label: &str) -> Input {
        self.text(name, label).kind("textarea")
    }

    /// A select of `choices` (each a value and what it says), grouped or not.
    pub(crate) fn select(&self, name: &'static str, label: &str, groups: Vec<Group>) -> Select {
        let sent = self.fields.get(name);
        Select {
            id: self.id(name),
            name,
            label: self.ui.t(label),
            empty: None,
            groups: groups
                .into_iter()
                .map(|group| Group {
                    choices: mark(group.choices, |value| value == sent),
                    ..group
                })
                .collect(),
            hint: None,
            problem: self.problem(name),
            required: false,
            required_word: self.ui.t("field-required"),
        }
    }

    /// A group of checkboxes or radio buttons (`kind`) for `choices`.
    pub(crate) fn checks(
        &self,
        name: &'static str,
        legend: &str,
        kind: &'static str,
        choices: Vec<Choice>,
    ) -> Checks {
        Checks {
            id: self.id(name),
            name,
            legend: self.ui.t(legend),
            kind,
            choices: mark(choices, |value| self.fields.has(name, value)),
            hint: None,
            problem: self.problem(name),
            required: false,
            required_word: self.ui.t("field-required"),
        }
    }
}

/// `choices` with each chosen exactly when `chosen` says so.
fn mark(choices: Vec<Choice>, chosen: impl Fn(&str) -> bool) -> Vec<Choice> {
    choices
        .into_iter()
        .map(|choice| Choice {
            chosen: chosen(&choice.value),
            ..choice
        })
        .collect()
}

/// Choices for `values`, each saying what `label` names it.
pub(crate) fn choices<T: Copy>(
    values: &[T],
    value: impl Fn(T) -> String,
    label: impl Fn(T) -> String,
) -> Vec<Choice> {
    values
        .iter()
        .map(|v| Choice {
            value: value(*v),
            label: label(*v),
            chosen: false,
        })
        .collect()
}

/// One group without heading.
pub(crate) fn ungrouped(choices: Vec<Choice>) -> Vec<Group> {
    vec![Group {
        label: None,
        choices,
    }]
}
