//! The server's secret keys: from configuration, or from files in the key folder, generated
//! on first start.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use secrecy::{ExposeSecret, SecretSlice, SecretString};

use crate::config::KeySettings;

/// The shortest key accepted, in bytes.
pub const MIN_KEY_BYTES: usize = 32;

/// The secret keys. `Debug` shows no key material.
#[derive(Debug)]
pub struct Keys {
    /// Signs access tokens.
    pub signing: SecretSlice<u8>,
    /// Encrypt personal data at rest, by version: version 1 is `keys.data` (or
    /// `data.key`), later versions are `data-N.key` files written by `panah keys rotate`.
    /// The highest seals new data; older ones still open what they sealed.
    pub data: Vec<(u32, SecretSlice<u8>)>,
    /// Keys the blind indexes.
    pub blind_index: SecretSlice<u8>,
    /// The keys that this start generated, by name; empty when all existed already.
    pub generated: Vec<&'static str>,
}

/// A key that cannot be used. The message names the key or file at fault.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// Not base64.
    #[error("{0} is not valid base64")]
    NotBase64(String),
    /// Decodes to fewer than 32 bytes.
    #[error(
        "{origin} is too short: a key must be at least {MIN_KEY_BYTES} random bytes, this one has {length}"
    )]
    TooShort {
        /// The configuration key or file.
        origin: String,
        /// The decoded length.
        length: usize,
    },
    /// A key file that a command needs does not exist, and this command must not create
    /// it: new keys would not open what the server's keys sealed.
    #[error(
        "{0} does not exist: `panah serve` creates the keys on its first start; this command \
         needs the server's keys (copy them into keys.dir, or restore a backup with its keys)"
    )]
    Missing(PathBuf),
    /// The key folder or a key file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl Keys {
    /// Takes each key from the configuration, or else from its file in `settings.dir`,
    /// generating the file (mode 0600, folder 0700) if it does not exist.
    pub fn load(settings: &KeySettings) -> Result<Keys, KeyError> {
        Keys::read(settings, true)
    }

    /// Like [`Keys::load`], but a key file that does not exist is an error: for commands
    /// that read or check existing data, where a new key would open nothing.
    pub fn open(settings: &KeySettings) -> Result<Keys, KeyError> {
        Keys::read(settings, false)
    }

    fn read(settings: &KeySettings, generate_missing: bool) -> Result<Keys, KeyError> {
        let mut generated = Vec::new();
        let mut load = |name: &'static str, configured: &SecretString| {
            if !configured.expose_secret().is_empty() {
                return decode(configured.expose_secret(), &format!("keys.{name}"));
            }
            let path = settings.dir.join(format!("{name}.key"));
            match fs::read_to_string(&path) {
                Ok(text) => decode(text.trim(), &path.display().to_string()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if !generate_missing {
                        return Err(KeyError::Missing(path));
                    }
                    generated.push(name);
                    generate(&settings.dir, &path)
                }
                Err(source) => Err(KeyError::Io { path, source }),
            }
        };
        let signing = load("signing", &settings.signing)?;
        let mut data = vec![(1, load("data", &settings.data)?)];
        let blind_index = load("blind_index", &settings.blind_index)?;
        data.extend(rotated_data_keys(&settings.dir)?);
        Ok(Keys {
            signing,
            data,
            blind_index,
            generated,
        })
    }

    /// The newest data key version.
    pub fn current_data_version(&self) -> u32 {
        self.data
            .iter()
            .map(|(version, _)| *version)
            .max()
            .unwrap_or(1)
    }

    /// Writes a new data key, one version above the newest, into `dir` (mode 0600) and
    /// adds it; returns its version and file.
    pub fn add_data_key(&mut self, dir: &Path) -> Result<(u32, PathBuf), KeyError> {
        let version = self.current_data_version() + 1;
        let path = dir.join(format!("data-{version}.key"));
        let key = generate(dir, &path)?;
        self.data.push((version, key));
        Ok((version, path))
    }
}

/// The `data-N.key` files in `dir` (N ≥ 2), sorted by version.
fn rotated_data_keys(dir: &Path) -> Result<Vec<(u32, SecretSlice<u8>)>, KeyError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(KeyError::Io {
                path: dir.to_owned(),
                source,
            });
        }
    };
    let mut keys = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(version) = name
            .strip_prefix("data-")
            .and_then(|rest| rest.strip_suffix(".key"))
            .and_then(|v| v.parse::<u32>().ok())
            .filter(|v| *v >= 2)
        else {
            continue;
        };
        let path = entry.path();
        let text = fs::read_to_string(&path).map_err(|source| KeyError::Io {
            path: path.clone(),
            source,
        })?;
        keys.push((version, decode(text.trim(), &path.display().to_string())?));
    }
    keys.sort_by_key(|(version, _)| *version);
    Ok(keys)
}

