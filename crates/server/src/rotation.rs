//! `panah keys rotate`: re-seal all personal data under a new data key.

use std::io::Write;

use anyhow::Context;

use crate::config::Settings;
use crate::keys::Keys;
use crate::serve::{field_keys, open_store};

/// Rows re-sealed per transaction.
const BATCH: u32 = 500;

/// Adds a data key (unless an interrupted rotation left rows to finish under the newest
/// one) and re-seals every row sealed under an older key, printing progress to `out`.
pub async fn rotate(settings: &Settings, out: &mut impl Write) -> anyhow::Result<()> {
    let mut keys = Keys::load(&settings.keys).context("configuration error")?;
    let store = open_store(settings)
        .await?
        .with_field_keys(field_keys(&keys)?);
    store
        .migrate()
        .await
        .context("cannot migrate the database")?;
    let pending = store.rows_to_reseal().await?;
    if pending == 0 {
        let (version, path) = keys
            .add_data_key(&settings.keys.dir)
            .context("cannot write the new data key")?;
        writeln!(
            out,
            "new data key version {version} written to {}",
            path.display()
        )?;
        let store_keys = field_keys(&keys)?;
        let rotated = open_store(settings).await?.with_field_keys(store_keys);
        store.close().await;
        return reseal(&rotated, rotated.rows_to_reseal().await?, out).await;
    }
    writeln!(
        out,
        "resuming: {pending} rows are still sealed under an older key than version {}",
        keys.current_data_version()
    )?;
    reseal(&store, pending, out).await
}

async fn reseal(
    store: &panah_persistence::Store,
    total: u64,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut done = 0u64;
    loop {
        let batch = store
            .reseal_batch(BATCH)
            .await
            .context("re-sealing failed; run the command again to resume")?;
        if batch == 0 {
            break;
        }
        done += batch;
        writeln!(
            out,
            "re-sealed {done} of {total} rows ({}%)",
            done * 100 / total.max(1)
        )?;
    }
    writeln!(
        out,
        "done: all personal data is sealed under the newest key. Keep the older key files for at \
         least 24 hours (idempotent replays) and in your backups' key escrow; then they may go."
    )?;
    store.close().await;
    Ok(())
}
