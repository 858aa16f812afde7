//! Field encryption and blind indexes for personal data.
//!
//! Each personal-data field is sealed on its own with XChaCha20-Poly1305 under the current
//! data key. The stored value is `key version (4 bytes, big-endian) ‖ nonce (24 bytes) ‖
//! ciphertext and tag`, and the associated data binds table, column, row id and key
//! version: a ciphertext copied into another row or column fails to open, rather than
//! showing one person's data as another's.
//!
//! Exact-match search over encrypted names, phones and document numbers uses blind
//! indexes: HMAC-SHA256 under a key of their own, over the normalised value.

use std::collections::BTreeMap;
use std::fmt;

use chacha20poly1305::aead::Aead;
use chacha20poly1305::aead::Payload;
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;
use uuid::Uuid;

use crate::StoreError;

const NONCE_LEN: usize = 24;
const HEADER_LEN: usize = 4 + NONCE_LEN;

/// The keys for personal data: data keys by version (the highest seals new values; older
/// ones still open what they sealed until `keys rotate` has re-sealed it) and the
/// blind-index key.
pub struct FieldKeys {
    data: BTreeMap<u32, XChaCha20Poly1305>,
    current: u32,
    blind_index: Vec<u8>,
}

impl fmt::Debug for FieldKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FieldKeys")
            .field("versions", &self.data.keys().collect::<Vec<_>>())
            .field("current", &self.current)
            .finish_non_exhaustive()
    }
}

/// What kind of value a blind index is over; each kind normalises differently and is
/// keyed apart, so equal text in two kinds never matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    /// Given name.
    GivenName,
    /// Family name.
    FamilyName,
    /// Phone number: digits only.
    Phone,
    /// Identity document number.
    DocumentNumber,
}

impl IndexKind {
    fn label(self) -> &'static [u8] {
        match self {
            IndexKind::GivenName => b"given_name",
            IndexKind::FamilyName => b"family_name",
            IndexKind::Phone => b"phone",
            IndexKind::DocumentNumber => b"document_number",
        }
    }
}

impl FieldKeys {
    /// Keys from raw key material: `(version, bytes)` for each data key, and the
    /// blind-index key. Each data key is hashed to the 32 bytes the cipher takes, so any
    /// key of at least 32 random bytes serves.
    pub fn new(data_keys: &[(u32, &[u8])], blind_index: &[u8]) -> Result<FieldKeys, StoreError> {
        let mut data = BTreeMap::new();
        for (version, material) in data_keys {
            let key = Sha256::digest(material);
            let cipher = XChaCha20Poly1305::new_from_slice(&key)
                .map_err(|_| StoreError::Keys("a data key could not be loaded"))?;
            data.insert(*version, cipher);
        }
        let current = *data
            .keys()
            .next_back()
            .ok_or(StoreError::Keys("no data key"))?;
        Ok(FieldKeys {
            data,
            current,
            blind_index: blind_index.to_vec(),
        })
    }

    /// The version that seals new values.
    pub fn current_version(&self) -> u32 {
        self.current
    }

