//! An XLSX workbook read back for tests: unzipped, with just enough XML reading to see
//! sheet names and what each cell holds, as a spreadsheet will.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

/// A cell as stored: a number (its text in the XML) or a string.
#[derive(Debug, PartialEq)]
pub enum Stored {
    /// A number cell.
    Number(String),
    /// A string cell.
    Text(String),
}

/// An XLSX file unzipped, with just enough XML reading for tests.
#[derive(Debug)]
pub struct Xlsx {
    /// Every file of the archive, by name.
    pub files: BTreeMap<String, String>,
    /// Sheet names in workbook order; sheet `n` (from 1) is `xl/worksheets/sheet{n}.xml`.
    pub sheets: Vec<String>,
}

impl Xlsx {
    /// Unzips `bytes`.
    pub fn open(bytes: Vec<u8>) -> Self {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut files = BTreeMap::new();
        for index in 0..archive.len() {
            let mut file = archive.by_index(index).unwrap();
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            files.insert(file.name().unwrap().into_owned(), text);
        }
        let sheets = elements(&files["xl/workbook.xml"], "sheet")
            .into_iter()
            .map(|tag| attribute(tag, "name").unwrap())
            .collect();
        Self { files, sheets }
    }

    /// The text of the file `name`.
    pub fn xml(&self, name: &str) -> &str {
        self.files.get(name).unwrap_or_else(|| panic!("no {name}"))
    }

    /// The cell at `reference` (such as `B2`) of the sheet called `sheet`.
    pub fn cell(&self, sheet: &str, reference: &str) -> Stored {
        let index = self.sheets.iter().position(|s| s == sheet).unwrap() + 1;
        let xml = self.xml(&format!("xl/worksheets/sheet{index}.xml"));
        let strings: Vec<String> = self
            .xml("xl/sharedStrings.xml")
            .split("<si>")
            .skip(1)
            .map(|si| {
                let si = &si[..si.find("</si>").unwrap()];
                si.split("<t")
                    .skip(1)
                    .map(|t| unescape(&t[t.find('>').unwrap() + 1..t.find("</t>").unwrap()]))
                    .collect()
            })
            .collect();
        for chunk in xml.split("<c ").skip(1) {
            let tag = &chunk[..chunk.find('>').unwrap()];
            if attribute(tag, "r").as_deref() != Some(reference) {
                continue;
            }
            let body = &chunk[..chunk.find("</c>").unwrap_or(chunk.len())];
            let v = body
                .find("<v>")
                .map(|start| unescape(&body[start + 3..body.find("</v>").unwrap()]))
                .unwrap_or_else(|| panic!("{sheet}!{reference} is empty"));
            return match attribute(tag, "t").as_deref() {
                None | Some("n") => Stored::Number(v),
                Some("s") => Stored::Text(strings[v.parse::<usize>().unwrap()].clone()),
                Some(other) => panic!("{sheet}!{reference} has type {other}"),
            };
        }
        panic!("no cell {sheet}!{reference}")
    }
}

/// The opening tags `<name ...>` in `xml`, without the `<name`.
pub fn elements<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name} ");
    xml.split(open.as_str())
        .skip(1)
        .map(|chunk| &chunk[..chunk.find('>').unwrap()])
        .collect()
}

/// The value of attribute `name` in the inside of an opening tag.
pub fn attribute(tag: &str, name: &str) -> Option<String> {
    let pattern = format!("{name}=\"");
    let mut from = 0;
    while let Some(found) = tag[from..].find(&pattern) {
        let start = from + found;
        if start == 0 || tag.as_bytes()[start - 1].is_ascii_whitespace() {
            let rest = &tag[start + pattern.len()..];
            return Some(unescape(&rest[..rest.find('"')?]));
        }
        from = start + pattern.len();
    }
    None
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}
