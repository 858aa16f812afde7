//! `panah backup` and `panah restore`: a SQLite database copied while it serves, with the
//! key files that open its personal data, and put back in place. PostgreSQL is backed up
//! with its own tools (`pg_dump`, continuous archiving; see the README).

use std::fs::{self, DirBuilder, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use panah_persistence::Store;
use secrecy::ExposeSecret;
use time::OffsetDateTime;

use crate::config::Settings;
use crate::serve::{open_app, open_store};

/// The database's file name inside a backup folder.
const DATABASE: &str = "panah.db";
/// The key files' folder inside a backup folder.
const KEYS: &str = "keys";

/// The configured SQLite file, or the reason there is none.
fn database_file(settings: &Settings) -> anyhow::Result<PathBuf> {
    Store::sqlite_file(settings.database.url.expose_secret()).context(
        "database.url is not a SQLite database: back PostgreSQL up with pg_dump or \
         continuous archiving, and restore it with pg_restore (see the README, Backups)",
    )
}

/// Copies the database (consistent as of one moment, while the server keeps serving) and
/// every key file of `keys.dir` into the new folder `output`.
pub async fn backup(
    settings: &Settings,
    output: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    database_file(settings)?;
    DirBuilder::new()
        .mode(0o700)
        .create(output)
        .with_context(|| format!("cannot create {} (it must not exist yet)", output.display()))?;
    let store = open_store(settings).await?;
    let copy = output.join(DATABASE);
    let copied = store.copy_into(&copy).await;
    store.close().await;
    copied.context("cannot copy the database")?;
    writeln!(out, "database copied to {}", copy.display())?;

    let keys = copy_key_files(&settings.keys.dir, &output.join(KEYS))?;
    if keys.is_empty() {
        writeln!(
            out,
            "no key files in {}: the keys come from the configuration. Without them this copy \
             cannot be read: keep them safe, apart from the copy",
            settings.keys.dir.display()
        )?;
    } else {
        writeln!(
            out,
            "key files copied to {}: {}",
            output.join(KEYS).display(),
            keys.join(", ")
        )?;
        writeln!(
            out,
            "WARNING: whoever holds these keys and the database reads every person's data. \
             Move the keys folder to other storage than the database copy (another medium, \
             place and custodian), never beside it in the same backup set."
        )?;
    }
    Ok(())
}

/// Copies every `*.key` file of `from` into the new folder `to` (mode 0700, files 0600);
/// returns their names. Nothing is created when `from` holds no key file.
fn copy_key_files(from: &Path, to: &Path) -> anyhow::Result<Vec<String>> {
    let mut names: Vec<String> = match fs::read_dir(from) {
        Ok(entries) => entries
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".key"))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", from.display())),
    };
    names.sort();
    if names.is_empty() {
        return Ok(names);
    }
    DirBuilder::new()
        .mode(0o700)
        .create(to)
        .with_context(|| format!("cannot create {}", to.display()))?;
    for name in &names {
        let key = fs::read(from.join(name))
            .with_context(|| format!("cannot read {}", from.join(name).display()))?;
        write_key(&to.join(name), &key)?;
    }
    Ok(names)
}

/// Writes a key file that must not exist yet, readable by its owner only, and syncs it.
fn write_key(path: &Path, key: &[u8]) -> anyhow::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(key)?;
    file.sync_all()?;
    Ok(())
}

/// Puts the backup in folder `from` in place of the configured database, which must not
/// exist, and its key files into `keys.dir`; then checks the file's integrity and the
/// audit chain.
pub async fn restore(settings: &Settings, from: &Path, out: &mut impl Write) -> anyhow::Result<()> {
    let target = database_file(settings)?;
    let copy = from.join(DATABASE);
    if !copy.is_file() {
        bail!("{} is not a backup: it holds no {DATABASE}", from.display());
    }
    let mut wal = target.clone().into_os_string();
    wal.push("-wal");
    if target.exists() || Path::new(&wal).exists() {
        bail!(
            "{} exists: restore never overwrites a database. Stop the server, move the file \
             (with its -wal and -shm files) aside, then restore",
            target.display()
        );
    }
    // Keys first: a database restored without the keys that sealed it cannot be read.
    let keys = restore_key_files(&from.join(KEYS), &settings.keys.dir)?;
    if let Some(folder) = target.parent().filter(|f| !f.as_os_str().is_empty()) {
        fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    // Under another name until it is whole and on disk, so that a server started meanwhile
    // never opens half a database.
    let mut partial = target.clone().into_os_string();
    partial.push(".restoring");
    let partial = PathBuf::from(partial);
    fs::copy(&copy, &partial).with_context(|| format!("cannot write {}", partial.display()))?;
    fs::File::open(&partial)?.sync_all()?;
    fs::rename(&partial, &target)?;
    fs::File::open(target.parent().unwrap_or(Path::new(".")))?.sync_all()?;
    writeln!(out, "database restored to {}", target.display())?;
    if !keys.is_empty() {
        writeln!(
            out,
            "key files restored to {}: {}",
            settings.keys.dir.display(),
            keys.join(", ")
        )?;
    }

    let (app, store) = open_app(settings, true).await?;
    let integrity = store.integrity_check().await;
    let operator = crate::operator::actor("panah restore");
    let verification = app
        .verify_audit_chain(&operator, OffsetDateTime::now_utc())
        .await;
    store.close().await;
    let integrity = integrity.context("cannot check the restored database")?;
    if integrity != "ok" {
        bail!("the restored database fails its integrity check: {integrity}");
    }
    let verification = verification.context("cannot read the audit log")?;
    if let Some(broken) = verification.first_broken {
        bail!(
            "the restored database's audit chain is broken at entry {}",
            broken.seq
        );
    }
    if let Some(anchor) = verification.broken_anchor {
        bail!("the restored database's audit anchor {anchor} is not authentic");
    }
    writeln!(
        out,
        "integrity check ok; audit chain intact: {} entries checked",
        verification.entries_checked
    )?;
    Ok(())
}

/// Copies the backup's key files into `keys_dir`, keeping those already there when they
/// are the same; refuses before copying anything if one differs.
fn restore_key_files(from: &Path, keys_dir: &Path) -> anyhow::Result<Vec<String>> {
    let Ok(entries) = fs::read_dir(from) else {
        return Ok(Vec::new());
    };
    let mut keys = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".key") {
            keys.push((name, fs::read(entry.path())?));
        }
    }
    keys.sort();
    let mut missing = Vec::new();
    for (name, key) in &keys {
        match fs::read(keys_dir.join(name)) {
            Ok(present) if present == *key => {}
            Ok(_) => bail!(
                "{} differs from the backup's {name}: the restored data would not open. \
                 Move it aside or point keys.dir elsewhere, then restore",
                keys_dir.join(name).display()
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => missing.push((name, key)),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", keys_dir.display())),
        }
    }
    if !missing.is_empty() {
        DirBuilder::new()
            .mode(0o700)
            .recursive(true)
            .create(keys_dir)
            .with_context(|| format!("cannot create {}", keys_dir.display()))?;
    }
    let mut restored = Vec::new();
    for (name, key) in missing {
        write_key(&keys_dir.join(name), key)?;
        restored.push(name.clone());
    }
    Ok(restored)
}