    /// Seals `plaintext` for `table.column` of row `row_id` under the current key.
    pub fn seal(
        &self,
        table: &str,
        column: &str,
        row_id: Uuid,
        plaintext: &str,
    ) -> Result<Vec<u8>, StoreError> {
        let cipher = self
            .data
            .get(&self.current)
            .ok_or(StoreError::Keys("the current data key is missing"))?;
        let mut nonce = [0u8; NONCE_LEN];
        rand::fill(&mut nonce);
        let aad = associated_data(table, column, row_id, self.current);
        let sealed = cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: &aad,
                },
            )
            .map_err(|_| StoreError::Keys("encryption failed"))?;
        let mut out = Vec::with_capacity(HEADER_LEN + sealed.len());
        out.extend_from_slice(&self.current.to_be_bytes());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Opens a value sealed for `table.column` of row `row_id`. Any mismatch — another
    /// row, another column, an unknown key version, a flipped bit — is
    /// [`StoreError::Decrypt`], never someone else's data.
    pub fn open(
        &self,
        table: &'static str,
        column: &'static str,
        row_id: Uuid,
        sealed: &[u8],
    ) -> Result<String, StoreError> {
        let failed = || StoreError::Decrypt { column };
        if sealed.len() < HEADER_LEN {
            return Err(failed());
        }
        let version = u32::from_be_bytes([sealed[0], sealed[1], sealed[2], sealed[3]]);
        let cipher = self.data.get(&version).ok_or_else(failed)?;
        let nonce: [u8; NONCE_LEN] = sealed[4..HEADER_LEN].try_into().map_err(|_| failed())?;
        let aad = associated_data(table, column, row_id, version);
        let plaintext = cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &sealed[HEADER_LEN..],
                    aad: &aad,
                },
            )
            .map_err(|_| failed())?;
        String::from_utf8(plaintext).map_err(|_| failed())
    }

    /// The key version a sealed value was made with.
    pub fn version_of(sealed: &[u8]) -> Option<u32> {
        sealed
            .get(..4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// The blind index of `value` as a `kind`: equal after normalisation ⇔ equal index.
    /// `None` when nothing is left to index (an empty value, a phone without digits).
    pub fn blind_index(&self, kind: IndexKind, value: &str) -> Option<Vec<u8>> {
        let normalised = match kind {
            IndexKind::Phone => normalise_phone(value),
            _ => normalise_text(value),
        };
        if normalised.is_empty() {
            return None;
        }
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.blind_index).ok()?;
        mac.update(kind.label());
        mac.update(b"\0");
        mac.update(normalised.as_bytes());
        Some(mac.finalize().into_bytes().to_vec())
    }

    /// The MAC of an audit anchor (see `audit.rs`). Its key is derived from the blind-index
    /// key for this one purpose (HMAC of a label), so that the anchors need no key file of
    /// their own while no key serves two purposes; the blind-index key is never rotated,
    /// so old anchors keep verifying.
    pub(crate) fn anchor_mac(&self, message: &[u8]) -> Result<Vec<u8>, StoreError> {
        let unusable = || StoreError::Keys("the audit anchor key could not be derived");
        let mut derive =
            Hmac::<Sha256>::new_from_slice(&self.blind_index).map_err(|_| unusable())?;
        derive.update(b"panah audit anchor v1");
        let key = derive.finalize().into_bytes();
        let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(|_| unusable())?;
        mac.update(message);
        Ok(mac.finalize().into_bytes().to_vec())
    }
}

fn associated_data(table: &str, column: &str, row_id: Uuid, version: u32) -> Vec<u8> {
    format!("panah\0{table}\0{column}\0{row_id}\0{version}").into_bytes()
}

/// Text as it is compared: Unicode NFKC, case-folded, without any whitespace. For Arabic
/// script (Dari, Pashto) it also removes the tatweel, the short-vowel marks and zero-width
/// joiners, writes the Arabic yeh and kaf as their Persian forms and teh marbuta as heh
/// (keyboards and spellings mix them), and writes Arabic-Indic and Persian digits as ASCII
/// digits (for document numbers).
///
/// Whitespace goes entirely because compound names are written three ways: `سمیع الله`
/// with a space, `سمیع‌الله` with a zero-width non-joiner, and `سمیعالله` with neither;
/// all three are one name.
///
/// The result is its own normal form: removing a joiner or a space can bring a letter and
/// its accent together (`e`, U+200D, U+0301), which composing again turns into `é`, so the
/// steps repeat until nothing changes (twice for almost every name).
pub fn normalise_text(value: &str) -> String {
    let mut current = normalise_text_once(value);
    // Each pass only removes characters or composes them, so a few passes settle; the bound
    // keeps a pathological input from looping.
    for _ in 0..4 {
        let next = normalise_text_once(&current);
        if next == current {
            break;
        }
        current = next;
    }
    current
}

fn normalise_text_once(value: &str) -> String {
    let nfkc: String = value.nfkc().collect();
    let folded = caseless::default_case_fold_str(&nfkc);
    let mapped: String = folded
        .chars()
        // Tatweel, short vowels, the superscript alef, and the invisible joiners and
        // direction marks that keyboards insert.
        .filter(|c| {
            !matches!(
                c,
                '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{200B}'..='\u{200F}'
            )
        })
        .map(|c| match c {
            // Arabic yeh and alef maksura → Farsi yeh; Arabic kaf → keheh; teh marbuta → heh.
            '\u{064A}' | '\u{0649}' => '\u{06CC}',
            '\u{0643}' => '\u{06A9}',
            '\u{0629}' => '\u{0647}',
            other => eastern_digit(other)
                .and_then(|d| char::from_digit(d, 10))
                .unwrap_or(other),
        })
        .collect();
    mapped.split_whitespace().collect()
}

