//! The pages' words: the shared resources of `panah-i18n`, and the tests that every
//! message and problem code the pages and the app name has its words there.

pub(crate) use panah_i18n::{
    collation_key, from_accept_language, message, message_with, try_message,
};

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    /// The message identifiers of English, read from the shared resources.
    fn english() -> BTreeSet<String> {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../i18n/locales/en");
        let mut keys = BTreeSet::new();
        for entry in std::fs::read_dir(&folder).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines() {
                if let Some((id, _)) = line.split_once(" =")
                    && id.starts_with(|c: char| c.is_ascii_lowercase())
                    && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                {
                    keys.insert(id.to_owned());
                }
            }
        }
        keys
    }

    /// Every file under `folder`, however deep.
    fn files(folder: &Path) -> Vec<std::path::PathBuf> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                found.extend(files(&path));
            } else {
                found.push(path);
            }
        }
        found
    }

    /// The arguments of each call starting at `marker` (which ends with its opening
    /// parenthesis) in `text`: each a string literal's content, or `None` for any other
    /// expression.
    fn call_arguments(text: &str, marker: &str) -> Vec<Vec<Option<String>>> {
        let mut calls = Vec::new();
        for piece in text.split(marker).skip(1) {
            let mut arguments = Vec::new();
            let mut current = String::new();
            let (mut depth, mut in_string, mut escaped) = (0, false, false);
            for c in piece.chars() {
                if in_string {
                    current.push(c);
                    match (escaped, c) {
                        (false, '\\') => escaped = true,
                        (false, '"') => in_string = false,
                        _ => escaped = false,
                    }
                    continue;
                }
                match c {
                    '"' => {
                        in_string = true;
                        current.push(c);
                    }
                    '(' | '[' | '{' => {
                        depth += 1;
                        current.push(c);
                    }
                    ')' | ']' | '}' if depth == 0 => break,
                    ')' | ']' | '}' => {
                        depth -= 1;
                        current.push(c);
                    }
                    ',' if depth == 0 => arguments.push(std::mem::take(&mut current)),
                    _ => current.push(c),
                }
            }
            arguments.push(current);
            calls.push(
                arguments
                    .iter()
                    .map(|argument| {
                        let argument = argument.trim();
                        (argument.len() >= 2
                            && argument.starts_with('"')
                            && argument.ends_with('"')
                            && !argument[1..argument.len() - 1].contains('"'))
                        .then(|| argument[1..argument.len() - 1].to_owned())
                    })
                    .collect(),
            );
        }
        calls
    }

    #[test]
    fn every_message_the_code_names_exists_in_english() {
        let english = english();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut named = BTreeSet::new();
        for path in files(&root.join("src"))
            .into_iter()
            .chain(files(&root.join("templates")))
        {
            let text = std::fs::read_to_string(&path).unwrap();
            // Messages are named by the first argument of `ui.t` and `ui.t1`, in templates
            // and code alike, and a form's inputs are labelled by the second argument of
            // the form's input builders.
            for (marker, position) in [
                ("ui.t(", 0),
                ("ui.t1(", 0),
                (".text(", 1),
                (".date(", 1),
                (".area(", 1),
                (".select(", 1),
                (".checks(", 1),
            ] {
                for arguments in call_arguments(&text, marker) {
                    if let Some(Some(key)) = arguments.get(position)
                        && key.starts_with(|c: char| c.is_ascii_lowercase())
                        && key.contains('-')
                    {
                        named.insert(key.clone());
                    }
                }
            }
        }
        let unknown: Vec<_> = named.difference(&english).collect();
        assert!(unknown.is_empty(), "unknown messages: {unknown:?}");
        assert!(named.len() > 150, "found only {named:?}");
    }

    #[test]
    fn every_problem_code_the_app_the_domain_or_the_pages_give_has_its_message() {
        let english = english();
        let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut codes = BTreeSet::new();
        for folder in ["app/src", "domain/src", "web/src"] {
            for path in files(&crates.join(folder)) {
                let text = std::fs::read_to_string(&path).unwrap();
                // A problem's code is the second argument of `FieldProblem::coded` and of
                // the helpers that wrap it.
                for marker in ["coded(", "self.problem(", "refuse("] {
                    for arguments in call_arguments(&text, marker) {
                        if let Some(Some(code)) = arguments.get(1) {
                            codes.insert(code.clone());
                        }
                    }
                }
            }
        }
        // The codes free text is refused with, chosen by the part of the rule broken.
        codes.extend(["required", "too_long", "control_characters"].map(String::from));
        assert!(codes.len() > 25, "found only {codes:?}");
        let missing: Vec<String> = codes
            .iter()
            .map(|code| format!("problem-{}", code.replace('_', "-")))
            .filter(|key| !english.contains(key))
            .collect();
        assert!(
            missing.is_empty(),
            "problems without a message: {missing:?}"
        );
    }
}