fn decode(text: &str, origin: &str) -> Result<SecretSlice<u8>, KeyError> {
    let bytes = BASE64
        .decode(text)
        .map_err(|_| KeyError::NotBase64(origin.to_owned()))?;
    if bytes.len() < MIN_KEY_BYTES {
        return Err(KeyError::TooShort {
            origin: origin.to_owned(),
            length: bytes.len(),
        });
    }
    Ok(SecretSlice::from(bytes))
}

fn generate(dir: &Path, path: &Path) -> Result<SecretSlice<u8>, KeyError> {
    let io_error = |path: &Path| {
        let path = path.to_owned();
        move |source| KeyError::Io { path, source }
    };
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(io_error(dir))?;
    let mut key = vec![0u8; MIN_KEY_BYTES];
    rand::fill(&mut key[..]);
    // create_new: two processes starting at once must not overwrite each other's key.
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(io_error(path))?;
    file.write_all(BASE64.encode(&key).as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(io_error(path))?;
    Ok(SecretSlice::from(key))
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn settings(dir: &Path, signing: &str) -> KeySettings {
        KeySettings {
            dir: dir.to_owned(),
            signing: SecretString::from(signing),
            data: SecretString::from(""),
            blind_index: SecretString::from(""),
        }
    }

    #[test]
    fn the_first_start_generates_private_key_files_and_the_next_reuses_them() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("keys");
        let first = Keys::load(&settings(&dir, "")).unwrap();
        assert_eq!(first.generated, ["signing", "data", "blind_index"]);
        for name in ["signing", "data", "blind_index"] {
            let mode = fs::metadata(dir.join(format!("{name}.key")))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{name}");
        }
        assert_eq!(
            fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );

        let second = Keys::load(&settings(&dir, "")).unwrap();
        assert!(second.generated.is_empty());
        assert_eq!(
            first.signing.expose_secret(),
            second.signing.expose_secret()
        );
        assert_ne!(
            first.signing.expose_secret(),
            first.data[0].1.expose_secret()
        );
    }

    #[test]
    fn opening_never_creates_a_key_file() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("keys");
        let error = Keys::open(&settings(&dir, "")).unwrap_err();
        assert!(
            error.to_string().starts_with(&format!(
                "{} does not exist: `panah serve` creates the keys",
                dir.join("signing.key").display()
            )),
            "{error}"
        );
        assert!(!dir.exists());

        let loaded = Keys::load(&settings(&dir, "")).unwrap();
        let opened = Keys::open(&settings(&dir, "")).unwrap();
        assert!(opened.generated.is_empty());
        assert_eq!(
            opened.blind_index.expose_secret(),
            loaded.blind_index.expose_secret()
        );
    }

    #[test]
    fn rotated_data_keys_are_loaded_by_version_next_to_the_first() {
        let temp = tempfile::tempdir().unwrap();
        let mut keys = Keys::load(&settings(temp.path(), "")).unwrap();
        assert_eq!(keys.current_data_version(), 1);
        let (version, path) = keys.add_data_key(temp.path()).unwrap();
        assert_eq!(
            (version, path.file_name().unwrap().to_str().unwrap()),
            (2, "data-2.key")
        );
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        keys.add_data_key(temp.path()).unwrap();
        let reloaded = Keys::load(&settings(temp.path(), "")).unwrap();
        let versions: Vec<u32> = reloaded.data.iter().map(|(v, _)| *v).collect();
        assert_eq!(versions, [1, 2, 3]);
        assert_eq!(
            reloaded.data[2].1.expose_secret(),
            keys.data[2].1.expose_secret()
        );
    }

    #[test]
    fn a_configured_key_wins_over_the_file() {
        let temp = tempfile::tempdir().unwrap();
        let key = BASE64.encode([7u8; 32]);
        let keys = Keys::load(&settings(temp.path(), &key)).unwrap();
        assert_eq!(keys.signing.expose_secret(), &[7u8; 32]);
        assert_eq!(keys.generated, ["data", "blind_index"]);
    }

    #[test]
    fn a_short_or_malformed_key_is_refused_with_its_name() {
        let temp = tempfile::tempdir().unwrap();
        let short = BASE64.encode([1u8; 31]);
        let error = Keys::load(&settings(temp.path(), &short)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "keys.signing is too short: a key must be at least 32 random bytes, this one has 31"
        );
        let error = Keys::load(&settings(temp.path(), "not base64!")).unwrap_err();
        assert_eq!(error.to_string(), "keys.signing is not valid base64");

        fs::write(temp.path().join("data.key"), BASE64.encode([1u8; 8])).unwrap();
        let error = Keys::load(&settings(temp.path(), "")).unwrap_err();
        assert!(
            error.to_string().contains("data.key is too short"),
            "{error}"
        );
    }
}