/// A phone number as it is compared: its digits (any script's, as ASCII) in international
/// form without a prefix. An Afghan number written nationally (`0791234567`), with the
/// international prefix (`0093 79…`, `+93 79…`) or with the trunk zero kept (`+93 (0)79…`)
/// is the same number: `93791234567`. A number written with a single leading zero is
/// taken to be Afghan, where the people Panah serves are registered.
pub fn normalise_phone(value: &str) -> String {
    let digits: String = value
        .nfkc()
        .filter_map(|c| c.to_digit(10).or_else(|| eastern_digit(c)))
        .filter_map(|d| char::from_digit(d, 10))
        .collect();
    // Every leading zero goes, so that the result never starts with one and normalising it
    // again changes nothing: two or more were an international prefix (an extra one is a
    // slip of the finger), exactly one the national trunk prefix.
    let rest = digits.trim_start_matches('0');
    let international = match digits.len() - rest.len() {
        1 => format!("{AFGHANISTAN}{rest}"),
        _ => rest.to_owned(),
    };
    match international.strip_prefix(AFGHANISTAN) {
        Some(rest) if rest.starts_with('0') => {
            format!("{AFGHANISTAN}{}", rest.trim_start_matches('0'))
        }
        _ => international,
    }
}

/// Afghanistan's country calling code.
const AFGHANISTAN: &str = "93";

/// The normalisation the blind indexes are computed with. Rows indexed under an older one
/// are indexed again by [`crate::Store::reindex_search_batch`].
pub const SEARCH_INDEX_VERSION: i32 = 3;

/// Arabic-Indic and Persian digits.
fn eastern_digit(c: char) -> Option<u32> {
    match c {
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> FieldKeys {
        FieldKeys::new(&[(1, &[7u8; 32])], &[9u8; 32]).unwrap()
    }

    #[test]
    fn a_sealed_value_opens_only_where_it_was_sealed() {
        let keys = keys();
        let row = Uuid::now_v7();
        let sealed = keys.seal("cases", "given_name", row, "فاطمه").unwrap();
        assert_eq!(
            keys.open("cases", "given_name", row, &sealed).unwrap(),
            "فاطمه"
        );
        assert!(
            !sealed
                .windows(4)
                .any(|w| w == "فاطمه".as_bytes().get(..4).unwrap())
        );
        assert!(
            keys.open("cases", "given_name", Uuid::now_v7(), &sealed)
                .is_err(),
            "another row"
        );
        assert!(
            keys.open("cases", "family_name", row, &sealed).is_err(),
            "another column"
        );
        let mut flipped = sealed.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert!(
            keys.open("cases", "given_name", row, &flipped).is_err(),
            "tampered"
        );
        assert!(
            keys.open("cases", "given_name", row, &sealed[..10])
                .is_err(),
            "truncated"
        );
    }

    #[test]
    fn sealing_twice_gives_different_ciphertexts() {
        let keys = keys();
        let row = Uuid::now_v7();
        assert_ne!(
            keys.seal("cases", "phone", row, "0700").unwrap(),
            keys.seal("cases", "phone", row, "0700").unwrap()
        );
    }

    #[test]
    fn old_key_versions_open_what_they_sealed_and_new_values_use_the_newest() {
        let old = keys();
        let row = Uuid::now_v7();
        let sealed = old.seal("cases", "address", row, "Herat").unwrap();
        let both = FieldKeys::new(&[(1, &[7u8; 32]), (2, &[8u8; 32])], &[9u8; 32]).unwrap();
        assert_eq!(both.current_version(), 2);
        assert_eq!(
            both.open("cases", "address", row, &sealed).unwrap(),
            "Herat"
        );
        let resealed = both.seal("cases", "address", row, "Herat").unwrap();
        assert_eq!(FieldKeys::version_of(&resealed), Some(2));
        assert!(old.open("cases", "address", row, &resealed).is_err());
    }

    #[test]
    fn names_normalise_across_case_spacing_and_arabic_keyboard_variants() {
        assert_eq!(normalise_text("  Fatima   KARIMI "), "fatimakarimi");
        // Arabic yeh/kaf and Persian yeh/keheh, tatweel and a short vowel.
        assert_eq!(normalise_text("علي"), normalise_text("علی"));
        assert_eq!(normalise_text("كريم"), normalise_text("کریم"));
        assert_eq!(normalise_text("محـمد"), normalise_text("محمد"));
        assert_eq!(normalise_text("مُحمد"), normalise_text("محمد"));
        // NFKC: full-width Latin.
        assert_eq!(normalise_text("ＡＬＩ"), "ali");
        // A zero-width non-joiner, teh marbuta, Persian digits.
        assert_eq!(normalise_text("می\u{200C}خواهم"), normalise_text("میخواهم"));
        assert_eq!(normalise_text("فاطمة"), normalise_text("فاطمه"));
        assert_eq!(normalise_text("P-۱۲۳۴"), "p-1234");
    }

    #[test]
    fn a_compound_name_is_one_name_with_a_space_a_non_joiner_or_neither() {
        let spaced = normalise_text("سمیع الله");
        assert_eq!(normalise_text("سمیع\u{200C}الله"), spaced);
        assert_eq!(normalise_text("سمیعالله"), spaced);
        assert_eq!(
            normalise_text("Abdul Rahman"),
            normalise_text("AbdulRahman")
        );
    }

    #[test]
    fn phones_compare_by_digits_in_any_script_and_afghan_numbers_in_any_format() {
        let international = "93791234567";
        for written in [
            "+93791234567",
            "0791234567",
            "079 123 4567",
            "0093 79 123 4567",
            "+93 (0)79-123 4567",
            "۰۷۹۱۲۳۴۵۶۷",
            "٠٧٩١٢٣٤٥٦٧",
        ] {
            assert_eq!(normalise_phone(written), international, "{written}");
        }
        // Another country's number written internationally keeps its code.
        assert_eq!(normalise_phone("+98 912 345 6789"), "989123456789");
        assert_eq!(normalise_phone("0098 912 345 6789"), "989123456789");
    }

    #[test]
    fn a_normal_form_is_its_own_normal_form() {
        // A joiner or a space between a letter and its accent: once they go, the two
        // compose, as they do when typed together.
        assert_eq!(normalise_text("e\u{200D}\u{0301}"), "\u{00E9}");
        assert_eq!(normalise_text("e \u{0301}"), normalise_text("\u{00E9}"));
        // Leading zeros beyond the international prefix, and zeros alone.
        assert_eq!(normalise_phone("00093 79 123 4567"), "93791234567");
        assert_eq!(normalise_phone("000"), "");
        assert_eq!(normalise_phone("0"), "93");
        for written in ["e\u{200D}\u{0301}", "A\u{200C} \u{0308}b", "ﻻ\u{064B}"] {
            let name = normalise_text(written);
            assert_eq!(normalise_text(&name), name, "{written:?}");
        }
        for written in ["000", "0", "00", "0000930", "+93 (0)0079", "0930791"] {
            let phone = normalise_phone(written);
            assert_eq!(normalise_phone(&phone), phone, "{written:?}");
        }
    }

    #[test]
    fn blind_indexes_match_equal_normalised_values_only_within_a_kind() {
        let keys = keys();
        let a = keys.blind_index(IndexKind::GivenName, "Ali ").unwrap();
        assert_eq!(
            Some(a.clone()),
            keys.blind_index(IndexKind::GivenName, "ALI")
        );
        assert_ne!(Some(a), keys.blind_index(IndexKind::FamilyName, "ali"));
        assert_eq!(keys.blind_index(IndexKind::Phone, "no digits"), None);
        let other = FieldKeys::new(&[(1, &[7u8; 32])], &[1u8; 32]).unwrap();
        assert_ne!(
            keys.blind_index(IndexKind::GivenName, "ali"),
            other.blind_index(IndexKind::GivenName, "ali"),
            "the key matters"
        );
    }
}
